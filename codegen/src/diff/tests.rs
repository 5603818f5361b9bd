//! The diff engine on API models built in code, one kind of change at a time.

use super::*;
use crate::ir::{
    Auth, Body, Endpoint, ErrorDef, Field, Model, ModelKind, ModelShape, Pagination, Param, ParamLocation, Response,
    Scalar, Source, TypeRef, Union, Variant,
};

fn src(line: usize) -> Source {
    Source { file: "includes/_test.md".into(), line }
}

fn ty(text: &str) -> TypeRef {
    text.parse().unwrap()
}

fn endpoint(method: &str, path: &str, name: &str) -> Endpoint {
    Endpoint {
        operation_id: None,
        chosen_name: None,
        security: None,
        id: name.to_lowercase().replace(' ', "_"),
        name: name.into(),
        group: "Companies".into(),
        method: method.into(),
        path: path.into(),
        description: String::new(),
        params: Vec::new(),
        body: None,
        responses: vec![response(200, "String")],
        pagination: None,
        examples: Vec::new(),
        source: src(1),
    }
}

fn param(name: &str, location: ParamLocation, type_text: &str, required: bool) -> Param {
    Param {
        constraints: Default::default(),
        name: name.into(),
        location,
        ty: ty(type_text),
        required,
        default: None,
        description: String::new(),
        source: src(2),
    }
}

fn response(status: u16, type_text: &str) -> Response {
    Response { headers: Vec::new(), status, ty: ty(type_text), description: String::new(), source: src(3) }
}

fn field(name: &str, type_text: &str, required: bool) -> Field {
    Field {
        constraints: Default::default(),
        name: name.into(),
        ty: ty(type_text),
        required,
        constant: None,
        variant_by: None,
        description: String::new(),
        source: src(4),
    }
}

fn model(name: &str, kind: ModelKind) -> Model {
    Model::new(name, "Models", ModelShape::empty(kind), src(5))
}

fn structure(name: &str, fields: Vec<Field>) -> Model {
    Model { shape: ModelShape::Struct { fields }, ..model(name, ModelKind::Struct) }
}

fn enumeration(name: &str, values: &[&str]) -> Model {
    Model {
        shape: ModelShape::Enum { values: values.iter().map(|v| v.to_string()).collect() },
        ..model(name, ModelKind::Enum)
    }
}

fn union(name: &str, tag: Option<&str>, variants: Vec<Variant>) -> Model {
    Model {
        shape: ModelShape::Union(Union { tag: tag.map(str::to_string), variants, ..Union::default() }),
        ..model(name, ModelKind::Union)
    }
}

fn variant(name: &str, tag_value: Option<&str>, fields: Vec<Field>) -> Variant {
    Variant {
        model: None,
        name: name.into(),
        tag_value: tag_value.map(str::to_string),
        fields,
        bare: false,
        inferred: false,
        description: String::new(),
        examples: Vec::new(),
        source: src(6),
    }
}

fn error(name: &str, status: Option<u16>, model: Option<&str>, codes: &[&str]) -> ErrorDef {
    ErrorDef {
        name: name.into(),
        status,
        model: model.map(str::to_string),
        codes: codes.iter().map(|c| c.to_string()).collect(),
        description: String::new(),
        source: src(7),
    }
}

/// An API where `model` is what one endpoint sends, or reads, or both.
fn api_using(models: Vec<Model>, sent: Option<&str>, read: Option<&str>) -> Api {
    let mut endpoint = endpoint("POST", "/api/things", "Create thing");
    if let Some(sent) = sent {
        endpoint.params.push(param("thing", ParamLocation::Body, sent, true));
    }
    if let Some(read) = read {
        endpoint.responses = vec![response(200, read)];
    }
    Api { endpoints: vec![endpoint], models, ..Api::default() }
}

/// (kind, path, rule id) of every change.
fn summary(old: &Api, new: &Api) -> Vec<(ChangeKind, String, &'static str)> {
    diff(old, new).changes.into_iter().map(|c| (c.kind, c.path, c.rule.id)).collect()
}

/// The single change the diff finds; fails when there is not exactly one.
fn only_change(old: &Api, new: &Api) -> Change {
    let changes = diff(old, new).changes;
    assert_eq!(changes.len(), 1, "expected one change, got {changes:#?}");
    changes.into_iter().next().unwrap()
}

