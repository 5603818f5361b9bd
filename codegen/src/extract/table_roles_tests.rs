//! Tables read by the role of their columns, in several languages, and
//! what follows from tables without a location column: the fixtures are
//! small documents written for one convention each.

use crate::diagnostics::{Code, Diagnostics, Severity};
use crate::ir::{Api, Endpoint, ParamLocation, TypeRef};

use super::tests::extract_files;

fn one_file(body: &str) -> (Api, Diagnostics) {
    let index = "---\ntitle: Test\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
    extract_files(&[("index.html.md", index), ("includes/_main.md", body)])
}

fn param<'e>(endpoint: &'e Endpoint, name: &str) -> &'e crate::ir::Param {
    endpoint
        .params
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter `{name}` in {:?}", endpoint.params))
}

fn notes(diagnostics: &Diagnostics, code: Code) -> usize {
    diagnostics.sorted().iter().filter(|d| d.code == code).count()
}

/// One GET endpoint whose parameter table has the given header and rows
/// (`name | type | required | description`, in that order of meaning).
fn get_with_table(header: &str, rows: &[&str]) -> (Api, Diagnostics) {
    let columns = header.matches('|').count() + 1;
    let separator = vec!["---"; columns].join(" | ");
    let body = format!(
        "# Things\n\n## List things\n\n`GET /things`\n\n### Params\n\n{header}\n{separator}\n{}\n",
        rows.join("\n")
    );
    one_file(&body)
}

#[test]
fn parameter_tables_in_every_language() {
    let cases = [
        ("Parameter | Type | Required | Description", "Yes", "No"),
        ("Parámetro | Tipo | Obligatorio | Descripción", "Sí", "No"),
        ("Parâmetro | Tipo | Obrigatório | Descrição", "Sim", "Não"),
        ("Paramètre | Type | Obligatoire | Description", "oui", "non"),
        ("Feldname | Typ | Pflicht | Beschreibung", "ja", "nein"),
        ("Nome | Tipo | Obbligatorio | Descrizione", "sì", "no"),
        ("Parametre | Tür | Zorunlu | Açıklama", "evet", "hayır"),
        ("Параметр | Тип | Обязательный | Описание", "да", "нет"),
        ("参数 | 类型 | 必填 | 描述", "是", "否"),
        ("パラメータ | 型 | 必須 | 説明", "はい", "いいえ"),
        ("파라미터 | 타입 | 필수 | 설명", "예", "아니오"),
        ("Field Name | Data Type | required? | Details", "true", "false"),
    ];
    for (header, yes, no) in cases {
        let rows = [format!("limit | integer | {yes} | at most"), format!("tags | array[string] | {no} | some")];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let (api, diagnostics) = get_with_table(header, &rows);
        let endpoint = api.endpoints.first().unwrap_or_else(|| panic!("{header}: no endpoint"));
        let limit = param(endpoint, "limit");
        assert_eq!(
            (limit.location, &limit.ty, limit.required),
            (ParamLocation::Query, &TypeRef::Long, true),
            "{header}"
        );
        let tags = param(endpoint, "tags");
        assert_eq!(tags.ty, TypeRef::Array(Box::new(TypeRef::String)), "{header}");
        assert!(!tags.required, "{header}");
        assert_eq!(notes(&diagnostics, Code::SL040), 1, "{header}: one note per endpoint");
    }
}

#[test]
fn an_optional_column_means_the_opposite() {
    let (api, _) =
        get_with_table("Name | Type | Optional | Description", &["a | string | yes | x", "b | string | no | y"]);
    let endpoint = &api.endpoints[0];
    assert!(!param(endpoint, "a").required);
    assert!(param(endpoint, "b").required);
}

#[test]
fn cells_decide_where_the_header_does_not() {
    // Neither `Kind` nor `Needed` nor the first header is a known word.
    let (api, _) =
        get_with_table("Arg | Kind | Needed | Notes", &["user_id | integer | ✓ | who", "verbose | bool | | how"]);
    let endpoint = &api.endpoints[0];
    let user = param(endpoint, "user_id");
    assert_eq!((&user.ty, user.required), (&TypeRef::Long, true));
    assert_eq!(param(endpoint, "verbose").ty, TypeRef::Boolean);
}

