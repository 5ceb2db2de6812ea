//! Rules about header and query parameters: `version-header`, `version-header-mismatch`,
//! `string-parameter`, and the values `single-value-header` reads.

use openapiv3::{ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::references;
use super::Lowering;

impl<'a> Lowering<'a> {
    /// Rule `version-header`: the version header parameter every operation declares is sent by
    /// the client itself, from the crate's pinned version, so it is not a method argument.
    pub(super) fn is_version_header(&self, name: &str) -> bool {
        self.options
            .version_header
            .is_some_and(|header| name.eq_ignore_ascii_case(header))
    }

    /// Rule `version-header-mismatch`: 8 Unstable operations declare `enum: [preview]` for
    /// `Intercom-Version` while the description's `info.version` is `Preview`. The crate sends
    /// `info.version` on every request: one value per crate, the one the description names itself.
    pub(super) fn check_version_header(&mut self, data: &'a ParameterData, pointer: &str) {
        let version = &self.openapi.info.version;
        let values = self.parameter_values(data);
        if !values.is_empty() && !values.contains(version) {
            self.warn(
                pointer,
                format!(
                    "rule version-header-mismatch: `{}` allows {} but info.version is `{version}`; the client sends `{version}`",
                    data.name,
                    values.iter().map(|value| format!("`{value}`")).collect::<Vec<_>>().join(", "),
                ),
            );
        }
    }

    /// The string values a parameter's schema lists in its `enum` (empty: any value).
    pub(super) fn parameter_values(&self, data: &'a ParameterData) -> Vec<String> {
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Vec::new();
        };
        match references::resolve(self.openapi, schema).map(|schema| &schema.schema_kind) {
            Ok(SchemaKind::Type(Type::String(string))) => {
                string.enumeration.iter().flatten().cloned().collect()
            }
            _ => Vec::new(),
        }
    }

    /// An inline schema that says `type: string` but describes an object.
    pub(super) fn declares_object_string(&self, schema: &ReferenceOr<Schema>) -> bool {
        let ReferenceOr::Item(schema) = schema else {
            return false;
        };
        matches!(&schema.schema_kind, SchemaKind::Any(any)
            if any.typ.as_deref() == Some("string") && !any.properties.is_empty())
    }
}
