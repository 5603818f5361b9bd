//! What the lint must find and what it must leave alone. Each case is a pair
//! of small documents: one with the mistake, which must give the code, and
//! its twin that a maintainer would not want to hear about, which must not.
//! The mistakes are the copy-paste slips of discriminators; the quiet twins
//! are shapes that Slate renders as meant, or that read fine to a person.

use std::collections::BTreeMap;

use codegen::diagnostics::{Code, Diagnostic};
use codegen::ir::Api;

const INDEX: &str = "---\ntitle: Fixture\nincludes:\n  - main\n---\n# Intro\n\nA small API.\n";

fn analyze(main: &str) -> (Api, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    files.insert("index.html.md".to_string(), INDEX.as_bytes().to_vec());
    files.insert("includes/_main.md".to_string(), main.as_bytes().to_vec());
    let analysis = codegen::analyze_files(&files).expect("an index");
    (analysis.api, analysis.diagnostics.sorted())
}

fn of_code(diagnostics: &[Diagnostic], code: Code) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

/// `main` gives `code` (once, with a message containing `says`); `quiet` gives no finding of it.
fn pair(code: Code, main: &str, says: &str, quiet: &str) -> Api {
    let (_, found) = analyze(main);
    let hits = of_code(&found, code);
    assert_eq!(hits.len(), 1, "{code} once for:\n{main}\nfound: {found:#?}");
    assert!(hits[0].message.contains(says), "`{says}` not in `{}`", hits[0].message);
    let (_, found) = analyze(quiet);
    assert!(of_code(&found, code).is_empty(), "no {code} for:\n{quiet}\nfound: {found:#?}");
    analyze(main).0
}

/// A union `Shape` with variants written as `(heading, constant)`.
fn union(variants: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "# Shapes\n\n## Get a shape\n\n**`GET`** `/shape`\n\n### Responses\n\nHttp code | Type | Description\n--|--|--\n\
         200 | [Shape](#shape) | One shape.\n\n# Models\n\n## Shape\n\n",
    );
    for (heading, constant) in variants {
        text.push_str(&format!(
            "### {heading}\n\nName | Type | Description\n--|--|--\nsize | Long | how big\nkind | Constant | `\"{constant}\"`\n\n"
        ));
    }
    text
}

fn tag_values(api: &Api) -> Vec<(String, String)> {
    let shape = api.model("Shape").expect("Shape");
    shape.variants().iter().map(|v| (v.name.clone(), v.tag_value.clone().unwrap_or_default())).collect()
}

#[test]
fn a_constant_copied_from_another_variant_is_read_as_the_heading() {
    let api = pair(
        Code::SL012,
        &union(&[("Circle", "Circle"), ("Square", "Circle")]),
        "the value of the variant `Circle`, as if copied",
        &union(&[("Circle", "Circle"), ("Square", "Square")]),
    );
    assert_eq!(tag_values(&api), [("Circle".into(), "Circle".into()), ("Square".into(), "Square".into())]);
}

#[test]
fn a_heading_naming_two_types_is_the_one_its_constant_names() {
    let api = pair(
        Code::SL012,
        &union(&[("Circle", "circle"), ("Square OR Rectangle", "rectangle")]),
        "names 2 types; read as the variant `Rectangle`",
        &union(&[("Circle", "circle"), ("Rectangle", "rectangle")]),
    );
    assert_eq!(tag_values(&api)[1], ("Rectangle".into(), "rectangle".into()));
}

#[test]
fn a_constant_shortening_its_heading_is_the_value_sent() {
    let api = pair(
        Code::SL012,
        &union(&[("Circle", "Circle"), ("SquareShape", "Square")]),
        "a shortened form of its heading `SquareShape`",
        &union(&[("Circle", "Circle"), ("Square", "Square")]),
    );
    assert_eq!(tag_values(&api)[1], ("SquareShape".into(), "Square".into()));
}

#[test]
fn a_heading_followed_by_a_signature_is_its_name() {
    let api = pair(
        Code::SL012,
        &union(&[("Circle", "Circle"), ("Square(size: Long) extends Shape", "Square")]),
        "is the name `Square` followed by",
        &union(&[("Circle", "Circle"), ("Square", "Square")]),
    );
    assert_eq!(tag_values(&api)[1], ("Square".into(), "Square".into()));
}

const GET_THING: &str = "# Things\n\n## Get a thing\n\n**`GET`** `/things/:thing_uid`\n\n### Parameters\n\n\
Name | In | Type | Default | Description\n--|--|--|--|--\nthing_uid | path | [Uid](#uid) | | which one\nPARAMS\n\n\
### Responses\n\nHttp code | Type | Description\n--|--|--\n200 | [Thing](#thing) | the thing\n\n\
# Models\n\n## Uid\n\nAn identifier such as `8c12f096-20e6-11ab-8ff7-2c39b4397040`.\n\n\
## Thing\n\nName | Type | Description\n--|--|--\nuid | [Uid](#uid) | its id\nFIELDS\n";

