//! Rewrites the events that rustdoc would misread or warn about.
//!
//! - Code blocks get a non-Rust info string (`text` unless a plain language is given), so no
//!   doctest is ever compiled from spec text; indented code blocks become fenced `text` ones.
//! - Headings become bold paragraphs: rustdoc's heading hierarchy belongs to the item.
//! - Links whose destination looks like a Rust path lose their brackets (rustdoc would resolve
//!   them as intra-doc links); other square brackets in text are escaped by the writer.
//! - Bare `http(s)://` URLs become autolinks (rustdoc's `bare_urls` lint).
//! - Hard line breaks become `<br>` (Markdown's spelling is trailing whitespace).
//! - Emphasis hugs its text (`** x **` is not bold), as HTML's `<b> x </b>` may not.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::Spanned;

/// Rewrites `events` (parsed from `source`) for rustdoc.
pub(super) fn for_rustdoc<'a>(events: Vec<Spanned<'a>>, source: &str) -> Vec<Spanned<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open heading: whether it is in a tight list item, and already one bold span.
    let mut headings = Vec::new();
    // Open links whose brackets were dropped (their end is dropped too), for each open link.
    let mut links = Vec::new();
    let mut in_code_block = false;
    // Whether each open element is a list item (whose text is tight, without paragraphs).
    let mut items = Vec::new();
    for (i, (event, span)) in events.iter().cloned().enumerate() {
        match &event {
            Event::Start(tag) => items.push(matches!(tag, Tag::Item)),
            Event::End(_) => _ = items.pop(),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                // In a tight list item, the heading is a bold line of the item's text.
                let tight = items.len() >= 2 && items[items.len() - 2];
                let bold = is_bold(&events[i + 1..]);
                if !tight {
                    out.push((Event::Start(Tag::Paragraph), None));
                }
                if !bold {
                    out.push((Event::Start(Tag::Strong), None));
                }
                headings.push((tight, bold));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (tight, bold) = headings.pop().unwrap_or_default();
                if !bold {
                    out.push((Event::End(TagEnd::Strong), None));
                }
                if !tight {
                    out.push((Event::End(TagEnd::Paragraph), None));
                } else if !matches!(events.get(i + 1), None | Some((Event::End(_), _))) {
                    out.push((Event::SoftBreak, None));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                let info = match kind {
                    CodeBlockKind::Fenced(info) => safe_info(&info).to_string(),
                    CodeBlockKind::Indented => "text".to_string(),
                };
                let info = CodeBlockKind::Fenced(info.into());
                out.push((Event::Start(Tag::CodeBlock(info)), None));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push((event, span));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dropped = is_path_like(&dest_url);
                let empty = matches!(events.get(i + 1), Some((Event::End(TagEnd::Link), _)));
                if !dropped {
                    // Reference links resolved by the parser are written inline: their
                    // definitions are not events, so the writer could not write them back.
                    let written = match link_type {
                        LinkType::Autolink | LinkType::Email => link_type,
                        _ if empty && is_absolute_url(&dest_url) => LinkType::Autolink,
                        _ => LinkType::Inline,
                    };
                    let span = span.filter(|_| written == link_type);
                    let link = Tag::Link {
                        link_type: written,
                        dest_url: dest_url.clone(),
                        title,
                        id,
                    };
                    out.push((Event::Start(link), span));
                    if written == LinkType::Autolink && empty {
                        out.push((Event::Text(dest_url), None));
                    }
                }
                links.push(dropped);
            }
            Event::End(TagEnd::Link) => {
                if !links.pop().unwrap_or(true) {
                    out.push((event, span));
                }
            }
            Event::Text(text) if !in_code_block && links.iter().all(|dropped| *dropped) => {
                // Text of a link that lost its brackets no longer reads as the source does.
                let span = span.filter(|_| links.is_empty());
                link_bare_urls(text, span, source, &mut out);
            }
            Event::HardBreak => {
                out.push((Event::InlineHtml("<br>".into()), None));
                out.push((Event::SoftBreak, None));
            }
            event => out.push((event, span)),
        }
    }
    hug_emphasis(out)
}

/// Whether the events after a heading's start are one bold span, then the heading's end.
fn is_bold(after: &[Spanned<'_>]) -> bool {
    let Some((Event::Start(Tag::Strong), _)) = after.first() else {
        return false;
    };
    let end = after
        .iter()
        .position(|(event, _)| matches!(event, Event::End(TagEnd::Heading(_))));
    end.is_some_and(|end| {
        let strong_ends = after[..end]
            .iter()
            .filter(|(event, _)| matches!(event, Event::End(TagEnd::Strong)))
            .count();
        strong_ends == 1 && matches!(after[end - 1], (Event::End(TagEnd::Strong), _))
    })
}

/// Keeps a fence's language unless rustdoc would compile it (no language, `rust`, or a rustdoc
/// attribute such as `no_run`) or reject it (odd characters); those become `text`. Only the
/// first word is kept, so no rustdoc attribute can follow it.
fn safe_info(info: &str) -> &str {
    let lang = info.split([',', ' ']).next().unwrap_or("");
    // rustdoc's attribute syntax: a word of ASCII letters, digits, `_` and `-`.
    let plain = lang.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let word = lang.to_ascii_lowercase().replace(['-', '_'], "");
    let rust_words = [
        "",
        "rust",
        "rs",
        "norun",
        "shouldpanic",
        "compilefail",
        "testharness",
    ];
    let rustish = rust_words.contains(&word.as_str())
        || ["ignore", "edition", "standalone", "allowfail"]
            .iter()
            .any(|attribute| word.starts_with(attribute));
    if rustish || !plain {
        "text"
    } else {
        lang
    }
}

/// Whether rustdoc would read a link destination as a Rust path (an intra-doc link).
fn is_path_like(dest: &str) -> bool {
    dest.chars()
        .all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c))
}

