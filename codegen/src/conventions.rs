//! The API's conventions read off the IR, shared by the client generator and
//! the mock server so both agree: which login opens the session an endpoint
//! needs, what a login sends, and which bodies are commands.

use heck::ToSnakeCase;

use crate::ir::{Api, Endpoint, Field, Model, ModelShape, ParamLocation, SecurityRequirement, TypeRef};

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

/// Who may call `endpoint`: any one of these requirements, its own when the
/// documentation gives one (empty: no credential), else the API's default.
pub fn security_for<'a>(api: &'a Api, endpoint: &'a Endpoint) -> &'a [SecurityRequirement] {
    endpoint.security.as_deref().unwrap_or(&api.security)
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
            names = api
                .model(model)
                .map(|model| model.fields().iter().map(|f| f.name.clone()).collect())
                .unwrap_or_default();
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
        return match &model.shape {
            ModelShape::Struct { fields } => has_uid(fields),
            ModelShape::Union(union) => {
                let objects: Vec<_> = union.variants.iter().filter(|variant| !variant.bare).collect();
                !objects.is_empty() && objects.iter().all(|variant| has_uid(&variant.fields))
            }
            ModelShape::Enum { .. } | ModelShape::Alias { .. } => false,
        };
    }
    api.variant(name).is_some_and(|(_, variant)| has_uid(&variant.fields))
}

/// An error answer that carries a code: status `status` with body type
/// `model`, whose field `field` holds one of `codes` (the values of its enum
/// the rule asked for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedRefusal {
    pub status: u16,
    pub model: String,
    pub field: String,
    pub codes: Vec<String>,
}

/// The codes with which `endpoint` refuses a command whose `processUid` was
/// applied before.
///
/// The documentation describes each code in a paragraph of its enum's
/// description (`` `Code`: text ``). A code is the duplicate refusal when
/// that text names the command id field together with a word of repetition
/// (`same`, `already`, `again`, `twice`, `duplicate`, `before`): it says the
/// id was seen before. When no text says so, the code's own name decides:
/// a word of repetition and a word of sending (`CommandAlreadySent`,
/// `DuplicateCommand`, `RequestAlreadyProcessed`). Neither rule looks for one
/// API's wording, and a code about the domain (`CompanyAlreadyIdentified`,
/// `LotNumberAlreadyExist`) matches neither.
pub fn duplicate_refusals(api: &Api, endpoint: &Endpoint) -> Vec<CodedRefusal> {
    coded_refusals(api, endpoint, |code, text| {
        (mentions_command_id(text) && has_word(&words(text), REPEAT_WORDS))
            || (has_word(&words(code), REPEAT_WORDS) && has_word(&words(code), SENDING_WORDS))
    })
}

/// The codes with which `endpoint` refuses a body that does not match its
/// type: one named for validation (`invalid`, `validation`, `malformed`,
/// `unprocessable`), else a catch-all one (`generic`). Empty when the
/// documentation names none: the refusal is then a plain 400.
pub fn validation_refusals(api: &Api, endpoint: &Endpoint) -> Vec<CodedRefusal> {
    let named = coded_refusals(api, endpoint, |code, _| has_word(&words(code), VALIDATION_WORDS));
    if !named.is_empty() {
        return named;
    }
    coded_refusals(api, endpoint, |code, _| has_word(&words(code), &["generic"]))
}

const REPEAT_WORDS: &[&str] = &["same", "already", "again", "twice", "duplicate", "duplicated", "before", "replayed"];
const SENDING_WORDS: &[&str] =
    &["command", "request", "sent", "send", "received", "applied", "processed", "submitted", "executed"];
const VALIDATION_WORDS: &[&str] = &["invalid", "validation", "malformed", "unprocessable"];

/// The error answers of `endpoint` whose struct body has an enum field, with
/// the values of that enum that `wanted(value, documented text)` keeps.
fn coded_refusals(api: &Api, endpoint: &Endpoint, wanted: impl Fn(&str, &str) -> bool) -> Vec<CodedRefusal> {
    let mut refusals = Vec::new();
    for response in endpoint.responses.iter().filter(|response| response.status >= 400) {
        let TypeRef::Named(name) = response.ty.unwrap_option() else { continue };
        let Some(model) = api.model(name) else { continue };
        let Some(fields) = model.struct_fields() else { continue };
        for field in fields {
            let Some((codes, values)) = enum_of(api, field) else { continue };
            let kept: Vec<String> =
                values.iter().filter(|code| wanted(code, &code_text(codes, code))).cloned().collect();
            if !kept.is_empty() {
                refusals.push(CodedRefusal {
                    status: response.status,
                    model: model.name.clone(),
                    field: field.name.clone(),
                    codes: kept,
                });
            }
        }
    }
    refusals
}

