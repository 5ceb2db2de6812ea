//! A request's parameters: each lowered to an argument or a setter (rules `path-param-in-query`,
//! `undeclared-path-param`, `path-param-not-in-template`, `path-param-types`,
//! `unsupported-parameters`), and the rules about what a request carries besides its typed
//! arguments: `version-header`, `version-header-mismatch`, `single-value-header`,
//! `string-parameter` and `required-body`.

use openapiv3::{
    Operation as SpecOperation, Parameter as SpecParameter, ParameterData,
    ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, Schema, SchemaKind, Type,
};

use super::naming;
use super::references;
use super::schema::Site;
use super::Lowering;
use crate::ir::{FixedHeader, Parameter, ParameterLocation, TypeKind, TypeRef};
use crate::rules::Rule;
use crate::{Diagnostic, Findings};

impl<'a> Lowering<'a> {
    /// The arguments and setters of an operation at `path`, path parameters first in template
    /// order, named in `idents`; and the headers it sends with one fixed value.
    pub(super) fn parameters<'s>(
        &mut self,
        path: &str,
        item: &'s PathItem,
        operation: &'s SpecOperation,
        site: &Site,
        idents: &mut naming::Namespace,
    ) -> Result<(Vec<Parameter>, Vec<FixedHeader>), Diagnostic>
    where
        'a: 's,
    {
        let template_names = path_template_names(path);
        // Operation parameters override path-item parameters with the same name and location.
        let mut declared: Vec<(&'s SpecParameter, String)> = Vec::new();
        let item_pointer = site.pointer.rsplit_once('/').map_or("", |(item, _)| item);
        let sources = item
            .parameters
            .iter()
            .enumerate()
            .map(|(index, p)| (p, format!("{item_pointer}/parameters/{index}")))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(index, p)| (p, format!("{}/parameters/{index}", site.pointer))),
            );
        for (parameter, pointer) in sources {
            let parameter = self.resolve(parameter, &pointer)?;
            let data = parameter.parameter_data_ref();
            declared.retain(|(existing, _)| {
                existing.parameter_data_ref().name != data.name
                    || std::mem::discriminant(*existing) != std::mem::discriminant(parameter)
            });
            declared.push((parameter, pointer));
        }

        // Path parameters claim their names first: they are the positional arguments, and a
        // query or header parameter of the same name says where it goes instead (`id_query`).
        declared.sort_by_key(|(parameter, _)| !matches!(parameter, SpecParameter::Path { .. }));
        // A template variable that a path parameter declares is that parameter's, even when a
        // query parameter has the same name (names are unique per location only).
        let declared_in_path: Vec<&str> = declared
            .iter()
            .filter(|(parameter, _)| matches!(parameter, SpecParameter::Path { .. }))
            .map(|(parameter, _)| parameter.parameter_data_ref().name.as_str())
            .collect();
        let mut parameters = Vec::new();
        let mut fixed_headers = Vec::new();
        for (parameter, pointer) in declared {
            let data = parameter.parameter_data_ref();
            let location = match parameter {
                // Rule `path-param-not-in-template`: OpenAI declares `cert_id` for
                // `/organization/certificates/{certificate_id}`; it cannot be sent anywhere.
                SpecParameter::Path { .. } if !template_names.contains(&data.name.as_str()) => {
                    let detail = format!("`{}` is not in the path `{path}`; left out", data.name);
                    self.findings
                        .apply(Rule::PathParamNotInTemplate, &pointer, detail);
                    continue;
                }
                SpecParameter::Path { .. } => ParameterLocation::Path,
                SpecParameter::Query { .. }
                    if template_names.contains(&data.name.as_str())
                        && !declared_in_path.contains(&data.name.as_str()) =>
                {
                    // Rule `path-param-in-query`: Unstable declares `job_identifier` `in: query`
                    // although the path template carries it; the template is what the server routes on.
                    self.findings.apply(
                        Rule::PathParamInQuery,
                        &pointer,
                        format!("`{}` is in the path template; sent in the path", data.name),
                    );
                    ParameterLocation::Path
                }
                SpecParameter::Query { .. } => ParameterLocation::Query,
                SpecParameter::Header { .. } if self.is_version_header(&data.name) => {
                    self.check_version_header(data, &pointer);
                    continue;
                }
                SpecParameter::Header { .. } => {
                    if let Some(header) = self.single_value_header(data, &pointer) {
                        fixed_headers.push(header);
                        continue;
                    }
                    ParameterLocation::Header
                }
                SpecParameter::Cookie { .. } => {
                    self.findings.apply(
                        Rule::UnsupportedParameters,
                        &pointer,
                        format!("cookie parameter `{}` left out", data.name),
                    );
                    continue;
                }
            };
            let mut ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema)
                    if self.string_parameter(schema, data, &pointer) =>
                {
                    TypeRef::String
                }
                ParameterSchemaOrContent::Schema(schema) => {
                    self.lower(schema.into(), &site.child(&data.name, &["schema"]))
                        .ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            // Rule `path-param-types`: a path segment is text; a parameter typed as an object,
            // a `oneOf` (DigitalOcean's id-or-name) or an array is taken as a string.
            if location == ParameterLocation::Path && !self.is_text_like(&ty) {
                let detail = format!(
                    "path parameter `{}` is not a scalar or string enum; typed as a string",
                    data.name
                );
                self.findings.apply(Rule::PathParamTypes, &pointer, detail);
                ty = TypeRef::String;
            }
            let explode = match parameter {
                SpecParameter::Query { style, .. } => {
                    data.explode.unwrap_or(matches!(style, QueryStyle::Form))
                }
                _ => true,
            };
            parameters.push(Parameter {
                explode,
                ident: parameter_ident(idents, &data.name, location, &pointer, &mut self.findings),
                name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParameterLocation::Path,
                docs: self.docs(data.description.as_deref()),
                example: self.parameter_example(data),
            });
        }
        // Rule `undeclared-path-param`: a template variable nobody declared is still a string
        // the caller must supply.
        for name in &template_names {
            let declared = parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.name == *name);
            if !declared {
                self.findings.apply(
                    Rule::UndeclaredPathParam,
                    &site.pointer,
                    format!("`{{{name}}}` is not declared; typed as a string"),
                );
                parameters.push(Parameter {
                    ident: parameter_ident(
                        idents,
                        name,
                        ParameterLocation::Path,
                        &site.pointer,
                        &mut self.findings,
                    ),
                    name: (*name).to_owned(),
                    location: ParameterLocation::Path,
                    ty: TypeRef::String,
                    required: true,
                    docs: String::new(),
                    explode: true,
                    example: None,
                });
            }
        }
        // Path parameters come first, in template order, so positional arguments read like the URL.
        let position = |p: &Parameter| match p.location {
            ParameterLocation::Path => template_names
                .iter()
                .position(|name| *name == p.name)
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        parameters.sort_by_key(|p| (p.location != ParameterLocation::Path, position(p)));
        Ok((parameters, fixed_headers))
    }

    /// Whether values of `ty` can be written as a path segment (they implement `Display`):
    /// scalars, string enums, and aliases of those.
    fn is_text_like(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Bounded: alias cycles are broken later, so a chain may loop here.
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean => {
                    return true
                }
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(crate::ir::TypeKind::Enum(_)) => return true,
                    Some(crate::ir::TypeKind::Alias(target)) => ty = target,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

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
    pub(super) fn check_version_header(&mut self, data: &ParameterData, pointer: &str) {
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
        data: &ParameterData,
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
        let members = crate::ir::union_members(&self.types, ty);
        members.into_iter().all(|member| {
            let kind = crate::ir::resolve(&self.types, member).map(|definition| &definition.kind);
            matches!(kind, Some(TypeKind::Struct(object)) if object.fields.iter().any(|f| f.required))
        })
    }

    /// The value the spec gives as an example of a parameter (see [`crate::ir::Parameter::example`]).
    pub(super) fn parameter_example(&self, data: &ParameterData) -> Option<serde_json::Value> {
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
    fn parameter_values(&self, data: &ParameterData) -> Vec<String> {
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

/// A parameter's argument or setter name. One whose name is taken, by a builder member or by a
/// parameter elsewhere (names are unique per location only), is named after its location
/// (`send_query`, `id_path`) before it is numbered.
fn parameter_ident(
    idents: &mut naming::Namespace,
    name: &str,
    location: ParameterLocation,
    pointer: &str,
    findings: &mut Findings,
) -> String {
    let wanted = naming::snake_name(name);
    let alternative = naming::snake_name(&format!("{name} {}", location.as_str()));
    idents.claim_preferring(&wanted, Some(&alternative), pointer, findings)
}

/// The `{variable}` names of a path template, in order.
fn path_template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_template_names_are_in_order() {
        assert_eq!(path_template_names("/a/{x}/b/{y_id}"), ["x", "y_id"]);
        assert!(path_template_names("/a").is_empty());
    }
}
