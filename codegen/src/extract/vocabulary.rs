//! Words the documentation uses for what a column, a cell or a heading means,
//! in the languages Slate documents are written in. One place to teach the
//! reader a new word: every list here is matched after [`fold`], so entries
//! are written lowercase and without accents.

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Name,
    Type,
    Location,
    /// Whether the row must be given (`Yes`, `true`, `required`...).
    Required,
    /// The opposite: a column that says whether the row may be left out.
    Optional,
    Default,
    Description,
    Example,
    /// Allowed or sample values.
    Value,
    /// An HTTP status (`Http code | Type | Description`).
    Status,
    /// `Error Code | Meaning`.
    ErrorCode,
}

#[rustfmt::skip]
const NAME: &[&str] = &[
    // English
    "name", "names", "field", "fields", "field name", "parameter", "parameters", "param", "params",
    "parameter name", "attribute", "attributes", "attribute name", "property", "properties", "property name",
    "key", "argument", "arguments", "element",
    // Spanish, Portuguese, Italian
    "campo", "campos", "nombre", "nombre del campo", "parametro", "parametros", "atributo", "atributos",
    "propiedad", "clave", "nome", "nome do campo", "propriedade", "chave", "nome del campo", "proprieta",
    "chiave",
    // French
    "nom", "champ", "parametre", "parametres", "attribut", "propriete", "cle",
    // German
    "feld", "feldname", "eigenschaft", "schlussel", "parametername",
    // Turkish
    "ad", "adi", "alan", "alan adi", "ozellik", "anahtar",
    // Russian
    "параметр", "параметры", "поле", "название", "имя", "атрибут", "свойство", "ключ",
    // Chinese, Japanese, Korean
    "参数", "参数名", "参数名称", "字段", "字段名", "名称", "属性", "键", "パラメータ", "パラメーター", "フィールド", "名前", "項目", "キー", "파라미터",
    "매개변수", "필드", "필드명", "이름", "속성", "키",
];

#[rustfmt::skip]
const TYPE: &[&str] = &[
    "type", "types", "datatype", "data type", "value type", "tipo", "tipo de dato", "tipo de datos",
    "tipo de dados", "tipo di dato", "type de donnee", "type de donnees", "typ", "datentyp", "tur", "tip",
    "veri tipi", "тип", "тип данных", "类型", "数据类型", "型", "データ型", "タイプ", "타입", "유형", "자료형", "데이터 타입",
];

#[rustfmt::skip]
const LOCATION: &[&str] = &[
    "in", "location", "where", "ubicacion", "localizacao", "emplacement", "ort", "posizione",
    "konum", "расположение", "位置", "参数位置", "場所", "위치",
];

#[rustfmt::skip]
const REQUIRED: &[&str] = &[
    "required", "requirement", "mandatory", "is required", "obligatorio", "requerido", "obrigatorio",
    "obligatoire", "requis", "erforderlich", "pflicht", "pflichtfeld", "obbligatorio", "richiesto", "zorunlu",
    "gerekli", "обязательный", "обязательно", "обязательное", "必填", "必须", "必需", "是否必填", "是否必须", "是否必需", "必須",
    "필수", "필수 여부", "필수여부",
];

#[rustfmt::skip]
const OPTIONAL: &[&str] = &[
    "optional", "opcional", "facultativo", "facultatif", "optionnel", "opzionale", "facoltativo",
    "isteğe bağlı", "istege bagli", "opsiyonel", "необязательный", "необязательно", "可选", "任意", "선택",
];

/// The length in bytes of the longest word of [`REQUIRED`] and [`OPTIONAL`].
const REQUIREDNESS_WORD_LEN: usize = {
    let mut longest = 0;
    let mut index = 0;
    while index < REQUIRED.len() + OPTIONAL.len() {
        let word = if index < REQUIRED.len() { REQUIRED[index] } else { OPTIONAL[index - REQUIRED.len()] };
        if word.len() > longest {
            longest = word.len();
        }
        index += 1;
    }
    longest
};

#[rustfmt::skip]
const DEFAULT: &[&str] = &[
    "default", "defaults", "default value", "valor por defecto", "por defecto", "predeterminado",
    "valor predeterminado", "padrao", "valor padrao", "par defaut", "valeur par defaut", "standard",
    "standardwert", "vorgabe", "predefinito", "valore predefinito", "varsayilan", "varsayilan deger",
    "по умолчанию", "значение по умолчанию", "默认", "默认值", "デフォルト", "デフォルト値", "既定値", "기본값", "디폴트",
];

