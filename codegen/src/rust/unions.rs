//! Unions: one enum per union model, and one struct per variant so that a
//! variant can be built and matched on by itself.
//!
//! - With a discriminator (`eventType`, `commandType`...): an internally
//!   tagged enum, `#[serde(tag = "eventType")]`, one newtype variant per
//!   variant struct, renamed to its discriminator value.
//! - Without one: told apart by their fields (`decoding::by_shape`), or by
//!   the value of a field beside them where the documentation says so
//!   (`decoding::from_variant_name`).
//! - With a variant written as a bare JSON string (`"AutomatonCaller"`):
//!   serde implemented by hand, reading either the string or an object.
//!
//! Enums and variant structs are `#[non_exhaustive]`, so a variant or a
//! field the documentation adds later does not break code that matches on
//! them; variant structs of a union that clients send get a constructor (see
//! [`struct_body`]).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::decoding;
use super::docs;
use super::models::{struct_body, StructBody};
use super::names::{self, Claimed, Scope};
use super::{ItemContext, TypeKey};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{Union, Variant};

/// One variant as the enum writes it.
struct EnumVariant<'m> {
    /// The variant's name inside the enum.
    name: Ident,
    /// The variant's struct, `None` for a bare variant.
    payload: Option<Ident>,
    /// The discriminator value (or the bare string).
    wire: String,
    variant: &'m Variant,
}

pub fn union_items(index: usize, union: &Union, cx: &mut ItemContext<'_, '_, '_, '_>) -> TokenStream {
    let model = &cx.space.api.models[index];
    let ident = names::ident(&cx.space.ident(&TypeKey::Model(index)));
    let variants = enum_variants(index, &model.name, union, cx);
    let has_bare = variants.iter().any(|v| v.payload.is_none());

    let representation = match (&union.tag, has_bare) {
        (Some(tag), false) => format!(
            "Told apart by the `{tag}` field. A `{tag}` this version of the crate does not know is kept, as \
             received, in the `{UNKNOWN}` variant: a server that documents a new kind does not break older clients."
        ),
        (Some(tag), true) => {
            format!("Told apart by the `{tag}` field; {} written as a bare string.", bare_list(&variants))
        }
        (None, false) if decoding::decided_by_sibling(cx.space.api, &model.name) => format!(
            "Told apart by the field beside it that names the variant (see [`{ident}::from_variant_name`]); a name \
             without a variant of its own is kept, with its value, in `{}`. Read alone, a value is the variant that \
             has all its required fields and knows most of its members.",
            decoding::UNKNOWN
        ),
        (None, false) => "Told apart by their fields: a value is the variant that has all its required fields and \
                          knows most of its members, the one with fewer fields on a tie."
            .to_string(),
        (None, true) => format!("Told apart by their fields; {} written as a bare string.", bare_list(&variants)),
    };
    let doc = cx.doc_with(&model.description, &representation);

    let declarations = variants.iter().map(|v| {
        let name = &v.name;
        let rename = match (&union.tag, &v.payload) {
            (Some(_), Some(_)) if v.wire != names::unraw(&name.to_string()) => {
                let wire = &v.wire;
                quote!(#[serde(rename = #wire)])
            }
            _ => quote!(),
        };
        let vdoc = docs::lines_to_attrs(&variant_doc(v, union.tag.as_deref()));
        match &v.payload {
            Some(payload) => quote!(#vdoc #rename #name(#payload),),
            None => quote!(#vdoc #name,),
        }
    });
    let enum_item = if has_bare {
        let size = large_variant_allowance(&variants);
        let impls = bare_union_impls(&ident, union.tag.as_deref(), &variants, cx);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            #size
            pub enum #ident { #(#declarations)* }
            #impls
        }
    } else if let Some(tag) = &union.tag {
        let size = large_variant_allowance(&variants);
        let (fallback, deserialize) = tagged_fallback(&ident, tag, &variants, cx);
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize)]
            #[serde(tag = #tag)]
            #[non_exhaustive]
            #size
            pub enum #ident {
                #(#declarations)*
                #fallback
            }
            #deserialize
        }
    } else {
        let size = large_variant_allowance(&variants);
        let shaped: Vec<decoding::ShapedVariant<'_>> = variants
            .iter()
            .filter_map(|v| {
                let payload = v.payload.as_ref()?;
                Some(decoding::ShapedVariant {
                    name: &v.name,
                    payload,
                    wire_name: &v.variant.name,
                    fields: &v.variant.fields,
                })
            })
            .collect();
        let deserialize = decoding::by_shape(&ident, &shaped, cx);
        let (unknown, by_name) = if decoding::decided_by_sibling(cx.space.api, &model.name) {
            let unknown = names::ident(decoding::UNKNOWN);
            (
                quote! {
                    /// A variant name without a variant of its own, and its value as received.
                    #unknown(serde_json::Value),
                },
                decoding::from_variant_name(&ident, &shaped, cx),
            )
        } else {
            (quote!(), quote!())
        };
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            #size
            pub enum #ident { #(#declarations)* #unknown }
            #deserialize
            #by_name
        }
    };
    let from_impls = variants.iter().filter_map(|v| {
        let payload = v.payload.as_ref()?;
        let name = &v.name;
        Some(quote! {
            impl From<#payload> for #ident {
                fn from(value: #payload) -> Self {
                    #ident::#name(value)
                }
            }
        })
    });
    let structs: Vec<TokenStream> = union
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.bare)
        .map(|(variant_index, variant)| variant_struct(index, variant_index, variant, cx))
        .collect();
    quote! {
        #enum_item
        #(#from_impls)*
        #(#structs)*
    }
}

