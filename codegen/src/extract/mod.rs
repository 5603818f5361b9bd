//! Stage 3, extract: the document tree into the API model (IR).
//!
//! The documentation's conventions (see DESIGN.md) decide what each section
//! is: a `##` section holding an endpoint line is an operation; one holding a
//! field table is a struct; one whose `###` sections each hold a table (or an
//! example) is a union; one with only a `data X = A | B` block is an enum; a
//! section without tables that some table names as a type is a scalar alias.
//! Real documents break these rules here and there: every departure is a
//! diagnostic, and extraction carries on with the best reading.

mod discriminators;
mod endpoint_lines;
mod endpoints;
mod enums;
mod examples;
mod infer;
mod links;
mod models;
mod names;
mod notations;
mod operation_names;
mod operation_tables;
mod overrides;
mod paging;
mod security;
mod shared_enums;
mod tables;
mod types;
mod unread;
mod vocabulary;
mod widdershins;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ir::{self, Api, Model};
use crate::lane::{self, Lane};
use crate::reader::{Block, DocumentTree, Section};
use crate::source::{Span, Spec};

pub(crate) use examples::HttpResponse;
pub(crate) use infer::{is_date, is_date_time, is_uuid};
pub use names::{pascal_case, snake_case};
pub use overrides::FILE_NAME as OVERRIDES_FILE_NAME;
pub use unread::{Reading, Unread};

/// Extracts the API model from a document tree.
pub fn extract(spec: &Spec, tree: &DocumentTree, diagnostics: &mut Diagnostics) -> Api {
    extract_with_reading(spec, tree, diagnostics).0
}

/// Sets up, ahead of need, the noun rules method names are made with: they
/// take milliseconds to compile, which another core can spend while the
/// documentation is read.
pub fn prepare() {
    operation_names::prepare_nouns();
}

/// Extracts the API model and sums up what was read and what was not (each
/// shape left unread is also a note).
pub fn extract_with_reading(spec: &Spec, tree: &DocumentTree, diagnostics: &mut Diagnostics) -> (Api, Reading) {
    lane::with_lane(|lane| extract_beside(spec, tree, diagnostics, lane))
}

/// [`extract_with_reading`], giving what needs only the tree to `lane`.
pub(crate) fn extract_beside<'env>(
    spec: &'env Spec,
    tree: &'env DocumentTree,
    diagnostics: &mut Diagnostics,
    lane: &Lane<'env>,
) -> (Api, Reading) {
    let overrides = overrides::load(&spec.root, diagnostics);
    if overrides.is_empty() {
        return extract_tree(spec, tree, &overrides, diagnostics, lane);
    }
    // The tree as `codegen.toml` names its parts lives only here: its work
    // goes to a lane of its own.
    let overridden = overrides.apply(tree);
    lane::with_lane(|lane| extract_tree(spec, &overridden, &overrides, diagnostics, lane))
}

fn extract_tree<'env>(
    spec: &'env Spec,
    tree: &'env DocumentTree,
    overrides: &overrides::Overrides,
    diagnostics: &mut Diagnostics,
    lane: &Lane<'env>,
) -> (Api, Reading) {
    let (anchors, repeated) = heading_anchors(tree);
    let mut context = Context::new(spec, anchors, diagnostics);
    context.type_aliases = overrides.type_aliases.clone();
    // Slate that widdershins generated from OpenAPI is read by its own
    // shapes, which say more than the conventions of hand-written Slate.
    if widdershins::is_widdershins(tree) {
        let mut api = widdershins::extract(&mut context, tree);
        // Its parameters and schemas say how lists page, as hand-written ones do.
        paging::read(&mut context, tree, &[], &mut api.endpoints, &api.models);
        api.type_links = links::type_links(tree, &api.models);
        context.give_hints();
        push_all(&mut context, repeated_anchor_warnings(spec, tree, &repeated));
        return (api, Reading::default());
    }
    extract_api(&mut context, overrides, spec, tree, repeated, lane)
}

/// The result of a scoped thread; its panic goes on in the caller.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn push_all(context: &mut Context<'_>, diagnostics: Vec<Diagnostic>) {
    for diagnostic in diagnostics {
        context.push(diagnostic);
    }
}

