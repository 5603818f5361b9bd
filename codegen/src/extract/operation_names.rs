//! What each endpoint is called: `Endpoint::id`, which is the client's method
//! name, the mock's key and the OpenAPI operationId when the documentation
//! gives none. In order of precedence:
//!
//! 1. a `<!-- codegen: name(list_tickets) -->` comment next to the endpoint;
//! 2. an operation id the documentation writes (widdershins' `opId` anchors);
//! 3. a name made from the method and the path, as a Rust user would write it:
//!    `GET /tickets` is `list_tickets`, `GET /tickets/{id}` `get_ticket`,
//!    `POST /tickets` `create_ticket`, `PUT`/`PATCH` `update_…`, `DELETE`
//!    `delete_…`, and a verb after a resource is an action on it
//!    (`POST /tickets/{id}/close` is `close_ticket`).
//!
//! Headings are not the source: they are sentences, in any language, and
//! change more often than paths. They serve where the path cannot: a route
//! documented in several sections is told apart by its headings, and a
//! heading that starts with the path's last word marks that word as a verb.
//! Derived names start from the resource alone and, while two of them are
//! equal, each of the clashing ones takes one more segment of its path
//! (`/reports/archive` and `/floods/archive` are `get_report_archive` and
//! `get_flood_archive`). What still clashes is numbered, with SL048.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::Endpoint;
use crate::reader::{Block, Section};
use crate::source::Span;

use super::names::snake_case;
use super::vocabulary::{fold, is_action_verb};
use super::Context;

const NAME_COMMENT: &str = "codegen: name(";

/// The name each endpoint line's `codegen: name(...)` comment gives it, for
/// each of `lines` (the spans of the endpoint lines of one operation, whose
/// sections are `sections`). A comment belongs to the endpoint line nearest to
/// it; a malformed comment, or a second one for the same line, is SL047.
pub(crate) fn chosen_name(context: &mut Context<'_>, sections: &[&Section], lines: &[Span]) -> Vec<Option<String>> {
    let mut chosen: Vec<Option<String>> = vec![None; lines.len()];
    for (span, written) in name_comments(sections) {
        let name = match parse_name(&written) {
            Ok(name) => name,
            Err(problem) => {
                context.push(
                    Diagnostic::warning(
                        Code::SL047,
                        format!("`{written}` is not a method name: {problem}; it is ignored"),
                    )
                    .at(span)
                    .help("write `<!-- codegen: name(list_tickets) -->`: lowercase ASCII letters, digits and `_`"),
                );
                continue;
            }
        };
        let Some(line) = nearest_line(span, lines) else { continue };
        match &chosen[line] {
            Some(first) => context.push(
                Diagnostic::warning(
                    Code::SL047,
                    format!("a second name, `{name}`, for an endpoint already named `{first}`; it is ignored"),
                )
                .at(span)
                .help("keep one `codegen: name(...)` comment next to each endpoint line"),
            ),
            None => chosen[line] = Some(name),
        }
    }
    chosen
}

/// Every `codegen: name(...)` of the HTML comments of `sections` and the
/// sections under them: the text between the parentheses (the rest of the
/// comment when it has no closing one) and where the comment is.
fn name_comments(sections: &[&Section]) -> Vec<(Span, String)> {
    let mut found = Vec::new();
    for section in sections.iter().flat_map(|s| s.walk()) {
        for block in &section.blocks {
            let Block::Html(html) = block else { continue };
            let mut rest = html.markdown.as_str();
            while let Some(at) = rest.find(NAME_COMMENT) {
                let inside = &rest[at + NAME_COMMENT.len()..];
                let end =
                    inside.find(')').map_or_else(|| inside.find("-->").unwrap_or(inside.len()), |close| close + 1);
                let written = &inside[..end];
                found.push((html.span, written.trim_end_matches(')').trim().to_string() + &unclosed_mark(written)));
                rest = &inside[end..];
            }
        }
    }
    found
}

/// A name whose parenthesis is not closed keeps a mark of it, so that
/// [`parse_name`] refuses it.
fn unclosed_mark(written: &str) -> String {
    if written.ends_with(')') {
        String::new()
    } else {
        "(".to_string()
    }
}

