//! Doc comments of generated files wrapped at a column limit.
//!
//! The text comes from the documentation, one paragraph per line. It is
//! wrapped after formatting, when each comment's indentation is known, at
//! spaces that markdown treats as spaces: never inside a code span, a link's
//! text or destination, a fenced block, a table row or a heading, and never
//! where the next word would start a new block (a list item, a heading, a
//! quote). A word longer than the line (a URL) stays whole. A line that
//! continues a list item or a quote without its indentation or `>` (a lazy
//! continuation, which markdown reads the same) gets them, as rustdoc's
//! readers and clippy expect.

/// The column generated doc lines stay within.
pub const DOC_WIDTH: usize = 100;

/// Wraps every `///` and `//!` line of `text` longer than `width` columns.
pub fn wrap_doc_comments(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    let mut fence: Option<Fence> = None;
    // What a continuation line of the list item or quote being read starts with.
    let mut open_block: Option<String> = None;
    for line in text.lines() {
        match split_doc_line(line) {
            Some((prefix, body)) => {
                let in_fence = update_fence(&mut fence, body);
                let continued = if in_fence { None } else { continue_block(&mut open_block, body) };
                let whole;
                let (line, body) = match &continued {
                    Some(body) => {
                        whole = format!("{prefix}{body}");
                        (whole.as_str(), body.as_str())
                    }
                    None => (line, body),
                };
                if in_fence || prefix.chars().count() + body.chars().count() <= width || !is_wrappable(body) {
                    push_line(&mut out, line);
                } else {
                    let mut pieces = wrap_body(body, width.saturating_sub(prefix.chars().count()));
                    // Two trailing spaces are a hard line break: they stay at the end.
                    if let Some(last) = pieces.last_mut().filter(|_| body.ends_with("  ")) {
                        last.push_str("  ");
                    }
                    let last = pieces.len() - 1;
                    for (index, piece) in pieces.iter().enumerate() {
                        let line = format!("{prefix}{piece}");
                        push_line(&mut out, if index == last { &line } else { line.trim_end() });
                    }
                }
            }
            None => {
                fence = None;
                open_block = None;
                push_line(&mut out, line);
            }
        }
    }
    out
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line);
    out.push('\n');
}

/// A doc line as its prefix (indentation, `///` or `//!`, the space after
/// it) and its markdown.
fn split_doc_line(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let marker = ["///", "//!"].into_iter().find(|marker| trimmed.starts_with(marker))?;
    // `////` is an ordinary comment.
    if trimmed[marker.len()..].starts_with('/') {
        return None;
    }
    let mut split = line.len() - trimmed.len() + marker.len();
    if line[split..].starts_with(' ') {
        split += 1;
    }
    Some(line.split_at(split))
}

/// An open fenced code block: its character and length.
struct Fence {
    marker: char,
    len: usize,
}

/// Follows fenced code blocks; true when `body` belongs to one (its fences
/// included).
fn update_fence(fence: &mut Option<Fence>, body: &str) -> bool {
    let trimmed = body.trim_start();
    let run = |marker: char| trimmed.chars().take_while(|c| *c == marker).count();
    match fence {
        Some(open) => {
            if run(open.marker) >= open.len && trimmed.trim_start_matches(open.marker).trim().is_empty() {
                *fence = None;
            }
            true
        }
        None => {
            for marker in ['`', '~'] {
                if run(marker) >= 3 {
                    *fence = Some(Fence { marker, len: run(marker) });
                    return true;
                }
            }
            false
        }
    }
}

/// Lines whose layout is their meaning: table rows (with or without a
/// leading pipe, so any line with one), headings, HTML, and indented code.
fn is_wrappable(body: &str) -> bool {
    let trimmed = body.trim_start();
    !(body.starts_with("    ") || body.contains('|') || trimmed.starts_with('#') || trimmed.starts_with('<'))
}