/// The variant holding a tagged union's value of an unknown kind.
const UNKNOWN: &str = "Unknown";

/// The `Unknown(serde_json::Value)` variant of a tagged union, and the
/// `Deserialize` that fills it through the crate's one tagged-union reader
/// (`types::tagged::decode`): a known discriminator is read strictly (its
/// errors are reported, with their path), an unknown one is kept as
/// received.
fn tagged_fallback(
    ident: &Ident,
    tag: &str,
    variants: &[EnumVariant<'_>],
    cx: &ItemContext<'_, '_, '_, '_>,
) -> (TokenStream, TokenStream) {
    let fallback = names::ident(UNKNOWN);
    let tagged = decoding::support_path(cx, "tagged");
    // A value repeated by a later variant reads as the first one (SL012):
    // the later one is left out of the reading.
    let mut seen = BTreeSet::new();
    let arms = variants.iter().filter(|v| v.payload.is_some() && seen.insert(v.wire.as_str())).map(|v| {
        let name = &v.name;
        let wire = &v.wire;
        quote!(#wire => Some(reader.read(Self::#name)),)
    });
    let doc = docs::lines_to_attrs(&format!(
        "A `{tag}` this version of the crate does not know, kept as received (discriminator included)."
    ));
    let variant = quote! {
        #doc
        #[serde(untagged)]
        #fallback(serde_json::Value),
    };
    let deserialize = quote! {
        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use #tagged;
                let read = |wire: &str, reader: tagged::Reader<'_>| match wire {
                    #(#arms)*
                    _ => None,
                };
                tagged::decode(deserializer, #tag, read, Self::#fallback)
            }
        }
    };
    (variant, deserialize)
}