/// What extraction needs late and the tree alone tells.
#[derive(Default)]
struct Ahead<'t> {
    sightings: security::Sightings,
    candidates: unread::Candidates<'t>,
    /// SL018, for the headings whose anchor an earlier one has.
    repeated_anchors: Vec<Diagnostic>,
}

impl<'t> Ahead<'t> {
    fn of(spec: &Spec, tree: &'t DocumentTree, repeated: &[RepeatedAnchor<'_>]) -> Self {
        Ahead {
            sightings: security::Sightings::of(tree),
            candidates: unread::Candidates::of(tree),
            repeated_anchors: repeated_anchor_warnings(spec, tree, repeated),
        }
    }
}

/// Extraction of hand-written Slate; `lane` works out what needs only the
/// tree.
fn extract_api<'env>(
    context: &mut Context<'_>,
    overrides: &overrides::Overrides,
    spec: &'env Spec,
    tree: &'env DocumentTree,
    repeated: Vec<RepeatedAnchor<'env>>,
    lane: &Lane<'env>,
) -> (Api, Reading) {
    let families = endpoint_lines::RestFamilies::of(tree);
    let plan = classify(tree, &families);
    context.families = families;
    context.register(&plan);
    let ahead = lane.run(move || Ahead::of(spec, tree, &repeated));

    let mut models = Vec::new();
    for item in &plan.models {
        if let Some(model) = models::extract_model(context, item) {
            models.push(model);
        }
    }
    models::complete_inferred(context, &mut models);
    let mut endpoints = Vec::new();
    for item in &plan.operations {
        endpoints.extend(endpoints::extract_endpoints(context, item, &mut models));
    }
    operation_names::assign_names(context, &mut endpoints);

    endpoints::type_undocumented_placeholders(&mut endpoints);
    let generated = context.take_generated_models();
    let generated_names: BTreeSet<String> = generated.iter().map(|model| model.name.clone()).collect();
    models.extend(generated);
    let (aliases, empty) = models::aliases(context);
    models.extend(aliases);
    // Types whose section documents nothing are any JSON value; the other
    // names of a variant heading that names several are that variant.
    let renamed = std::mem::take(&mut context.variant_aliases);
    if !empty.is_empty() || !renamed.is_empty() {
        let replace = |name: &str| {
            if empty.contains(name) {
                return Some(ir::TypeRef::Any);
            }
            renamed.get(name).map(|chosen| ir::TypeRef::Named(chosen.clone()))
        };
        rewrite_types(&mut models, &mut endpoints, &replace);
    }
    shared_enums::unify(&generated_names, &mut models, &mut endpoints, rewrite_types);
    discriminators::sibling_discriminators(&mut models);
    let mut errors = models::error_defs(context, &plan, &models, &endpoints);
    errors.sort_by(|a, b| a.status.cmp(&b.status).then(a.name.cmp(&b.name)));

    // Empty only when the work panicked, a panic the lane passes on.
    let Ahead { sightings, candidates, repeated_anchors } = ahead.wait().unwrap_or_default();
    push_all(context, repeated_anchors);
    // The models are settled: the links to them are found on another core
    // while the endpoints are finished.
    let (auth, security, reading, type_links) = std::thread::scope(|scope| {
        let type_links = scope.spawn(|| links::type_links(tree, &models));
        let auth = endpoints::auth(context, &endpoints);
        let security = security::read(context, tree, sightings, &plan.operations, &mut endpoints);
        paging::read(context, tree, &plan.operations, &mut endpoints, &models);
        let reading = unread::report(context, candidates, &plan);
        context.give_hints();
        let type_links = join(type_links);
        (auth, security, reading, type_links)
    });
    let api = Api {
        security_schemes: security.schemes,
        security: security.default,
        title: spec.front_matter.title.clone(),
        description: plan.intro.map(|s| models::section_description(context, s)).unwrap_or_default(),
        auth,
        // The base URL `codegen.toml` gives comes first: it is the default.
        servers: overrides
            .base_url
            .iter()
            .chain(context.servers.iter().filter(|url| overrides.base_url.as_ref() != Some(*url)))
            .map(|url| ir::Server { url: url.clone(), ..ir::Server::default() })
            .collect(),
        endpoints,
        models,
        errors,
        type_links,
    };
    (api, reading)
}

