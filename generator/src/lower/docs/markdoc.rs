//! Markdoc tags, which Intercom's docs site renders and rustdoc would print raw.
//!
//! The specs use one kind, on lines of its own:
//! `{% admonition type="warning" name="Pagination" %}` ... `{% /admonition %}`. An admonition
//! becomes a block quote led by a bold paragraph naming its type and title:
//!
//! ```text
//! > **Warning: Pagination**
//! >
//! > You can use pagination to limit the number of results returned.
//! ```
//!
//! A block quote rather than rustdoc's `<div class="warning">`: it reads the same in the
//! source, in an editor's hover (which shows HTML raw) and in rustdoc, and it serves every type
//! (`info`, `warning`, `danger`) alike. Any other Markdoc tag line is dropped and its content
//! kept, since rustdoc has no meaning for it.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::{parse as parse_range, Spanned};

/// Parses a normalized description: Markdown between Markdoc tags as it is, each admonition's
/// body as a document of its own inside its block quote.
pub(super) fn parse(source: &str) -> Vec<Spanned<'_>> {
    let mut events = Vec::new();
    let mut start = 0; // of the Markdown not yet parsed
    let mut admonition: Option<(Vec<Spanned<'_>>, usize)> = None; // title events, body start
    for (line, at) in lines(source) {
        let Some(tag) = markdoc_tag(source, line.clone()) else {
            continue;
        };
        if let Some((title, body)) = admonition.take() {
            events.extend(quote(source, title, body..at));
        } else {
            events.extend(parse_range(source, start..at));
        }
        if tag.name == "admonition" && !tag.closing {
            admonition = Some((title(source, &tag), line.end));
        }
        start = line.end;
    }
    match admonition {
        Some((title, body)) => events.extend(quote(source, title, body..source.len())),
        None => events.extend(parse_range(source, start..source.len())),
    }
    events
}

/// Each line of `source` (its range without the newline) and where it starts.
fn lines(source: &str) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
    let mut at = 0;
    source.split_inclusive('\n').map(move |line| {
        let start = at;
        at += line.len();
        (start..start + line.trim_end_matches('\n').len(), start)
    })
}

/// A Markdoc tag standing alone on a line: `{% name key="value" ... %}` or `{% /name %}`.
struct MarkdocTag {
    name: String,
    closing: bool,
    /// Ranges into the source of each `key` and its quoted `value`.
    attributes: Vec<(Range<usize>, Range<usize>)>,
}

/// The Markdoc tag that `source[line]` consists of, if it is one.
fn markdoc_tag(source: &str, line: Range<usize>) -> Option<MarkdocTag> {
    let text = &source[line.clone()];
    let inner = text.trim().strip_prefix("{%")?.strip_suffix("%}")?;
    let offset = line.start + text.find("{%")? + 2;
    let trimmed = inner.trim_start();
    let (closing, rest) = match trimmed.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let mut at = offset + (inner.len() - rest.len()) + name_len;
    let mut attributes = Vec::new();
    // `key="value"` pairs; a value runs to the next double quote (Markdoc strings in the specs
    // hold no escaped quotes).
    while let Some(eq) = source[at..offset + inner.len()].find("=\"") {
        let key_text = &source[at..at + eq];
        let key_start = at + (key_text.len() - key_text.trim_start().len());
        let value_start = at + eq + 2;
        let value_len = source[value_start..offset + inner.len()].find('"')?;
        attributes.push((key_start..at + eq, value_start..value_start + value_len));
        at = value_start + value_len + 1;
    }
    Some(MarkdocTag {
        name: rest[..name_len].to_string(),
        closing,
        attributes,
    })
}

/// The lead paragraph's inline events: the type capitalized, then `: ` and the title (inline
/// Markdown, such as a code span) if there is one.
fn title<'a>(source: &'a str, tag: &MarkdocTag) -> Vec<Spanned<'a>> {
    let attribute = |key: &str| {
        tag.attributes
            .iter()
            .find(|(k, _)| &source[k.clone()] == key)
            .map(|(_, value)| value.clone())
    };
    let kind = attribute("type")
        .map(|value| &source[value])
        .filter(|kind| !kind.is_empty())
        .unwrap_or("note");
    let mut chars = kind.chars();
    let kind: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .chain(chars)
        .collect();
    let mut events = vec![(Event::Text(kind.into()), None)];
    if let Some(name) = attribute("name").filter(|name| !name.is_empty()) {
        events.push((Event::Text(": ".into()), None));
        // The name is parsed as a one-line document: keep its paragraph's content.
        events.extend(
            parse_range(source, name)
                .filter(|(event, _)| !matches!(event, Event::Start(Tag::Paragraph)))
                .filter(|(event, _)| !matches!(event, Event::End(TagEnd::Paragraph))),
        );
    }
    events
}

/// An admonition: a block quote holding the bold title and the parsed `body`.
fn quote<'a>(
    source: &'a str,
    title: Vec<Spanned<'a>>,
    body: Range<usize>,
) -> impl Iterator<Item = Spanned<'a>> {
    let kind: Option<BlockQuoteKind> = None;
    let head = [
        Event::Start(Tag::BlockQuote(kind)),
        Event::Start(Tag::Paragraph),
        Event::Start(Tag::Strong),
    ];
    let tail = [Event::End(TagEnd::Strong), Event::End(TagEnd::Paragraph)];
    head.into_iter()
        .map(|event| (event, None))
        .chain(title)
        .chain(tail.into_iter().map(|event| (event, None)))
        .chain(parse_range(source, body))
        .chain([(Event::End(TagEnd::BlockQuote(kind)), None)])
}
