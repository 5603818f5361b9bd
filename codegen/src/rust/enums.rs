//! String enums from `ENUM` descriptions.
//!
//! Each documented value is a variant; a value the server adds later reads
//! as `Unknown(String)`, keeping the text, so an old client neither fails
//! nor loses it, and writes it back unchanged. `#[serde(other)]` would keep
//! the client running but lose the value, so serde is implemented by hand
//! (through `as_str` and `From<String>`). The enum is `#[non_exhaustive]`:
//! a value documented later is a new variant, which code outside the crate
//! already matches with a wildcard arm.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::names::{self, Scope};
use super::{ItemContext, TypeKey};
use crate::diagnostics::{Code, Diagnostic};

pub fn enum_item(index: usize, values: &[String], cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    let model = &cx.space.api.models[index];
    let ident = names::ident(&cx.space.ident(&TypeKey::Model(index)));
    let mut scope = Scope::new();
    let unknown = if values.iter().any(|v| names::type_name(v) == "Unknown") { "UnknownValue" } else { "Unknown" };
    scope.reserve(unknown, "(values this crate does not know)");
    let mut variants = Vec::new();
    for value in values {
        let claimed = scope.claim(value, &names::type_name(value));
        if let Some(first) = &claimed.collided_with {
            cx.reporter.report(
                Diagnostic::warning(
                    Code::SL024,
                    format!(
                        "values `{first}` and `{value}` of `{}` are both the Rust variant `{}`; this one is `{}`",
                        model.name,
                        names::type_name(value),
                        claimed.ident
                    ),
                ),
                &model.source,
            );
        }
        variants.push((value.as_str(), names::ident(&claimed.ident)));
    }
    let unknown = names::ident(unknown);
    let note = format!(
        "A value this version of the crate does not know reads as `{unknown}(text)` and is written back as it came."
    );
    let doc = cx.doc_with(&model.description, &note);
    cx.uses.serializer = true;
    cx.uses.deserializer = true;
    cx.uses.fmt = true;

    let declarations = variants.iter().map(|(value, variant)| {
        let doc = docs::lines_to_attrs(&format!("`\"{}\"`", value.replace('`', "'")));
        quote!(#doc #variant,)
    });
    let to_str = variants.iter().map(|(value, variant)| quote!(#ident::#variant => #value,));
    let from_str = variants.iter().map(|(value, variant)| quote!(#value => #ident::#variant,));
    let from_body = if variants.is_empty() {
        // A match with one catch-all arm is what clippy calls a needless match.
        quote!(#ident::#unknown(value.to_string()))
    } else {
        quote! {
            match value {
                #(#from_str)*
                other => #ident::#unknown(other.to_string()),
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ident {
            #(#declarations)*
            /// A value not documented when this crate was generated.
            #unknown(String),
        }

        impl #ident {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    #ident::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                #from_body
            }
        }

        impl From<String> for #ident {
            fn from(value: String) -> Self {
                #ident::from(value.as_str())
            }
        }

        impl fmt::Display for #ident {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #ident {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(#ident::from)
            }
        }
    }
}
