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

/// Field names the IR gives a model or variant, the discriminator included.
fn ir_fields(api: &Api, model: &str, variant: &str) -> Option<BTreeSet<String>> {
    let found = api.model(model)?;
    if model == variant && found.kind == ModelKind::Struct {
        return Some(found.fields.iter().map(|f| f.name.clone()).collect());
    }
    let variant = found.variants.iter().find(|v| v.name == variant)?;
    let mut names: BTreeSet<String> = variant.fields.iter().map(|f| f.name.clone()).collect();
    if let (Some(tag), false) = (&found.tag, variant.bare) {
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
    for date in REFERENCE_DATES {
        let api = analyze(date);
        assert!(!api.endpoints.is_empty() && !api.models.is_empty(), "{date}");
    }
}

#[test]
fn every_documented_endpoint_is_in_the_ir() {
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
            let variant = api.model(&model).and_then(|m| m.variants.iter().find(|v| v.name == heading));
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
