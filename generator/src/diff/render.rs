//! The report as a person reads it (Markdown: summary counts first, then the changes by tag) or
//! as a tool reads it (JSON, whose schema is [`super::report_schema`]).
//!
//! Markdown is written as `pulldown-cmark` events and serialized by `pulldown-cmark-to-cmark`,
//! which escapes what the spec's names contain.

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Tag, TagEnd};
use rayon::iter::{IntoParallelIterator, ParallelIterator};

use super::report::{
    Change, Direction, Effect, Finding, FindingKind, Level, Report, RustChange, Semver, Subject,
};

/// How many operations or types a "reaches" line names before it counts the rest.
const REACH_LISTED: usize = 10;

/// The report as pretty-printed JSON.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report encodes")
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut doc = Doc::default();
    let (old, new) = (&report.old, &report.new);
    doc.heading(
        HeadingLevel::H1,
        &[text(format!(
            "{}: {} → {}",
            new.title, old.version, new.version
        ))],
    );
    summary(&mut doc, report);

    // Sections: each tag in order, then what belongs to no single tag.
    let mut sections: BTreeMap<(u8, String), Vec<&Change>> = BTreeMap::new();
    for change in &report.changes {
        let key = match (&change.tag, &change.subject) {
            (Some(tag), _) => (0, tag.clone()),
            (None, Subject::Operation { .. }) => (1, "Operations without a tag".to_owned()),
            (None, Subject::Type { .. }) if change.reaches.operations.is_empty() => {
                (3, "Types no operation uses".to_owned())
            }
            (None, Subject::Type { .. }) => (2, "Types shared by several tags".to_owned()),
        };
        sections.entry(key).or_default().push(change);
    }
    for ((_, title), changes) in sections {
        doc.heading(HeadingLevel::H2, &[text(title)]);
        doc.start(Tag::List(None));
        for change in changes {
            change_item(&mut doc, change);
        }
        doc.end(TagEnd::List(false));
    }
    doc.into_markdown()
}

fn summary(doc: &mut Doc, report: &Report) {
    let summary = &report.summary;
    let (ops, types) = (&summary.operations, &summary.types);
    doc.heading(HeadingLevel::H2, &[text("Summary")]);
    let number = |n: usize| n.to_string();
    doc.table(
        &["what", "added", "removed", "renamed", "changed"],
        vec![
            vec![
                "operations".to_owned(),
                number(ops.added),
                number(ops.removed),
                format!(
                    "{} operationId, {} path parameters (on {} paths)",
                    ops.renamed, ops.renamed_path_parameters, ops.paths_with_renamed_parameters
                ),
                number(ops.changed),
            ],
            vec![
                "types".to_owned(),
                number(types.added),
                number(types.removed),
                String::new(),
                number(types.changed),
            ],
        ],
    );
    doc.table(
        &["what", "breaking", "possibly breaking", "compatible"],
        vec![
            vec![
                "on the wire (findings)".to_owned(),
                number(summary.http.breaking),
                number(summary.http.possibly_breaking),
                number(summary.http.compatible),
            ],
            vec![
                "generated Rust (items)".to_owned(),
                number(summary.rust.breaking),
                String::new(),
                number(summary.rust.additive),
            ],
        ],
    );
    let verdict = match summary.semver {
        Semver::Major => "major: code that compiled against the old crate may not compile against the new one (before 1.0, a minor bump)",
        Semver::Minor => "minor: the Rust API only grows",
        Semver::Patch => "patch: the Rust API is unchanged",
    };
    let mut line = vec![strong("Semver"), text(format!(": {verdict}."))];
    if ops.ambiguous_routes > 0 {
        line.push(text(format!(
            " {} routes are ambiguous (two paths of one description erase to them).",
            ops.ambiguous_routes
        )));
    }
    doc.paragraph(&line);
}

