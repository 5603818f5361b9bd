//! Component names of the schemas.
//!
//! Every model gets a component under its own name. A union's variants are
//! types too (a field may be typed `RationalAddress`), so each variant gets a
//! component of its own: under its own name when that name is unique in the
//! API, else (another model or another union's variant has it, as
//! `JournalEventData` and `TicketEvent` both have a `TicketClosed`) under
//! `{Union}{Variant}` for every variant that shares it, so the name a variant
//! gets does not depend on which union is documented first. A name still
//! taken after that gets the first free numeric suffix (`2`, `3`...), in the
//! IR's order.
//!
//! A reference by name resolves as [`Api::model`] then [`Api::variant`] do:
//! a model first, then the first union (in the IR's order) with a variant of
//! that name.
//!
//! [`Api::model`]: crate::ir::Api::model
//! [`Api::variant`]: crate::ir::Api::variant

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Api;

/// The base name of the component for error bodies the documentation does
/// not describe.
const GENERIC_ERROR: &str = "Error";

#[derive(Debug, Clone, Default)]
pub struct SchemaNames {
    /// Component of each model, by its position in `api.models`.
    models: Vec<String>,
    /// Component of each variant, by the positions of its union and of itself.
    variants: BTreeMap<(usize, usize), String>,
    /// What a type name (`TypeRef::Named`) refers to.
    by_type_name: BTreeMap<String, String>,
    generic_error: String,
}

impl SchemaNames {
    pub fn new(api: &Api) -> Self {
        let mut taken = BTreeSet::new();
        let models: Vec<String> = api.models.iter().map(|model| claim(&mut taken, &sanitize(&model.name))).collect();

        let mut variant_name_count: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, variant) in variants_of(api) {
            *variant_name_count.entry(variant.name.as_str()).or_default() += 1;
        }
        let model_names: BTreeSet<&str> = api.models.iter().map(|model| model.name.as_str()).collect();
        let is_unique = |name: &str| variant_name_count.get(name) == Some(&1) && !model_names.contains(name);

        // Unique variant names are claimed before any qualified name, so that
        // a qualified name can never take a plain one away.
        let mut variants = BTreeMap::new();
        for (union_index, variant_index, variant) in variants_of(api) {
            if is_unique(&variant.name) {
                variants.insert((union_index, variant_index), claim(&mut taken, &sanitize(&variant.name)));
            }
        }
        for (union_index, variant_index, variant) in variants_of(api) {
            if !is_unique(&variant.name) {
                let qualified = sanitize(&format!("{}{}", api.models[union_index].name, variant.name));
                variants.insert((union_index, variant_index), claim(&mut taken, &qualified));
            }
        }
        let generic_error = claim(&mut taken, GENERIC_ERROR);

        let mut by_type_name = BTreeMap::new();
        for (model, component) in api.models.iter().zip(&models) {
            by_type_name.entry(model.name.clone()).or_insert_with(|| component.clone());
        }
        for (union_index, variant_index, variant) in variants_of(api) {
            if let Some(component) = variants.get(&(union_index, variant_index)) {
                by_type_name.entry(variant.name.clone()).or_insert_with(|| component.clone());
            }
        }
        SchemaNames { models, variants, by_type_name, generic_error }
    }

    pub fn model(&self, model_index: usize) -> &str {
        self.models.get(model_index).map_or("", String::as_str)
    }

    pub fn variant(&self, union_index: usize, variant_index: usize) -> &str {
        self.variants.get(&(union_index, variant_index)).map_or("", String::as_str)
    }

    /// The component a type name refers to; `None` for a name the API does
    /// not define.
    pub fn resolve(&self, type_name: &str) -> Option<&str> {
        self.by_type_name.get(type_name).map(String::as_str)
    }

    pub fn generic_error(&self) -> &str {
        &self.generic_error
    }
}

/// Every variant of every union, with the positions of both.
fn variants_of(api: &Api) -> impl Iterator<Item = (usize, usize, &crate::ir::Variant)> {
    api.models.iter().enumerate().flat_map(|(union_index, model)| {
        model.variants().iter().enumerate().map(move |(variant_index, variant)| (union_index, variant_index, variant))
    })
}

