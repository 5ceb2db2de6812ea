//! Spec descriptions (HTML and/or CommonMark) to markdown that rustdoc and clippy accept.
//!
//! A small pipeline: unify line endings and tabs, dedent; split into prose, code and quote
//! blocks; turn the HTML in prose into markdown; dedent and split again (HTML `<pre>` became
//! fences); fix line structure and escape inline prose; tidy blank lines. Quotes go through the
//! same stages recursively. Code (fenced, indented, inline spans) is never rewritten except for
//! a fence's info string, which is made non-Rust so rustdoc never runs a doctest.

/// Turns a spec description (HTML and/or CommonMark) into markdown that rustdoc renders cleanly
/// and without warnings. Returns an empty string for blank input. Output lines have no trailing
/// whitespace, paragraphs are separated by one blank line, no leading/trailing blank lines.
pub fn to_rustdoc(text: &str) -> String {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    tidy(&markdown_stage(&dedent(&html_stage(&dedent(&text)))))
}

/// First stage: HTML to markdown in prose, everywhere but code.
fn html_stage(text: &str) -> String {
    render(&split_blocks(text), html_to_markdown, html_stage)
}

/// Second stage: line fixes and inline escaping in prose, everywhere but code.
fn markdown_stage(text: &str) -> String {
    render(
        &split_blocks(text),
        |p| escape_inline(&fix_lines(p), false),
        markdown_stage,
    )
}

/// Tags rendered as paragraph breaks; their inner text is kept.
const BLOCK_TAGS: &str = "div table thead tbody tfoot tr section article header footer nav \
    main aside figure figcaption blockquote dl dt dd details summary center caption hr html body";
/// Tags dropped without a trace; their inner text is kept.
const INLINE_TAGS: &str = "span img u s sup sub small big font mark del ins abbr cite kbd tt \
    var samp strike label iframe colgroup col q";
/// Tags with a markdown equivalent (see `Html::tag`).
const MAPPED_TAGS: &str = "p br b strong i em code a ul ol li pre td th h1 h2 h3 h4 h5 h6";

/// Tags that start a CommonMark HTML block (type 6), which ends a paragraph.
const HTML_BLOCK_TAGS: &str = "address article aside base basefont blockquote body caption \
    center col colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form \
    frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu \
    menuitem nav noframes ol optgroup option p param search section summary table tbody td \
    tfoot th thead title tr track ul";

/// Whether `name` is one of the space-separated names in `list`.
fn listed(list: &str, name: &str) -> bool {
    list.split_whitespace().any(|t| t == name)
}

/// A run of prose lines, a code block (an indented block gets a synthetic fence), or the
/// content of a block quote with its `>` markers removed.
enum Block {
    Prose(String),
    /// `lead` precedes the opening fence (indentation, or a list marker); the closing fence is
    /// indented by `indent`.
    Code {
        lead: String,
        indent: usize,
        fence: String,
        info: String,
        body: String,
    },
    Quote {
        indent: usize,
        inner: String,
    },
}

/// Drops indentation common to every line, as rustdoc would (and YAML block scalars may keep
/// some); tabs were expanded first, for clippy's `tabs_in_doc_comments`.
fn dedent(text: &str) -> String {
    let strip = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(indent_of)
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.get(strip..).unwrap_or(""))
        .collect();
    lines.join("\n")
}

/// Splits text into prose, code and quote blocks, so that later passes never touch code.
fn split_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut blocks, mut prose) = (Vec::new(), String::new());
    // Content column of the list item the text is in, if any (indented code sits past it), and
    // whether that item is empty so far (then a blank line ends it).
    let (mut after_blank, mut list, mut empty_item, mut i) = (true, None, false, 0);
    while i < lines.len() {
        let (line, indent) = (squeeze_items(lines[i]), indent_of(lines[i]));
        let blank = line.trim().is_empty();
        if after_blank && !blank && list.is_some_and(|c| indent < c) {
            list = None; // the list item ended at the blank line
        }
        // Less indented than the item's content, a line is read at the outer level.
        let base = list.filter(|&c| indent >= c).unwrap_or(0);
        // CommonMark: 4+ spaces (past the list item's column) after a blank line is an indented
        // code block. Raw HTML lines are exempt: their indentation is layout, and tags go away.
        let indented = indent >= base + 4 && after_blank && !blank;
        let block = if indented && parse_tag(line.trim_start()).is_none() {
            Some(take_indented(&lines, i, base))
        } else if indent >= base + 4 {
            None // continues a paragraph
        } else if line.trim_start().starts_with('>') {
            Some(take_quote(&lines, i, base))
        } else {
            // A fence may open a list item (`- ```json`) as well as a line; inside a list item
            // it ends with the item, at the first line indented less than the item's content.
            let marker = item_content(&line, base).filter(|&c| c < line.len());
            let lead = marker.unwrap_or(indent);
            let container = marker.unwrap_or(base);
            fence_open(&line[lead..]).map(|(fence, info)| {
                take_fenced(&lines, i, (&line[..lead], container), fence, info)
            })
        };
        if let Some((block, next)) = block {
            blocks.push(Block::Prose(std::mem::take(&mut prose)));
            blocks.push(block);
            (after_blank, i) = (true, next);
            continue;
        }
        prose.push_str(&line);
        prose.push('\n');
        if !blank {
            let item = item_content(&line, base);
            list = item.or(if indent == 0 { None } else { list });
            empty_item = item.is_some_and(|c| c >= line.len());
        } else if std::mem::take(&mut empty_item) {
            list = None;
        }
        (after_blank, i) = (blank, i + 1);
    }
    blocks.push(Block::Prose(prose));
    blocks
}

