//! Rule `binary-strings`: `format: binary` becomes a file part only where the client can send
//! one: a property of a `multipart/form-data` body object (or any object, where it is skipped
//! by serde), as one file or a list of them, or a body sent as it is
//! (`application/octet-stream`). Anywhere else (a JSON body, a `oneOf` member, an array item, a
//! map value, a parameter) it is typed as a string, with a warning, so the crate compiles
//! instead of requiring `FilePart` to be JSON.
//!
//! Rule `file-lists`: a union of a file and a list of files is a list of files.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty};

use super::members::is_null_type;
use super::schema::SchemaRef;
use crate::ir::{BodyEncoding, Operation, ResponseBody, Slot, TypeDef, TypeKind, TypeRef};
use crate::rules::Rule;
use crate::{pointer, Findings};

/// Whether a string schema holds a file's contents (`format: binary`).
pub(super) fn is_binary(string: &StringType) -> bool {
    string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
}

/// Rule `file-lists`: whether the members of a `oneOf`/`anyOf` are files and lists of files
/// (besides `{type: 'null'}`), at least two: one file or several, as OpenAI's image edit
/// takes `anyOf: [binary, array of binary]`.
pub(super) fn is_file_list_union(members: &[SchemaRef<'_>]) -> bool {
    let is_file = |schema: &openapiv3::Schema| {
        matches!(&schema.schema_kind, SchemaKind::Type(Type::String(string))
            if is_binary(string))
    };
    let is_file_list = |schema: &openapiv3::Schema| {
        matches!(&schema.schema_kind, SchemaKind::Type(Type::Array(array))
            if matches!(&array.items, Some(ReferenceOr::Item(item)) if is_file(item)))
    };
    let mut files = 0;
    for member in members {
        match member {
            SchemaRef::Inline(schema) if is_null_type(schema) => {}
            SchemaRef::Inline(schema) if is_file(schema) || is_file_list(schema) => files += 1,
            _ => return false,
        }
    }
    files >= 2
}

/// What the rule says where it applies.
const DETAIL: &str = "`format: binary` where no file part can be sent (a JSON body, \
                      a `oneOf` member, an array item); typed as a string";

/// Replaces every `Bytes` by `String` but in a struct field's own type (a file, or a list of
/// files: [`Slot::File`]).
pub(super) fn binary_as_strings(
    types: &mut BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    findings: &mut Findings,
) {
    for definition in types.values_mut() {
        let replaced = match &mut definition.kind {
            TypeKind::Struct(object) => {
                let fields = object
                    .fields
                    .iter_mut()
                    .map(|field| {
                        !matches!(field.slot(), Slot::File { .. }) && replace(&mut field.ty)
                    })
                    .fold(false, |any, one| any | one);
                let additional = object.additional_properties.as_mut().is_some_and(replace);
                fields | additional
            }
            TypeKind::Union(union) => union
                .variants
                .iter_mut()
                .map(|variant| replace(&mut variant.ty))
                .fold(false, |any, one| any | one),
            TypeKind::Alias(ty) => replace(ty),
            TypeKind::Enum(_) => false,
        };
        if replaced {
            findings.apply(Rule::BinaryStrings, &definition.source, DETAIL);
        }
    }
    for operation in operations {
        let parameters = operation
            .parameters
            .iter_mut()
            .map(|parameter| replace(&mut parameter.ty))
            .fold(false, |any, one| any | one);
        let body = operation
            .body
            .as_mut()
            .is_some_and(|body| body.encoding != BodyEncoding::Raw && replace(&mut body.ty));
        let responses = operation
            .responses
            .iter_mut()
            .map(|response| &mut response.body)
            .chain([&mut operation.success])
            .map(|body| match body {
                ResponseBody::Json(ty) => replace(ty),
                _ => false,
            })
            .fold(false, |any, one| any | one);
        if parameters | body | responses {
            let at = pointer::join(
                "#/paths",
                [
                    operation.path.as_str(),
                    &operation.method.as_str().to_ascii_lowercase(),
                ],
            );
            findings.apply(Rule::BinaryStrings, &at, DETAIL);
        }
    }
}

/// Replaces `Bytes` anywhere in `ty` (inside arrays, maps and nullables too) by `String`;
/// whether there was any.
fn replace(ty: &mut TypeRef) -> bool {
    let leaf = ty.innermost_mut();
    let bytes = *leaf == TypeRef::Bytes;
    if bytes {
        *leaf = TypeRef::String;
    }
    bytes
}
