//! The type space: every documented type's Rust name and module, and
//! [`TypeRef`]s turned into Rust type tokens.
//!
//! | documentation        | Rust                                           |
//! |----------------------|------------------------------------------------|
//! | `String`             | `String`                                       |
//! | `Boolean`            | `bool`                                         |
//! | `Long`               | `i64`                                          |
//! | `Number`             | `serde_json::Number` (integers exactly, decimals up to 15 significant digits) |
//! | `Float`              | `f64`                                          |
//! | `Option[T]`          | `Option<T>`, absent from the JSON when `None`  |
//! | `Array[T]`           | `Vec<T>`                                       |
//! | `NonEmptyList[T]`    | `NonEmptyList<T>` (refuses `[]`)               |
//! | `Map[K,V]`           | `IndexMap<K, V>` (keeps the document's order)  |
//! | `SafeUUID`           | `uuid::Uuid`                                   |
//! | `LocalDate`          | `chrono::NaiveDate`                            |
//! | `DateTime`           | `chrono::DateTime<FixedOffset>`                |
//! | `Error`, `Any`, an undefined name | `serde_json::Value`               |
//!
//! Types are named in IR order. A variant keeps its own name unless another
//! type has it; variants of unions with a discriminator are named before
//! those of unions told apart by shape, because their names are on the wire.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{self, Scope};
use super::Reporter;
use crate::diagnostics::{Code, Diagnostic};
use crate::examples::builtin_scalar;
use crate::ir::{Api, Model, ModelKind, ModelShape, Scalar, TypeRef, Union};

/// A documented type, the key of the type space.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeKey {
    /// A model, by its index in `Api::models`.
    Model(usize),
    /// A variant of a union: the union's index and the variant's index.
    Variant(usize, usize),
    /// The marker type of a constant field of a struct: model and field index.
    Constant(usize, usize),
}

/// Where a type lives in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeName {
    pub ident: String,
    /// The module under `models`, such as `commands`.
    pub module: String,
}

/// The names of every generated type, and the fields that need a `Box`.
#[derive(Debug, Clone)]
pub struct TypeSpace<'a> {
    pub api: &'a Api,
    names: BTreeMap<TypeKey, TypeName>,
    by_model_name: BTreeMap<&'a str, usize>,
    /// Variant name -> (union, variant) indices, the first in IR order as
    /// [`Api::variant`] finds it.
    by_variant_name: BTreeMap<&'a str, (usize, usize)>,
    /// Fields (owner, field index) that point back at their owner by value.
    boxed: BTreeSet<(TypeKey, usize)>,
    /// Modules of `models`, in order, with the documentation group they hold.
    pub modules: Vec<(String, String)>,
    /// Models a client sends (reached from a parameter or a body): their
    /// structs get a constructor. Found as the diff finds a model's
    /// direction, so that what the diff calls a read-only struct has no
    /// constructor whose arguments a new field would change.
    sent: BTreeSet<usize>,
}

/// Module names the crate uses for something else.
/// Names the generated code writes unqualified (the prelude, serde's traits,
/// imported types): a model of that name would shadow them, so it is
/// numbered instead (and reported as a collision).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "String",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "From",
    "Into",
    "Iterator",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "ToString",
    "ToOwned",
    "AsRef",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "IndexMap",
    "NonEmptyList",
];

const RESERVED_MODULES: &[&str] =
    &["models", "types", "client", "runtime", "tests", "support", "error", "lib", "mod", "main"];

