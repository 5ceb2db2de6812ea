//! HTML in descriptions to the Markdown events it stands for.
//!
//! pulldown-cmark hands over HTML two ways: a tag inside a paragraph is one `InlineHtml` event
//! (its text around it is Markdown), and a block that starts with a tag is raw HTML up to the
//! next blank line. Both are tokenized by html5gum and mapped by one converter: `<b>`/`<strong>`
//! and `<i>`/`<em>` become emphasis, `<code>` a code span, `<a href>` a link (absolute targets
//! only: relative ones are dead in generated docs), `<pre>` a `text` code block, `<br>` stays
//! (rustdoc renders it, and Markdown has no line break without trailing whitespace). In an HTML
//! block, `<p>`, `<div>` and friends separate paragraphs, `<ul>`/`<ol>`/`<li>` make lists and
//! headings become bold paragraphs; inside a Markdown paragraph they split it (or break the
//! line, inside emphasis or a link). Other known tags are dropped (their text is kept). An
//! unknown `<tag>` in a Markdown paragraph is text, as it reads (`<token>`); in an HTML
//! block it is dropped, as a browser would.

use std::ops::Range;

use html5gum::{Token, Tokenizer};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::rewrite::is_absolute_url;
use super::Spanned;

/// Tags that separate paragraphs; their text is kept.
const BLOCK_TAGS: &str = "p div table thead tbody tfoot tr section article header footer nav \
    main aside figure figcaption blockquote dl dt dd details summary center caption hr html body \
    ul ol li h1 h2 h3 h4 h5 h6";
/// Tags dropped without a trace; their text is kept.
const DROPPED_TAGS: &str = "span img u s sup sub small big font mark del ins abbr cite kbd tt \
    var samp strike label iframe colgroup col q";

/// Whether `name` is one of the space-separated names in `list`.
fn listed(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|listed| listed == name)
}

/// Replaces every HTML event with Markdown events.
pub(super) fn to_markdown(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut html = Converter::default();
    let mut block: Option<String> = None;
    for (event, span) in events {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(String::new()),
            Event::Html(text) => block.get_or_insert_default().push_str(&text),
            Event::End(TagEnd::HtmlBlock) => {
                html.in_block = true;
                html.tokens(&block.take().unwrap_or_default());
                html.close_html();
                html.in_block = false;
            }
            // `<br>` is kept as it is (see above).
            Event::InlineHtml(ref text) if text.eq_ignore_ascii_case("<br>") => {
                html.push(event, span)
            }
            Event::InlineHtml(text) => {
                if !html.tokens(&text) {
                    html.text(text, None);
                }
            }
            Event::Text(text) => html.text(text, span),
            Event::Code(text) if html.code.is_some() => html.text(text, None),
            Event::SoftBreak | Event::HardBreak if html.code.is_some() => {
                let in_pre = html.code.as_ref().is_some_and(|(_, block)| *block);
                html.text(if in_pre { "\n" } else { " " }.into(), None);
            }
            Event::Start(tag) => html.start(tag, span, false),
            Event::End(end) => html.end(end, span),
            event => html.push(event, span),
        }
    }
    html.out
}

/// The output, every element open in it, and the text of an open `<code>` or `<pre>`.
#[derive(Default)]
struct Converter<'a> {
    out: Vec<Spanned<'a>>,
    /// What closes each open element, and whether an HTML tag opened it.
    open: Vec<(TagEnd, bool)>,
    code: Option<(String, bool)>,
    /// Converting an HTML block (else, tags inside a Markdown paragraph).
    in_block: bool,
}

