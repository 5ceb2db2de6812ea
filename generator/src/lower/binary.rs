//! Rule `binary-strings`: `format: binary` becomes a file part only where the client can send
//! one: a property of a `multipart/form-data` body object (or any object, where it is skipped
//! by serde), or a body sent as it is (`application/octet-stream`). Anywhere else (a JSON body,
//! a `oneOf` member, an array item, a map value, a parameter) it is typed as a string, with a
//! warning, so the crate compiles instead of requiring `FilePart` to be JSON.

use std::collections::BTreeMap;

use crate::ir::{BodyEncoding, Operation, ResponseBody, TypeDef, TypeKind, TypeRef};
use crate::rules::Rule;
use crate::{pointer, Findings};

/// What the rule says where it applies.
const DETAIL: &str = "`format: binary` where no file part can be sent (a JSON body, \
                      a `oneOf` member, an array item); typed as a string";

/// Replaces every `Bytes` outside a struct field's own type by `String`.
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
                    .map(|field| field.ty != TypeRef::Bytes && replace(&mut field.ty))
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
