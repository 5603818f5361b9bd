//! The type expressions of Slate tables, such as
//! `[Option](#option)[[SafeUUID](#safeuuid)]`, `Array[T]` or `Map[String,String]`.
//!
//! ```text
//! type     := atom args?
//! atom     := link | name | literals
//! link     := '[' type ']' '(' '#' anchor ')'      -- the link text may itself hold arguments:
//!                                                     `[Option[[Duration](#duration)]](#option)`
//! args     := '[' type (',' type)* ']'
//! literals := '"' text '"' (('/' | '|' | 'or') '"' text '"')*   -- `"A" / "B"`: an enumeration
//! ```
//!
//! The parser works on the markdown source of a table cell and keeps byte
//! offsets into it, so that a fault is reported at its column. Faults a human
//! reader reads through (an argument list never closed at the end of the cell,
//! text after the type) leave the expression in place and come with the
//! corrected text, so that the fix offered is one that reads back.

use std::ops::Range;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    /// The type's name as written: `Option`, `SafeUUID`, `String`; `Enum` for
    /// a union of quoted literals.
    pub name: String,
    pub name_span: Range<usize>,
    /// The link the name was written with, if any: `[SafeUUID](#safeuuid)`.
    pub link: Option<TypeLink>,
    /// Type arguments: `T` in `Option[T]`.
    pub args: Vec<TypeExpr>,
    /// The values of a union of quoted literals (`"A" / "B"`), in order.
    pub literals: Vec<String>,
    /// The whole expression, arguments included.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeLink {
    /// The anchor without its `#`.
    pub anchor: String,
    pub anchor_span: Range<usize>,
}

/// A fault in a type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset of the fault in the input.
    pub offset: usize,
    pub message: String,
    /// The input with the fault mended, when the expression was read through
    /// it: what a help text can offer as the fix.
    pub fixed: Option<String>,
}

/// What the parser made of an input: the expression it could read (possibly
/// only a prefix) and the first fault, if there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub expr: Option<TypeExpr>,
    pub error: Option<ParseError>,
}

/// Parses a type expression. An empty input gives no expression and no error.
pub fn parse(input: &str) -> Parsed {
    let mut parser = Parser { input, pos: 0, unclosed: Vec::new() };
    parser.skip_space();
    if parser.at_end() {
        return Parsed { expr: None, error: None };
    }
    match parser.parse_type(0) {
        Ok(expr) => {
            parser.skip_space();
            let error = if !parser.unclosed.is_empty() {
                Some(parser.unclosed_error())
            } else if !parser.at_end() {
                let kept = input[..parser.pos].trim_end();
                Some(ParseError {
                    offset: parser.pos,
                    message: format!("unexpected `{}` after the type", parser.rest_preview()),
                    fixed: Some(kept.to_string()),
                })
            } else {
                None
            };
            Parsed { expr: Some(expr), error }
        }
        Err(error) => Parsed { expr: None, error: Some(error) },
    }
}