/// `line` with one space after each list marker that has more than four (CommonMark would read
/// the rest as indented code, which rustdoc would compile).
fn squeeze_items(line: &str) -> String {
    let (mut out, mut rest) = (String::new(), line);
    while let Some(content) = list_item(rest, 0).filter(|&c| c < rest.len()) {
        let (head, tail) = rest.split_at(content);
        out.push_str(head);
        rest = tail.trim_start();
    }
    out + rest
}

/// Collects the `>` lines of a block quote starting at `lines[i]`, each without its marker
/// (and one space after it). A following line without `>` is left out: it becomes its own
/// paragraph, which also avoids clippy's `doc_lazy_continuation`.
fn take_quote(lines: &[&str], i: usize, base: usize) -> (Block, usize) {
    let quoted = |l: &str| indent_of(l) < base + 4 && l.trim_start().starts_with('>');
    let end = i + lines[i..].iter().take_while(|l| quoted(l)).count();
    let inner = lines[i..end]
        .iter()
        .map(|l| {
            let content = &l.trim_start()[1..];
            format!("{}\n", content.strip_prefix(' ').unwrap_or(content))
        })
        .collect();
    (
        Block::Quote {
            indent: indent_of(lines[i]),
            inner,
        },
        end,
    )
}

/// Content column of the list item(s) opening `line` (`- 1. text` nests two), if any.
fn item_content(line: &str, base: usize) -> Option<usize> {
    let mut col = list_item(line, base)?;
    while let Some(c) = line.get(col..).and_then(|rest| list_item(rest, 0)) {
        col += c;
    }
    Some(col)
}

/// Collects a fenced block opening `lines[i]` after `lead` (indentation or list markers), in a
/// list item whose content starts at column `container` (0 if none). An unclosed fence ends
/// with its container.
fn take_fenced(
    lines: &[&str],
    i: usize,
    (lead, container): (&str, usize),
    fence: String,
    info: String,
) -> (Block, usize) {
    let inside = |l: &str| l.trim().is_empty() || indent_of(l) >= container;
    let end = i + 1 + lines[i + 1..].iter().take_while(|l| inside(l)).count();
    let close = (i + 1..end).find(|&j| is_fence_close(lines[j], &fence));
    let body = lines[i + 1..close.unwrap_or(end)]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
    let (lead, indent) = (lead.to_string(), lead.len());
    (
        Block::Code {
            lead,
            indent,
            fence,
            info,
            body,
        },
        close.map_or(end, |c| c + 1),
    )
}

/// Collects an indented code block starting at `lines[i]` inside a container whose content
/// starts at column `base`; the fence goes at `base` and the body loses four spaces.
fn take_indented(lines: &[&str], i: usize, base: usize) -> (Block, usize) {
    let end = (i..lines.len())
        .take_while(|&j| lines[j].trim().is_empty() || indent_of(lines[j]) >= base + 4)
        .filter(|&j| !lines[j].trim().is_empty())
        .last()
        .map_or(i + 1, |j| j + 1);
    let body: String = lines[i..end]
        .iter()
        .map(|l| format!("{}\n", l.get(4..).unwrap_or("")))
        .collect();
    let fence = fence_for(&body);
    (
        Block::Code {
            lead: " ".repeat(base),
            indent: base,
            fence,
            info: String::new(),
            body,
        },
        end,
    )
}

