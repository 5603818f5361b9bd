//! The API model (IR): everything the documentation says, as plain data.
//!
//! This is the only thing backends read. It is serialised as JSON by
//! `codegen ir`, a contract other tools rely on: fields are added, never
//! renamed. Types are written as canonical type expressions
//! (`Option[SafeUUID]`, `Array[CompanyQueryView]`, `Map[String,String]`).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An [`Api`]'s models and union variants by name, the first of a name
/// winning as in [`Api::model`] and [`Api::variant`].
#[derive(Debug, Clone)]
pub struct Names<'a> {
    models: HashMap<&'a str, &'a Model>,
    variants: HashMap<&'a str, (&'a Model, &'a Variant)>,
}

impl<'a> Names<'a> {
    pub fn model(&self, name: &str) -> Option<&'a Model> {
        self.models.get(name).copied()
    }

    pub fn variant(&self, name: &str) -> Option<(&'a Model, &'a Variant)> {
        self.variants.get(name).copied()
    }

    /// A model or a union variant is called `name`.
    pub fn is_type(&self, name: &str) -> bool {
        self.models.contains_key(name) || self.variants.contains_key(name)
    }
}

/// The whole API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Api {
    pub title: Option<String>,
    /// The introduction, as markdown.
    #[serde(default)]
    pub description: String,
    /// The session cookie and the login endpoints, when the documentation has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
    pub endpoints: Vec<Endpoint>,
    pub models: Vec<Model>,
    pub errors: Vec<ErrorDef>,
    /// Where the API is served, in order: the base URLs the documentation
    /// lists, or the scheme and host its endpoint lines name (their paths
    /// keep any base path).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// The ways of authenticating the documentation describes (API keys,
    /// HTTP schemes, OAuth 2 flows), which endpoints name in `security`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_schemes: Vec<SecurityScheme>,
    /// Who may call an endpoint that says nothing of its own (`security` is
    /// `None`): any one of these requirements. Empty: no authentication
    /// beyond the session of `auth`, when there is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<SecurityRequirement>,
    /// The anchors the documentation's links (`[text](#anchor)`) point at
    /// that lead to a model or a variant, with the type's name: a link in a
    /// description is a reference to that type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub type_links: BTreeMap<String, String>,
}

/// A base URL, possibly with `{variable}` placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    pub url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// The values allowed, when the documentation lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default)]
    pub description: String,
}

/// One way of authenticating, under the name requirements use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityScheme {
    pub name: String,
    /// `apiKey`, `http`, `oauth2` or `openIdConnect`, as OpenAPI spells them.
    pub kind: String,
    /// For an API key: `header`, `query` or `cookie`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// For an API key: the header, query parameter or cookie name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// For HTTP authentication: `bearer`, `basic`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<OAuthFlow>,
    #[serde(default)]
    pub description: String,
    /// For an API key: text the documentation's examples write before the
    /// key in its header (`Token token=`), sent as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Where the documentation describes it, when it was read from prose or
    /// examples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthFlow {
    /// `implicit`, `password`, `clientCredentials` or `authorizationCode`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_url: Option<String>,
    /// Scope names and their descriptions, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<(String, String)>,
}

/// One acceptable way of being authenticated: every scheme listed at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityRequirement {
    pub schemes: Vec<SchemeUse>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeUse {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

/// What a value may be beyond its type: the documented values, `null`,
/// read-only or write-only, and the format the documentation names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraints {
    /// Enumerated values, as written (for an array, of its items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// `null` is a value of its own, beside absence.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
    /// The format named beside the type (`date-time`, `int32`, `uuid`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

/// A header a response carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseHeader {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// How clients authenticate: a login answers a session cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Auth {
    pub cookie: String,
    /// Ids of the login endpoints.
    pub logins: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Stable snake_case identifier, unique in the API: the client method's
    /// name, the OpenAPI operationId when the documentation gives none.
    /// Made from the method and the path (`GET /tickets` is `list_tickets`)
    /// unless `chosen_name` or `operation_id` says otherwise.
    pub id: String,
    /// The heading of the operation.
    pub name: String,
    /// The top-level section it is documented in (`Companies`).
    pub group: String,
    pub method: String,
    /// The path with `{param}` placeholders.
    pub path: String,
    #[serde(default)]
    pub description: String,
    pub params: Vec<Param>,
    /// The request body, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Set on collections the documentation says are served page by page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    #[serde(default)]
    pub examples: Vec<Example>,
    pub source: Source,
    /// The operation id the documentation gives, when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The name a `<!-- codegen: name(list_tickets) -->` comment next to the
    /// endpoint gives it; it wins over every other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen_name: Option<String>,
    /// Who may call it: any one of these requirements. `None` when the
    /// documentation says nothing; empty when it says none is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Body,
    Cookie,
}