fn rule_of(old: &Api, new: &Api) -> &'static str {
    only_change(old, new).rule.id
}

#[test]
fn identical_apis_have_no_change() {
    let api = api_using(vec![structure("Thing", vec![field("uid", "String", true)])], Some("Thing"), Some("Thing"));
    assert!(diff(&api, &api).changes.is_empty());
}

// ---- endpoints ----

#[test]
fn endpoints_added_and_removed() {
    let old = Api { endpoints: vec![endpoint("GET", "/a", "Get a")], ..Api::default() };
    let new = Api { endpoints: vec![endpoint("GET", "/b", "Get b")], ..Api::default() };
    assert_eq!(
        summary(&old, &new),
        vec![
            (ChangeKind::EndpointAdded, "GET /b".into(), "endpoint-added"),
            (ChangeKind::EndpointRemoved, "GET /a".into(), "endpoint-removed"),
        ]
    );
    let change = &diff(&old, &new).changes[1];
    assert_eq!(change.classification, Classification::Breaking);
    assert_eq!(change.before.as_deref(), Some("Get a"));
}

#[test]
fn an_endpoint_moved_with_the_same_heading_and_signature_is_one_change() {
    let mut old_endpoint = endpoint("PATCH", "/api/vEvent/companies/company_uid", "Increment Company");
    old_endpoint.params.push(param("company_uid", ParamLocation::Query, "SafeUUID", true));
    let mut new_endpoint = old_endpoint.clone();
    new_endpoint.path = "/api/vEvent/companies/update".into();
    let old = Api { endpoints: vec![old_endpoint], ..Api::default() };
    let new = Api { endpoints: vec![new_endpoint], ..Api::default() };
    let change = only_change(&old, &new);
    assert_eq!(change.kind, ChangeKind::EndpointMoved);
    assert_eq!(change.before.as_deref(), Some("PATCH /api/vEvent/companies/company_uid"));
    assert_eq!(change.after.as_deref(), Some("PATCH /api/vEvent/companies/update"));
    assert_eq!(change.classification, Classification::Breaking);
}

#[test]
fn a_method_change_is_a_move() {
    let old = Api { endpoints: vec![endpoint("PUT", "/a", "Update a")], ..Api::default() };
    let new = Api { endpoints: vec![endpoint("PATCH", "/a", "Update a")], ..Api::default() };
    assert_eq!(only_change(&old, &new).kind, ChangeKind::EndpointMoved);
}

#[test]
fn a_renamed_path_parameter_keeps_the_endpoint_and_is_compatible() {
    let mut old_endpoint = endpoint("GET", "/companies/{company_uid}", "Get a Company");
    old_endpoint.params.push(param("company_uid", ParamLocation::Path, "SafeUUID", true));
    let mut new_endpoint = endpoint("GET", "/companies/{uid}", "Get a Company");
    new_endpoint.params.push(param("uid", ParamLocation::Path, "SafeUUID", true));
    let old = Api { endpoints: vec![old_endpoint], ..Api::default() };
    let new = Api { endpoints: vec![new_endpoint], ..Api::default() };
    let change = only_change(&old, &new);
    assert_eq!(change.kind, ChangeKind::ParamRenamed);
    assert_eq!(change.path, "GET /companies/{uid} › param uid");
    assert_eq!(change.rule.id, "path-param-renamed");
    assert_eq!(change.classification, Classification::Compatible);
}

// ---- parameters ----

fn with_params(params: Vec<Param>) -> Api {
    let mut endpoint = endpoint("GET", "/api/v1/companies", "Get all Companies");
    endpoint.params = params;
    Api { endpoints: vec![endpoint], ..Api::default() }
}

#[test]
fn parameter_additions_break_only_when_required() {
    let old = with_params(vec![]);
    let optional = with_params(vec![param("range", ParamLocation::Query, "Option[String]", false)]);
    let required = with_params(vec![param("holding", ParamLocation::Query, "SafeUUID", true)]);
    assert_eq!(rule_of(&old, &optional), "param-added-optional");
    assert_eq!(rule_of(&old, &required), "param-added-required");
    let change = only_change(&old, &optional);
    assert_eq!(change.path, "GET /api/v1/companies › param range");
    assert_eq!(change.after.as_deref(), Some("Option[String] in query"));
    assert_eq!(rule_of(&optional, &old), "param-removed");
}

