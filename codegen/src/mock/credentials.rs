//! The credentials an endpoint asks for, as its documented security
//! requirement says: an API key in a header, query parameter or cookie, a
//! bearer token, or HTTP basic. The mock accepts the keys, tokens and
//! accounts it was started with, or any well-formed one when given none.

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::HeaderMap;
use base64::Engine;

use super::Account;
use crate::ir::{Api, Endpoint, SecurityRequirement, SecurityScheme};

/// What the mock accepts, per kind of credential.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Accepted<'a> {
    pub api_keys: &'a [String],
    pub bearer_tokens: &'a [String],
    pub basic: &'a [Account],
}

/// The requirement `endpoint` is under: its own, else the API's default.
/// Empty: no credential is asked for.
pub(crate) fn requirements<'a>(api: &'a Api, endpoint: &'a Endpoint) -> &'a [SecurityRequirement] {
    endpoint.security.as_deref().unwrap_or(&api.security)
}

/// The parts of a request a credential can travel in.
pub(crate) struct Presented<'a> {
    pub headers: &'a HeaderMap,
    pub query: &'a [(String, String)],
}

/// `Ok` when one requirement is met in full; else why the request is
/// refused, and the `WWW-Authenticate` challenge to send.
pub(crate) fn check(
    api: &Api,
    requirements: &[SecurityRequirement],
    presented: &Presented<'_>,
    accepted: Accepted<'_>,
) -> Result<(), Refusal> {
    if requirements.is_empty() || requirements.iter().any(|requirement| requirement.schemes.is_empty()) {
        return Ok(());
    }
    let mut first_refusal = None;
    for requirement in requirements {
        let unmet = requirement.schemes.iter().find_map(|used| {
            let Some(scheme) = api.security_schemes.iter().find(|scheme| scheme.name == used.name) else {
                // A requirement naming no described scheme cannot be checked.
                return None;
            };
            meets(scheme, presented, accepted).err()
        });
        match unmet {
            None => return Ok(()),
            Some(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    Err(first_refusal.unwrap_or_else(|| Refusal::new("no credential", None)))
}

/// Why a credential was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub message: String,
    pub challenge: Option<&'static str>,
}

impl Refusal {
    fn new(message: impl Into<String>, challenge: Option<&'static str>) -> Self {
        Refusal { message: message.into(), challenge }
    }
}

fn meets(scheme: &SecurityScheme, presented: &Presented<'_>, accepted: Accepted<'_>) -> Result<(), Refusal> {
    match (scheme.kind.as_str(), scheme.scheme.as_deref().map(str::to_ascii_lowercase).as_deref()) {
        ("apiKey", _) => api_key(scheme, presented, accepted.api_keys),
        ("http", Some("basic")) => basic(presented.headers, accepted.basic),
        // OAuth 2 and OpenID Connect tokens travel as bearer tokens.
        ("http", _) | ("oauth2", _) | ("openIdConnect", _) => bearer(presented.headers, accepted.bearer_tokens),
        _ => Ok(()),
    }
}

fn api_key(scheme: &SecurityScheme, presented: &Presented<'_>, accepted: &[String]) -> Result<(), Refusal> {
    let name = scheme.parameter.as_deref().unwrap_or("Authorization");
    let location = scheme.location.as_deref().unwrap_or("header");
    let sent = match location {
        "query" => presented.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()),
        "cookie" => cookie(presented.headers, name),
        _ => presented.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_string),
    };
    let Some(sent) = sent else {
        return Err(Refusal::new(format!("no API key: send it in the `{name}` {location}"), None));
    };
    let prefix = scheme.prefix.as_deref().unwrap_or("");
    let Some(key) = sent.strip_prefix(prefix).map(str::trim).filter(|key| !key.is_empty()) else {
        return Err(Refusal::new(format!("the `{name}` {location} must be `{prefix}KEY`"), None));
    };
    if accepted.is_empty() || accepted.iter().any(|known| known == key) {
        Ok(())
    } else {
        Err(Refusal::new("unknown API key", None))
    }
}

fn bearer(headers: &HeaderMap, accepted: &[String]) -> Result<(), Refusal> {
    let challenge = Some("Bearer");
    let token = authorization(headers, "Bearer")
        .ok_or_else(|| Refusal::new("no bearer token: send `Authorization: Bearer TOKEN`", challenge))?;
    if accepted.is_empty() || accepted.iter().any(|known| *known == token) {
        Ok(())
    } else {
        Err(Refusal::new("unknown or expired bearer token", challenge))
    }
}