impl<'a> Converter<'a> {
    /// Maps every token of `html`; false if it holds a tag this converter does not know.
    fn tokens(&mut self, html: &str) -> bool {
        let mut known = true;
        for token in Tokenizer::new(html).flatten() {
            known &= match token {
                Token::StartTag(tag) => {
                    let href = tag.attributes.get(b"href".as_slice());
                    let href = href.map(|value| String::from_utf8_lossy(value).into_owned());
                    self.tag(&String::from_utf8_lossy(&tag.name), false, href)
                }
                Token::EndTag(tag) => self.tag(&String::from_utf8_lossy(&tag.name), true, None),
                Token::String(text) => {
                    let text = String::from_utf8_lossy(&text).into_owned();
                    self.text(text.into(), None);
                    true
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => true,
            };
        }
        known
    }

    /// Maps one tag; false if it is not one this converter knows.
    fn tag(&mut self, name: &str, closing: bool, href: Option<String>) -> bool {
        let heading = name.len() == 2 && name.starts_with('h') && name != "hr";
        match (name, closing) {
            ("b" | "strong", false) => self.start_inline(Tag::Strong),
            ("i" | "em", false) => self.start_inline(Tag::Emphasis),
            ("b" | "strong", true) => self.close(TagEnd::Strong),
            ("i" | "em", true) => self.close(TagEnd::Emphasis),
            ("a", false) => {
                if let Some(href) = href.filter(|href| is_absolute_url(href)) {
                    let link = Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: href.into(),
                        title: "".into(),
                        id: "".into(),
                    };
                    self.start_inline(link);
                }
            }
            ("a", true) => self.close(TagEnd::Link),
            ("code", false) if self.code.is_none() => self.code = Some((String::new(), false)),
            ("code", true) if matches!(self.code, Some((_, false))) => self.flush_code(),
            ("code", _) => {} // inside `<pre>`
            ("pre", false) => {
                self.break_paragraph();
                self.code = Some((String::new(), true));
            }
            ("pre", true) => self.flush_code(),
            ("br", _) => match &mut self.code {
                Some((text, _)) => text.push('\n'),
                None => self.inline(Event::InlineHtml("<br>".into())),
            },
            ("td" | "th", _) => self.text(" ".into(), None),
            (_, false) if heading && self.in_block => {
                self.close_paragraph();
                self.start(Tag::Paragraph, None, true);
                self.start(Tag::Strong, None, true);
            }
            ("ul" | "ol", false) if self.in_block => {
                self.close_paragraph();
                let start = (name == "ol").then_some(1);
                self.start(Tag::List(start), None, true);
            }
            ("ul" | "ol", true) if self.in_block => self.close(TagEnd::List(name == "ol")),
            ("li", false) if self.in_block => {
                self.close_paragraph();
                if matches!(self.open.last(), Some((TagEnd::Item, true))) {
                    self.close(TagEnd::Item);
                }
                if !matches!(self.open.last(), Some((TagEnd::List(_), _))) {
                    self.start(Tag::List(None), None, true);
                }
                self.start(Tag::Item, None, true);
            }
            ("li", true) if self.in_block => self.close(TagEnd::Item),
            _ if listed(BLOCK_TAGS, name) => self.break_paragraph(),
            _ => return listed(DROPPED_TAGS, name),
        }
        true
    }

    /// Text: collected inside `<code>`/`<pre>`; in an HTML block, whitespace collapsed as a
    /// browser would and a paragraph opened for it.
    fn text(&mut self, text: CowStr<'a>, span: Option<Range<usize>>) {
        if let Some((code, _)) = &mut self.code {
            code.push_str(&text);
            return;
        }
        let text = if self.in_block {
            collapse_whitespace(&text).into()
        } else {
            text
        };
        // At the start of a line, whitespace would be written as an entity.
        let line_start = matches!(
            self.out.last(),
            None | Some((Event::Start(_) | Event::SoftBreak, _))
        ) || (self.in_block && !self.in_inline());
        let trailing_space =
            matches!(self.out.last(), Some((Event::Text(t), _)) if t.ends_with(' '));
        let trimmed = if line_start || trailing_space {
            text.trim_start()
        } else {
            &text
        };
        if trimmed.is_empty() {
            return;
        }
        let span = span.filter(|_| trimmed.len() == text.len());
        match self.in_block {
            true => self.inline(Event::Text(trimmed.to_string().into())),
            false if span.is_some() => self.push(Event::Text(text), span),
            false => self.push(Event::Text(trimmed.to_string().into()), None),
        }
    }

    /// Where a block-level tag stands: in an HTML block, the paragraph ends; in a Markdown
    /// paragraph, it is split in two (when no inline element is open), else the line breaks.
    fn break_paragraph(&mut self) {
        if self.in_block {
            self.close_paragraph();
        } else if matches!(self.open.last(), Some((TagEnd::Paragraph, _))) {
            self.push(Event::End(TagEnd::Paragraph), None);
            self.push(Event::Start(Tag::Paragraph), None);
        } else if !matches!(
            self.out.last(),
            Some((Event::Start(_) | Event::SoftBreak, _))
        ) {
            self.push(Event::SoftBreak, None);
        }
    }