#[test]
fn parameter_location_type_and_optionality() {
    let base = with_params(vec![param("uid", ParamLocation::Query, "Long", true)]);
    let moved = with_params(vec![param("uid", ParamLocation::Header, "Long", true)]);
    assert_eq!(rule_of(&base, &moved), "param-location-changed");

    let widened = with_params(vec![param("uid", ParamLocation::Query, "Number", true)]);
    assert_eq!(rule_of(&base, &widened), "request-type-widened");
    assert_eq!(only_change(&base, &widened).classification, Classification::Compatible);
    assert_eq!(rule_of(&widened, &base), "request-type-changed");

    let optional = with_params(vec![param("uid", ParamLocation::Query, "Option[Long]", false)]);
    let change = only_change(&base, &optional);
    assert_eq!((change.kind, change.rule.id), (ChangeKind::ParamRequiredChanged, "request-became-optional"));
    assert_eq!(rule_of(&optional, &base), "request-became-required");
}

#[test]
fn a_changed_default_breaks_clients_that_relied_on_it() {
    let mut old_range = param("range", ParamLocation::Query, "Option[String]", false);
    old_range.default = Some("0-100".into());
    let mut new_range = old_range.clone();
    new_range.default = Some("0-20".into());
    let change = only_change(&with_params(vec![old_range]), &with_params(vec![new_range]));
    assert_eq!((change.kind, change.rule.id), (ChangeKind::ParamDefaultChanged, "param-default-changed"));
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("0-100"), Some("0-20")));
}

#[test]
fn a_query_parameter_renamed_in_place_is_one_breaking_rename() {
    let old = with_params(vec![
        param("range", ParamLocation::Query, "Option[String]", false),
        param("holdinguid", ParamLocation::Query, "Option[SafeUUID]", false),
    ]);
    let new = with_params(vec![
        param("range", ParamLocation::Query, "Option[String]", false),
        param("holding_uid", ParamLocation::Query, "Option[SafeUUID]", false),
    ]);
    let change = only_change(&old, &new);
    assert_eq!((change.kind, change.rule.id), (ChangeKind::ParamRenamed, "param-renamed"));
    assert_eq!(change.classification, Classification::Breaking);
}

// ---- responses ----

fn with_responses(responses: Vec<Response>) -> Api {
    let mut endpoint = endpoint("GET", "/api/v1/tickets", "Get tickets");
    endpoint.responses = responses;
    Api { endpoints: vec![endpoint], ..Api::default() }
}

#[test]
fn response_statuses_added_and_removed() {
    let old = with_responses(vec![response(200, "String")]);
    let with_error = with_responses(vec![response(200, "String"), response(400, "Error")]);
    let with_partial = with_responses(vec![response(200, "String"), response(206, "String")]);
    assert_eq!(rule_of(&old, &with_error), "error-response-added");
    assert_eq!(rule_of(&old, &with_partial), "success-response-added");
    assert_eq!(rule_of(&with_error, &old), "response-removed");
    assert_eq!(only_change(&with_error, &old).classification, Classification::Compatible);
}

#[test]
fn response_types_are_judged_from_the_reader_side() {
    let long = with_responses(vec![response(200, "Long")]);
    let number = with_responses(vec![response(200, "Number")]);
    let empty = with_responses(vec![response(200, "Empty")]);
    assert_eq!(rule_of(&number, &long), "response-type-narrowed");
    assert_eq!(rule_of(&long, &number), "response-type-changed");
    assert_eq!(rule_of(&empty, &long), "response-body-added");
    assert_eq!(rule_of(&long, &empty), "response-type-changed");
    let undescribed = with_responses(vec![response(400, "Error")]);
    let typed = with_responses(vec![response(400, "CompanyEventError")]);
    assert_eq!(rule_of(&undescribed, &typed), "response-type-narrowed");
    assert_eq!(rule_of(&typed, &undescribed), "response-type-changed");
}

#[test]
fn pagination_added_breaks_and_removed_does_not() {
    let old = with_responses(vec![response(200, "Array[String]")]);
    let mut new = old.clone();
    new.endpoints[0].pagination = Some(Pagination::range("range", ty("String"), None));
    assert_eq!(rule_of(&old, &new), "pagination-added");
    assert_eq!(rule_of(&new, &old), "pagination-removed");
}

