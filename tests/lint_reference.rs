//! `codegen lint` on the 2016-09-21 reference reports the mistakes that
//! folder holds, and only those: each finding pinned by code and place, with
//! what is wrong there. spec/CORRECTIONS.md is the list of those mistakes as
//! the authors of spec/ found them; the ones left out here are judgement
//! calls about prose (a wrong sentence, a copy-pasted description) that no
//! check can tell from a right one.
//!
//! Left alone on purpose, as not worth a maintainer's time: body rows whose
//! empty first cell is indented (Slate renders them as meant), uids shortened
//! with `...` in example URLs, the unlinked `Option` and `Map` of the
//! notation, same-named headings that only prose links reach (TicketEvent
//! variants named like JournalEventData sections), an unlisted include that
//! holds a heading and nothing else (`_operators.md`), and the OpenTicket
//! command, which the Open a Ticket rows name by their constant (the SL025
//! there says how they differ).

use std::collections::BTreeMap;

use e2e::reference;

/// (code, file, line) of every finding, in the order lint prints them.
const EXPECTED: &[(&str, &str, usize)] = &[
    // index.html.md
    ("SL028", "index.html.md", 71), // "Request example" above two response header blocks
    ("SL030", "index.html.md", 222), // `\` followed by a space: the login command stops at that line
    ("SL030", "index.html.md", 223), // `> ` prompt marks on the continued lines of the login command
    ("SL014", "index.html.md", 224), // login body with unquoted values, not JSON
    ("SL034", "index.html.md", 232), // the login response sends `Cookie:` instead of `Set-Cookie:`
    ("SL030", "index.html.md", 239), // `> ` prompt mark in the next-request command
    // includes/_companies.md
    ("SL015", "includes/_companies.md", 25), // Get all Companies: items wrapped in `result`, the type is an array
    ("SL029", "includes/_companies.md", 49), // `companytype` description: `` `CallCenter `` never closed
    ("SL015", "includes/_companies.md", 115), // Get Agencies: items wrapped in `result`, the type is an array
    ("SL015", "includes/_companies.md", 166), // Get Users: items wrapped in `result`, the type is an array
    ("SL015", "includes/_companies.md", 224), // Get subsidiaries: items wrapped in `result`, the type is an array
    ("SL030", "includes/_companies.md", 266), // spaces after `\` in the Create Company command
    ("SL030", "includes/_companies.md", 269), // unquoted `-d {` body in the Create Company command
    ("SL030", "includes/_companies.md", 307), // spaces after `\` in the Increment Company command
    ("SL015", "includes/_companies.md", 310), // CancelCompany example lacks `canceledDate`...
    ("SL030", "includes/_companies.md", 310), // unquoted `-d {` body in the Increment Company command
    ("SL015", "includes/_companies.md", 312), // ...and sends `createdDate`, not a field of CancelCompany
    ("SL011", "includes/_companies.md", 324), // bare `company_uid` path segment
    ("SL010", "includes/_companies.md", 330), // `company_uid` is in the path but listed in query
    ("SL030", "includes/_companies.md", 346), // spaces after `\` in the Create Agency command
    ("SL030", "includes/_companies.md", 349), // unquoted `-d {` body in the Create Agency command
    ("SL026", "includes/_companies.md", 368), // Create Agency example posts to the company, without `/agencies`
    ("SL027", "includes/_companies.md", 374), // Create Agency example answers 201, the table says 200
    ("SL011", "includes/_companies.md", 377), // bare `company_uid` path segment
    ("SL010", "includes/_companies.md", 383), // `company_uid` is in the path but listed in query
    ("SL030", "includes/_companies.md", 399), // spaces after `\` in the Increment Agency command
    ("SL030", "includes/_companies.md", 402), // unquoted `-d {` body in the Increment Agency command
    ("SL011", "includes/_companies.md", 417), // bare `agency_uid` path segment
    ("SL011", "includes/_companies.md", 417), // bare `company_uid` path segment
    ("SL010", "includes/_companies.md", 423), // `company_uid` is in the path but listed in query
    ("SL010", "includes/_companies.md", 424), // `agency_uid` is in the path but listed in query
    // includes/_providerContacts.md
    ("SL014", "includes/_providerContacts.md", 48), // trailing comma after the last `result` item
    ("SL030", "includes/_providerContacts.md", 228), // spaces after `\` in the Create ProviderContact command
    ("SL030", "includes/_providerContacts.md", 231), // unquoted `-d {` body in the Create ProviderContact command
    ("SL030", "includes/_providerContacts.md", 315), // spaces after `\` in the Increment ProviderContact command
    ("SL030", "includes/_providerContacts.md", 318), // unquoted `-d {` body in the Increment ProviderContact command
    ("SL014", "includes/_providerContacts.md", 343), // response example never closes its outer `{`
    ("SL010", "includes/_providerContacts.md", 346), // `aggregate_uid` is in the path but has no parameter row...
    ("SL011", "includes/_providerContacts.md", 346), // ...and is written without `:`
    // includes/_tickets.md
    ("SL015", "includes/_tickets.md", 25), // Get tickets example lacks `aggergations`, required by TicketResultView
    ("SL015", "includes/_tickets.md", 62), // its ticket address lacks `state`, required by BasicAddress
    ("SL004", "includes/_tickets.md", 87), // `[String](#localdate)`: text String, anchor LocalDate
    ("SL026", "includes/_tickets.md", 105), // Get stats example calls /api/v1/tickets, not /api/v1/tickets/stats
    ("SL004", "includes/_tickets.md", 140), // `[String](#localdate)` again
    ("SL015", "includes/_tickets.md", 166), // Get a ticket example lacks `instructions`, required by DetailedTicketView
    ("SL015", "includes/_tickets.md", 202), // its address lacks `state`, required by BasicAddress
    ("SL016", "includes/_tickets.md", 257), // path parameter `ticket_uid` (a SafeUUID) with the default `0-100`
    ("SL030", "includes/_tickets.md", 271), // spaces after `\` in the Open a Ticket command
    ("SL030", "includes/_tickets.md", 274), // unquoted `-d {` body in the Open a Ticket command
    ("SL014", "includes/_tickets.md", 318), // trailing comma after the last additionalData entry
    ("SL025", "includes/_tickets.md", 345), // body rows list `aggregateUid`, which the OpenTicket command lacks
    ("SL030", "includes/_tickets.md", 361), // spaces after `\` in the Increment Ticket command
    ("SL030", "includes/_tickets.md", 364), // unquoted `-d {` body in the Increment Ticket command
    ("SL010", "includes/_tickets.md", 422), // `ticket_uid` is in the path but listed in query
    // includes/_patrimonies.md
    ("SL015", "includes/_patrimonies.md", 54), // Get all patrimonies: the addresses lack `building`
    ("SL015", "includes/_patrimonies.md", 139), // Get a specific Patrimony: the addresses lack `building`
    ("SL026", "includes/_patrimonies.md", 183), // Get all Buildings example calls `.../building`, and with a cut uid
    ("SL010", "includes/_patrimonies.md", 207), // `patrimony_uid` is in the path but has no parameter row
    ("SL030", "includes/_patrimonies.md", 291), // spaces after `\` in the Reference a Patrimony command
    ("SL030", "includes/_patrimonies.md", 294), // unquoted `-d {` body in the Reference a Patrimony command
    ("SL030", "includes/_patrimonies.md", 337), // spaces after `\` in the Increment Patrimony command
    ("SL030", "includes/_patrimonies.md", 340), // unquoted `-d {` body in the Increment Patrimony command
    ("SL011", "includes/_patrimonies.md", 354), // bare `patrimony_uid` path segment
    ("SL010", "includes/_patrimonies.md", 360), // `patrimony_uid` is in the path but listed in query
    // includes/_models.md
    ("SL031", "includes/_models.md", 120),  // note: `RationalAddress` not linked
    ("SL029", "includes/_models.md", 159),  // SuperUser constant `` `"superUser" `` never closed
    ("SL029", "includes/_models.md", 225),  // ClientAccountManager constant never closed
    ("SL028", "includes/_models.md", 229),  // the Executive example is labelled ClientAccountManager
    ("SL029", "includes/_models.md", 262),  // Executive constant never closed
    ("SL007", "includes/_models.md", 454),  // AbstractProviderView: nothing refers to it
    ("SL031", "includes/_models.md", 713),  // note: `PatrimonyBuildingView` not linked
    ("SL031", "includes/_models.md", 761),  // note: `PatrimonyBuildingView` not linked
    ("SL005", "includes/_models.md", 932),  // `RestNavigationLink` is defined nowhere
    ("SL005", "includes/_models.md", 946),  // `RestNavigationLink` again
    ("SL015", "includes/_models.md", 1118), // TicketInfos example wraps the fields in a `ticket` object...
    ("SL015", "includes/_models.md", 1119), // ...a field TicketInfos does not have
    ("SL029", "includes/_models.md", 1164), // `claimNumber` description: `` `Ticket id `` never closed
    ("SL003", "includes/_models.md", 1169), // trailing `,` after `[Map](#map)[String, Array[String]]`
    ("SL015", "includes/_models.md", 1317), // the Mail example lacks `mail`...
    ("SL015", "includes/_models.md", 1318), // ...and carries `fax` instead
    // includes/_commands.md
    ("SL015", "includes/_commands.md", 12), // CreateClientAccount example lacks `callCenterReference`...
    ("SL015", "includes/_commands.md", 16), // ...and sends `callCenterUid` instead
    ("SL015", "includes/_commands.md", 36), // CreateClientAccountHolding example lacks `callCenterReference`...
    ("SL015", "includes/_commands.md", 39), // ...and sends `callCenterUid` instead
    ("SL015", "includes/_commands.md", 223), // UpdateAgency example sends `"commandType":"CreateAgency"`
    // includes/_events.md: the ProviderContactEvent variants have examples but no tables
    ("SL021", "includes/_events.md", 5),
    ("SL021", "includes/_events.md", 28),
    ("SL021", "includes/_events.md", 43),
    ("SL021", "includes/_events.md", 58),
    ("SL021", "includes/_events.md", 73),
    ("SL021", "includes/_events.md", 88),
    ("SL021", "includes/_events.md", 111),
    ("SL021", "includes/_events.md", 125),
    // includes/_eventErrors.md
    ("SL033", "includes/_eventErrors.md", 94), // TicketEventError: used by responses, but an empty section
];