/// Reassembles blocks: prose through `prose_fn`, quotes through `quote_fn` (then re-marked),
/// and every fence made non-Rust.
fn render(
    blocks: &[Block],
    prose_fn: impl Fn(&str) -> String,
    quote_fn: fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            // Prose passes may swallow the final newline (the HTML pass skips whitespace).
            Block::Prose(text) => {
                out.push_str(&prose_fn(text));
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            Block::Code {
                lead,
                indent,
                fence,
                info,
                body,
            } => {
                let (pad, info) = (" ".repeat(*indent), safe_info(info));
                out.push_str(&format!("{lead}{fence}{info}\n{body}{pad}{fence}\n"));
            }
            Block::Quote { indent, inner } => {
                let pad = " ".repeat(*indent);
                for line in tidy(&quote_fn(inner)).lines() {
                    let sep = if line.is_empty() { "" } else { " " };
                    out.push_str(&format!("{pad}>{sep}{line}\n"));
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Keeps a fence's language unless rustdoc would compile it (no language, `rust`, or a rustdoc
/// attribute such as `no_run`) or reject it (odd characters); those become `text`. Only the
/// first word is kept, so no rustdoc attribute can follow it.
fn safe_info(info: &str) -> String {
    let lang = info.split([',', ' ']).next().unwrap_or("");
    // rustdoc's attribute syntax: a word of ASCII letters, digits, `_` and `-`.
    let plain = lang.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && lang
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let t = lang.to_ascii_lowercase().replace(['-', '_'], "");
    let rust_attrs = [
        "",
        "rust",
        "rs",
        "norun",
        "shouldpanic",
        "compilefail",
        "testharness",
    ];
    let rustish = rust_attrs.contains(&t.as_str())
        || ["ignore", "edition", "standalone", "allowfail"]
            .iter()
            .any(|a| t.starts_with(a));
    if rustish || !plain {
        "text".to_string()
    } else {
        lang.to_string()
    }
}

/// Converts the HTML tags and entities of one prose block into markdown, skipping code spans.
fn html_to_markdown(s: &str) -> String {
    let mut h = Html::default();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if std::mem::take(&mut h.skip_ws) && rest.starts_with(char::is_whitespace) {
            i = s.len() - rest.trim_start().len();
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        let mut next = i + c.len_utf8();
        if c == '\\' && rest.as_bytes().get(1).is_some_and(u8::is_ascii_punctuation) {
            next = i + 2;
            h.out.push_str(&s[i..next]);
        } else if c == '`' {
            next = code_span_end(s, i).unwrap_or(i + run_len(s, i));
            h.out.push_str(&s[i..next]);
        } else if let Some(end) = rest.strip_prefix("<!--").and_then(|r| r.find("-->")) {
            next = i + 4 + end + 3;
        } else if let Some(tag) = parse_tag(rest) {
            next = h.tag(&tag, s, i + tag.len);
        } else if let Some((ch, len)) = entity_at(rest) {
            next = i + len;
            h.out.push(ch);
        } else {
            h.out.push(c);
        }
        i = next;
    }
    h.out
}

/// Output and open-element state of the HTML-to-markdown pass.
#[derive(Default)]
struct Html {
    out: String,
    /// Open `<a>` elements: the href (if usable) and where the link text starts in `out`.
    links: Vec<Option<(String, usize)>>,
    lists: usize,
    skip_ws: bool,
}

impl Html {
    /// Renders one tag; `after` is the index just past it, and the index to resume at is returned.
    fn tag(&mut self, tag: &Tag, s: &str, after: usize) -> usize {
        let name = tag.name.as_str();
        match (name, tag.closing) {
            ("p", _) if self.lists > 0 => self.space(),
            ("p", _) => self.brk(2),
            ("br", _) => {
                self.trim_end();
                self.out.push('\n');
                self.skip_ws = true;
            }
            ("b" | "strong", closing) => self.emphasis("**", closing, &s[after..]),
            ("i" | "em", closing) => self.emphasis("*", closing, &s[after..]),
            ("code", false) => {
                if let Some(end) = find_ci(s, after, "</code>") {
                    self.out.push_str(&code_span(&plain_text(&s[after..end])));
                    return end + "</code>".len();
                }
            }
            ("pre", false) => {
                if let Some(end) = find_ci(s, after, "</pre>") {
                    self.brk(2);
                    self.out
                        .push_str(&fenced(plain_text(&s[after..end]).trim_matches('\n')));
                    self.brk(2);
                    return end + "</pre>".len();
                }
            }
            ("a", false) => {
                let href = attr_value(tag.attrs, "href").filter(|h| is_absolute_url(h));
                if href.is_some() {
                    self.out.push('[');
                }
                self.links.push(href.map(|h| (h, self.out.len())));
            }
            ("a", true) => {
                if let Some(Some((href, start))) = self.links.pop() {
                    let dest = link_dest(&href);
                    if self.out.len() == start {
                        self.out.pop();
                        self.out.push_str(&format!("<{dest}>"));
                    } else {
                        self.out.push_str(&format!("]({dest})"));
                    }
                }
            }
            ("ul" | "ol", false) => {
                self.brk(if self.lists == 0 { 2 } else { 1 });
                self.lists += 1;
            }
            ("ul" | "ol", true) => {
                self.lists = self.lists.saturating_sub(1);
                self.brk(if self.lists == 0 { 2 } else { 1 });
            }
            ("li", false) => {
                self.brk(1);
                self.out
                    .push_str(&"  ".repeat(self.lists.saturating_sub(1)));
                self.out.push_str("- ");
            }
            ("li", true) => self.brk(1),
            ("td" | "th", _) => self.space(),
            // Headings become bold paragraphs, to stay out of rustdoc's heading hierarchy.
            (h, false) if h.len() == 2 && h.starts_with('h') && h != "hr" => {
                self.brk(2);
                self.out.push_str("**");
            }
            (h, true) if h.len() == 2 && h.starts_with('h') && h != "hr" => {
                self.trim_end();
                self.out.push_str("**");
                self.brk(2);
            }
            (n, _) if listed(BLOCK_TAGS, n) => self.brk(2),
            _ => {}
        }
        after
    }

    /// Removes trailing spaces from the output; reports whether there were any.
    fn trim_end(&mut self) -> bool {
        let len = self.out.trim_end_matches(' ').len();
        let trimmed = len < self.out.len();
        self.out.truncate(len);
        trimmed
    }

    /// Ends the current line with at least `newlines` newlines and skips the source's whitespace.
    fn brk(&mut self, newlines: usize) {
        self.trim_end();
        let have = self.out.len() - self.out.trim_end_matches('\n').len();
        if !self.out.is_empty() {
            self.out
                .push_str(&"\n".repeat(newlines.saturating_sub(have)));
        }
        self.skip_ws = true;
    }

    /// Separates words where a tag stood, without doubling whitespace.
    fn space(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
        self.skip_ws = true;
    }

    /// Emphasis markers must hug the text (`** x **` is not bold), so move whitespace outside.
    fn emphasis(&mut self, mark: &str, closing: bool, next: &str) {
        if closing {
            let had_space = self.trim_end();
            self.out.push_str(mark);
            if had_space {
                self.out.push(' ');
            }
        } else {
            if next.starts_with(char::is_whitespace) {
                self.space();
            }
            self.out.push_str(mark);
        }
    }
}

/// A recognized HTML tag at the start of some text.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    len: usize,
}

/// Parses a known HTML tag at the start of `s`; anything else (`<contact_id>`, `a < b`) is text.
fn parse_tag(s: &str) -> Option<Tag<'_>> {
    let b = s.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if b.first() != Some(&b'<') || !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let after = start
        + s[start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
    let name = s[start..after].to_ascii_lowercase();
    let known = [BLOCK_TAGS, INLINE_TAGS, MAPPED_TAGS]
        .iter()
        .any(|l| listed(l, &name));
    if !known || !matches!(b.get(after), Some(b'>' | b'/' | b' ' | b'\n')) {
        return None;
    }
    let end = after
        + s[after..]
            .find(['<', '>'])
            .filter(|&k| b[after + k] == b'>')?;
    let attrs = &s[after..end];
    // `<a then b>` in prose is not a tag: real attributes have values.
    let bare = attrs.trim().trim_end_matches('/');
    (bare.is_empty() || bare.contains('=')).then(|| Tag {
        name,
        closing,
        attrs,
        len: end + 1,
    })
}

/// The (entity-decoded) value of attribute `key`, quoted or not.
fn attr_value(attrs: &str, key: &str) -> Option<String> {
    let pos = attrs.to_ascii_lowercase().find(&format!("{key}="))?;
    let rest = &attrs[pos + key.len() + 1..];
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next()?,
        _ => rest.split(char::is_whitespace).next()?,
    };
    Some(decode_entities(value))
}

/// The character an HTML entity at the start of `s` stands for, and the entity's length.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let named = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
    ];
    if let Some((e, c)) = named
        .iter()
        .chain(&[("&nbsp;", ' ')])
        .find(|(e, _)| s.starts_with(e))
    {
        return Some((*c, e.len()));
    }
    let body = s.strip_prefix("&#")?;
    let end = body.find(';').filter(|&e| e <= 8)?;
    let code = match body[..end].strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => body[..end].parse().ok()?,
    };
    Some((char::from_u32(code)?, end + 3))
}

