//! The client half of a generated crate: `src/client.rs`, one method per
//! documented endpoint, standing on the `codegen-runtime` package
//! (transport, sessions, pagination, retries, errors; see [`super::runtime`]).
//!
//! `client.rs` is generated from the IR: path parameters become
//! typed arguments, optional query parameters a params struct, the body its
//! model, and each answer is decoded to the type the Responses table gives
//! for its status.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client_auth::Schemes;
use super::crate_files::CLIENT_FEATURE;
use super::docs::{self, Links};
use super::names::{self, Scope};
use super::types::ModuleUses;
use super::{format_file, ExtraModule, Options, Reporter, TypeSpace, GENERATED_MARKER};
use crate::conventions::{self, PROCESS_UID_FIELD};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Endpoint, Pagination, PagingStyle, ParamLocation, TypeRef};

/// `options` with the `client` module, compiled under the crate's `client`
/// feature.
pub fn with_client(options: &Options) -> Options {
    let mut options = options.clone();
    if !options.extra_modules.iter().any(|module| module.name == "client") {
        options.extra_modules.push(ExtraModule {
            name: "client".to_string(),
            summary: "the HTTP client: one method per documented endpoint, sessions, pages and retries \
                      (feature `client`, on by default)."
                .to_string(),
            feature: Some(CLIENT_FEATURE.to_string()),
        });
    }
    options
}

/// The text of `src/client.rs`.
pub fn client_file(space: &TypeSpace<'_>, options: &Options, reporter: &mut Reporter<'_>) -> String {
    let header = format!(
        "// {GENERATED_MARKER} from the API documentation: do not edit, run `{}`.\n",
        options.regenerate_command
    );
    let tokens = client_tokens(space, &options.root_path, reporter);
    format!("{header}\n{}", format_file(tokens))
}

/// Names the client module gives its own items; models are reached as
/// `models::X`, so only these need to be told apart.
struct ClientNames {
    items: Scope,
    methods: Scope,
}

impl ClientNames {
    fn new() -> Self {
        let mut items = Scope::new();
        for fixed in
            ["Client", "ClientBuilder", "ClientBuilderExt", "Error", "ErrorBody", "PageStream", "models", "runtime"]
        {
            items.reserve(fixed, fixed);
        }
        let mut methods = Scope::new();
        for fixed in ["new", "builder", "default_builder", "transport", "from_transport", "clone", "fmt"] {
            methods.reserve(fixed, fixed);
        }
        ClientNames { items, methods }
    }
}

/// One argument of a method: a path, query or header parameter.
struct Argument {
    ident: proc_macro2::Ident,
    /// The name on the wire.
    wire: String,
    location: ParamLocation,
    /// The type as a method argument (`&models::SafeUuid`, `&str`).
    by_ref: TokenStream,
}

/// A field of a params struct: an optional query or header parameter.
struct ParamField {
    ident: proc_macro2::Ident,
    wire: String,
    location: ParamLocation,
    /// The value's type; the field is an `Option` of it.
    ty: TokenStream,
    doc: TokenStream,
}

/// How a successful answer is decoded.
enum Success {
    /// A page of the `range` style.
    Page {
        item: TokenStream,
        items_field: Option<String>,
    },
    /// A page of another style, read as the `Paging` constant `paging` says;
    /// `item_cursor`: the field of the last item that is the next cursor.
    Walked {
        item: TokenStream,
        paging: proc_macro2::Ident,
        item_cursor: Option<String>,
    },
    Json(TokenStream),
    Text,
    Empty,
}