#[test]
fn a_body_without_parameter_rows_is_compared_as_a_request_type() {
    let mut old = with_params(vec![]);
    let mut new = old.clone();
    new.endpoints[0].body = Some(Body { media_type: None, optional: false, ty: ty("Command"), synthesized: false });
    assert_eq!(rule_of(&old, &new), "body-added");
    old.endpoints[0].body =
        Some(Body { media_type: None, optional: false, ty: ty("OtherCommand"), synthesized: false });
    assert_eq!(rule_of(&old, &new), "request-type-changed");
}

// ---- fields and direction ----

fn thing(fields: Vec<Field>) -> Model {
    structure("Thing", fields)
}

#[test]
fn a_new_required_field_breaks_requests_not_responses() {
    let before = vec![thing(vec![field("uid", "String", true)])];
    let after = vec![thing(vec![field("uid", "String", true), field("label", "String", true)])];
    let sent = |models| api_using(models, Some("Thing"), None);
    let read = |models| api_using(models, None, Some("Thing"));
    let both = |models| api_using(models, Some("Thing"), Some("Array[Thing]"));
    assert_eq!(rule_of(&sent(before.clone()), &sent(after.clone())), "request-field-added-required");
    assert_eq!(rule_of(&read(before.clone()), &read(after.clone())), "response-field-added");
    assert_eq!(rule_of(&both(before.clone()), &both(after.clone())), "request-field-added-required");
    let change = only_change(&read(before), &read(after));
    assert_eq!(change.path, "struct Thing › field label");
    assert_eq!(change.classification, Classification::Compatible);
}

#[test]
fn a_new_optional_request_field_is_compatible() {
    let before = vec![thing(vec![field("uid", "String", true)])];
    let after = vec![thing(vec![field("uid", "String", true), field("note", "Option[String]", false)])];
    let sent = |models| api_using(models, Some("Thing"), None);
    assert_eq!(rule_of(&sent(before), &sent(after)), "request-field-added-optional");
}

#[test]
fn removed_fields_break_unless_an_optional_response_field() {
    let before = vec![thing(vec![field("uid", "String", true), field("note", "Option[String]", false)])];
    let no_note = vec![thing(vec![field("uid", "String", true)])];
    let no_uid = vec![thing(vec![field("note", "Option[String]", false)])];
    let read = |models| api_using(models, None, Some("Thing"));
    let sent = |models| api_using(models, Some("Thing"), None);
    assert_eq!(rule_of(&read(before.clone()), &read(no_note.clone())), "response-field-removed-optional");
    assert_eq!(rule_of(&read(before.clone()), &read(no_uid)), "response-field-removed-required");
    assert_eq!(rule_of(&sent(before), &sent(no_note)), "request-field-removed");
}

#[test]
fn optionality_changes_depend_on_direction() {
    let required = vec![thing(vec![field("uid", "String", true)])];
    let optional = vec![thing(vec![field("uid", "Option[String]", false)])];
    let read = |models| api_using(models, None, Some("Thing"));
    let sent = |models| api_using(models, Some("Thing"), None);
    assert_eq!(rule_of(&read(optional.clone()), &read(required.clone())), "response-became-required");
    assert_eq!(rule_of(&read(required.clone()), &read(optional.clone())), "response-became-optional");
    assert_eq!(rule_of(&sent(optional.clone()), &sent(required.clone())), "request-became-required");
    assert_eq!(rule_of(&sent(required), &sent(optional)), "request-became-optional");
}

#[test]
fn a_field_type_change_breaks_and_shows_both_types() {
    let before = vec![thing(vec![field("count", "Long", true)])];
    let after = vec![thing(vec![field("count", "String", true)])];
    let read = |models| api_using(models, None, Some("Thing"));
    let change = only_change(&read(before), &read(after));
    assert_eq!((change.kind, change.rule.id), (ChangeKind::FieldTypeChanged, "response-type-changed"));
    assert_eq!((change.before.as_deref(), change.after.as_deref()), (Some("Long"), Some("String")));
}

#[test]
fn direction_follows_nested_models() {
    let outer = structure("Outer", vec![field("inner", "Array[Inner]", true)]);
    let inner_before = structure("Inner", vec![field("a", "String", true)]);
    let inner_after = structure("Inner", vec![field("a", "String", true), field("b", "Long", true)]);
    let sent = |inner| api_using(vec![outer.clone(), inner], Some("Outer"), None);
    let read = |inner| api_using(vec![outer.clone(), inner], None, Some("Option[Outer]"));
    assert_eq!(rule_of(&sent(inner_before.clone()), &sent(inner_after.clone())), "request-field-added-required");
    assert_eq!(rule_of(&read(inner_before), &read(inner_after)), "response-field-added");
}

