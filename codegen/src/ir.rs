//! The API model (IR): everything the documentation says, as plain data.
//!
//! This is the only thing backends read. It is serialised as JSON by
//! `codegen ir`, a contract other tools rely on: fields are added, never
//! renamed. Types are written as canonical type expressions
//! (`Option[SafeUUID]`, `Array[CompanyQueryView]`, `Map[String,String]`).

use std::borrow::Cow;
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
    /// The index of `models` and their variants; the first of a name wins.
    pub fn of(models: &'a [Model]) -> Self {
        let mut names = Names { models: HashMap::new(), variants: HashMap::new() };
        for model in models {
            names.models.entry(model.name.as_str()).or_insert(model);
        }
        for model in models {
            for variant in model.variants() {
                names.variants.entry(variant.name.as_str()).or_insert((model, variant));
            }
        }
        names
    }

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

/// A type the documentation defines: what every kind has, and its
/// [`ModelShape`], the parts only its kind has.
///
/// The JSON form is the flat object it has always been (`kind` beside
/// `fields`, `tag`, `variants`, `values` or `alias`, in that order), written
/// and read through `ModelJson`; a part another kind owns is refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    /// The top-level section it is documented in (`Models`, `Commands`...).
    pub group: String,
    pub description: String,
    pub shape: ModelShape,
    pub examples: Vec<Example>,
    pub source: Source,
    /// Documented only inside another type (a nested object), not as a
    /// type of its own: OpenAPI writes it in place.
    pub inline: bool,
}

/// What a model is made of, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelShape {
    /// An object with named fields.
    Struct { fields: Vec<Field> },
    /// One of several variants.
    Union(Union),
    /// One of several strings.
    Enum {
        /// As written on the wire.
        values: Vec<String>,
    },
    /// Another name for a scalar.
    Alias { of: Scalar },
}

/// The parts of a union model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Union {
    /// The discriminator field; `None` for a union told apart by shape.
    pub tag: Option<String>,
    pub variants: Vec<Variant>,
    /// For a union told apart by shape: exactly one variant may match
    /// (`oneOf`), rather than at least one (`anyOf`).
    pub exclusive: bool,
}

impl Model {
    /// A model of `shape` with no description, examples or inline mark yet.
    pub fn new(name: impl Into<String>, group: impl Into<String>, shape: ModelShape, source: Source) -> Self {
        Model {
            name: name.into(),
            group: group.into(),
            description: String::new(),
            shape,
            examples: Vec::new(),
            source,
            inline: false,
        }
    }

    pub fn kind(&self) -> ModelKind {
        self.shape.kind()
    }

    /// A struct's fields; none for the other kinds.
    pub fn fields(&self) -> &[Field] {
        match &self.shape {
            ModelShape::Struct { fields } => fields,
            _ => &[],
        }
    }

    /// A struct's fields, or `None` for the other kinds.
    pub fn struct_fields(&self) -> Option<&[Field]> {
        match &self.shape {
            ModelShape::Struct { fields } => Some(fields),
            _ => None,
        }
    }

    pub fn as_union(&self) -> Option<&Union> {
        match &self.shape {
            ModelShape::Union(union) => Some(union),
            _ => None,
        }
    }

    pub fn as_union_mut(&mut self) -> Option<&mut Union> {
        match &mut self.shape {
            ModelShape::Union(union) => Some(union),
            _ => None,
        }
    }

    /// A union's variants; none for the other kinds.
    pub fn variants(&self) -> &[Variant] {
        self.as_union().map_or(&[], |union| &union.variants)
    }

    /// An enum's values.
    pub fn enum_values(&self) -> Option<&[String]> {
        match &self.shape {
            ModelShape::Enum { values } => Some(values),
            _ => None,
        }
    }

    /// The scalar an alias stands for.
    pub fn alias(&self) -> Option<Scalar> {
        match self.shape {
            ModelShape::Alias { of } => Some(of),
            _ => None,
        }
    }