/// A diagnostic waiting for its "did you mean" hint.
#[derive(Debug)]
struct PendingHint {
    index: usize,
    name: String,
    help: fn(&str, Option<&str>) -> String,
}

/// What each section of the tree was taken to be.
#[derive(Debug, Default)]
pub(crate) struct Plan<'t> {
    pub operations: Vec<Item<'t>>,
    pub models: Vec<Item<'t>>,
    /// Sections without tables: aliases if a type names them.
    pub prose: Vec<Item<'t>>,
    /// Tables of HTTP error codes.
    pub error_tables: Vec<Item<'t>>,
    /// The first top-level section, for the API's introduction.
    pub intro: Option<&'t Section>,
}

/// A section with the top-level section it sits in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'t> {
    pub section: &'t Section,
    pub group: &'t str,
}

/// Type names that are part of the notation, documented in some files as
/// sections of their own (`## Option`), never models.
pub(crate) const TYPE_CONSTRUCTORS: &[&str] = &["Option", "Array", "List", "NonEmptyList", "Map"];

fn classify<'t>(tree: &'t DocumentTree, families: &endpoint_lines::RestFamilies) -> Plan<'t> {
    let mut plan = Plan::default();
    let mut current_group: Option<&str> = None;
    for top in &tree.sections {
        if plan.intro.is_none() && top.level == 1 {
            plan.intro = Some(top);
        }
        if top.level == 1 {
            current_group = Some(top.title.as_str());
        }
        // An include that starts at `##` continues the `#` section before it,
        // as Slate concatenates includes into one page.
        if top.level > 1 {
            let group = current_group.unwrap_or(top.title.as_str());
            classify_item(&mut plan, Item { section: top, group }, families);
            continue;
        }
        let group = top.title.as_str();
        if has_error_table(top) {
            plan.error_tables.push(Item { section: top, group });
        }
        let children_with_lines = top.children.iter().any(|c| endpoints::find_endpoint_line(c, families).is_some());
        if top.level == 1 && !children_with_lines && endpoints::find_endpoint_line(top, families).is_some() {
            plan.operations.push(Item { section: top, group });
            continue;
        }
        // A top-level section holding its own field table (`# Vehicle`) is a
        // model, as a `## Vehicle` under `# Objects` is.
        if top.level == 1 && !children_with_lines && top.children.is_empty() && models::has_own_field_table(top) {
            plan.models.push(Item { section: top, group });
            continue;
        }
        for section in &top.children {
            classify_item(&mut plan, Item { section, group }, families);
        }
    }
    plan
}

fn classify_item<'t>(plan: &mut Plan<'t>, item: Item<'t>, families: &endpoint_lines::RestFamilies) {
    let section = item.section;
    let own_line = !endpoint_lines::own_lines(section, families).is_empty();
    let children_with_lines =
        section.children.iter().filter(|c| endpoints::find_endpoint_line(c, families).is_some()).count();
    // A section whose sub-sections each document an endpoint is a group of
    // operations, not one.
    if !own_line && children_with_lines >= 2 {
        plan.prose.push(item);
        for child in &section.children {
            classify_item(plan, Item { section: child, group: item.group }, families);
        }
        return;
    }
    if own_line || children_with_lines == 1 {
        plan.operations.push(item);
        return;
    }
    if TYPE_CONSTRUCTORS.contains(&section.title.as_str()) {
        return;
    }
    if has_error_table(section) {
        plan.error_tables.push(item);
        return;
    }
    if models::looks_like_model(section) {
        plan.models.push(item);
        for nested in models::nested_models(section) {
            plan.models.push(Item { section: nested, group: item.group });
        }
    } else {
        plan.prose.push(item);
        // Sub-sections of a prose section can still name types (`### CallCenter`).
        for child in &section.children {
            if child.children.is_empty() && models::looks_like_model(child) {
                plan.models.push(Item { section: child, group: item.group });
            } else {
                plan.prose.push(Item { section: child, group: item.group });
            }
        }
    }
}