/// One list item: the subject, then its findings, Rust changes and reach.
fn change_item(doc: &mut Doc, change: &Change) {
    doc.start(Tag::Item);
    match &change.subject {
        Subject::Operation {
            method,
            path,
            operation_id,
        } => {
            doc.inline(&[
                code(format!("{method} {path}")),
                text(" "),
                code(operation_id),
            ]);
        }
        Subject::Type { source, name } => {
            doc.inline(&[text("type "), code(name), text(" "), code(source)]);
        }
    }
    doc.start(Tag::List(None));
    for finding in &change.findings {
        doc.item(&finding_line(finding));
    }
    for rust in &change.rust {
        doc.item(&rust_line(rust));
    }
    let reaches = &change.reaches;
    if !reaches.operations.is_empty() {
        let direction = match reaches.direction {
            Some(Direction::Request) => " (sent)",
            Some(Direction::Response) => " (received)",
            Some(Direction::Both) => " (sent and received)",
            Some(Direction::Unused) | None => "",
        };
        let mut line = vec![text(format!(
            "reaches {}{direction}: ",
            count(reaches.operations.len(), "operation")
        ))];
        line.extend(listing(&reaches.operations));
        doc.item(&line);
    }
    if !reaches.types.is_empty() {
        let mut line = vec![text(format!(
            "inside {}: ",
            count(reaches.types.len(), "type")
        ))];
        line.extend(listing(&reaches.types));
        doc.item(&line);
    }
    doc.end(TagEnd::List(false));
    doc.end(TagEnd::Item);
}

/// `1 type`, `2 types`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Up to [`REACH_LISTED`] names as code, then how many more.
fn listing(names: &[String]) -> Vec<Span> {
    let mut line = Vec::new();
    for (index, name) in names.iter().take(REACH_LISTED).enumerate() {
        if index > 0 {
            line.push(text(", "));
        }
        line.push(code(name));
    }
    if names.len() > REACH_LISTED {
        line.push(text(format!(" and {} more", names.len() - REACH_LISTED)));
    }
    line
}

fn finding_line(finding: &Finding) -> Vec<Span> {
    let level = match finding.level {
        Level::Breaking => "breaking",
        Level::PossiblyBreaking => "possibly breaking",
        Level::Compatible => "compatible",
    };
    let mut line = vec![strong(level), text(": ")];
    line.extend(describe(&finding.change));
    line.push(text(" — "));
    line.extend(prose(&finding.reason));
    line
}

fn rust_line(change: &RustChange) -> Vec<Span> {
    let verdict = if change.breaking {
        "Rust, breaking"
    } else {
        "Rust"
    };
    let effect = match change.effect {
        Effect::Added => " added",
        Effect::Removed => " removed",
        Effect::Renamed => " renamed",
        Effect::SignatureChanged => " changed",
    };
    let mut line = vec![
        strong(verdict),
        text(": "),
        code(&change.item),
        text(effect),
    ];
    match (&change.old, &change.new) {
        (Some(old), Some(new)) => line.extend([text(": "), code(old), text(" → "), code(new)]),
        (None, Some(declaration)) | (Some(declaration), None) => {
            line.extend([text(": "), code(declaration)])
        }
        (None, None) => {}
    }
    line.push(text(" — "));
    line.extend(prose(&change.reason));
    line
}

