//! The rule registry: every way the generator departs from reading the description literally,
//! named once, so a diagnostic, the README table and the tests all say the same thing.
//!
//! Rules come in two kinds ([`Severity`]): a *defect* rule works around something the
//! description gets wrong and warns; a *mapping* rule is how the generator reads a construct
//! that OpenAPI leaves open, and leaves a note. Every application of either goes through
//! [`crate::Findings::apply`], and `cargo xtask codegen` prints a summary of both.

use crate::diagnostic::Severity;

macro_rules! rules {
    ($(
        $(#[$doc:meta])*
        $variant:ident {
            name: $name:literal,
            severity: $severity:ident,
            defect: $defect:literal,
            action: $action:literal,
            module: $module:literal $(,)?
        }
    )*) => {
        /// A named rule; see the module docs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order the README lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's name in diagnostics and docs (`dangling-ref`).
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// Whether an application warns or only leaves a note.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// What in the descriptions calls for the rule (Markdown).
            pub fn defect(self) -> &'static str {
                match self { $(Rule::$variant => $defect,)* }
            }

            /// What the generator does about it (Markdown).
            pub fn action(self) -> &'static str {
                match self { $(Rule::$variant => $action,)* }
            }

            /// The source file, relative to `generator/src`, where the rule is applied.
            pub fn module(self) -> &'static str {
                match self { $(Rule::$variant => $module,)* }
            }
        }
    };
}

