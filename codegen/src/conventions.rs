//! The API's conventions read off the IR, shared by the client generator and
//! the mock server so both agree: which login opens the session an endpoint
//! needs, what a login sends, and which bodies are commands.

use crate::ir::{Api, Endpoint, ModelKind, ParamLocation, TypeRef};

/// The body field that carries the client-chosen id of a command.
pub const PROCESS_UID_FIELD: &str = "processUid";

/// A login endpoint and the body fields it expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Login<'a> {
    /// The position in `api.auth.logins`; sessions are numbered the same way.
    pub index: usize,
    pub endpoint: &'a Endpoint,
    pub login_field: String,
    pub password_field: String,
}

impl Login<'_> {
    /// The path prefix this login's session serves: `/api/v1/login` serves
    /// `/api/v1/`.
    pub fn scope(&self) -> &str {
        login_scope(&self.endpoint.path)
    }
}

/// The logins of the API, in the documentation's order.
pub fn logins(api: &Api) -> Vec<Login<'_>> {
    let Some(auth) = &api.auth else { return Vec::new() };
    auth.logins
        .iter()
        .filter_map(|id| api.endpoint(id))
        .enumerate()
        .map(|(index, endpoint)| {
            let (login_field, password_field) = login_fields(api, endpoint);
            Login { index, endpoint, login_field, password_field }
        })
        .collect()
}

pub fn is_login(api: &Api, endpoint: &Endpoint) -> bool {
    api.auth.as_ref().is_some_and(|auth| auth.logins.contains(&endpoint.id))
}

/// `/api/v1/login` -> `/api/v1/`.
pub fn login_scope(path: &str) -> &str {
    match path.rfind('/') {
        Some(slash) => &path[..=slash],
        None => "/",
    }
}

/// The login whose session `endpoint` needs: the one whose scope is the
/// longest prefix of the endpoint's path, else the first. `None` for the
/// logins themselves and for APIs without authentication.
pub fn session_for<'a>(api: &'a Api, endpoint: &Endpoint) -> Option<Login<'a>> {
    if is_login(api, endpoint) {
        return None;
    }
    let logins = logins(api);
    let best = logins
        .iter()
        .filter(|login| endpoint.path.starts_with(login.scope()))
        .max_by_key(|login| login.scope().len())
        .cloned();
    best.or_else(|| logins.into_iter().next())
}

/// The body fields of a login: the field named like a password carries the
/// password, the other one the login. Defaults to `login` and `password`.
fn login_fields(api: &Api, endpoint: &Endpoint) -> (String, String) {
    let mut names: Vec<String> = endpoint
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Body && !param.name.is_empty())
        .map(|param| param.name.clone())
        .collect();
    if names.is_empty() {
        if let Some(TypeRef::Named(model)) = endpoint.body.as_ref().map(|body| &body.ty) {
            names =
                api.model(model).map(|model| model.fields.iter().map(|f| f.name.clone()).collect()).unwrap_or_default();
        }
    }
    let password = names.iter().find(|name| name.to_ascii_lowercase().contains("password")).cloned();
    let login = names.iter().find(|name| Some(*name) != password.as_ref()).cloned();
    (login.unwrap_or_else(|| "login".to_string()), password.unwrap_or_else(|| "password".to_string()))
}

/// The type of `endpoint`'s request body: the documented body, or the type of
/// a body parameter row that stands for the whole body.
pub fn body_type(endpoint: &Endpoint) -> Option<&TypeRef> {
    endpoint.body.as_ref().map(|body| &body.ty).or_else(|| {
        let rows: Vec<_> = endpoint.params.iter().filter(|param| param.location == ParamLocation::Body).collect();
        match rows.as_slice() {
            [only] if matches!(only.ty.unwrap_option(), TypeRef::Named(_)) => Some(&only.ty),
            _ => None,
        }
    })
}

/// True when a body of type `ty` is a command: a model (or every variant of a
/// union) with a `processUid` field, which the client fills and the server
/// uses to recognise a duplicate.
pub fn is_command(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty.unwrap_option() else { return false };
    let has_uid = |fields: &[crate::ir::Field]| fields.iter().any(|field| field.name == PROCESS_UID_FIELD);
    if let Some(model) = api.model(name) {
        return match model.kind {
            ModelKind::Struct => has_uid(&model.fields),
            ModelKind::Union => {
                let objects: Vec<_> = model.variants.iter().filter(|variant| !variant.bare).collect();
                !objects.is_empty() && objects.iter().all(|variant| has_uid(&variant.fields))
            }
            ModelKind::Enum | ModelKind::Alias => false,
        };
    }
    api.variant(name).is_some_and(|(_, variant)| has_uid(&variant.fields))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Auth, Param, Response, Source};

    fn endpoint(id: &str, method: &str, path: &str, params: Vec<Param>) -> Endpoint {
        Endpoint {
            operation_id: None,
            security: None,
            id: id.to_string(),
            name: id.to_string(),
            group: "G".to_string(),
            method: method.to_string(),
            path: path.to_string(),
            description: String::new(),
            params,
            body: None,
            responses: vec![Response {
                headers: Vec::new(),
                status: 200,
                ty: TypeRef::Empty,
                description: String::new(),
                source: Source { file: "x.md".into(), line: 1 },
            }],
            pagination: None,
            examples: Vec::new(),
            source: Source { file: "x.md".into(), line: 1 },
        }
    }

    fn body_param(name: &str) -> Param {
        Param {
            constraints: Default::default(),
            name: name.to_string(),
            location: ParamLocation::Body,
            ty: TypeRef::String,
            required: true,
            default: None,
            description: String::new(),
            source: Source { file: "x.md".into(), line: 1 },
        }
    }

    fn api() -> Api {
        Api {
            auth: Some(Auth { cookie: "PI_SESSION".into(), logins: vec!["write_login".into(), "read_login".into()] }),
            endpoints: vec![
                endpoint(
                    "write_login",
                    "POST",
                    "/api/vEvent/login",
                    vec![body_param("login"), body_param("userPassword")],
                ),
                endpoint("read_login", "POST", "/api/v1/login", vec![]),
                endpoint("list", "GET", "/api/v1/companies", vec![]),
                endpoint("create", "POST", "/api/vEvent/companies", vec![]),
                endpoint("other", "GET", "/health", vec![]),
            ],
            ..Api::default()
        }
    }

    #[test]
    fn each_endpoint_uses_the_login_of_its_path() {
        let api = api();
        let session = |id: &str| session_for(&api, api.endpoint(id).unwrap()).map(|login| login.index);
        assert_eq!(session("list"), Some(1));
        assert_eq!(session("create"), Some(0));
        assert_eq!(session("other"), Some(0));
        assert_eq!(session("read_login"), None);
    }

    #[test]
    fn login_fields_come_from_the_body_rows() {
        let api = api();
        let logins = logins(&api);
        assert_eq!((logins[0].login_field.as_str(), logins[0].password_field.as_str()), ("login", "userPassword"));
        assert_eq!((logins[1].login_field.as_str(), logins[1].password_field.as_str()), ("login", "password"));
        assert_eq!(logins[0].scope(), "/api/vEvent/");
    }
}