/// A name as written in a comment: snake_case ASCII, starting with a letter.
fn parse_name(written: &str) -> Result<String, &'static str> {
    if written.ends_with('(') {
        return Err("the parenthesis is not closed");
    }
    if written.is_empty() {
        return Err("it is empty");
    }
    let mut chars = written.chars();
    if !chars.next().is_some_and(|c| c.is_ascii_lowercase()) {
        return Err("it must start with a lowercase ASCII letter");
    }
    if !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Err("only lowercase ASCII letters, digits and `_` can be used");
    }
    Ok(written.to_string())
}

/// The index of the line nearest to `span`, in its file.
fn nearest_line(span: Span, lines: &[Span]) -> Option<usize> {
    let distance = |line: &Span| line.start.abs_diff(span.start);
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.file == span.file)
        .min_by_key(|(_, line)| distance(line))
        .map(|(i, _)| i)
}

/// Names every endpoint (its `id`), unique in the API.
pub(crate) fn assign_names(context: &mut Context<'_>, endpoints: &mut [Endpoint]) {
    let compounds = Compounds::of(context.known.keys().map(String::as_str));
    let mut routes = Route::all(endpoints);
    for route in &mut routes {
        route.split_compounds(&compounds);
    }
    let repeated = repeated_routes(endpoints);
    let mut levels = vec![0usize; endpoints.len()];
    let fixed: Vec<Option<String>> = endpoints.iter().map(fixed_name).collect();
    let derived = |levels: &[usize], i: usize| -> String {
        let endpoint = &endpoints[i];
        if repeated.contains(&(endpoint.method.as_str(), endpoint.path.as_str())) {
            if let Some(name) = heading_name(&endpoint.name) {
                return name;
            }
        }
        routes[i].name_at(levels[i], &endpoint.name).unwrap_or_else(|| fallback_name(endpoint))
    };
    // Raise, for every clash between different routes, the level of each
    // clashing derived name that can say more; stop when none can.
    loop {
        let names: Vec<String> =
            (0..endpoints.len()).map(|i| fixed[i].clone().unwrap_or_else(|| derived(&levels, i))).collect();
        let mut raised = false;
        for members in clashes(&names) {
            let distinct_routes =
                members.iter().map(|&i| (&endpoints[i].method, &endpoints[i].path)).collect::<BTreeSet<_>>();
            if distinct_routes.len() < 2 && members.iter().all(|&i| fixed[i].is_none()) {
                continue;
            }
            let step = helpful_step(
                &members,
                |i, level| fixed[i].is_none().then(|| routes[i].name_at(level, &endpoints[i].name)).flatten(),
                &levels,
            );
            for &i in members.iter().filter(|_| step > 0) {
                if fixed[i].is_none() && routes[i].name_at(levels[i] + step, &endpoints[i].name).is_some() {
                    levels[i] += step;
                    raised = true;
                }
            }
        }
        if !raised {
            let names = number_clashes(context, endpoints, names, &fixed);
            for (endpoint, name) in endpoints.iter_mut().zip(names) {
                endpoint.id = name;
            }
            return;
        }
    }
}

/// How many more segments the clashing `members` should take: the fewest
/// after which their names differ; 1 when only some of them can take more
/// (which sets those apart from the others); 0 when more never helps.
fn helpful_step(members: &[usize], name_at: impl Fn(usize, usize) -> Option<String>, levels: &[usize]) -> usize {
    for step in 1.. {
        let next: Vec<Option<String>> = members.iter().map(|&i| name_at(i, levels[i] + step)).collect();
        if next.iter().all(Option::is_none) {
            return 0;
        }
        if next.iter().any(Option::is_none) {
            return 1;
        }
        if next.iter().collect::<BTreeSet<_>>().len() > 1 {
            return step;
        }
    }
    0
}

/// The name the documentation fixes: its comment's, else its operation id.
fn fixed_name(endpoint: &Endpoint) -> Option<String> {
    endpoint
        .chosen_name
        .clone()
        .or_else(|| endpoint.operation_id.as_deref().map(snake_case).filter(|name| readable_id(name)))
}

/// An operation id a reader can split into words. One long run of letters
/// (`Addanewmerchant`) cannot be, and the path names it better.
fn readable_id(name: &str) -> bool {
    const LONGEST_WORD: usize = 12;
    !name.is_empty() && (name.contains('_') || name.len() <= LONGEST_WORD)
}