    /// Every field the model declares: a struct's, or each variant's.
    pub fn all_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields().iter().chain(self.variants().iter().flat_map(|variant| &variant.fields))
    }

    /// Every field the model declares, to be edited in place.
    pub fn all_fields_mut(&mut self) -> Box<dyn Iterator<Item = &mut Field> + '_> {
        match &mut self.shape {
            ModelShape::Struct { fields } => Box::new(fields.iter_mut()),
            ModelShape::Union(union) => Box::new(union.variants.iter_mut().flat_map(|variant| &mut variant.fields)),
            ModelShape::Enum { .. } | ModelShape::Alias { .. } => Box::new(std::iter::empty()),
        }
    }
}

impl ModelShape {
    pub fn kind(&self) -> ModelKind {
        match self {
            ModelShape::Struct { .. } => ModelKind::Struct,
            ModelShape::Union(_) => ModelKind::Union,
            ModelShape::Enum { .. } => ModelKind::Enum,
            ModelShape::Alias { .. } => ModelKind::Alias,
        }
    }
}

#[cfg(test)]
impl ModelShape {
    /// A shape of `kind` with nothing in it yet (an alias of a string), for
    /// tests that fill it in afterwards.
    pub(crate) fn empty(kind: ModelKind) -> Self {
        match kind {
            ModelKind::Struct => ModelShape::Struct { fields: Vec::new() },
            ModelKind::Union => ModelShape::Union(Union::default()),
            ModelKind::Enum => ModelShape::Enum { values: Vec::new() },
            ModelKind::Alias => ModelShape::Alias { of: Scalar::String },
        }
    }
}

/// A model's JSON form: every kind's parts side by side, as `codegen ir`
/// has always written them. Borrowed when written, owned when read.
#[derive(Serialize, Deserialize)]
struct ModelJson<'a> {
    name: Cow<'a, str>,
    kind: ModelKind,
    group: Cow<'a, str>,
    #[serde(default)]
    description: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_empty")]
    fields: Cow<'a, [Field]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tag: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "is_empty")]
    variants: Cow<'a, [Variant]>,
    #[serde(default, skip_serializing_if = "is_empty")]
    values: Cow<'a, [String]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alias: Option<Scalar>,
    #[serde(default)]
    examples: Cow<'a, [Example]>,
    source: Cow<'a, Source>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    inline: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    exclusive: bool,
}

fn is_empty<T>(items: &[T]) -> bool {
    items.is_empty()
}

impl<'a> From<&'a Model> for ModelJson<'a> {
    fn from(model: &'a Model) -> Self {
        let union = model.as_union();
        ModelJson {
            name: Cow::Borrowed(&model.name),
            kind: model.kind(),
            group: Cow::Borrowed(&model.group),
            description: Cow::Borrowed(&model.description),
            fields: Cow::Borrowed(model.fields()),
            tag: union.and_then(|union| union.tag.as_deref()).map(Cow::Borrowed),
            variants: Cow::Borrowed(model.variants()),
            values: Cow::Borrowed(model.enum_values().unwrap_or_default()),
            alias: model.alias(),
            examples: Cow::Borrowed(&model.examples),
            source: Cow::Borrowed(&model.source),
            inline: model.inline,
            exclusive: union.is_some_and(|union| union.exclusive),
        }
    }
}