#[test]
fn a_model_no_endpoint_reaches_is_judged_both_ways() {
    let before = Api { models: vec![thing(vec![field("uid", "String", true)])], ..Api::default() };
    let after = Api {
        models: vec![thing(vec![field("uid", "String", true), field("label", "String", true)])],
        ..Api::default()
    };
    assert_eq!(rule_of(&before, &after), "request-field-added-required");
}

#[test]
fn a_field_renamed_in_place_is_one_rename() {
    let before = vec![thing(vec![field("uid", "String", true), field("callCenterUid", "SafeUUID", true)])];
    let after = vec![thing(vec![field("uid", "String", true), field("callCenterReference", "SafeUUID", true)])];
    let sent = |models| api_using(models, Some("Thing"), None);
    let change = only_change(&sent(before), &sent(after));
    assert_eq!((change.kind, change.rule.id), (ChangeKind::FieldRenamed, "field-renamed"));
    assert_eq!(change.before.as_deref(), Some("callCenterUid"));
    assert_eq!(change.after.as_deref(), Some("callCenterReference"));
}

fn field_change_kinds(before: Vec<Field>, after: Vec<Field>) -> Vec<ChangeKind> {
    let read = |fields| api_using(vec![thing(fields)], None, Some("Thing"));
    summary(&read(before), &read(after)).into_iter().map(|(kind, _, _)| kind).collect()
}

#[test]
fn fields_without_clear_rename_evidence_are_removed_and_added() {
    use ChangeKind::{FieldAdded, FieldRemoved};
    // Same place, another type.
    let kinds = field_change_kinds(
        vec![field("a", "String", true), field("b", "Long", true)],
        vec![field("c", "Long", true), field("d", "String", true)],
    );
    assert_eq!(kinds, vec![FieldAdded, FieldAdded, FieldRemoved, FieldRemoved]);
    // Two added fields of the type stand where the removed one stood.
    let kinds = field_change_kinds(
        vec![field("a", "String", true), field("x", "Long", true)],
        vec![field("c", "String", true), field("d", "String", true), field("x", "Long", true)],
    );
    assert_eq!(kinds, vec![FieldAdded, FieldAdded, FieldRemoved]);
}

#[test]
fn a_changed_constant_breaks() {
    let with_constant = |value: &str| {
        let mut kind = field("kind", "Constant", true);
        kind.constant = Some(value.into());
        api_using(vec![thing(vec![kind])], None, Some("Thing"))
    };
    assert_eq!(rule_of(&with_constant("A"), &with_constant("B")), "constant-changed");
}

// ---- models ----

#[test]
fn a_model_renamed_with_the_same_fields_is_one_compatible_rename() {
    let fields = vec![field("uid", "SafeUUID", true), field("label", "String", true)];
    let holder = |name: &str| structure("Holder", vec![field("company", name, true)]);
    let old = api_using(vec![holder("CompanyView"), structure("CompanyView", fields.clone())], None, Some("Holder"));
    let new = api_using(vec![holder("CompanyQueryView"), structure("CompanyQueryView", fields)], None, Some("Holder"));
    let change = only_change(&old, &new);
    assert_eq!((change.kind, change.rule.id), (ChangeKind::ModelRenamed, "model-renamed"));
    assert_eq!(change.path, "struct CompanyQueryView");
}

#[test]
fn models_added_removed_and_changing_kind() {
    let old = Api { models: vec![thing(vec![field("uid", "String", true)])], ..Api::default() };
    let new = Api { models: vec![enumeration("Thing", &["A", "B"])], ..Api::default() };
    let change = only_change(&old, &new);
    assert_eq!((change.kind, change.rule.id), (ChangeKind::ModelKindChanged, "model-kind-changed"));
    let empty = Api::default();
    assert_eq!(rule_of(&empty, &old), "model-added");
    assert_eq!(rule_of(&old, &empty), "model-removed");
    assert_eq!(only_change(&empty, &new).after.as_deref(), Some("enum of A, B"));
    let mut command_type = field("commandType", "Constant", true);
    command_type.constant = Some("OpenTicket".into());
    let command = Api { models: vec![structure("OpenTicket", vec![command_type])], ..Api::default() };
    let summary = only_change(&empty, &command).after;
    assert_eq!(summary.as_deref(), Some("struct of 1 field(s), commandType = \"OpenTicket\""));
}