fn found() -> Vec<(String, String, usize)> {
    let analysis = codegen::analyze(&reference("2016-09-21")).expect("the reference loads");
    analysis
        .diagnostics
        .located(&analysis.spec.sources)
        .into_iter()
        .map(|d| (d.code.to_string(), d.file.unwrap_or_default(), d.line.unwrap_or(0)))
        .collect()
}

fn counts<'a>(items: impl Iterator<Item = (&'a str, &'a str, usize)>) -> BTreeMap<(&'a str, &'a str, usize), usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

#[test]
fn lint_reports_the_mistakes_of_the_reference() {
    let found = found();
    let found = counts(found.iter().map(|(c, f, l)| (c.as_str(), f.as_str(), *l)));
    let expected = counts(EXPECTED.iter().copied());
    let mut differences = Vec::new();
    for (item, &count) in &expected {
        let got = found.get(item).copied().unwrap_or(0);
        if got != count {
            differences.push(format!("expected {count}, found {got}: {item:?}"));
        }
    }
    for (item, &count) in &found {
        if !expected.contains_key(item) {
            differences.push(format!("not expected, found {count}: {item:?}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn no_finding_of_the_reference_is_an_error() {
    // The reference is read through: `codegen ir` exits 0 on it.
    let analysis = codegen::analyze(&reference("2016-09-21")).expect("the reference loads");
    assert!(!analysis.diagnostics.has_errors(), "{:?}", analysis.diagnostics.sorted());
}

/// Findings on the documentation as it is today, by code. Each was judged by
/// hand as its maintainer would (the closing note of this change lists the
/// judgement); the counts pin that nothing real is lost and no false alarm
/// comes back. SL031 is the only note.
const EXPECTED_2020: &[(&str, usize)] = &[
    ("SL003", 2),  // a trailing `,` after a Map type; an argument list left open
    ("SL004", 12), // link texts naming a type their anchor is not (`[String](#localdate)`, `Aggreg ation`...)
    ("SL005", 15), // undefined types (UserEventError, LocalTime...) and anchors no heading has
    ("SL007", 3),  // AbstractProviderView, DayEvent, ServiceOrderKind: nothing uses them
    ("SL010", 13), // path parameters listed in query, placeholders without a row
    ("SL011", 9),  // bare `company_uid`-like path segments
    ("SL012", 8),  // discriminator slips, each with the reading taken
    ("SL014", 6),  // JSON examples that are not JSON
    ("SL015", 95), // examples that disagree with their tables
    ("SL016", 2),  // `0-99` as the default of a uid path parameter
    ("SL018", 3),  // same-named headings that a type cell links to
    ("SL021", 9),  // ProviderContactEvent variants with an example and no table
    ("SL025", 2),  // body rows that disagree with the command their constant names
    ("SL026", 6),  // curl examples calling another path or method
    ("SL028", 2),  // a mislabelled example, a response labelled a request
    ("SL029", 3),  // unclosed backticks
    ("SL030", 36), // shell examples that would not run as pasted
    ("SL031", 10), // notes: model names written without their link
    ("SL035", 1),  // two operations on `GET /api/v1/patrimonies`
    ("SL036", 1),  // LotAddressReference one heading level too deep
];

#[test]
fn lint_on_today_s_documentation_reports_each_kind_of_mistake() {
    let analysis = codegen::analyze(&reference("2020-09-01")).expect("the reference loads");
    assert!(!analysis.diagnostics.has_errors(), "{:?}", analysis.diagnostics.sorted());
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    for finding in analysis.diagnostics.sorted() {
        *by_code.entry(finding.code.to_string()).or_insert(0) += 1;
    }
    let expected: BTreeMap<String, usize> = EXPECTED_2020.iter().map(|(c, n)| (c.to_string(), *n)).collect();
    assert_eq!(by_code, expected);
}
