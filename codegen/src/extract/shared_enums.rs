//! Enums the extractor makes of `ENUM` cells (a field's or a parameter's
//! listed values) are one type per set of values: a ticket status used by
//! three models and two filter parameters is one enum, not five. The one kept
//! is, in order: an enum the documentation names itself, else one a model's
//! field uses, else the first documented; its values and their wire names are
//! the same by construction. Enums the documentation names stay apart even
//! with the same values: the documentation told them apart.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::ir::{Endpoint, Model, TypeRef};

/// Merges the `generated` enums of `models` that list the same values into
/// one, rewriting every use.
pub(crate) fn unify(
    generated: &BTreeSet<String>,
    models: &mut Vec<Model>,
    endpoints: &mut [Endpoint],
    rewrite: impl Fn(&mut [Model], &mut [Endpoint], &dyn Fn(&str) -> Option<TypeRef>),
) {
    let replaced = replacements(generated, models);
    if replaced.is_empty() {
        return;
    }
    models.retain(|model| !replaced.contains_key(&model.name));
    rewrite(models, endpoints, &|name| replaced.get(name).map(|kept| TypeRef::Named(kept.clone())));
}

/// The enums to drop, each with the one kept in its place.
fn replacements(generated: &BTreeSet<String>, models: &[Model]) -> BTreeMap<String, String> {
    let in_fields = used_by_fields(models);
    let mut by_values: BTreeMap<Vec<&str>, Vec<&Model>> = BTreeMap::new();
    for (model, values) in models.iter().filter_map(|m| Some((m, m.enum_values()?))).filter(|(_, v)| !v.is_empty()) {
        let mut values: Vec<&str> = values.iter().map(String::as_str).collect();
        values.sort_unstable();
        values.dedup();
        by_values.entry(values).or_default().push(model);
    }
    let mut replaced = BTreeMap::new();
    for mut same in by_values.into_values().filter(|same| same.len() > 1) {
        same.sort_by_key(|model| {
            (
                generated.contains(&model.name),
                !in_fields.contains(model.name.as_str()),
                model.source.file.clone(),
                model.source.line,
                model.name.clone(),
            )
        });
        let kept = &same[0].name;
        for model in same.iter().skip(1).filter(|m| generated.contains(&m.name)) {
            replaced.insert(model.name.clone(), kept.clone());
        }
    }
    replaced
}

/// The types the fields of models (and of their variants) name. A hash
/// set: it is only asked whether it holds a name, and fields are many.
fn used_by_fields(models: &[Model]) -> HashSet<&str> {
    models.iter().flat_map(Model::all_fields).flat_map(|field| field.ty.named_types()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enum_model(name: &str, values: &[&str], line: usize) -> Model {
        serde_json::from_value(serde_json::json!({
            "name": name, "kind": "enum", "group": "G", "values": values,
            "source": {"file": "a.md", "line": line}
        }))
        .unwrap()
    }

    fn with_field(name: &str, ty: &str, line: usize) -> Model {
        serde_json::from_value(serde_json::json!({
            "name": name, "kind": "struct", "group": "G",
            "fields": [{"name": "status", "type": ty, "required": true, "source": {"file": "a.md", "line": line}}],
            "source": {"file": "a.md", "line": line}
        }))
        .unwrap()
    }

    #[test]
    fn a_field_enum_is_kept_for_a_parameter_with_the_same_values() {
        let generated: BTreeSet<String> =
            ["ListThingsStatus", "ThingStatus", "OtherThingStatus"].map(String::from).into();
        let models = vec![
            enum_model("ListThingsStatus", &["OPEN", "CLOSED"], 1),
            with_field("Thing", "ThingStatus", 20),
            enum_model("ThingStatus", &["CLOSED", "OPEN"], 21),
            enum_model("OtherThingStatus", &["OPEN", "CLOSED"], 30),
            with_field("OtherThing", "OtherThingStatus", 30),
        ];
        let replaced = replacements(&generated, &models);
        assert_eq!(replaced.get("ListThingsStatus").map(String::as_str), Some("ThingStatus"));
        assert_eq!(replaced.get("OtherThingStatus").map(String::as_str), Some("ThingStatus"));
        assert_eq!(replaced.len(), 2);
    }

    #[test]
    fn enums_the_documentation_names_stay_apart_and_win() {
        let generated: BTreeSet<String> = ["ThingStatus"].map(String::from).into();
        let models = vec![
            enum_model("Medium", &["FAX", "MAIL"], 1),
            enum_model("Channel", &["MAIL", "FAX"], 5),
            enum_model("ThingStatus", &["FAX", "MAIL"], 9),
            enum_model("Unrelated", &["FAX"], 12),
        ];
        let replaced = replacements(&generated, &models);
        assert_eq!(replaced.into_iter().collect::<Vec<_>>(), [("ThingStatus".to_string(), "Medium".to_string())]);
    }
}
