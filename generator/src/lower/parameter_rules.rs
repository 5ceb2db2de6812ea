//! Rules about what a request carries besides its typed arguments: `version-header`,
//! `version-header-mismatch`, `single-value-header`, `string-parameter` and `required-body`.

use openapiv3::{ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::references;
use super::Lowering;
use crate::ir::{FixedHeader, TypeKind, TypeRef};
use crate::rules::Rule;

impl<'a> Lowering<'a> {
    /// Rule `version-header`: the version header parameter every operation declares is sent by
    /// the client itself, from the crate's pinned version, so it is not a method argument.
    pub(super) fn is_version_header(&self, name: &str) -> bool {
        self.options
            .version_header
            .is_some_and(|header| name.eq_ignore_ascii_case(header))
    }

    /// Applies rule `version-header` to a version header parameter, and rule
    /// `version-header-mismatch`: 8 Unstable operations declare `enum: [preview]` for
    /// `Intercom-Version` while the description's `info.version` is `Preview`. The crate sends
    /// `info.version` on every request: one value per crate, the one the description names itself.
    pub(super) fn check_version_header(&mut self, data: &'a ParameterData, pointer: &str) {
        self.findings.apply(
            Rule::VersionHeader,
            pointer,
            "sent by the client from the crate's version",
        );
        let version = &self.openapi.info.version;
        let values = self.parameter_values(data);
        if !values.is_empty() && !values.contains(version) {
            let allowed: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
            self.findings.apply(
                Rule::VersionHeaderMismatch,
                pointer,
                format!(
                    "`{}` allows {} but info.version is `{version}`; the client sends `{version}`",
                    data.name,
                    allowed.join(", "),
                ),
            );
        }
    }

    /// Rule `single-value-header`: a header that can only have one value (the report
    /// download's `Accept: application/octet-stream`) is the client's to send.
    pub(super) fn single_value_header(
        &mut self,
        data: &'a ParameterData,
        pointer: &str,
    ) -> Option<FixedHeader> {
        let [value] = self.parameter_values(data).try_into().ok()?;
        self.findings.apply(
            Rule::SingleValueHeader,
            pointer,
            format!("`{}` allows only `{value}`; sent by the client", data.name),
        );
        Some(FixedHeader {
            name: data.name.clone(),
            value,
        })
    }

    /// Rule `string-parameter`: Unstable's `external_id` says `type: string` and lists
    /// `properties`; a query value is text, so the type wins. Whether `schema` is such a one.
    pub(super) fn string_parameter(
        &mut self,
        schema: &ReferenceOr<Schema>,
        data: &ParameterData,
        pointer: &str,
    ) -> bool {
        let ReferenceOr::Item(schema) = schema else {
            return false;
        };
        let object_string = matches!(&schema.schema_kind, SchemaKind::Any(any)
            if any.typ.as_deref() == Some("string") && !any.properties.is_empty());
        if object_string {
            self.findings.apply(
                Rule::StringParameter,
                pointer,
                format!(
                    "`{}` is declared `type: string` with properties; typed as a string",
                    data.name
                ),
            );
        }
        object_string
    }

    /// Rule `required-body`: a body whose schema requires properties is required, whatever
    /// `required` says (`reply_conversation` cannot work without its reply).
    pub(super) fn body_required(&mut self, declared: bool, ty: &TypeRef, pointer: &str) -> bool {
        if declared {
            return true;
        }
        let required = self.requires_properties(ty);
        if required {
            self.findings.apply(
                Rule::RequiredBody,
                pointer,
                "the body's schema has required properties; the body is a method argument",
            );
        }
        required
    }

    /// Whether values of `ty` must have some property: a struct with a required field, or a
    /// union all of whose variants must.
    fn requires_properties(&self, ty: &TypeRef) -> bool {
        match crate::ir::resolve(&self.types, ty).map(|definition| &definition.kind) {
            Some(TypeKind::Struct(object)) => object.fields.iter().any(|field| field.required),
            Some(TypeKind::Union(union)) => union
                .variants
                .iter()
                .all(|variant| self.requires_properties(&variant.ty)),
            _ => false,
        }
    }

    /// The value the spec gives as an example of a parameter (see [`crate::ir::Parameter::example`]).
    pub(super) fn parameter_example(&self, data: &'a ParameterData) -> Option<serde_json::Value> {
        let named = data
            .examples
            .values()
            .filter_map(|example| references::resolve(self.openapi, example).ok())
            .find_map(|example| example.value.clone());
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                references::resolve(self.openapi, schema).ok()
            }
            ParameterSchemaOrContent::Content(_) => None,
        };
        let from_schema = schema.and_then(|schema| {
            let listed = match &schema.schema_kind {
                SchemaKind::Type(Type::String(string)) => string
                    .enumeration
                    .iter()
                    .flatten()
                    .next()
                    .cloned()
                    .map(Into::into),
                _ => None,
            };
            let data = &schema.schema_data;
            data.example
                .clone()
                .or(listed)
                .or_else(|| data.default.clone())
        });
        data.example.clone().or(named).or(from_schema)
    }

    /// The string values a parameter's schema lists in its `enum` (empty: any value).
    fn parameter_values(&self, data: &'a ParameterData) -> Vec<String> {
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
}
