//! The text files of the generated crate, from askama templates under
//! `codegen/templates/crate/`, and the crate's static Rust files.
//!
//! [`dependencies`] is the one list of the generated crate's dependencies.

use askama::Template;
use quote::quote;

use super::docs::{self, Links};
use super::names;
use super::{runtime, ExtraModule, Options, TypeSpace, GENERATED_MARKER};
use crate::examples::json_examples;
use crate::ir::{Api, ModelKind};

/// `src/types.rs`: the types the runtime defines for models, and the union
/// readers the models call, under the paths generated code names.
pub fn types_rs() -> String {
    format!(
        "//! Types the documentation uses without defining them as models.\n\n\
         pub use {runtime}::types::{{EmptyList, NonEmptyList}};\n\n\
         #[doc(hidden)]\n\
         pub use {runtime}::{{shape, tagged}};\n",
        runtime = RUNTIME_CRATE
    )
}

/// The runtime's crate name as code names it.
pub const RUNTIME_CRATE: &str = "codegen_runtime";

/// A dependency of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub features: Vec<String>,
    pub default_features: bool,
    /// Behind a feature of the crate named after the dependency
    /// (`tracing = ["dep:tracing"]`).
    pub optional: bool,
}

impl Dependency {
    pub fn new(name: &str, version: &str, features: &[&str]) -> Self {
        Dependency {
            name: name.to_string(),
            version: version.to_string(),
            features: features.iter().map(|f| f.to_string()).collect(),
            default_features: true,
            optional: false,
        }
    }

    /// The dependency behind a feature of its name.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    pub fn without_default_features(mut self) -> Self {
        self.default_features = false;
        self
    }

    /// The dependency's value in `[dependencies]`: its version, or an inline
    /// table when it sets features.
    pub fn toml_value(&self) -> toml_edit::Value {
        if self.features.is_empty() && self.default_features && !self.optional {
            return self.version.as_str().into();
        }
        let mut table = toml_edit::InlineTable::new();
        table.insert("version", self.version.as_str().into());
        if self.optional {
            table.insert("optional", true.into());
        }
        if !self.default_features {
            table.insert("default-features", false.into());
        }
        if !self.features.is_empty() {
            table.insert("features", self.features.iter().map(String::as_str).collect::<toml_edit::Array>().into());
        }
        table.fmt();
        toml_edit::Value::InlineTable(table)
    }

    /// The dependency's line in `[dependencies]`.
    pub fn toml_line(&self) -> String {
        if self.features.is_empty() && self.default_features && !self.optional {
            return format!("{} = \"{}\"", self.name, self.version);
        }
        let mut parts = vec![format!("version = \"{}\"", self.version)];
        if self.optional {
            parts.push("optional = true".to_string());
        }
        if !self.default_features {
            parts.push("default-features = false".to_string());
        }
        if !self.features.is_empty() {
            let features: Vec<String> = self.features.iter().map(|f| format!("\"{f}\"")).collect();
            parts.push(format!("features = [{}]", features.join(", ")));
        }
        format!("{} = {{ {} }}", self.name, parts.join(", "))
    }
}

