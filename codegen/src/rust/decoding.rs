//! How values whose type the wire does not name are read.
//!
//! - A union without a discriminator is read by the shape of the value: the
//!   generated `Deserialize` hands the variants' field names to
//!   `types::shape::decode`, which tries the variants that fit best first
//!   (the same rule the example checks and the lint use: `crate::shape`).
//! - A union some field reads by the value of a sibling field (`variant_by`:
//!   a journal entry's `eventName` names what its `data` is) also gets
//!   `from_variant_name`, and an `Unknown` variant for names it has no
//!   variant for; the struct holding that field is read through a private
//!   mirror whose field is a plain JSON value, then converted
//!   (`#[serde(try_from)]`). Writing needs nothing special: the struct is
//!   written as it is held, so what was read is written back the same.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs;
use super::models::{field_idents, struct_body};
use super::names;
use super::{ItemContext, TypeKey};
use crate::ir::{Api, Field, Model, TypeRef};

/// The variant of a sibling-decided union that keeps a kind without a
/// variant of its own.
pub const UNKNOWN: &str = "Unknown";

/// A union variant as the decoders see it: its Rust name, its struct, and
/// the documented names of its fields.
#[derive(Debug)]
pub struct ShapedVariant<'v> {
    pub name: &'v Ident,
    pub payload: &'v Ident,
    pub wire_name: &'v str,
    pub fields: &'v [Field],
}

/// Whether a field of the API reads `union` by a sibling's value.
pub fn decided_by_sibling(api: &Api, union: &str) -> bool {
    api.models
        .iter()
        .flat_map(Model::all_fields)
        .any(|field| field.variant_by.is_some() && matches!(field.ty.unwrap_option(), TypeRef::Named(n) if n == union))
}