impl Success {
    fn body_type(&self) -> TokenStream {
        match self {
            Success::Page { item, .. } | Success::Walked { item, .. } => quote!(runtime::Page<#item>),
            Success::Json(ty) => ty.clone(),
            Success::Text => quote!(String),
            Success::Empty => quote!(()),
        }
    }

    fn decode(&self) -> TokenStream {
        match self {
            Success::Page { items_field: Some(field), .. } => quote!(raw.page(Some(#field))),
            Success::Page { items_field: None, .. } => quote!(raw.page(None)),
            Success::Walked { paging, item_cursor: None, .. } => quote!(raw.paged(&#paging)),
            Success::Walked { paging, item_cursor: Some(field), .. } => {
                quote!(raw.paged(&#paging).map(|response| response.map(|page| runtime::with_item_cursor(page, #field))))
            }
            Success::Json(_) => quote!(raw.json()),
            Success::Text => quote!(raw.text()),
            Success::Empty => quote!(raw.empty()),
        }
    }
}

struct Generator<'s, 'a, 'r, 'u> {
    space: &'s TypeSpace<'a>,
    reporter: &'u mut Reporter<'r>,
    links: Links,
    names: ClientNames,
    /// Error types by first appearance: (documented name, variant ident).
    error_types: Vec<(String, proc_macro2::Ident)>,
    schemes: Schemes,
    /// The `Paging` constants of the collections not in the `range` style.
    paging_consts: Vec<TokenStream>,
    /// `Login::X`, one per login route, in the builder's order.
    logins: Vec<TokenStream>,
}

/// The client module's items. `root_path` is the path of the generated
/// crate's root as seen from its code (`Options::root_path`).
pub(super) fn client_tokens(space: &TypeSpace<'_>, root_path: &str, reporter: &mut Reporter<'_>) -> TokenStream {
    let root: syn::Path = syn::parse_str(root_path).unwrap_or_else(|_| syn::parse_quote!(crate));
    let links = Links {
        anchors: std::sync::Arc::new(super::anchors(space)),
        module: "client".to_string(),
        imported: BTreeSet::new(),
        models_path: "models".to_string(),
    };
    let mut names = ClientNames::new();
    let schemes = Schemes::new(space.api, &mut names.items);
    let mut generator = Generator {
        space,
        reporter,
        links,
        names,
        error_types: Vec::new(),
        schemes,
        paging_consts: Vec::new(),
        logins: Vec::new(),
    };
    generator.collect_error_types();
    let login_enum = generator.login_enum();
    let mut methods = Vec::new();
    let mut items = Vec::new();
    for endpoint in &space.api.endpoints {
        let (method, extra) = generator.endpoint(endpoint);
        methods.push(method);
        items.extend(extra);
    }
    let client = generator.client_struct(methods);
    let error_body = generator.error_body();
    let scheme_consts = generator.schemes.consts();
    let builder_methods = generator.schemes.builder_methods(&format_ident!("Client"));
    let paging_consts = &generator.paging_consts;
    let module_doc = docs::inner_doc_attrs(&module_doc(space));
    // Documentation with models but no endpoint uses none of them here.
    let uses_models = [&error_body, &client].into_iter().chain(&items).any(|tokens| names_models(tokens.clone()));
    let use_models = uses_models.then(|| {
        quote!(
            use #root::models;
        )
    });
    quote! {
        #module_doc

        use std::sync::Arc;

        #use_models
        use #root::runtime;

        pub use #root::runtime::{ApiKey, Applied, Basic, Bearer, ContentRange, Credentials, Page, Range, Response, RetryPolicy, SessionPolicy, NEW_PROCESS_UID};

        #error_body
        #login_enum
        #scheme_consts
        #(#paging_consts)*
        #client
        #builder_methods
        #(#items)*
    }
}

/// The first documented base URL that is absolute HTTP(S), its variables
/// given their defaults.
fn default_base_url(api: &crate::ir::Api) -> Option<String> {
    api.servers.iter().find_map(|server| {
        let mut url = server.url.trim().to_string();
        for variable in &server.variables {
            url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
        }
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        (absolute && !url.contains('{') && !url.chars().any(char::is_whitespace)).then_some(url)
    })
}

/// Whether tokens name a path through `models` (`models::X`; a method
/// may be called `models` too).
fn names_models(tokens: TokenStream) -> bool {
    let trees: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    trees.iter().enumerate().any(|(index, tree)| match tree {
        proc_macro2::TokenTree::Ident(ident) => {
            ident == "models"
                && matches!(trees.get(index + 1), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':')
        }
        proc_macro2::TokenTree::Group(group) => names_models(group.stream()),
        _ => false,
    })
}

fn module_doc(space: &TypeSpace<'_>) -> String {
    let api = space.api;
    let title = api.title.as_deref().map(super::crate_files::one_line).unwrap_or_else(|| "the API".to_string());
    // Only what this API does: its way of authenticating, whether it has
    // collections and commands.
    let mut sentences = Vec::new();
    if api.auth.is_some() {
        sentences.push(
            "Build a [`Client`] with the API's HTTPS base URL and credentials; it logs in on first use, sends the \
             session cookie, and logs in again when the session expires."
                .to_string(),
        );
    } else if api.security_schemes.is_empty() {
        sentences.push(
            "Build a [`Client`] with the API's HTTPS base URL. The documentation describes no way of \
             authenticating: requests carry no credential."
                .to_string(),
        );
    } else {
        sentences.push(
            "Build a [`Client`] with the API's HTTPS base URL and the credentials of its schemes, given to the \
             builder by scheme (its `with_` methods, or [`runtime::ClientBuilder::api_key`], \
             [`runtime::ClientBuilder::bearer`] and [`runtime::ClientBuilder::basic`] for every scheme of a kind) \
             and held as secrets; each method says which it sends."
                .to_string(),
        );
    }
    if api.endpoints.iter().any(|endpoint| endpoint.pagination.is_some()) {
        sentences.push(
            "Collections come one page at a time ([`Page`]) or whole as a stream (the `_stream` methods), within \
             the client's stream limits."
                .to_string(),
        );
    }
    let has_commands = api
        .endpoints
        .iter()
        .any(|endpoint| conventions::body_type(endpoint).is_some_and(|ty| conventions::is_command(api, ty)));
    if has_commands {
        sentences.push("Commands are retried safely and answer [`Applied`] (see [Commands](#commands)).".to_string());
    }
    sentences.push(
        "Answers larger than the client's body limit are refused. Every method answers [`Response`] (the decoded \
         body, its status and headers) or [`Error`]."
            .to_string(),
    );
    let mut text =
        format!("The HTTP client of {title}: one method per documented endpoint.\n\n{}", sentences.join(" "));
    if api.auth.is_some() && !api.security_schemes.is_empty() {
        text.push_str(
            "\n\nOther credentials are given by scheme to the builder (its `with_` methods) and held as secrets; \
             each method says which it sends.",
        );
    }
    text.push_str(
        "\n\nThe builder also takes your own `reqwest::Client` ([`runtime::ClientBuilder::reqwest_client`]) and \
         hooks run before every attempt and after every answer ([`runtime::ClientBuilder::hook`]); the crate's \
         `tracing` feature gives one span per request.",
    );
    // What holds for every command or every range stream is said here once;
    // each method links to its section in one line.
    if has_commands {
        text.push_str(&format!("\n\n# {COMMANDS_SECTION}\n\n{}", commands_doc()));
    }
    let range_streams = api
        .endpoints
        .iter()
        .any(|endpoint| endpoint.pagination.as_ref().is_some_and(|pagination| pagination.style == PagingStyle::Range));
    if range_streams {
        text.push_str(&format!("\n\n# {RANGE_STREAMS_SECTION}\n\n{RANGE_STREAMS_DOC}"));
    }
    text
}

/// The module docs' section on commands, linked from each command method.
const COMMANDS_SECTION: &str = "Commands";

fn commands_doc() -> String {
    format!(
        "A command's `{PROCESS_UID_FIELD}` is filled with a fresh UUID when it is [`NEW_PROCESS_UID`], and the \
         request is sent again with the same `{PROCESS_UID_FIELD}` after a network error or an answer saying the \
         server is busy or unreachable (honouring `Retry-After`), since the API recognises a command sent twice. \
         A command answers [`Applied`]: the server's answer, or the news that a lost attempt was applied.\n\n\
         When an attempt's answer was lost and the retry is refused as a duplicate, with a code the method's \
         documentation names, the first attempt was applied: the call succeeds with \
         [`runtime::Applied::Replayed`]. Where the documentation names no such code, a retry refused as a \
         duplicate is an error like any other."
    )
}

/// The module docs' section on the streams of `Content-Range` collections.
const RANGE_STREAMS_SECTION: &str = "Streams of ranges";

const RANGE_STREAMS_DOC: &str = concat!(
    "A `_stream` method of a collection read by ranges yields every item of its page method's collection, in ",
    "order, fetched page by page (at most the client's page size, and at most what the server's `Accept-Range` ",
    "allows). It ends after exactly the announced count; a missing, malformed or inconsistent `Content-Range` ",
    "ends it with an error. The range given in `params` is ignored.",
);

/// A link from a method's docs to a section of the module docs.
fn section_link(section: &str) -> String {
    let anchor = section.to_lowercase().replace(' ', "-");
    format!("[{section}](crate::client#{anchor})")
}

impl Generator<'_, '_, '_, '_> {
    /// The Rust type of a documented type, seen from the client module:
    /// models as `models::X`.
    fn rust_type(&mut self, ty: &TypeRef, place: &crate::ir::Source) -> TokenStream {
        match ty {
            TypeRef::Named(name) => match self.space.resolve(name) {
                Some(key) => {
                    let ident = names::ident(&self.space.ident(&key));
                    quote!(models::#ident)
                }
                None => self.space_type(ty, place),
            },
            TypeRef::Option(inner) => {
                let inner = self.rust_type(inner, place);
                quote!(Option<#inner>)
            }
            TypeRef::Array(inner) => {
                let inner = self.rust_type(inner, place);
                quote!(Vec<#inner>)
            }
            TypeRef::NonEmptyList(inner) => {
                let inner = self.rust_type(inner, place);
                quote!(runtime::types::NonEmptyList<#inner>)
            }
            TypeRef::Map(key, value) => {
                let key = match key.as_ref() {
                    TypeRef::String | TypeRef::Long | TypeRef::Named(_) => self.rust_type(key, place),
                    _ => quote!(String),
                };
                let value = self.rust_type(value, place);
                quote!(indexmap::IndexMap<#key, #value>)
            }
            _ => self.space_type(ty, place),
        }
    }

    /// Scalars and undocumented names, as the models write them.
    fn space_type(&mut self, ty: &TypeRef, place: &crate::ir::Source) -> TokenStream {
        let mut uses = ModuleUses::new("client", "crate");
        uses.place = Some(place.clone());
        self.space.rust_type(ty, &mut uses, self.reporter)
    }

    fn collect_error_types(&mut self) {
        for endpoint in &self.space.api.endpoints {
            for response in endpoint.responses.iter().filter(|response| response.status >= 400) {
                let TypeRef::Named(name) = response.ty.unwrap_option() else { continue };
                let Some(key) = self.space.resolve(name) else { continue };
                if self.error_types.iter().any(|(known, _)| known == name) {
                    continue;
                }
                let ident = self.space.ident(&key);
                let claimed = self.names.items.claim(name, &ident).ident;
                self.error_types.push((name.clone(), names::ident(&claimed)));
            }
        }
    }

    fn error_variant(&self, ty: &TypeRef) -> Option<&proc_macro2::Ident> {
        let TypeRef::Named(name) = ty.unwrap_option() else { return None };
        self.error_types.iter().find(|(known, _)| known == name).map(|(_, ident)| ident)
    }

    fn error_body(&mut self) -> TokenStream {
        let mut variants = Vec::new();
        for (name, ident) in self.error_types.clone() {
            let ty = self.rust_type(&TypeRef::Named(name.clone()), &crate::ir::Source { file: String::new(), line: 0 });
            let doc = format!(" A `{name}`, as documented.");
            variants.push(quote!(#[doc = #doc] #ident(#ty),));
        }
        quote! {
            /// The body of an error answer: the type the documentation gives for that status, or the text
            /// of the body when it gives none (or the body does not match it).
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum ErrorBody {
                #(#variants)*
                /// A status documented without a type, an undocumented one, or a body that does not match
                /// its documented type.
                Untyped(runtime::UntypedBody),
            }

            impl runtime::ErrorBody for ErrorBody {
                fn untyped(body: runtime::UntypedBody) -> Self {
                    ErrorBody::Untyped(body)
                }
            }

            /// What every call of the [`Client`] can fail with.
            pub type Error = runtime::Error<ErrorBody>;

            /// Every item of a collection, fetched page by page.
            pub type PageStream<T> = runtime::PageStream<T, ErrorBody>;
        }
    }

    /// The `Login` enum: one variant per login route, named after its
    /// endpoint, so that calls say which session they need by name.
    fn login_enum(&mut self) -> Option<TokenStream> {
        let logins = conventions::logins(self.space.api);
        if logins.is_empty() {
            return None;
        }
        let enum_name = names::ident(&self.names.items.claim("login enum", "Login").ident);
        let mut variants = Scope::new();
        let mut declared = Vec::new();
        for login in &logins {
            let variant =
                names::ident(&variants.claim(&login.endpoint.id, &names::type_name(&login.endpoint.id)).ident);
            let doc = format!(" `{} {}`", login.endpoint.method, login.endpoint.path.replace('`', "'"));
            declared.push(quote!(#[doc = #doc] #variant));
            self.logins.push(quote!(#enum_name::#variant));
        }
        Some(quote! {
            /// The API's logins, each opening a session of its own; variants are declared in the
            /// order [`Client::builder`] adds their routes.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #enum_name {
                #(#declared,)*
            }

            impl From<#enum_name> for runtime::LoginId {
                fn from(login: #enum_name) -> Self {
                    runtime::LoginId::nth(login as usize)
                }
            }
        })
    }

    fn client_struct(&mut self, methods: Vec<TokenStream>) -> TokenStream {
        let routes = conventions::logins(self.space.api).into_iter().map(|login| {
            let path = &login.endpoint.path;
            let login_field = &login.login_field;
            let password_field = &login.password_field;
            let cookie = self.space.api.auth.as_ref().map_or("PI_SESSION", |auth| auth.cookie.as_str());
            quote!(.login_route(runtime::LoginRoute::new(#path, #login_field, #password_field, #cookie)))
        });
        let default_base = default_base_url(self.space.api).map(|url| {
            let doc = format!(" The base URL the documentation gives: `{}`.", url.replace('`', "'"));
            quote! {
                #[doc = #doc]
                pub const DEFAULT_BASE_URL: &'static str = #url;

                /// A builder for a client of the API at [`Self::DEFAULT_BASE_URL`]; [`Self::builder`] takes
                /// another.
                pub fn default_builder() -> ClientBuilder {
                    Self::builder(Self::DEFAULT_BASE_URL)
                }
            }
        });
        quote! {
            /// A client of the API: cheap to clone, clones share their sessions.
            #[derive(Debug, Clone)]
            pub struct Client {
                transport: Arc<runtime::Transport<ErrorBody>>,
            }

            /// Configures a [`Client`]; see [`runtime::ClientBuilder`] for every setting.
            pub type ClientBuilder = runtime::ClientBuilder<Client>;

            impl runtime::ApiClient for Client {
                type ErrorBody = ErrorBody;

                fn from_transport(transport: runtime::Transport<ErrorBody>) -> Self {
                    Client { transport: Arc::new(transport) }
                }
            }

            impl Client {
                /// A client of the API at `base_url` (HTTPS), logging in with `credentials`, with the
                /// default timeouts and retries.
                pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Result<Self, Error> {
                    Self::builder(base_url).credentials(credentials).build()
                }

                /// A builder for a client of the API at `base_url`: credentials, timeouts, retries,
                /// extra root certificates, and plain HTTP for local tests.
                pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                    runtime::ClientBuilder::new(base_url) #(#routes)*
                }

                #default_base

                /// The transport under the client: its base URL, page size and login counts.
                pub fn transport(&self) -> &runtime::Transport<ErrorBody> {
                    &self.transport
                }

                #(#methods)*
            }
        }
    }

    /// The method of one endpoint and the items it needs (its params struct).
    fn endpoint(&mut self, endpoint: &Endpoint) -> (TokenStream, Vec<TokenStream>) {
        let api = self.space.api;
        let Some(http_method) = http_method(&endpoint.method) else {
            let diagnostic = Diagnostic::error(
                Code::SL049,
                format!("`{} {}`: `{}` is not an HTTP method the client can send", endpoint.method, endpoint.path, endpoint.method),
            )
            .help("write one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE or CONNECT, in capitals; the method is left out of the client");
            self.reporter.report(diagnostic, &endpoint.source);
            return (TokenStream::new(), Vec::new());
        };
        let name = self.names.methods.claim(&endpoint.id, &names::field_name(&endpoint.id)).ident;
        let method_ident = names::ident(&name);
        if let Some(login) = conventions::logins(api).into_iter().find(|login| login.endpoint.id == endpoint.id) {
            let index = &self.logins[login.index];
            let doc = self.method_doc(
                endpoint,
                "Logs in now with the client's credentials, replacing the current session of this API. \
                 Not needed before other calls: the client logs in on first use and again when a session expires.",
            );
            let method = quote! {
                #doc
                pub async fn #method_ident(&self) -> Result<(), Error> {
                    self.transport.login_now(#index).await
                }
            };
            return (method, Vec::new());
        }

        let (arguments, fields) = self.parameters(endpoint);
        // Every method takes its params struct, even an empty one: an
        // optional parameter documented later is then a new field, not a new
        // argument.
        let params = {
            let wanted = format!("{}Params", names::type_name(&endpoint.id));
            names::ident(&self.names.items.claim(&format!("{}.params", endpoint.id), &wanted).ident)
        };
        let body_type = conventions::body_type(endpoint).cloned();
        let command = body_type.as_ref().is_some_and(|ty| conventions::is_command(api, ty));
        let success = self.success(endpoint);
        let stream_name = match &success {
            Success::Page { .. } | Success::Walked { .. } => {
                Some(self.names.methods.claim(&format!("{}.stream", endpoint.id), &format!("{name}_stream")).ident)
            }
            _ => None,
        };

        let mut signature = Vec::new();
        for argument in &arguments {
            let ident = &argument.ident;
            let ty = &argument.by_ref;
            signature.push(quote!(#ident: #ty));
        }
        if let Some(ty) = &body_type {
            let ty = self.rust_type(ty, &endpoint.source);
            signature.push(quote!(body: &#ty));
        }
        signature.push(quote!(params: Option<&#params>));

        let path = &endpoint.path;
        let session = conventions::session_for(api, endpoint).map(|login| {
            let login = &self.logins[login.index];
            quote!(.session(#login))
        });
        let (security, security_note) = self.schemes.requirement(api, endpoint);
        let mut steps = Vec::new();
        for argument in &arguments {
            let ident = &argument.ident;
            let wire = &argument.wire;
            steps.push(match argument.location {
                ParamLocation::Path => quote!(.path_param(#wire, #ident)?),
                ParamLocation::Header => quote!(.header(#wire, #ident)?),
                _ => quote!(.query(#wire, #ident)?),
            });
        }
        for field in &fields {
            let ident = &field.ident;
            let wire = &field.wire;
            steps.push(match field.location {
                ParamLocation::Header => quote!(.header(#wire, &params.#ident)?),
                _ => quote!(.query(#wire, &params.#ident)?),
            });
        }
        if body_type.is_some() {
            steps.push(if command {
                quote!(.command_body(body, #PROCESS_UID_FIELD)?)
            } else {
                quote!(.json_body(body)?)
            });
        }
        let duplicates = if command { conventions::duplicate_refusals(api, endpoint) } else { Vec::new() };
        for refusal in &duplicates {
            let status = proc_macro2::Literal::u16_unsuffixed(refusal.status);
            let field = &refusal.field;
            let codes = &refusal.codes;
            steps.push(quote!(.duplicate_refusal(#status, #field, &[#(#codes),*])));
        }

        let error_arms: Vec<TokenStream> = endpoint
            .responses
            .iter()
            .filter(|response| response.status >= 400)
            .filter_map(|response| {
                let variant = self.error_variant(&response.ty)?;
                let status = proc_macro2::Literal::u16_unsuffixed(response.status);
                Some(quote!(#status => Err(raw.error_as(ErrorBody::#variant)),))
            })
            .collect();
        let mut decode = success.decode();
        let mut body_ty = success.body_type();
        // A command answers `Applied`: its answer, or the news that a lost
        // attempt was applied (whatever the documentation says of
        // duplicates, so the signature does not depend on it).
        let replay = if command {
            decode = quote!(#decode.map(|response| response.map(runtime::Applied::Answer)));
            body_ty = quote!(runtime::Applied<#body_ty>);
            quote! {
                if raw.is_replay() {
                    return Ok(raw.replayed());
                }
            }
        } else {
            quote!()
        };

        let mut notes = Vec::new();
        if command {
            let codes: Vec<String> =
                duplicates.iter().flat_map(|refusal| refusal.codes.iter().map(|code| format!("`{code}`"))).collect();
            let link = section_link(COMMANDS_SECTION);
            notes.push(if codes.is_empty() {
                format!("A command (see {link}); the documentation names no code for a command sent twice.")
            } else {
                format!("A command (see {link}); a retry refused with {} was applied.", codes.join(" or "))
            });
        }
        match (&success, &stream_name) {
            (Success::Page { .. }, Some(stream_name)) => notes.push(format!(
                "One page of the collection (`range` in the params, at most `Accept-Range` items); \
                 [`Self::{stream_name}`] walks all of it."
            )),
            (Success::Walked { .. }, Some(stream_name)) => notes.push(format!(
                "One page of the collection, as the params ask; [`Self::{stream_name}`] walks all of it."
            )),
            _ => {}
        }
        notes.extend(security_note);
        let doc = self.method_doc(endpoint, &notes.join("\n\n"));
        let answer = if error_arms.is_empty() {
            quote! {
                if raw.status().is_success() {
                    #decode
                } else {
                    Err(raw.error())
                }
            }
        } else {
            quote! {
                let status = raw.status();
                match status.as_u16() {
                    #(#error_arms)*
                    _ if status.is_success() => #decode,
                    _ => Err(raw.error()),
                }
            }
        };
        let take_params = if fields.is_empty() {
            quote!(let _ = params;)
        } else {
            quote! {
                let defaults = #params::default();
                let params = params.unwrap_or(&defaults);
            }
        };
        let mut methods = Vec::new();
        if let (Success::Walked { item, paging, .. }, Some(stream_name)) = (&success, &stream_name) {
            // The one-page method and the stream share a private method that
            // takes the page to ask for.
            let at_ident = names::ident(
                &self.names.methods.claim(&format!("{}.page_at", endpoint.id), &format!("{name}_page_at")).ident,
            );
            let idents: Vec<&proc_macro2::Ident> = arguments.iter().map(|argument| &argument.ident).collect();
            let allow = allow_many_inputs(1 + signature.len());
            let allow_at = allow_many_inputs(2 + signature.len());
            methods.push(quote! {
                #doc
                #allow
                pub async fn #method_ident(&self, #(#signature),*) -> Result<Response<#body_ty>, Error> {
                    self.#at_ident(#(#idents,)* params, None).await
                }

                #allow_at
                async fn #at_ident(&self, #(#signature,)* at: Option<runtime::PageAt>) -> Result<Response<#body_ty>, Error> {
                    #take_params
                    let mut request = runtime::Request::new(#http_method, #path) #session #security #(#steps)*;
                    if let Some(at) = at {
                        request = at.apply(request);
                    }
                    let raw = self.transport.execute(request).await?;
                    #answer
                }
            });
            let walk = Walk { at_ident: &at_ident, paging, item, pagination: endpoint.pagination.as_ref() };
            methods.push(walked_stream_method(&name, stream_name, &arguments, &params, &walk));
        } else {
            let allow = allow_many_inputs(1 + signature.len());
            methods.push(quote! {
                #doc
                #allow
                pub async fn #method_ident(&self, #(#signature),*) -> Result<Response<#body_ty>, Error> {
                    #take_params
                    let request = runtime::Request::new(#http_method, #path) #session #security #(#steps)*;
                    let raw = self.transport.execute(request).await?;
                    #replay
                    #answer
                }
            });
        }
        if let (Success::Page { item, .. }, Some(stream_name)) = (&success, &stream_name) {
            methods.push(stream_method(endpoint, &name, stream_name, &arguments, &params, item));
        }
        let items = vec![params_struct(endpoint, &params, &name, &fields)];
        (quote!(#(#methods)*), items)
    }
}

/// The `_stream` method of a collection: its page method called range after
/// range, with the other parameters as given.
fn stream_method(
    endpoint: &Endpoint,
    name: &str,
    stream_name: &str,
    arguments: &[Argument],
    params: &proc_macro2::Ident,
    item: &TokenStream,
) -> TokenStream {
    let stream_ident = names::ident(stream_name);
    let page_ident = names::ident(name);
    let range = endpoint.pagination.as_ref().map_or_else(|| "range".to_string(), |p| p.param.clone());
    let range_ident = names::ident(&names::field_name(&range));
    let idents: Vec<&proc_macro2::Ident> = arguments.iter().map(|argument| &argument.ident).collect();
    let allow = allow_many_inputs(2 + arguments.len());
    let signature = arguments.iter().map(|argument| {
        let ident = &argument.ident;
        let ty = &argument.by_ref;
        quote!(#ident: #ty)
    });
    let doc = format!(
        " Every item of the collection of [`Self::{name}`], in order (see {}).",
        section_link(RANGE_STREAMS_SECTION)
    );
    // `to_owned` rather than `clone`: the same line serves `&str`, and
    // arguments that are `Copy` as well as those that are only `Clone`.
    let inline = compiled_where_called();
    quote! {
        #[doc = #doc]
        #allow
        #inline
        pub fn #stream_ident(&self, #(#signature,)* params: Option<&#params>) -> PageStream<#item> {
            let client = self.clone();
            #(let #idents = #idents.to_owned();)*
            let params = params.cloned().unwrap_or_default();
            runtime::paginate_within(self.transport.stream_limits(), move |range| {
                let client = client.clone();
                #(let #idents = #idents.to_owned();)*
                let params = #params { #range_ident: Some(range), ..params.clone() };
                async move { client.#page_ident(#(&#idents,)* Some(&params)).await }
            })
        }
    }
}

/// `#[inline]` for a `_stream` method. The method boxes its stream as a
/// `dyn Stream`, which makes rustc compile the whole walk, with the decoding
/// of every model the pages hold, wherever the method itself is compiled.
/// Without the attribute that is the generated crate, for every stream,
/// used or not (about half of its release build); with it, the method is
/// compiled where it is called, as the `async` methods' bodies are, and a
/// program pays only for the streams it uses.
fn compiled_where_called() -> TokenStream {
    quote!(#[inline])
}

/// What the `_stream` method of a collection not in the `range` style needs.
struct Walk<'a> {
    /// The private method fetching one page.
    at_ident: &'a proc_macro2::Ident,
    /// The `Paging` constant.
    paging: &'a proc_macro2::Ident,
    item: &'a TokenStream,
    pagination: Option<&'a Pagination>,
}

/// The `_stream` method of a collection walked page by page, by offset, by
/// cursor or by next links: its page method asked for page after page.
fn walked_stream_method(
    name: &str,
    stream_name: &str,
    arguments: &[Argument],
    params: &proc_macro2::Ident,
    walk: &Walk<'_>,
) -> TokenStream {
    let stream_ident = names::ident(stream_name);
    let Walk { at_ident, paging, item, pagination } = walk;
    let idents: Vec<&proc_macro2::Ident> = arguments.iter().map(|argument| &argument.ident).collect();
    let allow = allow_many_inputs(2 + arguments.len());
    let signature = arguments.iter().map(|argument| {
        let ident = &argument.ident;
        let ty = &argument.by_ref;
        quote!(#ident: #ty)
    });
    let doc = docs::lines_to_attrs(&format!(
        "Every item of the collection of [`Self::{name}`], in order, fetched page by page. {}",
        pagination.map(stream_ending).unwrap_or_default()
    ));
    let inline = compiled_where_called();
    quote! {
        #doc
        #allow
        #inline
        pub fn #stream_ident(&self, #(#signature,)* params: Option<&#params>) -> PageStream<#item> {
            let client = self.clone();
            #(let #idents = #idents.to_owned();)*
            let params = params.cloned().unwrap_or_default();
            runtime::walk_pages(self.transport.stream_limits(), #paging, move |at| {
                let client = client.clone();
                #(let #idents = #idents.to_owned();)*
                let params = params.clone();
                async move { client.#at_ident(#(&#idents,)* Some(&params), Some(at)).await }
            })
        }
    }
}

/// How a walked collection moves on and ends, for its stream's doc.
fn stream_ending(pagination: &Pagination) -> String {
    let code = |text: &str| format!("`{}`", text.replace('`', "'"));
    let size = pagination
        .size_param
        .as_deref()
        .map(|size| format!(" It asks for the client's page size in {}.", code(size)))
        .unwrap_or_default();
    let moves = if pagination.link_header {
        "It follows the `Link` header's `rel=\"next\"` URL (on the base URL's server only)".to_string()
    } else if let Some(field) = &pagination.next_url_field {
        format!("It follows the URL in {} (on the base URL's server only)", code(field))
    } else {
        match pagination.style {
            PagingStyle::Page => format!(
                "It sets {} to the page number, from {}",
                code(&pagination.param),
                pagination.first_page.unwrap_or(1)
            ),
            PagingStyle::Offset => format!("It sets {} to the number of items read so far", code(&pagination.param)),
            _ => match (&pagination.next_field, &pagination.cursor_item_field) {
                (Some(field), _) => format!("It sets {} to the cursor in {}", code(&pagination.param), code(field)),
                (None, Some(field)) => {
                    format!("It sets {} to the {} of the last item", code(&pagination.param), code(field))
                }
                // Nothing to continue from: said rather than hidden.
                (None, None) => format!(
                    "No next cursor for {} is documented, so it reads the first page only",
                    code(&pagination.param)
                ),
            },
        }
    };
    let mut ends = vec!["an empty page".to_string()];
    if pagination.link_header || pagination.next_url_field.is_some() {
        ends.insert(0, "no next URL".to_string());
    } else if pagination.style == PagingStyle::Cursor {
        ends.insert(0, "a null or empty cursor".to_string());
    }
    if let Some(field) = &pagination.has_more_field {
        ends.insert(0, format!("{} false", code(field)));
    }
    if let Some(field) = &pagination.total_field {
        ends.insert(0, format!("as many items as {} says", code(field)));
    }
    if let Some(field) = &pagination.total_pages_field {
        ends.insert(0, format!("as many pages as {} says", code(field)));
    }
    format!(
        "{moves}; a page number or offset in `params` is replaced, a cursor in `params` is where it starts.{size} \
         It stops at {}; a cursor or URL that comes back ends it with an error, and the client's stream \
         limits apply.",
        ends.join(", or at ")
    )
}

impl Generator<'_, '_, '_, '_> {
    fn method_doc(&self, endpoint: &Endpoint, note: &str) -> TokenStream {
        let mut text = format!("{}\n\n`{} {}`", endpoint.name.trim(), endpoint.method, endpoint.path);
        let description = docs::rustdoc_markdown(&endpoint.description, &self.links);
        if !description.is_empty() {
            text.push_str("\n\n");
            text.push_str(&description);
        }
        if !note.is_empty() {
            text.push_str("\n\n");
            text.push_str(note);
        }
        docs::lines_to_attrs(&text)
    }

    /// The method arguments (path parameters, then required query and
    /// header parameters) and the params struct fields (optional ones).
    fn parameters(&mut self, endpoint: &Endpoint) -> (Vec<Argument>, Vec<ParamField>) {
        let api = self.space.api;
        // Arguments share the method body with its locals; fields only meet
        // each other.
        let mut scope = Scope::new();
        for fixed in ["self", "body", "params", "defaults", "request", "raw", "status", "client", "range"] {
            scope.reserve(fixed, fixed);
        }
        let mut field_scope = Scope::new();
        // Only a `range` parameter has a type of the runtime's; the others
        // keep the type the documentation gives.
        let pagination = endpoint
            .pagination
            .as_ref()
            .filter(|pagination| pagination.style == PagingStyle::Range)
            .map(|pagination| pagination.param.as_str());
        let mut arguments = Vec::new();
        for wire in path_placeholders(&endpoint.path) {
            // A path parameter is sometimes documented `in query`.
            let documented = endpoint.params.iter().find(|param| {
                param.name == wire && matches!(param.location, ParamLocation::Path | ParamLocation::Query)
            });
            let ty = match documented {
                Some(param) => param.ty.unwrap_option().clone(),
                None => TypeRef::String,
            };
            let ident = names::ident(&scope.claim(&wire, &names::field_name(&wire)).ident);
            let by_ref = self.argument_type(&ty, &endpoint.source);
            arguments.push(Argument { ident, wire, location: ParamLocation::Path, by_ref });
        }
        let mut fields = Vec::new();
        let placeholders = path_placeholders(&endpoint.path);
        for param in &endpoint.params {
            if !matches!(param.location, ParamLocation::Query | ParamLocation::Header)
                || placeholders.contains(&param.name)
                || param.name.is_empty()
            {
                continue;
            }
            if Some(param.name.as_str()) == pagination || pages_like_a_collection(api, param) {
                fields.push(ParamField {
                    ident: names::ident(&field_scope.claim(&param.name, &names::field_name(&param.name)).ident),
                    wire: param.name.clone(),
                    location: param.location,
                    ty: quote!(runtime::Range),
                    doc: docs::doc_attrs(&param.description, &self.links),
                });
                continue;
            }
            if param.required && !param.ty.is_option() {
                let ident = names::ident(&scope.claim(&param.name, &names::field_name(&param.name)).ident);
                let by_ref = self.argument_type(&param.ty, &param.source);
                arguments.push(Argument { ident, wire: param.name.clone(), location: param.location, by_ref });
                continue;
            }
            let ident = names::ident(&field_scope.claim(&param.name, &names::field_name(&param.name)).ident);
            let inner = self.rust_type(param.ty.unwrap_option(), &param.source);
            fields.push(ParamField {
                ident,
                wire: param.name.clone(),
                location: param.location,
                ty: inner,
                doc: docs::doc_attrs(&param.description, &self.links),
            });
        }
        if let Some(wire) = pagination.filter(|wire| !fields.iter().any(|field| field.wire == *wire)) {
            fields.insert(
                0,
                ParamField {
                    ident: names::ident(&names::field_name(wire)),
                    wire: wire.to_string(),
                    location: ParamLocation::Query,
                    ty: quote!(runtime::Range),
                    doc: quote!(#[doc = " The part of the collection to fetch."]),
                },
            );
        }
        (arguments, fields)
    }

    /// The `Paging` constant of a collection not in the `range` style.
    fn paging_const(&mut self, endpoint: &Endpoint, pagination: &Pagination) -> proc_macro2::Ident {
        let wanted = format!("{}_PAGING", names::unraw(&names::field_name(&endpoint.id)).to_ascii_uppercase());
        let ident = names::ident(&self.names.items.claim(&format!("{}.paging", endpoint.id), &wanted).ident);
        let style = match pagination.style {
            PagingStyle::Page => {
                let first = proc_macro2::Literal::u64_unsuffixed(pagination.first_page.unwrap_or(1));
                quote!(runtime::PageStyle::Number { first: #first })
            }
            PagingStyle::Offset => quote!(runtime::PageStyle::Offset),
            _ => quote!(runtime::PageStyle::Cursor),
        };
        let text = |value: &Option<String>| match value {
            Some(text) => quote!(Some(#text)),
            None => quote!(None),
        };
        let param = &pagination.param;
        let size_param = text(&pagination.size_param);
        let items_field = text(&pagination.items_field);
        let link_header = pagination.link_header;
        let next_url_field = text(&pagination.next_url_field);
        let next_field = text(&pagination.next_field);
        let cursor_item_field = text(&pagination.cursor_item_field);
        let has_more_field = text(&pagination.has_more_field);
        let total_field = text(&pagination.total_field);
        let total_pages_field = text(&pagination.total_pages_field);
        let doc = format!(" How `{} {}` is walked, as documented.", endpoint.method, endpoint.path.replace('`', "'"));
        self.paging_consts.push(quote! {
            #[doc = #doc]
            const #ident: runtime::Paging = runtime::Paging {
                style: #style,
                param: #param,
                size_param: #size_param,
                items_field: #items_field,
                link_header: #link_header,
                next_url_field: #next_url_field,
                next_field: #next_field,
                cursor_item_field: #cursor_item_field,
                has_more_field: #has_more_field,
                total_field: #total_field,
                total_pages_field: #total_pages_field,
            };
        });
        ident
    }

    fn argument_type(&mut self, ty: &TypeRef, place: &crate::ir::Source) -> TokenStream {
        if *ty == TypeRef::String {
            return quote!(&str);
        }
        let ty = self.rust_type(ty, place);
        quote!(&#ty)
    }

    /// How the endpoint's successful answers decode: the first documented
    /// 2xx type (the others are expected to agree), a page for collections.
    fn success(&mut self, endpoint: &Endpoint) -> Success {
        if let Some(pagination) = &endpoint.pagination {
            let item = self.rust_type(&pagination.item, &endpoint.source);
            if pagination.style == PagingStyle::Range {
                return Success::Page { item, items_field: pagination.items_field.clone() };
            }
            let paging = self.paging_const(endpoint, pagination);
            let item_cursor = match (&pagination.style, &pagination.next_field) {
                (PagingStyle::Cursor, None) => pagination.cursor_item_field.clone(),
                _ => None,
            };
            return Success::Walked { item, paging, item_cursor };
        }
        let documented = endpoint
            .responses
            .iter()
            .filter(|response| (200..300).contains(&response.status))
            .map(|response| &response.ty)
            .find(|ty| **ty != TypeRef::Empty);
        match documented {
            None => Success::Empty,
            Some(TypeRef::String) => Success::Text,
            Some(ty) => Success::Json(self.rust_type(ty, &endpoint.source)),
        }
    }
}

fn params_struct(endpoint: &Endpoint, ident: &proc_macro2::Ident, method: &str, fields: &[ParamField]) -> TokenStream {
    let mut doc = format!(
        "The optional parameters of [`Client::{method}`] (`{} {}`): start from `Default::default()` and set \
         fields with the `with_` methods (or directly).",
        endpoint.method, endpoint.path
    );
    if fields.is_empty() {
        doc.push_str(
            " None is documented yet; the method takes the struct all the same, so that one documented later \
             is a new field rather than a new argument.",
        );
    }
    let doc = docs::lines_to_attrs(&doc);
    let declarations = fields.iter().map(|field| {
        let ParamField { ident, ty, doc, .. } = field;
        quote!(#doc pub #ident: Option<#ty>,)
    });
    let setters = fields.iter().map(|field| {
        let ParamField { ident, ty, wire, .. } = field;
        let plain = names::unraw(&ident.to_string()).to_string();
        let setter = names::ident(&format!("with_{plain}"));
        let doc = docs::lines_to_attrs(&format!("Sets `{plain}` (`{}` on the wire).", wire.replace('`', "'")));
        quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, #ident: #ty) -> Self {
                self.#ident = Some(#ident);
                self
            }
        }
    });
    let setters = if fields.is_empty() {
        quote!()
    } else {
        quote! {
            impl #ident {
                #(#setters)*
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Default)]
        #[non_exhaustive]
        pub struct #ident {
            #(#declarations)*
        }
        #setters
    }
}

/// `{name}` placeholders of a path, in order (a whole segment, or part of
/// one: `{id}.json`).
fn path_placeholders(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|piece| {
            let open = piece.find('{')?;
            let close = open + piece[open..].find('}')?;
            Some(piece[open + 1..close].to_string())
        })
        .collect()
}

/// Whether `param` is documented as the page parameter of the API's
/// collections in the `range` style (same name, location and type) though
/// its own endpoint is not one: it gets the same `runtime::Range`, so a
/// parameter documented once has one Rust type on every endpoint.
fn pages_like_a_collection(api: &crate::ir::Api, param: &crate::ir::Param) -> bool {
    param.location == ParamLocation::Query
        && api.endpoints.iter().any(|endpoint| {
            endpoint.pagination.as_ref().is_some_and(|pagination| {
                pagination.style == PagingStyle::Range
                    && pagination.param == param.name
                    && endpoint
                        .params
                        .iter()
                        .any(|p| p.name == param.name && p.location == param.location && p.ty == param.ty)
            })
        })
}

/// `runtime::Method::GET`...: the methods the runtime has a constant for.
/// Any other is refused by the generator (SL049), never sent as another.
fn http_method(method: &str) -> Option<TokenStream> {
    const KNOWN: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"];
    let upper = method.to_ascii_uppercase();
    KNOWN.contains(&upper.as_str()).then(|| {
        let ident = format_ident!("{upper}");
        quote!(runtime::Method::#ident)
    })
}

/// Lets a method take as many inputs as its endpoint has path parameters:
/// each is an argument, so that none can be left out, which clippy's limit
/// of seven does not foresee.
fn allow_many_inputs(inputs: usize) -> TokenStream {
    const CLIPPY_LIMIT: usize = 7;
    if inputs > CLIPPY_LIMIT {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn fixture() -> crate::ir::Api {
        serde_json::from_str(include_str!("../../tests/fixtures/mini-api.json")).unwrap()
    }

    #[test]
    fn a_method_the_runtime_does_not_know_is_an_error_and_left_out() {
        let mut api = fixture();
        let endpoint = api.endpoints.iter_mut().find(|e| e.id == "get_company").unwrap();
        endpoint.method = "FETCH".to_string();
        let place = endpoint.source.clone();
        let mut diagnostics = Diagnostics::new();
        let krate = super::super::generate(&api, &Options::new("fixture"), &mut diagnostics);
        let refused: Vec<_> = diagnostics.iter().filter(|d| d.code == Code::SL049).collect();
        assert_eq!(refused.len(), 1, "{diagnostics:?}");
        assert_eq!(refused[0].severity, crate::diagnostics::Severity::Error);
        let at = format!("{}:{}:", place.file, place.line);
        assert!(refused[0].message.starts_with(&at), "placed at the endpoint: {}", refused[0].message);
        let client = krate.get("src/client.rs").unwrap();
        assert!(!client.contains("fn get_company(") && !client.contains("Method::POST).unwrap_or"), "{client}");
        assert!(client.contains("fn get_all_companies("));
    }

    #[test]
    fn a_range_parameter_has_the_runtime_type_on_every_endpoint() {
        let mut api = fixture();
        let collection = api.endpoints.iter().find(|e| e.id == "get_all_companies").unwrap();
        let range = collection.params.iter().find(|p| p.name == "range").unwrap().clone();
        let single = api.endpoints.iter_mut().find(|e| e.id == "get_company").unwrap();
        assert!(single.pagination.is_none());
        single.params.push(range);
        let krate = generate(&api);
        let client = krate.get("src/client.rs").unwrap();
        let squeezed: String = client.chars().filter(|c| !c.is_whitespace()).collect();
        let params = squeezed.split("pubstructGetCompanyParams{").nth(1).unwrap();
        assert!(params.starts_with("pubrange:Option<runtime::Range>,"), "{client}");
    }

    #[test]
    fn placeholders_are_found_whole_or_inside_a_segment() {
        assert_eq!(path_placeholders("/a/{id}/b/{code}.json/c"), ["id", "code"]);
    }

    fn generate(api: &crate::ir::Api) -> crate::rust::GeneratedCrate {
        let mut diagnostics = Diagnostics::new();
        super::super::generate(api, &Options::new("fixture"), &mut diagnostics)
    }

    #[test]
    fn the_crate_gets_a_client_and_the_runtime() {
        let krate = generate(&fixture());
        let client = krate.get("src/client.rs").unwrap();
        // Compared without layout: prettyplease decides where lines break.
        let squeeze = |text: &str| text.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(",)", ")");
        let squeezed = squeeze(client);
        for expected in [
            "pub async fn get_company(&self, company_uid: &models::SafeUuid, params: Option<&GetCompanyParams>) -> Result<Response<models::CompanyQueryView>, Error>",
            "pub fn get_all_companies_stream(&self, params: Option<&GetAllCompaniesParams>) -> PageStream<models::CompanyQueryView>",
            ".command_body(body, \"processUid\")?",
            "400 => Err(raw.error_as(ErrorBody::CompanyEventError)),",
            "pub async fn read_login(&self) -> Result<(), Error>",
            "if raw.is_replay() { return Ok(raw.replayed()); }",
            "Result<Response<runtime::Applied<Vec<models::CompanyEvent>>>, Error>",
            ".duplicate_refusal(400, \"errorType\", &[\"CommandAlreadySent\"])",
            ".session(Login::ReadLogin)",
            "impl From<Login> for runtime::LoginId",
            "raw.page(Some(\"result\"))",
            "pub companytype: Option<models::CompanyType>,",
            "pub range: Option<runtime::Range>,",
        ] {
            assert!(squeezed.contains(&squeeze(expected)), "missing `{expected}` in:\n{client}");
        }
        assert!(krate.get("runtime/src/transport.rs").unwrap().contains("pub struct Transport"));
        let lib = squeeze(krate.get("src/lib.rs").unwrap());
        assert!(lib.contains("#[cfg(feature=\"client\")]pubmodclient;"), "{lib}");
        assert!(lib.contains("pubusecodegen_runtimeasruntime;"), "{lib}");
        let manifest = krate.get("Cargo.toml").unwrap();
        assert!(
            manifest.contains(
                "codegen-runtime = { path = \"runtime\", package = \"fixture-runtime\", default-features = false }"
            ),
            "{manifest}"
        );
        assert!(!manifest.contains("reqwest"), "the runtime brings the HTTP crates: {manifest}");
    }

    fn auth_paging_fixture() -> crate::ir::Api {
        serde_json::from_str(include_str!("../../tests/fixtures/auth-paging.ir.json")).unwrap()
    }

    /// `text` without whitespace (prettyplease decides where lines break).
    fn squeeze(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(",)", ")").replace(",}", "}")
    }

    /// `text` with each paragraph of a doc comment on one line again, as
    /// it was before doc lines were wrapped.
    fn unwrapped(text: &str) -> String {
        let mut out = String::new();
        let mut previous_doc = false;
        for line in text.lines() {
            let body = line.trim_start().strip_prefix("///").map(|body| body.trim());
            match body {
                Some(body) if previous_doc && !body.is_empty() => {
                    out.push(' ');
                    out.push_str(body);
                }
                _ => {
                    out.push('\n');
                    out.push_str(line);
                }
            }
            previous_doc = body.is_some_and(|body| !body.is_empty());
        }
        out
    }

    fn assert_has(client: &str, expected: &[&str]) {
        let squeezed = squeeze(&unwrapped(client));
        for expected in expected {
            assert!(squeezed.contains(&squeeze(expected)), "missing `{expected}` in:\n{client}");
        }
    }

    #[test]
    fn schemes_become_constants_builder_methods_and_requirements() {
        let krate = generate(&auth_paging_fixture());
        let client = krate.get("src/client.rs").unwrap();
        assert_has(
            client,
            &[
                r#"pub const HEADER_KEY_SCHEME: runtime::Scheme = runtime::Scheme { name: "header_key", kind: runtime::SchemeKind::HeaderKey { name: "X-Api-Token", prefix: "Token token=" } };"#,
                r#"kind: runtime::SchemeKind::QueryKey { name: "api_key" }"#,
                r#"kind: runtime::SchemeKind::CookieKey { name: "session_key" }"#,
                r#"name: "oauth", kind: runtime::SchemeKind::Bearer"#,
                r#"name: "basic", kind: runtime::SchemeKind::Basic"#,
                r#"name: "signature", kind: runtime::SchemeKind::Unsupported"#,
                "pub trait ClientBuilderExt {",
                "fn with_header_key(self, credential: runtime::ApiKey) -> Self;",
                "fn with_oauth(self, credential: runtime::Bearer) -> Self;",
                "fn with_basic(self, credential: runtime::Basic) -> Self;",
                "impl ClientBuilderExt for runtime::ClientBuilder<Client> {",
                // The API's default, an endpoint's own, alternatives of schemes used together.
                r#"runtime::Request::new(runtime::Method::GET, "/pages").security(&[&[HEADER_KEY_SCHEME]])"#,
                ".security(&[&[BASIC_SCHEME]])",
                ".security(&[&[HEADER_KEY_SCHEME, QUERY_KEY_SCHEME], &[OAUTH_SCHEME]])",
                "Sends the `header_key` credential (an API key in header `X-Api-Token`, after `Token token=`) with",
                r#"pub const DEFAULT_BASE_URL: &'static str = "https://eu.api.example.com/v2";"#,
            ],
        );
        assert!(!client.contains("fn with_signature"), "no credential type for a scheme the client cannot send");
        // `security: []`: no credential.
        let get_thing = client.split("pub async fn get_thing").nth(1).unwrap().split("pub fn").next().unwrap();
        assert!(!get_thing.contains(".security("), "{get_thing}");
        assert!(client.contains("Sends no credential: the documentation says none is needed."));
    }

    #[test]
    fn every_paging_style_gets_a_stream_that_sets_its_parameters() {
        let krate = generate(&auth_paging_fixture());
        let client = krate.get("src/client.rs").unwrap();
        assert_has(
            client,
            &[
                "style: runtime::PageStyle::Number { first: 1 }, param: \"page\", size_param: Some(\"per_page\"), items_field: Some(\"data\")",
                "total_field: Some(\"meta.total\")",
                "link_header: true",
                "style: runtime::PageStyle::Cursor, param: \"page[cursor]\"",
                "next_field: Some(\"meta.next_cursor\")",
                "style: runtime::PageStyle::Offset",
                "has_more_field: Some(\"has_more\")",
                "cursor_item_field: Some(\"id\")",
                "next_url_field: Some(\"links.next\")",
                "total_pages_field: Some(\"meta.pages\")",
                "pub fn list_pages_stream(&self, params: Option<&ListPagesParams>) -> PageStream<models::Thing>",
                "runtime::walk_pages(self.transport.stream_limits(), LIST_CURSOR_PAGING, move |at|",
                "pub fn list_after_stream(&self, owner: &str, params: Option<&ListAfterParams>) -> PageStream<models::Thing>",
                "raw.paged(&LIST_AFTER_PAGING).map(|response| { response.map(|page| runtime::with_item_cursor(page, \"id\")) })",
                "raw.paged(&LIST_OFFSET_PAGING)",
                // The page parameters stay in the params for the one-page call.
                "pub page_cursor: Option<String>",
                "pub per_page: Option<i64>",
            ],
        );
        assert_eq!(client.matches("runtime::walk_pages(").count(), 6);
        assert!(unwrapped(client)
            .contains("It stops at `has_more` false, or at a null or empty cursor, or at an empty page"));
    }

    #[test]
    fn a_cursor_without_a_documented_source_is_said_to_stop_after_one_page() {
        let mut api = auth_paging_fixture();
        let cursor = api.endpoints.iter_mut().find(|endpoint| endpoint.id == "list_cursor").unwrap();
        cursor.pagination.as_mut().unwrap().next_field = None;
        let client = generate(&api).get("src/client.rs").unwrap().to_string();
        assert!(unwrapped(&client)
            .contains("No next cursor for `page[cursor]` is documented, so it reads the first page only"));
    }

    #[test]
    fn an_api_without_schemes_sends_no_credential() {
        let client = generate(&fixture()).get("src/client.rs").unwrap().to_string();
        assert!(!client.contains(".security(") && !client.contains("runtime::Scheme"), "{client}");
        assert!(!client.contains("DEFAULT_BASE_URL"));
    }

    #[test]
    fn the_client_and_tracing_are_features_of_the_manifest() {
        let manifest = generate(&fixture()).get("Cargo.toml").unwrap().to_string();
        for line in [
            "default = [\"client\"]",
            "client = [\"codegen-runtime/client\"]",
            "tracing = [\"client\", \"codegen-runtime/tracing\"]",
        ] {
            assert!(manifest.contains(line), "missing `{line}` in {manifest}");
        }
    }

    #[test]
    fn vendored_runtime_files_are_marked_as_generated() {
        let krate = generate(&fixture());
        for (name, _) in super::super::runtime::SOURCES {
            let text = krate.get(&format!("runtime/src/{name}")).unwrap();
            assert!(text.lines().next().unwrap().contains(GENERATED_MARKER), "{name}");
        }
        assert!(krate.get("runtime/Cargo.toml").unwrap().contains(GENERATED_MARKER));
    }
}
