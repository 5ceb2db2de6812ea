//! Spec descriptions (CommonMark with a little HTML and Markdoc) to Markdown that rustdoc and
//! clippy accept.
//!
//! The description is parsed with pulldown-cmark, the parser rustdoc itself uses, so this stage
//! reads the text exactly as rustdoc will. The pipeline:
//! - `normalize`: line endings, tabs and common indentation;
//! - `markdoc`: `{% admonition %}` blocks become block quotes, the rest is parsed as is;
//! - `html`: HTML tags become the Markdown events they stand for;
//! - `rewrite`: what rustdoc would misread (doctests, intra-doc links, bare URLs, headings);
//! - `render`: the events are written back as Markdown by pulldown-cmark-to-cmark.
//!
//! Every event keeps the byte range it was parsed from while it still means what those bytes
//! say, so the writer copies untouched text as the spec spells it instead of re-escaping it.

mod html;
mod markdoc;
mod render;
mod rewrite;
#[cfg(test)]
mod tests;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, TextMergeWithOffset};

/// An event, and the bytes of the normalized description it was parsed from, if it still says
/// exactly what they say (the writer then copies them).
type Spanned<'a> = (Event<'a>, Option<Range<usize>>);

/// The extensions rustdoc enables, so that tables and footnotes are read as rustdoc reads them.
const PARSER_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// Turns a spec description (CommonMark, HTML, Markdoc) into Markdown that rustdoc renders
/// cleanly and without warnings: no doctests, no broken intra-doc links, no bare URLs. Returns
/// an empty string for blank input. Output lines have no trailing whitespace, blocks are
/// separated by one blank line, and there are no leading or trailing blank lines.
pub fn to_rustdoc(text: &str) -> String {
    match plain_line(text) {
        Some(line) => line.to_owned(),
        None => convert(text),
    }
}

/// `text` without the spaces and line breaks around it, when it is one line that every stage
/// below would copy as it is: it starts with a letter (no list, heading, quote or code block
/// starts so) and holds only letters, digits, spaces and punctuation that means nothing to
/// CommonMark, HTML or Markdoc, with no URL for the bare-URL rewrite. Most descriptions are
/// such a line (23,019 of the 34,675 descriptions, summaries and titles of the Intercom and
/// foreign specs), and the parser then has nothing to do.
fn plain_line(text: &str) -> Option<&str> {
    let line = text.trim_matches([' ', '\n']);
    let inert = |c: char| c.is_ascii_alphanumeric() || " .,;:'\"()?/-%$=+@!".contains(c);
    let plain = line.starts_with(|c: char| c.is_ascii_alphabetic())
        && line.chars().all(inert)
        && !line.contains("://");
    plain.then_some(line)
}

/// The whole conversion (see the module's docs).
fn convert(text: &str) -> String {
    let source = normalize(text);
    let events = markdoc::parse(&source);
    let events = html::to_markdown(events);
    let events = rewrite::for_rustdoc(events, &source);
    render::markdown(&events, &source)
}

/// One line-ending style, tabs as spaces (clippy's `tabs_in_doc_comments`), and the indentation
/// common to every line removed (YAML block scalars may keep some; rustdoc would drop it too).
fn normalize(text: &str) -> String {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let common = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(indent)
        .min()
        .unwrap_or(0);
    text.split('\n')
        .map(|line| line.get(common..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses `source[range]` as a document of its own, with event ranges into `source`; adjacent
/// text events are merged, so later passes see a sentence at once.
fn parse(source: &str, range: Range<usize>) -> impl Iterator<Item = Spanned<'_>> {
    let offset = range.start;
    let parser = Parser::new_ext(&source[range], PARSER_OPTIONS).into_offset_iter();
    TextMergeWithOffset::new(parser)
        .map(move |(event, span)| (event, Some(span.start + offset..span.end + offset)))
}
