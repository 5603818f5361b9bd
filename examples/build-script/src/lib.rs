//! The API's types, generated at build time from its documentation by
//! `build.rs`, instead of committed like `generated/`.
#![forbid(unsafe_code)]

/// The generated `models` and `types` modules.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

#[cfg(test)]
mod tests {
    use super::api::models::{CompanyQueryView, Name};

    #[test]
    fn the_generated_types_read_the_documented_json() {
        let company: CompanyQueryView = serde_json::from_str(
            r#"{"uid": "6e71965c-e1ea-37e9-fa45-770753dc5147", "label": "My Company", "isActive": true,
                "companyType": "ClientAccount"}"#,
        )
        .unwrap();
        assert_eq!(company.label, "My Company");
        let name: Name = serde_json::from_str(r#"{"name": "John Doe", "nameType": "PoorName"}"#).unwrap();
        assert!(matches!(name, Name::PoorName(_)));
    }
}
