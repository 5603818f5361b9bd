//! Structs from field tables, aliases, and the marker types of constant
//! fields.
//!
//! Fields get `snake_case` names and serde renames back to the documented
//! names: `#[serde(rename_all = "camelCase")]` when that covers most fields,
//! a `#[serde(rename)]` on the others. An `Option` field is left out of the
//! JSON when it is `None`, because the documentation says an empty value is
//! not the same as an absent one. Unknown fields are ignored when reading, so
//! a field the server adds later does not break a client.

use heck::ToLowerCamelCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::decoding;
use super::docs;
use super::names::{self, Scope};
use super::{ItemContext, TypeKey};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Field, Scalar, Source, TypeRef};

/// A struct model, with the marker types of its constant fields.
pub fn struct_items(index: usize, cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    let model = &cx.space.api.models[index];
    let key = TypeKey::Model(index);
    let doc = cx.doc(&model.description);
    let body = struct_body(&key, &model.fields, &model.name, cx);
    let (read_through, mirror) = decoding::sibling_decoded(&key, &model.fields, &model.name, cx).unzip();
    let markers: Vec<TokenStream> = model
        .fields
        .iter()
        .enumerate()
        .filter_map(|(field_index, field)| {
            let marker = TypeKey::Constant(index, field_index);
            cx.space.name(&marker)?;
            Some(constant_marker(&marker, &key, field, cx))
        })
        .collect();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #read_through
        #body
        #mirror
        #(#markers)*
    }
}

/// Fields of a struct or a variant: `#[serde(...)] pub struct Name { ... }`.
pub fn struct_body(
    owner: &TypeKey,
    fields: &[Field],
    owner_name: &str,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let ident = names::ident(&cx.space.ident(owner));
    let mut planned = Vec::new();
    for ((index, field), claimed) in fields.iter().enumerate().zip(field_claims(fields)) {
        if let Some(first) = &claimed.collided_with {
            cx.reporter.report(
                Diagnostic::warning(
                    Code::SL024,
                    format!(
                        "fields `{first}` and `{}` of `{owner_name}` are both the Rust field `{}`; this one is `{}`",
                        field.name,
                        names::field_name(&field.name),
                        claimed.ident
                    ),
                )
                .help("give the fields names that differ by more than case and punctuation"),
                &field.source,
            );
        }
        planned.push((index, field, claimed.ident));
    }
    let camel_case =
        uses_camel_case(&planned.iter().map(|(_, f, i)| (f.name.as_str(), i.as_str())).collect::<Vec<_>>());
    let container = if camel_case { quote!(#[serde(rename_all = "camelCase")]) } else { quote!() };
    let field_tokens: Vec<TokenStream> = planned
        .iter()
        .map(|(index, field, rust_name)| {
            let serde_name = if camel_case {
                names::unraw(rust_name).to_lower_camel_case()
            } else {
                names::unraw(rust_name).to_string()
            };
            let rename = if serde_name != field.name {
                let documented = &field.name;
                quote!(#[serde(rename = #documented)])
            } else {
                quote!()
            };
            field_tokens(owner, *index, field, rust_name, rename, cx)
        })
        .collect();
    quote! {
        #container
        pub struct #ident {
            #(#field_tokens)*
        }
    }
}

/// The Rust names of a struct's fields, claimed in order.
fn field_claims(fields: &[Field]) -> Vec<names::Claimed> {
    let mut scope = Scope::new();
    fields.iter().map(|field| scope.claim(&field.name, &names::field_name(&field.name))).collect()
}

/// The Rust names of a struct's fields, in order, as [`struct_body`] gives them.
pub fn field_idents(fields: &[Field]) -> Vec<String> {
    field_claims(fields).into_iter().map(|claimed| claimed.ident).collect()
}

/// `rename_all = "camelCase"` when it spares more explicit renames than it
/// adds.
fn uses_camel_case(fields: &[(&str, &str)]) -> bool {
    let renames_without = fields.iter().filter(|(doc, rust)| names::unraw(rust) != *doc).count();
    let renames_with = fields.iter().filter(|(doc, rust)| names::unraw(rust).to_lower_camel_case() != *doc).count();
    renames_with < renames_without
}

fn field_tokens(
    owner: &TypeKey,
    index: usize,
    field: &Field,
    rust_name: &str,
    rename: TokenStream,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let name = names::ident(rust_name);
    let doc = cx.doc(&field.description);
    let marker = match owner {
        TypeKey::Model(model) => Some(TypeKey::Constant(*model, index)).filter(|k| cx.space.name(k).is_some()),
        _ => None,
    };
    if let Some(marker) = marker {
        let marker = names::ident(&cx.space.ident(&marker));
        return quote! { #doc #rename pub #name: #marker, };
    }
    if field.ty == TypeRef::Constant {
        cx.reporter.report(
            Diagnostic::warning(
                Code::SL015,
                format!("the constant field `{}` has no documented value; it is generated as a `String`", field.name),
            )
            .help("write the value in the description, such as `\"CreateAgency\"`"),
            &field.source,
        );
    }
    let optional = field.ty.is_option() || !field.required;
    let inner = field.ty.unwrap_option();
    let mut ty = cx.rust_type(inner, &field.source);
    if cx.space.is_boxed(owner, index) {
        ty = quote!(Box<#ty>);
    }
    if optional {
        quote! {
            #doc
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        }
    } else {
        quote! { #doc #rename pub #name: #ty, }
    }
}

/// A unit struct that is always one string on the wire, for a constant
/// field: it is written without being set, and a different value is refused
/// when reading.
fn constant_marker(
    marker: &TypeKey,
    owner: &TypeKey,
    field: &Field,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let ident = names::ident(&cx.space.ident(marker));
    let value = field.constant.clone().unwrap_or_default();
    let doc = docs::lines_to_attrs(&format!(
        "The `{}` of a {}: always `\"{}\"`.",
        field.name,
        cx.link_to(owner),
        value.replace('`', "'")
    ));
    cx.uses.serde_traits = true;
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct #ident;

        impl #ident {
            /// The value on the wire.
            pub const VALUE: &'static str = #value;
        }

        impl Serialize for #ident {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(Self::VALUE)
            }
        }

        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                if value == Self::VALUE {
                    Ok(#ident)
                } else {
                    Err(serde::de::Error::invalid_value(serde::de::Unexpected::Str(&value), &Self::VALUE))
                }
            }
        }
    }
}

/// `pub type Name = ...;` for a model that stands for a scalar.
pub fn alias_item(index: usize, cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    let model = &cx.space.api.models[index];
    let ident = names::ident(&cx.space.ident(&TypeKey::Model(index)));
    let doc = cx.doc(&model.description);
    let target = match model.alias {
        Some(scalar) => scalar_type(scalar),
        None => {
            report_unknown_alias(&model.name, &model.source, cx);
            quote!(serde_json::Value)
        }
    };
    quote! {
        #doc
        pub type #ident = #target;
    }
}

fn report_unknown_alias(name: &str, place: &Source, cx: &mut ItemContext<'_, '_, '_, '_>) {
    cx.reporter.report(
        Diagnostic::warning(
            Code::SL005,
            format!("the alias `{name}` does not say what it stands for; it is a JSON value"),
        ),
        place,
    );
}

/// The Rust type of a scalar the documentation names.
pub fn scalar_type(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::String => quote!(String),
        Scalar::Uuid => quote!(uuid::Uuid),
        Scalar::Date => quote!(chrono::NaiveDate),
        Scalar::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Scalar::Integer => quote!(i64),
        Scalar::Number => quote!(serde_json::Number),
        Scalar::Boolean => quote!(bool),
    }
}
