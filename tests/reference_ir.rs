//! The IR of the real-world reference documentation holds everything the
//! folder documents. What the folder holds is computed here by scanning its
//! markdown line by line, independently of the toolkit's reader.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use codegen::ir::{Api, ModelKind};
use e2e::{reference, REFERENCE_DATES};

fn read(folder: &Path, include: &str) -> String {
    fs::read_to_string(folder.join("includes").join(format!("_{include}.md"))).unwrap_or_default()
}

fn all_markdown(folder: &Path) -> Vec<String> {
    let mut texts = vec![fs::read_to_string(folder.join("index.html.md")).expect("index")];
    let includes = folder.join("includes");
    let mut names: Vec<_> = fs::read_dir(&includes).expect("includes").flatten().map(|e| e.path()).collect();
    names.sort();
    texts.extend(names.iter().map(|p| fs::read_to_string(p).expect("include")));
    texts
}

/// `**`GET`** `/a/:b`` and `` `POST /a` `` lines, outside code fences, with
/// `:name` and bare `name_uid` segments written `{name}`.
fn documented_endpoints(folder: &Path) -> BTreeSet<(String, String)> {
    let mut endpoints = BTreeSet::new();
    for text in all_markdown(folder) {
        let mut fenced = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            let spans: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
            let (method, path) = match spans.as_slice() {
                [method, path] if line.starts_with("**`") => (method.to_string(), path.to_string()),
                [single] if line.starts_with('`') && line.ends_with('`') => match single.split_once(' ') {
                    Some((method, path)) => (method.to_string(), path.to_string()),
                    None => continue,
                },
                _ => continue,
            };
            if !path.starts_with('/') || !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                continue;
            }
            let path: Vec<String> = path
                .split('/')
                .map(|segment| match segment.strip_prefix(':') {
                    Some(name) => format!("{{{name}}}"),
                    None if segment.ends_with("_uid") => format!("{{{segment}}}"),
                    None => segment.to_string(),
                })
                .collect();
            endpoints.insert((method, path.join("/")));
        }
    }
    endpoints
}

/// `### Heading` → the first column of the table rows under it (the
/// discriminator row included), for one include file, split by `##` model.
fn tables_by_heading(text: &str) -> BTreeMap<(String, String), Vec<String>> {
    let mut tables = BTreeMap::new();
    let (mut model, mut heading) = (String::new(), String::new());
    let mut in_table = false;
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            model = title.trim().to_string();
            heading = model.clone();
            in_table = false;
        } else if let Some(title) = line.strip_prefix("### ") {
            heading = title.trim().to_string();
            if heading == "Fields" {
                heading = model.clone();
            }
            in_table = false;
        } else if line.contains('|') && line.trim_start().starts_with("Name") && line.contains("Type") {
            in_table = true;
            tables.entry((model.clone(), heading.clone())).or_insert_with(Vec::new);
        } else if in_table && line.contains('|') {
            if line.trim_start().starts_with("--") || line.trim_start().starts_with('|') && line.contains("---") {
                continue;
            }
            let name = line.split('|').next().unwrap_or("").trim().to_string();
            if let Some(rows) = tables.get_mut(&(model.clone(), heading.clone())) {
                rows.push(name);
            }
        } else if !line.contains('|') {
            in_table = false;
        }
    }
    tables
}

/// The names a variant heading can stand for: itself, each side of
/// `A OR B`, or the name before a signature (`A(x: T) extends B`).
fn heading_names(heading: &str) -> Vec<&str> {
    let mut names = vec![heading];
    names.extend(heading.split(" OR ").map(str::trim));
    names.extend(heading.split('(').next().map(str::trim));
    names
}

/// Field names the IR gives a model or variant, the discriminator included.
fn ir_fields(api: &Api, model: &str, variant: &str) -> Option<BTreeSet<String>> {
    let found = api.model(model)?;
    if model == variant && found.kind() == ModelKind::Struct {
        return Some(found.fields().iter().map(|f| f.name.clone()).collect());
    }
    if found.kind() == ModelKind::Struct {
        // A `###` table under a struct's own table is a model of its own,
        // documented one level too deep.
        return api.model(variant).map(|m| m.fields().iter().map(|f| f.name.clone()).collect());
    }
    let union = found.as_union()?;
    let variant = union.variants.iter().find(|v| heading_names(variant).contains(&v.name.as_str()))?;
    let mut names: BTreeSet<String> = variant.fields.iter().map(|f| f.name.clone()).collect();
    if let (Some(tag), false) = (&union.tag, variant.bare) {
        names.insert(tag.clone());
    }
    Some(names)
}

