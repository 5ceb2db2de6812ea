//! Formatting: emitted token streams -> Rust source laid out by prettyplease.
//!
//! [`Chunk::Deferred`] items are emitted and formatted on every core (rayon's pool: their costs
//! differ by orders of magnitude, an operation with its builder against a two-variant enum),
//! while the calling thread formats the chunks it emitted itself, whose tokens cannot leave it.
//! Pieces are put back in emitted order, so the output does not depend on the number of
//! threads.

use std::path::{Path, PathBuf};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

use super::rust::DOC_LINE_BREAK;
use super::{Chunk, Code, CrateFiles, EmittedFile, Gate};

/// Formats emitted files with prettyplease.
///
/// An emitted token stream that does not parse as a Rust file is a generator bug, reported
/// with the file's path rather than a panic.
pub fn format(files: Vec<EmittedFile<'_>>) -> Result<CrateFiles, FormatError> {
    // Each Rust file as pieces, a deferred chunk standing in as its index in `deferred`.
    let mut layouts = Vec::new();
    let mut deferred = Vec::new();
    for file in files {
        match file {
            EmittedFile::Text(path, text) => layouts.push((path, Layout::Text(text))),
            EmittedFile::Rust(path, chunks) => {
                let mut pieces = Vec::with_capacity(chunks.len());
                for chunk in chunks {
                    let (gate, chunk) = match chunk {
                        Chunk::Gated(gate, chunk) => (Some(gate), *chunk),
                        chunk => (None, chunk),
                    };
                    pieces.push(match chunk {
                        Chunk::Code(code) => Piece::Code(code, gate),
                        Chunk::Verbatim(code) => Piece::Text(match &gate {
                            Some(gate) => format!("{}\n{code}", gate.line()),
                            None => code,
                        }),
                        Chunk::Deferred(emit) => {
                            deferred.push(DeferredChunk {
                                path: path.clone(),
                                gate,
                                emit,
                            });
                            Piece::Deferred(deferred.len() - 1)
                        }
                        Chunk::Gated(..) => unreachable!("gates are not nested"),
                    });
                }
                layouts.push((path, Layout::Rust(pieces)));
            }
        }
    }
    let mut formatted = Vec::new();
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| {
            formatted = deferred
                .into_par_iter()
                .map(|chunk| format_items((chunk.emit)(), chunk.gate.as_ref(), &chunk.path))
                .collect();
        });
        // Meanwhile, the chunks whose tokens cannot leave this thread.
        for (path, layout) in &mut layouts {
            if let Layout::Rust(pieces) = layout {
                *pieces = std::mem::take(pieces)
                    .into_iter()
                    .map(|piece| match piece {
                        Piece::Code(code, gate) => {
                            format_items(code, gate.as_ref(), path).map(Piece::Text)
                        }
                        piece => Ok(piece),
                    })
                    .collect::<Result<_, _>>()?;
            }
        }
        Ok::<_, FormatError>(())
    })?;
    let mut formatted = formatted.into_iter().collect::<Result<Vec<_>, _>>()?;
    // Each file's pieces in order, then each file joined on a core of the pool.
    let files: Vec<(PathBuf, Vec<String>)> = layouts
        .into_iter()
        .map(|(path, layout)| {
            let pieces = match layout {
                Layout::Text(text) => return (path, vec![text]),
                Layout::Rust(pieces) => pieces,
            };
            let texts = pieces
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(text) => text,
                    Piece::Deferred(index) => std::mem::take(&mut formatted[index]),
                    Piece::Code(..) => unreachable!("formatted by this thread"),
                })
                .collect();
            (path, texts)
        })
        .collect();
    Ok(files
        .into_par_iter()
        .map(|(path, pieces)| (path, joined(pieces)))
        .collect())
}

/// `pieces` joined by line breaks, each freed as soon as copied: the pieces and the files they
/// make are each as large as the crate.
fn joined(mut pieces: Vec<String>) -> String {
    if pieces.len() == 1 {
        return pieces.pop().unwrap_or_default();
    }
    // At its size: grown by doubling, the files took up to twice the crate.
    let size = pieces.iter().map(|piece| piece.len() + 1).sum();
    let mut text = String::with_capacity(size);
    for piece in pieces {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&piece);
    }
    text
}

/// A file's text, or the pieces of a Rust file's.
enum Layout {
    Text(String),
    Rust(Vec<Piece>),
}

/// Part of a file's text: done, items this thread formats, or the index of a deferred chunk.
enum Piece {
    Text(String),
    Code(Code, Option<Gate>),
    Deferred(usize),
}

/// A chunk to emit on any thread, with the path of its file for errors.
struct DeferredChunk<'a> {
    path: PathBuf,
    gate: Option<Gate>,
    emit: Box<dyn FnOnce() -> Code + Send + 'a>,
}

/// Items laid out by prettyplease, with blank lines between them; each behind `gate`, if any.
fn format_items(code: Code, gate: Option<&Gate>, path: &Path) -> Result<String, FormatError> {
    let mut syntax = match code {
        Code::Tokens(tokens) => syn::parse2::<syn::File>(tokens).map_err(|error| FormatError {
            path: path.to_owned(),
            message: error.to_string(),
        })?,
        Code::Items(items) => syn::File {
            shebang: None,
            attrs: Vec::new(),
            items,
        },
    };
    if let Some(gate) = gate {
        for item in &mut syntax.items {
            if let Some(attributes) = item_attributes(item) {
                attributes.insert(0, gate.attribute());
            }
        }
    }
    let code = unfold_doc_comments(prettyplease::unparse(&syntax));
    Ok(separate_items(&code))
}

