//! How each documented type behaves once generated, on the small API of
//! `codegen/tests/fixtures/mini.ir.json`. This file is written by hand; the
//! rest of the crate is generated (and kept fresh by
//! `codegen/tests/rust_backend.rs`).

use mini_api::models::{
    CallerType, CreateAgency, CreateAgencyCommandType, HumanCaller, Name, PoorName,
    TicketQueryView, TicketQueryViewStatus, Tree,
};
use mini_api::types::NonEmptyList;
use serde_json::{json, Value};

fn ticket() -> Value {
    json!({
        "uid": "8074964f-c633-3c2a-055f-bbaf8ca8181b",
        "type": "breakdown",
        "status": "OPENED",
        "agencies": ["8074964f-c633-3c2a-055f-bbaf8ca8181b"],
        "additionalData": {"zeta": "1", "alpha": null, "mid": "2"},
        "_links": ["self"],
        "links": [],
        "count": 12.34,
        "created": "2016-05-26T08:18:52.000Z"
    })
}

fn read<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn a_keyword_field_keeps_its_documented_name() {
    let ticket: TicketQueryView = read(ticket()).unwrap();
    assert_eq!(ticket.r#type, "breakdown");
    assert_eq!(serde_json::to_value(&ticket).unwrap()["type"], "breakdown");
}

#[test]
fn fields_that_collide_in_rust_keep_their_own_json_names() {
    let ticket: TicketQueryView = read(ticket()).unwrap();
    assert_eq!(ticket.links, ["self"]);
    assert!(ticket.links_2.is_empty());
}

#[test]
fn an_absent_option_stays_absent() {
    let ticket: TicketQueryView = read(ticket()).unwrap();
    assert_eq!(ticket.r#ref, None);
    let written = serde_json::to_value(&ticket).unwrap();
    assert!(written.get("ref").is_none(), "{written}");
    assert!(written.get("parent").is_none(), "{written}");
}

#[test]
fn a_non_empty_list_refuses_an_empty_array() {
    let mut value = ticket();
    value["agencies"] = json!([]);
    let err = read::<TicketQueryView>(value).unwrap_err();
    assert!(err.to_string().contains("at least one item"), "{err}");
    assert!(NonEmptyList::<u8>::try_from(Vec::new()).is_err());
    assert_eq!(NonEmptyList::new(1, [2, 3]).first(), &1);
}

#[test]
fn a_map_keeps_the_document_order() {
    // From text: a `serde_json::Value` may have sorted the members already.
    let text = r#"{
        "uid": "8074964f-c633-3c2a-055f-bbaf8ca8181b", "type": "t", "status": "OPENED",
        "agencies": ["8074964f-c633-3c2a-055f-bbaf8ca8181b"], "_links": [], "links": [], "count": 1,
        "created": "2016-05-26T08:18:52Z", "additionalData": {"zeta": "1", "alpha": null, "mid": "2"}
    }"#;
    let ticket: TicketQueryView = serde_json::from_str(text).unwrap();
    let keys: Vec<&str> = ticket.additional_data.keys().map(String::as_str).collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
    assert_eq!(ticket.additional_data["alpha"], None);
}

#[test]
fn an_enum_value_added_later_is_kept() {
    let mut value = ticket();
    value["status"] = json!("ON_HOLD");
    let ticket: TicketQueryView = read(value).unwrap();
    assert_eq!(
        ticket.status,
        TicketQueryViewStatus::Unknown("ON_HOLD".to_string())
    );
    assert_eq!(serde_json::to_value(&ticket).unwrap()["status"], "ON_HOLD");
    assert_eq!(
        TicketQueryViewStatus::from("CLOSED"),
        TicketQueryViewStatus::Closed
    );
    assert_eq!(TicketQueryViewStatus::Opened.to_string(), "OPENED");
}

#[test]
fn numbers_and_date_times_read_as_documented() {
    let ticket: TicketQueryView = read(ticket()).unwrap();
    assert_eq!(ticket.count.to_string(), "12.34");
    assert_eq!(ticket.created.to_rfc3339(), "2016-05-26T08:18:52+00:00");
    let mut value = ticket_value_with("created", json!("2016-02-29T12:03:32+02:00"));
    value["count"] = json!(123);
    let ticket: TicketQueryView = read(value).unwrap();
    assert_eq!(ticket.count.as_i64(), Some(123));
    assert_eq!(
        serde_json::to_value(&ticket).unwrap()["created"],
        "2016-02-29T12:03:32+02:00"
    );
}

fn ticket_value_with(field: &str, value: Value) -> Value {
    let mut ticket = ticket();
    ticket[field] = value;
    ticket
}

#[test]
fn a_recursive_type_is_boxed() {
    let parent = ticket();
    let ticket: TicketQueryView = read(ticket_value_with("parent", parent)).unwrap();
    assert_eq!(
        ticket.parent.as_ref().map(|p| p.r#type.as_str()),
        Some("breakdown")
    );

    // Types only read have no constructor (a field added to an answer must
    // not change a signature): they are built from JSON, as the server sends them.
    let tree: Tree = read(json!({"left": {"value": 1}})).unwrap();
    let Tree::Node(node) = &tree else {
        panic!("a node: {tree:?}")
    };
    assert!(
        matches!(node.left.as_ref(), Tree::Leaf(leaf) if leaf.value == 1),
        "{node:?}"
    );
    assert_eq!(node.right, None);
    assert_eq!(
        serde_json::to_value(&tree).unwrap(),
        json!({"left": {"value": 1}})
    );
}

#[test]
fn a_tagged_union_round_trips_through_its_discriminator() {
    let poor: PoorName = read(json!({"name": "John Doe"})).unwrap();
    let name: Name = poor.into();
    let written = serde_json::to_value(&name).unwrap();
    assert_eq!(written, json!({"name": "John Doe", "nameType": "PoorName"}));
    assert_eq!(read::<Name>(written).unwrap(), name);
    assert!(
        read::<Name>(json!({"name": "x"})).is_err(),
        "a missing discriminator is an error"
    );
    assert!(
        read::<Name>(json!({"name": 7, "nameType": "PoorName"})).is_err(),
        "a known kind is read strictly"
    );
}

#[test]
fn a_tagged_union_keeps_a_kind_added_later() {
    let added_later = json!({"name": "x", "title": "Dr", "nameType": "RichName"});
    let name = read::<Name>(added_later.clone()).unwrap();
    assert_eq!(name, Name::Unknown(added_later.clone()));
    assert_eq!(
        serde_json::to_value(&name).unwrap(),
        added_later,
        "written back as received"
    );
}

#[test]
fn a_bare_variant_is_a_string() {
    assert_eq!(
        serde_json::to_value(CallerType::AutomatonCaller).unwrap(),
        json!("AutomatonCaller")
    );
    assert_eq!(
        read::<CallerType>(json!("AutomatonCaller")).unwrap(),
        CallerType::AutomatonCaller
    );
    assert_eq!(
        read::<CallerType>(json!({"callerType": "AutomatonCaller"})).unwrap(),
        CallerType::AutomatonCaller
    );
    let caller: HumanCaller =
        read(json!({"name": {"name": "Jo", "nameType": "PoorName"}})).unwrap();
    let human = CallerType::from(caller);
    let written = serde_json::to_value(&human).unwrap();
    assert_eq!(written["callerType"], "HumanCaller");
    assert_eq!(read::<CallerType>(written).unwrap(), human);
    assert!(read::<CallerType>(json!("RobotCaller")).is_err());
}

#[test]
fn a_lone_constant_is_written_and_checked() {
    // A type clients send is built from its required fields; the constant is filled in.
    let command = CreateAgency::new(
        "6ed010a1-7481-4b38-87da-c219fc31ba64".parse().unwrap(),
        "2016-06-28".parse().unwrap(),
    );
    assert_eq!(command.command_type, CreateAgencyCommandType);
    let written = serde_json::to_value(&command).unwrap();
    assert_eq!(written["commandType"], "CreateAgency");
    assert_eq!(read::<CreateAgency>(written.clone()).unwrap(), command);
    let mut other = written;
    other["commandType"] = json!("UpdateAgency");
    assert!(read::<CreateAgency>(other).is_err());
}

#[test]
fn a_union_told_apart_by_its_fields_reads_the_variant_that_knows_most_members() {
    use mini_api::models::Payment;
    let payment = |value: Value| read::<Payment>(value).unwrap();
    assert!(
        matches!(payment(json!({"amount": 5})), Payment::Cash(_)),
        "the fewest fields on a tie"
    );
    assert!(
        matches!(
            payment(json!({"amount": 5, "code": "X"})),
            Payment::Voucher(_)
        ),
        "`code` is a voucher's"
    );
    assert!(matches!(
        payment(json!({"number": "4970"})),
        Payment::Card(_)
    ));
    assert!(matches!(
        payment(json!({"number": "4970", "holder": "A"})),
        Payment::CardWithHolder(_)
    ));
    let error = read::<Payment>(json!({"amount": "five"}))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("as `Cash`"),
        "the closest variant's error: {error}"
    );
}

#[test]
fn a_union_named_by_a_field_beside_it_is_read_by_that_name() {
    use mini_api::models::{LogEntry, LogEntryData};
    let entry: LogEntry =
        read(json!({"entryType": "Closed", "at": 1, "data": {"by": "desk"}})).unwrap();
    assert!(
        matches!(entry.data, LogEntryData::Closed(_)),
        "by shape alone it would be `Opened`"
    );
    let unknown: LogEntry =
        read(json!({"entryType": "Archived", "at": 2, "data": {"shelf": 4}})).unwrap();
    assert_eq!(unknown.data, LogEntryData::Unknown(json!({"shelf": 4})));
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!({"entryType": "Archived", "at": 2, "data": {"shelf": 4}})
    );
    assert!(read::<LogEntry>(json!({"entryType": "Closed", "at": 1, "data": {"by": 7}})).is_err());
}
