//! Values that must never appear in `Debug`, `Display` or logs.

use std::fmt;

/// A value printed as `***` by `Debug` and `Display`; read it with
/// [`Secret::expose`]. It has no `Serialize` impl on purpose, so it cannot
/// slip into a JSON body or a log line by accident.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value itself, for the one place that must send it.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// What a login sends. The password is a [`Secret`].
#[derive(Clone, Debug)]
pub struct Credentials {
    login: String,
    password: Secret<String>,
}

impl Credentials {
    pub fn new(login: impl Into<String>, password: impl Into<Secret<String>>) -> Self {
        Credentials { login: login.into(), password: password.into() }
    }

    pub fn login(&self) -> &str {
        &self.login
    }

    pub fn password(&self) -> &Secret<String> {
        &self.password
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_print_as_stars() {
        let credentials = Credentials::new("jane", "hunter2");
        let shown = format!("{credentials:?} {} {:?}", credentials.password(), credentials.password());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("jane"));
        assert_eq!(credentials.password().expose(), "hunter2");
    }
}
