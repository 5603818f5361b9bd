//! What every caller of `tests/auth_paging.rs` reads from its environment:
//! where the mock is, the authority it made, and the accepted credentials.

pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by tests/auth_paging.rs"))
}

/// The mock's base URL.
pub fn url() -> String {
    env("MOCK_URL")
}

/// The PEM of the authority behind the mock's certificate.
pub fn authority() -> Vec<u8> {
    std::fs::read(env("MOCK_AUTHORITY")).expect("the authority's PEM")
}

/// How many items each collection holds.
pub fn items() -> usize {
    env("MOCK_ITEMS").parse().expect("a count")
}

/// The status of an error answer, when there was one.
pub fn is_unauthorized(status: Option<u16>) -> bool {
    status == Some(401)
}