#[test]
fn a_parameter_description_table_is_still_a_parameter_table() {
    let (api, _) = get_with_table(
        "Parameter | Default | Description",
        &["include_done | false | (optional) Whether to list finished things.", "owner | | Required. Whose things."],
    );
    let endpoint = &api.endpoints[0];
    let done = param(endpoint, "include_done");
    assert_eq!((done.location, done.required, done.default.as_deref()), (ParamLocation::Query, false, Some("false")));
    assert_eq!(done.ty, TypeRef::String, "no type column: a query parameter is a string");
    assert!(param(endpoint, "owner").required, "the description says it is required");
}

#[test]
fn requiredness_beside_the_name_and_conditions() {
    let (api, _) = one_file(
        "# Notas\n\n## Criar nota\n\n`POST /notas`\n\n| Campo | Finalidade | Obrigatório |\n|---|---|---|\n\
| titulo (string) | O título | Sim |\n| pagina (integer, optional) | A página | |\n\
| motivo (string) | O motivo | Não. Só quando cancelada |\n| extra | Outro | required if the note is shared |\n",
    );
    let endpoint = &api.endpoints[0];
    let title = param(endpoint, "titulo");
    assert_eq!((title.location, &title.ty, title.required), (ParamLocation::Body, &TypeRef::String, true));
    let page = param(endpoint, "pagina");
    assert_eq!((&page.ty, page.required), (&TypeRef::Option(Box::new(TypeRef::Long)), false));
    assert!(!param(endpoint, "motivo").required);
    let extra = param(endpoint, "extra");
    assert!(!extra.required, "a condition reads as optional");
    assert!(extra.description.contains("required if"), "the condition is kept: {}", extra.description);
    let body = endpoint.body.as_ref().expect("a body");
    let model = api.model(&body.ty.to_string()).expect("the body model");
    assert_eq!(model.name, "CriarNotaBody");
    assert_eq!(
        model.fields().iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["titulo", "pagina", "motivo", "extra"]
    );
}

#[test]
fn placeholders_go_to_the_path_and_the_rest_to_the_body() {
    let (api, diagnostics) = one_file(
        "# Orders\n\n## Add a note\n\n`POST /orders/{order_id}/notes`\n\n\
Parameter | Type | Required | Description\n--|--|--|--\norder_id | string | true | which\ntext | string | true | what\n\
pinned | boolean | false | whether\n",
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(param(endpoint, "order_id").location, ParamLocation::Path);
    assert_eq!(param(endpoint, "text").location, ParamLocation::Body);
    assert_eq!(endpoint.body.as_ref().map(|b| b.ty.to_string()).as_deref(), Some("AddANoteBody"));
    let note: Vec<_> = diagnostics.sorted().into_iter().filter(|d| d.code == Code::SL040).collect();
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].severity, Severity::Note);
    assert!(note[0].message.contains("`order_id` as path parameters"), "{}", note[0].message);
    assert!(note[0].message.contains("`text`, `pinned` as fields of the request body"), "{}", note[0].message);
}

