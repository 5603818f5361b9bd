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
            r#"{"uid": "a10d7918-39b6-5822-9623-6e53cf1fa587", "name": "Habitat Sud Lyon", "isActive": true,
                "companyType": "ClientAccount"}"#,
        )
        .unwrap();
        assert_eq!(company.name, "Habitat Sud Lyon");
        let name: Name = serde_json::from_str(r#"{"value": "Odile Perrin", "nameType": "PoorName"}"#).unwrap();
        assert!(matches!(name, Name::PoorName(_)));
    }
}
