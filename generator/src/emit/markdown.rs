//! Spec text placed in generated Markdown (READMEs and doc comments): always one line, and
//! escaped, so that no description text can open a code block (which rustdoc would compile and
//! run as a doctest), a heading, a link or an HTML tag.

/// Characters that have a meaning in inline Markdown or HTML.
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '|', '#', '!',
];

/// `text` as inert prose on one line: line breaks become spaces and Markdown punctuation is
/// backslash-escaped.
pub fn text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 {
            escaped.push(' ');
        }
        for c in word.chars() {
            if SPECIAL.contains(&c) {
                escaped.push('\\');
            }
            escaped.push(c);
        }
    }
    escaped
}

/// `text` as a Markdown code span on one line, fenced by more backticks than it contains in a
/// row.
pub fn code_span(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let longest_run = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_blocks_or_links() {
        assert_eq!(
            text("A\n```\nstd::process::exit(1)\n```\n[x](y) <b>"),
            r"A \`\`\` std::process::exit(1) \`\`\` \[x\](y) \<b\>"
        );
        assert_eq!(text("Intercom API 2.11"), "Intercom API 2.11");
    }

    #[test]
    fn code_spans_outlast_the_backticks_inside() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x`\n```"), "```` `x` ``` ````");
    }
}
