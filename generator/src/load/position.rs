//! What a node of a description is, from the keys above it: a schema, a map or list of them,
//! another OpenAPI object, or data (a schema's examples, defaults and discriminator mapping,
//! extensions) that no walk over OpenAPI objects may read as such: a data object with a `$ref`
//! key is not a reference. An operation's example stays walked: DigitalOcean writes its example
//! values as `$ref`s to files. The bundler and rule `ref-siblings` walk the tree by it.

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Position {
    Schema,
    /// A map of schemas by name (`properties`, `#/components/schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// A map of other objects by name (`headers`, `content`, a section of `#/components`),
    /// where a key starting with `x-` is a name (`x-request-id`), not an extension.
    NameMap,
    Other,
}

impl Position {
    /// The position of the value under `key` of an object at this position (at `at`), or
    /// `None` when it is data, not an OpenAPI object.
    pub(super) fn child(self, key: &str, at: &str) -> Option<Position> {
        if key.starts_with("x-") && !matches!(self, Position::SchemaMap | Position::NameMap) {
            return None;
        }
        Some(match (self, key) {
            (Position::SchemaMap, _) => Position::Schema,
            (Position::NameMap, _) => Position::Other,
            // A discriminator's mapping holds names and references as strings, whatever its
            // keys (`$ref: Pet` is a tag named `$ref`); the bundler resolves it by itself.
            (Position::Schema, "example" | "examples" | "default" | "enum" | "discriminator") => {
                return None
            }
            (Position::Schema, "items" | "not" | "additionalProperties") => Position::Schema,
            (Position::Schema, "properties") => Position::SchemaMap,
            (Position::Schema, "allOf" | "oneOf" | "anyOf") => Position::SchemaList,
            (Position::Other, "schema") => Position::Schema,
            (Position::Other, "schemas") if at == "#/components" => Position::SchemaMap,
            (Position::Other, _) if at == "#/components" => Position::NameMap,
            (Position::Other, "headers" | "content" | "links" | "encoding" | "variables") => {
                Position::NameMap
            }
            _ => Position::Other,
        })
    }

    /// The position of the items of an array at this position.
    pub(super) fn item(self) -> Position {
        match self {
            Position::SchemaList => Position::Schema,
            _ => Position::Other,
        }
    }
}