/// The path of a module of the crate's `types.rs` (`shape`, `tagged`).
pub fn support_path(cx: &ItemContext<'_, '_, '_, '_>, module: &str) -> TokenStream {
    let root: syn::Path = syn::parse_str(&cx.uses.root).unwrap_or_else(|_| syn::parse_quote!(crate));
    let module = names::ident(module);
    quote!(#root::types::#module)
}

/// `Deserialize` for a union told apart by its fields.
pub fn by_shape(ident: &Ident, variants: &[ShapedVariant<'_>], cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    cx.uses.deserializer = true;
    let shape = support_path(cx, "shape");
    let shapes = variants.iter().map(|v| {
        let name = v.wire_name;
        let fields = v.fields.iter().map(|f| f.name.as_str());
        let required = v.fields.iter().filter(|f| f.required && !f.ty.is_option()).map(|f| f.name.as_str());
        quote!(#shape::VariantShape { name: #name, fields: &[#(#fields),*], required: &[#(#required),*] },)
    });
    let reads: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let (name, payload) = (v.name, v.payload);
            quote!(#shape::read::<#payload, _>(text, #ident::#name))
        })
        .collect();
    let read = match reads.as_slice() {
        [] => quote!(|_, _| Err(serde::de::Error::custom("a union without variants holds no value"))),
        [only] => quote!(|_, text| #only),
        [first @ .., last] => {
            let indices = 0..first.len();
            quote!(|index, text| match index { #(#indices => #first,)* _ => #last })
        }
    };
    quote! {
        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const SHAPES: &[#shape::VariantShape<'static>] = &[#(#shapes)*];
                #shape::decode(deserializer, SHAPES, #read)
            }
        }
    }
}

/// `from_variant_name` of a union read by a sibling field's value.
pub fn from_variant_name(
    ident: &Ident,
    variants: &[ShapedVariant<'_>],
    cx: &ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let unknown = names::ident(UNKNOWN);
    let shape = support_path(cx, "shape");
    let arms = variants.iter().map(|v| {
        let (name, payload, wire) = (v.name, v.payload, v.wire_name);
        quote!(#wire => #shape::read_value::<#payload, _>(value, #ident::#name),)
    });
    quote! {
        impl #ident {
            /// Reads `value` as the variant called `name`: the value of the
            /// field beside it that names the variant. A name without a
            /// variant of its own is kept, with its value, as `Unknown`.
            pub fn from_variant_name(name: &str, value: &serde_json::Value) -> Result<Self, serde_json::Error> {
                match name {
                    #(#arms)*
                    _ => Ok(#ident::#unknown(value.clone())),
                }
            }
        }
    }
}

/// For a struct (or variant) with fields read by a sibling's value: the
/// `#[serde(try_from)]` attribute, the private mirror it is read through
/// and the conversion. `None` when no field is.
pub fn sibling_decoded(
    key: &TypeKey,
    fields: &[Field],
    owner_name: &str,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> Option<(TokenStream, TokenStream)> {
    let decided: Vec<(usize, &Field)> = fields.iter().enumerate().filter(|(_, f)| f.variant_by.is_some()).collect();
    if decided.is_empty() {
        return None;
    }
    let ident = names::ident(&cx.space.ident(key));
    let wire_ident = names::ident(&format!("{ident}Wire"));
    let wire_name = wire_ident.to_string();
    let mirror_fields: Vec<Field> = fields
        .iter()
        .map(|field| match &field.variant_by {
            Some(_) => {
                let any = if field.ty.is_option() { TypeRef::Option(Box::new(TypeRef::Any)) } else { TypeRef::Any };
                Field { ty: any, variant_by: None, description: String::new(), ..field.clone() }
            }
            None => Field { description: String::new(), ..field.clone() },
        })
        .collect();
    let mirror = struct_body(key, &mirror_fields, owner_name, cx).tokens;
    let mirror = rename_struct(mirror, &ident, &wire_ident);
    let rust_names = field_idents(fields);
    // Decided fields are read first: they borrow the sibling naming them,
    // which the struct then takes.
    let reads = decided.iter().map(|(index, field)| {
        let name = names::ident(&rust_names[*index]);
        let value = decided_value(field, &name, fields, &rust_names, cx);
        quote!(let #name = #value;)
    });
    let reads: Vec<TokenStream> = reads.collect();
    let converted = fields.iter().zip(&rust_names).map(|(field, rust_name)| {
        let name = names::ident(rust_name);
        match &field.variant_by {
            None => quote!(#name: wire.#name,),
            Some(_) => quote!(#name,),
        }
    });
    let attr = quote!(#[serde(try_from = #wire_name)]);
    let doc = docs::lines_to_attrs(&format!(
        "`{ident}` as it arrives, before the fields that name a variant are read by them."
    ));
    let items = quote! {
        #doc
        #[derive(Deserialize)]
        #mirror

        impl TryFrom<#wire_ident> for #ident {
            type Error = serde_json::Error;

            fn try_from(wire: #wire_ident) -> Result<Self, Self::Error> {
                #(#reads)*
                Ok(#ident { #(#converted)* })
            }
        }
    };
    Some((attr, items))
}

/// The expression reading a decided field from the mirror `wire`: the
/// union's `from_variant_name` with the sibling's value (a string, or an
/// enum's wire string).
fn decided_value(
    field: &Field,
    name: &Ident,
    fields: &[Field],
    rust_names: &[String],
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let union = match field.ty.unwrap_option() {
        TypeRef::Named(union) => cx.space.resolve(union).map(|key| names::ident(&cx.space.ident(&key))),
        _ => None,
    };
    let sibling = field.variant_by.as_deref().and_then(|sibling| fields.iter().position(|f| f.name == sibling));
    let (Some(union), Some(sibling)) = (union, sibling) else {
        // Extraction decides only fields whose union and sibling it read.
        return quote!(serde_json::to_value(&wire.#name).and_then(serde_json::from_value)?);
    };
    let sibling = names::ident(&rust_names[sibling]);
    if field.ty.is_option() || !field.required {
        quote!(wire.#name.as_ref().map(|value| #union::from_variant_name(wire.#sibling.as_str(), value)).transpose()?)
    } else {
        quote!(#union::from_variant_name(wire.#sibling.as_str(), &wire.#name)?)
    }
}

/// `pub struct Name { ... }` as `struct NameWire { ... }`: the mirror is
/// private to its module.
fn rename_struct(body: TokenStream, from: &Ident, to: &Ident) -> TokenStream {
    let mut tokens: Vec<proc_macro2::TokenTree> = body.into_iter().collect();
    let mut index = 0;
    while index + 2 < tokens.len() {
        let is_pub_struct = matches!(&tokens[index], proc_macro2::TokenTree::Ident(i) if i == "pub")
            && matches!(&tokens[index + 1], proc_macro2::TokenTree::Ident(i) if i == "struct")
            && matches!(&tokens[index + 2], proc_macro2::TokenTree::Ident(i) if i == from);
        if is_pub_struct {
            tokens.remove(index);
            tokens[index + 1] = proc_macro2::TokenTree::Ident(to.clone());
            break;
        }
        index += 1;
    }
    tokens.into_iter().collect()
}

/// Unions whose variants a generated crate must tell apart by shape.
pub fn reads_by_shape(model: &Model) -> bool {
    model.as_union().is_some_and(|union| union.tag.is_none() && union.variants.iter().all(|v| !v.bare))
}