/// Every dependency of the generated crate, sorted by name: the models'
/// own, then `options.extra_dependencies`, which win over a model dependency
/// of the same name.
pub fn dependencies(options: &Options) -> Vec<Dependency> {
    let mut all = vec![
        Dependency::new("chrono", "0.4", &["serde", "std"]).without_default_features(),
        Dependency::new("indexmap", "2", &["serde"]),
        Dependency::new("serde", "1", &["derive"]),
        Dependency::new("serde_json", "1", &[]),
        Dependency::new("uuid", "1", &["serde"]),
    ];
    for extra in &options.extra_dependencies {
        all.retain(|d| d.name != extra.name);
        all.push(extra.clone());
    }
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

/// `Cargo.toml`, built as a TOML document so that any title, name or command
/// is quoted and escaped by the TOML library, never by hand.
pub fn cargo_toml(api: &Api, options: &Options) -> String {
    use toml_edit::{value, DocumentMut, Item, Table};

    let mut package = Table::new();
    package.decor_mut().set_prefix(format!(
        "# {GENERATED_MARKER} from the API documentation: do not edit, run `{}`.\n",
        one_line(&options.regenerate_command)
    ));
    package["name"] = value(options.package_name.as_str());
    package["version"] = value(options.version.as_str());
    package["edition"] = value("2021");
    package["description"] =
        value(format!("Rust types for {}, generated from its documentation", one_line(&title(api))));
    package["publish"] = value(false);

    let mut codegen = Table::new();
    codegen.decor_mut().set_prefix(
        "\n# The revision of the generated Rust shapes and, once released, what this\n\
         # version was made from (see CHANGELOG.md): the SHA-256 of the API model\n\
         # `codegen ir` prints.\n",
    );
    let shape = options.release.as_ref().map_or(super::SHAPE_REVISION, |record| record.shape);
    codegen["shape-revision"] = value(i64::from(shape));
    if let Some(record) = &options.release {
        codegen["api-digest"] = value(record.api_digest.as_str());
    }
    let mut metadata = Table::new();
    metadata.set_implicit(true);
    metadata.insert("codegen", Item::Table(codegen));
    package.insert("metadata", Item::Table(metadata));

    let mut document = DocumentMut::new();
    document.insert("package", Item::Table(package));
    if options.standalone {
        let mut workspace = Table::new();
        workspace.decor_mut().set_prefix("\n# The crate builds on its own, wherever it is written.\n");
        document.insert("workspace", Item::Table(workspace));
    }
    let mut dependencies = Table::new();
    dependencies.decor_mut().set_prefix("\n");
    dependencies.insert(runtime::PACKAGE, Item::Value(options.runtime.dependency(&options.package_name, &[])));
    for dependency in self::dependencies(options) {
        dependencies.insert(&dependency.name, Item::Value(dependency.toml_value()));
    }
    dependencies.sort_values();
    document.insert("dependencies", Item::Table(dependencies));
    let mut dev_dependencies = Table::new();
    dev_dependencies
        .decor_mut()
        .set_prefix("\n# The example tests read and compare JSON with the runtime's `testing` part.\n");
    dev_dependencies
        .insert(runtime::PACKAGE, Item::Value(options.runtime.dependency(&options.package_name, &["testing"])));
    document.insert("dev-dependencies", Item::Table(dev_dependencies));
    let features = features(options);
    if !features.is_empty() {
        document.insert("features", Item::Table(features));
    }
    document.to_string()
}

/// `[features]`: the client behind `client` (on by default; without it the
/// crate is its models alone), `tracing` on top of it, and a feature per
/// optional dependency.
fn features(options: &Options) -> toml_edit::Table {
    use toml_edit::{value, Array, Table};

    let mut features = Table::new();
    features.decor_mut().set_prefix("\n");
    let mut add = |name: &str, enables: Vec<String>, comment: Option<&str>| {
        features.insert(name, value(Array::from_iter(enables)));
        if let (Some(comment), Some(mut key)) = (comment, features.key_mut(name)) {
            key.leaf_decor_mut().set_prefix(format!("# {comment}\n"));
        }
    };
    if options.extra_modules.iter().any(|module| module.feature.as_deref() == Some(CLIENT_FEATURE)) {
        add("default", vec![CLIENT_FEATURE.to_string()], None);
        add(
            CLIENT_FEATURE,
            vec![format!("{}/client", runtime::PACKAGE)],
            Some("The HTTP client and the runtime's transport; without it the crate is its models alone."),
        );
        add(
            "tracing",
            vec![CLIENT_FEATURE.to_string(), format!("{}/tracing", runtime::PACKAGE)],
            Some("One span per request: method, path template, status, attempt, duration."),
        );
    }
    for dependency in self::dependencies(options).into_iter().filter(|d| d.optional) {
        add(&dependency.name, vec![format!("dep:{}", dependency.name)], None);
    }
    features
}

/// The cargo feature that turns the client on.
pub const CLIENT_FEATURE: &str = "client";

/// Text for one line of a comment or a heading: line breaks and control
/// characters become spaces.
pub fn one_line(text: &str) -> String {
    let spaced: String =
        text.chars().map(|c| if c.is_control() || crate::source::is_hostile_char(c) { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Template)]
#[template(path = "crate/README.md")]
struct Readme<'a> {
    marker: &'a str,
    regenerate: &'a str,
    name: &'a str,
    title: String,
    crate_ident: String,
    sample_type: String,
    groups: String,
    extra_modules: &'a [ExtraModule],
    example_count: usize,
    left_out_count: usize,
    test_command: String,
}

pub fn readme(api: &Api, options: &Options, left_out: usize) -> String {
    let sample_type = api
        .models
        .iter()
        .find(|m| m.kind() == ModelKind::Struct)
        .map_or_else(|| "SomeModel".to_string(), |m| names::type_name(&m.name));
    let test_command =
        if options.standalone { "cargo test".to_string() } else { format!("cargo test -p {}", options.package_name) };
    let template = Readme {
        marker: GENERATED_MARKER,
        regenerate: &options.regenerate_command,
        name: &options.package_name,
        title: title(api),
        crate_ident: options.crate_ident(),
        sample_type,
        groups: group_list(api),
        extra_modules: &options.extra_modules,
        example_count: json_examples(api).len(),
        left_out_count: left_out,
        test_command,
    };
    render(&template)
}

#[derive(Template)]
#[template(path = "crate/lib_doc.md")]
struct LibDoc<'a> {
    title: String,
    description: String,
    extra_modules: &'a [ExtraModule],
}

