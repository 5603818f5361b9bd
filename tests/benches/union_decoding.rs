//! Decoding the generated tagged unions against a plain `#[serde(tag)]`
//! derive of the same shape (the same variant structs, no `Unknown`
//! fallback): items per second for each over one JSON array of events of
//! every documented kind, made from the documentation's own examples.
//!
//! `cargo bench -p e2e --bench union_decoding`; the ratio of the two medians
//! is the figure to watch (the generated reader should stay within 0.9x of
//! the plain derive).

use divan::counter::ItemsCount;
use divan::Bencher;
use performance_immo::models::{self, CompanyEvent};
use serde::Deserialize;

const EVENTS: usize = 10_000;

fn main() {
    divan::main();
}

/// The same shape as [`CompanyEvent`], read by serde's own internally
/// tagged derive.
#[derive(Deserialize)]
#[serde(tag = "eventType")]
#[allow(dead_code, clippy::large_enum_variant, reason = "only read, to be timed")]
enum PlainCompanyEvent {
    ClientAccountCreated(models::ClientAccountCreated),
    CallCenterCreated(models::CallCenterCreated),
    ClientAccountHoldingCreated(models::ClientAccountHoldingCreated),
    CompanyIdentified(models::CompanyIdentified),
    CompanyCanceled(models::CompanyCanceled),
    CompanyReactivated(models::CompanyReactivated),
    ClientAccountUpdated(models::ClientAccountUpdated),
    ClientAccountHoldingUpdated(models::ClientAccountHoldingUpdated),
    CallCenterUpdated(models::CallCenterUpdated),
    CompanyUpgradedToPremiumAccount(models::CompanyUpgradedToPremiumAccount),
    PremiumAccountDowngraded(models::PremiumAccountDowngraded),
    CompanyUpgradedToStandardAccount(models::CompanyUpgradedToStandardAccount),
    CompanySubscribedToAnotherCallCenter(models::CompanySubscribedToAnotherCallCenter),
    CompanyDowngradedToPremiumAccount(models::CompanyDowngradedToPremiumAccount),
    AgencyCreated(models::AgencyCreated),
    AgencyDeleted(models::AgencyDeleted),
    AgencyUpdated(models::AgencyUpdated),
}

/// A JSON array of `EVENTS` company events, cycling through the documented
/// examples of every kind (those both readers accept).
fn events() -> String {
    let api = codegen::analyze(&e2e::spec_dir()).expect("spec/ loads").api;
    let union = api.models.iter().find(|model| model.name == "CompanyEvent").expect("CompanyEvent is documented");
    let examples: Vec<serde_json::Value> = union
        .variants()
        .iter()
        .flat_map(|variant| &variant.examples)
        .filter_map(|example| serde_json::from_str(&example.text).ok())
        .filter(|value: &serde_json::Value| {
            serde_json::from_value::<CompanyEvent>(value.clone()).is_ok()
                && serde_json::from_value::<PlainCompanyEvent>(value.clone()).is_ok()
        })
        .collect();
    assert!(examples.len() > 5, "the documentation gives examples of most kinds");
    let all: Vec<&serde_json::Value> = examples.iter().cycle().take(EVENTS).collect();
    serde_json::to_string(&all).expect("JSON")
}

#[divan::bench]
fn generated(bencher: Bencher) {
    let text = events();
    bencher.counter(ItemsCount::new(EVENTS)).bench(|| {
        let events: Vec<CompanyEvent> = serde_json::from_str(divan::black_box(&text)).expect("reads");
        events.len()
    });
}

#[divan::bench]
fn plain_derive(bencher: Bencher) {
    let text = events();
    bencher.counter(ItemsCount::new(EVENTS)).bench(|| {
        let events: Vec<PlainCompanyEvent> = serde_json::from_str(divan::black_box(&text)).expect("reads");
        events.len()
    });
}
