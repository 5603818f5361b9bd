//! `tests/examples.rs` of the generated crate: every JSON example of the
//! documentation, read into its type and written back.
//!
//! An example that is not JSON (SL014, from extraction) or disagrees with its
//! tables (SL015, from the lint stage) is left out; the top of the test file
//! lists what was left out and why, so a reader of the tests sees what is not
//! covered.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::decoding::decided_by_sibling;
use super::names::{self, Scope};
use super::types::ModuleUses;
use super::unions::variant_idents;
use super::{docs, Options, Reporter, TypeKey, TypeSpace};
use crate::diagnostics::{Code, Diagnostic};
use crate::examples::{json_examples, same_shape_as_earlier, validate_site, ExampleSite, ExampleTarget};
use crate::ir::Names;

/// The test file and how many examples it leaves out.
#[derive(Debug)]
pub struct ExampleTests {
    pub tokens: TokenStream,
    pub left_out: usize,
}

pub fn example_tests(space: &TypeSpace<'_>, options: &Options, reporter: &mut Reporter<'_>) -> ExampleTests {
    let krate = options.crate_ident();
    let mut uses = ModuleUses::new("(tests)", &krate);
    let mut test_names = Scope::new();
    let mut tests = Vec::new();
    let mut left_out = Vec::new();
    let index = space.api.names();
    for site in json_examples(space.api) {
        let place = format!("{}:{}", site.example.source.file, site.example.source.line);
        match check(&index, &site, reporter) {
            Err(reason) => left_out.push(format!("- `{place}` ({}): {reason}", site.owner)),
            Ok(value) => {
                let wanted = format!("{}_example", names::unraw(&names::field_name(&site.owner)));
                let name = names::ident(&test_names.claim(&site.owner, &wanted).ident);
                let doc = docs::lines_to_attrs(&format!("`{place}`: {}.", site.owner));
                let body = test_body(space, &site, &value, &mut uses, reporter);
                tests.push(quote! {
                    #doc
                    #[test]
                    fn #name() {
                        #body
                    }
                });
            }
        }
    }
    let mut header = format!(
        "Every JSON example of the documentation, read into its type and written back to JSON that means the \
         same (see `codegen_runtime::testing`).\n\n{} example(s) tested, {} left out.",
        tests.len(),
        left_out.len()
    );
    if !left_out.is_empty() {
        header.push_str("\n\nLeft out, with the reason:\n\n");
        header.push_str(&left_out.join("\n"));
    }
    let header = docs::inner_doc_attrs(&header);
    let imports = test_imports(&uses, &krate);
    let support = (!tests.is_empty()).then(|| {
        quote!(
            use codegen_runtime::testing as support;
        )
    });
    ExampleTests {
        tokens: {
            quote! {
            #header

            #support

            #imports
            #(#tests)*
            }
        },
        left_out: left_out.len(),
    }
}

/// The example's JSON when it can be tested, or why it cannot.
fn check(index: &Names<'_>, site: &ExampleSite<'_>, reporter: &mut Reporter<'_>) -> Result<Value, String> {
    let example = site.example;
    if let Some(invalid) = &example.invalid {
        // Extraction reported it already (SL014).
        return Err(format!("not valid JSON: {invalid}"));
    }
    let value: Value = serde_json::from_str(&example.text).map_err(|err| not_json(site, &err.to_string(), reporter))?;
    let mismatches = validate_site(index, site, &value);
    if mismatches.is_empty() {
        return Ok(value);
    }
    let listed: Vec<String> = mismatches.iter().take(5).map(|m| m.to_string()).collect();
    let more = mismatches.len().saturating_sub(listed.len());
    let mut summary = listed.join("; ");
    if more > 0 {
        summary.push_str(&format!("; and {more} more"));
    }
    // The lint stage reports each disagreement at its line (SL015).
    Err(format!("disagrees with its table: {summary}"))
}

fn not_json(site: &ExampleSite<'_>, why: &str, reporter: &mut Reporter<'_>) -> String {
    reporter.report(
        Diagnostic::warning(Code::SL014, format!("the example of {} is not valid JSON: {why}", site.owner))
            .help("fix the JSON; the example is left out of the generated tests"),
        &site.example.source,
    );
    format!("not valid JSON: {why}")
}

