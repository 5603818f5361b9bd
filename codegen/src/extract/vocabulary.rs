//! Words the documentation uses for what a column or a cell means, in the
//! languages Slate documents are written in. One place to teach the reader
//! a new word.

/// Words that say "required" or "optional" and nothing else, wherever they
/// are written (a Default column, a description): `Some(true)` for
/// required, `Some(false)` for optional.
pub(crate) fn requiredness_word(text: &str) -> Option<bool> {
    const REQUIRED: &[&str] = &[
        "required", "mandatory", "obligatoire", "requis", "obligatorio", "requerido", "obrigatório", "obrigatorio",
        "erforderlich", "pflicht", "obbligatorio", "richiesto", "zorunlu", "обязательный", "обязательно", "必填",
        "必须", "必需", "必須", "필수",
    ];
    const OPTIONAL: &[&str] = &[
        "optional", "facultatif", "optionnel", "opcional", "facultativo", "opzionale", "facoltativo",
        "isteğe bağlı", "opsiyonel", "необязательный", "可选", "任意", "선택",
    ];
    let word = normalized(text);
    if REQUIRED.contains(&word.as_str()) {
        Some(true)
    } else if OPTIONAL.contains(&word.as_str()) {
        Some(false)
    } else {
        None
    }
}

fn normalized(text: &str) -> String {
    text.trim().trim_end_matches(['.', ':']).trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_only_say_required_or_optional() {
        for word in ["Required", "mandatory", "Obrigatório", "必填", "필수", "obligatoire."] {
            assert_eq!(requiredness_word(word), Some(true), "{word}");
        }
        for word in ["optional", "facultatif", "任意"] {
            assert_eq!(requiredness_word(word), Some(false), "{word}");
        }
        for word in ["0-100", "true", "no", "-", "", "NEW_PROCESS_UID"] {
            assert_eq!(requiredness_word(word), None, "`{word}` can be a default value");
        }
    }
}