#[rustfmt::skip]
const DESCRIPTION: &[&str] = &[
    "description", "descriptions", "desc", "details", "detail", "meaning", "notes", "note", "comment",
    "comments", "explanation", "purpose", "descripcion", "detalle", "detalles", "significado", "descricao",
    "finalidade", "detalhes", "observacoes", "observacao", "signification", "beschreibung", "bedeutung",
    "erlauterung", "descrizione", "significato", "aciklama", "описание", "пояснение", "描述", "说明", "解释", "备注",
    "含义", "説明", "詳細", "備考", "설명", "비고",
];

#[rustfmt::skip]
const EXAMPLE: &[&str] = &[
    "example", "examples", "sample", "example value", "ejemplo", "ejemplos", "exemplo", "exemplos", "exemple",
    "beispiel", "esempio", "ornek", "пример", "примеры", "示例", "例子", "样例", "例", "예시", "예제",
];

#[rustfmt::skip]
const VALUE: &[&str] = &[
    "value", "values", "possible values", "allowed values", "accepted values", "valid values", "valor",
    "valores", "valeur", "valeurs", "wert", "werte", "valore", "valori", "deger", "degerler", "значение",
    "значения", "值", "取值", "可选值", "値", "값",
];

/// The status words of the existing responses tables; deliberately narrow,
/// since `code` alone also heads tables of codes that are not HTTP statuses.
const STATUS: &[&str] = &["http code", "code", "status", "status code", "http status"];
const ERROR_CODE: &[&str] = &["error code"];

const ROLES: &[(Role, &[&str])] = &[
    (Role::ErrorCode, ERROR_CODE),
    (Role::Status, STATUS),
    (Role::Name, NAME),
    (Role::Type, TYPE),
    (Role::Location, LOCATION),
    (Role::Required, REQUIRED),
    (Role::Optional, OPTIONAL),
    (Role::Default, DEFAULT),
    (Role::Description, DESCRIPTION),
    (Role::Example, EXAMPLE),
    (Role::Value, VALUE),
];

/// The role a column header names: the whole header, or the last word of a
/// two-word header (`Data Type`, `Field Name`), or, in scripts written
/// without spaces, the role word that ends latest in it (`参数名称`). Longer
/// headers are sentences (`In the answer`) and name no role.
pub(crate) fn column_role(header: &str) -> Option<Role> {
    let folded = fold(header);
    if folded.is_empty() {
        return None;
    }
    if let Some(role) = role_of_word(&folded) {
        return Some(role);
    }
    let words: Vec<&str> = folded.split(' ').collect();
    if words.len() == 2 {
        if let Some(role) = role_of_word(words[1]) {
            return Some(role);
        }
    }
    if folded.chars().any(is_cjk) {
        return ROLES
            .iter()
            .flat_map(|(role, words)| words.iter().map(move |w| (*role, *w)))
            .filter(|(_, word)| word.chars().any(is_cjk))
            .filter_map(|(role, word)| folded.rfind(word).map(|at| (at + word.len(), word.len(), role)))
            .max_by_key(|(end, length, _)| (*end, *length))
            .map(|(_, _, role)| role);
    }
    None
}

fn role_of_word(word: &str) -> Option<Role> {
    // Every table header and many cells are looked up: a map, not a walk
    // over the word lists. The first role listing a word wins, as in ROLES.
    static BY_WORD: std::sync::LazyLock<std::collections::HashMap<&'static str, Role>> =
        std::sync::LazyLock::new(|| {
            let mut map = std::collections::HashMap::new();
            for (role, words) in ROLES {
                for word in *words {
                    map.entry(*word).or_insert(*role);
                }
            }
            map
        });
    BY_WORD.get(word).copied()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
}

/// English verbs a path segment names an action with (`POST /tickets/{id}/close`,
/// `GET /orders/search`): such a segment is a call made on the resource
/// before it, not a resource of its own. Path segments are written in English
/// far more often than headings are, so only English is listed.
#[rustfmt::skip]
const ACTION_VERBS: &[&str] = &[
    "accept", "activate", "add", "apply", "approve", "archive", "assign", "attach", "authenticate",
    "authorize", "block", "cancel", "capture", "check", "clone", "close", "complete", "confirm", "copy",
    "deactivate", "decline", "detach", "disable", "download", "duplicate", "enable", "export", "fetch",
    "flag", "generate", "import", "invite", "link", "lock", "login", "logout", "merge", "move", "notify",
    "open", "pause", "preview", "publish", "receive", "refresh", "refund", "reject", "remove", "reopen",
    "reset", "restore", "resume", "retry", "revoke", "search", "send", "share", "sign", "signin",
    "signout", "start", "stop", "submit", "suggest", "suspend", "sync", "test", "transfer", "trigger",
    "undo", "unlink", "unlock", "unpublish", "unsubscribe", "update", "upload", "validate", "verify",
    "void",
];

