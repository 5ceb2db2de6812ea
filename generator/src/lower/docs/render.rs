//! Writes the events back as Markdown, with pulldown-cmark-to-cmark.

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeStream};
use pulldown_cmark_to_cmark::{
    calculate_code_block_token_count, cmark_with_source_range_and_options, Options,
    DEFAULT_CODE_BLOCK_TOKEN_COUNT,
};

use super::{Spanned, PARSER_OPTIONS};

/// The Markdown for `events`, with no trailing whitespace and no leading or trailing blank
/// lines; text that kept its span is copied from `source`.
///
/// Top-level block quotes are written here, as `> ` before each line of their content: the
/// writer spells a quote ` > ` with an empty first line, which reads worse and would rewrite
/// every callout the specs already write the usual way. A top-level paragraph or table that no
/// rewrite touched is copied as the spec spells it (see `verbatim`).
pub(super) fn markdown(events: &[Spanned<'_>], source: &str) -> String {
    let mut blocks = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::BlockQuote(_)) if depth == 0 => {
                blocks.push(write(&events[start..i], source));
                start = i;
                depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) if depth == 1 => {
                let content = markdown(&events[start + 1..i], source);
                blocks.push(quote(&content));
                start = i + 1;
                depth -= 1;
            }
            Event::Start(Tag::Paragraph | Tag::Table(_)) if depth == 0 => {
                blocks.push(write(&events[start..i], source));
                start = i;
                depth += 1;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Table) if depth == 1 => {
                let block = &events[start..=i];
                blocks.push(verbatim(block, source).unwrap_or_else(|| write(block, source)));
                start = i + 1;
                depth -= 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    blocks.push(write(&events[start..], source));
    blocks.retain(|block| !block.is_empty());
    blocks.join("\n\n")
}

/// The spec's own lines for a top-level paragraph or table that no rewrite touched (every event
/// kept its span), each trimmed, if they parse back to the same events (a trimmed line might
/// start a block: then the writer escapes it). This keeps the spec's spelling (entities,
/// escapes, emphasis markers, the padding that aligns table columns, which the writer drops),
/// and spares the writer's work for most descriptions, which are plain paragraphs.
fn verbatim(block: &[Spanned<'_>], source: &str) -> Option<String> {
    let span = block.first()?.1.clone()?;
    if block.iter().any(|(_, span)| span.is_none()) {
        return None;
    }
    let lines: Vec<&str> = source[span].lines().map(str::trim).collect();
    let text = lines.join("\n");
    let reparsed = TextMergeStream::new(Parser::new_ext(&text, PARSER_OPTIONS));
    reparsed
        .eq(block.iter().map(|(event, _)| event.clone()))
        .then_some(text)
}

/// `content` as a block quote.
fn quote(content: &str) -> String {
    let lines = content.lines().map(|line| match line {
        "" => ">".to_string(),
        line => format!("> {line}"),
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// Runs the writer over `events` (whole blocks), then tidies its output.
fn write(events: &[Spanned<'_>], source: &str) -> String {
    if events.is_empty() {
        return String::new();
    }
    let (source, events) = &spell(events, source);
    let fence = calculate_code_block_token_count(events.iter().map(|(event, _)| event))
        .unwrap_or(DEFAULT_CODE_BLOCK_TOKEN_COUNT);
    let options = Options {
        code_block_token_count: fence,
        list_token: '-', // the specs' usual bullet
        increment_ordered_list_bullets: true,
        ..Options::default()
    };
    let write = |events: &mut dyn Iterator<Item = Spanned<'_>>| {
        let mut out = String::new();
        let options = options.clone();
        cmark_with_source_range_and_options(events, source, &mut out, PARSER_OPTIONS, options)
            .map(|_| out)
    };
    // The writer refuses emphasis that it cannot spell so that it parses back the same (which
    // only HTML can produce); then the text goes without that emphasis.
    let written = write(&mut events.iter().cloned()).or_else(|_| {
        write(
            &mut events
                .iter()
                .filter(|(event, _)| !is_emphasis(event))
                .cloned(),
        )
    });
    tidy(&written.unwrap_or_default())
}

/// Gives text that a rewrite made (it has no span) a spelling: itself, appended to the source
/// after a newline. The writer keeps a spelling only where its block parses back to the same
/// events, and escapes the text otherwise, so `details & limits` stays as it reads while `*`
/// or `<tag>` get escaped. Square brackets are always left to the writer, which escapes them.
fn spell<'a>(events: &[Spanned<'a>], source: &str) -> (String, Vec<Spanned<'a>>) {
    let mut spelled = source.to_string();
    let events = events
        .iter()
        .map(|(event, span)| match (event, span) {
            (Event::Text(text), None) if !text.contains(['[', ']']) => {
                spelled.push('\n');
                let start = spelled.len();
                spelled.push_str(text);
                (event.clone(), Some(start..spelled.len()))
            }
            _ => (event.clone(), span.clone()),
        })
        .collect();
    (spelled, events)
}

fn is_emphasis(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::Start(Tag::Strong | Tag::Emphasis | Tag::Strikethrough)
            | Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough)
    )
}

/// Trims trailing whitespace and leading and trailing blank lines.
fn tidy(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}