/// How deep type arguments may nest.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    /// Argument lists still open when the input ended: (offset of the `[`,
    /// name of the type they belong to), outermost first.
    unclosed: Vec<(usize, String)>,
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    fn peek(&self) -> Option<char> {
        self.input[self.pos..].chars().next()
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek() {
            if !c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    fn rest_preview(&self) -> String {
        self.input[self.pos..].chars().take(12).collect()
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError { offset: self.pos, message: message.into(), fixed: None })
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("`{c}`"),
            None => "the end of the cell".to_string(),
        }
    }

    fn expect(&mut self, wanted: char, what: &str) -> Result<(), ParseError> {
        self.skip_space();
        if self.peek() == Some(wanted) {
            self.pos += wanted.len_utf8();
            Ok(())
        } else {
            self.error(format!("expected `{wanted}` {what}, found {}", self.found()))
        }
    }

    /// The fault of argument lists left open at the end of the input: the
    /// outermost is named, and the fix closes them all.
    fn unclosed_error(&self) -> ParseError {
        let (offset, name) = self.unclosed.last().cloned().unwrap_or_default();
        ParseError {
            offset,
            message: format!("the `[` opening the arguments of `{name}` is never closed"),
            fixed: Some(format!("{}{}", self.input.trim_end(), "]".repeat(self.unclosed.len()))),
        }
    }

    fn parse_type(&mut self, depth: usize) -> Result<TypeExpr, ParseError> {
        self.skip_space();
        let start = self.pos;
        if depth > MAX_DEPTH {
            // Deeper than any real type; the limit keeps the recursion (here
            // and in everything that walks the result) off the end of the stack.
            return self.error(format!("the type is nested more than {MAX_DEPTH} levels deep"));
        }
        let mut expr = match self.peek() {
            Some('[') => self.parse_link(depth)?,
            Some('"') => self.parse_literals()?,
            _ => {
                let (name, name_span) = self.parse_name()?;
                TypeExpr { name, name_span, link: None, args: Vec::new(), literals: Vec::new(), span: start..start }
            }
        };
        self.skip_space();
        if self.peek() == Some('[') && self.unclosed.is_empty() {
            if !expr.args.is_empty() {
                return self.error(format!("`{}` already has its type arguments inside its link text", expr.name));
            }
            expr.args = self.parse_args(&expr.name, depth)?;
        }
        expr.span = start..self.pos;
        Ok(expr)
    }

    /// `[T, U]` after a type's name. A list the input ends inside is read
    /// through and remembered in `unclosed`.
    fn parse_args(&mut self, name: &str, depth: usize) -> Result<Vec<TypeExpr>, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut args = Vec::new();
        loop {
            args.push(self.parse_type(depth + 1)?);
            self.skip_space();
            if !self.unclosed.is_empty() || self.at_end() {
                self.unclosed.push((open, name.to_string()));
                return Ok(args);
            }
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(args);
                }
                _ => {
                    return self
                        .error(format!("expected `,` or `]` in the arguments of `{name}`, found {}", self.found()))
                }
            }
        }
    }

    fn parse_name(&mut self) -> Result<(String, Range<usize>), ParseError> {
        self.skip_space();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        if self.pos == start {
            return self.error(format!("expected a type name, found {}", self.found()));
        }
        Ok((self.input[start..self.pos].to_string(), start..self.pos))
    }

    /// `[Name](#anchor)`, where the link text is itself a type expression
    /// (`[Option[[Duration](#duration)]](#option)`). Link text that is words
    /// separated by spaces (`[Aggreg ation](#aggregation)`) is kept as written
    /// as the name, for the anchor to settle what it means.
    fn parse_link(&mut self, depth: usize) -> Result<TypeExpr, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let text_start = self.pos;
        let mut inner = self.parse_type(depth + 1)?;
        if !self.unclosed.is_empty() {
            self.unclosed.clear();
            return Err(ParseError {
                offset: open,
                message: format!("the link of `{}` is never closed", inner.name),
                fixed: None,
            });
        }
        self.skip_space();
        if self.peek() != Some(']') {
            match self.spaced_link_text(text_start) {
                Some((name, name_span, close)) => {
                    inner = TypeExpr { name, name_span, ..inner };
                    self.pos = close;
                }
                None if self.at_end() => {
                    return Err(ParseError {
                        offset: open,
                        message: format!("the `[` before `{}` is never closed", inner.name),
                        fixed: None,
                    })
                }
                None => {
                    return self
                        .error(format!("expected `]` after the link text `{}`, found {}", inner.name, self.found()))
                }
            }
        }
        let name = inner.name.clone();
        self.pos += 1;
        if self.peek() != Some('(') {
            return self.error(format!("expected `(#anchor)` after `[{name}]`, found {}", self.found()));
        }
        self.pos += 1;
        if self.peek() != Some('#') {
            return self.error(format!("expected `#` starting the anchor of `{name}`, found {}", self.found()));
        }
        self.pos += 1;
        let anchor_start = self.pos;
        while let Some(c) = self.peek() {
            if c == ')' || c.is_whitespace() {
                break;
            }
            self.pos += c.len_utf8();
        }
        let link = TypeLink { anchor: self.input[anchor_start..self.pos].to_string(), anchor_span: anchor_start..self.pos };
        self.expect(')', &format!("closing the link of `{name}`"))?;
        if inner.link.is_none() {
            inner.link = Some(link);
        }
        Ok(inner)
    }

    /// Link text of words and spaces up to the `]` (the name, its span, and
    /// the offset of the `]`).
    fn spaced_link_text(&self, text_start: usize) -> Option<(String, Range<usize>, usize)> {
        let close = text_start + self.input[text_start..].find(']')?;
        let text = &self.input[text_start..close];
        let words = text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ' ');
        if !words || !text.trim().contains(' ') {
            return None;
        }
        let start = text_start + (text.len() - text.trim_start().len());
        let name = text.trim().to_string();
        let end = start + name.len();
        Some((name, start..end, close))
    }

    /// `"A" / "B" / "C"` (also with `|`, `\|` or `or` between the values).
    fn parse_literals(&mut self) -> Result<TypeExpr, ParseError> {
        let start = self.pos;
        let mut literals = Vec::new();
        loop {
            let quote = self.pos;
            self.pos += 1;
            let Some(length) = self.input[self.pos..].find('"') else {
                return Err(ParseError {
                    offset: quote,
                    message: "the `\"` opening this value is never closed".to_string(),
                    fixed: None,
                });
            };
            let value = self.input[self.pos..self.pos + length].trim();
            if value.is_empty() {
                return Err(ParseError { offset: quote, message: "an empty quoted value".to_string(), fixed: None });
            }
            literals.push(value.to_string());
            self.pos += length + 1;
            let after_value = self.pos;
            self.skip_space();
            let rest = &self.input[self.pos..];
            let separator = ["\\|", "/", "|", "or ", "OR "].iter().find(|s| rest.starts_with(**s));
            let Some(separator) = separator else {
                self.pos = after_value;
                break;
            };
            self.pos += separator.len();
            self.skip_space();
            if self.peek() != Some('"') {
                return self.error(format!("expected a quoted value after `{}`, found {}", separator.trim(), self.found()));
            }
        }
        Ok(TypeExpr {
            name: "Enum".to_string(),
            name_span: start..self.pos,
            link: None,
            args: Vec::new(),
            literals,
            span: start..self.pos,
        })
    }
}

