//! Snapshots of the tokens generated for each mapping, on the small API of
//! `codegen/tests/fixtures/mini.ir.json`. How the generated code behaves is
//! tested in `codegen/tests/mini-api/tests/mappings.rs`.

use super::*;
use crate::diagnostics::Code;

fn mini_api() -> Api {
    serde_json::from_str(include_str!("../../tests/fixtures/mini.ir.json")).expect("the fixture is IR JSON")
}

fn generated() -> (GeneratedCrate, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let krate = generate(&mini_api(), &Options::new("mini-api"), &mut diagnostics);
    (krate, diagnostics)
}

/// The items of the crate's models that define or implement `names`, as
/// formatted code.
fn items_named(krate: &GeneratedCrate, names: &[&str]) -> String {
    let mut items = Vec::new();
    for (path, text) in &krate.files {
        if !path.starts_with("src/models/") {
            continue;
        }
        let file = syn::parse_file(text).expect("generated files parse");
        for item in file.items {
            let name = match &item {
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Enum(e) => e.ident.to_string(),
                syn::Item::Type(t) => t.ident.to_string(),
                syn::Item::Impl(i) => quote::ToTokens::to_token_stream(&i.self_ty).to_string(),
                _ => continue,
            };
            if names.contains(&name.as_str()) {
                items.push(item);
            }
        }
    }
    format_file(quote!(#(#items)*))
}

#[test]
fn struct_with_keyword_option_non_empty_list_map_and_recursive_fields() {
    let (krate, _) = generated();
    insta::assert_snapshot!(items_named(&krate, &["TicketQueryView"]));
}

#[test]
fn enum_with_an_unknown_value() {
    let (krate, _) = generated();
    insta::assert_snapshot!(items_named(&krate, &["TicketQueryViewStatus"]));
}

#[test]
fn tagged_union_with_a_variant_struct_each() {
    let (krate, _) = generated();
    insta::assert_snapshot!(items_named(&krate, &["Name", "PoorName", "CivilName"]));
}

#[test]
fn union_with_a_bare_string_variant() {
    let (krate, _) = generated();
    insta::assert_snapshot!(items_named(&krate, &["CallerType"]));
}

#[test]
fn recursive_untagged_union_is_boxed_and_read_by_shape() {
    let (krate, _) = generated();
    insta::assert_snapshot!(items_named(&krate, &["Tree", "Leaf", "Node", "AddressForCommand"]));
}

#[test]
fn lone_struct_with_a_constant() {
    let (krate, _) = generated();
    insta::assert_snapshot!(items_named(&krate, &["CreateAgency", "CreateAgencyCommandType"]));
}

#[test]
fn example_tests_and_what_they_leave_out() {
    let (krate, _) = generated();
    insta::assert_snapshot!(krate.get("tests/examples.rs").unwrap_or_default());
}

#[test]
fn collisions_and_unknown_types_are_diagnostics() {
    let (_, diagnostics) = generated();
    let found: Vec<(Code, String)> = diagnostics.iter().map(|d| (d.code, d.message.clone())).collect();
    let has = |code: Code, text: &str| found.iter().any(|(c, m)| *c == code && m.contains(text));
    assert!(has(Code::SL024, "`_links` and `links`"), "{found:#?}");
    assert!(has(Code::SL024, "generated as `CompanyEventPoorName`"), "{found:#?}");
    assert!(has(Code::SL005, "`UndocumentedThing` is not a documented type"), "{found:#?}");
    // The lint stage reports examples that disagree with their tables
    // (SL015); the generator only leaves them out, saying why in the tests.
    assert!(!found.iter().any(|(c, _)| *c == Code::SL015), "{found:#?}");
    assert!(!found.iter().any(|(c, _)| *c == Code::SL014), "extraction reports invalid JSON: {found:#?}");
    assert!(diagnostics.iter().all(|d| d.message.starts_with("includes/")), "placed by file:line: {found:#?}");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    assert_eq!(generated().0, generated().0);
}

#[test]
fn a_standalone_crate_has_its_own_workspace_and_a_member_has_none() {
    let api = mini_api();
    let mut options = Options::new("mini-api");
    let standalone = generate(&api, &options, &mut Diagnostics::new());
    options.standalone = false;
    let member = generate(&api, &options, &mut Diagnostics::new());
    assert!(standalone.get("Cargo.toml").unwrap_or_default().contains("\n[workspace]\n"));
    assert!(!member.get("Cargo.toml").unwrap_or_default().contains("[workspace]"));
}

#[test]
fn extra_modules_and_dependencies_reach_lib_rs_and_cargo_toml() {
    let mut options = Options::new("mini-api");
    options.extra_modules.push(ExtraModule {
        name: "webhooks".into(),
        summary: "the webhook receiver.".into(),
        feature: Some("webhooks".into()),
    });
    options.extra_dependencies.push(Dependency::new("reqwest", "0.12", &["json"]));
    let krate = generate(&mini_api(), &options, &mut Diagnostics::new());
    let lib = krate.get("src/lib.rs").unwrap_or_default();
    assert!(lib.contains("#[cfg(feature = \"webhooks\")]\npub mod webhooks;"), "{lib}");
    assert!(krate
        .get("Cargo.toml")
        .unwrap_or_default()
        .contains(r#"reqwest = { version = "0.12", features = ["json"] }"#));
}

#[test]
fn a_single_file_for_build_scripts_parses() {
    let text = generate_single_file(&mini_api(), &Options::new("mini-api"), None, &mut Diagnostics::new());
    let file = syn::parse_file(&text).expect("the single file parses");
    let modules: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(modules, ["models", "types"]);
    assert!(file.attrs.is_empty(), "an included file cannot hold inner attributes");
}

#[test]
fn code_outside_models_names_models_by_path() {
    let api = mini_api();
    let mut diagnostics = Diagnostics::new();
    let mut reporter = Reporter::new(&mut diagnostics, None);
    let space = TypeSpace::new(&api, &mut reporter);
    let mut uses = types::ModuleUses::outside_models("client", "crate");
    let ty: crate::ir::TypeRef = "Array[CompanyQueryView]".parse().unwrap();
    let tokens = space.rust_type(&ty, &mut uses, &mut reporter);
    assert_eq!(tokens.to_string(), "Vec < crate :: models :: CompanyQueryView >");
    assert!(uses.siblings.is_empty());
}
