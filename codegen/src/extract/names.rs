//! Names derived from headings: operation ids and generated model names.

/// Words of a text, accents transliterated, split on anything that is not an
/// ASCII letter or digit and on lower-to-upper case changes.
fn words(text: &str) -> Vec<String> {
    let ascii = deunicode::deunicode(text);
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in ascii.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let boundary =
            matches!(previous, Some(p) if (p.is_ascii_lowercase() || p.is_ascii_digit()) && c.is_ascii_uppercase());
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `Get all Companies` → `get_all_companies`.
pub fn snake_case(text: &str) -> String {
    words(text).iter().map(|w| w.to_ascii_lowercase()).collect::<Vec<_>>().join("_")
}

/// `company type` → `CompanyType`; words already in PascalCase keep their inner capitals.
pub fn pascal_case(text: &str) -> String {
    words(text)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Whether a heading can be a type name: one word of letters, digits and
/// underscores starting with a letter.
pub fn is_type_name(title: &str) -> bool {
    let mut chars = title.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic()) && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_headings() {
        assert_eq!(snake_case("Get all Companies"), "get_all_companies");
        assert_eq!(snake_case("Increment ProviderContact State"), "increment_provider_contact_state");
        assert_eq!(snake_case("API évènementielle"), "api_evenementielle");
        assert_eq!(snake_case("  "), "");
    }

    #[test]
    fn pascal_case_of_names() {
        assert_eq!(pascal_case("companyType"), "CompanyType");
        assert_eq!(pascal_case("error type"), "ErrorType");
        assert_eq!(pascal_case("TicketQueryView"), "TicketQueryView");
    }

    #[test]
    fn type_names() {
        assert!(is_type_name("SafeUUID"));
        assert!(!is_type_name("Get all Companies"));
        assert!(!is_type_name(""));
    }
}
