//! The API's models and client, generated at compile time from its
//! documentation (`spec/`) by `codegen_macro::slate_api!`, instead of
//! committed like `generated/` or written by a build script like
//! `examples/build-script`. Editing a file of `spec/` rebuilds this crate.
#![forbid(unsafe_code)]

/// The generated `models`, `types`, `client` and `runtime`. Called inside a
/// module, the macro is told the module's path, from which the generated
/// code names its own items.
pub mod api {
    codegen_macro::slate_api!("../../spec", module = crate::api);
}

#[cfg(test)]
mod tests {
    use super::api::models::{CompanyQueryView, CompanyQueryViewCompanyType, Name};

    #[test]
    fn a_documented_model_reads_and_writes_its_json() {
        let json = serde_json::json!({
            "uid": "0b6f3c2e-58a1-4d0e-9a53-2f1d4c7b9e10",
            "name": "Atelier des Toits",
            "isActive": false,
            "companyType": "ClientAccountHolding"
        });
        let company: CompanyQueryView = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(company.name, "Atelier des Toits");
        assert!(!company.is_active);
        assert_eq!(company.company_type, CompanyQueryViewCompanyType::ClientAccountHolding);
        assert!(company.holding.is_none());
        assert_eq!(serde_json::to_value(&company).unwrap(), json);
    }

    #[test]
    fn a_union_reads_the_variant_its_discriminator_names() {
        let name: Name = serde_json::from_str(r#"{"value": "Rémi Garnier", "nameType": "PoorName"}"#).unwrap();
        assert!(matches!(name, Name::PoorName(_)));
        let error = serde_json::from_str::<Name>(r#"{"nameType": "PoorName"}"#).unwrap_err();
        assert!(error.to_string().contains("value"), "{error}");
    }
}
