//! Naming rules: how spec names become Rust identifiers, and how collisions are settled.
//!
//! Every identifier in the generated code comes from here, so one rule serves types, fields,
//! variants, parameters and methods alike.

use std::collections::BTreeSet;

use heck::{ToPascalCase, ToSnakeCase};

use crate::rules::Rule;
use crate::Findings;

/// Words that cannot be identifiers as they are (strict and reserved keywords of Rust 2021).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The names of the Rust 2021 prelude (and `Self`), which generated code uses unqualified
/// (`Option`, `Into`, `Default`, ...): no generated type may shadow them.
pub const PRELUDE_NAMES: &[&str] = &[
    "Self",
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Besides the prelude, the names `models.rs` uses unqualified: the runtime's it imports
/// (`Extra`, `Nullable`, `Decode`, `Decoded`), and names users would read as the crate's own.
const MODEL_RESERVED_NAMES: &[&str] = &[
    "Client", "Error", "Value", "Map", "Extra", "Nullable", "Decode", "Decoded",
];

/// The type name of a schema whose name has no ASCII letter or digit.
const UNNAMED_TYPE: &str = "Unnamed";

/// Rule `symbol-names`: operator-like enum values (`=`, `!=`, `~`, `^`, `$`, ...) are spelled out,
/// one word per symbol, so `!~` becomes `NotContains` and `<=` becomes `LessThanEquals`.
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('=', "Equals"),
    ('!', "Not"),
    ('<', "LessThan"),
    ('>', "GreaterThan"),
    ('~', "Contains"),
    ('^', "StartsWith"),
    ('$', "EndsWith"),
    ('*', "Star"),
    ('+', "Plus"),
    ('-', "Minus"),
    ('/', "Slash"),
    ('&', "And"),
    ('|', "Or"),
    ('%', "Percent"),
    ('@', "At"),
    ('#', "Hash"),
    ('?', "Question"),
];

/// A PascalCase type or variant name for any spec string.
pub fn type_name(raw: &str) -> String {
    let name = pascal(raw);
    if name.is_empty() {
        // No ASCII letter or digit (`""`, `中文`): operators are spelled out, anything else is
        // named for what it is; the namespace numbers repeats.
        return spelled_symbols(raw).unwrap_or_else(|| UNNAMED_TYPE.to_owned());
    }
    if PRELUDE_NAMES.contains(&name.as_str()) || MODEL_RESERVED_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// Whether a spec name is already a snake_case identifier (`ticket_type`, not `ticket.type`).
pub fn is_snake_case(raw: &str) -> bool {
    !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A PascalCase part of a longer name (a suffix such as a property name): no reserved-name
/// rule, since the whole name is what must not shadow anything.
pub fn name_part(raw: &str) -> String {
    pascal_case(raw)
}

/// What tells the PascalCase `name` apart from `context`: its words less those it shares with
/// `context` at the start and at the end (`ContactReplyTicketEmailRequest` in
/// `ContactReplyTicketRequest` is `Email`; `AdminReplyTicketRequest` in `ReplyTicketRequest`
/// is `Admin`). `None` when nothing is left.
pub fn distinct_part(name: &str, context: &str) -> Option<String> {
    let words = pascal_words(name);
    let context = pascal_words(context);
    let leading = words
        .iter()
        .zip(&context)
        .take_while(|(word, other)| word == other)
        .count();
    let trailing = words[leading..]
        .iter()
        .rev()
        .zip(context[leading.min(context.len())..].iter().rev())
        .take_while(|(word, other)| word == other)
        .count();
    let distinct = &words[leading..words.len() - trailing];
    (!distinct.is_empty()).then(|| distinct.concat())
}

/// The words of a PascalCase name: each starts at an uppercase letter.
fn pascal_words(name: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = name
        .char_indices()
        .filter(|(index, c)| *index == 0 || c.is_ascii_uppercase())
        .map(|(index, _)| index)
        .collect();
    starts.push(name.len());
    starts
        .windows(2)
        .map(|pair| &name[pair[0]..pair[1]])
        .collect()
}

/// The name of an inline type at `pointer` when its positional `name` is taken (by a
/// component, usually): the name with the role of the position, `TicketTypeProperty` for the
/// `type` property of `ticket`, `CreateTicketRequestBody` for a request body, so that a
/// numbered name is the last resort. `None` where the position has no such role, or the name
/// already ends with it.
pub fn positional_alternative(name: &str, pointer: &str) -> Option<String> {
    let segments: Vec<&str> = pointer.rsplit('/').take(4).collect();
    let role = match segments.as_slice() {
        [_, "properties", ..] => "Property",
        ["schema", _, "content", "requestBody"] => "Body",
        ["schema", _, "content", _] if pointer.contains("/responses/") => "Body",
        _ => return None,
    };
    (!name.ends_with(role)).then(|| format!("{name}{role}"))
}

/// Whether [`variant_name`] spells `value` out symbol by symbol (rule `symbol-names`).
pub fn spells_symbols(value: &str) -> bool {
    pascal(value).is_empty() && spelled_symbols(value).is_some()
}

/// A PascalCase enum variant name for a wire value; symbol-only values are spelled out.
pub fn variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_owned();
    }
    let name = pascal(value);
    if name.is_empty() || name == "Self" {
        return spelled_symbols(value).unwrap_or_else(|| format!("Value{name}"));
    }
    name
}