/// Routes (method and path) documented by more than one endpoint.
fn repeated_routes(endpoints: &[Endpoint]) -> BTreeSet<(&str, &str)> {
    let mut seen = BTreeSet::new();
    let mut repeated = BTreeSet::new();
    for endpoint in endpoints {
        let route = (endpoint.method.as_str(), endpoint.path.as_str());
        if !seen.insert(route) {
            repeated.insert(route);
        }
    }
    repeated
}

/// The indices of the endpoints sharing each name given more than once.
fn clashes(names: &[String]) -> Vec<Vec<usize>> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        by_name.entry(name).or_default().push(i);
    }
    by_name.into_values().filter(|members| members.len() > 1).collect()
}

/// Numbers what still clashes: in document order, the first endpoint of a
/// name keeps it (a chosen name before any other), the others get `_2`,
/// `_3`... and an SL048 warning each.
fn number_clashes(
    context: &mut Context<'_>,
    endpoints: &[Endpoint],
    names: Vec<String>,
    fixed: &[Option<String>],
) -> Vec<String> {
    let mut order: Vec<usize> = (0..endpoints.len()).collect();
    order.sort_by_key(|&i| (endpoints[i].chosen_name.is_none(), i));
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut result = names.clone();
    for i in order {
        let wanted = &names[i];
        if taken.insert(wanted.clone()) {
            continue;
        }
        let mut counter = 2;
        let mut numbered = format!("{wanted}_{counter}");
        while taken.contains(&numbered) || names.contains(&numbered) {
            counter += 1;
            numbered = format!("{wanted}_{counter}");
        }
        taken.insert(numbered.clone());
        let endpoint = &endpoints[i];
        let why = match (&endpoint.chosen_name, &fixed[i]) {
            (Some(_), _) => "the name its `codegen: name(...)` comment gives is already taken",
            (None, Some(_)) => "its operation id names another endpoint too",
            (None, None) => "its method and path give the name of another endpoint",
        };
        let diagnostic = Diagnostic::warning(
            Code::SL048,
            format!("`{} {}` is named `{numbered}`: {why}", endpoint.method, endpoint.path),
        )
        .help("give it a name of its own with `<!-- codegen: name(...) -->` next to its endpoint line");
        let span = context.span_of(&endpoint.source);
        context.push(diagnostic.at_opt(span));
        result[i] = numbered;
    }
    result
}

/// A heading as a name, when it makes a readable one: Latin letters (accents
/// fold to ASCII), not a sentence.
fn heading_name(heading: &str) -> Option<String> {
    const MAX_WORDS: usize = 10;
    let latin = heading.chars().filter(|c| c.is_alphabetic()).all(|c| (c as u32) <= 0x024F);
    let name = snake_case(heading);
    (latin && !name.is_empty() && heading.split_whitespace().count() <= MAX_WORDS && starts_with_letter(&name))
        .then_some(name)
}

fn starts_with_letter(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// A path without a word (`/`, `/{id}`): the heading, else the method and path.
fn fallback_name(endpoint: &Endpoint) -> String {
    heading_name(&endpoint.name).unwrap_or_else(|| {
        let name = snake_case(&format!("{} {}", endpoint.method, endpoint.path));
        if starts_with_letter(&name) {
            name
        } else {
            format!("call_{name}")
        }
    })
}

/// Words the documentation writes together in its type names
/// (`PatrimonyContact`), by their glued lowercase form (`patrimonycontact`):
/// a path segment written that way (`/patrimonycontacts`) is read as those
/// words, which is how the document itself splits them.
#[derive(Debug, Default)]
struct Compounds {
    words: BTreeMap<String, Vec<String>>,
}

impl Compounds {
    /// Every run of two or more consecutive words of each name, each word of
    /// three letters or more (so that a word such as `login` is not read as
    /// `log` and `in` because a type is named `LogIn…`); the first name (in
    /// sorted order) to give a glued form decides its split.
    fn of<'a>(names: impl IntoIterator<Item = &'a str>) -> Compounds {
        let mut words: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for name in names {
            let split: Vec<String> = snake_case(name).split('_').map(str::to_string).collect();
            if split.iter().any(|word| word.len() < 3 || !word.chars().all(|c| c.is_ascii_lowercase())) {
                continue;
            }
            for start in 0..split.len() {
                for end in start + 2..=split.len() {
                    let run = &split[start..end];
                    words.entry(run.concat()).or_insert_with(|| run.to_vec());
                }
            }
        }
        Compounds { words }
    }

    /// The words of `glued`, a singular or a plural of a known compound
    /// (the plural on its last word).
    fn split(&self, glued: &str) -> Option<Vec<String>> {
        if let Some(words) = self.words.get(glued) {
            return Some(words.clone());
        }
        let singular = singularize(glued);
        let mut words = self.words.get(&singular)?.clone();
        let last = words.last_mut()?;
        *last = pluralizer::pluralize(last, 2, false);
        (words.concat() == glued).then_some(words)
    }
}

