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
use crate::ir::{Field, Scalar, TypeRef};

/// A struct model, with the marker types of its constant fields.
pub fn struct_items(index: usize, fields: &[Field], cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    let model = &cx.space.api.models[index];
    let key = TypeKey::Model(index);
    let doc = cx.doc(&model.description);
    let body = struct_body(&key, fields, &model.name, cx);
    let (read_through, mirror) = decoding::sibling_decoded(&key, fields, &model.name, cx).unzip();
    let markers: Vec<TokenStream> = fields
        .iter()
        .enumerate()
        .filter_map(|(field_index, field)| {
            let marker = TypeKey::Constant(index, field_index);
            cx.space.name(&marker)?;
            Some(constant_marker(&marker, &key, field, cx))
        })
        .collect();
    let StructBody { derive_default, tokens, constructor } = body;
    let default = if derive_default { quote!(Default,) } else { quote!() };
    quote! {
        #doc
        #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        #read_through
        #tokens
        #mirror
        #constructor
        #(#markers)*
    }
}

/// A struct's declaration and, for a struct that clients send, its
/// constructor.
#[derive(Debug)]
pub struct StructBody {
    /// `#[serde(...)] pub struct Name { ... }`, without derives.
    pub tokens: TokenStream,
    /// `impl Name { new, with_... }`, or nothing for a struct only read.
    pub constructor: TokenStream,
    /// The struct is sent and has no required field: `Default` is derived,
    /// as `new()` alone would ask for.
    pub derive_default: bool,
}

/// How one field is written, for the declaration and the constructor.
#[derive(Debug)]
struct FieldShape {
    ident: proc_macro2::Ident,
    /// The value's type: without the `Option` and the `Box`.
    ty: TokenStream,
    /// The value is held in a `Box` (a field that points back at its owner).
    boxed: bool,
    optional: bool,
    /// The marker type of a constant field, which the constructor fills in.
    marker: Option<proc_macro2::Ident>,
    /// The name on the wire.
    wire: String,
}

/// Fields of a struct or a variant.
///
/// Every struct is `#[non_exhaustive]`: a field the documentation adds later
/// is then a compatible change of the crate, not only of the wire. Code
/// outside the crate cannot write a struct literal, so a struct that clients
/// send gets `new` (its required fields, in documentation order; optional
/// fields start as `None`) and a `with_` setter per optional field. Structs
/// that are only read get neither, so a required field added to an answer
/// changes no signature.
pub fn struct_body(
    owner: &TypeKey,
    fields: &[Field],
    owner_name: &str,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> StructBody {
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
    let mut shapes = Vec::new();
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
            let shape = field_shape(owner, *index, field, rust_name, cx);
            let tokens = field_tokens(field, &shape, rename, cx);
            shapes.push(shape);
            tokens
        })
        .collect();
    let sent = cx.space.is_sent(owner);
    let derive_default = sent && shapes.iter().all(|shape| shape.optional || shape.marker.is_some());
    let constructor = if sent { constructor(&ident, &shapes) } else { quote!() };
    StructBody {
        tokens: quote! {
            #container
            pub struct #ident {
                #(#field_tokens)*
            }
        },
        constructor,
        derive_default,
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

fn field_shape(
    owner: &TypeKey,
    index: usize,
    field: &Field,
    rust_name: &str,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> FieldShape {
    let ident = names::ident(rust_name);
    let wire = field.name.clone();
    let marker = match owner {
        TypeKey::Model(model) => Some(TypeKey::Constant(*model, index)).filter(|k| cx.space.name(k).is_some()),
        _ => None,
    };
    if let Some(marker) = marker {
        let marker = names::ident(&cx.space.ident(&marker));
        return FieldShape { ident, ty: quote!(#marker), boxed: false, optional: false, marker: Some(marker), wire };
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
    let ty = cx.rust_type(field.ty.unwrap_option(), &field.source);
    let boxed = cx.space.is_boxed(owner, index);
    FieldShape { ident, ty, boxed, optional, marker: None, wire }
}

fn field_tokens(
    field: &Field,
    shape: &FieldShape,
    rename: TokenStream,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let doc = cx.doc(&field.description);
    let FieldShape { ident, ty, .. } = shape;
    let ty = if shape.boxed { quote!(Box<#ty>) } else { ty.clone() };
    if shape.optional {
        quote! {
            #doc
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #ident: Option<#ty>,
        }
    } else {
        quote! { #doc #rename pub #ident: #ty, }
    }
}

/// More arguments than this and clippy asks for a builder; a constructor
/// with one argument per required field is the point here (a required field
/// added later must not compile unnoticed), so the lint is allowed instead.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `new` with the required fields, and a `with_` setter per optional one.
fn constructor(ident: &proc_macro2::Ident, shapes: &[FieldShape]) -> TokenStream {
    let required: Vec<&FieldShape> = shapes.iter().filter(|s| !s.optional && s.marker.is_none()).collect();
    let arguments = required.iter().map(|shape| {
        let FieldShape { ident, ty, .. } = shape;
        quote!(#ident: #ty)
    });
    let initializers = shapes.iter().map(|shape| {
        let name = &shape.ident;
        match (&shape.marker, shape.optional, shape.boxed) {
            (Some(marker), _, _) => quote!(#name: #marker,),
            (None, true, _) => quote!(#name: None,),
            (None, false, true) => quote!(#name: Box::new(#name),),
            (None, false, false) => quote!(#name,),
        }
    });
    let allow = if required.len() > CLIPPY_MAX_ARGUMENTS {
        quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field, in documentation order")])
    } else {
        quote!()
    };
    let listed: Vec<String> = required.iter().map(|s| format!("`{}`", s.wire.replace('`', "'"))).collect();
    let has_optional = shapes.iter().any(|s| s.optional);
    let new_doc = match (required.is_empty(), has_optional) {
        (true, _) => "Builds a value with every field `None`; set them with the `with_` methods.".to_string(),
        (false, false) => format!("Builds a value from its fields ({}), in documentation order.", listed.join(", ")),
        (false, true) => format!(
            "Builds a value from its required fields ({}), in documentation order; the optional fields start as \
             `None` and are set with the `with_` methods.",
            listed.join(", ")
        ),
    };
    let new_doc = docs::lines_to_attrs(&new_doc);
    let setters = shapes.iter().filter(|s| s.optional).map(|shape| {
        let FieldShape { ident: field, ty, boxed, wire, .. } = shape;
        let setter = names::ident(&format!("with_{}", names::unraw(&field.to_string())));
        let value = if *boxed { quote!(Box::new(#field)) } else { quote!(#field) };
        let doc = docs::lines_to_attrs(&format!(
            "Sets `{}` (`{}` on the wire).",
            names::unraw(&field.to_string()),
            wire.replace('`', "'")
        ));
        quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, #field: #ty) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    });
    quote! {
        impl #ident {
            #new_doc
            #allow
            pub fn new(#(#arguments),*) -> Self {
                #ident { #(#initializers)* }
            }

            #(#setters)*
        }
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
    cx.uses.serializer = true;
    cx.uses.deserializer = true;
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
pub fn alias_item(index: usize, of: Scalar, cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    let model = &cx.space.api.models[index];
    let ident = names::ident(&cx.space.ident(&TypeKey::Model(index)));
    let doc = cx.doc(&model.description);
    let target = scalar_type(of);
    quote! {
        #doc
        pub type #ident = #target;
    }
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