impl fmt::Display for ParamLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Body => "body",
            ParamLocation::Cookie => "cookie",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Empty for a body row that stands for the whole body.
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParamLocation,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub description: String,
    pub source: Source,
    #[serde(default, flatten, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

/// The request body: one model (a named type, possibly a union of commands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// True when the body model was assembled from one parameter row per
    /// field rather than documented as a model of its own.
    #[serde(default)]
    pub synthesized: bool,
    /// The media type, when the documentation names one other than JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The documentation says the body may be left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub status: u16,
    /// `Empty` when the response has no body.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default)]
    pub description: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<ResponseHeader>,
}

/// A collection read page by page, and what tells the client where the next
/// page is and when the collection ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    /// The query parameter that moves through the collection: `START-END`
    /// for `range`, the page number, the offset or the cursor.
    pub param: String,
    /// The type of one item.
    pub item: TypeRef,
    /// The field of the response object holding the items, or `None` when the
    /// response is the array itself. A dotted path when the items are nested
    /// (`data.items`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_field: Option<String>,
    /// How the collection is walked (older models: `range`).
    #[serde(default, skip_serializing_if = "PagingStyle::is_range")]
    pub style: PagingStyle,
    /// The query parameter saying how many items a page holds (`per_page`,
    /// `limit`, `page[size]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_param: Option<String>,
    /// The number of the first page (`page` style), when the documentation
    /// says it; 1 otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page: Option<u64>,
    /// The answer's `Link` header names the next page (`rel="next"`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub link_header: bool,
    /// Dotted path of the answer's field holding the next cursor (`cursor`
    /// style); absent, `null` or empty on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_field: Option<String>,
    /// Dotted path of the answer's field holding the next page's URL
    /// (`links.next`); absent or `null` on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_url_field: Option<String>,
    /// Dotted path of the answer's boolean saying more items follow
    /// (`has_more`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_more_field: Option<String>,
    /// Dotted path of the answer's count of items in the whole collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_field: Option<String>,
    /// Dotted path of the answer's count of pages in the whole collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages_field: Option<String>,
    /// `cursor` style: the field of the last item whose value is the next
    /// cursor (`starting_after=<id of the last item>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor_item_field: Option<String>,
}

impl Pagination {
    /// A collection read with a `START-END` range and `Content-Range`.
    pub fn range(param: impl Into<String>, item: TypeRef, items_field: Option<String>) -> Self {
        Pagination::new(PagingStyle::Range, param, item, items_field)
    }

    /// A collection of `style`, with no signal documented yet.
    pub fn new(style: PagingStyle, param: impl Into<String>, item: TypeRef, items_field: Option<String>) -> Self {
        Pagination {
            param: param.into(),
            item,
            items_field,
            style,
            size_param: None,
            first_page: None,
            link_header: false,
            next_field: None,
            next_url_field: None,
            has_more_field: None,
            total_field: None,
            total_pages_field: None,
            cursor_item_field: None,
        }
    }
}

/// How a paged collection is walked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PagingStyle {
    /// `param=START-END`, answered with `Content-Range: START-END/COUNT`.
    #[default]
    Range,
    /// A page number (`page=2`) and a page size.
    Page,
    /// An offset into the collection (`offset=40`) and a limit.
    Offset,
    /// An opaque cursor the previous answer gave (`page[cursor]=…`,
    /// `starting_after=…`).
    Cursor,
}

impl PagingStyle {
    pub fn is_range(&self) -> bool {
        *self == PagingStyle::Range
    }
}

