//! Models declared by hand the way the generator declares them, shared by the test binaries.
// Each test binary uses some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;

use intercom_runtime::model::Extra;

#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub name: String,
    pub extra: Extra,
}

intercom_runtime::object! {
    Tag {
        0: "name" => name: required,
    }
}

/// An object with typed `additionalProperties`.
#[derive(Clone, Debug, PartialEq)]
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

#[derive(Clone, Debug, PartialEq)]
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
