//! Models declared by hand the way the generator declares them, shared by the test binaries.
// Each test binary uses some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use intercom_runtime::model::union::{decode_union, variant, Shape, Variant};
use intercom_runtime::model::{Decode, Decoded, Extra, Object};

#[derive(Clone)]
pub struct Tag {
    pub name: String,
    pub kind: Option<TagType>,
    pub extra: Extra,
}

intercom_runtime::object! {
    Tag {
        0: "name" => name: required,
        1: "type" => kind: optional,
    }
}

/// The `type` of a tag, a string enum of one value.
pub type TagType = intercom_runtime::model::Tag<TagTypeValue>;

pub enum TagTypeValue {}

impl intercom_runtime::model::TagValue for TagTypeValue {
    const VALUE: &'static str = "tag";
}

/// An object with typed `additionalProperties`.
#[derive(Clone)]
pub struct Counts {
    pub total: i64,
    pub additional_properties: BTreeMap<String, i64>,
    pub extra: Extra,
}

intercom_runtime::object! {
    Counts {
        0: "total" => total: required,
        additional => additional_properties,
    }
}

#[derive(Clone)]
pub enum Role {
    Admin,
    User,
    Unknown(String),
}

impl Role {
    pub fn as_str(&self) -> &str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
            Role::Unknown(other) => other,
        }
    }
}

impl From<&str> for Role {
    fn from(value: &str) -> Self {
        match value {
            "admin" => Role::Admin,
            "user" => Role::User,
            other => Role::Unknown(other.to_owned()),
        }
    }
}

intercom_runtime::string_enum!(Role);

/// A search filter: its value is a union, one variant of which is a list of filters.
#[derive(Clone, Default)]
pub struct Filter {
    pub value: Option<FilterValue>,
    pub extra: Extra,
}

intercom_runtime::object! {
    Filter {
        0: "value" => value: optional,
    }
}

#[derive(Clone, serde::Serialize)]
#[serde(untagged)]
pub enum FilterValue {
    Filters(Vec<Filter>),
    Words(Vec<String>),
    Text(String),
    Number(i64),
}

impl Decode for FilterValue {
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Decoded<Self>, D::Error> {
        decode_union(
            deserializer,
            "type",
            &[
                Variant {
                    tags: &[],
                    shape: Shape::Array(&Shape::Object(<Filter as Object>::FIELDS)),
                    allowed: &[],
                    decode: |value| variant(value, FilterValue::Filters),
                },
                Variant {
                    tags: &[],
                    shape: Shape::Array(&Shape::String),
                    allowed: &[],
                    decode: |value| variant(value, FilterValue::Words),
                },
                Variant {
                    tags: &[],
                    shape: Shape::String,
                    allowed: &[],
                    decode: |value| variant(value, FilterValue::Text),
                },
                Variant {
                    tags: &[],
                    shape: Shape::Integer,
                    allowed: &[],
                    decode: |value| variant(value, FilterValue::Number),
                },
            ],
        )
    }
}

intercom_runtime::union_enum!(FilterValue);