/// A code block from the documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub kind: ExampleKind,
    /// `json`, `http`, `shell`...
    pub language: String,
    /// HTTP status of a response example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Headers of a response example (`Content-Range`...), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The example's text; for a request example, the JSON body alone.
    pub text: String,
    /// Why the text is not valid JSON, for JSON examples that are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    /// An instance of a model or variant.
    Model,
    /// A request body.
    Request,
    /// A response (status line, headers, body).
    Response,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub name: String,
    pub kind: ModelKind,
    /// The top-level section it is documented in (`Models`, `Commands`...).
    pub group: String,
    #[serde(default)]
    pub description: String,
    /// Struct fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Union discriminator field; `None` for a union told apart by shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// Enum values, as written on the wire.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// What an alias stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<Scalar>,
    #[serde(default)]
    pub examples: Vec<Example>,
    pub source: Source,
    /// Documented only inside another type (a nested object), not as a
    /// type of its own: OpenAPI writes it in place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
    /// For a union told apart by shape: exactly one variant may match
    /// (`oneOf`), rather than at least one (`anyOf`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    Struct,
    Union,
    Enum,
    Alias,
}

/// The scalar an alias stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scalar {
    String,
    Uuid,
    Date,
    DateTime,
    Integer,
    Number,
    Boolean,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    pub required: bool,
    /// The value of a `Constant` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// For a field holding a union told apart by another field of the same
    /// object (`eventName` beside `data`), that field's name: its value is the
    /// name of the variant this field holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant_by: Option<String>,
    #[serde(default)]
    pub description: String,
    pub source: Source,
    #[serde(default, flatten, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    /// The discriminator's value for this variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_value: Option<String>,
    /// The fields, discriminator excluded.
    pub fields: Vec<Field>,
    /// The variant is written as the bare JSON string `tag_value`, not as an
    /// object.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bare: bool,
    /// The fields were inferred from an example: the documentation has no table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub examples: Vec<Example>,
    pub source: Source,
    /// The variant is this model of the API, documented on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// Errors the API documents: HTTP status codes and typed event errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDef {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The model of the error body, for typed errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Codes a typed error can carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    #[serde(default)]
    pub description: String,
    pub source: Source,
}

/// Where an item is documented, relative to the spec folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Boolean,
    /// A 64-bit integer (`Long`, `Int`).
    Long,
    /// Any JSON number, kept exactly (`Number`).
    Number,
    /// A binary floating-point number (`Float`, `Double`).
    Float,
    /// The discriminator of a union or a fixed value; see [`Field::constant`].
    Constant,
    /// No body.
    Empty,
    /// An error body the documentation does not describe.
    Error,
    /// Any JSON value: what a type the documentation does not define becomes.
    Any,
    /// A model, variant or alias of the API.
    Named(String),
    Option(Box<TypeRef>),
    Array(Box<TypeRef>),
    NonEmptyList(Box<TypeRef>),
    Map(Box<TypeRef>, Box<TypeRef>),
}

impl TypeRef {
    pub fn named(name: impl Into<String>) -> Self {
        TypeRef::Named(name.into())
    }

    pub fn is_option(&self) -> bool {
        matches!(self, TypeRef::Option(_))
    }

    /// The type without an outer `Option`.
    pub fn unwrap_option(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) => inner,
            other => other,
        }
    }

    /// Every model name this type mentions.
    pub fn named_types(&self) -> Vec<&str> {
        match self {
            TypeRef::Named(name) => vec![name.as_str()],
            TypeRef::Option(t) | TypeRef::Array(t) | TypeRef::NonEmptyList(t) => t.named_types(),
            TypeRef::Map(k, v) => {
                let mut names = k.named_types();
                names.extend(v.named_types());
                names
            }
            _ => Vec::new(),
        }
    }
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::String => f.write_str("String"),
            TypeRef::Boolean => f.write_str("Boolean"),
            TypeRef::Long => f.write_str("Long"),
            TypeRef::Number => f.write_str("Number"),
            TypeRef::Float => f.write_str("Float"),
            TypeRef::Constant => f.write_str("Constant"),
            TypeRef::Empty => f.write_str("Empty"),
            TypeRef::Error => f.write_str("Error"),
            TypeRef::Any => f.write_str("Any"),
            TypeRef::Named(name) => f.write_str(name),
            TypeRef::Option(t) => write!(f, "Option[{t}]"),
            TypeRef::Array(t) => write!(f, "Array[{t}]"),
            TypeRef::NonEmptyList(t) => write!(f, "NonEmptyList[{t}]"),
            TypeRef::Map(k, v) => write!(f, "Map[{k},{v}]"),
        }
    }
}