/// The enum model a field holds, with its values.
fn enum_of<'a>(api: &'a Api, field: &Field) -> Option<(&'a Model, &'a [String])> {
    let TypeRef::Named(name) = field.ty.unwrap_option() else { return None };
    let model = api.model(name)?;
    Some((model, model.enum_values()?))
}

/// What the enum's description says about `code`: the paragraphs (or list
/// items) that name it in backticks.
fn code_text(model: &Model, code: &str) -> String {
    let quoted = format!("`{code}`");
    model
        .description
        .split("\n\n")
        .flat_map(|paragraph| paragraph.split("\n- "))
        .filter(|part| part.contains(&quoted))
        .collect::<Vec<_>>()
        .join("\n")
}

fn mentions_command_id(text: &str) -> bool {
    text.to_ascii_lowercase().contains(&PROCESS_UID_FIELD.to_ascii_lowercase())
}

/// The lowercase words of a code name (`CommandAlreadySent`) or of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .flat_map(|piece| piece.to_snake_case().split('_').map(str::to_string).collect::<Vec<_>>())
        .filter(|word| !word.is_empty())
        .collect()
}

fn has_word(words: &[String], wanted: &[&str]) -> bool {
    words.iter().any(|word| wanted.contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Auth, ModelKind, Param, Response, Source};

    fn endpoint(id: &str, method: &str, path: &str, params: Vec<Param>) -> Endpoint {
        Endpoint {
            operation_id: None,
            chosen_name: None,
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

    fn model(name: &str, kind: ModelKind, description: &str) -> Model {
        Model {
            description: description.to_string(),
            ..Model::new(
                name.to_string(),
                "G".to_string(),
                ModelShape::empty(kind),
                Source { file: "x.md".into(), line: 1 },
            )
        }
    }

    fn coded_api(codes: &[&str], description: &str) -> Api {
        let source = Source { file: "x.md".into(), line: 1 };
        let field = |name: &str, ty: TypeRef| Field {
            name: name.to_string(),
            ty,
            required: true,
            constant: None,
            variant_by: None,
            description: String::new(),
            constraints: Default::default(),
            source: source.clone(),
        };
        let mut create = endpoint("create", "POST", "/things", vec![]);
        create.responses.push(Response {
            status: 400,
            ty: TypeRef::named("Refusal"),
            description: String::new(),
            headers: Vec::new(),
            source: source.clone(),
        });
        Api {
            endpoints: vec![create],
            models: vec![
                Model {
                    shape: ModelShape::Struct {
                        fields: vec![field("reason", TypeRef::named("Reason")), field("text", TypeRef::String)],
                    },
                    ..model("Refusal", ModelKind::Struct, "")
                },
                Model {
                    shape: ModelShape::Enum { values: codes.iter().map(|code| code.to_string()).collect() },
                    ..model("Reason", ModelKind::Enum, description)
                },
            ],
            ..Api::default()
        }
    }

    fn codes(refusals: Vec<CodedRefusal>) -> Vec<String> {
        refusals
            .into_iter()
            .flat_map(|refusal| {
                assert_eq!(
                    (refusal.status, refusal.field.as_str(), refusal.model.as_str()),
                    (400, "reason", "Refusal")
                );
                refusal.codes
            })
            .collect()
    }

    #[test]
    fn the_duplicate_code_is_the_one_whose_text_says_the_id_was_seen() {
        let description = "Why.\n\n- `Oops`: anything else.\n\n- `SeenIt`: a command with the same `processUid` \
                           was applied.\n\n- `BadUid`: the `processUid` is not a UUID.\n\n- `NameAlreadyTaken`: taken.";
        let api = coded_api(&["Oops", "SeenIt", "BadUid", "NameAlreadyTaken"], description);
        let create = api.endpoint("create").unwrap();
        assert_eq!(codes(duplicate_refusals(&api, create)), ["SeenIt"]);
        assert!(validation_refusals(&api, create).is_empty(), "no code is named for validation");
    }

    #[test]
    fn without_text_the_code_name_decides() {
        let api = coded_api(
            &["GenericError", "InvalidBody", "DuplicateCommand", "RequestAlreadyProcessed", "CompanyAlreadyIdentified"],
            "",
        );
        let create = api.endpoint("create").unwrap();
        assert_eq!(codes(duplicate_refusals(&api, create)), ["DuplicateCommand", "RequestAlreadyProcessed"]);
        assert_eq!(codes(validation_refusals(&api, create)), ["InvalidBody"]);
        let api = coded_api(&["CommandAlreadySent", "SomethingGenericError"], "");
        assert_eq!(codes(validation_refusals(&api, api.endpoint("create").unwrap())), ["SomethingGenericError"]);
    }
}