rules! {
    RefSiblings {
        name: "ref-siblings",
        severity: Note,
        defect: "`{$ref: X, nullable: true}` and `{$ref: X, description: ...}` (12/18/17 nullable ones); `openapiv3` drops the siblings",
        action: "rewritten to `{allOf: [{$ref: X}], ...}` before parsing, so nullability and field docs survive",
        module: "load/ref_siblings.rs",
    }
    DanglingRef {
        name: "dangling-ref",
        severity: Warning,
        defect: "`$ref: '#/components/schemas/custom_attributes'`, which 2.9 and 2.11 never define",
        action: "typed `serde_json::Value`",
        module: "lower/mod.rs",
    }
    MissingOperationId {
        name: "missing-operation-id",
        severity: Warning,
        defect: "4 Unstable operations have no `operationId`",
        action: "named from method and path: `get_export_reporting_data_by_job_identifier`",
        module: "lower/operation.rs",
    }
    PathParamInQuery {
        name: "path-param-in-query",
        severity: Warning,
        defect: "`job_identifier` declared `in: query` but part of the path template",
        action: "sent in the path",
        module: "lower/parameter_rules.rs",
    }
    UndeclaredPathParam {
        name: "undeclared-path-param",
        severity: Warning,
        defect: "a `{variable}` in a path that no parameter declares",
        action: "a required string argument",
        module: "lower/parameter_rules.rs",
    }
    MalformedPathTemplate {
        name: "malformed-path-template",
        severity: Warning,
        defect: "a path whose `{variables}` do not pair up (`/a/{x/{y}`, `/b/{}`)",
        action: "its operations are left out",
        module: "lower/operation.rs",
    }
    DuplicateOperationId {
        name: "duplicate-operation-id",
        severity: Warning,
        defect: "`operationId`s that repeat, or become equal as snake_case (`getUser`, `GetUser`)",
        action: "later ones (in document order) get numbered method names (`get_user2`)",
        module: "lower/operation.rs",
    }
    PathParamNotInTemplate {
        name: "path-param-not-in-template",
        severity: Warning,
        defect: "a path parameter the path template does not have (OpenAI's `cert_id` for `/organization/certificates/{certificate_id}`)",
        action: "left out: it cannot be sent anywhere",
        module: "lower/parameter_rules.rs",
    }
    PathParamTypes {
        name: "path-param-types",
        severity: Warning,
        defect: "path parameters typed as objects, arrays or `oneOf` (DigitalOcean's id-or-name)",
        action: "typed as a string: a path segment is text",
        module: "lower/parameter_rules.rs",
    }
    UnsupportedParameters {
        name: "unsupported-parameters",
        severity: Warning,
        defect: "cookie parameters",
        action: "left out of the Rust API",
        module: "lower/parameter_rules.rs",
    }
    VersionHeader {
        name: "version-header",
        severity: Note,
        defect: "every operation declares an `Intercom-Version` header parameter",
        action: "not part of the Rust API; the client sends the crate's version on every request (the header's name is `[api] version_header` in `specs/versions.toml`)",
        module: "lower/parameter_rules.rs",
    }
    VersionHeaderMismatch {
        name: "version-header-mismatch",
        severity: Warning,
        defect: "8 Unstable operations declare `Intercom-Version` as `enum: [preview]` while `info.version` is `Preview`",
        action: "the client sends `info.version`: one value per crate, the one the description names itself",
        module: "lower/parameter_rules.rs",
    }
    SingleValueHeader {
        name: "single-value-header",
        severity: Note,
        defect: "header parameters that allow exactly one value (the report download's `Accept: application/octet-stream`)",
        action: "not an argument; the client sends the value",
        module: "lower/parameter_rules.rs",
    }
    StringParameter {
        name: "string-parameter",
        severity: Warning,
        defect: "Unstable's `external_id` query parameter says `type: string` and lists `properties`",
        action: "typed as a string: a query value is text",
        module: "lower/parameter_rules.rs",
    }
    RequiredBody {
        name: "required-body",
        severity: Warning,
        defect: "request bodies not marked `required` whose schema has required properties (`reply_conversation`)",
        action: "the body is a required argument of the method",
        module: "lower/parameter_rules.rs",
    }
    DocumentedRedirect {
        name: "documented-redirect",
        severity: Note,
        defect: "an operation whose only success is a `3xx` (Unstable `show_call_recording` answers 302 with the recording's address)",
        action: "the redirect is not followed; the method returns the `Location` address",
        module: "lower/responses.rs",
    }
    PagesWithoutParameter {
        name: "pages-without-parameter",
        severity: Warning,
        defect: "list responses that carry `pages` while the operation declares no paging parameter (6 in 2.11, 18 in Unstable)",
        action: "not paginated (no `pages()`/`items()`): every request would return the first page again",
        module: "lower/pagination.rs",
    }
    ExampleWithoutSchema {
        name: "example-without-schema",
        severity: Warning,
        defect: "responses with examples but no schema",
        action: "typed `serde_json::Value`",
        module: "lower/responses.rs",
    }
    UndocumentedSuccessBody {
        name: "undocumented-success-body",
        severity: Note,
        defect: "2xx responses without content (report downloads answer 200 with a file)",
        action: "the body is returned as `Bytes` (`204` returns `()`)",
        module: "lower/responses.rs",
    }
    ErrorBodies {
        name: "error-bodies",
        severity: Note,
        defect: "error statuses of one operation use different schemas",
        action: "the error type is the shared schema when there is one, else `serde_json::Value`; the raw text is always kept",
        module: "lower/operation.rs",
    }
    MediaTypes {
        name: "media-types",
        severity: Note,
        defect: "`multipart/form-data` request (Unstable catalog upload), `application/x-www-form-urlencoded` requests (Stripe, Twilio), `text/plain` responses, media types that are none of these",
        action: "multipart bodies are sent as forms with `format: binary` fields as file parts; urlencoded bodies as `name=value` pairs (written like query parameters); text responses return `String`; JSON is preferred when several media types are offered, then multipart, then urlencoded; a request body of another type (`application/octet-stream`, `image/jpeg`, `text/plain`) whose schema is a string is sent as it is, binary as a `FilePart`, with its media type; any other is sent as JSON, with a warning",
        module: "lower/operation.rs",
    }
    SymbolNames {
        name: "symbol-names",
        severity: Note,
        defect: "enum values that are operators: `=`, `!=`, `<`, `<=`, `~`, `!~`, `^`, `$`",
        action: "spelled out: `Equals`, `NotEquals`, `LessThan`, `LessThanEquals`, `Contains`, `NotContains`, `StartsWith`, `EndsWith`",
        module: "lower/naming/mod.rs",
    }
    NameCollisions {
        name: "name-collisions",
        severity: Note,
        defect: "names equal after case conversion (`ticket.type` / `ticket_type`, two inline schemas titled \"Quick Reply Option\")",
        action: "inline types are named by position (`Parent` + property), not title; an inline type whose positional name is taken adds the role of its position (`TicketTypeProperty`, `CreateTicketRequestBody`); otherwise a taken name gets the first free numbered suffix, claimed in a fixed order; keywords get a trailing `_` with `#[serde(rename)]`",
        module: "lower/naming/mod.rs",
    }
    RecursiveTypes {
        name: "recursive-types",
        severity: Note,
        defect: "`multiple_filter_search_request` contains itself",
        action: "the field or variant that closes a by-value cycle is boxed (and optional)",
        module: "lower/recursion.rs",
    }
    AliasCycle {
        name: "alias-cycle",
        severity: Warning,
        defect: "schemas defined only through themselves (`A: {$ref: B}`, `B: {$ref: A}`, `allOf: [self]`, an array of itself, unions whose variants are only unions holding one another)",
        action: "the reference that closes the cycle is typed `serde_json::Value` (such a union is `serde_json::Value`); every other union's placeholder is the variant nearest a value",
        module: "lower/recursion.rs",
    }
    BinaryStrings {
        name: "binary-strings",
        severity: Warning,
        defect: "`format: binary` where no file part can be sent: a JSON body, a `oneOf` member, an array item, a parameter",
        action: "typed as a string; only properties of multipart body objects (a file, or an array of files) are file parts",
        module: "lower/binary.rs",
    }
    FileLists {
        name: "file-lists",
        severity: Note,
        defect: "a property that takes one file or several: `anyOf`/`oneOf` of `format: binary` and an array of it (OpenAI's image edit)",
        action: "a list of file parts (`Vec<FilePart>`; one file is a list of one), each sent as a part named after the property, as OpenAPI encodes an array in a multipart body",
        module: "lower/binary.rs",
    }
    NullType {
        name: "null-type",
        severity: Note,
        defect: "`{type: 'null'}`, OpenAPI 3.1's way of allowing `null`, as a `oneOf`/`anyOf` member in a 3.0 description (OpenAI's `anyOf: [{type: string}, {type: 'null'}]`)",
        action: "read as `nullable: true`: the member is no variant, and where the union is used may be `null`; a union left with one member is that member",
        module: "lower/compositions.rs",
    }
    UntypedSchemas {
        name: "untyped-schemas",
        severity: Note,
        defect: "schemas without `type` (enums of strings or booleans, bare `properties`, `additionalProperties` or, in an `allOf`, `required`)",
        action: "read by the keywords they have",
        module: "lower/schema.rs",
    }
    AllOfMerge {
        name: "all-of-merge",
        severity: Note,
        defect: "`allOf` of several schemas",
        action: "one struct with the members' properties merged (a member's `required` applies to them all, so DigitalOcean's `allOf: [$ref, {required: [type, name]}]` requires them), sharing the types a member defines inline (no `CreateTicketRequest2ContactsItem` copy); a member that is not an object adds nothing, with a warning; an `allOf` of one schema and members that only annotate or constrain it (OpenAI's `allOf: [$ref, {nullable: true}]`, Unstable's `allOf: [$ref, {description}]`, DigitalOcean's `allOf: [$ref, {maxLength: 16}]`) is that schema, nullable or documented as they say; a member that only chooses keys to require (`anyOf: [{required: [a]}, {required: [b]}]`) merges nothing and leaves them optional",
        module: "lower/compositions.rs",
    }
    CompositionSiblings {
        name: "composition-siblings",
        severity: Note,
        defect: "properties declared beside `allOf`, `oneOf` or `anyOf` (`article`'s `statistics`, Unstable `create_data_attribute_request`'s `name` and `model`); `openapiv3` keeps them apart from the composition",
        action: "beside `allOf`: merged with the members; beside `oneOf`/`anyOf`: merged into every member, each member a struct of its own (a member that is itself a union: a union of its own, its members merged the same way), or, when the members declare no properties (only `required`), the object of the properties",
        module: "lower/compositions.rs",
    }
    NullableComponents {
        name: "nullable-components",
        severity: Note,
        defect: "`nullable: true` on component schemas (35 in 2.9, 44 in Unstable) and unions with a nullable member: OpenAPI 3.0 leaves open whether a `$ref` to such a schema allows `null`",
        action: "every use of a schema that allows `null` allows it: such a property is nullable, such an array item or map value an `Option` (`Vec<Option<Admin>>`, as Prism and the spec allow); a list operation's `items()` skips the `null` items",
        module: "lower/schema.rs",
    }
    HugeEnums {
        name: "huge-enums",
        severity: Warning,
        defect: "string enums of more than 2,000 values (50,000 exhaust rustc's memory)",
        action: "typed as a string",
        module: "lower/enums.rs",
    }
    FreeFormObjects {
        name: "free-form-objects",
        severity: Note,
        defect: "objects without properties",
        action: "`BTreeMap<String, V>` of their `additionalProperties` (`serde_json::Value` when unconstrained)",
        module: "lower/schema.rs",
    }
    VariantNames {
        name: "variant-names",
        severity: Note,
        defect: "`oneOf`/`anyOf` members",
        action: "variants named after what they hold (`Contact`, `StringList`, `Value`), or their title; an untitled inline member after the one value it allows (Stripe's `enum: [\"\"]` is `Empty`), `Enum` when it allows several, `List` for an array of an inline type, `Map` for a map of one, an object after the first property no other member has (`WithCurrentCanvas`), or `Basic` when it has none of its own; only a schema that says nothing by its position",
        module: "lower/compositions.rs",
    }
    UnionTags {
        name: "union-tags",
        severity: Note,
        defect: "`oneOf`/`anyOf` members told apart by a `type` property with one allowed value, without a discriminator",
        action: "the variant is selected by that value (or the discriminator's mapping) before shapes are compared, unless another variant admits the value without being pinned to it (`type: admin` in close, `type: admin | team` in assign)",
        module: "lower/unions.rs",
    }
    InvalidExamples {
        name: "invalid-examples",
        severity: Note,
        defect: "request examples that contradict their schema",
        action: "validated with a JSON Schema validator; the example tests only count them, and each crate lists them with the reasons in `tests/examples/invalid-examples.md`",
        module: "lower/examples/mod.rs",
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_modules_exist() {
        let mut names = std::collections::BTreeSet::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for rule in Rule::ALL {
            assert!(names.insert(rule.name()), "{rule} is listed twice");
            assert!(
                rule.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{rule} is not kebab-case"
            );
            assert!(
                src.join(rule.module()).is_file(),
                "{rule}: {} does not exist",
                rule.module()
            );
        }
    }
}