fn analyze(date: &str) -> Api {
    let analysis = codegen::analyze(&reference(date)).expect("the reference loads");
    assert!(!analysis.diagnostics.has_errors(), "{date}: {:?}", analysis.diagnostics.sorted());
    analysis.api
}

#[test]
fn both_references_give_an_ir_without_errors() {
    if !e2e::shared_available("both_references_give_an_ir_without_errors") {
        return;
    }
    for date in REFERENCE_DATES {
        let api = analyze(date);
        assert!(!api.endpoints.is_empty() && !api.models.is_empty(), "{date}");
    }
}

#[test]
fn every_documented_endpoint_is_in_the_ir() {
    if !e2e::shared_available("every_documented_endpoint_is_in_the_ir") {
        return;
    }
    for date in REFERENCE_DATES {
        let folder = reference(date);
        let expected = documented_endpoints(&folder);
        let api = analyze(date);
        let found: BTreeSet<(String, String)> =
            api.endpoints.iter().map(|e| (e.method.clone(), e.path.clone())).collect();
        assert_eq!(found, expected, "{date}");
        if date == "2016-09-21" {
            assert_eq!(found.len(), 26, "the 2016-09-21 documentation has 26 endpoints");
        }
    }
}

#[test]
fn every_command_and_event_variant_is_in_the_ir_with_its_fields() {
    if !e2e::shared_available("every_command_and_event_variant_is_in_the_ir_with_its_fields") {
        return;
    }
    let folder = reference("2016-09-21");
    let api = analyze("2016-09-21");
    for (include, tag, expected_count) in [("commands", "commandType", 48), ("events", "eventType", 25)] {
        let tables = tables_by_heading(&read(&folder, include));
        let with_tag: Vec<_> = tables.iter().filter(|(_, rows)| rows.iter().any(|r| r == tag)).collect();
        assert_eq!(with_tag.len(), expected_count, "{include}: tables carrying `{tag}`");
        for ((model, variant), rows) in with_tag {
            let expected: BTreeSet<String> = rows.iter().filter(|r| !r.is_empty()).cloned().collect();
            let found = ir_fields(&api, model, variant).unwrap_or_else(|| panic!("{model} › {variant} missing"));
            assert_eq!(found, expected, "{model} › {variant}");
        }
    }
}