impl<'a> TypeSpace<'a> {
    pub fn new(api: &'a Api, reporter: &mut Reporter<'_>) -> Self {
        let mut by_model_name = BTreeMap::new();
        for (index, model) in api.models.iter().enumerate() {
            by_model_name.entry(model.name.as_str()).or_insert(index);
        }
        let mut by_variant_name = BTreeMap::new();
        for (index, model) in api.models.iter().enumerate() {
            for (variant_index, variant) in model.variants().iter().enumerate() {
                by_variant_name.entry(variant.name.as_str()).or_insert((index, variant_index));
            }
        }
        let mut space = TypeSpace {
            api,
            names: BTreeMap::new(),
            by_model_name,
            by_variant_name,
            boxed: BTreeSet::new(),
            modules: Vec::new(),
            sent: BTreeSet::new(),
        };
        space.sent = crate::diff::usage::model_usage(api)
            .into_iter()
            .filter(|(_, usage)| usage.request)
            .filter_map(|(name, _)| space.by_model_name.get(name.as_str()).copied())
            .collect();
        let modules = space.name_modules();
        space.name_types(&modules, reporter);
        space.find_boxed_fields();
        space
    }

    fn name_modules(&mut self) -> BTreeMap<String, String> {
        let mut scope = Scope::new();
        for reserved in RESERVED_MODULES {
            scope.reserve(reserved, reserved);
        }
        let mut by_group = BTreeMap::new();
        for model in &self.api.models {
            if by_group.contains_key(&model.group) {
                continue;
            }
            let mut wanted = names::module_name(&model.group);
            if model.group.trim().is_empty() {
                wanted = "other".to_string();
            } else if wanted == "models" {
                // `models::models` would be a module named after its parent.
                wanted = "common".to_string();
            }
            let module = scope.claim(&model.group, &wanted).ident;
            self.modules.push((module.clone(), model.group.clone()));
            by_group.insert(model.group.clone(), module);
        }
        by_group
    }

    fn name_types(&mut self, modules: &BTreeMap<String, String>, reporter: &mut Reporter<'_>) {
        let mut scope = Scope::new();
        for name in RESERVED_TYPE_NAMES {
            scope.reserve(name, name);
        }
        let module_of = |model: &Model| modules.get(&model.group).cloned().unwrap_or_else(|| "other".to_string());
        for (index, model) in self.api.models.iter().enumerate() {
            let claimed = scope.claim(&model.name, &names::type_name(&model.name));
            if let Some(first) = &claimed.collided_with {
                reporter.report(
                    Diagnostic::warning(
                        Code::SL024,
                        format!(
                            "`{}` and `{first}` are both the Rust type `{}`; this one is generated as `{}`",
                            model.name,
                            names::type_name(&model.name),
                            claimed.ident
                        ),
                    )
                    .help("give the models names that differ by more than case and punctuation"),
                    &model.source,
                );
            }
            self.names.insert(TypeKey::Model(index), TypeName { ident: claimed.ident, module: module_of(model) });
        }
        let unions: Vec<(usize, &Model, &Union)> = (self.api.models.iter().enumerate())
            .filter_map(|(index, model)| Some((index, model, model.as_union()?)))
            .collect();
        let tagged_first = (unions.iter().filter(|(_, _, u)| u.tag.is_some()))
            .chain(unions.iter().filter(|(_, _, u)| u.tag.is_none()));
        for &(union_index, model, union) in tagged_first {
            let union_ident = self.names[&TypeKey::Model(union_index)].ident.clone();
            for (variant_index, variant) in union.variants.iter().enumerate() {
                if variant.bare {
                    continue;
                }
                let own = names::type_name(&variant.name);
                let wanted = if scope.is_taken(&own) { format!("{union_ident}{own}") } else { own.clone() };
                let claimed = scope.claim(&format!("{}::{}", model.name, variant.name), &wanted);
                if wanted != own || claimed.collided_with.is_some() {
                    let owner = claimed.collided_with.clone().unwrap_or_else(|| self.owner_of(&own));
                    reporter.report(
                        Diagnostic::note(
                            Code::SL024,
                            format!(
                                "variant `{}` of `{}` is generated as `{}` because `{own}` is already {owner}",
                                variant.name, model.name, claimed.ident
                            ),
                        ),
                        &variant.source,
                    );
                }
                self.names.insert(
                    TypeKey::Variant(union_index, variant_index),
                    TypeName { ident: claimed.ident, module: module_of(model) },
                );
            }
        }
        for (index, model) in self.api.models.iter().enumerate() {
            let Some(fields) = model.struct_fields() else { continue };
            for (field_index, field) in fields.iter().enumerate() {
                if field.ty != TypeRef::Constant || field.constant.is_none() {
                    continue;
                }
                let owner = &self.names[&TypeKey::Model(index)].ident;
                let wanted = format!("{owner}{}", names::type_name(&field.name));
                let claimed = scope.claim(&format!("{}.{}", model.name, field.name), &wanted);
                self.names.insert(
                    TypeKey::Constant(index, field_index),
                    TypeName { ident: claimed.ident, module: module_of(model) },
                );
            }
        }
    }