/// Replaces every HTML entity in `s`.
fn decode_entities(s: &str) -> String {
    plain_text_with(s, false)
}

/// Text content of an HTML fragment (inside `<code>`/`<pre>`): tags dropped, entities decoded.
fn plain_text(s: &str) -> String {
    plain_text_with(s, true)
}

/// Shared scanner of `decode_entities` and `plain_text`.
fn plain_text_with(s: &str, strip_tags: bool) -> String {
    let (mut out, mut i) = (String::new(), 0);
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        if let Some(tag) = parse_tag(rest).filter(|_| strip_tags) {
            out.push_str(if tag.name == "br" { "\n" } else { "" });
            i += tag.len;
        } else if let Some((ch, len)) = entity_at(rest) {
            out.push(ch);
            i += len;
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// `s` as one inline code span, with enough backticks to hold any it contains.
fn code_span(s: &str) -> String {
    let s = s.replace('\n', " ");
    let s = s.trim();
    if s.is_empty() {
        return String::new();
    }
    let ticks = "`".repeat(longest_run(s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

/// `body` as a fenced `text` block.
fn fenced(body: &str) -> String {
    let fence = fence_for(body);
    format!("{fence}text\n{body}\n{fence}")
}

/// A backtick fence longer than any backtick run in `body`, so the body cannot close it.
fn fence_for(body: &str) -> String {
    "`".repeat((longest_run(body, '`') + 1).max(3))
}

/// Only absolute links survive: relative ones are dead in generated docs, and rustdoc would try
/// to resolve path-like ones as intra-doc links.
fn is_absolute_url(href: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| href.starts_with(p))
}

/// Percent-encodes the characters that would end a markdown link destination early.
fn link_dest(href: &str) -> String {
    let codes = [
        (' ', "%20"),
        ('(', "%28"),
        (')', "%29"),
        ('<', "%3C"),
        ('>', "%3E"),
    ];
    href.chars()
        .map(|c| {
            codes
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(c.to_string(), |(_, v)| v.to_string())
        })
        .collect()
}

/// Line-level fixes: headings become bold paragraphs (rustdoc's heading hierarchy belongs to
/// the item) and setext underlines text; a list item's continuation lines (clippy's
/// `doc_lazy_continuation`) get the item's exact indentation, or a blank line before them when
/// they are not indented at all; no other line keeps enough indentation to become code.
fn fix_lines(prose: &str) -> String {
    // Content column of the list item the previous line belongs to, and of the last item before
    // a blank line (a paragraph indented that far still belongs to it).
    let (mut out, mut item, mut last_item) = (Vec::<String>::new(), None, None);
    let mut lines = prose.lines().peekable();
    while let Some(line) = lines.next() {
        let (indent, text) = (indent_of(line), line.trim_start());
        // Less indented than the item's content, a line is read at the outer level.
        let base = item.or(last_item).filter(|&c| indent >= c).unwrap_or(0);
        // After a blank line or a thematic break, indentation would start a code block.
        let after_blank = out.last().is_none_or(|l| l.is_empty() || is_thematic(l));
        let (trimmed, dashes) = (text.trim_end(), text.trim_end().trim_matches('-'));
        let underline =
            !trimmed.is_empty() && (dashes.is_empty() || dashes.trim_matches('=').is_empty());
        if text.is_empty() {
            last_item = item.or(last_item);
            item = None;
            out.push(String::new());
        } else if let Some(heading) = heading_text(line) {
            out.push(String::new());
            if !heading.is_empty() {
                out.extend([format!("**{heading}**"), String::new()]);
            }
            (item, last_item) = (None, None);
        } else if underline && !after_blank && item.is_none() && indent < 4 {
            out.push(format!("\\{trimmed}")); // a setext heading underline, kept as text
        } else if let Some(content) = item_content(line, base)
            // An empty item cannot start a list inside a paragraph: it continues the paragraph.
            .filter(|&c| c < line.len() || after_blank || item.is_some_and(|i| indent < i))
        {
            // A heading in an item becomes bold too.
            let (marker, text) = line.split_at(content.min(line.len()));
            let text = heading_text(text).map_or(text.into(), |h| {
                if h.is_empty() {
                    h.into()
                } else {
                    format!("**{h}**")
                }
            });
            out.push(format!("{marker}{text}"));
            item = Some(content);
            if content >= line.len() && lines.peek().is_some() {
                // An empty item is left empty: clippy misreads the indentation of an item whose
                // text starts on its second line. (A code block right after it stays inside.)
                out.push(String::new());
                (item, last_item) = (None, None);
            }
        } else if let Some(content) = item {
            if indent == 0 {
                out.extend([String::new(), line.into()]);
                item = None;
            } else {
                // Re-indented text must not turn into a block (`    - x` was plain text).
                let text = if indent == content {
                    text.into()
                } else {
                    inert(text)
                };
                out.push(format!("{}{text}", " ".repeat(content)));
            }
        } else {
            // Past a blank line we inserted (or a quote, code block or heading), indentation
            // would start a code block: cut it back, so that the text stays inert.
            if after_blank && indent >= base + 4 {
                out.push(format!("{}{}", " ".repeat(base), inert(text)));
            } else {
                out.push(line.into());
            }
            item = last_item.filter(|&c| indent >= c);
            last_item = None;
        }
    }
    out.iter().map(|l| format!("{l}\n")).collect()
}

/// The text of an ATX heading line (`## Title ##` gives `Title`, `#` an empty one), if any.
fn heading_text(line: &str) -> Option<&str> {
    let t = line.strip_prefix(&" ".repeat(indent_of(line).min(3)))?;
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    let rest = &t[hashes..];
    if !(1..=6).contains(&hashes) || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let text = rest.trim();
    let closed = text.trim_end_matches('#');
    let text = if closed.is_empty() || closed.ends_with(' ') {
        closed.trim_end()
    } else {
        text
    };
    Some(
        text.strip_prefix("**")
            .and_then(|t| t.strip_suffix("**"))
            .unwrap_or(text),
    )
}

/// Escapes prose so rustdoc sees neither HTML tags, broken intra-doc links nor bare URLs.
fn escape_inline(s: &str, in_link: bool) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let mut next = i + c.len_utf8();
        match c {
            '\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                next = i + 2;
                out.push_str(&s[i..next]);
            }
            // A literal backslash must not escape the `<` of an autolink we may add next.
            '\\' if b.get(i + 1).is_some_and(|&n| n != b'\n') => out.push_str("\\\\"),
            '`' => {
                next = code_span_end(s, i).unwrap_or(i + run_len(s, i));
                out.push_str(&s[i..next]);
            }
            '<' => match autolink_end(s, i) {
                Some(end) => {
                    next = end;
                    out.push_str(&s[i..end]);
                }
                None => out.push_str("&lt;"),
            },
            '>' => out.push_str("&gt;"),
            '[' => match link_at(s, i, in_link) {
                Some((rendered, end)) => {
                    next = end;
                    out.push_str(&rendered);
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            'h' if !in_link => match bare_url_len(&s[i..]) {
                0 => out.push(c),
                len => {
                    next = i + len;
                    out.push_str(&format!("<{}>", &s[i..next]));
                }
            },
            _ => out.push(c),
        }
        i = next;
    }
    out
}

/// The closing bracket and the end of a link `[text](dest)` at `s[i]`, by syntax alone. A
/// destination is one word, or `<...>`, maybe with a quoted title.
fn link_syntax(s: &str, i: usize) -> Option<(usize, usize)> {
    let close = matching(s, i, b'[', b']')?;
    if s.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    let end = matching(s, close + 1, b'(', b')')?;
    let dest = s[close + 2..end].trim();
    let (url, title) = dest.split_once(char::is_whitespace).unwrap_or((dest, ""));
    let title = title.trim();
    let quoted = title.len() >= 2
        && ["\"", "'"]
            .iter()
            .any(|q| title.starts_with(q) && title.ends_with(q));
    let angled = url.starts_with('<') && url.ends_with('>');
    let valid = (angled || !url.contains(['<', '>'])) && (title.is_empty() || quoted);
    valid.then_some((close, end))
}

/// Whether `s` holds a link or an autolink (then it cannot be a link's text: the inner one
/// wins).
fn has_link(s: &str) -> bool {
    let (b, mut j) = (s.as_bytes(), 0);
    while j < b.len() {
        match b[j] {
            b'\\' if b.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
            b'`' => j = code_span_end(s, j).unwrap_or(j + run_len(s, j)),
            b'<' if autolink_end(s, j).is_some() => return true,
            b'[' if link_syntax(s, j).is_some() => return true,
            _ => j += 1,
        }
    }
    false
}

/// A markdown link `[text](dest)` at `s[i]`, rendered, and the index after it. Any other
/// bracket is text: reference links and definitions too (the links are not resolved, and a
/// definition would hide its line).
fn link_at(s: &str, i: usize, in_link: bool) -> Option<(String, usize)> {
    // At a paragraph's start, CommonMark reads `[label]:` as a definition (even across a code
    // span): those brackets must be escaped, whatever follows.
    let line_start = s[..i].rfind('\n').map_or(0, |k| k + 1);
    let at_start = s[line_start..i]
        .chars()
        .all(|c| " -*+>.)0123456789".contains(c));
    if at_start && label_end(s, i).is_some_and(|j| s[j + 1..].starts_with(':')) {
        return None;
    }
    let (close, end) = link_syntax(s, i)?;
    let inner = &s[i + 1..close];
    if has_link(inner) {
        return None;
    }
    let (dest, text) = (s[close + 2..end].trim(), escape_inline(inner, true));
    // rustdoc resolves path-like destinations as intra-doc links; keep just the text, unless it
    // is blank or spans lines (what follows would start a line): then the brackets, escaped.
    let path_like = dest
        .chars()
        .all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c));
    let plain = if in_link {
        text.clone()
    } else {
        escape_inline(inner, false)
    };
    let rendered = match path_like {
        true if plain.contains('\n') || plain.trim().is_empty() => format!("\\[{plain}\\]({dest})"),
        true if s[line_start..i].trim().is_empty() => inert(plain.trim_start()),
        true => plain,
        false => format!("[{text}]({dest})"),
    };
    Some((rendered, end + 1))
}

/// Index of the `]` ending a link label opened at `s[i]` (labels hold no other brackets).
fn label_end(s: &str, i: usize) -> Option<usize> {
    let (b, mut j) = (s.as_bytes(), i + 1);
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'[' => return None,
            b']' => return Some(j),
            _ => j += 1,
        }
    }
    None
}