/// One segment of a path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Segment {
    /// A word or words (`tickets`, `step_runs`), lowercase.
    Literal(Vec<String>),
    /// `v1`, `v2.1`: says which version, never what the resource is.
    Version(String),
    /// `{id}`, or a value written where one belongs (`42`, a UUID).
    Placeholder,
}

/// A route read for naming.
#[derive(Debug, Clone)]
struct Route {
    method: String,
    segments: Vec<Segment>,
    /// Other routes of the API address items under this one (`/things/{id}`
    /// under `/things`): it is a collection, however its word is written.
    has_items: bool,
}

/// What a route does, read off its last segments.
enum Shape {
    /// A verb after a resource (`/tickets/{id}/close`): the action, and the
    /// index of the resource's literal, if any.
    Action { verb: usize, on: Option<usize>, item: bool },
    /// A resource: the index of its literal, and whether one item of it is
    /// addressed (`/tickets/{id}`).
    Resource { at: usize, item: bool },
}

impl Route {
    fn of(method: &str, path: &str) -> Route {
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .filter_map(|raw| {
                if is_placeholder(raw) {
                    return Some(Segment::Placeholder);
                }
                if is_version(raw) {
                    return Some(Segment::Version(raw.to_ascii_lowercase().replace('.', "_")));
                }
                let words: Vec<String> = snake_case(strip_extension(raw)).split('_').map(str::to_string).collect();
                let noise = words.len() == 1 && words[0] == "api";
                (!noise && !words.iter().all(String::is_empty)).then_some(Segment::Literal(words))
            })
            .collect();
        Route { method: method.to_ascii_uppercase(), segments, has_items: false }
    }

    /// Literal segments of one glued word that the document's type names
    /// split (`patrimonycontacts` → `patrimony`, `contacts`).
    fn split_compounds(&mut self, compounds: &Compounds) {
        for segment in &mut self.segments {
            if let Segment::Literal(words) = segment {
                if let [word] = words.as_slice() {
                    if let Some(split) = compounds.split(word) {
                        *words = split;
                    }
                }
            }
        }
    }

    /// The routes of `endpoints`, each knowing whether others address items under it.
    fn all(endpoints: &[Endpoint]) -> Vec<Route> {
        let mut routes: Vec<Route> = endpoints.iter().map(|e| Route::of(&e.method, &e.path)).collect();
        let prefixes: BTreeSet<&[Segment]> = routes
            .iter()
            .flat_map(|route| {
                (1..route.segments.len())
                    .filter(|&i| route.segments[i] == Segment::Placeholder)
                    .map(|i| &route.segments[..i])
                    .collect::<Vec<_>>()
            })
            .collect();
        let collections: Vec<bool> = routes.iter().map(|route| prefixes.contains(route.segments.as_slice())).collect();
        for (route, has_items) in routes.iter_mut().zip(collections) {
            route.has_items = has_items;
        }
        routes
    }

    /// The indices of the literal segments.
    fn literals(&self) -> Vec<usize> {
        (0..self.segments.len()).filter(|&i| matches!(self.segments[i], Segment::Literal(_))).collect()
    }

    fn words(&self, index: usize) -> &[String] {
        match &self.segments[index] {
            Segment::Literal(words) => words,
            Segment::Version(version) => std::slice::from_ref(version),
            Segment::Placeholder => &[],
        }
    }

    fn followed_by_placeholder(&self, index: usize) -> bool {
        matches!(self.segments.get(index + 1), Some(Segment::Placeholder))
    }

