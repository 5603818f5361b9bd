//! The client's authentication, from the IR's security schemes: one
//! `runtime::Scheme` constant per scheme, a typed builder method per scheme
//! the client can send by itself, and per endpoint the requirement its
//! requests carry (`.security(...)`) with the sentence its doc gives.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::names::{self, Scope};
use crate::conventions;
use crate::ir::{Api, Endpoint, SecurityScheme};

/// How a scheme's credential travels, as the runtime's `SchemeKind`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    HeaderKey { name: String, prefix: String },
    QueryKey { name: String },
    CookieKey { name: String },
    Bearer,
    Basic,
    Unsupported,
}

impl Kind {
    fn of(scheme: &SecurityScheme) -> Kind {
        let parameter = scheme.parameter.clone().filter(|name| !name.trim().is_empty());
        match (scheme.kind.as_str(), scheme.location.as_deref(), parameter) {
            ("apiKey", Some("header"), Some(name)) => {
                Kind::HeaderKey { name, prefix: scheme.prefix.clone().unwrap_or_default() }
            }
            ("apiKey", Some("query"), Some(name)) => Kind::QueryKey { name },
            ("apiKey", Some("cookie"), Some(name)) => Kind::CookieKey { name },
            ("http", ..) => match scheme.scheme.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("bearer") => Kind::Bearer,
                Some("basic") => Kind::Basic,
                _ => Kind::Unsupported,
            },
            ("oauth2" | "openIdConnect", ..) => Kind::Bearer,
            _ => Kind::Unsupported,
        }
    }

    fn tokens(&self) -> TokenStream {
        match self {
            Kind::HeaderKey { name, prefix } => quote!(runtime::SchemeKind::HeaderKey { name: #name, prefix: #prefix }),
            Kind::QueryKey { name } => quote!(runtime::SchemeKind::QueryKey { name: #name }),
            Kind::CookieKey { name } => quote!(runtime::SchemeKind::CookieKey { name: #name }),
            Kind::Bearer => quote!(runtime::SchemeKind::Bearer),
            Kind::Basic => quote!(runtime::SchemeKind::Basic),
            Kind::Unsupported => quote!(runtime::SchemeKind::Unsupported),
        }
    }

    /// The runtime type of its credential, when the client can send it.
    fn credential(&self) -> Option<TokenStream> {
        match self {
            Kind::HeaderKey { .. } | Kind::QueryKey { .. } | Kind::CookieKey { .. } => Some(quote!(runtime::ApiKey)),
            Kind::Bearer => Some(quote!(runtime::Bearer)),
            Kind::Basic => Some(quote!(runtime::Basic)),
            Kind::Unsupported => None,
        }
    }

    /// Where the credential goes, for docs.
    fn described(&self) -> String {
        let quoted = |text: &str| text.replace('`', "'");
        match self {
            Kind::HeaderKey { name, prefix } if prefix.is_empty() => format!("an API key in header `{}`", quoted(name)),
            Kind::HeaderKey { name, prefix } => {
                format!("an API key in header `{}`, after `{}`", quoted(name), quoted(prefix))
            }
            Kind::QueryKey { name } => format!("an API key in query parameter `{}`", quoted(name)),
            Kind::CookieKey { name } => format!("an API key in cookie `{}`", quoted(name)),
            Kind::Bearer => "a bearer token in `Authorization: Bearer …`".to_string(),
            Kind::Basic => "HTTP basic credentials in `Authorization: Basic …`".to_string(),
            Kind::Unsupported => "a credential the client cannot send by itself (a hook can add it)".to_string(),
        }
    }
}

struct SchemeConst {
    /// The documented name.
    name: String,
    ident: Ident,
    kind: Kind,
}

/// The API's schemes as constants.
pub(super) struct Schemes {
    schemes: Vec<SchemeConst>,
}

impl Schemes {
    /// One constant per documented scheme, named in `items`.
    pub fn new(api: &Api, items: &mut Scope) -> Self {
        let schemes = api
            .security_schemes
            .iter()
            .filter(|scheme| !scheme.name.is_empty())
            .map(|scheme| {
                let wanted = format!("{}_SCHEME", names::unraw(&names::field_name(&scheme.name)).to_ascii_uppercase());
                let ident = names::ident(&items.claim(&format!("{}.scheme", scheme.name), &wanted).ident);
                SchemeConst { name: scheme.name.clone(), ident, kind: Kind::of(scheme) }
            })
            .collect();
        Schemes { schemes }
    }

    pub fn is_empty(&self) -> bool {
        self.schemes.is_empty()
    }

    fn find(&self, name: &str) -> Option<&SchemeConst> {
        self.schemes.iter().find(|scheme| scheme.name == name)
    }

    /// The `pub const` of every scheme.
    pub fn consts(&self) -> TokenStream {
        let consts = self.schemes.iter().map(|scheme| {
            let SchemeConst { name, ident, kind } = scheme;
            let doc = format!(" The `{}` scheme: {}.", name.replace('`', "'"), kind.described());
            let kind = kind.tokens();
            quote! {
                #[doc = #doc]
                pub const #ident: runtime::Scheme = runtime::Scheme { name: #name, kind: #kind };
            }
        });
        quote!(#(#consts)*)
    }

    /// A builder method per scheme the client can send, its credential
    /// typed by kind, on an extension trait: the builder is the runtime's
    /// type, which a generated crate cannot give inherent methods.
    pub fn builder_methods(&self, client: &Ident) -> TokenStream {
        let mut scope = Scope::new();
        let (declarations, bodies): (Vec<TokenStream>, Vec<TokenStream>) = self
            .schemes
            .iter()
            .filter_map(|scheme| {
                let credential = scheme.kind.credential()?;
                let wanted = format!("with_{}", names::unraw(&names::field_name(&scheme.name)));
                let method = names::ident(&scope.claim(&scheme.name, &wanted).ident);
                let ident = &scheme.ident;
                let doc = format!(
                    " The credential of the `{}` scheme: {}. Held as a secret, never shown.",
                    scheme.name.replace('`', "'"),
                    scheme.kind.described()
                );
                let declaration = quote! {
                    #[doc = #doc]
                    fn #method(self, credential: #credential) -> Self;
                };
                let body = quote! {
                    fn #method(self, credential: #credential) -> Self {
                        self.credential_for(#ident.name, credential)
                    }
                };
                Some((declaration, body))
            })
            .unzip();
        if declarations.is_empty() {
            return quote!();
        }
        quote! {
            /// The credentials of the documented schemes, one method of the
            /// [`ClientBuilder`] each: `Client::builder(url).with_…(credential)`.
            pub trait ClientBuilderExt {
                #(#declarations)*
            }

            impl ClientBuilderExt for runtime::ClientBuilder<#client> {
                #(#bodies)*
            }
        }
    }

    /// The `.security(...)` step of `endpoint`'s requests and the sentence
    /// its doc gives; nothing for an API that documents no scheme.
    pub fn requirement(&self, api: &Api, endpoint: &Endpoint) -> (TokenStream, Option<String>) {
        if self.is_empty() {
            return (quote!(), None);
        }
        let mut alternatives = Vec::new();
        let mut sentences = Vec::new();
        for requirement in conventions::security_for(api, endpoint) {
            // An alternative naming an undocumented scheme can never be met.
            let Some(schemes) =
                requirement.schemes.iter().map(|used| self.find(&used.name)).collect::<Option<Vec<_>>>()
            else {
                continue;
            };
            let idents = schemes.iter().map(|scheme| &scheme.ident);
            alternatives.push(quote!(&[#(#idents),*]));
            sentences.push(if schemes.is_empty() {
                "no credential".to_string()
            } else {
                schemes
                    .iter()
                    .map(|scheme| {
                        format!("the `{}` credential ({})", scheme.name.replace('`', "'"), scheme.kind.described())
                    })
                    .collect::<Vec<_>>()
                    .join(" with ")
            });
        }
        if alternatives.is_empty() {
            return (quote!(), Some("Sends no credential: the documentation says none is needed.".to_string()));
        }
        let note = if sentences.len() == 1 {
            format!("Sends {}.", sentences[0])
        } else {
            format!("Sends {}: the first of these the client holds every credential for.", sentences.join(", or "))
        };
        (quote!(.security(&[#(#alternatives),*])), Some(note))
    }
}
