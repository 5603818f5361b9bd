//! Generates `OUT_DIR/api.rs` from the project's own documentation; cargo
//! runs this again when a documentation file changes.

fn main() {
    if let Err(err) = codegen::build::Builder::new("../../spec").module_path("crate::api").generate() {
        // A build script reports by failing; the message says what to fix.
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}