    fn shape(&self, heading: &str) -> Option<Shape> {
        let literals = self.literals();
        let &last = literals.last()?;
        let item = self.segments[last + 1..].contains(&Segment::Placeholder);
        if !item && self.is_verb(last, heading) {
            let on = literals.len().checked_sub(2).map(|i| literals[i]);
            let item = on.is_some_and(|on| self.followed_by_placeholder(on));
            return Some(Shape::Action { verb: last, on, item });
        }
        Some(Shape::Resource { at: last, item })
    }

    /// Whether the literal at `index` names an action: its first word is a
    /// verb the vocabulary knows, or the one the heading starts with.
    fn is_verb(&self, index: usize, heading: &str) -> bool {
        let Some(first) = self.words(index).first() else { return false };
        if is_plural(first) && self.words(index).len() == 1 {
            return false;
        }
        let heading_verb = fold(heading).split(|c: char| !c.is_alphanumeric()).next().map(str::to_string);
        is_action_verb(first, self.method == "GET") || heading_verb.as_deref() == Some(first.as_str())
    }

    /// The name with `level` more segments of the path than the resource
    /// alone (or the action and its resource), `None` when the path has no
    /// word or fewer segments than that.
    fn name_at(&self, level: usize, heading: &str) -> Option<String> {
        let shape = self.shape(heading)?;
        let named = match shape {
            Shape::Action { verb, on, item } => {
                let words = self.words(verb);
                // A verb the vocabulary knows leads (`reset_target_group_cap`);
                // one only the heading vouches for keeps its words together
                // (`auto_create_runs`).
                let lead = if is_action_verb(&words[0], false) { 1 } else { words.len() };
                let mut parts = words[..lead].to_vec();
                let resource = on.map(|on| self.resource_words(on, item));
                let qualifiers = self.qualifiers(on.unwrap_or(verb), level)?;
                parts.extend(qualifiers);
                parts.extend(resource.unwrap_or_default());
                parts.extend(words[lead..].iter().cloned());
                parts
            }
            Shape::Resource { at, item } => {
                let verb = self.verb(at, item);
                let mut parts = vec![verb.to_string()];
                parts.extend(self.qualifiers(at, level)?);
                let singular = item || verb == "create";
                parts.extend(self.resource_words(at, singular));
                parts
            }
        };
        Some(named.join("_"))
    }

    /// The verb of a resource's name by the method: `get`/`list`, `create`,
    /// `update`, `delete`, else the method itself.
    fn verb(&self, at: usize, item: bool) -> &'static str {
        match self.method.as_str() {
            "GET" if !item && (self.has_items || self.words(at).last().is_some_and(|w| is_plural(w))) => "list",
            "GET" => "get",
            "POST" if item => "update",
            "POST" => "create",
            "PUT" | "PATCH" => "update",
            "DELETE" => "delete",
            "HEAD" => "head",
            "OPTIONS" => "options",
            "TRACE" => "trace",
            _ => "call",
        }
    }

    /// The words of the literal at `index`, its last word singular when one
    /// item is meant.
    fn resource_words(&self, index: usize, singular: bool) -> Vec<String> {
        let mut words = self.words(index).to_vec();
        if singular {
            if let Some(last) = words.last_mut() {
                *last = singularize(last);
            }
        }
        words
    }

    /// `level` segments before the one at `index`, each singular, outermost
    /// first; `None` when there are fewer. The resources that own it come
    /// first (`/tests/{id}/relationships/issues`: `test`, not
    /// `relationship`), then the other words nearest first (`/floods/archive`:
    /// `flood`), versions included.
    fn qualifiers(&self, index: usize, level: usize) -> Option<Vec<String>> {
        let words = |i: &usize| !matches!(self.segments[*i], Segment::Placeholder);
        let (mut owners, others): (Vec<usize>, Vec<usize>) =
            (0..index).rev().filter(words).partition(|&i| self.followed_by_placeholder(i));
        owners.extend(others);
        if level > owners.len() {
            return None;
        }
        let mut chosen = owners[..level].to_vec();
        chosen.sort_unstable();
        Some(chosen.iter().flat_map(|&i| self.resource_words(i, true)).collect())
    }
}