/// A finding's change in words.
fn describe(change: &FindingKind) -> Vec<Span> {
    use FindingKind as K;
    let from_to = |what: &str, old: &str, new: &str| {
        vec![text(format!("{what} ")), code(old), text(" → "), code(new)]
    };
    let named = |before: &str, name: &str, after: String| {
        vec![text(before.to_owned()), code(name), text(after)]
    };
    let optional = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".to_owned());
    match change {
        K::OperationAdded => vec![text("operation added")],
        K::OperationRemoved => vec![text("operation removed")],
        K::OperationIdRenamed { old, new } => from_to("operationId renamed", old, new),
        K::PathParametersRenamed { old_path, new_path } => {
            from_to("path parameters renamed", old_path, new_path)
        }
        K::AmbiguousRoute { paths } => vec![text(format!("ambiguous route: {}", paths.join(", ")))],
        K::TagChanged { old, new } => from_to("tag changed", &optional(old), &optional(new)),
        K::ParameterAdded {
            name,
            location,
            required,
        } => {
            let what = format!(" ({location}, {}) added", requirement(*required));
            named("parameter ", name, what)
        }
        K::ParameterRemoved { name, location } => {
            named("parameter ", name, format!(" ({location}) removed"))
        }
        K::ParameterRequiredChanged {
            name,
            location,
            required,
        } => {
            let what = format!(" ({location}) now {}", requirement(*required));
            named("parameter ", name, what)
        }
        K::ParameterRetyped { name, old, new, .. } => [
            named("parameter ", name, String::new()),
            from_to(" retyped", old, new),
        ]
        .concat(),
        K::RequestBodyAdded { required } => vec![text(format!(
            "{} request body added",
            requirement(*required)
        ))],
        K::RequestBodyRemoved => vec![text("request body removed")],
        K::RequestBodyRequiredChanged { required } => {
            vec![text(format!("request body now {}", requirement(*required)))]
        }
        K::RequestBodyRetyped { old, new } => from_to("request body retyped", old, new),
        K::StatusAdded { status } => named("status ", status, " added".to_owned()),
        K::StatusRemoved { status } => named("status ", status, " removed".to_owned()),
        K::ResponseHeaderAdded { status, name } => {
            named("header ", name, format!(" of status {status} added"))
        }
        K::ResponseHeaderRemoved { status, name } => {
            named("header ", name, format!(" of status {status} removed"))
        }
        K::SuccessBodyRetyped { old, new } => from_to("success body retyped", old, new),
        K::ErrorBodyRetyped { old, new } => from_to("error body retyped", old, new),
        K::DeprecationChanged { deprecated: true } => vec![text("deprecated")],
        K::DeprecationChanged { deprecated: false } => vec![text("no longer deprecated")],
        K::TypeAdded => vec![text("type added")],
        K::TypeRemoved => vec![text("type removed")],
        K::TypeKindChanged { old, new } => vec![text(format!("kind changed: {old} → {new}"))],
        K::PropertyAdded {
            name,
            required,
            nullable,
        } => named(
            "property ",
            name,
            format!(" added ({})", presence(*required, *nullable)),
        ),
        K::PropertyRemoved { name, .. } => named("property ", name, " removed".to_owned()),
        K::PropertyValuesListed { name, new } => [
            named("property ", name, " now lists its values: ".to_owned()),
            vec![code(new)],
        ]
        .concat(),
        K::PropertyValuesUnlisted { name, old } => [
            named(
                "property ",
                name,
                " no longer lists its values: ".to_owned(),
            ),
            vec![code(old), text(" → "), code("String")],
        ]
        .concat(),
        K::PropertyRetyped { name, old, new } => [
            named("property ", name, String::new()),
            from_to(" retyped", old, new),
        ]
        .concat(),
        K::PropertyPresenceChanged {
            name,
            old_required,
            old_nullable,
            new_required,
            new_nullable,
        } => named(
            "property ",
            name,
            format!(
                ": {} → {}",
                presence(*old_required, *old_nullable),
                presence(*new_required, *new_nullable)
            ),
        ),
        K::PropertyDeprecationChanged { name, deprecated } => named(
            "property ",
            name,
            if *deprecated {
                " deprecated"
            } else {
                " no longer deprecated"
            }
            .to_owned(),
        ),
        K::AdditionalPropertiesRetyped { old, new } => from_to(
            "additional properties retyped",
            &optional(old),
            &optional(new),
        ),
        K::EnumValueAdded { value } => named("enum value ", value, " added".to_owned()),
        K::EnumValueRemoved { value } => named("enum value ", value, " removed".to_owned()),
        K::UnionMemberAdded { member } => named("union member ", member, " added".to_owned()),
        K::UnionMemberRemoved { member } => named("union member ", member, " removed".to_owned()),
        K::AliasRetyped { old, new } => from_to("alias retyped", old, new),
    }
}

fn requirement(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn presence(required: bool, nullable: bool) -> &'static str {
    match (required, nullable) {
        (true, false) => "required",
        (true, true) => "required, nullable",
        (false, false) => "optional",
        (false, true) => "optional, nullable",
    }
}

/// A piece of inline Markdown.
#[derive(Clone)]
pub enum Span {
    Text(String),
    Code(String),
    Strong(String),
}

/// Text with `code` in backticks, as the reasons are written.
pub fn prose(value: &str) -> Vec<Span> {
    value
        .split('`')
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(index, piece)| {
            if index % 2 == 1 {
                code(piece)
            } else {
                text(piece)
            }
        })
        .collect()
}

pub fn text(value: impl Into<String>) -> Span {
    Span::Text(value.into())
}

pub fn code(value: impl Into<String>) -> Span {
    Span::Code(value.into())
}

pub fn strong(value: &str) -> Span {
    Span::Strong(value.to_owned())
}

/// A Markdown document under construction, as events (also used by `cargo xtask
/// semver-compare`).
#[derive(Default)]
pub struct Doc {
    events: Vec<Event<'static>>,
}

impl Doc {
    pub fn start(&mut self, tag: Tag<'static>) {
        self.events.push(Event::Start(tag));
    }

    pub fn end(&mut self, tag: TagEnd) {
        self.events.push(Event::End(tag));
    }

