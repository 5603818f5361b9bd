// A folder that does not exist is one error naming it.
codegen_macro::slate_api!("docs/no-such-api");

fn main() {}