fn has_error_table(section: &Section) -> bool {
    section.tables().any(|t| tables::TableKind::of(t) == tables::TableKind::ErrorCodes)
}

/// Sub-headings every operation or model repeats.
const STRUCTURAL_HEADINGS: &[&str] =
    &["Fields", "Parameters", "Responses", "HTTP Request", "Request", "Response", "Example", "Examples"];

/// A named thing a type expression can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known {
    Model,
    Variant,
    /// A section without tables; becomes an alias if something names it.
    Prose,
}

/// State shared by the extraction of every item.
pub(crate) struct Context<'s> {
    pub spec: &'s Spec,
    pub diagnostics: &'s mut Diagnostics,
    /// Heading anchors and the titles they belong to.
    pub anchors: BTreeMap<String, String>,
    pub known: BTreeMap<String, Known>,
    pub prose_sections: BTreeMap<String, (Span, String, String)>,
    /// Prose sections some type expression named.
    pub used_prose: BTreeSet<String>,
    /// Prose sections applied to type arguments: documented constructors,
    /// read by what their section says (see `types::resolve_documented_constructor`).
    pub generic_prose: BTreeSet<String>,
    /// Enum models made for inline `Enum` fields.
    generated_models: Vec<Model>,
    /// Where each of them is in `generated_models`: every inline enum looks
    /// its name up.
    generated_by_name: HashMap<String, usize>,
    /// Models already extracted, to spot a second definition.
    pub extracted: BTreeSet<String>,
    /// Names of a variant heading that names several types (`A OR B`), to
    /// the one the variant was read as.
    pub variant_aliases: BTreeMap<String, String>,
    /// Unions with variants documented only by an example.
    pub pending_inference: Vec<String>,
    /// Body models assembled from parameter rows, shared by endpoints whose
    /// rows are the same.
    pub synthesized_bodies: BTreeSet<String>,
    /// Diagnostics (by index) that want a "did you mean" hint for a name,
    /// given once extraction is over and every name is known: one index of
    /// the names, one search per distinct unknown name.
    pending_hints: Vec<PendingHint>,
    /// Endpoint lines operations took, and tables some reading used: what
    /// is left is reported as not understood.
    pub lines_read: BTreeSet<Span>,
    /// Endpoint-looking lines of operations already reported as unreadable (SL020).
    pub lines_reported: BTreeSet<Span>,
    pub tables_read: BTreeSet<Span>,
    /// Bases under which autolinks are read as REST endpoints.
    pub families: endpoint_lines::RestFamilies,
    /// Servers (`https://host`) named by endpoint lines, in reading order.
    pub servers: Vec<String>,
    /// Type names `codegen.toml` defines, to the type each stands for.
    pub type_aliases: BTreeMap<String, String>,
}

impl<'s> Context<'s> {
    /// Pushes `diagnostic` about the unknown `name`; its help is written
    /// when extraction ends ([`Context::give_hints`]), by `help`, from the
    /// known name closest to `name` if there is one.
    pub(crate) fn push_with_hint(
        &mut self,
        diagnostic: Diagnostic,
        name: &str,
        help: fn(&str, Option<&str>) -> String,
    ) {
        self.pending_hints.push(PendingHint { index: self.diagnostics.len(), name: name.to_string(), help });
        self.push(diagnostic);
    }

    /// Writes the help of every diagnostic pushed with a hint.
    fn give_hints(&mut self) {
        if self.pending_hints.is_empty() {
            return;
        }
        let mut index = crate::suggest::Suggestions::ignoring_case(self.known.keys().map(String::as_str));
        for pending in std::mem::take(&mut self.pending_hints) {
            let closest = index.closest(&pending.name);
            if let Some(diagnostic) = self.diagnostics.get_mut(pending.index) {
                diagnostic.help = Some((pending.help)(&pending.name, closest.as_deref()));
            }
        }
    }