#[test]
fn event_variants_documented_only_by_an_example_get_the_example_fields() {
    if !e2e::shared_available("event_variants_documented_only_by_an_example_get_the_example_fields") {
        return;
    }
    let folder = reference("2016-09-21");
    let api = analyze("2016-09-21");
    let text = read(&folder, "events");
    let mut heading = String::new();
    let mut model = String::new();
    let mut checked = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(title) = line.strip_prefix("## ") {
            model = title.trim().to_string();
        } else if let Some(title) = line.strip_prefix("### ") {
            heading = title.trim().to_string();
        } else if line.trim() == "```json" {
            let body: String = lines.by_ref().take_while(|l| l.trim() != "```").collect::<Vec<_>>().join("\n");
            let value: serde_json::Value = serde_json::from_str(&body).expect("the examples of _events.md are JSON");
            let keys: BTreeSet<String> = value.as_object().expect("an object").keys().cloned().collect();
            let variant = api
                .model(&model)
                .and_then(|m| m.variants().iter().find(|v| heading_names(&heading).contains(&v.name.as_str())));
            let variant = variant.unwrap_or_else(|| panic!("{model} › {heading} missing"));
            if variant.inferred {
                assert_eq!(ir_fields(&api, &model, &heading), Some(keys), "{model} › {heading}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 8, "the ProviderContactEvent variants have examples only");
}

#[test]
fn every_field_table_of_the_models_file_is_a_model() {
    if !e2e::shared_available("every_field_table_of_the_models_file_is_a_model") {
        return;
    }
    for date in REFERENCE_DATES {
        let folder = reference(date);
        let api = analyze(date);
        let tables = tables_by_heading(&read(&folder, "models"));
        assert!(tables.len() > 40, "{date}: {} tables", tables.len());
        for ((model, variant), rows) in tables {
            let expected: BTreeSet<String> = rows.into_iter().filter(|r| !r.is_empty()).collect();
            let found =
                ir_fields(&api, &model, &variant).unwrap_or_else(|| panic!("{date}: {model} › {variant} missing"));
            assert_eq!(found, expected, "{date}: {model} › {variant}");
        }
    }
}

/// Rows of field tables (`Name | Type | ...` headers): model, `###` heading
/// (the model's own name for its own table), field name and type cell.
fn field_rows(text: &str) -> Vec<(String, String, String, String)> {
    let mut rows = Vec::new();
    let (mut model, mut heading) = (String::new(), String::new());
    let mut type_column = None;
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            model = title.trim().to_string();
            heading = model.clone();
            type_column = None;
        } else if let Some(title) = line.strip_prefix("### ") {
            heading = title.trim().to_string();
            if heading == "Fields" {
                heading = model.clone();
            }
            type_column = None;
        } else if !line.contains('|') {
            type_column = None;
        } else if type_column.is_none() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.first() == Some(&"Name") && !cells.contains(&"In") {
                type_column = cells.iter().position(|c| *c == "Type");
            }
        } else if let Some(column) = type_column {
            if line.contains("---") {
                continue;
            }
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (Some(name), Some(ty)) = (cells.first(), cells.get(column)) else { continue };
            rows.push((model.clone(), heading.clone(), name.to_string(), ty.to_string()));
        }
    }
    rows
}

/// Type names written inside the arguments of a type cell: `Duration` in
/// `[Option[[Duration](#duration)]](#option)`, `ContactMedium` in
/// `[ObfuscatedField](#obfuscatedfield)[[ContactMedium](#contactmedium)]`
/// (anchors, lowercase, and the notation's constructors left out).
fn argument_names(cell: &str) -> Vec<String> {
    const CONSTRUCTORS: [&str; 5] = ["Option", "Array", "List", "NonEmptyList", "Map"];
    cell.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .skip(1)
        .filter(|word| !CONSTRUCTORS.contains(word))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_type_argument_is_read() {
    if !e2e::shared_available("every_type_argument_is_read") {
        return;
    }
    let folder = reference("2020-09-01");
    let api = analyze("2020-09-01");
    let mut checked = 0;
    for text in all_markdown(&folder) {
        for (model, heading, field, cell) in field_rows(&text) {
            // A type applied to arguments: a name followed by `[`, outside a link's text.
            let applied = cell.contains(")[") || cell.contains("]](#") || cell.starts_with("Array[");
            if !applied || field.is_empty() {
                continue;
            }
            let owner = if model == heading { api.model(&model) } else { None };
            let fields = match owner {
                Some(owner) => owner.fields().to_vec(),
                None => api
                    .model(&model)
                    .and_then(|m| m.variants().iter().find(|v| heading_names(&heading).contains(&v.name.as_str())))
                    .map(|v| v.fields.clone())
                    .or_else(|| api.model(&heading).map(|m| m.fields().to_vec()))
                    .unwrap_or_default(),
            };
            let Some(found) = fields.iter().find(|f| f.name == field) else {
                panic!("{model} › {heading}: field `{field}` missing");
            };
            let written = found.ty.to_string();
            assert!(!written.contains("Any"), "{model} › {heading}.{field}: `{cell}` read as {written}");
            for argument in argument_names(&cell) {
                // Documented constructors (`FormattedText`) are not in the
                // IR; every type they are applied to is.
                let is_type = api.model(&argument).is_some()
                    || api.variant(&argument).is_some()
                    || ["String", "Long", "Boolean", "Number"].contains(&argument.as_str());
                assert!(
                    !is_type || written.contains(&argument),
                    "{model} › {heading}.{field}: `{cell}` read as {written}, without {argument}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} typed arguments were found");
}
