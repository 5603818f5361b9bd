//! Extraction of small documents written for one convention each.

use crate::diagnostics::{Code, Diagnostics};
use crate::ir::{Api, ModelKind, ParamLocation, TypeRef};
use crate::source::load_with;

pub(crate) fn extract_files(files: &[(&str, &str)]) -> (Api, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let index = files[0].1.as_bytes().to_vec();
    let mut read = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, t)| t.as_bytes().to_vec());
    let spec = load_with(files[0].0, index, &mut read, &mut diagnostics);
    // Extraction alone: the checks of the lint stage have tests of their own.
    let tree = crate::reader::read(&spec);
    let api = super::extract(&spec, &tree, &mut diagnostics);
    (api, diagnostics)
}

fn one_file(body: &str) -> (Api, Diagnostics) {
    let index = "---\ntitle: Test\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
    extract_files(&[("index.html.md", index), ("includes/_main.md", body)])
}

fn codes(diagnostics: &Diagnostics) -> Vec<Code> {
    diagnostics.sorted().iter().map(|d| d.code).collect()
}

#[test]
fn endpoint_with_parameters_and_responses() {
    let (api, diagnostics) = one_file(
        "# Things\n\n## Get a Thing\n\n### HTTP Request\n\n**`GET`** `/api/things/:thing_uid`\n\n### Parameters\n\n\
Name | In | Type | Default | Description\n--|--|--|--|--\nthing_uid | path | [SafeUUID](#safeuuid) | | the thing\n\
range | query | [Option](#option)[String] | 0-100 | a page\n\n### Responses\n\nHttp code | Type | Description\n--|--|--\n\
200 | Array[[Thing](#thing)] | ok\n206 | Array[[Thing](#thing)] | part\n400 | Error | bad\n\n\
# Models\n\n## Option\n\nMay be absent.\n\n## SafeUUID\n\nA UUID.\n\n## Thing\n\n### Fields\n\nName | Type | Description\n--|--|--\n\
uid | [SafeUUID](#safeuuid) | id\nlabel | [Option](#option)[String] | name\n",
    );
    assert!(diagnostics.is_empty(), "{:?}", diagnostics);
    let endpoint = &api.endpoints[0];
    assert_eq!((endpoint.id.as_str(), endpoint.method.as_str()), ("get_thing", "GET"));
    assert_eq!(endpoint.path, "/api/things/{thing_uid}");
    assert_eq!(endpoint.params[0].location, ParamLocation::Path);
    assert_eq!(endpoint.params[1].default.as_deref(), Some("0-100"));
    assert!(!endpoint.params[1].required);
    assert_eq!(endpoint.responses.iter().map(|r| r.status).collect::<Vec<_>>(), [200, 206, 400]);
    let pagination = endpoint.pagination.as_ref().expect("paginated");
    assert_eq!(pagination.item, TypeRef::named("Thing"));
    let thing = api.model("Thing").expect("Thing");
    assert_eq!(thing.fields()[1].ty.to_string(), "Option[String]");
    assert_eq!(api.model("SafeUUID").map(|m| m.kind()), Some(ModelKind::Alias));
    assert!(api.model("Option").is_none());
}