/// `body` cut into lines of at most `width` characters where it can be;
/// continuation lines of a list item or a quote keep it going.
fn wrap_body(body: &str, width: usize) -> Vec<String> {
    let (lead, continuation) = block_lead(body);
    let words = words(&body[lead.len()..]);
    let mut lines = Vec::new();
    let mut current = lead.to_string();
    let mut current_len = current.chars().count();
    let mut has_word = false;
    for word in words {
        let word_len = word.chars().count();
        let fits = current_len + 1 + word_len <= width;
        if has_word && !fits && !starts_block(word) {
            lines.push(std::mem::replace(&mut current, continuation.clone()));
            current_len = current.chars().count();
            has_word = false;
        }
        if has_word {
            current.push(' ');
            current_len += 1;
        }
        current.push_str(word);
        current_len += word_len;
        has_word = true;
    }
    lines.push(current);
    lines
}

/// Follows the list item or quote a doc comment has open: `body` with the
/// block's continuation in front when it is a lazy continuation line of
/// it, `None` when it stays as it is. A blank line closes the block; a
/// line that starts a block of its own opens that one instead.
fn continue_block(open_block: &mut Option<String>, body: &str) -> Option<String> {
    if body.trim().is_empty() {
        *open_block = None;
        return None;
    }
    let first_word = body.split_whitespace().next().unwrap_or("");
    let starts_own_block = body.starts_with(' ') || starts_block(first_word) || !is_wrappable(body);
    if starts_own_block {
        let (lead, continuation) = block_lead(body);
        let opens = lead.trim_start().starts_with('>') || list_marker_len(lead.trim_start()) > 0;
        *open_block = opens.then_some(continuation);
        return None;
    }
    open_block.as_ref().map(|continuation| format!("{continuation}{body}"))
}

/// The start of a list item or quote (`- `, `1. `, `> `, with its
/// indentation) and what its continuation lines start with.
fn block_lead(body: &str) -> (&str, String) {
    let indent = body.len() - body.trim_start_matches(' ').len();
    let rest = &body[indent..];
    if let Some(quote) = rest.strip_prefix("> ") {
        let (inner, continuation) = block_lead(quote);
        let lead_len = indent + 2 + inner.len();
        return (&body[..lead_len], format!("{}> {continuation}", " ".repeat(indent)));
    }
    let marker_len = list_marker_len(rest);
    if marker_len > 0 {
        return (&body[..indent + marker_len], " ".repeat(indent + marker_len));
    }
    (&body[..indent], " ".repeat(indent))
}

/// The length of a list marker and its space (`- `, `* `, `+ `, `12. `,
/// `3) `) at the start of `text`, or 0.
fn list_marker_len(text: &str) -> usize {
    if text.starts_with("- ") || text.starts_with("* ") || text.starts_with("+ ") {
        return 2;
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..10).contains(&digits) && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")) {
        return digits + 2;
    }
    0
}

/// Whether a line starting with `word` would begin a new markdown block
/// instead of continuing the paragraph.
fn starts_block(word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    let only_of = |c: char| word.chars().all(|w| w == c);
    matches!(first, '#' | '>' | '|' | '<')
        || ["-", "*", "+"].contains(&word)
        || only_of('-')
        || only_of('=')
        || word.starts_with("```")
        || word.starts_with("~~~")
        || (word.chars().next().is_some_and(|c| c.is_ascii_digit())
            && (word.ends_with('.') || word.ends_with(')'))
            && word[..word.len() - 1].chars().all(|c| c.is_ascii_digit()))
}

