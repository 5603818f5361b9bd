//! The public API of `generated/`, pinned: every public type, field,
//! variant and method with its signature. A documentation change that
//! reaches partners shows up here as a short, readable diff.

#[test]
fn generated_crate_public_api() {
    let src = e2e::repo_root().join("generated/src");
    insta::assert_snapshot!("generated_public_api", e2e::public_api::summary(&src));
}