/// The verbs of [`ACTION_VERBS`] a `GET` can name: they read. Other words
/// after a `GET` (`/reports/archive`) are things.
#[rustfmt::skip]
const READING_VERBS: &[&str] = &[
    "check", "download", "export", "fetch", "find", "lookup", "preview", "search", "suggest", "validate",
    "verify",
];

/// Whether a word (lowercase ASCII) is a verb a path segment names an action
/// with; for a `GET` (`reading`), one that reads.
pub(crate) fn is_action_verb(word: &str, reading: bool) -> bool {
    if reading {
        READING_VERBS.contains(&word)
    } else {
        ACTION_VERBS.contains(&word) || READING_VERBS.contains(&word)
    }
}

/// Lowercase, Latin accents dropped (`Descripción` → `descripcion`, `Tür` →
/// `tur`), other scripts kept; markdown marks, footnote stars, trailing `?`
/// and `:` and extra spaces removed.
pub(crate) fn fold(text: &str) -> String {
    fold_at_most(text, usize::MAX).unwrap_or_default()
}

/// [`fold`] of `text` when the folded text is at most `limit` bytes long;
/// `None` as soon as it is longer. Asking whether a whole description is one
/// short word then stops at the word's length instead of folding it all.
fn fold_at_most(text: &str, limit: usize) -> Option<String> {
    // One pass, no intermediate strings: tables and headings are folded once
    // per cell, which makes this one of the reader's hottest functions. Most
    // cells are ASCII, which needs no decoding.
    if text.is_ascii() {
        return fold_ascii(text, limit);
    }
    fold_chars(text, limit)
}

/// [`fold_at_most`] of ASCII text, byte by byte.
fn fold_ascii(text: &str, limit: usize) -> Option<String> {
    let mut folded = Folded { text: String::with_capacity(text.len().min(limit)), space: false };
    for byte in text.bytes() {
        match byte {
            b'`' | b'_' | b'*' | b'?' | b':' => folded.push(' '),
            byte => folded.push(char::from(byte)),
        }
        if folded.text.len() > limit {
            return None;
        }
    }
    Some(folded.text)
}

fn fold_chars(text: &str, limit: usize) -> Option<String> {
    let mut folded = Folded { text: String::with_capacity(text.len().min(limit)), space: false };
    for c in text.chars() {
        match c {
            // Combining marks (the dot of a lowercased `İ`).
            '\u{0300}'..='\u{036f}' => {}
            '\u{00c0}'..='\u{024f}' => deunicode::deunicode_char(c).unwrap_or("").chars().for_each(|c| folded.push(c)),
            '`' | '_' | '*' | '?' | '？' | ':' | '：' => folded.push(' '),
            c if c.is_ascii() => folded.push(c),
            c => c.to_lowercase().for_each(|c| folded.push(c)),
        }
        if folded.text.len() > limit {
            return None;
        }
    }
    Some(folded.text)
}

/// Text being folded: lower case, runs of white space as one space, none at
/// either end.
struct Folded {
    text: String,
    /// A space is owed before the next character.
    space: bool,
}

impl Folded {
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = !self.text.is_empty();
            return;
        }
        if self.space {
            self.text.push(' ');
            self.space = false;
        }
        self.text.push(c.to_ascii_lowercase());
    }
}