/// `{id}`, `:id`, `<id>`, or a value standing for one: digits, a UUID, a
/// long hexadecimal key.
fn is_placeholder(segment: &str) -> bool {
    let stem = strip_extension(segment);
    segment.contains('{')
        || segment.starts_with(':')
        || segment.contains('<')
        || (!stem.is_empty() && stem.chars().all(|c| c.is_ascii_digit()))
        || super::is_uuid(stem)
        || (stem.len() >= 16 && stem.chars().all(|c| c.is_ascii_hexdigit()) && stem.chars().any(|c| c.is_ascii_digit()))
}

/// `v1`, `V2`, `v1.2`.
fn is_version(segment: &str) -> bool {
    let Some(number) = segment.strip_prefix(['v', 'V']) else { return false };
    !number.is_empty() && number.split('.').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

/// `issues.json` → `issues`: a format suffix says nothing of the resource.
fn strip_extension(segment: &str) -> &str {
    const FORMATS: &[&str] = &["json", "xml", "csv", "txt", "html", "htm", "yaml", "yml", "pdf", "zip"];
    match segment.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() && FORMATS.contains(&extension.to_ascii_lowercase().as_str()) => {
            stem
        }
        _ => segment,
    }
}

/// Sets up the singular and plural rules now, so that the first name made
/// does not wait for them.
pub(crate) fn prepare_nouns() {
    singularize("records");
    pluralizer::pluralize("record", 2, false);
}

fn singularize(word: &str) -> String {
    if word.len() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    pluralizer::pluralize(word, 1, false)
}