/// `src/lib.rs`: the crate's docs and its modules.
pub fn lib_rs(api: &Api, space: &TypeSpace<'_>, options: &Options) -> String {
    let links = Links {
        anchors: std::sync::Arc::new(super::anchors(space)),
        module: String::new(),
        imported: Default::default(),
        models_path: format!("{}::models", options.root_path),
    };
    let description = docs::rustdoc_markdown(&demote_headings(&api.description), &links);
    let title = docs::rustdoc_markdown(&title(api), &links);
    let doc = render(&LibDoc { title, description, extra_modules: &options.extra_modules });
    let doc = docs::inner_doc_attrs(&doc);
    let extra = options.extra_modules.iter().map(|m| {
        let ident = names::ident(&m.name);
        match &m.feature {
            Some(feature) => quote!(#[cfg(feature = #feature)] pub mod #ident;),
            None => quote!(pub mod #ident;),
        }
    });
    let runtime = syn::Ident::new(RUNTIME_CRATE, proc_macro2::Span::call_site());
    super::format_file(quote! {
        #doc
        #![forbid(unsafe_code)]

        pub mod models;
        pub mod types;
        #(#extra)*
        pub use #runtime as runtime;
    })
}

/// The documentation's `#` headings become `##`, under the crate's title.
fn demote_headings(markdown: &str) -> String {
    let mut in_fence = false;
    markdown
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence && line.starts_with('#') {
                format!("#{line}")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Template)]
#[template(path = "crate/models_doc.md")]
struct ModelsDoc {
    root: String,
    groups: String,
}

/// The docs of the `models` module: the representation choices.
pub fn models_module_doc(api: &Api, options: &Options) -> String {
    render(&ModelsDoc { root: options.root_path.clone(), groups: group_list(api) })
}

#[derive(Template)]
#[template(path = "crate/group_doc.md")]
struct GroupDoc<'a> {
    group: &'a str,
}

/// The docs of one group's module.
pub fn group_module_doc(group: &str) -> String {
    render(&GroupDoc { group: if group.trim().is_empty() { "(no group)" } else { group } })
}

fn group_list(api: &Api) -> String {
    let mut groups: Vec<&str> = Vec::new();
    for model in &api.models {
        if !groups.contains(&model.group.as_str()) {
            groups.push(&model.group);
        }
    }
    groups.iter().map(|g| format!("*{g}*")).collect::<Vec<_>>().join(", ")
}

/// The API's title on one line (it is a heading and a TOML string).
fn title(api: &Api) -> String {
    api.title.as_deref().map(one_line).filter(|t| !t.is_empty()).unwrap_or_else(|| "the API".to_string())
}

/// Templates are compiled with the crate: rendering fails only when a value
/// cannot be displayed, which none of these can. The error text is kept in
/// the file rather than dropped, should that change.
fn render(template: &impl Template) -> String {
    let mut text = template.render().unwrap_or_else(|err| format!("template error: {err}"));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