/// Index of the bracket closing the one at `s[i]`, skipping escapes and code spans, within
/// the paragraph.
fn matching(s: &str, i: usize, open: u8, close: u8) -> Option<usize> {
    let b = s.as_bytes();
    let (mut depth, mut j) = (0, i);
    while j < b.len() {
        match b[j] {
            b'\\' if b.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 1,
            b'`' => j = code_span_end(s, j).unwrap_or(j + run_len(s, j)) - 1,
            b'\n' if paragraph_ends(s, j) => return None,
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// End of a CommonMark autolink (`<scheme:...>`) starting at `s[i]`.
fn autolink_end(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i + 1..];
    let scheme = rest
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || b"+.-".contains(c))
        .count();
    let starts_alpha = rest.as_bytes().first().is_some_and(u8::is_ascii_alphabetic);
    if !(2..=32).contains(&scheme) || !starts_alpha || rest.as_bytes().get(scheme) != Some(&b':') {
        return None;
    }
    let end = rest.find(|c: char| c == '<' || c == '>' || c.is_whitespace())?;
    (rest.as_bytes()[end] == b'>' && end > scheme + 1).then_some(i + end + 2)
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

/// Index just past the code span opened by the backtick run at `s[i]`, if it is closed before
/// the paragraph ends (CommonMark code spans may cross single line breaks, not blocks).
fn code_span_end(s: &str, i: usize) -> Option<usize> {
    let n = run_len(s, i);
    let mut j = i + n;
    while j < s.len() {
        match s.as_bytes()[j] {
            b'`' if run_len(s, j) == n => return Some(j + n),
            b'`' => j += run_len(s, j),
            b'\n' if paragraph_ends(s, j) => return None,
            _ => j += 1,
        }
    }
    None
}

/// Whether the line after the newline at `s[j]` ends the paragraph before it.
fn paragraph_ends(s: &str, j: usize) -> bool {
    let line = s[j + 1..].split('\n').next().unwrap_or("");
    line.trim().is_empty() || starts_block(line)
}

/// Whether `line` starts a block: a heading, quote, fence, list item (at any plausible nesting),
/// thematic break or HTML block (types 1 to 6).
fn starts_block(line: &str) -> bool {
    if !line
        .trim_start()
        .starts_with(|c: char| "0123456789-*+#>`~<_".contains(c))
    {
        return false; // the common case, decided cheaply
    }
    let t = line.trim_start().to_ascii_lowercase();
    let name = t.strip_prefix("</").or(t.strip_prefix('<')).map(|r| {
        let n = r.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let boundary = matches!(r.as_bytes().get(n), None | Some(b' ' | b'>' | b'/'));
        (&r[..n], boundary)
    });
    let html = ["<script", "<pre", "<style", "<textarea", "<!", "<?"]
        .iter()
        .any(|p| t.starts_with(p))
        || name.is_some_and(|(n, boundary)| boundary && listed(HTML_BLOCK_TAGS, n));
    list_item(line, 4).is_some_and(|c| c < line.len())
        || indent_of(line) < 4
            && (heading_text(line).is_some()
                || t.starts_with('>')
                || html
                || fence_open(line).is_some()
                || is_thematic(line))
}

/// `text` (a line without its indentation) escaped so that it cannot start a block.
fn inert(text: &str) -> String {
    if !starts_block(text) {
        return text.to_string();
    }
    // Escape the first punctuation character: `- a` -> `\- a`, `1. a` -> `1\. a`.
    let k = text.find(|c: char| c.is_ascii_punctuation()).unwrap_or(0);
    format!("{}\\{}", &text[..k], &text[k..])
}

/// Whether `line` is a thematic break (`***`, `- - -`, `___`).
fn is_thematic(line: &str) -> bool {
    let t = line.trim().replace(' ', "");
    indent_of(line) < 4
        && t.len() >= 3
        && ['*', '-', '_'].iter().any(|&c| t.chars().all(|x| x == c))
}

/// Number of backticks starting at `s[i]`.
fn run_len(s: &str, i: usize) -> usize {
    s.as_bytes()[i..].iter().take_while(|&&b| b == b'`').count()
}

/// Longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    s.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Case-insensitive search for an ASCII `needle` in `s` from `from`.
fn find_ci(s: &str, from: usize, needle: &str) -> Option<usize> {
    s[from..]
        .to_ascii_lowercase()
        .find(needle)
        .map(|k| from + k)
}

/// Leading spaces of a line.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A fence opener (``` or ~~~, any indentation) and its info string.
fn fence_open(line: &str) -> Option<(String, String)> {
    let t = line.trim_start_matches(' ');
    let ch = t.chars().next().filter(|&c| c == '`' || c == '~')?;
    let n = t.chars().take_while(|&c| c == ch).count();
    let info = t[n..].trim();
    (n >= 3 && !(ch == '`' && info.contains('`'))).then(|| (t[..n].to_string(), info.to_string()))
}

/// Whether `line` closes a block opened by `fence`.
fn is_fence_close(line: &str, fence: &str) -> bool {
    let t = line.trim();
    t.len() >= fence.len() && t.chars().all(|c| fence.starts_with(c))
}

/// The content column of a list item line (`- `, `* `, `+ `, `1. `, `1) `), if it is one; an
/// item sits less than four columns past `base`, the content column of its parent item.
fn list_item(line: &str, base: usize) -> Option<usize> {
    let indent = indent_of(line);
    if indent >= base + 4 {
        return None;
    }
    let rest = &line[indent..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    let spaces = indent_of(after);
    match (after.is_empty(), spaces) {
        (true, _) => Some(indent + marker + 1),
        (false, 0) => None,
        (false, 1..=4) => Some(indent + marker + spaces),
        _ => Some(indent + marker + 1),
    }
}

/// Trims trailing whitespace, collapses blank-line runs, drops leading/trailing blank lines.
fn tidy(s: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in s.lines().map(str::trim_end) {
        if !line.is_empty() || lines.last().is_some_and(|l| !l.is_empty()) {
            lines.push(line);
        }
    }
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::to_rustdoc;

    #[test]
    fn blank_input_is_empty() {
        assert_eq!(to_rustdoc(""), "");
        assert_eq!(to_rustdoc("  \n\n \t\n"), "");
    }

    #[test]
    fn intercom_callout_is_kept() {
        let input = "\nYou can view the currently authorised admin along with the embedded app \
                     object (a \"workspace\" in legacy terminology).\n\n> 🚧 Single Sign On\n>\n\
                     > If you call the `/me` endpoint ...\n";
        let expected = "You can view the currently authorised admin along with the embedded app \
                        object (a \"workspace\" in legacy terminology).\n\n> 🚧 Single Sign On\n\
                        >\n> If you call the `/me` endpoint ...";
        assert_eq!(to_rustdoc(input), expected);
    }

    #[test]
    fn html_paragraphs_emphasis_and_links() {
        let input = "<p>Hello <b>world</b></p><p>See <a href=\"https://x.io/a\">docs</a>.</p>";
        assert_eq!(
            to_rustdoc(input),
            "Hello **world**\n\nSee [docs](https://x.io/a)."
        );
        let input = "<i>a</i> <em>b</em> <strong> c </strong>!";
        assert_eq!(to_rustdoc(input), "*a* *b* **c** !");
    }

    #[test]
    fn html_line_breaks() {
        assert_eq!(
            to_rustdoc("one<br>two<br/>three<br />four"),
            "one\ntwo\nthree\nfour"
        );
    }

    #[test]
    fn html_code_decodes_entities_inside_the_span() {
        let input = "<p>Send <code>Authorization: Bearer &lt;token&gt;</code>.</p>";
        assert_eq!(to_rustdoc(input), "Send `Authorization: Bearer <token>`.");
    }

    #[test]
    fn html_links_keep_only_absolute_targets() {
        let input = "<a href=\"/docs\">relative</a>, <a href='https://x.io/b'></a>";
        assert_eq!(to_rustdoc(input), "relative, <https://x.io/b>");
    }

    #[test]
    fn html_lists_and_headings() {
        let input = "<h2>Title</h2>Intro:<ul>\n  <li>One</li>\n  \
                     <li>Two<ul><li>Deep</li></ul></li>\n</ul>Outro";
        assert_eq!(
            to_rustdoc(input),
            "**Title**\n\nIntro:\n\n- One\n- Two\n  - Deep\n\nOutro"
        );
    }

    #[test]
    fn html_pre_becomes_text_fence() {
        let input = "Body:<pre><code>{\n  \"a\": 1\n}</code></pre>";
        assert_eq!(to_rustdoc(input), "Body:\n\n```text\n{\n  \"a\": 1\n}\n```");
    }

    #[test]
    fn other_tags_are_dropped_and_entities_decoded() {
        let input = "<div class=\"x\"><span>Hi</span> <img src=\"a.png\"/></div><!-- note -->\
                     <table><tr><td>a</td><td>b</td></tr></table>\
                     Tom &amp; Jerry &quot;q&quot; &#39;s&#39;";
        assert_eq!(to_rustdoc(input), "Hi\n\na b\n\nTom & Jerry \"q\" 's'");
    }

    #[test]
    fn tag_lookalikes_are_escaped_outside_code() {
        let input = "Use <contact_id> here, a < b, <YOUR_TOKEN>, &lt;x&gt; and `<kept>`.";
        let expected =
            "Use &lt;contact_id&gt; here, a &lt; b, &lt;YOUR_TOKEN&gt;, &lt;x&gt; and `<kept>`.";
        assert_eq!(to_rustdoc(input), expected);
    }

    #[test]
    fn code_spans_are_untouched() {
        assert_eq!(
            to_rustdoc("The `{job_identifier}` is the value"),
            "The `{job_identifier}` is the value"
        );
        assert_eq!(to_rustdoc("`` a ` [b] <c> ``"), "`` a ` [b] <c> ``");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            to_rustdoc("Use https://api.intercom.io/contacts."),
            "Use <https://api.intercom.io/contacts>."
        );
        assert_eq!(
            to_rustdoc("(see https://x.io/a_(b)), ok"),
            "(see <https://x.io/a_(b)>), ok"
        );
        let kept = "[https://x.io](https://x.io) and <https://y.io> and `https://z.io`";
        assert_eq!(to_rustdoc(kept), kept);
    }

    #[test]
    fn stray_brackets_are_escaped_and_links_kept() {
        assert_eq!(to_rustdoc("values are [a, b]"), "values are \\[a, b\\]");
        let input = "[docs](https://x.io/d) [Foo] [^1] \\[ok\\] [path](contacts)";
        assert_eq!(
            to_rustdoc(input),
            "[docs](https://x.io/d) \\[Foo\\] \\[^1\\] \\[ok\\] path"
        );
    }

    #[test]
    fn reference_definitions_are_text() {
        let input = "[ref]: https://x.io\n- [type]: string\n\n[a `x\ny]:` b](https://x.io)";
        let expected =
            "\\[ref\\]: <https://x.io>\n- \\[type\\]: string\n\n\\[a `x\ny]:` b\\](<https://x.io>)";
        assert_eq!(to_rustdoc(input), expected);
    }

    #[test]
    fn fences_are_never_rust() {
        let json = "Example:\n```json\n{\"a\": [1], \"b\": \"<x>\"}\n```";
        assert_eq!(to_rustdoc(json), json);
        assert_eq!(
            to_rustdoc("```\nlet a = [b];\n```"),
            "```text\nlet a = [b];\n```"
        );
        assert_eq!(
            to_rustdoc("```rust\nfn f() {}\n```"),
            "```text\nfn f() {}\n```"
        );
        assert_eq!(to_rustdoc("~~~rs,no_run\nx\n~~~"), "~~~text\nx\n~~~");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(
            to_rustdoc("Text\n```json\n{\"a\": 1}"),
            "Text\n```json\n{\"a\": 1}\n```"
        );
    }

    #[test]
    fn indented_code_becomes_text_fence() {
        let input = "Run:\n\n    curl https://x.io/me \\\n      -H 'Bearer <T>'\n\nThen [x].";
        let expected =
            "Run:\n\n```text\ncurl https://x.io/me \\\n  -H 'Bearer <T>'\n```\n\nThen \\[x\\].";
        assert_eq!(to_rustdoc(input), expected);
        // Inside a list item, code sits four columns past the item's content.
        let input = "- item\n\n      code()\n\n    para";
        assert_eq!(
            to_rustdoc(input),
            "- item\n\n  ```text\n  code()\n  ```\n\npara"
        );
    }

    #[test]
    fn headings_become_bold_paragraphs() {
        let input = "# Top\nText\n## Sub ##\n####### Seven";
        assert_eq!(
            to_rustdoc(input),
            "**Top**\n\nText\n\n**Sub**\n\n####### Seven"
        );
    }

    #[test]
    fn lazy_continuations_are_fixed() {
        assert_eq!(to_rustdoc("- a\nb"), "- a\n\nb");
        assert_eq!(to_rustdoc("1. a\n2. b\n     c\nd"), "1. a\n2. b\n   c\n\nd");
        assert_eq!(to_rustdoc("> quote\nlazy"), "> quote\n\nlazy");
        assert_eq!(to_rustdoc("- a\n\n  para\n more"), "- a\n\n  para\n  more");
        assert_eq!(to_rustdoc("- a\n\n  para\nmore"), "- a\n\n  para\n\nmore");
    }

    #[test]
    fn whitespace_is_normalized() {
        let input = "\r\n\r\na\tb  \r\nline\r\n\r\n\r\n\r\nend   \n\n";
        assert_eq!(to_rustdoc(input), "a    b\nline\n\nend");
        assert_eq!(to_rustdoc("  indented\n  text"), "indented\ntext");
    }

    #[test]
    fn quotes_are_converted_recursively() {
        let input = "> Example:\n>\n>     curl x <T>\n\nAfter";
        let expected = "> Example:\n>\n> ```text\n> curl x <T>\n> ```\n\nAfter";
        assert_eq!(to_rustdoc(input), expected);
    }

    #[test]
    fn fences_in_list_items() {
        let input = "- ```rust\n  let a = 1;\n  ```\n- next";
        assert_eq!(to_rustdoc(input), "- ```text\n  let a = 1;\n  ```\n- next");
        // An unclosed fence in an item ends with the item.
        let input = "1. ```\n   inside\nafter [x]";
        assert_eq!(
            to_rustdoc(input),
            "1. ```text\n   inside\n   ```\nafter \\[x\\]"
        );
    }

    #[test]
    fn nothing_turns_into_an_indented_code_block() {
        assert_eq!(
            to_rustdoc("# Heading\n    not code"),
            "**Heading**\n\nnot code"
        );
        assert_eq!(to_rustdoc("***\n    - not code"), "***\n\\- not code");
        assert_eq!(to_rustdoc("-      squeezed"), "- squeezed");
        assert_eq!(to_rustdoc("Title\n---\nText"), "Title\n\\---\nText");
        assert_eq!(to_rustdoc("1. # Title\n   more"), "1. **Title**\n   more");
    }

    #[test]
    fn links_cannot_contain_links() {
        let input = "[see <https://a.io>](https://b.io) [a [b](https://c.io)](https://d.io)";
        let expected =
            "\\[see <https://a.io>\\](<https://b.io>) \\[a [b](https://c.io)\\](<https://d.io>)";
        assert_eq!(to_rustdoc(input), expected);
        assert_eq!(
            to_rustdoc("[x]( https://a.io \"T\" )"),
            "[x](https://a.io \"T\")"
        );
    }
}