    fn inline(&mut self, line: &[Span]) {
        for span in line {
            match span {
                Span::Text(value) => self.events.push(Event::Text(CowStr::from(value.clone()))),
                Span::Code(value) => self.events.push(Event::Code(CowStr::from(value.clone()))),
                Span::Strong(value) => {
                    self.start(Tag::Strong);
                    self.events.push(Event::Text(CowStr::from(value.clone())));
                    self.end(TagEnd::Strong);
                }
            }
        }
    }

    pub fn heading(&mut self, level: HeadingLevel, line: &[Span]) {
        self.start(Tag::Heading {
            level,
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        });
        self.inline(line);
        self.end(TagEnd::Heading(level));
    }

    pub fn paragraph(&mut self, line: &[Span]) {
        self.start(Tag::Paragraph);
        self.inline(line);
        self.end(TagEnd::Paragraph);
    }

    pub fn item(&mut self, line: &[Span]) {
        self.start(Tag::Item);
        self.inline(line);
        self.end(TagEnd::Item);
    }

    pub fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) {
        let mut alignments = vec![Alignment::Left];
        alignments.resize(header.len(), Alignment::Right);
        self.start(Tag::Table(alignments));
        self.start(Tag::TableHead);
        for cell in header {
            self.cell(cell.to_string());
        }
        self.end(TagEnd::TableHead);
        for row in rows {
            self.start(Tag::TableRow);
            for cell in row {
                self.cell(cell);
            }
            self.end(TagEnd::TableRow);
        }
        self.end(TagEnd::Table);
    }

    /// The document as CommonMark with tables, ending in a newline.
    ///
    /// The serializer re-parses every block with emphasis to check it, which makes it the
    /// slowest step of a large diff; so the document is cut before top-level headings into one
    /// part per core, rendered in parallel and joined with the blank line that separates
    /// blocks. A part starts with a heading, so no block continues across a cut.
    pub fn into_markdown(self) -> String {
        self.render(rayon::current_num_threads())
    }

    /// [`Doc::into_markdown`] in at most `workers` parts, rendered on the pool.
    fn render(&self, workers: usize) -> String {
        let parts = self.parts(workers);
        let rendered: Vec<String> = parts.into_par_iter().map(render_part).collect();
        let mut out = rendered.join("\n\n");
        out.push('\n');
        out
    }

    /// The events cut before top-level headings into at most `count` parts of similar length.
    fn parts(&self, count: usize) -> Vec<&[Event<'static>]> {
        let share = self.events.len().div_ceil(count.max(1)).max(1);
        let mut parts = Vec::new();
        let (mut start, mut depth) = (0, 0usize);
        for (index, event) in self.events.iter().enumerate() {
            match event {
                Event::Start(Tag::Heading { .. }) if depth == 0 && index - start >= share => {
                    parts.push(&self.events[start..index]);
                    start = index;
                    depth += 1;
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        parts.push(&self.events[start..]);
        parts
    }

    fn cell(&mut self, value: String) {
        self.start(Tag::TableCell);
        if !value.is_empty() {
            self.events.push(Event::Text(CowStr::from(value)));
        }
        self.end(TagEnd::TableCell);
    }
}

/// Consecutive top-level blocks as CommonMark with tables.
fn render_part(events: &[Event<'static>]) -> String {
    let mut out = String::new();
    pulldown_cmark_to_cmark::cmark(
        events.iter(),
        &mut out,
        pulldown_cmark::Options::ENABLE_TABLES,
    )
    .expect("the events form a document");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rendering in parts gives the text of rendering at once.
    #[test]
    fn parts_render_as_the_whole_document() {
        let mut doc = Doc::default();
        for section in ["Contacts", "Tags", "Teams", "Visitors"] {
            let level = HeadingLevel::H2;
            doc.start(Tag::Heading {
                level,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            });
            doc.events.push(Event::Text(section.into()));
            doc.end(TagEnd::Heading(level));
            doc.start(Tag::List(None));
            for item in ["a_b", "*c*"] {
                doc.start(Tag::Item);
                doc.start(Tag::Strong);
                doc.events.push(Event::Text("breaking".into()));
                doc.end(TagEnd::Strong);
                doc.events.push(Event::Text(format!(": {item}").into()));
                doc.end(TagEnd::Item);
            }
            doc.end(TagEnd::List(false));
            doc.table(
                &["what", "added"],
                vec![vec![section.to_owned(), "1".to_owned()]],
            );
        }
        assert_eq!(doc.parts(4).len(), 4);
        assert_eq!(doc.render(4), doc.render(1));
        assert!(
            doc.render(1).contains("**breaking**: \\*c\\*"),
            "{}",
            doc.render(1)
        );
    }
}