    /// Who holds an identifier, for a diagnostic.
    fn owner_of(&self, ident: &str) -> String {
        self.names
            .iter()
            .find(|(_, name)| name.ident == ident)
            .map(|(key, _)| match key {
                TypeKey::Model(i) => format!("the model `{}`", self.api.models[*i].name),
                TypeKey::Variant(u, v) => {
                    let union = &self.api.models[*u];
                    format!("the variant `{}` of `{}`", union.variants()[*v].name, union.name)
                }
                TypeKey::Constant(m, _) => format!("a constant of `{}`", self.api.models[*m].name),
            })
            .unwrap_or_else(|| "taken".to_string())
    }

    pub fn name(&self, key: &TypeKey) -> Option<&TypeName> {
        self.names.get(key)
    }

    /// The identifier of a type the space named; every key it hands out has one.
    pub fn ident(&self, key: &TypeKey) -> String {
        self.names.get(key).map(|n| n.ident.clone()).unwrap_or_else(|| "Unnamed".to_string())
    }

    pub fn module(&self, key: &TypeKey) -> String {
        self.names.get(key).map(|n| n.module.clone()).unwrap_or_else(|| "other".to_string())
    }

    /// What a documented name refers to: a model first, then a variant.
    pub fn resolve(&self, name: &str) -> Option<TypeKey> {
        if let Some(&index) = self.by_model_name.get(name) {
            return Some(TypeKey::Model(index));
        }
        let &(union_index, variant_index) = self.by_variant_name.get(name)?;
        let key = TypeKey::Variant(union_index, variant_index);
        // A bare variant has no struct: the union stands for it.
        Some(if self.names.contains_key(&key) { key } else { TypeKey::Model(union_index) })
    }

    /// Whether clients send values of the type: a struct or variant struct
    /// sent in a request gets a constructor and `with_` setters.
    pub fn is_sent(&self, key: &TypeKey) -> bool {
        match key {
            TypeKey::Model(model) | TypeKey::Variant(model, _) | TypeKey::Constant(model, _) => {
                self.sent.contains(model)
            }
        }
    }

    pub fn is_boxed(&self, owner: &TypeKey, field: usize) -> bool {
        self.boxed.contains(&(owner.clone(), field))
    }