impl TypeExpr {
    /// The expression written back in canonical form, links dropped:
    /// `Option[SafeUUID]`, `"A" / "B"`.
    pub fn canonical(&self) -> String {
        if !self.literals.is_empty() {
            let quoted: Vec<String> = self.literals.iter().map(|l| format!("\"{l}\"")).collect();
            return quoted.join(" / ");
        }
        if self.args.is_empty() {
            return self.name.clone();
        }
        let args: Vec<String> = self.args.iter().map(TypeExpr::canonical).collect();
        format!("{}[{}]", self.name, args.join(","))
    }

    /// Every expression in this tree, outermost first.
    pub fn walk(&self) -> Vec<&TypeExpr> {
        let mut all = vec![self];
        for arg in &self.args {
            all.extend(arg.walk());
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> TypeExpr {
        let parsed = parse(input);
        assert_eq!(parsed.error, None, "{input}");
        parsed.expr.expect("an expression")
    }

    fn fault(input: &str) -> ParseError {
        parse(input).error.unwrap_or_else(|| panic!("{input} should not parse"))
    }

    #[test]
    fn plain_names() {
        for name in ["String", "Boolean", "Long", "Number", "ENUM", "Enum", "Constant", "Error"] {
            let expr = ok(name);
            assert_eq!(expr.name, name);
            assert!(expr.args.is_empty() && expr.link.is_none());
            assert_eq!(expr.span, 0..name.len());
        }
    }

    #[test]
    fn linked_name_keeps_its_anchor() {
        let expr = ok("[SafeUUID](#safeuuid)");
        assert_eq!(expr.name, "SafeUUID");
        assert_eq!(expr.name_span, 1..9);
        let link = expr.link.expect("a link");
        assert_eq!(link.anchor, "safeuuid");
        assert_eq!(link.anchor_span, 12..20);
    }

    #[test]
    fn linked_option_of_linked_name() {
        let expr = ok("[Option](#option)[[SafeUUID](#safeuuid)]");
        assert_eq!(expr.canonical(), "Option[SafeUUID]");
        assert_eq!(expr.link.as_ref().map(|l| l.anchor.as_str()), Some("option"));
        assert_eq!(expr.args[0].link.as_ref().map(|l| l.anchor.as_str()), Some("safeuuid"));
        assert_eq!(expr.args[0].span, 18..39);
    }

    #[test]
    fn generic_forms() {
        assert_eq!(ok("Option[String]").canonical(), "Option[String]");
        assert_eq!(ok("Array[[CompanyQueryView](#companyqueryview)]").canonical(), "Array[CompanyQueryView]");
        assert_eq!(ok("[NonEmptyList](#nonemptylist)[[SafeUUID](#safeuuid)]").canonical(), "NonEmptyList[SafeUUID]");
        assert_eq!(ok("Map[String,String]").canonical(), "Map[String,String]");
        assert_eq!(ok("[Map](#map)[String, [Option](#option)[String]]").canonical(), "Map[String,Option[String]]");
        assert_eq!(ok("Option[ENUM]").canonical(), "Option[ENUM]");
        assert_eq!(ok("  Array[ Array[Long] ]  ").canonical(), "Array[Array[Long]]");
    }

    #[test]
    fn empty_cell_is_no_type() {
        assert_eq!(parse("   "), Parsed { expr: None, error: None });
    }

    #[test]
    fn unbalanced_brackets_point_at_the_open_bracket() {
        let err = fault("Array[[Ticket](#ticket)");
        assert_eq!(err.offset, 5);
        assert!(err.message.contains("never closed"), "{}", err.message);
        let err = fault("Option[String");
        assert_eq!(err.offset, 6);
    }

    #[test]
    fn trailing_text_keeps_the_expression_and_reports_its_column() {
        let parsed = parse("[Map](#map)[String, Array[String]],");
        assert_eq!(parsed.expr.map(|e| e.canonical()).as_deref(), Some("Map[String,Array[String]]"));
        assert_eq!(parsed.error.map(|e| e.offset), Some(34));
    }

    #[test]
    fn malformed_links() {
        assert_eq!(fault("[SafeUUID(#safeuuid)").offset, 9);
        assert_eq!(fault("[SafeUUID]#safeuuid").offset, 10);
        assert_eq!(fault("[SafeUUID](safeuuid)").offset, 11);
        assert_eq!(fault("[SafeUUID](#safeuuid").offset, 20);
        assert_eq!(fault("[](#x)").offset, 1);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "Array[".repeat(100_000) + "String" + &"]".repeat(100_000);
        let parsed = parse(&deep);
        assert!(parsed.error.is_some_and(|e| e.message.contains("nested")));
        assert!(parse(&("Option[".repeat(30) + "String" + &"]".repeat(30))).error.is_none());
    }

    #[test]
    fn link_text_holding_the_arguments() {
        let input = "[Option[[Duration](#duration)]](#option)";
        let expr = ok(input);
        assert_eq!(expr.canonical(), "Option[Duration]");
        assert_eq!(&input[expr.name_span.clone()], "Option");
        assert_eq!(expr.link.as_ref().map(|l| l.anchor.as_str()), Some("option"));
        assert_eq!(expr.args[0].link.as_ref().map(|l| l.anchor.as_str()), Some("duration"));
        assert_eq!(expr.span, 0..input.len());
        let twice = fault("[Option[String]](#option)[Long]");
        assert!(twice.message.contains("already has its type arguments"), "{}", twice.message);
    }

    #[test]
    fn quoted_literals_are_an_enumeration() {
        for input in ["\"A\" / \"B\" / \"C\"", "\"A\" \\| \"B\" | \"C\"", "\"A\" or \"B\" or \"C\""] {
            let expr = ok(input);
            assert_eq!(expr.literals, ["A", "B", "C"], "{input}");
            assert_eq!(expr.name, "Enum");
            assert_eq!(parse(&expr.canonical()).expr.map(|e| e.literals), Some(expr.literals.clone()));
        }
        assert_eq!(ok("Option[\"On\" / \"Off\"]").args[0].literals, ["On", "Off"]);
        assert!(fault("\"A\" / B").message.contains("quoted value"));
        assert_eq!(fault("\"A").offset, 0);
    }

    #[test]
    fn argument_lists_left_open_at_the_end_are_read_and_mended() {
        let input = "[Option](#option)[Array[[Item](#item)]";
        let parsed = parse(input);
        assert_eq!(parsed.expr.map(|e| e.canonical()).as_deref(), Some("Option[Array[Item]]"));
        let error = parsed.error.expect("reported");
        assert_eq!(error.offset, 17);
        assert!(error.message.contains("`Option` is never closed"), "{}", error.message);
        assert_eq!(error.fixed.as_deref(), Some("[Option](#option)[Array[[Item](#item)]]"));
        let nested = parse("Option[Array[Long");
        assert_eq!(nested.error.and_then(|e| e.fixed).as_deref(), Some("Option[Array[Long]]"));
        let mended = parse("Option[Array[Long]]");
        assert_eq!(mended.error, None);
    }

    #[test]
    fn link_text_with_a_space_keeps_its_words_for_the_anchor() {
        let input = "Array[[Aggreg ation](#aggregation)]";
        let expr = ok(input);
        let item = &expr.args[0];
        assert_eq!(item.name, "Aggreg ation");
        assert_eq!(&input[item.name_span.clone()], "Aggreg ation");
        assert_eq!(item.link.as_ref().map(|l| l.anchor.as_str()), Some("aggregation"));
    }

    #[test]
    fn text_after_the_type_is_offered_as_removed() {
        let parsed = parse("[Map](#map)[String, Array[String]],");
        assert_eq!(parsed.error.and_then(|e| e.fixed).as_deref(), Some("[Map](#map)[String, Array[String]]"));
    }

    #[test]
    fn missing_names_and_separators() {
        assert_eq!(fault("Map[String String]").offset, 11);
        assert_eq!(fault("Option[]").offset, 7);
        assert_eq!(fault("[").offset, 1);
        assert_eq!(fault("| x").offset, 0);
    }
}

#[cfg(test)]
mod properties {
    //! Properties of the parser on any input: it never panics, every offset
    //! it reports lies inside the input on a character boundary, and a
    //! well-formed expression (any spacing, any links) reads back as its
    //! canonical form.

    use proptest::prelude::*;

    use super::*;

    fn check_spans(expr: &TypeExpr, input: &str) -> Result<(), TestCaseError> {
        for part in expr.walk() {
            for range in [&part.span, &part.name_span] {
                prop_assert!(range.start <= range.end && range.end <= input.len(), "{range:?} in {input:?}");
                prop_assert!(input.is_char_boundary(range.start) && input.is_char_boundary(range.end));
            }
            if part.literals.is_empty() {
                prop_assert_eq!(&input[part.name_span.clone()], part.name.as_str());
            }
            if let Some(link) = &part.link {
                prop_assert_eq!(&input[link.anchor_span.clone()], link.anchor.as_str());
            }
        }
        Ok(())
    }

    /// A well-formed expression as written (random spacing and links) and
    /// its canonical form.
    fn expression() -> impl Strategy<Value = (String, String)> {
        let name = "[A-Z][A-Za-z0-9_]{0,7}";
        let space = prop::sample::select(vec!["", " ", "  ", "\t"]);
        let leaf = (name, any::<bool>(), space.clone()).prop_map(|(name, linked, pad)| {
            let written = if linked { format!("[{name}](#{})", name.to_lowercase()) } else { name.clone() };
            (format!("{pad}{written}{pad}"), name)
        });
        leaf.prop_recursive(4, 24, 3, move |inner| {
            ("[A-Z][a-z]{0,5}", prop::collection::vec(inner, 1..4), space.clone()).prop_map(|(name, args, pad)| {
                let written: Vec<String> = args.iter().map(|(w, _)| w.clone()).collect();
                let canonical: Vec<String> = args.iter().map(|(_, c)| c.clone()).collect();
                (format!("{name}{pad}[{}]{pad}", written.join(",")), format!("{name}[{}]", canonical.join(",")))
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        #[test]
        fn any_text_parses_without_panicking(input in any::<String>()) {
            let parsed = parse(&input);
            if let Some(error) = &parsed.error {
                prop_assert!(error.offset <= input.len() && input.is_char_boundary(error.offset));
            }
            if let Some(expr) = &parsed.expr {
                check_spans(expr, &input)?;
            }
        }

        #[test]
        fn bracket_soup_parses_without_panicking(input in "[\\[\\]()#,A-Za-z é|`]{0,40}") {
            let parsed = parse(&input);
            if let Some(expr) = &parsed.expr {
                check_spans(expr, &input)?;
            }
            prop_assert!(parsed.error.as_ref().is_none_or(|e| e.offset <= input.len()));
        }

        #[test]
        fn well_formed_expressions_read_back_canonically((written, canonical) in expression()) {
            let parsed = parse(&written);
            prop_assert_eq!(parsed.error, None, "{}", written);
            let expr = parsed.expr.expect("an expression");
            prop_assert_eq!(expr.canonical(), canonical);
            check_spans(&expr, &written)?;
            let again = parse(&expr.canonical());
            prop_assert_eq!(again.expr.map(|e| e.canonical()), Some(expr.canonical()));
        }
    }
}