    /// Pushes an inline event, opening a paragraph for it first in an HTML block if needed.
    fn inline(&mut self, event: Event<'a>) {
        if self.in_block && !self.in_inline() {
            self.start(Tag::Paragraph, None, true);
        }
        self.push(event, None);
    }

    /// Whether inline content may go where the output stands.
    fn in_inline(&self) -> bool {
        !matches!(
            self.open.last(),
            None | Some((
                TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition,
                _
            ))
        )
    }

    fn push(&mut self, event: Event<'a>, span: Option<Range<usize>>) {
        self.out.push((event, span));
    }

    fn start(&mut self, tag: Tag<'a>, span: Option<Range<usize>>, from_html: bool) {
        self.open.push((tag.to_end(), from_html));
        self.push(Event::Start(tag), span);
    }

    /// Opens an HTML inline element (in a paragraph of its own, in an HTML block, if needed).
    fn start_inline(&mut self, tag: Tag<'a>) {
        if self.in_block && !self.in_inline() {
            self.start(Tag::Paragraph, None, true);
        }
        self.start(tag, None, true);
    }

    /// A Markdown element ends: HTML elements opened inside it end first.
    fn end(&mut self, end: TagEnd, span: Option<Range<usize>>) {
        self.close_html();
        self.open.pop();
        self.push(Event::End(end), span);
    }

    /// An HTML closing tag: ends the innermost matching HTML element and those inside it; a
    /// closing tag without an opening one is dropped.
    fn close(&mut self, end: TagEnd) {
        self.flush_code();
        let html_run = self.open.iter().rev().take_while(|(_, html)| *html).count();
        let Some(depth) = self.open[self.open.len() - html_run..]
            .iter()
            .rposition(|(open, _)| *open == end)
        else {
            return;
        };
        let at = self.open.len() - html_run + depth;
        for (open, _) in self.open.split_off(at).into_iter().rev() {
            self.push(Event::End(open), None);
        }
    }

    /// Ends the HTML paragraph (and the inline elements in it) the output is in, if any.
    fn close_paragraph(&mut self) {
        self.flush_code();
        while let Some((open, true)) = self.open.last().cloned() {
            if matches!(open, TagEnd::List(_) | TagEnd::Item) {
                break;
            }
            self.open.pop();
            self.push(Event::End(open), None);
        }
    }

    /// Ends every element an HTML block opened.
    fn close_html(&mut self) {
        self.flush_code();
        while let Some((open, true)) = self.open.last().cloned() {
            self.open.pop();
            self.push(Event::End(open), None);
        }
    }

    /// Emits the collected `<code>` as a code span, or `<pre>` as a `text` code block.
    fn flush_code(&mut self) {
        let Some((text, block)) = self.code.take() else {
            return;
        };
        if block {
            // Inside a Markdown paragraph, the block goes between its two halves.
            let split = matches!(self.out.last(), Some((Event::Start(Tag::Paragraph), _)));
            if !split && !self.in_block {
                // Inside emphasis or a link: a code span is all that fits.
                self.code = Some((text, false));
                return self.flush_code();
            }
            if split {
                self.out.pop();
            }
            let body = format!("{}\n", text.trim_matches('\n'));
            let info = CodeBlockKind::Fenced("text".into());
            self.start(Tag::CodeBlock(info), None, true);
            self.push(Event::Text(body.into()), None);
            self.close(TagEnd::CodeBlock);
            if split {
                self.push(Event::Start(Tag::Paragraph), None);
            }
        } else {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                self.inline(Event::Code(text.into()));
            }
        }
    }
}

/// `text` with each run of whitespace as one space, as a browser shows it.
fn collapse_whitespace(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let space = |edge: Option<char>| {
        if edge.is_some_and(char::is_whitespace) {
            " "
        } else {
            ""
        }
    };
    if words.is_empty() {
        return space(text.chars().next()).to_string();
    }
    format!(
        "{}{words}{}",
        space(text.chars().next()),
        space(text.chars().last())
    )
}