fn is_plural(word: &str) -> bool {
    singularize(word) != word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(method: &str, path: &str, heading: &str) -> String {
        Route::of(method, path).name_at(0, heading).unwrap()
    }

    #[test]
    fn crud_names_from_method_and_path() {
        assert_eq!(name("GET", "/tickets", ""), "list_tickets");
        assert_eq!(name("GET", "/api/v1/tickets/{id}", ""), "get_ticket");
        assert_eq!(name("POST", "/tickets", ""), "create_ticket");
        assert_eq!(name("PUT", "/tickets/{id}", ""), "update_ticket");
        assert_eq!(name("PATCH", "/companies/:id", ""), "update_company");
        assert_eq!(name("DELETE", "/tickets/{id}.json", ""), "delete_ticket");
        assert_eq!(name("GET", "/tickets/{id}/comments", ""), "list_comments");
        assert_eq!(name("POST", "/projects/{pid}/step_runs.json", ""), "create_step_run");
        assert_eq!(name("GET", "/cardsync/enrollment", ""), "get_enrollment");
        assert_eq!(name("GET", "/things/42", ""), "get_thing");
    }

    #[test]
    fn glued_segments_split_as_the_document_writes_its_type_names() {
        let compounds = Compounds::of(["PatrimonyContactQueryView", "ProviderCompany", "Ticket", "LogInForm"]);
        let named = |method: &str, path: &str| {
            let mut route = Route::of(method, path);
            route.split_compounds(&compounds);
            route.name_at(0, "").unwrap()
        };
        assert_eq!(named("GET", "/api/v1/patrimonycontacts"), "list_patrimony_contacts");
        assert_eq!(named("GET", "/api/v1/patrimonycontacts/{uid}"), "get_patrimony_contact");
        assert_eq!(named("POST", "/providercompanies"), "create_provider_company");
        assert_eq!(named("GET", "/contactquery"), "get_contact_query");
        // Words the names never write together stay as they are.
        assert_eq!(named("GET", "/ticketviews"), "list_ticketviews");
        assert_eq!(named("GET", "/tickets"), "list_tickets");
        assert_eq!(named("POST", "/login"), "login");
    }

    #[test]
    fn verbs_after_a_resource_are_actions_on_it() {
        assert_eq!(name("POST", "/tickets/{id}/close", ""), "close_ticket");
        assert_eq!(name("GET", "/tickets/export", ""), "export_tickets");
        assert_eq!(name("PUT", "/issues/{id}/update_status.json", ""), "update_issue_status");
        assert_eq!(name("POST", "/target_groups/{id}/reset_cap.json", ""), "reset_target_group_cap");
        assert_eq!(name("POST", "/api/v1/login", ""), "login");
        // The heading says the last word is a verb the vocabulary does not know.
        assert_eq!(name("POST", "/tickets/{id}/escalate", "Escalate a ticket"), "escalate_ticket");
        assert_eq!(name("POST", "/tickets/{id}/escalate", "Raise a ticket"), "create_escalate");
    }

    #[test]
    fn levels_add_the_segments_before_the_resource() {
        let route = Route::of("GET", "/api/v1/floods/archive");
        assert_eq!(route.name_at(1, "").as_deref(), Some("get_flood_archive"));
        assert_eq!(route.name_at(2, "").as_deref(), Some("get_v1_flood_archive"));
        assert_eq!(route.name_at(3, ""), None);
        assert_eq!(Route::of("GET", "/").name_at(0, ""), None);
    }

    fn document(body: &str) -> (crate::ir::Api, crate::diagnostics::Diagnostics) {
        let index = "---\ntitle: Test\nincludes:\n  - main\n---\n# Intro\n\nAn API.\n";
        super::super::tests::extract_files(&[("index.html.md", index), ("includes/_main.md", body)])
    }

    fn ids(api: &crate::ir::Api) -> Vec<&str> {
        api.endpoints.iter().map(|e| e.id.as_str()).collect()
    }

    fn codes(diagnostics: &crate::diagnostics::Diagnostics) -> Vec<(Code, usize)> {
        diagnostics.sorted().iter().map(|d| (d.code, d.span.map_or(0, |s| s.start as usize))).collect()
    }

    #[test]
    fn a_name_comment_wins_and_a_bad_one_is_reported() {
        let (api, diagnostics) = document(
            "# Orders\n\n## Every order\n\n<!-- codegen: name(all_orders) -->\n\n`GET /orders`\n\n\
             ## One order\n\n`GET /orders/{id}`\n\n<!-- codegen: name(One-Order) -->\n\n\
             ## Close an order\n\n`POST /orders/{id}/close`\n\n<!-- codegen: name(shut) -->\n<!-- codegen: name(end) -->\n",
        );
        assert_eq!(ids(&api), ["all_orders", "get_order", "shut"]);
        assert_eq!(api.endpoints[0].chosen_name.as_deref(), Some("all_orders"));
        let sl047: Vec<_> = codes(&diagnostics).into_iter().filter(|(code, _)| *code == Code::SL047).collect();
        assert_eq!(sl047.len(), 2, "{diagnostics:?}");
        assert!(sl047.iter().all(|(_, at)| *at > 0), "each points at its comment: {diagnostics:?}");
    }

    #[test]
    fn clashing_names_take_more_of_their_path_then_a_number() {
        let (api, diagnostics) = document(
            "# Things\n\n## A\n\n`GET /floods/archive`\n\n## B\n\n`GET /reports/archive`\n\n\
             ## C\n\n`PUT /things/{id}`\n\n## D\n\n`PATCH /things/{id}`\n\n\
             ## Taken\n\n<!-- codegen: name(get_flood_archive) -->\n\n`GET /other`\n",
        );
        // The first takes its resource (`flood`), which a comment has taken: numbered.
        assert_eq!(
            ids(&api),
            ["get_flood_archive_2", "get_report_archive", "update_thing", "update_thing_2", "get_flood_archive"]
        );
        let numbered = codes(&diagnostics).into_iter().filter(|(code, _)| *code == Code::SL048).count();
        assert_eq!(numbered, 2, "{diagnostics:?}");
    }

    #[test]
    fn a_readable_operation_id_wins() {
        let endpoint = |operation_id: &str| Endpoint {
            operation_id: Some(operation_id.to_string()),
            ..serde_json::from_value(serde_json::json!({
                "id": "", "name": "Fetch", "group": "G", "method": "GET", "path": "/things/{id}",
                "params": [], "responses": [], "source": {"file": "x.md", "line": 1}
            }))
            .unwrap()
        };
        assert_eq!(fixed_name(&endpoint("fetchThing")).as_deref(), Some("fetch_thing"));
        assert_eq!(fixed_name(&endpoint("Addanewmerchant")), None);
    }

    #[test]
    fn comment_names_are_checked() {
        assert_eq!(parse_name("list_tickets"), Ok("list_tickets".to_string()));
        assert!(parse_name("List-Tickets").is_err());
        assert!(parse_name("").is_err());
        assert!(parse_name("9lives").is_err());
        assert!(parse_name("open(").is_err());
    }
}
