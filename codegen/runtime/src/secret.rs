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

/// `text` with the userinfo of any URL in it (`user:password@`) replaced by
/// `***@`. Works on text that does not parse as a URL too, since that is
/// exactly what an error about a bad base URL has to print.
pub(crate) fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(scheme_end) = rest.find("://") {
        let authority_start = scheme_end + 3;
        out.push_str(&rest[..authority_start]);
        rest = &rest[authority_start..];
        let authority_end =
            rest.find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace()).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        match authority.rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &rest[authority_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_redacted_in_any_text() {
        assert_eq!(redact_userinfo("https://jane:hunter2@api.example/x?y#z"), "https://***@api.example/x?y#z");
        assert_eq!(redact_userinfo("base URL `http://a:b@h:1`: bad"), "base URL `http://***@h:1`: bad");
        assert_eq!(redact_userinfo("ftp://p%40ss:w@rd@host"), "ftp://***@host");
        assert_eq!(redact_userinfo("https://api.example/a@b"), "https://api.example/a@b");
        assert_eq!(redact_userinfo("no url at all"), "no url at all");
        assert_eq!(redact_userinfo("x://u@h and y://v:w@k/"), "x://***@h and y://***@k/");
    }

    #[test]
    fn secrets_print_as_stars() {
        let credentials = Credentials::new("jane", "hunter2");
        let shown = format!("{credentials:?} {} {:?}", credentials.password(), credentials.password());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("jane"));
        assert_eq!(credentials.password().expose(), "hunter2");
    }
}