/// Words that say "required" or "optional" and nothing else, wherever they
/// are written (a Default column, a description): `Some(true)` for
/// required, `Some(false)` for optional.
pub(crate) fn requiredness_word(text: &str) -> Option<bool> {
    let word = fold_at_most(text.trim().trim_end_matches(['.', ':']), REQUIREDNESS_WORD_LEN)?;
    if REQUIRED.contains(&word.as_str()) {
        Some(true)
    } else if OPTIONAL.contains(&word.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Cells that say yes or no, in a column that tells whether a row is required.
#[rustfmt::skip]
const YES: &[&str] = &[
    "yes", "y", "true", "x", "✓", "✔", "✔️", "☑", "*", "si", "sim", "oui", "ja", "evet", "да", "是", "はい", "○", "예",
    "네",
];
const NO: &[&str] =
    &["no", "n", "false", "-", "—", "✗", "✘", "nao", "non", "nein", "hayir", "нет", "否", "いいえ", "아니오", "아니요"];

/// Words that make a requirement conditional (`required if …`).
#[rustfmt::skip]
const CONDITIONS: &[&str] = &[
    "if", "unless", "when", "only", "except", "si", "salvo", "cuando", "se", "caso", "quando", "sauf",
    "lorsque", "wenn", "falls", "ausser", "solo", "eger", "если", "кроме", "如果", "除非", "当", "場合", "경우",
];

/// What a cell of a required (or optional) column says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Requiredness {
    pub required: bool,
    /// The cell made the requirement conditional (`required if …`, `Não. …`):
    /// read as optional, the condition kept as a note.
    pub condition: Option<String>,
}

/// Reads a required column's cell: `Yes`, `true`, `Sí`, `✓`, `*`, `x`,
/// `required` / `optional`; a first word followed by a condition is
/// optional with the condition as a note. `None` for an empty or unknown cell.
pub(crate) fn requiredness_cell(text: &str) -> Option<Requiredness> {
    let trimmed = text.trim();
    if trimmed == "*" {
        return Some(Requiredness { required: true, condition: None });
    }
    let folded = fold(trimmed.trim_end_matches('.'));
    if folded.is_empty() {
        return None;
    }
    if let Some(required) = yes_or_no(&folded) {
        return Some(Requiredness { required, condition: None });
    }
    // `required if …`, `true (unless …)`, `Não. Somente …`: the first word
    // decides, and a condition after it makes the row optional.
    let first_len = folded.find([' ', '(', ',', '.', ';']).unwrap_or(folded.len());
    let required = yes_or_no(&folded[..first_len])?;
    let rest = folded[first_len..].trim_start_matches([' ', '(', ',', '.', ';', '-']).trim();
    if rest.is_empty() {
        return Some(Requiredness { required, condition: None });
    }
    let conditional = rest.split([' ', '(', ',']).next().is_some_and(|w| CONDITIONS.contains(&w))
        || rest.chars().any(is_cjk) && CONDITIONS.iter().any(|c| rest.contains(c));
    Some(Requiredness { required: required && !conditional, condition: Some(trimmed.to_string()) })
}

fn yes_or_no(word: &str) -> Option<bool> {
    if YES.contains(&word) || REQUIRED.contains(&word) {
        Some(true)
    } else if NO.contains(&word) || OPTIONAL.contains(&word) {
        Some(false)
    } else {
        None
    }
}

/// A requiredness word a description states on its own: `(optional)`,
/// `Required.` as its first or last sentence, `**Required**`.
pub(crate) fn requiredness_in_description(text: &str) -> Option<bool> {
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[']) {
        let tail = &rest[open + 1..];
        let Some(close) = tail.find([')', ']']) else { break };
        if let Some(required) = requiredness_word(&tail[..close]) {
            return Some(required);
        }
        rest = &tail[close + 1..];
    }
    let sentences: Vec<&str> =
        text.split(['.', ';', '\n', '。']).map(|s| s.trim().trim_matches('*')).filter(|s| !s.is_empty()).collect();
    let first = sentences.first().and_then(|s| requiredness_word(s).or_else(|| leading_word(s)));
    first.or_else(|| sentences.last().and_then(|s| requiredness_word(s)))
}

/// `Optional, defaults to 10` or `Required: the id`: a requiredness word
/// followed by a comma or a colon.
fn leading_word(sentence: &str) -> Option<bool> {
    let (word, _) = sentence.split_once([',', ':', '—', '–'])?;
    requiredness_word(word)
}

/// Words of a heading that say where the parameters under it go.
const HEADING_LOCATIONS: &[(crate::ir::ParamLocation, &[&str])] = {
    use crate::ir::ParamLocation::{Body, Header, Path, Query};
    &[
        (
            Header,
            &[
                "header",
                "headers",
                "cabecera",
                "cabeceras",
                "cabecalho",
                "en-tete",
                "en-tetes",
                "kopfzeile",
                "intestazione",
                "заголов",
                "请求头",
                "头部",
                "ヘッダ",
                "헤더",
            ],
        ),
        (
            Path,
            &[
                "path", "url", "uri", "route", "ruta", "caminho", "chemin", "pfad", "percorso", "yol", "путь", "路径",
                "パス", "경로",
            ],
        ),
        (
            Query,
            &["query", "querystring", "consulta", "requete", "abfrage", "sorgu", "запрос", "查询", "クエリ", "쿼리"],
        ),
        (
            Body,
            &[
                "body",
                "cuerpo",
                "corpo",
                "corps",
                "rumpf",
                "govde",
                "тело",
                "请求体",
                "正文",
                "ボディ",
                "本文",
                "바디",
                "본문",
            ],
        ),
    ]
};

/// The location a heading such as `Query Parameters`, `Parámetros URL` or
/// `##### Body Parameters` gives the parameters under it.
pub(crate) fn heading_location(title: &str) -> Option<crate::ir::ParamLocation> {
    let folded = fold(title);
    let words: Vec<&str> = folded.split([' ', '-', '/', '(', ')']).filter(|w| !w.is_empty()).collect();
    HEADING_LOCATIONS
        .iter()
        .find(|(_, terms)| {
            terms.iter().any(|t| {
                words.contains(t)
                    || (t.chars().any(|c| is_cjk(c) || c.is_alphabetic() && !c.is_ascii()) && folded.contains(t))
            })
        })
        .map(|(location, _)| *location)
}

/// Headings over what an endpoint answers: its response fields.
#[rustfmt::skip]
const RESPONSE_HEADINGS: &[&str] = &[
    "response", "responses", "response fields", "response body", "response attributes", "response parameters",
    "returns", "return", "return value", "returned", "result", "results", "output", "attributes",
    "http response", "respuesta", "atributos respuesta", "atributos de respuesta", "retorno", "resposta",
    "retorno da api", "reponse", "resultat", "antwort", "ruckgabe", "risposta", "yanit", "cevap", "ответ", "返回",
    "返回值", "响应", "返回参数", "响应参数", "レスポンス", "戻り値", "응답",
];

/// Whether a heading introduces what an endpoint returns (`Response`,
/// `Returns`, `Respuesta`, `返回`…), also as the start of a longer heading
/// (`Response Fields`, `Atributos Respuesta`, `HTTP Response`).
pub(crate) fn is_response_heading(title: &str) -> bool {
    let folded = fold(title);
    if RESPONSE_HEADINGS.contains(&folded.as_str()) {
        return true;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let stems = ["response", "respuesta", "resposta", "reponse", "antwort", "risposta", "ответ", "returns"];
    words.iter().any(|w| stems.contains(w))
        || (folded.chars().any(is_cjk) && ["返回", "响应", "レスポンス", "응답"].iter().any(|w| folded.contains(w)))
}

/// Words of a heading over the fields of a named thing (`Atributos Medio`,
/// `Invoice attributes`, `Champs du client`).
#[rustfmt::skip]
const FIELD_HEADINGS: &[&str] = &[
    "attributes", "attribute", "fields", "properties", "atributos", "campos", "propriedades", "propiedades",
    "attributs", "champs", "proprietes", "attribute", "felder", "eigenschaften", "attributi", "campi", "proprieta",
    "alanlar", "ozellikler", "nitelikler", "атрибуты", "поля", "свойства", "属性", "字段", "フィールド", "필드", "속성",
];

/// The name of the thing a heading lists the fields of: `Atributos Medio`
/// is `Medio`, `Nuevos Atributos Spot` is `Spot`, `Card fields` is `Card`.
/// `None` for a heading of field words alone, or of none.
pub(crate) fn fields_heading_subject(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let at = words.iter().position(|w| FIELD_HEADINGS.contains(&fold(w).as_str()))?;
    let after = words[at + 1..].join(" ");
    let before = words[..at].join(" ");
    let subject = if after.is_empty() { before } else { after };
    let subject = subject.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    (!subject.is_empty()).then_some(subject)
}

/// Headings of the section that says how to authenticate.
#[rustfmt::skip]
const AUTH_HEADINGS: &[&str] = &[
    "authentication", "authorization", "authorisation", "auth", "authenticating", "api keys", "api key",
    "access tokens", "autenticacion", "autorizacion", "autenticacao", "autorizacao", "authentifizierung",
    "autorisierung", "autenticazione", "autorizzazione", "kimlik dogrulama", "yetkilendirme",
    "аутентификация", "авторизация", "认证", "鉴权", "身份验证", "授权", "認証", "인증",
];

/// Whether a heading opens the section on authentication (`Authentication`,
/// `Autenticação`, `인증`), also as the first words of a longer heading.
pub(crate) fn is_auth_heading(title: &str) -> bool {
    let folded = fold(title);
    // Words of scripts without spaces match anywhere in the heading; most
    // headings have none of their letters, and skip that search.
    let has_cjk = folded.chars().any(is_cjk);
    AUTH_HEADINGS.iter().any(|word| {
        folded.strip_prefix(word).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            || (has_cjk && word.chars().any(is_cjk) && folded.contains(word))
    })
}

/// Headings of a section on paging that applies to every list.
#[rustfmt::skip]
const PAGING_HEADINGS: &[&str] = &[
    "pagination", "paging", "paginated", "paginacion", "paginacao", "paginazione", "seitenumbruch",
    "sayfalama", "пагинация", "分页", "ページネーション", "ページング", "페이지네이션", "페이징",
];

/// Whether a heading opens a section on paging (`Pagination`, `Paginated`).
pub(crate) fn is_paging_heading(title: &str) -> bool {
    let folded = fold(title);
    PAGING_HEADINGS.iter().any(|word| {
        folded == *word || folded.split(' ').any(|w| w == *word) || (word.chars().any(is_cjk) && folded.contains(word))
    })
}

/// What a query parameter does in walking a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PagingRole {
    /// The number of the page to read.
    Page,
    /// How many items a page holds.
    Size,
    /// How many items to skip.
    Offset,
    /// An opaque position the previous answer gave.
    Cursor,
    /// The id of the last item read (`starting_after`, `since_id`).
    AfterItem,
}

#[rustfmt::skip]
const PAGING_ROLES: &[(PagingRole, &[&str])] = &[
    (PagingRole::Page, &[
        "page", "page number", "pagenumber", "page[number]", "pageno", "page no", "pagina", "numero pagina",
        "seite", "страница", "页", "页码", "当前页", "ページ", "페이지",
    ]),
    (PagingRole::Size, &[
        "per page", "perpage", "page size", "pagesize", "page[size]", "page[count]", "page[limit]", "limit",
        "size", "items per page", "itemsperpage", "max results", "maxresults", "por pagina", "tamano", "tamanho",
        "limite", "pro seite", "每页", "每页条数", "条数", "件数", "개수",
    ]),
    (PagingRole::Offset, &["offset", "page[offset]", "skip", "desplazamiento", "смещение", "偏移", "偏移量"]),
    (PagingRole::Cursor, &[
        "cursor", "page[cursor]", "page[after]", "next cursor", "page token", "pagetoken", "next token",
        "continuation", "continuation token", "after", "before",
    ]),
    (PagingRole::AfterItem, &["starting after", "ending before", "since id", "after id", "max id"]),
];

/// The paging role a query parameter's name plays (`per_page`, `pageSize`,
/// `page[cursor]`, `starting_after`).
pub(crate) fn paging_role(name: &str) -> Option<PagingRole> {
    let snake: String = name
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let split = i > 0 && c.is_ascii_uppercase();
            [split.then_some(' '), Some(c)].into_iter().flatten()
        })
        .collect();
    let folded = fold(&snake).replace('-', " ");
    PAGING_ROLES.iter().find(|(_, words)| words.contains(&folded.as_str())).map(|(role, _)| *role)
}