#[test]
fn headings_say_where_parameters_go_without_a_note() {
    let (api, diagnostics) = one_file(
        "# Packs\n\n## Pack\n\n#### HTTP Request\n\n`POST /packs`\n\n##### Header Parameters\n\n\
Field | Required | Description\n--|--|--\nAuthorization | true | token\n\n##### Query Parameters\n\n\
Field | Type | Description\n--|--|--\nlocale | string | language\n",
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(param(endpoint, "Authorization").location, ParamLocation::Header);
    assert_eq!(param(endpoint, "locale").location, ParamLocation::Query);
    assert_eq!(notes(&diagnostics, Code::SL040), 0);
}

#[test]
fn response_field_tables_become_the_response_model() {
    let (api, diagnostics) = one_file(
        "# Clientes\n\n## Obtener cliente\n\n### Llamada HTTP\n\n`GET /clientes/:id`\n\n### Parámetros URL\n\n\
| Nombre | Tipo | Descripción | Requerido |\n|---|---|---|---|\n| id | Integer | El cliente | Sí |\n\n\
### Atributos Respuesta\n\n| Nombre | Tipo | Descripción |\n|---|---|---|\n| nombre | String | Su nombre |\n\
| activo | Boolean | Si sigue activo |\n| alta | string (date-time) | Desde cuándo |\n",
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(endpoint.path, "/clientes/{id}");
    assert_eq!(param(endpoint, "id").ty, TypeRef::Long);
    assert_eq!(endpoint.params.len(), 1, "response fields are not parameters: {:?}", endpoint.params);
    let response = &endpoint.responses[0];
    assert_eq!((response.status, response.ty.to_string().as_str()), (200, "ObtenerClienteResponse"));
    let model = api.model("ObtenerClienteResponse").expect("the response model");
    let fields: Vec<(&str, String)> = model.fields().iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect();
    assert_eq!(fields, [("nombre", "String".into()), ("activo", "Boolean".into()), ("alta", "String".into())]);
    assert_eq!(notes(&diagnostics, Code::SL017), 0);
}

#[test]
fn resource_tables_in_other_notations_become_models() {
    let (api, diagnostics) = one_file(
        "# Resources\n\n## Invoice\n\nAttribute | Type | Description\n--|--|--\namount | integer(int64) | cents\n\
ratio | number(double) | share\ntags | [string] | labels\nlines | string[] | text\nnote | string¦null | free text\n\
uid | uuid | id\nkind | enum | `draft` or `sent`\nowner | Owner | who\n\n## Owner\n\nField | Type | Description\n--|--|--\n\
name | string | full name\n",
    );
    let invoice = api.model("Invoice").expect("Invoice");
    let types: Vec<String> = invoice.fields().iter().map(|f| f.ty.to_string()).collect();
    assert_eq!(types[..6], ["Long", "Number", "Array[String]", "Array[String]", "Option[String]", "String"]);
    assert!(
        matches!(&invoice.fields()[6].ty, TypeRef::Named(name) if api.model(name).is_some_and(|m| m.enum_values() == Some(&["draft".to_string(), "sent".to_string()][..])))
    );
    assert_eq!(invoice.fields()[7].ty, TypeRef::named("Owner"));
    let faults: Vec<_> = diagnostics.sorted().into_iter().filter(|d| d.severity > Severity::Note).collect();
    assert!(faults.iter().all(|d| d.code == Code::SL007), "{faults:?}");
}

#[test]
fn a_response_example_without_a_table_gives_a_model() {
    let (api, diagnostics) = one_file(
        "# Status\n\n## Service status\n\n`GET /status`\n\n```json\n{\"ok\": true, \"count\": 3, \"ratio\": 0.5, \"names\": [\"a\"]}\n```\n\n\
## List jobs\n\n`GET /jobs`\n\n```json\n[{\"id\": 1, \"state\": \"done\"}]\n```\n",
    );
    let status = &api.endpoints[0];
    assert_eq!(status.responses[0].ty, TypeRef::named("ServiceStatusResponse"));
    let model = api.model("ServiceStatusResponse").expect("model from the example");
    let fields: Vec<(&str, String)> = model.fields().iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect();
    assert_eq!(
        fields,
        [
            ("ok", "Boolean".into()),
            ("count", "Long".into()),
            ("ratio", "Number".into()),
            ("names", "Array[String]".into())
        ]
    );
    assert_eq!(api.endpoints[1].responses[0].ty.to_string(), "Array[ListJobsResponse]");
    assert_eq!(notes(&diagnostics, Code::SL021), 2);
    assert_eq!(notes(&diagnostics, Code::SL017), 0);
}

#[test]
fn event_tables_of_the_project_stay_prose() {
    // A table whose first column holds identifiers and whose other columns
    // name no role is not a parameter table.
    let (api, diagnostics) = one_file(
        "# Things\n\n## Make a thing\n\n`POST /things`\n\nEvent | In the answer | When\n--|--|--\nThingMade | always |\n\n\
Events answered | Optional or Mandatory in answer | Rule / Comment\n--|--|--\nThingMade | mandatory |\n",
    );
    assert!(api.endpoints[0].params.is_empty(), "{:?}", api.endpoints[0].params);
    assert_eq!(notes(&diagnostics, Code::SL040), 0);
}

/// A documentation folder on disk with a `codegen.toml` beside its index.
fn with_overrides(body: &str, toml: &str) -> (Api, Diagnostics) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let index = format!("---\ntitle: Test\nincludes: []\n---\n{body}");
    std::fs::write(folder.path().join("index.html.md"), index).expect("write the index");
    std::fs::write(folder.path().join(super::overrides::FILE_NAME), toml).expect("write codegen.toml");
    let mut diagnostics = Diagnostics::new();
    let spec = crate::source::load(folder.path(), &mut diagnostics).expect("load");
    let tree = crate::reader::read(&spec);
    let api = super::extract(&spec, &tree, &mut diagnostics);
    (api, diagnostics)
}

const BOARDS: &str = "# Boards\n\n## List boards\n\n`GET /boards`\n\nNimi | Tyyppi | Description\n--- | --- | ---\n\
limit | Compte | How many.\n\n# Changelog\n\n## Old thing\n\n`GET /old`\n";

#[test]
fn codegen_toml_adds_column_words_aliases_a_server_and_skipped_sections() {
    let toml =
        "base_url = \"https://api.example.com\"\nskip_sections = [\"changelog\"]\n\n[columns]\nname = [\"Nimi\"]\n\
type = [\"Tyyppi\"]\n\n[type_aliases]\nCompte = \"integer\"\n";
    let (api, diagnostics) = with_overrides(BOARDS, toml);
    assert!(!diagnostics.has_errors(), "{:?}", diagnostics.sorted());
    assert_eq!(api.endpoints.len(), 1, "the skipped section is not read");
    let limit = param(&api.endpoints[0], "limit");
    assert_eq!((limit.location, &limit.ty), (ParamLocation::Query, &TypeRef::Long));
    assert_eq!(api.servers.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(), ["https://api.example.com"]);
}

#[test]
fn without_codegen_toml_the_same_table_is_not_read() {
    let (api, _) = with_overrides(BOARDS, "");
    assert_eq!(api.endpoints.len(), 2);
    assert!(api.endpoints[0].params.is_empty(), "{:?}", api.endpoints[0].params);
}

#[test]
fn an_unknown_key_in_codegen_toml_is_an_error_and_the_file_is_ignored() {
    let (api, diagnostics) = with_overrides(BOARDS, "[columns]\nname = [\"Nimi\"]\nkind = [\"Tyyppi\"]\n");
    let errors: Vec<_> = diagnostics.sorted().into_iter().filter(|d| d.code == Code::SL041).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].severity, Severity::Error);
    assert!(errors[0].message.contains("kind"), "{}", errors[0].message);
    assert!(api.endpoints[0].params.is_empty());
}

