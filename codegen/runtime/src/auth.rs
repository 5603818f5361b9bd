//! Credentials by scheme: the ways of authenticating an API documents
//! (an API key in a header, the query or a cookie; an HTTP bearer token;
//! HTTP basic; OAuth 2, which sends a bearer token), written by generated
//! code as constants, and the credentials a client holds for them.
//!
//! An endpoint names its requirement as alternatives: any one of them will
//! do, and each names the schemes used together. The transport attaches the
//! credentials of the first alternative it holds every credential for.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use super::secret::Secret;

/// One documented way of authenticating, under the name the documentation
/// gives it. Written as a `const` by generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scheme {
    /// The scheme's name: credentials are held under it.
    pub name: &'static str,
    pub kind: SchemeKind,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SchemeKind {
    /// An API key in the header `name`, after `prefix` (`Token token=`).
    HeaderKey { name: &'static str, prefix: &'static str },
    /// An API key in the query parameter `name`.
    QueryKey { name: &'static str },
    /// An API key in the cookie `name`.
    CookieKey { name: &'static str },
    /// `Authorization: Bearer TOKEN` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// A scheme the client cannot send by itself (HTTP digest, signatures):
    /// an alternative naming it is never chosen; a hook can sign instead.
    Unsupported,
}

/// Who may call an endpoint: any one of the alternatives, each naming the
/// schemes sent together. `&[]` means no credential is sent.
pub type Security = &'static [&'static [Scheme]];

/// An API key, sent as the scheme says (header, query or cookie).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey(Secret<String>);

impl ApiKey {
    pub fn new(key: impl Into<Secret<String>>) -> Self {
        ApiKey(key.into())
    }

    pub fn key(&self) -> &Secret<String> {
        &self.0
    }
}

/// A bearer token (HTTP bearer, or an OAuth 2 access token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bearer(Secret<String>);

impl Bearer {
    pub fn new(token: impl Into<Secret<String>>) -> Self {
        Bearer(token.into())
    }

    pub fn token(&self) -> &Secret<String> {
        &self.0
    }
}

/// HTTP basic credentials. The password is a [`Secret`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Basic {
    user: String,
    password: Secret<String>,
}

impl Basic {
    pub fn new(user: impl Into<String>, password: impl Into<Secret<String>>) -> Self {
        Basic { user: user.into(), password: password.into() }
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn password(&self) -> &Secret<String> {
        &self.password
    }
}

/// One credential, whatever its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    ApiKey(ApiKey),
    Bearer(Bearer),
    Basic(Basic),
}

impl From<ApiKey> for Credential {
    fn from(key: ApiKey) -> Self {
        Credential::ApiKey(key)
    }
}

impl From<Bearer> for Credential {
    fn from(token: Bearer) -> Self {
        Credential::Bearer(token)
    }
}

impl From<Basic> for Credential {
    fn from(basic: Basic) -> Self {
        Credential::Basic(basic)
    }
}

/// The credentials a client holds: for a named scheme, or for any scheme of
/// a kind (`ApiKey` for every API key scheme without one of its own).
#[derive(Clone, Default)]
pub(crate) struct Keyring {
    named: Vec<(String, Credential)>,
    any: Vec<Credential>,
}

// By hand, so the listing says which schemes hold a credential and nothing
// more (the credentials print as `***` anyway).
impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let named: Vec<&str> = self.named.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Keyring").field("schemes", &named).field("any_kind", &self.any.len()).finish()
    }
}

/// What one scheme adds to a request.
#[derive(Debug, Clone)]
pub(crate) enum Attachment {
    Header(HeaderName, HeaderValue),
    Query(&'static str, Secret<String>),
    Cookie(String),
}

impl Keyring {
    pub fn insert_named(&mut self, scheme: &str, credential: Credential) {
        self.named.retain(|(name, _)| name != scheme);
        self.named.push((scheme.to_string(), credential));
    }

    pub fn insert_any(&mut self, credential: Credential) {
        self.any.retain(|held| std::mem::discriminant(held) != std::mem::discriminant(&credential));
        self.any.push(credential);
    }

    /// The credential for `scheme`: the one held under its name, else one of
    /// the kind it takes.
    fn credential_for(&self, scheme: &Scheme) -> Option<&Credential> {
        let fits = |credential: &Credential| {
            matches!(
                (credential, scheme.kind),
                (
                    Credential::ApiKey(_),
                    SchemeKind::HeaderKey { .. } | SchemeKind::QueryKey { .. } | SchemeKind::CookieKey { .. }
                ) | (Credential::Bearer(_), SchemeKind::Bearer)
                    | (Credential::Basic(_), SchemeKind::Basic)
            )
        };
        self.named
            .iter()
            .find(|(name, credential)| name == scheme.name && fits(credential))
            .map(|(_, credential)| credential)
            .or_else(|| self.any.iter().find(|credential| fits(credential)))
    }

    /// What the first alternative of `security` whose every credential is
    /// held adds to a request; nothing when none is complete (the server
    /// then says what it misses).
    pub fn attachments(&self, security: Security) -> Vec<Attachment> {
        for alternative in security {
            let attachments: Option<Vec<Attachment>> =
                alternative.iter().map(|scheme| self.attachment(scheme)).collect();
            if let Some(attachments) = attachments {
                return attachments;
            }
        }
        Vec::new()
    }

