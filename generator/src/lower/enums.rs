//! String enums: a schema's `enum` of strings becomes a Rust enum with a variant per value
//! (rules `huge-enums`, `symbol-names`), and the values a boolean or number lists are kept for
//! telling union variants apart.

use openapiv3::{Schema, SchemaKind, Type};

use super::naming;
use super::schema::{Shape, Site};
use super::Lowering;
use crate::ir::{EnumVariant, StringEnum, TypeRef};
use crate::rules::Rule;

/// The most values a string enum may have before it is typed as a plain string (rule
/// `huge-enums`). The largest enums of real descriptions have a few hundred.
const MAX_ENUM_VALUES: usize = 2_000;

impl Lowering<'_> {
    /// Rule `huge-enums`: an enum of more than [`MAX_ENUM_VALUES`] values would cost rustc more
    /// than it is worth (50,000 exhaust its memory); it is typed as a string, with a warning.
    pub(super) fn enum_shape<'s>(&mut self, values: Vec<String>, site: &Site) -> Shape<'s> {
        if values.len() <= MAX_ENUM_VALUES {
            return Shape::Enum(values);
        }
        let detail = format!(
            "{} values, more than {MAX_ENUM_VALUES}; typed as a string",
            values.len()
        );
        self.findings.apply(Rule::HugeEnums, &site.pointer, detail);
        Shape::Expression(TypeRef::String)
    }

    /// A string enum of `values` (duplicates dropped), every value a variant.
    pub(super) fn string_enum(&mut self, values: Vec<String>, site: &Site) -> StringEnum {
        let mut idents = naming::Namespace::default();
        idents.reserve(crate::ir::UNKNOWN_VARIANT);
        let mut seen = std::collections::BTreeSet::new();
        let variants = values
            .into_iter()
            .filter(|value| seen.insert(value.clone()))
            .map(|value| {
                if naming::spells_symbols(&value) {
                    self.findings.apply(
                        Rule::SymbolNames,
                        &site.pointer,
                        format!("`{value}` spelled out"),
                    );
                }
                let wanted = naming::variant_name(&value);
                // The value `unknown` would take the catch-all's name: like smithy-rs, it is
                // `UnknownValue` rather than a numbered `Unknown2`.
                let alternative =
                    (wanted == crate::ir::UNKNOWN_VARIANT).then(|| format!("{wanted}Value"));
                EnumVariant {
                    ident: idents.claim_preferring(
                        &wanted,
                        alternative.as_deref(),
                        &site.pointer,
                        &mut self.findings,
                    ),
                    value,
                }
            })
            .collect();
        StringEnum { variants }
    }
}

/// The values a boolean or number `schema` lists in its `enum` (`null` left out): what union
/// decoding tells variants apart by, like the values of string enums.
pub(super) fn scalar_values(schema: &Schema) -> Vec<serde_json::Value> {
    fn listed<T: Into<serde_json::Value> + Copy>(values: &[Option<T>]) -> Vec<serde_json::Value> {
        values
            .iter()
            .flatten()
            .map(|value| (*value).into())
            .collect()
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Boolean(boolean)) => listed(&boolean.enumeration),
        SchemaKind::Type(Type::Integer(integer)) => listed(&integer.enumeration),
        SchemaKind::Type(Type::Number(number)) => listed(&number.enumeration),
        SchemaKind::Any(any) if any.enumeration.iter().all(|value| !value.is_string()) => any
            .enumeration
            .iter()
            .filter(|value| !value.is_null())
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}