/// Word parts of a header or parameter name that say it carries a secret.
const CREDENTIAL_WORDS: &[&str] = &["key", "apikey", "token", "secret", "auth", "authorization", "signature"];

/// Word parts that make a name something else than a credential
/// (`Idempotency-Key`, `page_token`).
const NOT_CREDENTIAL_WORDS: &[&str] =
    &["idempotency", "page", "next", "cursor", "continuation", "request", "correlation", "trace"];

/// Whether a header or query parameter name says it carries a credential
/// (`X-Api-Token`, `x-api-key`, `api_key`, `PTToken`).
pub(crate) fn is_credential_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['-', '_', ' ', '.']).filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| NOT_CREDENTIAL_WORDS.contains(p)) {
        return false;
    }
    let Some(last) = parts.last() else { return false };
    CREDENTIAL_WORDS.contains(last) || last.ends_with("token") || last.ends_with("apikey")
}

/// Whether a header name says it carries a signature computed per request.
pub(crate) fn is_signature_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.split(['-', '_']).any(|p| p == "signature" || p == "sign" || p == "sig" || p == "hmac")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ParamLocation;

    #[test]
    fn paging_roles_by_name_in_every_spelling() {
        for (name, role) in [
            ("page", PagingRole::Page),
            ("page[number]", PagingRole::Page),
            ("pagina", PagingRole::Page),
            ("per_page", PagingRole::Size),
            ("pageSize", PagingRole::Size),
            ("page[size]", PagingRole::Size),
            ("page[count]", PagingRole::Size),
            ("limit", PagingRole::Size),
            ("offset", PagingRole::Offset),
            ("page[cursor]", PagingRole::Cursor),
            ("cursor", PagingRole::Cursor),
            ("starting_after", PagingRole::AfterItem),
        ] {
            assert_eq!(paging_role(name), Some(role), "{name}");
        }
        for name in ["pages_read", "sort", "company_id", "range"] {
            assert_eq!(paging_role(name), None, "{name}");
        }
    }

    #[test]
    fn credential_names_and_headings() {
        for name in ["X-Api-Token", "x-api-key", "api_key", "PTToken", "key", "X-Garden-Key", "access_token"] {
            assert!(is_credential_name(name), "{name}");
        }
        for name in ["Idempotency-Key", "page_token", "Content-Type", "company_id", "X-Request-Id"] {
            assert!(!is_credential_name(name), "{name}");
        }
        for title in ["Authentication", "Autenticação", "인증", "Authorization", "API Keys"] {
            assert!(is_auth_heading(title), "{title}");
        }
        assert!(!is_auth_heading("Authors"));
        assert!(
            is_paging_heading("Pagination") && is_paging_heading("Paginated") && !is_paging_heading("Pages of notes")
        );
    }

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

    #[test]
    fn name_columns_in_every_language() {
        let headers = [
            "Parameter",
            "Param",
            "Field",
            "Field Name",
            "Attribute",
            "Property",
            "Key",
            "Name",
            "Campo",
            "Parámetro",
            "Parâmetro",
            "Nombre",
            "Nome",
            "Paramètre",
            "Parametre",
            "Feldname",
            "Alan adı",
            "Параметр",
            "Название",
            "参数",
            "字段",
            "名称",
            "参数名称",
            "パラメータ",
            "파라미터",
            "Parameters*",
            "Available parameters",
            "NAME:",
        ];
        for header in headers {
            assert_eq!(column_role(header), Some(Role::Name), "{header}");
        }
    }

    #[test]
    fn type_columns_in_every_language() {
        for header in [
            "Type",
            "Datatype",
            "Data Type",
            "Tipo",
            "Type de donnée",
            "Typ",
            "Tür",
            "Тип",
            "类型",
            "型",
            "データ型",
            "타입",
        ] {
            assert_eq!(column_role(header), Some(Role::Type), "{header}");
        }
    }

    #[test]
    fn required_and_optional_columns_in_every_language() {
        let required = [
            "Required",
            "Requirement",
            "Mandatory",
            "required?",
            "Obligatorio",
            "Obrigatório",
            "Requerido",
            "Obligatoire",
            "Erforderlich",
            "Obbligatorio",
            "Zorunlu",
            "Обязательный",
            "必填",
            "是否必填",
            "必須",
            "필수",
            "REQUIRED *",
        ];
        for header in required {
            assert_eq!(column_role(header), Some(Role::Required), "{header}");
        }
        for header in ["Optional", "Opcional", "Facultatif", "Opzionale", "İsteğe bağlı", "可选"] {
            assert_eq!(column_role(header), Some(Role::Optional), "{header}");
        }
    }

    #[test]
    fn other_columns_in_every_language() {
        let cases = [
            ("In", Role::Location),
            ("Location", Role::Location),
            ("Ubicación", Role::Location),
            ("位置", Role::Location),
            ("Default", Role::Default),
            ("Default value", Role::Default),
            ("Valor por defecto", Role::Default),
            ("Standardwert", Role::Default),
            ("默认值", Role::Default),
            ("기본값", Role::Default),
            ("Description", Role::Description),
            ("Descripción", Role::Description),
            ("Descrição", Role::Description),
            ("Finalidade", Role::Description),
            ("Beschreibung", Role::Description),
            ("Açıklama", Role::Description),
            ("Описание", Role::Description),
            ("描述", Role::Description),
            ("説明", Role::Description),
            ("설명", Role::Description),
            ("Detail", Role::Description),
            ("Example", Role::Example),
            ("Ejemplo", Role::Example),
            ("示例", Role::Example),
            ("Beispiel", Role::Example),
            ("Value", Role::Value),
            ("Possible Values", Role::Value),
            ("Valeurs", Role::Value),
            ("Http code", Role::Status),
            ("Error Code", Role::ErrorCode),
        ];
        for (header, role) in cases {
            assert_eq!(column_role(header), Some(role), "{header}");
        }
    }

    #[test]
    fn sentences_name_no_role() {
        for header in ["In the answer", "Optional or Mandatory in answer", "Rule / Comment", "When", "rel", ""] {
            assert_eq!(column_role(header), None, "{header}");
        }
    }

    #[test]
    fn ascii_folds_as_any_text_does() {
        let every: String = (0u8..128).map(char::from).collect();
        let samples = [every.clone(), every.chars().rev().collect(), format!("  {every}  x\x0b y_*?: Z  ")];
        for text in samples.iter().map(String::as_str).chain(["", " ", "`a`", "Is Required?", "a\tb\nc"]) {
            assert_eq!(fold_ascii(text, usize::MAX), fold_chars(text, usize::MAX), "{text:?}");
        }
    }

    #[test]
    fn folding_stops_past_its_limit() {
        for text in ["  Obrigatório  ", "**Required**", "a  b", "Não obrigatório, exceto quando", "x"] {
            let folded = fold(text);
            for limit in 0..folded.len() + 2 {
                let expected = (folded.len() <= limit).then(|| folded.clone());
                assert_eq!(fold_at_most(text, limit), expected, "{text:?} within {limit}");
            }
        }
        let long = format!("Required. {}", "The value is kept as written. ".repeat(50));
        assert_eq!(requiredness_word(&long), None);
        assert_eq!(requiredness_word("  Obrigatório. "), Some(true));
        assert!(REQUIRED.iter().chain(OPTIONAL).all(|word| word.len() <= REQUIREDNESS_WORD_LEN));
    }

    #[test]
    fn folding_ignores_case_accents_and_markers() {
        assert_eq!(fold("  Descripción:  "), "descripcion");
        assert_eq!(fold("**Required?**"), "required");
        assert_eq!(fold("Parameters*"), "parameters");
        assert_eq!(fold("Тип"), "тип");
        assert_eq!(fold("İsteğe Bağlı"), "istege bagli");
    }

    #[test]
    fn required_cells() {
        for cell in ["Yes", "true", "Sí", "Sim", "✓", "*", "x", "required", "Required", "Obrigatório", "是", "필수"]
        {
            assert_eq!(requiredness_cell(cell).map(|r| r.required), Some(true), "{cell}");
        }
        for cell in ["No", "false", "Não", "optional", "Optional", "-", "否"] {
            assert_eq!(requiredness_cell(cell).map(|r| r.required), Some(false), "{cell}");
        }
        assert_eq!(requiredness_cell(""), None);
        assert_eq!(requiredness_cell("the id of the thing"), None);
    }

    #[test]
    fn conditional_requirements_read_as_optional_with_a_note() {
        for cell in [
            "required if the location is virtual",
            "required unless the thing is set",
            "true (unless using a token)",
            "Sí, cuando hay pago",
        ] {
            let read = requiredness_cell(cell).unwrap_or_else(|| panic!("{cell}"));
            assert!(!read.required, "{cell}");
            assert_eq!(read.condition.as_deref(), Some(cell));
        }
        let no = requiredness_cell("Não. Usado apenas em pagamentos").expect("read");
        assert!(!no.required);
    }

    #[test]
    fn requiredness_stated_in_descriptions() {
        assert_eq!(requiredness_in_description("(optional) The page to read."), Some(false));
        assert_eq!(requiredness_in_description("The page to read (optional)."), Some(false));
        assert_eq!(requiredness_in_description("Required. The id of the user."), Some(true));
        assert_eq!(requiredness_in_description("The id of the user. **Required**"), Some(true));
        assert_eq!(requiredness_in_description("Optional, defaults to 10."), Some(false));
        assert_eq!(requiredness_in_description("Obligatorio. El identificador."), Some(true));
        assert_eq!(requiredness_in_description("The id of the user."), None);
        assert_eq!(requiredness_in_description("Whether the field is required for the thing."), None);
    }

    #[test]
    fn headings_give_a_location() {
        let cases = [
            ("Query Parameters", ParamLocation::Query),
            ("URL Parameters", ParamLocation::Path),
            ("Parámetros URL", ParamLocation::Path),
            ("Path params", ParamLocation::Path),
            ("Body Parameters", ParamLocation::Body),
            ("Header Parameters", ParamLocation::Header),
            ("Request headers", ParamLocation::Header),
            ("Paramètres de requête", ParamLocation::Query),
            ("查询参数", ParamLocation::Query),
            ("请求头", ParamLocation::Header),
        ];
        for (heading, location) in cases {
            assert_eq!(heading_location(heading), Some(location), "{heading}");
        }
        assert_eq!(heading_location("HTTP Request"), None);
        assert_eq!(heading_location("Parameters"), None);
    }

    #[test]
    fn headings_over_the_fields_of_a_named_thing() {
        assert_eq!(fields_heading_subject("Atributos Medio").as_deref(), Some("Medio"));
        assert_eq!(fields_heading_subject("Nuevos Atributos Spot").as_deref(), Some("Spot"));
        assert_eq!(fields_heading_subject("Card fields").as_deref(), Some("Card"));
        assert_eq!(fields_heading_subject("Attributes"), None);
        assert_eq!(fields_heading_subject("Query Parameters"), None);
    }

    #[test]
    fn response_headings() {
        for heading in [
            "Response",
            "Response Fields",
            "Returns",
            "HTTP Response",
            "Respuesta",
            "Atributos Respuesta",
            "Resposta",
            "返回",
            "返回参数",
            "レスポンス",
            "응답",
            "Ответ",
        ] {
            assert!(is_response_heading(heading), "{heading}");
        }
        for heading in ["HTTP Request", "Query Parameters", "Request body", "Errors"] {
            assert!(!is_response_heading(heading), "{heading}");
        }
    }
}