fn thing(params: &str, fields: &str) -> String {
    GET_THING.replace("PARAMS", params).replace("FIELDS", fields)
}

#[test]
fn an_indented_row_keeps_its_empty_first_cell() {
    // Slate's renderer drops the empty first cell only when `|` is at column 1.
    let body = "## Put a thing\n\n**`PUT`** `/things`\n\n### Parameters\n\nName | In | Type | Default | Description\n\
                --|--|--|--|--\nROW\n\n### Responses\n\nHttp code | Type | Description\n--|--|--\n200 | Empty | done\n";
    let at_column_1 = format!("{}\n{}", thing("", ""), body.replace("ROW", "| body | [Thing](#thing) | |"));
    let indented = format!("{}\n{}", thing("", ""), body.replace("ROW", "    | body | [Thing](#thing) | |"));
    let api = pair(Code::SL008, &at_column_1, "at column 1", &indented);
    let put = api.endpoints.iter().find(|e| e.method == "PUT").expect("PUT");
    assert_eq!(put.body.as_ref().map(|b| b.ty.to_string()).as_deref(), Some("Thing"));
}

#[test]
fn cells_left_out_at_the_end_of_a_row_are_blank() {
    pair(Code::SL008, &thing("", "label"), "too few cells", &thing("", "label | String"));
}

#[test]
fn mandatory_in_a_default_column_makes_the_parameter_required() {
    let wrong = thing("owner | query | [Uid](#uid) | 0-99 | whose", "");
    let said = thing("owner | query | [Option](#option)[[Uid](#uid)] | mandatory | whose", "");
    pair(Code::SL016, &wrong, "`0-99` is not a UUID", &said);
    let (api, _) = analyze(&said);
    let owner = api.endpoints[0].params.iter().find(|p| p.name == "owner").expect("owner");
    assert!(owner.required && owner.default.is_none(), "{owner:?}");
}

#[test]
fn a_variant_example_may_carry_its_union_name() {
    let labelled = |label: &str| {
        union(&[("Circle", "Circle"), ("Square", "Square")]).replace(
            "### Square\n\n",
            &format!("### Square\n\n> {label} example :\n\n```json\n{{\"size\": 2, \"kind\": \"Square\"}}\n```\n\n"),
        )
    };
    pair(Code::SL028, &labelled("Circle"), "labelled `Circle`", &labelled("Shape"));
}

#[test]
fn an_identifier_shortened_with_an_ellipsis_in_an_example_url() {
    let example = |id: &str| {
        GET_THING
            .replace("PARAMS", "")
            .replace("FIELDS", "")
            .replace("**`GET`**", &format!("```shell\ncurl \"https://api.example/things/{id}\"\n```\n\n**`GET`**"))
    };
    pair(Code::SL026, &example("not-an-id"), "is not a UUID", &example("8c12f096-..."));
}

#[test]
fn a_model_named_in_a_type_cell_that_cannot_be_read_is_still_used() {
    let extra = "\n## Label\n\nName | Type | Description\n--|--|--\ntext | String | words\n";
    let unused = format!("{}{extra}", thing("", ""));
    let in_broken_cell = format!("{}{extra}", thing("", "label | Array[[Label](#label)) | broken"));
    pair(Code::SL007, &unused, "`Label` is never used", &in_broken_cell);
}

#[test]
fn a_union_of_quoted_values_is_a_type() {
    pair(
        Code::SL003,
        &thing("", "state | \"Open\" / Closed | where it stands"),
        "cannot read the type",
        &thing("", "state | \"Open\" / \"Closed\" | where it stands"),
    );
}

#[test]
fn same_named_variants_of_two_unions_only_matter_to_a_type_linked_to_them() {
    let two_unions = |link: &str| {
        format!(
            "{}\n## Event\n\n### Moved\n\nName | Type | Description\n--|--|--\nto | String | where\nkind | Constant | `\"Moved\"`\n\n\
             ### Lost\n\nName | Type | Description\n--|--|--\nwhen | String | when\nkind | Constant | `\"Lost\"`\n\n\
             ## History\n\n### Moved\n\nName | Type | Description\n--|--|--\nat | String | when\nentry | Constant | `\"Moved\"`\n",
            thing("", &format!("last | {link} | the last event"))
        )
    };
    pair(Code::SL018, &two_unions("[Moved](#moved)"), "may mean either", &two_unions("[Event](#event)"));
}

#[test]
fn the_constructors_of_the_notation_need_no_link() {
    let (_, found) = analyze(&thing("", "tags | Option[Array[String]] | labels\nname | Label | unlinked"));
    let notes: Vec<&str> = of_code(&found, Code::SL031).iter().map(|d| d.message.as_str()).collect();
    assert!(notes.iter().all(|n| !n.contains("`Option`") && !n.contains("`Array`")), "{notes:?}");
}