/// `base`, or `base2`, `base3`... whichever is free first; marks it taken.
fn claim(taken: &mut BTreeSet<String>, base: &str) -> String {
    let mut name = base.to_string();
    let mut suffix = 2;
    while taken.contains(&name) {
        name = format!("{base}{suffix}");
        suffix += 1;
    }
    taken.insert(name.clone());
    name
}

/// Component names may hold only `A-Z a-z 0-9 . - _`.
fn sanitize(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    if cleaned.is_empty() {
        "Unnamed".to_string()
    } else {
        cleaned
    }
}

/// The JSON pointer of a schema component.
pub fn schema_ref(component: &str) -> String {
    format!("#/components/schemas/{component}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Model, ModelKind, ModelShape, Source, Union, Variant};

    fn source() -> Source {
        Source { file: "x.md".into(), line: 1 }
    }

    fn model(name: &str, kind: ModelKind) -> Model {
        Model::new(name, "Models", ModelShape::empty(kind), source())
    }

    fn union(name: &str, variants: &[&str]) -> Model {
        let variants = variants
            .iter()
            .map(|name| Variant {
                model: None,
                name: name.to_string(),
                tag_value: None,
                fields: Vec::new(),
                bare: false,
                inferred: false,
                description: String::new(),
                examples: Vec::new(),
                source: source(),
            })
            .collect();
        Model::new(name, "Models", ModelShape::Union(Union { variants, ..Union::default() }), source())
    }

    fn api(models: Vec<Model>) -> Api {
        Api { models, ..Api::default() }
    }

    #[test]
    fn unique_variants_keep_their_names() {
        let api = api(vec![union("AddressForCommand", &["RationalAddress", "AddressReference"])]);
        let names = SchemaNames::new(&api);
        assert_eq!(names.model(0), "AddressForCommand");
        assert_eq!(names.variant(0, 0), "RationalAddress");
        assert_eq!(names.resolve("RationalAddress"), Some("RationalAddress"));
    }

    #[test]
    fn variants_sharing_a_name_are_all_qualified_and_a_reference_finds_the_first() {
        let api = api(vec![
            union("JournalEventData", &["TicketClosed", "MessageAdded"]),
            union("TicketEvent", &["TicketOpened", "TicketClosed"]),
        ]);
        let names = SchemaNames::new(&api);
        assert_eq!(names.variant(0, 0), "JournalEventDataTicketClosed");
        assert_eq!(names.variant(1, 1), "TicketEventTicketClosed");
        assert_eq!(names.variant(0, 1), "MessageAdded");
        assert_eq!(names.resolve("TicketClosed"), Some("JournalEventDataTicketClosed"));
    }

    #[test]
    fn a_variant_named_like_a_model_leaves_the_name_to_the_model() {
        let api = api(vec![model("Purpose", ModelKind::Struct), union("Assignation", &["Purpose"])]);
        let names = SchemaNames::new(&api);
        assert_eq!(names.model(0), "Purpose");
        assert_eq!(names.variant(1, 0), "AssignationPurpose");
        assert_eq!(names.resolve("Purpose"), Some("Purpose"));
    }

    #[test]
    fn a_qualified_name_already_taken_gets_a_suffix_and_the_generic_error_steps_aside() {
        let api = api(vec![
            model("AB", ModelKind::Struct),
            model("Error", ModelKind::Struct),
            union("A", &["B", "X"]),
            union("Other", &["B"]),
        ]);
        let names = SchemaNames::new(&api);
        assert_eq!(names.variant(2, 0), "AB2");
        assert_eq!(names.variant(3, 0), "OtherB");
        assert_eq!(names.generic_error(), "Error2");
    }

    #[test]
    fn names_are_cleaned_to_what_a_component_key_allows() {
        let api = api(vec![model("Bad Name!", ModelKind::Struct), model("", ModelKind::Struct)]);
        let names = SchemaNames::new(&api);
        assert_eq!(names.model(0), "Bad_Name_");
        assert_eq!(names.model(1), "Unnamed");
        assert_eq!(names.resolve("Bad Name!"), Some("Bad_Name_"));
        assert_eq!(names.resolve("Missing"), None);
    }
}