    /// The fields of a struct or variant.
    pub fn fields_of(&self, key: &TypeKey) -> &'a [crate::ir::Field] {
        match key {
            TypeKey::Model(i) => self.api.models[*i].fields(),
            TypeKey::Variant(u, v) => &self.api.models[*u].variants()[*v].fields,
            TypeKey::Constant(..) => &[],
        }
    }

    /// Types held by value (directly or in an `Option`), which make a cycle
    /// without a `Box`; arrays and maps already hold their items on the heap.
    fn by_value_targets(&self, ty: &TypeRef) -> Option<TypeKey> {
        match ty {
            TypeRef::Named(name) => self.resolve(name),
            TypeRef::Option(inner) => self.by_value_targets(inner),
            _ => None,
        }
    }

    fn by_value_edges(&self, key: &TypeKey) -> Vec<TypeKey> {
        match key {
            TypeKey::Model(i) if self.api.models[*i].kind() == ModelKind::Union => {
                (0..self.api.models[*i].variants().len())
                    .map(|v| TypeKey::Variant(*i, v))
                    .filter(|k| self.names.contains_key(k))
                    .collect()
            }
            _ => self.fields_of(key).iter().filter_map(|f| self.by_value_targets(&f.ty)).collect(),
        }
    }

    fn find_boxed_fields(&mut self) {
        let owners: Vec<TypeKey> = self.names.keys().filter(|k| !matches!(k, TypeKey::Constant(..))).cloned().collect();
        let edges: BTreeMap<TypeKey, Vec<TypeKey>> =
            owners.iter().map(|k| (k.clone(), self.by_value_edges(k))).collect();
        for owner in &owners {
            for (index, field) in self.fields_of(owner).iter().enumerate() {
                if let Some(target) = self.by_value_targets(&field.ty) {
                    if reaches(&edges, &target, owner) {
                        self.boxed.insert((owner.clone(), index));
                    }
                }
            }
        }
    }

    /// The Rust type of a documented type, as seen from `module`, with what
    /// the module must import.
    pub fn rust_type(&self, ty: &TypeRef, at: &mut ModuleUses, reporter: &mut Reporter<'_>) -> TokenStream {
        match ty {
            TypeRef::String | TypeRef::Constant => quote!(String),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Long => quote!(i64),
            TypeRef::Number => quote!(serde_json::Number),
            TypeRef::Float => quote!(f64),
            TypeRef::Empty => quote!(()),
            TypeRef::Error | TypeRef::Any => quote!(serde_json::Value),
            TypeRef::Named(name) => match self.resolve(name) {
                Some(key) => self.named_type(&key, at),
                None if builtin_scalar(name).is_some() => {
                    builtin_scalar(name).map(super::models::scalar_type).unwrap_or_default()
                }
                None => {
                    reporter.report_unplaced(
                        Diagnostic::warning(
                            Code::SL005,
                            format!("`{name}` is not a documented type; it is generated as `serde_json::Value`"),
                        )
                        .help(format!("document a model named `{name}`, or fix the type's name")),
                        at.place.as_ref(),
                    );
                    quote!(serde_json::Value)
                }
            },
            TypeRef::Option(inner) => {
                let inner = self.rust_type(inner, at, reporter);
                quote!(Option<#inner>)
            }
            TypeRef::Array(inner) => {
                let inner = self.rust_type(inner, at, reporter);
                quote!(Vec<#inner>)
            }
            TypeRef::NonEmptyList(inner) => {
                let inner = self.rust_type(inner, at, reporter);
                at.uses.insert(format!("{}::types::NonEmptyList", at.root));
                quote!(NonEmptyList<#inner>)
            }
            TypeRef::Map(key, value) => {
                let key = self.map_key_type(key, at, reporter);
                let value = self.rust_type(value, at, reporter);
                at.uses.insert("indexmap::IndexMap".to_string());
                quote!(IndexMap<#key, #value>)
            }
        }
    }

    /// JSON object keys are strings: a key type must read from one.
    fn map_key_type(&self, key: &TypeRef, at: &mut ModuleUses, reporter: &mut Reporter<'_>) -> TokenStream {
        let string_like = match key {
            TypeRef::String | TypeRef::Long => true,
            TypeRef::Named(name) => self.resolve(name).is_some_and(|k| match k {
                TypeKey::Model(i) => match self.api.models[i].shape {
                    ModelShape::Enum { .. } => true,
                    ModelShape::Alias { of } => !matches!(of, Scalar::Number | Scalar::Boolean),
                    ModelShape::Struct { .. } | ModelShape::Union(_) => false,
                },
                _ => false,
            }),
            _ => false,
        };
        if string_like {
            self.rust_type(key, at, reporter)
        } else {
            reporter.report_unplaced(
                Diagnostic::warning(
                    Code::SL005,
                    format!("`{key}` cannot be the key of a JSON object; keys are read as `String`"),
                ),
                at.place.as_ref(),
            );
            quote!(String)
        }
    }

    fn named_type(&self, key: &TypeKey, at: &mut ModuleUses) -> TokenStream {
        let name =
            self.names.get(key).cloned().unwrap_or_else(|| TypeName { ident: "Unnamed".into(), module: String::new() });
        if at.qualified {
            let root: syn::Path = syn::parse_str(&at.root).unwrap_or_else(|_| syn::parse_quote!(crate));
            let ident = names::ident(&name.ident);
            return quote!(#root::models::#ident);
        }
        if name.module != at.module {
            at.siblings.insert(name.ident.clone());
        }
        let ident = names::ident(&name.ident);
        quote!(#ident)
    }
}

/// Whether `to` can be reached from `from` along by-value edges.
fn reaches(edges: &BTreeMap<TypeKey, Vec<TypeKey>>, from: &TypeKey, to: &TypeKey) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(key) = stack.pop() {
        if key == to {
            return true;
        }
        if seen.insert(key) {
            stack.extend(edges.get(key).into_iter().flatten());
        }
    }
    false
}

/// What one module of the generated crate refers to, gathered while its
/// items are generated so that its `use` lines name exactly that.
#[derive(Debug, Clone, Default)]
pub struct ModuleUses {
    pub module: String,
    /// The path of the crate's root (`crate`, or where a build script's
    /// output is included).
    pub root: String,
    /// Paths to import: `indexmap::IndexMap`, `crate::types::NonEmptyList`.
    pub uses: BTreeSet<String>,
    /// Types of other modules of `models`.
    pub siblings: BTreeSet<String>,
    /// The item being generated, for diagnostics about its types.
    pub place: Option<crate::ir::Source>,
    /// The module implements `Serialize` by hand (it names `Serializer`).
    pub serializer: bool,
    /// The module implements `Deserialize` by hand (it names `Deserializer`).
    pub deserializer: bool,
    pub fmt: bool,
    /// Name models by their full path (`crate::models::Company`) instead of
    /// importing them: for code outside `models`, such as a client.
    pub qualified: bool,
}

impl ModuleUses {
    pub fn new(module: &str, root: &str) -> Self {
        ModuleUses { module: module.to_string(), root: root.to_string(), ..Self::default() }
    }

    /// For a module outside `models`: models are written with their full
    /// path, so only `uses` (such as `IndexMap`) need importing.
    pub fn outside_models(module: &str, root: &str) -> Self {
        ModuleUses { qualified: true, ..Self::new(module, root) }
    }

    /// The `use` lines of the module.
    pub fn tokens(&self) -> TokenStream {
        let mut lines = Vec::new();
        if self.fmt {
            lines.push(quote!(
                use std::fmt;
            ));
        }
        let serde = match (self.deserializer, self.serializer) {
            (true, true) => "serde::{Deserialize, Deserializer, Serialize, Serializer}",
            (true, false) => "serde::{Deserialize, Deserializer, Serialize}",
            (false, true) => "serde::{Deserialize, Serialize, Serializer}",
            (false, false) => "serde::{Deserialize, Serialize}",
        };
        let local_prefix = format!("{}::", self.root);
        let is_local = |path: &str| path.starts_with("crate::") || path.starts_with(&local_prefix);
        let mut external: Vec<&str> = self.uses.iter().map(String::as_str).filter(|p| !is_local(p)).collect();
        external.push(serde);
        external.sort_unstable();
        let local = self.uses.iter().map(String::as_str).filter(|p| is_local(p));
        for path in external.into_iter().chain(local) {
            if let Ok(tree) = syn::parse_str::<syn::UseTree>(path) {
                lines.push(quote!(use #tree;));
            }
        }
        if !self.siblings.is_empty() {
            let siblings = self.siblings.iter().map(|s| names::ident(s));
            lines.push(quote!(use super::{#(#siblings),*};));
        }
        quote!(#(#lines)*)
    }
}