#[test]
fn alias_changes_follow_direction() {
    let alias = |scalar| Model { shape: ModelShape::Alias { of: scalar }, ..model("Reference", ModelKind::Alias) };
    let sent = |scalar| api_using(vec![alias(scalar)], Some("Reference"), None);
    let read = |scalar| api_using(vec![alias(scalar)], None, Some("Reference"));
    assert_eq!(rule_of(&sent(Scalar::Uuid), &sent(Scalar::String)), "request-type-widened");
    assert_eq!(rule_of(&read(Scalar::Uuid), &read(Scalar::String)), "response-type-changed");
}

// ---- enums ----

#[test]
fn enum_values_by_direction() {
    let before = vec![enumeration("State", &["OPENED", "CLOSED"])];
    let more = vec![enumeration("State", &["OPENED", "CLOSED", "ARCHIVED"])];
    let fewer = vec![enumeration("State", &["OPENED"])];
    let sent = |models| api_using(models, Some("State"), None);
    let read = |models| api_using(models, None, Some("State"));
    let both = |models| api_using(models, Some("State"), Some("State"));
    assert_eq!(rule_of(&read(before.clone()), &read(more.clone())), "response-enum-value-added");
    assert_eq!(rule_of(&sent(before.clone()), &sent(more.clone())), "request-enum-value-added");
    assert_eq!(rule_of(&both(before.clone()), &both(more)), "response-enum-value-added");
    assert_eq!(rule_of(&sent(before.clone()), &sent(fewer.clone())), "request-enum-value-removed");
    assert_eq!(rule_of(&read(before.clone()), &read(fewer.clone())), "response-enum-value-removed");
    assert_eq!(rule_of(&both(before.clone()), &both(fewer)), "request-enum-value-removed");
    let change = only_change(&read(before.clone()), &read(vec![enumeration("State", &["OPENED", "CLOSED", "X"])]));
    assert_eq!((change.kind, change.path.as_str()), (ChangeKind::EnumValueAdded, "enum State › value X"));
}

// ---- unions ----

fn events(variants: Vec<Variant>) -> Model {
    union("TicketEvent", Some("eventType"), variants)
}

fn opened() -> Variant {
    variant("TicketOpened", Some("TicketOpened"), vec![field("uid", "SafeUUID", true)])
}

fn closed() -> Variant {
    variant("TicketClosed", Some("TicketClosed"), vec![field("uid", "SafeUUID", true), field("at", "DateTime", true)])
}

#[test]
fn union_variants_added_and_removed_by_direction() {
    let read = |models| api_using(models, None, Some("Array[TicketEvent]"));
    let sent = |models| api_using(models, Some("TicketEvent"), None);
    let one = vec![events(vec![opened()])];
    let two = vec![events(vec![opened(), closed()])];
    assert_eq!(rule_of(&read(one.clone()), &read(two.clone())), "response-tagged-variant-added");
    assert_eq!(rule_of(&sent(one.clone()), &sent(two.clone())), "request-variant-added");
    assert_eq!(rule_of(&sent(two.clone()), &sent(one.clone())), "request-variant-removed");
    assert_eq!(rule_of(&read(two.clone()), &read(one.clone())), "response-variant-removed");
    let change = only_change(&read(one), &read(two));
    assert_eq!(change.path, "union TicketEvent › variant TicketClosed");
    assert_eq!(change.after.as_deref(), Some("eventType = \"TicketClosed\""));
}

#[test]
fn a_variant_added_to_a_union_told_apart_by_shape_breaks_readers() {
    let untagged = |variants| union("Address", None, variants);
    let rational = variant("RationalAddress", None, vec![field("street", "String", true)]);
    let reference = variant("AddressReference", None, vec![field("placeId", "String", true)]);
    let read = |models| api_using(models, None, Some("Address"));
    let before = read(vec![untagged(vec![rational.clone()])]);
    let after = read(vec![untagged(vec![rational, reference])]);
    assert_eq!(rule_of(&before, &after), "response-untagged-variant-added");
    assert_eq!(only_change(&before, &after).classification, Classification::Breaking);
}