/// The attributes of the items the emitter writes (every other kind is left alone).
fn item_attributes(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Const(item) => Some(&mut item.attrs),
        syn::Item::Enum(item) => Some(&mut item.attrs),
        syn::Item::Fn(item) => Some(&mut item.attrs),
        syn::Item::Impl(item) => Some(&mut item.attrs),
        syn::Item::Macro(item) => Some(&mut item.attrs),
        syn::Item::Mod(item) => Some(&mut item.attrs),
        syn::Item::Struct(item) => Some(&mut item.attrs),
        syn::Item::Type(item) => Some(&mut item.attrs),
        syn::Item::Use(item) => Some(&mut item.attrs),
        _ => None,
    }
}

/// Splits each doc comment line that holds [`DOC_LINE_BREAK`]s into one line per line of its
/// text, indented and marked (`///` or `//!`) as the line was. Trailing spaces are trimmed from
/// each, as prettyplease trims them from a comment.
fn unfold_doc_comments(code: String) -> String {
    if !code.contains(DOC_LINE_BREAK) {
        return code;
    }
    let mut unfolded = String::with_capacity(code.len() + code.len() / 8);
    for line in code.lines() {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        match body
            .get(..3)
            .filter(|marker| ["///", "//!"].contains(marker))
        {
            Some(marker) if body.contains(DOC_LINE_BREAK) => {
                for part in body[3..].split(DOC_LINE_BREAK) {
                    unfolded.push_str(indent);
                    unfolded.push_str(marker);
                    unfolded.push_str(part.trim_end_matches(' '));
                    unfolded.push('\n');
                }
            }
            _ => {
                unfolded.push_str(line);
                unfolded.push('\n');
            }
        }
    }
    unfolded
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
    use proc_macro2::TokenStream;

    use super::*;

    #[test]
    fn deferred_chunks_keep_their_place_among_the_others() {
        use quote::{format_ident, quote};
        let mut chunks = vec![Chunk::Code(quote! { use a::b; }.into())];
        for index in 0..9 {
            chunks.push(Chunk::Deferred(Box::new(move || {
                let name = format_ident!("S{index}");
                quote! { pub struct #name; }.into()
            })));
            chunks.push(Chunk::Verbatim(format!("m!(S{index});\n")));
        }
        let files = format(vec![EmittedFile::Rust("src/models.rs".into(), chunks)]).unwrap();
        let expected: String = (0..9)
            .map(|index| format!("\npub struct S{index};\n\nm!(S{index});\n"))
            .collect();
        assert_eq!(
            files[&PathBuf::from("src/models.rs")],
            format!("use a::b;\n{expected}")
        );
    }

    #[test]
    fn a_deferred_chunk_that_is_not_rust_names_its_file() {
        use quote::quote;
        let chunks = vec![Chunk::Deferred(Box::new(|| quote! { pub struct; }.into()))];
        let error = format(vec![EmittedFile::Rust("src/models.rs".into(), chunks)]).unwrap_err();
        assert_eq!(error.path, PathBuf::from("src/models.rs"));
    }

    /// Doc comments travel as one attribute each, as raw strings, yet come out exactly as
    /// prettyplease writes one cooked attribute per line: indented in an `impl`, blank lines
    /// bare, trailing spaces trimmed, quotes, hashes and backslashes as written.
    #[test]
    fn doc_comments_come_out_as_one_line_per_line_of_text() {
        use super::super::rust::{doc_attribute, inner_doc_attrs};
        use quote::{quote, ToTokens};
        let texts = [
            "One line.",
            "Title\n\nBody with trailing spaces   \n  indented\n\n",
            "\nStarts blank, has a \u{1f} break character",
            "/// looks like a comment\n//! and another",
            "Quotes \"# and \"## end raw strings,\n\\ a backslash, \\\" an escaped quote",
            "A carriage\rreturn, which no raw string holds",
        ];
        // What the emitter wrote before: one attribute per line.
        let per_line = |text: &str, inner: bool| -> TokenStream {
            text.lines()
                .map(|line| {
                    let line = line.replace(DOC_LINE_BREAK, " ");
                    let value = if line.is_empty() {
                        line
                    } else {
                        format!(" {line}")
                    };
                    if inner {
                        quote! { #![doc = #value] }
                    } else {
                        quote! { #[doc = #value] }
                    }
                })
                .collect()
        };
        let item = |inner: TokenStream, outer: TokenStream| {
            quote! { #inner #outer pub struct S; impl S { #outer pub fn f() {} } }
        };
        let unparse = |tokens| prettyplease::unparse(&syn::parse2(tokens).unwrap());
        for text in texts {
            assert_eq!(
                unfold_doc_comments(unparse(item(
                    inner_doc_attrs(text),
                    doc_attribute(text).into_token_stream()
                ))),
                unparse(item(per_line(text, true), per_line(text, false))),
                "{text:?}"
            );
        }
    }

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