/// A snake_case field, parameter or method name. A name without a letter gets one (`""` ->
/// `value`, `123` -> `value_123`): an argument of underscores and digits only (`_123`) is
/// one clippy refuses.
pub fn snake_name(raw: &str) -> String {
    let mut name = snake_case(raw);
    if !name.contains(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, if name.is_empty() { "value" } else { "value_" });
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A PascalCase identifier for any spec string (a leading digit gets a `V`: `2fa` -> `V2fa`),
/// without [`type_name`]'s renaming of prelude names: for names whose namespace already holds
/// what they must not shadow (request builders).
pub fn pascal(raw: &str) -> String {
    let name = pascal_case(raw);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

/// heck's snake_case of `raw`, which for lowercase words joined by single underscores (most spec
/// names: `created_at`, `id`) is `raw` itself. heck formats each character of a name it
/// converts: a few thousand instructions a name, and lowering names thousands.
fn snake_case(raw: &str) -> String {
    if is_plain_snake_case(raw) {
        raw.to_owned()
    } else {
        words(raw).to_snake_case()
    }
}

/// heck's PascalCase of `raw`: for lowercase words joined by single underscores, each word with
/// its first character in upper case (see [`snake_case`]).
fn pascal_case(raw: &str) -> String {
    if !is_plain_snake_case(raw) {
        return words(raw).to_pascal_case();
    }
    let mut name = String::with_capacity(raw.len());
    for word in raw.split('_') {
        let (first, rest) = word.split_at(1);
        name.push_str(&first.to_ascii_uppercase());
        name.push_str(rest);
    }
    name
}

/// Whether `raw` is words of lowercase ASCII letters and digits joined by single underscores:
/// what heck's snake_case writes, and leaves as it is.
fn is_plain_snake_case(raw: &str) -> bool {
    raw.split('_').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
    })
}

/// Replaces every character that cannot be part of an identifier by a word break.
fn words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn spelled_symbols(value: &str) -> Option<String> {
    let mut name = String::new();
    for c in value.chars().filter(|c| !c.is_whitespace()) {
        let (_, word) = SYMBOL_WORDS.iter().find(|(symbol, _)| *symbol == c)?;
        name.push_str(word);
    }
    (!name.is_empty()).then_some(name)
}

/// Names Cargo or rustc refuse for a package or library (the standard crates, and `test`).
const RESERVED_CRATE_NAMES: &[&str] = &["alloc", "core", "proc_macro", "std", "test"];