    fn attachment(&self, scheme: &Scheme) -> Option<Attachment> {
        let credential = self.credential_for(scheme)?;
        let sensitive = |text: String| {
            let mut value = HeaderValue::from_str(&text).ok()?;
            value.set_sensitive(true);
            Some(value)
        };
        match (scheme.kind, credential) {
            (SchemeKind::HeaderKey { name, prefix }, Credential::ApiKey(key)) => {
                let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
                Some(Attachment::Header(name, sensitive(format!("{prefix}{}", key.key().expose()))?))
            }
            (SchemeKind::QueryKey { name }, Credential::ApiKey(key)) => {
                Some(Attachment::Query(name, key.key().clone()))
            }
            (SchemeKind::CookieKey { name }, Credential::ApiKey(key)) => {
                Some(Attachment::Cookie(format!("{name}={}", key.key().expose())))
            }
            (SchemeKind::Bearer, Credential::Bearer(token)) => {
                Some(Attachment::Header(AUTHORIZATION, sensitive(format!("Bearer {}", token.token().expose()))?))
            }
            (SchemeKind::Basic, Credential::Basic(basic)) => {
                let pair = format!("{}:{}", basic.user(), basic.password().expose());
                Some(Attachment::Header(AUTHORIZATION, sensitive(format!("Basic {}", base64(pair.as_bytes())))?))
            }
            _ => None,
        }
    }
}

/// The names of the query parameters any scheme of `security` puts a key
/// in: what must be taken out of a URL before it is shown.
pub(crate) fn query_key_names(security: Security) -> impl Iterator<Item = &'static str> {
    security.iter().flat_map(|alternative| alternative.iter()).filter_map(|scheme| match scheme.kind {
        SchemeKind::QueryKey { name } => Some(name),
        _ => None,
    })
}

/// Adds `attachments` to a built request. Cookies join any `Cookie` header
/// the request has (the session's).
pub(crate) fn attach(request: &mut reqwest::Request, attachments: Vec<Attachment>) {
    let mut cookies = Vec::new();
    for attachment in attachments {
        match attachment {
            Attachment::Header(name, value) => {
                request.headers_mut().insert(name, value);
            }
            Attachment::Query(name, value) => set_query_pair(request.url_mut(), name, value.expose()),
            Attachment::Cookie(pair) => cookies.push(pair),
        }
    }
    if cookies.is_empty() {
        return;
    }
    if let Some(existing) = request.headers().get(COOKIE).and_then(|value| value.to_str().ok()) {
        cookies.insert(0, existing.to_string());
    }
    if let Ok(mut value) = HeaderValue::from_str(&cookies.join("; ")) {
        value.set_sensitive(true);
        request.headers_mut().insert(COOKIE, value);
    }
}

/// `url` with `name=value` as the only pair of that name (a next-page link
/// the server wrote may carry the key already).
fn set_query_pair(url: &mut reqwest::Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> =
        url.query_pairs().filter(|(key, _)| key != name).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mut pairs = url.query_pairs_mut();
    pairs.clear();
    pairs.extend_pairs(kept);
    pairs.append_pair(name, value);
}

/// `url` with the value of every query parameter named in `names` replaced
/// by `***`: what may be shown of a URL that carries a key.
pub(crate) fn redact_query(url: &mut reqwest::Url, names: &[&str]) {
    if names.is_empty() || !url.query_pairs().any(|(key, _)| names.contains(&key.as_ref())) {
        return;
    }
    let shown: Vec<(String, String)> = url
        .query_pairs()
        .map(|(key, value)| {
            let value = if names.contains(&key.as_ref()) { "***".to_string() } else { value.into_owned() };
            (key.into_owned(), value)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(shown);
}

/// Standard base64 with padding (RFC 4648), for HTTP basic: a dozen lines
/// rather than a dependency of every generated crate.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: Scheme = Scheme { name: "key", kind: SchemeKind::HeaderKey { name: "X-Api-Key", prefix: "" } };
    const QUERY: Scheme = Scheme { name: "query", kind: SchemeKind::QueryKey { name: "api_key" } };
    const BEARER: Scheme = Scheme { name: "oauth", kind: SchemeKind::Bearer };
    const BASIC: Scheme = Scheme { name: "basic", kind: SchemeKind::Basic };

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, encoded) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")]
        {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(b"Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    #[test]
    fn the_first_complete_alternative_is_sent() {
        let mut keyring = Keyring::default();
        keyring.insert_named("oauth", Bearer::new("tok").into());
        // Header key and query key together, or a bearer token alone: only
        // the bearer token is held.
        let attachments = keyring.attachments(&[&[HEADER, QUERY], &[BEARER]]);
        assert_eq!(attachments.len(), 1);
        assert!(
            matches!(&attachments[0], Attachment::Header(name, value) if name == AUTHORIZATION && value.to_str().unwrap() == "Bearer tok")
        );
        // A key of any kind serves every API key scheme without one of its own.
        keyring.insert_any(ApiKey::new("k").into());
        assert_eq!(keyring.attachments(&[&[HEADER, QUERY], &[BEARER]]).len(), 2);
        assert!(keyring.attachments(&[&[BASIC]]).is_empty());
        assert!(keyring.attachments(&[]).is_empty());
    }

    #[test]
    fn credentials_never_print() {
        let mut keyring = Keyring::default();
        keyring.insert_named("basic", Basic::new("jane", "hunter2").into());
        keyring.insert_any(ApiKey::new("s3cr3t").into());
        let shown = format!("{keyring:?} {:?} {:?}", Basic::new("jane", "hunter2"), Bearer::new("t0k3n"));
        for secret in ["hunter2", "s3cr3t", "t0k3n"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        let attachments = keyring.attachments(&[&[BASIC]]);
        assert!(!format!("{attachments:?}").contains("amFuZTpodW50ZXIy"), "{attachments:?}");
    }
}
