// trybuild compiles this file as a package of its own in
// target/tests/trybuild/codegen-macro/, where the relative path starts.
codegen_macro::slate_api!("../../../../codegen/macro/tests/broken-spec", client = false);

fn main() {}