    fn new(spec: &'s Spec, anchors: BTreeMap<String, String>, diagnostics: &'s mut Diagnostics) -> Self {
        Context {
            spec,
            diagnostics,
            anchors,
            known: BTreeMap::new(),
            prose_sections: BTreeMap::new(),
            used_prose: BTreeSet::new(),
            generic_prose: BTreeSet::new(),
            generated_models: Vec::new(),
            generated_by_name: HashMap::new(),
            extracted: BTreeSet::new(),
            variant_aliases: BTreeMap::new(),
            pending_inference: Vec::new(),
            synthesized_bodies: BTreeSet::new(),
            pending_hints: Vec::new(),
            lines_read: BTreeSet::new(),
            lines_reported: BTreeSet::new(),
            tables_read: BTreeSet::new(),
            families: endpoint_lines::RestFamilies::default(),
            servers: Vec::new(),
            type_aliases: BTreeMap::new(),
        }
    }

    /// Records every name a type can refer to before any type is resolved.
    fn register(&mut self, plan: &Plan<'_>) {
        for item in &plan.models {
            let name = item.section.title.clone();
            if self.known.get(&name) == Some(&Known::Model) {
                continue;
            }
            self.known.insert(name, Known::Model);
            for variant in models::variant_sections(item.section) {
                for name in discriminators::heading_names(&variant.title).names {
                    self.known.entry(name).or_insert(Known::Variant);
                }
            }
        }
        for item in &plan.prose {
            let title = item.section.title.clone();
            if self.known.contains_key(&title) || !names::is_type_name(&title) {
                continue;
            }
            self.known.insert(title.clone(), Known::Prose);
            let description = models::section_description(self, item.section);
            self.prose_sections.insert(title, (item.section.heading, item.group.to_string(), description));
        }
    }

    pub fn source(&self, span: Span) -> ir::Source {
        let location = self.spec.sources.location(span);
        ir::Source { file: location.file, line: location.line }
    }

    /// The line an IR item was documented at, as a span, for diagnostics made
    /// after the document tree was left behind.
    pub fn span_of(&self, source: &ir::Source) -> Option<Span> {
        self.spec.sources.line_span(&source.file, source.line)
    }

    pub fn text(&self, span: Span) -> &str {
        self.spec.sources.text(span)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Adds a model made during extraction (an inline enum), keeping names unique.
    pub fn add_generated_model(&mut self, mut model: Model) -> String {
        let base = model.name.clone();
        let mut name = base.clone();
        let mut counter = 2;
        while self.known.contains_key(&name) {
            if let Some(&existing) = self.generated_by_name.get(&name) {
                if self.generated_models[existing].enum_values() == model.enum_values() {
                    return name;
                }
            }
            name = format!("{base}{counter}");
            counter += 1;
        }
        model.name = name.clone();
        self.known.insert(name.clone(), Known::Model);
        self.generated_by_name.insert(name.clone(), self.generated_models.len());
        self.generated_models.push(model);
        name
    }

    fn take_generated_models(&mut self) -> Vec<Model> {
        self.generated_by_name.clear();
        std::mem::take(&mut self.generated_models)
    }
}

/// Rewrites every named type for which `replace` gives a replacement, in
/// every field, parameter, body, response and page item.
fn rewrite_types(models: &mut [Model], endpoints: &mut [ir::Endpoint], replace: &dyn Fn(&str) -> Option<ir::TypeRef>) {
    fn rewrite(ty: &mut ir::TypeRef, replace: &dyn Fn(&str) -> Option<ir::TypeRef>) {
        use ir::TypeRef;
        match ty {
            TypeRef::Named(name) => {
                if let Some(replacement) = replace(name) {
                    *ty = replacement;
                }
            }
            TypeRef::Option(inner) | TypeRef::Array(inner) | TypeRef::NonEmptyList(inner) => rewrite(inner, replace),
            TypeRef::Map(key, value) => {
                rewrite(key, replace);
                rewrite(value, replace);
            }
            _ => {}
        }
    }
    for model in models.iter_mut() {
        for field in model.all_fields_mut() {
            rewrite(&mut field.ty, replace);
        }
    }
    for endpoint in endpoints.iter_mut() {
        for param in &mut endpoint.params {
            rewrite(&mut param.ty, replace);
        }
        for response in &mut endpoint.responses {
            rewrite(&mut response.ty, replace);
        }
        if let Some(body) = &mut endpoint.body {
            rewrite(&mut body.ty, replace);
        }
        if let Some(pagination) = &mut endpoint.pagination {
            rewrite(&mut pagination.item, replace);
        }
    }
}

/// The headings a link can mean: `### Parameters` and the like repeat in
/// every operation by design, and nothing links to them.
fn linkable_headings(tree: &DocumentTree) -> impl Iterator<Item = &Section> {
    tree.all_sections().into_iter().filter(|section| {
        section.level > 0 && !STRUCTURAL_HEADINGS.iter().any(|h| h.eq_ignore_ascii_case(&section.title))
    })
}

/// A heading whose anchor an earlier heading already has.
struct RepeatedAnchor<'t> {
    section: &'t Section,
    first: Span,
}

