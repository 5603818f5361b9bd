//! The generated tagged unions read every documented kind strictly, keep a
//! kind they do not know, and say where inside the variant reading stopped.

use performance_immo::models::CompanyEvent;
use serde_json::json;

fn created() -> serde_json::Value {
    json!({
        "processUid": "9bbc4479-a6bc-55c3-bb13-922e9eadf9ef",
        "aggregateUid": "a10d7918-39b6-5822-9623-6e53cf1fa587",
        "createdDate": "2020-09-14",
        "callCenterReference": "79256009-76c0-5b43-a715-465a9e4de7a9",
        "name": "A call center",
        "sentDate": "2020-09-14T09:12:41+02:00",
        "eventType": "ClientAccountCreated"
    })
}

#[test]
fn a_known_kind_is_its_variant_and_writes_back_the_same() {
    let event: CompanyEvent = serde_json::from_value(created()).expect("a documented event reads");
    assert!(matches!(event, CompanyEvent::ClientAccountCreated(_)));
    assert_eq!(serde_json::to_value(&event).expect("writes"), created());
}

#[test]
fn an_unknown_kind_is_kept_as_received() {
    let mut value = created();
    value["eventType"] = json!("CompanyRenamedOnMars");
    let event: CompanyEvent = serde_json::from_value(value.clone()).expect("an unknown kind reads");
    assert_eq!(event, CompanyEvent::Unknown(value));
}

#[test]
fn an_error_inside_a_variant_names_its_path() {
    let mut value = created();
    value["createdDate"] = json!(20200914);
    let error = serde_json::from_value::<CompanyEvent>(value).expect_err("a number is no date").to_string();
    assert!(error.contains("ClientAccountCreated"), "{error}");
    assert!(error.contains("at `createdDate`"), "{error}");
    let text = serde_json::to_string(&json!([created(), { "eventType": "ClientAccountCreated", "name": 3 }])).unwrap();
    let error = serde_json::from_str::<Vec<CompanyEvent>>(&text).expect_err("a broken second event").to_string();
    assert!(error.contains("at `name`: invalid type: integer `3`"), "{error}");
}

#[test]
fn a_missing_or_malformed_discriminator_is_an_error_not_an_unknown_kind() {
    let mut value = created();
    value.as_object_mut().unwrap().remove("eventType");
    let error = serde_json::from_value::<CompanyEvent>(value).expect_err("no discriminator").to_string();
    assert!(error.contains("eventType"), "{error}");
    let mut value = created();
    value["eventType"] = json!(7);
    assert!(serde_json::from_value::<CompanyEvent>(value).is_err());
    assert!(serde_json::from_value::<CompanyEvent>(json!("ClientAccountCreated")).is_err());
}