impl TryFrom<ModelJson<'_>> for Model {
    type Error = String;

    fn try_from(json: ModelJson<'_>) -> Result<Self, String> {
        let kind = json.kind;
        let foreign = [
            ("fields", !json.fields.is_empty(), ModelKind::Struct),
            ("tag", json.tag.is_some(), ModelKind::Union),
            ("variants", !json.variants.is_empty(), ModelKind::Union),
            ("exclusive", json.exclusive, ModelKind::Union),
            ("values", !json.values.is_empty(), ModelKind::Enum),
            ("alias", json.alias.is_some(), ModelKind::Alias),
        ];
        if let Some((part, _, owner)) = foreign.iter().find(|(_, present, owner)| *present && *owner != kind) {
            return Err(format!(
                "the {kind} model `{}` carries `{part}`, which belongs to {owner} models only",
                json.name
            ));
        }
        let shape = match kind {
            ModelKind::Struct => ModelShape::Struct { fields: json.fields.into_owned() },
            ModelKind::Union => ModelShape::Union(Union {
                tag: json.tag.map(Cow::into_owned),
                variants: json.variants.into_owned(),
                exclusive: json.exclusive,
            }),
            ModelKind::Enum => ModelShape::Enum { values: json.values.into_owned() },
            ModelKind::Alias => ModelShape::Alias {
                of: json.alias.ok_or_else(|| {
                    format!("the alias model `{}` does not say what it stands for (`alias`)", json.name)
                })?,
            },
        };
        Ok(Model {
            name: json.name.into_owned(),
            group: json.group.into_owned(),
            description: json.description.into_owned(),
            shape,
            examples: json.examples.into_owned(),
            source: json.source.into_owned(),
            inline: json.inline,
        })
    }
}