#[test]
fn bare_path_parameter_listed_in_query_is_fixed_and_reported() {
    let (api, diagnostics) = one_file(
        "# Things\n\n## Change\n\n**`PATCH`** `/api/things/thing_uid`\n\n### Parameters\n\n\
Name | In | Type | Default | Description\n--|--|--|--|--\nthing_uid | query | String | | id\n\n\
### Responses\n\nHttp code | Type | Description\n--|--|--\n200 | String | ok\n",
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(endpoint.path, "/api/things/{thing_uid}");
    assert_eq!(endpoint.params[0].location, ParamLocation::Path);
    assert_eq!(codes(&diagnostics), [Code::SL011, Code::SL010]);
}

#[test]
fn tagged_union_with_inline_enum_and_bare_variant() {
    let (api, diagnostics) = one_file(
        "# Models\n\n## Caller\n\n```haskell\ndata Caller = Human | Robot\n```\n\n### Human\n\n```json\n{\"mood\": \"HAPPY\", \"kind\": \"Human\"}\n```\n\n\
Name | Type | Description\n--|--|--\nmood | Enum | `HAPPY` or `SAD`\nkind | Constant | `\"Human\"`\n\n\
### Robot\n\n| Name | Type | Description |\n|--|--|--|\n| | Constant | `\"Robot\"` |\n",
    );
    assert!(diagnostics.is_empty(), "{:?}", diagnostics);
    let caller = api.model("Caller").expect("Caller");
    assert_eq!(caller.kind(), ModelKind::Union);
    assert_eq!(caller.as_union().and_then(|u| u.tag.as_deref()), Some("kind"));
    assert_eq!(caller.variants()[0].tag_value.as_deref(), Some("Human"));
    assert_eq!(caller.variants()[0].fields.len(), 1);
    assert_eq!(caller.variants()[0].examples.len(), 1);
    assert!(caller.variants()[1].bare);
    let mood = api.model("HumanMood").expect("inline enum");
    assert_eq!(mood.enum_values(), Some(&["HAPPY".to_string(), "SAD".to_string()][..]));
}

#[test]
fn row_starting_with_a_pipe_under_a_header_without_one_gets_its_empty_first_cell_back() {
    // Slate's renderer keeps the empty first cell of an indented row: nothing to report.
    let indented =
        "# Models\n\n## U\n\n### Robot\n\nName | Type | Description\n--|--|--\n    | Constant | `\"Robot\"`\n";
    let (api, diagnostics) = one_file(indented);
    assert!(api.model("U").expect("U").variants()[0].bare);
    assert_eq!(codes(&diagnostics), []);
    // At column 1 the renderer drops it, so the page shows the row shifted.
    let (api, diagnostics) = one_file(&indented.replace("\n    | Constant", "\n| Constant"));
    assert!(api.model("U").expect("U").variants()[0].bare);
    assert_eq!(codes(&diagnostics), [Code::SL008]);
    let help = diagnostics.sorted()[0].help.clone().unwrap_or_default();
    assert!(help.contains("indent"), "the fix keeps the empty cell: {help}");
}

#[test]
fn cells_left_out_at_the_end_of_a_row_are_empty_unless_the_table_needs_them() {
    let (_, diagnostics) = one_file("# Models\n\n## A\n\nName | Type | Description\n--|--|--\nx | String\n");
    assert_eq!(codes(&diagnostics), [], "a blank description");
    let (_, diagnostics) = one_file("# Models\n\n## A\n\nName | Type | Description\n--|--|--\nx\ny | String | why\n");
    assert!(codes(&diagnostics).contains(&Code::SL008), "the type is missing: {:?}", diagnostics.sorted());
}

#[test]
fn event_error_codes_come_from_headings() {
    let (api, _) = one_file(
        "# Event Errors\n\n## ThingEventError\n\nName | Type | Description\n--|--|--\nerrorType | Enum | the code\nmessage | String | text\n\n\
### AlreadyThere\n\nIt exists.\n\n### Missing\n",
    );
    let codes = api.model("ThingEventErrorType").expect("codes enum");
    assert_eq!(codes.enum_values(), Some(&["AlreadyThere".to_string(), "Missing".to_string()][..]));
    assert_eq!(api.errors[0].codes, ["AlreadyThere", "Missing"]);
}

#[test]
fn mistakes_are_reported_and_read_through() {
    let (api, diagnostics) = one_file(
        "# Models\n\n## A\n\nName | Type | Description\n--|--|--\nb | [B](#c) | linked to the wrong anchor\n\
c | Array[[C](#c) | unbalanced\nd | Mystery | undefined\ne | String | x | stray\n\n## B\n\nName | Type | Description\n--|--|--\nx | Long | x\n\n\
## C\n\nName | Type | Description\n--|--|--\ny | Long | y\n",
    );
    let a = api.model("A").expect("A");
    let types: Vec<String> = a.fields().iter().map(|f| f.ty.to_string()).collect();
    assert_eq!(
        types,
        ["B", "Array[C]", "Any", "String"],
        "an argument list left open at the end of the cell is closed"
    );
    let found = codes(&diagnostics);
    for code in [Code::SL004, Code::SL003, Code::SL005, Code::SL008] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
}

#[test]
fn an_error_in_one_model_leaves_the_others_whole() {
    let (api, diagnostics) = one_file(
        "# Models\n\n## Broken\n\nType | Description\n--|--\nString | no Name column\n\n\
## Tangled\n\nName | Type | Description\n--|--|--\ny | Array[[Fine](#fine) | unclosed\nz | Long | fine\n\n\
## Fine\n\nName | Type | Description\n--|--|--\nuid | String | id\nlabel | String | name\n",
    );
    assert!(diagnostics.has_errors(), "{:?}", diagnostics.sorted());
    let fine = api.model("Fine").expect("Fine");
    assert_eq!(fine.fields().iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["uid", "label"]);
    let tangled = api.model("Tangled").expect("Tangled keeps its readable fields");
    assert_eq!(
        tangled.fields().iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect::<Vec<_>>(),
        [("y", "Array[Fine]".to_string()), ("z", "Long".to_string())]
    );
}

#[test]
fn documented_constructors_take_the_meaning_their_section_gives() {
    let (api, diagnostics) = one_file(
        "# Models\n\n## Shown\n\nMarks a text the client may lay out: `Shown[String]` keeps its line breaks.\n\n\
## Hidden\n\nThe value may be withheld from some users, just as an [Option](#option) may be empty.\n\n\
## Paired\n\nTwo values.\n\n\
## Card\n\nName | Type | Description\n--|--|--\n\
title | [Shown](#shown)[String] | laid out\n\
phone | [Hidden](#hidden)[[Card](#card)] | withheld\n\
notes | [Option](#option)[[Shown](#shown)[String]] | nested\n\
pair | [Paired](#paired)[String, Long] | unexplained\n",
    );
    let card = api.model("Card").expect("Card");
    let fields: Vec<(&str, String, bool)> =
        card.fields().iter().map(|f| (f.name.as_str(), f.ty.to_string(), f.required)).collect();
    assert_eq!(
        fields,
        [
            ("title", "String".to_string(), true),
            ("phone", "Option[Card]".to_string(), false),
            ("notes", "Option[String]".to_string(), false),
            ("pair", "Any".to_string(), true),
        ]
    );
    let found = codes(&diagnostics);
    assert_eq!(found.iter().filter(|c| **c == Code::SL003).count(), 1, "only the unexplained pair: {found:?}");
    assert!(api.model("Shown").is_none() && api.model("Hidden").is_none(), "constructors are not models");
}

#[test]
fn quoted_literals_and_bracketed_link_text_are_types() {
    let (api, diagnostics) = one_file(
        "# Models\n\n## Duration\n\nA length of time, such as `PT5M`.\n\n\
## Check\n\nName | Type | Description\n--|--|--\n\
status | \"Verified\" / \"NotVerified\" / \"ToCheck\" | how far the check went\n\
delay | [Option[[Duration](#duration)]](#option) | may be missing\n",
    );
    assert!(!diagnostics.has_errors(), "{:?}", diagnostics.sorted());
    let check = api.model("Check").expect("Check");
    assert_eq!(check.fields()[0].ty, TypeRef::named("CheckStatus"));
    assert_eq!(
        api.model("CheckStatus").and_then(|m| m.enum_values()).map(<[String]>::to_vec),
        Some(vec!["Verified".into(), "NotVerified".into(), "ToCheck".into()])
    );
    assert_eq!(check.fields()[1].ty.to_string(), "Option[Duration]");
}