/// Variants are held by value, so that a variant is built and matched on
/// without a `Box`; clippy's size lint would ask for boxes.
fn large_variant_allowance(variants: &[EnumVariant<'_>]) -> TokenStream {
    if variants.iter().filter(|v| v.payload.is_some()).count() < 2 {
        return quote!();
    }
    quote!(#[allow(clippy::large_enum_variant, reason = "variants are held by value, to be built and matched without a Box")])
}

fn bare_list(variants: &[EnumVariant<'_>]) -> String {
    let bare: Vec<String> = variants.iter().filter(|v| v.payload.is_none()).map(|v| format!("`{}`", v.name)).collect();
    if bare.len() == 1 {
        format!("{} is", bare[0])
    } else {
        format!("{} are", bare.join(", "))
    }
}

fn variant_doc(v: &EnumVariant<'_>, tag: Option<&str>) -> String {
    let wire = v.wire.replace('`', "'");
    match (&v.payload, tag) {
        (None, _) => format!("Written as the string `\"{wire}\"`."),
        (Some(_), Some(tag)) => format!("Written with `\"{tag}\": \"{wire}\"`."),
        (Some(_), None) => String::new(),
    }
}

/// The variants in the order the enum lists them, named without collisions.
fn enum_variants<'m>(
    index: usize,
    union_name: &str,
    union: &'m Union,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> Vec<EnumVariant<'m>> {
    let mut seen_wire = BTreeSet::new();
    let mut variants = Vec::new();
    let claims = variant_idents(&union.variants);
    for (variant_index, (variant, claimed)) in union.variants.iter().zip(claims).enumerate() {
        if let Some(first) = &claimed.collided_with {
            cx.reporter.report(
                Diagnostic::warning(
                    Code::SL024,
                    format!(
                        "variants `{first}` and `{}` of `{}` are both the Rust variant `{}`; this one is `{}`",
                        variant.name,
                        union_name,
                        names::type_name(&variant.name),
                        claimed.ident
                    ),
                ),
                &variant.source,
            );
        }
        let wire = variant.tag_value.clone().unwrap_or_else(|| variant.name.clone());
        if (union.tag.is_some() || variant.bare) && !seen_wire.insert(wire.clone()) {
            cx.reporter.report(
                Diagnostic::warning(
                    Code::SL012,
                    format!(
                        "variant `{}` of `{}` repeats the discriminator value `{wire}`; only the first variant with it \
                         can be read",
                        variant.name, union_name
                    ),
                ),
                &variant.source,
            );
        }
        let payload = (!variant.bare).then(|| names::ident(&cx.space.ident(&TypeKey::Variant(index, variant_index))));
        variants.push(EnumVariant { name: names::ident(&claimed.ident), payload, wire, variant });
    }
    variants
}

/// The names of a union's variants inside its enum, in IR order.
pub fn variant_idents(variants: &[Variant]) -> Vec<Claimed> {
    let mut scope = Scope::new();
    variants.iter().map(|variant| scope.claim(&variant.name, &names::type_name(&variant.name))).collect()
}

fn variant_struct(
    union: usize,
    variant_index: usize,
    variant: &Variant,
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    let key = TypeKey::Variant(union, variant_index);
    let owner = format!("{}::{}", cx.space.api.models[union].name, variant.name);
    let mut note = format!("A variant of {}.", cx.link_to(&TypeKey::Model(union)));
    if variant.inferred {
        note.push_str(" Its fields are inferred from the documentation's example: it has no table.");
    }
    let doc = cx.doc_with(&variant.description, &note);
    let StructBody { tokens, constructor, derive_default } = struct_body(&key, &variant.fields, &owner, cx);
    let (read_through, mirror) = decoding::sibling_decoded(&key, &variant.fields, &owner, cx).unzip();
    let default = if derive_default { quote!(Default,) } else { quote!() };
    quote! {
        #doc
        #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        #read_through
        #tokens
        #mirror
        #constructor
    }
}

/// Serde by hand for a union with bare-string variants: the object variants
/// go through a private tagged (or untagged) enum, the bare ones through a
/// private enum of unit variants, which serde reads from a string.
fn bare_union_impls(
    ident: &Ident,
    tag: Option<&str>,
    variants: &[EnumVariant<'_>],
    cx: &mut ItemContext<'_, '_, '_, '_>,
) -> TokenStream {
    cx.uses.serializer = true;
    cx.uses.deserializer = true;
    let representation = match tag {
        Some(tag) => quote!(#[serde(tag = #tag)]),
        None => quote!(#[serde(untagged)]),
    };
    let rename = |v: &EnumVariant<'_>| {
        let wire = &v.wire;
        if *wire == names::unraw(&v.name.to_string()) {
            quote!()
        } else {
            quote!(#[serde(rename = #wire)])
        }
    };
    let serialize_arms = variants.iter().map(|v| {
        let name = &v.name;
        let wire = &v.wire;
        match &v.payload {
            Some(_) => quote!(#ident::#name(value) => Object::#name(value).serialize(serializer),),
            None => quote!(#ident::#name => serializer.serialize_str(#wire),),
        }
    });
    let object_refs = variants.iter().filter_map(|v| {
        let payload = v.payload.as_ref()?;
        let name = &v.name;
        let rename = rename(v);
        Some(quote!(#rename #name(&'a #payload),))
    });
    // The tagged form also reads a bare variant written as an object with
    // only its discriminator.
    let object_owned = variants.iter().filter(|v| v.payload.is_some() || tag.is_some()).map(|v| {
        let name = &v.name;
        let rename = rename(v);
        match &v.payload {
            Some(payload) => quote!(#rename #name(#payload),),
            None => quote!(#rename #name,),
        }
    });
    let bare = variants.iter().filter(|v| v.payload.is_none()).map(|v| {
        let name = &v.name;
        let rename = rename(v);
        quote!(#rename #name,)
    });
    let read_arms = variants.iter().map(|v| {
        let name = &v.name;
        match &v.payload {
            Some(_) => quote!(Wire::Object(ObjectOwned::#name(value)) => #ident::#name(value),),
            None if tag.is_some() => {
                quote!(Wire::Bare(Bare::#name) | Wire::Object(ObjectOwned::#name) => #ident::#name,)
            }
            None => quote!(Wire::Bare(Bare::#name) => #ident::#name,),
        }
    });
    let has_objects = variants.iter().any(|v| v.payload.is_some());
    let object_ref_enum = if has_objects {
        quote! {
            #[derive(Serialize)]
            #representation
            #[allow(clippy::enum_variant_names, reason = "the variants are the documented ones")]
            enum Object<'a> { #(#object_refs)* }
        }
    } else {
        quote!()
    };
    quote! {
        impl Serialize for #ident {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #object_ref_enum
                match self { #(#serialize_arms)* }
            }
        }

        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[derive(Deserialize)]
                #[allow(clippy::enum_variant_names, reason = "the variants are the documented ones")]
                enum Bare { #(#bare)* }
                #[derive(Deserialize)]
                #representation
                #[allow(clippy::enum_variant_names, reason = "the variants are the documented ones")]
                enum ObjectOwned { #(#object_owned)* }
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Wire {
                    Bare(Bare),
                    Object(ObjectOwned),
                }
                Ok(match Wire::deserialize(deserializer)? { #(#read_arms)* })
            }
        }
    }
}
