//! Formatting: emitted token streams -> Rust source laid out by prettyplease.

use super::{Chunk, CrateFiles, EmittedFile};
use std::path::PathBuf;

/// Formats emitted files with prettyplease.
///
/// An emitted token stream that does not parse as a Rust file is a generator bug, reported
/// with the file's path rather than a panic.
pub fn format(files: Vec<EmittedFile>) -> Result<CrateFiles, FormatError> {
    files
        .into_iter()
        .map(|file| match file {
            EmittedFile::Text(path, text) => Ok((path, text)),
            EmittedFile::Rust(path, chunks) => {
                let mut text = String::new();
                for chunk in chunks {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    match chunk {
                        Chunk::Code(tokens) => match syn::parse2::<syn::File>(tokens) {
                            Ok(syntax) => {
                                text.push_str(&separate_items(&prettyplease::unparse(&syntax)))
                            }
                            Err(error) => {
                                return Err(FormatError {
                                    path,
                                    message: error.to_string(),
                                })
                            }
                        },
                        Chunk::Verbatim(code) => text.push_str(&code),
                    }
                }
                Ok((path, text))
            }
        })
        .collect()
}

/// Puts a blank line between top-level items, and between the items of an `impl` or `trait`
/// block, which prettyplease writes back to back.
fn separate_items(code: &str) -> String {
    let mut separated = String::with_capacity(code.len() + code.len() / 16);
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        separated.push_str(line);
        separated.push('\n');
        let next = lines.peek().copied().unwrap_or_default();
        let top_level_end =
            !line.starts_with([' ', '/', '#']) && (line == "}" || line.ends_with(';'));
        let continues_use_block = line.starts_with("use ") && next.starts_with("use ");
        if (top_level_end && !next.is_empty() && !continues_use_block) || ends_member(line, next) {
            separated.push('\n');
        }
    }
    separated
}

/// Whether `line` ends a member of an `impl` block (one level deep) and `next` starts another.
fn ends_member(line: &str, next: &str) -> bool {
    const MEMBER_STARTS: &[&str] = &[
        "fn ",
        "pub fn ",
        "pub async fn ",
        "const ",
        "type ",
        "#[",
        "///",
    ];
    let (Some(line), Some(next)) = (line.strip_prefix("    "), next.strip_prefix("    ")) else {
        return false;
    };
    let ends = !line.starts_with([' ', '/', '#']) && (line == "}" || line.ends_with("];"));
    ends && MEMBER_STARTS.iter().any(|start| next.starts_with(start))
}

/// Emitted code that is not valid Rust (a generator bug).
#[derive(Debug, thiserror::Error)]
#[error("generated {path} is not valid Rust: {message}")]
pub struct FormatError {
    pub path: PathBuf,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_of_impl_blocks_are_separated() {
        let code = "impl A {\n    const F: &[u8] = &[\n        1,\n    ];\n    fn f() {\n        g();\n    }\n    /// Doc.\n    pub fn h() {}\n}\n";
        assert_eq!(
            separate_items(code),
            "impl A {\n    const F: &[u8] = &[\n        1,\n    ];\n\n    fn f() {\n        g();\n    }\n\n    /// Doc.\n    pub fn h() {}\n}\n"
        );
    }

    #[test]
    fn top_level_items_are_separated_by_one_blank_line() {
        let code = "//! use x;\n//! let y = z;\nuse a::b;\nuse c::d;\npub struct A {\n    x: i32,\n}\nimpl A {\n    fn f() {}\n}\npub type B = A;\n";
        assert_eq!(
            separate_items(code),
            "//! use x;\n//! let y = z;\nuse a::b;\nuse c::d;\n\npub struct A {\n    x: i32,\n}\n\nimpl A {\n    fn f() {}\n}\n\npub type B = A;\n"
        );
    }
}