/// The anchor of each heading a link can reach, with its title, and the
/// headings whose anchor an earlier one has.
fn heading_anchors(tree: &DocumentTree) -> (BTreeMap<String, String>, Vec<RepeatedAnchor<'_>>) {
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    let mut first_heading: BTreeMap<&str, Span> = BTreeMap::new();
    let mut repeated = Vec::new();
    for section in linkable_headings(tree) {
        if let Some(first) = first_heading.get(section.anchor.as_str()) {
            repeated.push(RepeatedAnchor { section, first: *first });
            continue;
        }
        first_heading.insert(&section.anchor, section.heading);
        anchors.insert(section.anchor.clone(), section.title.clone());
    }
    (anchors, repeated)
}

/// SL018 for each repeated anchor a type cell links to. Two headings of one
/// name are common (a variant of two unions); they mislead only a type
/// linked to the anchor, which reaches the first one whichever was meant.
fn repeated_anchor_warnings(spec: &Spec, tree: &DocumentTree, repeated: &[RepeatedAnchor<'_>]) -> Vec<Diagnostic> {
    if repeated.is_empty() {
        return Vec::new();
    }
    let typed = type_cell_anchors(tree);
    let mut warnings = Vec::new();
    for RepeatedAnchor { section, first } in repeated {
        let Some(cell) = typed.get(&section.anchor) else { continue };
        let first = spec.sources.location(*first);
        let link = spec.sources.location(*cell);
        warnings.push(
            Diagnostic::warning(
                Code::SL018,
                format!(
                    "heading `{}` has the anchor `#{}`, already used by the heading at {}:{}; the type linked to \
                     it at {}:{} may mean either",
                    section.title, section.anchor, first.file, first.line, link.file, link.line
                ),
            )
            .at(section.heading)
            .help("give one of the two headings another name, so that each type link reaches one heading"),
        );
    }
    warnings
}

/// Every `#anchor` a type cell of a table links to, with the first cell
/// that does: links there decide which heading a type means.
pub(crate) fn type_cell_anchors(tree: &DocumentTree) -> BTreeMap<String, Span> {
    let mut anchors = BTreeMap::new();
    for section in tree.all_sections() {
        for table in section.tables() {
            let Some(column) = tables::Columns::of(table).ty else { continue };
            for cell in table.rows.iter().filter_map(|row| row.cell(column)) {
                // Read from the cell's markdown: a type expression is not
                // always a link to the markdown parser (`[Option[[A](#a)]](#option)`).
                let mut rest = cell.markdown.as_str();
                while let Some(at) = rest.find("](#") {
                    let tail = &rest[at + 3..];
                    let end = tail.find(')').unwrap_or(tail.len());
                    anchors.entry(tail[..end].to_string()).or_insert(cell.span);
                    rest = &tail[end..];
                }
            }
        }
    }
    anchors
}

/// Paragraph, list and aside text of a section's own blocks, as markdown.
pub(crate) fn prose_blocks(section: &Section) -> impl Iterator<Item = &Block> {
    section.blocks.iter().filter(|b| matches!(b, Block::Paragraph(_) | Block::List(_) | Block::Aside(_)))
}

#[cfg(test)]
mod table_roles_tests;
#[cfg(test)]
mod tests;