fn test_body(
    space: &TypeSpace<'_>,
    site: &ExampleSite<'_>,
    value: &Value,
    uses: &mut ModuleUses,
    reporter: &mut Reporter<'_>,
) -> TokenStream {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    let json = raw_string(&text);
    match &site.target {
        // A union told apart by a field beside it: its variant examples are
        // read by their name, as the enclosing object reads them.
        Some(ExampleTarget::Variant { union, variant })
            if told_apart_by_shape(union) && !variant.bare && decided_by_sibling(space.api, &union.name) =>
        {
            let (union_ident, variant_ident) = union_and_variant(space, union, variant, uses);
            let name = variant.name.as_str();
            quote! {
                let value = support::round_trip_with(#json, |json| #union_ident::from_variant_name(#name, json));
                assert!(matches!(value, #union_ident::#variant_ident(_)), "read as {value:?}");
            }
        }
        // Told apart by shape, a variant with the same fields as an earlier one
        // is never chosen (SL037): its example is tested as its own struct.
        Some(ExampleTarget::Variant { union, variant })
            if told_apart_by_shape(union)
                && !variant.bare
                && union.as_union().and_then(|parts| same_shape_as_earlier(parts, variant)).is_some() =>
        {
            let union_index = space.api.models.iter().position(|m| std::ptr::eq(m, *union)).unwrap_or_default();
            let position = union.variants().iter().position(|v| std::ptr::eq(v, *variant)).unwrap_or_default();
            let key = TypeKey::Variant(union_index, position);
            uses.siblings.insert(space.ident(&key));
            let ident = names::ident(&space.ident(&key));
            quote!(let _: #ident = support::round_trip(#json);)
        }
        Some(ExampleTarget::Variant { union, variant }) => {
            let (union_ident, variant_ident) = union_and_variant(space, union, variant, uses);
            let pattern = if variant.bare {
                quote!(#union_ident::#variant_ident)
            } else {
                quote!(#union_ident::#variant_ident(_))
            };
            quote! {
                let value: #union_ident = support::round_trip(#json);
                assert!(matches!(value, #pattern), "read as {value:?}");
            }
        }
        Some(ExampleTarget::Type(ty)) => {
            let ty = space.rust_type(ty, uses, reporter);
            match &site.items_field {
                Some(field) => quote!(let _: #ty = support::round_trip_items(#json, #field);),
                None => quote!(let _: #ty = support::round_trip(#json);),
            }
        }
        None => quote!(),
    }
}

/// The Rust names of a union and of one of its variants inside it.
fn union_and_variant(
    space: &TypeSpace<'_>,
    union: &crate::ir::Model,
    variant: &crate::ir::Variant,
    uses: &mut ModuleUses,
) -> (proc_macro2::Ident, proc_macro2::Ident) {
    let union_index = space.api.models.iter().position(|m| std::ptr::eq(m, union)).unwrap_or_default();
    let union_key = TypeKey::Model(union_index);
    uses.siblings.insert(space.ident(&union_key));
    let position = union.variants().iter().position(|v| std::ptr::eq(v, variant)).unwrap_or_default();
    (names::ident(&space.ident(&union_key)), names::ident(&variant_idents(union.variants())[position].ident))
}

/// A union with no discriminator field, read by the shape of the value.
fn told_apart_by_shape(union: &crate::ir::Model) -> bool {
    union.as_union().is_some_and(|union| union.tag.is_none())
}

/// `r#"..."#` with as many `#` as the text needs.
fn raw_string(text: &str) -> Literal {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| Literal::string(text))
}

fn test_imports(uses: &ModuleUses, krate: &str) -> TokenStream {
    let mut lines = Vec::new();
    for path in &uses.uses {
        if let Ok(path) = syn::parse_str::<syn::Path>(path) {
            lines.push(quote!(use #path;));
        }
    }
    if !uses.siblings.is_empty() {
        let krate = names::ident(krate);
        let models = uses.siblings.iter().map(|s| names::ident(s));
        lines.push(quote!(use #krate::models::{#(#models),*};));
    }
    quote!(#(#lines)*)
}