/// Whether a link target works from generated docs: relative ones are dead there.
pub(super) fn is_absolute_url(href: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|prefix| href.starts_with(prefix))
}

/// Pushes `text`, with each bare URL in it as an autolink. A piece keeps its source span when
/// the text is spelled in the source as it reads (no escapes or entities) and holds no square
/// bracket that rustdoc could take for an intra-doc link (the writer escapes those); `[]`, as in
/// `string[]`, is no link label.
fn link_bare_urls<'a>(
    text: CowStr<'a>,
    span: Option<Range<usize>>,
    source: &str,
    out: &mut Vec<Spanned<'a>>,
) {
    let verbatim = span.filter(|span| source.get(span.clone()) == Some(&*text));
    let piece_span = |piece: Range<usize>| {
        let spelled = verbatim
            .as_ref()
            .map(|span| span.start + piece.start..span.start + piece.end);
        spelled.filter(|_| !text[piece].replace("[]", "").contains(['[', ']']))
    };
    let mut done = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find("http").map(|k| at + k) {
        let len = bare_url_len(&text[found..]);
        if len == 0 {
            at = found + 4;
            continue;
        }
        if found > done {
            let piece = text[done..found].to_string();
            out.push((Event::Text(piece.into()), piece_span(done..found)));
        }
        let url: CowStr<'a> = text[found..found + len].to_string().into();
        let link = Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: url.clone(),
            title: "".into(),
            id: "".into(),
        };
        out.push((Event::Start(link), None));
        out.push((Event::Text(url), None));
        out.push((Event::End(TagEnd::Link), None));
        (done, at) = (found + len, found + len);
    }
    if done == 0 {
        let span = piece_span(0..text.len());
        out.push((Event::Text(text), span));
    } else if done < text.len() {
        let piece = text[done..].to_string();
        out.push((Event::Text(piece.into()), piece_span(done..text.len())));
    }
}

/// Length of a bare `http(s)://` URL at the start of `s`, minus trailing punctuation that
/// belongs to the sentence (an unbalanced `)` or `]` too); 0 if there is none.
fn bare_url_len(s: &str) -> usize {
    let Some(scheme) = ["https://", "http://"].iter().find(|p| s.starts_with(*p)) else {
        return 0;
    };
    let mut end = s
        .find(|c: char| c.is_whitespace() || "<>\"'`|".contains(c))
        .unwrap_or(s.len());
    while let Some(last) = s[..end].chars().last() {
        let unbalanced =
            |open, close| s[..end].matches(open).count() < s[..end].matches(close).count();
        let trailing = ".,;:!?*_~".contains(last)
            || (last == ')' && unbalanced('(', ')'))
            || (last == ']' && unbalanced('[', ']'));
        if !trailing {
            break;
        }
        end -= 1;
    }
    if end > scheme.len() {
        end
    } else {
        0
    }
}

/// Moves whitespace at the inner edges of emphasis outside it (dropped at the start of a
/// block), drops emphasis and paragraphs around nothing (HTML can make both), and drops
/// whitespace at the end of a line.
fn hug_emphasis(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let delimited = |end: &TagEnd| matches!(end, TagEnd::Strong | TagEnd::Emphasis);
    let mut out: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    for (event, span) in events {
        match event {
            Event::Text(text)
                if text.starts_with(char::is_whitespace)
                    && matches!(out.last(), Some((Event::Start(tag), _)) if delimited(&tag.to_end())) =>
            {
                let start = out.pop().expect("matched above");
                let spaced = match out.last() {
                    None | Some((Event::Start(_) | Event::SoftBreak, _)) => true,
                    Some((Event::Text(before), _)) => before.ends_with(char::is_whitespace),
                    _ => false,
                };
                if !spaced {
                    out.push((Event::Text(" ".into()), None));
                }
                out.push(start);
                let rest = text.trim_start();
                if !rest.is_empty() {
                    out.push((Event::Text(rest.to_string().into()), None));
                }
            }
            Event::End(TagEnd::Paragraph)
                if matches!(out.last(), Some((Event::Start(Tag::Paragraph), _))) =>
            {
                out.pop();
            }
            // Whitespace before the end of a line is not part of the text (HTML may leave some).
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) | Event::SoftBreak
                if matches!(out.last(), Some((Event::Text(text), _)) if text.ends_with(' ')) =>
            {
                if let Some((Event::Text(text), _)) = out.pop() {
                    let rest = text.trim_end();
                    if !rest.is_empty() {
                        out.push((Event::Text(rest.to_string().into()), None));
                    }
                }
                out.push((event, span));
            }
            Event::End(end) if delimited(&end) => {
                let mut space = false;
                if let Some((Event::Text(text), _)) = out.last() {
                    if text.ends_with(char::is_whitespace) {
                        let rest = text.trim_end().to_string();
                        out.pop();
                        if !rest.is_empty() {
                            out.push((Event::Text(rest.into()), None));
                        }
                        space = true;
                    }
                }
                if matches!(out.last(), Some((Event::Start(_), _))) {
                    out.pop();
                } else {
                    out.push((Event::End(end), span));
                }
                if space {
                    out.push((Event::Text(" ".into()), None));
                }
            }
            event => out.push((event, span)),
        }
    }
    out
}