impl Serialize for Model {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ModelJson::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Model {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Model::try_from(ModelJson::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    Struct,
    Union,
    Enum,
    Alias,
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelKind::Struct => "struct",
            ModelKind::Union => "union",
            ModelKind::Enum => "enum",
            ModelKind::Alias => "alias",
        })
    }
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
        self.models.iter().find_map(|m| m.variants().iter().find(|v| v.name == name).map(|v| (m, v)))
    }

    /// Models and variants by name, for code that looks up many of them:
    /// [`Api::model`] and [`Api::variant`] walk the lists each time.
    pub fn names(&self) -> Names<'_> {
        Names::of(&self.models)
    }

    /// The IR as pretty JSON, the form `codegen ir` prints.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
        text.push('\n');
        text
    }

    /// Writes [`Self::to_json`]'s text to `out` as it is made, without
    /// holding the whole text (several times the documentation's size).
    pub fn write_json(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")?;
        out.flush()
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

    fn source(line: usize) -> Source {
        Source { file: "models.md".into(), line }
    }

    fn field(name: &str, ty: &str) -> Field {
        Field {
            name: name.into(),
            ty: ty.parse().expect("a type"),
            required: true,
            constant: None,
            variant_by: None,
            description: String::new(),
            source: source(3),
            constraints: Constraints::default(),
        }
    }

    /// One model of each kind, the JSON `codegen ir` writes for it (the
    /// layout other tools read), and back.
    #[test]
    fn each_kind_round_trips_through_the_flat_json() {
        let variant = Variant {
            name: "Parcel".into(),
            tag_value: Some("PARCEL".into()),
            fields: vec![field("weight", "Long")],
            bare: false,
            inferred: false,
            description: String::new(),
            examples: Vec::new(),
            source: source(8),
            model: None,
        };
        let union = Union { tag: Some("kind".into()), variants: vec![variant], exclusive: false };
        let untagged = Union { tag: None, variants: Vec::new(), exclusive: true };
        let cases = [
            (
                Model::new("Box", "Models", ModelShape::Struct { fields: vec![field("id", "Long")] }, source(1)),
                r#"{"name":"Box","kind":"struct","group":"Models","description":"","fields":[{"name":"id","type":"Long","required":true,"description":"","source":{"file":"models.md","line":3}}],"examples":[],"source":{"file":"models.md","line":1}}"#,
            ),
            (
                Model::new("Shipment", "Models", ModelShape::Union(union), source(2)),
                r#"{"name":"Shipment","kind":"union","group":"Models","description":"","tag":"kind","variants":[{"name":"Parcel","tag_value":"PARCEL","fields":[{"name":"weight","type":"Long","required":true,"description":"","source":{"file":"models.md","line":3}}],"description":"","examples":[],"source":{"file":"models.md","line":8}}],"examples":[],"source":{"file":"models.md","line":2}}"#,
            ),
            (
                Model { inline: true, ..Model::new("Either", "Models", ModelShape::Union(untagged), source(4)) },
                r#"{"name":"Either","kind":"union","group":"Models","description":"","examples":[],"source":{"file":"models.md","line":4},"inline":true,"exclusive":true}"#,
            ),
            (
                Model::new("Size", "Models", ModelShape::Enum { values: vec!["S".into(), "M".into()] }, source(5)),
                r#"{"name":"Size","kind":"enum","group":"Models","description":"","values":["S","M"],"examples":[],"source":{"file":"models.md","line":5}}"#,
            ),
            (
                Model::new("Reference", "Models", ModelShape::Alias { of: Scalar::Uuid }, source(6)),
                r#"{"name":"Reference","kind":"alias","group":"Models","description":"","alias":"uuid","examples":[],"source":{"file":"models.md","line":6}}"#,
            ),
        ];
        for (model, json) in cases {
            assert_eq!(serde_json::to_string(&model).expect("serialises"), json);
            assert_eq!(serde_json::from_str::<Model>(json).expect(json), model);
        }
    }

    #[test]
    fn the_written_json_is_the_json_text() {
        let api: Api = serde_json::from_str(include_str!("../tests/fixtures/mini.ir.json")).expect("an IR");
        let mut written = Vec::new();
        api.write_json(&mut written).expect("written");
        assert_eq!(String::from_utf8(written).expect("UTF-8"), api.to_json());
    }

    /// The models of the committed IR fixtures read and write back to the
    /// same JSON: nothing lost, nothing added.
    #[test]
    fn committed_fixture_models_write_back_unchanged() {
        for text in [
            include_str!("../tests/fixtures/mini.ir.json"),
            include_str!("../tests/fixtures/auth-paging.ir.json"),
            include_str!("../tests/fixtures/mini-api.json"),
        ] {
            let api: Api = serde_json::from_str(text).expect("an IR");
            let file: serde_json::Value = serde_json::from_str(text).expect("JSON");
            assert_eq!(serde_json::to_value(&api.models).expect("serialises"), file["models"]);
        }
    }

    /// A part of another kind is refused, with the model and the part named.
    #[test]
    fn a_part_another_kind_owns_is_refused() {
        let cases = [
            (
                r#"{"name":"Size","kind":"enum","group":"G","values":["S"],"fields":[{"name":"id","type":"Long","required":true,"source":{"file":"a.md","line":1}}],"source":{"file":"a.md","line":1}}"#,
                "`fields`",
            ),
            (r#"{"name":"Box","kind":"struct","group":"G","tag":"kind","source":{"file":"a.md","line":1}}"#, "`tag`"),
            (
                r#"{"name":"Box","kind":"struct","group":"G","exclusive":true,"source":{"file":"a.md","line":1}}"#,
                "`exclusive`",
            ),
            (
                r#"{"name":"Size","kind":"union","group":"G","values":["S"],"source":{"file":"a.md","line":1}}"#,
                "`values`",
            ),
            (
                r#"{"name":"Size","kind":"enum","group":"G","alias":"uuid","source":{"file":"a.md","line":1}}"#,
                "`alias`",
            ),
            (r#"{"name":"Reference","kind":"alias","group":"G","source":{"file":"a.md","line":1}}"#, "`alias`"),
        ];
        for (json, part) in cases {
            let error = serde_json::from_str::<Model>(json).expect_err(json).to_string();
            assert!(error.contains(part), "{error}");
        }
    }

    /// Empty parts of another kind say nothing and are read as absent.
    #[test]
    fn empty_parts_of_another_kind_are_read_as_absent() {
        let json = r#"{"name":"Size","kind":"enum","group":"G","values":["S"],"fields":[],"variants":[],"exclusive":false,"source":{"file":"a.md","line":1}}"#;
        let model: Model = serde_json::from_str(json).expect("read");
        assert_eq!(model.shape, ModelShape::Enum { values: vec!["S".into()] });
    }

    #[test]
    fn wrong_arity_is_refused() {
        assert!("Option".parse::<TypeRef>().is_err());
        assert!("Map[String]".parse::<TypeRef>().is_err());
        assert!("String[Long]".parse::<TypeRef>().is_err());
    }
}