#[test]
fn discriminator_and_tag_value_changes_break() {
    let read = |models| api_using(models, None, Some("TicketEvent"));
    let before = read(vec![events(vec![opened()])]);
    let retagged = read(vec![union("TicketEvent", Some("type"), vec![opened()])]);
    assert_eq!(rule_of(&before, &retagged), "discriminator-changed");
    let mut renamed_tag = opened();
    renamed_tag.tag_value = Some("Opened".into());
    let change = only_change(&before, &read(vec![events(vec![renamed_tag])]));
    assert_eq!((change.kind, change.rule.id), (ChangeKind::VariantTagChanged, "variant-tag-changed"));
}

#[test]
fn a_discriminator_already_in_every_variant_is_only_documented() {
    let read = |models| api_using(models, None, Some("UserQueryView"));
    let user = |kind_field: Field, tag_value: Option<&str>| {
        variant("SuperUser", tag_value, [vec![field("uid", "SafeUUID", true)], vec![kind_field]].concat())
    };
    let before = read(vec![union("UserQueryView", None, vec![user(field("userType", "String", true), None)])]);
    let after = read(vec![union(
        "UserQueryView",
        Some("userType"),
        vec![variant("SuperUser", Some("superUser"), vec![field("uid", "SafeUUID", true)])],
    )]);
    let change = only_change(&before, &after);
    assert_eq!((change.kind, change.rule.id), (ChangeKind::DiscriminatorChanged, "discriminator-documented"));
    assert_eq!(change.classification, Classification::Compatible);
    // Without the field on the old side, the union is told apart another way.
    let by_shape = read(vec![union(
        "UserQueryView",
        None,
        vec![variant("SuperUser", None, vec![field("uid", "SafeUUID", true)])],
    )]);
    assert_eq!(summary(&by_shape, &after)[0].2, "discriminator-changed");
}

#[test]
fn variant_renames() {
    let read = |models| api_using(models, None, Some("TicketEvent"));
    let before = read(vec![events(vec![opened(), closed()])]);
    let mut same_tag = opened();
    same_tag.name = "TicketWasOpened".into();
    let change = only_change(&before, &read(vec![events(vec![same_tag, closed()])]));
    assert_eq!((change.kind, change.rule.id), (ChangeKind::VariantRenamed, "variant-renamed-same-tag"));
    assert_eq!(change.classification, Classification::Compatible);

    let mut new_tag = opened();
    new_tag.name = "TicketCreated".into();
    new_tag.tag_value = Some("TicketCreated".into());
    let change = only_change(&before, &read(vec![events(vec![new_tag, closed()])]));
    assert_eq!((change.kind, change.rule.id), (ChangeKind::VariantRenamed, "variant-tag-changed"));
    assert_eq!(change.classification, Classification::Breaking);
}

#[test]
fn variant_fields_follow_the_union_direction() {
    let sent = |models| api_using(models, Some("TicketEvent"), None);
    let mut with_note = opened();
    with_note.fields.push(field("note", "String", true));
    let change = only_change(&sent(vec![events(vec![opened()])]), &sent(vec![events(vec![with_note])]));
    assert_eq!(change.path, "union TicketEvent › variant TicketOpened › field note");
    assert_eq!(change.rule.id, "request-field-added-required");
}

#[test]
fn a_variant_named_as_a_type_makes_its_union_used() {
    let address = |fields| union("AddressForCommand", None, vec![variant("RationalAddress", None, fields)]);
    let read = |fields| api_using(vec![address(fields)], None, Some("RationalAddress"));
    let before = read(vec![field("street", "String", true)]);
    let after = read(vec![field("street", "String", true), field("city", "String", true)]);
    assert_eq!(rule_of(&before, &after), "response-field-added");
}

#[test]
fn a_new_union_lists_its_variants() {
    let new = Api { models: vec![events(vec![opened(), closed()])], ..Api::default() };
    let changes = summary(&Api::default(), &new);
    assert_eq!(
        changes,
        vec![
            (ChangeKind::ModelAdded, "union TicketEvent".into(), "model-added"),
            (ChangeKind::VariantAdded, "union TicketEvent › variant TicketOpened".into(), "member-of-new-model"),
            (ChangeKind::VariantAdded, "union TicketEvent › variant TicketClosed".into(), "member-of-new-model"),
        ]
    );
    assert!(!diff(&Api::default(), &new).has_breaking());
}