fn basic(headers: &HeaderMap, accepted: &[Account]) -> Result<(), Refusal> {
    let challenge = Some("Basic realm=\"mock\"");
    let encoded = authorization(headers, "Basic")
        .ok_or_else(|| Refusal::new("no credentials: send `Authorization: Basic …`", challenge))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| Refusal::new("`Authorization: Basic` must carry base64 of USER:PASSWORD", challenge))?;
    let (user, password) = decoded
        .split_once(':')
        .ok_or_else(|| Refusal::new("`Authorization: Basic` must carry USER:PASSWORD", challenge))?;
    let known = accepted.iter().any(|account| account.login == user && account.password == password);
    if accepted.is_empty() || known {
        Ok(())
    } else {
        Err(Refusal::new("unknown user or password", challenge))
    }
}

/// The credential after `scheme` in the `Authorization` header (the scheme
/// name is case-insensitive).
fn authorization<'a>(headers: &'a HeaderMap, scheme: &str) -> Option<&'a str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (name, credential) = value.split_once(' ')?;
    let credential = credential.trim();
    (name.eq_ignore_ascii_case(scheme) && !credential.is_empty()).then_some(credential)
}

pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().filter_map(|value| value.to_str().ok()).find_map(|text| {
        text.split(';').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key.trim() == name).then(|| value.trim().to_string())
        })
    })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::ir::SchemeUse;

    fn api(scheme: SecurityScheme) -> Api {
        let name = scheme.name.clone();
        Api {
            security_schemes: vec![scheme],
            security: vec![SecurityRequirement { schemes: vec![SchemeUse { name, scopes: Vec::new() }] }],
            ..Api::default()
        }
    }

    fn key_scheme(location: &str, name: &str, prefix: Option<&str>) -> SecurityScheme {
        SecurityScheme {
            name: "key".into(),
            kind: "apiKey".into(),
            location: Some(location.into()),
            parameter: Some(name.into()),
            prefix: prefix.map(str::to_string),
            ..SecurityScheme::default()
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn run(api: &Api, headers: &HeaderMap, query: &[(String, String)], accepted: Accepted<'_>) -> Result<(), Refusal> {
        check(api, &api.security, &Presented { headers, query }, accepted)
    }

    const NONE: Accepted<'static> = Accepted { api_keys: &[], bearer_tokens: &[], basic: &[] };

    #[test]
    fn header_keys_are_read_after_their_prefix() {
        let api = api(key_scheme("header", "Authorization", Some("Token token=")));
        let keys = ["k1".to_string()];
        let accepted = Accepted { api_keys: &keys, ..NONE };
        assert!(run(&api, &headers(&[("authorization", "Token token=k1")]), &[], accepted).is_ok());
        assert!(run(&api, &headers(&[("authorization", "k1")]), &[], accepted).is_err());
        assert!(run(&api, &headers(&[("authorization", "Token token=k2")]), &[], accepted).is_err());
        assert!(run(&api, &HeaderMap::new(), &[], accepted).is_err());
    }

    #[test]
    fn query_keys_and_any_key_when_none_is_configured() {
        let api = api(key_scheme("query", "api_key", None));
        let query = vec![("api_key".to_string(), "anything".to_string())];
        assert!(run(&api, &HeaderMap::new(), &query, NONE).is_ok());
        assert!(run(&api, &HeaderMap::new(), &[], NONE).is_err());
    }

    #[test]
    fn basic_and_bearer_challenge_the_caller() {
        let basic = SecurityScheme {
            name: "b".into(),
            kind: "http".into(),
            scheme: Some("basic".into()),
            ..Default::default()
        };
        let api = api(basic);
        let accounts = [Account { login: "ann".into(), password: "pw".into() }];
        let accepted = Accepted { basic: &accounts, ..NONE };
        let good = base64::engine::general_purpose::STANDARD.encode("ann:pw");
        assert!(run(&api, &headers(&[("authorization", &format!("Basic {good}"))]), &[], accepted).is_ok());
        let wrong = base64::engine::general_purpose::STANDARD.encode("ann:no");
        let refusal = run(&api, &headers(&[("authorization", &format!("basic {wrong}"))]), &[], accepted).unwrap_err();
        assert_eq!(refusal.challenge, Some("Basic realm=\"mock\""));

        let bearer = SecurityScheme { name: "t".into(), kind: "oauth2".into(), ..Default::default() };
        let api = self::api(bearer);
        let tokens = ["tok".to_string()];
        let accepted = Accepted { bearer_tokens: &tokens, ..NONE };
        assert!(run(&api, &headers(&[("authorization", "Bearer tok")]), &[], accepted).is_ok());
        assert!(run(&api, &headers(&[("authorization", "Bearer other")]), &[], accepted).is_err());
    }

    #[test]
    fn an_empty_alternative_lets_anyone_in() {
        let mut api = api(key_scheme("header", "X-Key", None));
        api.security.push(SecurityRequirement::default());
        assert!(run(&api, &HeaderMap::new(), &[], NONE).is_ok());
    }
}
