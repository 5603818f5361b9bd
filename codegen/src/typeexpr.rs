//! The type expressions of Slate tables, such as
//! `[Option](#option)[[SafeUUID](#safeuuid)]`, `Array[T]` or `Map[String,String]`.
//!
//! ```text
//! type  := atom args?
//! atom  := link | name
//! link  := '[' name ']' '(' '#' anchor ')'
//! args  := '[' type (',' type)* ']'
//! ```
//!
//! The parser works on the markdown source of a table cell and keeps byte
//! offsets into it, so that a fault is reported at its column.

use std::ops::Range;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    /// The type's name as written: `Option`, `SafeUUID`, `String`.
    pub name: String,
    pub name_span: Range<usize>,
    /// The link the name was written with, if any: `[SafeUUID](#safeuuid)`.
    pub link: Option<TypeLink>,
    /// Type arguments: `T` in `Option[T]`.
    pub args: Vec<TypeExpr>,
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
    let mut parser = Parser { input, pos: 0 };
    parser.skip_space();
    if parser.at_end() {
        return Parsed { expr: None, error: None };
    }
    match parser.parse_type(0) {
        Ok(expr) => {
            parser.skip_space();
            let error = (!parser.at_end()).then(|| ParseError {
                offset: parser.pos,
                message: format!("unexpected `{}` after the type", parser.rest_preview()),
            });
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
        Err(ParseError { offset: self.pos, message: message.into() })
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

    fn parse_type(&mut self, depth: usize) -> Result<TypeExpr, ParseError> {
        self.skip_space();
        let start = self.pos;
        if depth > MAX_DEPTH {
            // Deeper than any real type; the limit keeps the recursion (here
            // and in everything that walks the result) off the end of the stack.
            return self.error(format!("the type is nested more than {MAX_DEPTH} levels deep"));
        }
        let (name, name_span, link) = if self.peek() == Some('[') {
            self.parse_link()?
        } else {
            let (name, span) = self.parse_name()?;
            (name, span, None)
        };
        let mut args = Vec::new();
        self.skip_space();
        if self.peek() == Some('[') {
            let open = self.pos;
            self.pos += 1;
            loop {
                args.push(self.parse_type(depth + 1)?);
                self.skip_space();
                match self.peek() {
                    Some(',') => self.pos += 1,
                    Some(']') => {
                        self.pos += 1;
                        break;
                    }
                    None => {
                        return Err(ParseError {
                            offset: open,
                            message: format!("the `[` opening the arguments of `{name}` is never closed"),
                        })
                    }
                    Some(_) => {
                        return self
                            .error(format!("expected `,` or `]` in the arguments of `{name}`, found {}", self.found()))
                    }
                }
            }
        }
        Ok(TypeExpr { name, name_span, link, args, span: start..self.pos })
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

    /// `[Name](#anchor)`
    fn parse_link(&mut self) -> Result<(String, Range<usize>, Option<TypeLink>), ParseError> {
        let open = self.pos;
        self.pos += 1;
        let (name, name_span) = self.parse_name()?;
        self.skip_space();
        if self.peek() != Some(']') {
            if self.at_end() {
                return Err(ParseError { offset: open, message: format!("the `[` before `{name}` is never closed") });
            }
            return self.error(format!("expected `]` after the link text `{name}`, found {}", self.found()));
        }
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
        let anchor = self.input[anchor_start..self.pos].to_string();
        let anchor_span = anchor_start..self.pos;
        self.expect(')', &format!("closing the link of `{name}`"))?;
        Ok((name, name_span, Some(TypeLink { anchor, anchor_span })))
    }
}

impl TypeExpr {
    /// The expression written back in canonical form, links dropped:
    /// `Option[SafeUUID]`.
    pub fn canonical(&self) -> String {
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
            prop_assert_eq!(&input[part.name_span.clone()], part.name.as_str());
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