#[test]
fn url_parameters_are_placeholders_or_the_query_string() {
    let (api, _) = one_file(
        "# Things\n\n## Get a thing\n\n`GET /things/<id>`\n\n### URL Parameters\n\nParameter | Description\n--|--\n\
id | which\nfields | what to include\n",
    );
    let endpoint = &api.endpoints[0];
    assert_eq!(param(endpoint, "id").location, ParamLocation::Path);
    assert_eq!(param(endpoint, "fields").location, ParamLocation::Query);
}

#[test]
fn fields_of_a_named_thing_under_an_operation_are_a_model_not_parameters() {
    let (api, _) = one_file(
        "# Medios\n\n## Listar medios\n\n`GET /medios`\n\n### Atributos Respuesta\n\n| Nombre | Tipo | Descripción |\n|---|---|---|\n\
| data | Array | la lista |\n\n### Atributos Medio\n\n| Nombre | Tipo | Descripción |\n|---|---|---|\n| ID | Integer | su id |\n\
| name | String | su nombre |\n",
    );
    let endpoint = &api.endpoints[0];
    assert!(endpoint.params.is_empty(), "{:?}", endpoint.params);
    let medio = api.model("Medio").expect("a model named after the heading's subject");
    assert_eq!(medio.fields().iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["ID", "name"]);
    assert_eq!(endpoint.responses[0].ty, TypeRef::named("ListarMediosResponse"));
}

#[test]
fn dotted_rows_of_a_response_table_are_nested_models() {
    let (api, diagnostics) = one_file(
        "# Packs\n\n## List packs\n\n`GET /packs`\n\n#### HTTP Response\n\nField | Type | Description\n--|--|--\n\
count | integer | how many\npacks | pack[] | the packs\npack.id | string | its id\npack.icon | icon{} | its icon\n\
icon.color | string | in colour\nowner | object | who\nowner.name | string | the name\n",
    );
    let response = api.model("ListPacksResponse").expect("the response model");
    let top: Vec<(&str, String)> = response.fields().iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect();
    assert_eq!(top, [("count", "Long".into()), ("packs", "Array[Pack]".into()), ("owner", "Owner".into())]);
    let pack = api.model("Pack").expect("Pack");
    let fields: Vec<(&str, String)> = pack.fields().iter().map(|f| (f.name.as_str(), f.ty.to_string())).collect();
    assert_eq!(fields, [("id", "String".into()), ("icon", "Icon".into())]);
    assert_eq!(api.model("Icon").map(|m| m.fields().len()), Some(1));
    assert_eq!(api.model("Owner").map(|m| m.fields().len()), Some(1));
    assert!(!diagnostics.sorted().iter().any(|d| d.code == Code::SL005), "{:?}", diagnostics.sorted());
}