/// Why `name` cannot be the package name of a generated crate, if it cannot: Cargo wants ASCII
/// letters, digits, `-` and `_`, starting with a letter, and the library name (`-` read as `_`)
/// is an identifier in generated code, so it must not be a keyword either.
pub fn crate_name_problem(name: &str) -> Option<String> {
    let library = name.replace('-', "_");
    let problem = if name.is_empty() {
        "is empty"
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        "does not start with an ASCII letter"
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(format!(
            "crate name `{name}` contains `{c}`; use only ASCII letters, digits, `-` and `_`"
        ));
    } else if KEYWORDS.contains(&library.as_str())
        || RESERVED_CRATE_NAMES.contains(&library.as_str())
    {
        "is a Rust keyword or a reserved crate name"
    } else {
        return None;
    };
    Some(format!("crate name `{name}` {problem}"))
}

/// A set of names in one scope (a module's types, a struct's fields, an enum's variants).
///
/// Rule `name-collisions`: when a wanted name is taken — two spec names that differ only in
/// punctuation or case, like `ticket.type` and `ticket_type` — the later one gets the first free
/// numbered suffix (`TicketType2`). Callers claim names in a fixed order (sorted spec names,
/// then document order), so the outcome is the same on every run.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// Claims `wanted`, or the first free `wanted2`, `wanted3`, ... Returns the name claimed.
    pub fn claim(&mut self, wanted: &str) -> String {
        let separator = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let name = std::iter::once(wanted.to_owned())
            .chain((2..).map(|n| format!("{wanted}{separator}{n}")))
            .find(|candidate| !self.taken.contains(candidate))
            .expect("an unbounded sequence of candidates always has a free one");
        self.taken.insert(name.clone());
        name
    }

    /// [`Namespace::claim`], noting rule `name-collisions` at `pointer` when `wanted` is taken
    /// (or is a keyword with its `_`), and rule `symbol-names` when it spells out symbols.
    pub fn claim_at(&mut self, wanted: &str, pointer: &str, findings: &mut Findings) -> String {
        self.claim_noting(wanted, Rule::NameCollisions, pointer, findings)
    }

    /// [`Namespace::claim_at`], noting `collision` instead of `name-collisions` when `wanted` is
    /// taken (rule `duplicate-operation-id` for method names).
    pub fn claim_noting(
        &mut self,
        wanted: &str,
        collision: Rule,
        pointer: &str,
        findings: &mut Findings,
    ) -> String {
        let name = self.claim(wanted);
        if name != wanted {
            findings.apply(
                collision,
                pointer,
                format!("`{wanted}` is taken; named `{name}`"),
            );
        } else if let Some(keyword) = name.strip_suffix('_').filter(|w| KEYWORDS.contains(w)) {
            findings.apply(
                Rule::NameCollisions,
                pointer,
                format!("`{keyword}` is a keyword; named `{name}`"),
            );
        }
        name
    }

    /// [`Namespace::claim_at`], trying `alternative` before a numbered name when `wanted` is
    /// taken: a name that still says where the type comes from ([`positional_alternative`]).
    pub fn claim_preferring(
        &mut self,
        wanted: &str,
        alternative: Option<&str>,
        pointer: &str,
        findings: &mut Findings,
    ) -> String {
        match alternative {
            Some(alternative) if self.contains(wanted) && !self.contains(alternative) => {
                self.claim(alternative);
                findings.apply(
                    Rule::NameCollisions,
                    pointer,
                    format!("`{wanted}` is taken; named `{alternative}`"),
                );
                alternative.to_owned()
            }
            _ => self.claim_at(wanted, pointer, findings),
        }
    }

    /// Marks `name` taken: a name the generated code already uses. Reserving a name twice is
    /// harmless, where a second [`Namespace::claim`] would take a numbered one.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Gives `name` back, for a definition that was dropped before anything referred to it.
    pub fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }

    /// Whether `name` is already claimed.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests;