/// A canonical type expression that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a canonical type expression: {reason}")]
pub struct TypeRefError {
    pub text: String,
    pub reason: String,
}

impl FromStr for TypeRef {
    type Err = TypeRefError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| TypeRefError { text: text.to_string(), reason };
        let parsed = crate::typeexpr::parse(text);
        if let Some(error) = parsed.error {
            return Err(fail(error.message));
        }
        let expr = parsed.expr.ok_or_else(|| fail("empty".to_string()))?;
        from_canonical(&expr).map_err(fail)
    }
}

fn from_canonical(expr: &crate::typeexpr::TypeExpr) -> Result<TypeRef, String> {
    let arg = |i: usize| -> Result<Box<TypeRef>, String> {
        expr.args
            .get(i)
            .map(from_canonical)
            .transpose()?
            .map(Box::new)
            .ok_or_else(|| format!("`{}` needs {} type argument(s)", expr.name, i + 1))
    };
    let arity = |n: usize| -> Result<(), String> {
        if expr.args.len() == n {
            Ok(())
        } else {
            Err(format!("`{}` takes {n} type argument(s), not {}", expr.name, expr.args.len()))
        }
    };
    Ok(match expr.name.as_str() {
        "Option" => {
            arity(1)?;
            TypeRef::Option(arg(0)?)
        }
        "Array" => {
            arity(1)?;
            TypeRef::Array(arg(0)?)
        }
        "NonEmptyList" => {
            arity(1)?;
            TypeRef::NonEmptyList(arg(0)?)
        }
        "Map" => {
            arity(2)?;
            TypeRef::Map(arg(0)?, arg(1)?)
        }
        name => {
            arity(0)?;
            match name {
                "String" => TypeRef::String,
                "Boolean" => TypeRef::Boolean,
                "Long" => TypeRef::Long,
                "Number" => TypeRef::Number,
                "Float" => TypeRef::Float,
                "Constant" => TypeRef::Constant,
                "Empty" => TypeRef::Empty,
                "Error" => TypeRef::Error,
                "Any" => TypeRef::Any,
                other => TypeRef::Named(other.to_string()),
            }
        }
    })
}

impl Serialize for TypeRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TypeRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Api {
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    pub fn endpoint(&self, id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.id == id)
    }

    /// The union and variant a variant name belongs to, for types that name a
    /// variant directly (`RationalAddress`).
    pub fn variant(&self, name: &str) -> Option<(&Model, &Variant)> {
        self.models
            .iter()
            .filter(|m| m.kind == ModelKind::Union)
            .find_map(|m| m.variants.iter().find(|v| v.name == name).map(|v| (m, v)))
    }

    /// Models and variants by name, for code that looks up many of them:
    /// [`Api::model`] and [`Api::variant`] walk the lists each time.
    pub fn names(&self) -> Names<'_> {
        let mut names = Names { models: HashMap::new(), variants: HashMap::new() };
        for model in &self.models {
            names.models.entry(model.name.as_str()).or_insert(model);
        }
        for model in self.models.iter().filter(|m| m.kind == ModelKind::Union) {
            for variant in &model.variants {
                names.variants.entry(variant.name.as_str()).or_insert((model, variant));
            }
        }
        names
    }

    /// The IR as pretty JSON, the form `codegen ir` prints.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_refs_round_trip_through_their_text() {
        for text in [
            "String",
            "Option[SafeUUID]",
            "Array[CompanyQueryView]",
            "NonEmptyList[Option[Long]]",
            "Map[String,Array[String]]",
            "Empty",
        ] {
            let parsed: TypeRef = text.parse().expect(text);
            assert_eq!(parsed.to_string(), text);
            let json = serde_json::to_string(&parsed).expect("serialises");
            assert_eq!(serde_json::from_str::<TypeRef>(&json).expect("deserialises"), parsed);
        }
    }

    #[test]
    fn wrong_arity_is_refused() {
        assert!("Option".parse::<TypeRef>().is_err());
        assert!("Map[String]".parse::<TypeRef>().is_err());
        assert!("String[Long]".parse::<TypeRef>().is_err());
    }
}