// ---- errors, bodies, authentication ----

#[test]
fn error_codes_are_reported_once_with_the_error() {
    let codes_enum = |codes: &[&str]| enumeration("CompanyEventErrorErrorType", codes);
    let error_model = structure(
        "CompanyEventError",
        vec![field("errorType", "CompanyEventErrorErrorType", true), field("message", "String", true)],
    );
    let api = |codes: &[&str]| Api {
        models: vec![error_model.clone(), codes_enum(codes)],
        errors: vec![error("CompanyEventError", Some(400), Some("CompanyEventError"), codes)],
        ..api_using(vec![], None, Some("CompanyEventError"))
    };
    let before = api(&["CommandAlreadySent", "CompanyGenericError"]);
    let after = api(&["CommandAlreadySent", "ImpossibleToCancelCallCenter"]);
    assert_eq!(
        summary(&before, &after),
        vec![
            (
                ChangeKind::ErrorCodeAdded,
                "error CompanyEventError › code ImpossibleToCancelCallCenter".into(),
                "error-code-added"
            ),
            (
                ChangeKind::ErrorCodeRemoved,
                "error CompanyEventError › code CompanyGenericError".into(),
                "error-code-removed"
            ),
        ]
    );
}

#[test]
fn errors_added_removed_and_moved_to_another_status() {
    let with = |errors| Api { errors, ..Api::default() };
    let not_found = error("NotFound", Some(404), None, &[]);
    assert_eq!(rule_of(&with(vec![]), &with(vec![not_found.clone()])), "error-added");
    assert_eq!(rule_of(&with(vec![not_found.clone()]), &with(vec![])), "error-removed");
    let gone = error("NotFound", Some(410), None, &[]);
    assert_eq!(rule_of(&with(vec![not_found]), &with(vec![gone])), "error-status-changed");
}

#[test]
fn a_response_string_narrowed_to_an_enum_is_compatible() {
    let with_type = |type_text: &str| {
        let models = vec![thing(vec![field("companyType", type_text, true)]), enumeration("CompanyType", &["A"])];
        api_using(models, None, Some("Thing"))
    };
    assert_eq!(rule_of(&with_type("String"), &with_type("CompanyType")), "response-type-narrowed");
    assert_eq!(rule_of(&with_type("CompanyType"), &with_type("String")), "response-type-changed");
}

#[test]
fn a_synthesized_body_model_is_compared_through_its_parameters() {
    let api = |params: Vec<Param>, fields: Vec<Field>| {
        let mut login = endpoint("POST", "/api/v1/login", "Login");
        login.params = params;
        login.body = Some(Body { media_type: None, optional: false, ty: ty("LoginBody"), synthesized: true });
        Api { endpoints: vec![login], models: vec![structure("LoginBody", fields)], ..Api::default() }
    };
    let before = api(vec![param("login", ParamLocation::Body, "String", true)], vec![field("login", "String", true)]);
    let after = api(
        vec![
            param("login", ParamLocation::Body, "String", true),
            param("password", ParamLocation::Body, "String", true),
        ],
        vec![field("login", "String", true), field("password", "String", true)],
    );
    let change = only_change(&before, &after);
    assert_eq!((change.kind, change.rule.id), (ChangeKind::ParamAdded, "param-added-required"));
}

#[test]
fn authentication_changes() {
    let auth = |cookie: &str| Some(Auth { cookie: cookie.into(), logins: vec![] });
    let none = Api::default();
    let session = Api { auth: auth("PI_SESSION"), ..Api::default() };
    let renamed = Api { auth: auth("SESSION"), ..Api::default() };
    assert_eq!(rule_of(&none, &session), "auth-added");
    assert_eq!(rule_of(&session, &none), "auth-removed");
    assert_eq!(rule_of(&session, &renamed), "auth-cookie-changed");
}

#[test]
fn the_same_input_gives_the_same_output() {
    let old = api_using(vec![events(vec![opened()]), thing(vec![field("a", "String", true)])], Some("Thing"), None);
    let new = api_using(
        vec![events(vec![closed(), opened()]), thing(vec![field("b", "Long", false), field("a", "Long", true)])],
        Some("Thing"),
        Some("TicketEvent"),
    );
    let first = render(&diff(&old, &new), Format::Json);
    for _ in 0..3 {
        assert_eq!(render(&diff(&old, &new), Format::Json), first);
    }
}