/// The words of a line: runs between spaces that may become line breaks.
/// Spaces inside a code span, a link's text or its destination hold the
/// words around them together.
fn words(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut start = 0;
    let mut index = 0;
    let mut brackets = 0usize;
    let mut parens = 0usize;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 1,
            b'`' => {
                let run = bytes[index..].iter().take_while(|b| **b == b'`').count();
                match closing_backticks(bytes, index + run, run) {
                    Some(end) => index = end,
                    None => index += run - 1,
                }
            }
            b'[' => brackets += 1,
            b']' => {
                brackets = brackets.saturating_sub(1);
                if brackets == 0 && bytes.get(index + 1) == Some(&b'(') {
                    parens = 1;
                    index += 1;
                }
            }
            b'(' if parens > 0 => parens += 1,
            b')' if parens > 0 => parens -= 1,
            b' ' if brackets == 0 && parens == 0 => {
                if index > start {
                    words.push(&text[start..index]);
                }
                start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

/// The index of the last backtick of the run of `len` backticks that
/// closes a code span opened before `from`.
fn closing_backticks(bytes: &[u8], from: usize, len: usize) -> Option<usize> {
    let mut index = from;
    while index < bytes.len() {
        if bytes[index] == b'`' {
            let run = bytes[index..].iter().take_while(|b| **b == b'`').count();
            if run == len {
                return Some(index + run - 1);
            }
            index += run;
        } else {
            index += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> String {
        wrap_doc_comments(text, width)
    }

    #[test]
    fn long_doc_lines_wrap_at_word_boundaries_within_the_width() {
        let line = format!("    /// {}\n", "word ".repeat(40).trim_end());
        let wrapped = wrap(&line, 40);
        assert!(wrapped.lines().all(|l| l.len() <= 40 && l.starts_with("    /// word")), "{wrapped}");
        let words: Vec<&str> = wrapped.lines().flat_map(|l| l.trim_start_matches("    /// ").split(' ')).collect();
        assert_eq!(words.len(), 40);
    }

    #[test]
    fn short_lines_code_and_plain_comments_are_left_alone() {
        let text = "/// short\n// an ordinary comment that is far longer than the width of twenty\nfn f() {}\n";
        assert_eq!(wrap(text, 20), text);
    }

    #[test]
    fn code_spans_links_and_urls_stay_whole() {
        let text = "/// aaaa `a code span with spaces` bbbb [a link text](https://example.com/a%20b) \
                    https://example.com/a/very/long/url/that/does/not/fit cccc\n";
        let wrapped = wrap(text, 24);
        for whole in [
            "`a code span with spaces`",
            "[a link text](https://example.com/a%20b)",
            "https://example.com/a/very/long/url/that/does/not/fit",
        ] {
            assert!(wrapped.lines().any(|l| l.contains(whole)), "{whole} was cut:\n{wrapped}");
        }
    }

    #[test]
    fn fenced_blocks_tables_and_headings_keep_their_lines() {
        let long = "x ".repeat(30);
        let text = format!(
            "//! ```text\n//! {long}\n//! ```\n//! | a | {long} |\n//! # {long}\n//! ~~~~\n//! {long}\n//! ~~~~\n"
        );
        assert_eq!(wrap(&text, 20), text);
    }

    #[test]
    fn a_break_never_starts_a_new_block() {
        let text = "/// one two - three 1. four # five > six\n";
        let wrapped = wrap(text, 12);
        for line in wrapped.lines() {
            let body = line.trim_start_matches("/// ");
            assert!(!starts_block(body.split(' ').next().unwrap()), "{line:?} in\n{wrapped}");
        }
    }

    #[test]
    fn list_items_and_quotes_continue_under_their_marker() {
        let wrapped = wrap("/// - alpha beta gamma delta\n/// > alpha beta gamma delta\n", 18);
        assert_eq!(wrapped, "/// - alpha beta\n///   gamma delta\n/// > alpha beta\n/// > gamma delta\n");
    }

    #[test]
    fn lazy_continuations_of_list_items_and_quotes_are_indented() {
        let text = "/// 1. first item
/// goes on
/// still
///
/// after
/// > quoted
/// lazily
fn f() {}
";
        let wrapped = wrap(text, 100);
        assert_eq!(
            wrapped,
            "/// 1. first item
///    goes on
///    still
///
/// after
/// > quoted
/// > lazily
fn f() {}
"
        );
        let plain = "/// a paragraph
/// on two lines
///   - nested item
///     indented already
";
        assert_eq!(wrap(plain, 100), plain);
    }

    #[test]
    fn a_table_row_without_a_leading_pipe_keeps_its_line() {
        let text = format!("/// {} | {}\n", "a ".repeat(20), "b ".repeat(20));
        assert_eq!(wrap(&text, 20), text);
    }

    #[test]
    fn a_hard_line_break_stays_at_the_end_of_the_paragraph() {
        assert_eq!(wrap("/// alpha beta gamma  \n/// delta\n", 14), "/// alpha beta\n/// gamma  \n/// delta\n");
    }

    #[test]
    fn an_unclosed_backtick_is_a_plain_character() {
        let wrapped = wrap("/// a `b c d e f g h\n", 10);
        assert!(wrapped.lines().count() > 1, "{wrapped}");
    }
}