/// `Widget Attributes` names a thing; under a POST with a Required column it
/// is what the client sends, without one it is what the operation answers.
#[test]
fn fields_of_a_named_thing_with_a_required_column_are_the_body_of_a_write() {
    let document = |method: &str, header: &str, row: &str| {
        let columns = header.matches('|').count() + 1;
        let separator = vec!["---"; columns].join(" | ");
        format!("# Widgets\n\n## Make a widget\n\n`{method} /widgets`\n\n### Widget Attributes\n\n{header}\n{separator}\n{row}\n")
    };
    let (api, _) =
        one_file(&document("POST", "Attribute | Type | Description | Required", "colour | string | hue | Yes"));
    let endpoint = api.endpoints.first().expect("an endpoint");
    let colour = param(endpoint, "colour");
    assert_eq!((colour.location, colour.required), (ParamLocation::Body, true));

    let (api, _) = one_file(&document("POST", "Attribute | Type | Description", "colour | string | hue"));
    assert!(api.endpoints[0].params.is_empty(), "no Required column: fields of the answer");
    assert!(api.models.iter().any(|m| m.fields().iter().any(|f| f.name == "colour")));

    let (api, _) =
        one_file(&document("GET", "Attribute | Type | Description | Required", "colour | string | hue | Yes"));
    assert!(api.endpoints[0].params.is_empty(), "a GET sends no body");
}

/// A table of fields kept in an include of its own, without a heading, is
/// read under the operation the previous include left open; names marked
/// `optional` beside them leave the unmarked ones required.
#[test]
fn a_headless_include_continues_the_open_operation_and_unmarked_names_are_required() {
    let index = "---\ntitle: Test\nincludes:\n  - create\n  - fields\n---\n# Intro\n\nAn API.\n";
    let create = "# Widgets\n\n## Make a widget\n\n`POST /widgets`\n";
    let fields =
        "| Campo | Finalidade\n| --- | --- |\n| colour (string) | hue |\n| size (integer, optional) | how big |\n";
    let (api, _) =
        extract_files(&[("index.html.md", index), ("includes/_create.md", create), ("includes/_fields.md", fields)]);
    let endpoint = api.endpoints.first().expect("an endpoint");
    let colour = param(endpoint, "colour");
    assert_eq!((colour.location, colour.required), (ParamLocation::Body, true));
    assert!(!param(endpoint, "size").required);
}

/// Bare links listing several operations in one section: a table after one
/// of them says what that one answers, and is no parameter of any.
#[test]
fn a_table_after_one_of_several_bare_links_is_what_that_link_answers() {
    let body = "# Market\n\n- <https://x.example.com/api/v1/pairs>\n\n  What a pair holds:\n\n\
Field | Description\n--- | ---\nbase | what is bought\nquote | what pays\n\n\
- <https://x.example.com/api/v1/prices?pair=eur.usd>\n- <https://x.example.com/api/v1/time>\n";
    let (api, _) = one_file(body);
    assert_eq!(api.endpoints.len(), 3, "{:?}", api.endpoints);
    assert!(api.endpoints.iter().all(|e| e.params.iter().all(|p| p.name != "base")), "no endpoint takes `base`");
    let pairs = api.endpoints.iter().find(|e| e.path == "/api/v1/pairs").expect("the pairs link");
    let answer = pairs.responses.first().expect("a response").ty.named_types();
    let model = api.model(answer[0]).expect("the answer's model");
    let names: Vec<&str> = model.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["base", "quote"]);
    let prices = api.endpoints.iter().find(|e| e.path == "/api/v1/prices").expect("the prices link");
    assert!(prices.responses.is_empty(), "the table follows another link");
}
