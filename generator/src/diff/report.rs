//! The report model: what `cargo xtask diff` prints as JSON (its schema is `report_schema()`,
//! committed as `generator/diff-report.schema.json`) and renders as Markdown.
//!
//! A report lists each change once, at its *subject*: the operation or the type where it
//! happened. A change of a shared type is reported at that type, with the operations and types
//! that reach it listed under it, never again under each of them.

use schemars::JsonSchema;
use serde::Serialize;

/// The differences between two versions of an API.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    /// The version compared against.
    pub old: Version,
    /// The version compared.
    pub new: Version,
    pub summary: Summary,
    /// One entry per changed operation or type: operations first (by route), then types (by
    /// source pointer).
    pub changes: Vec<Change>,
}

/// `info` of one description.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Version {
    pub title: String,
    /// `info.version`.
    pub version: String,
}

/// Counts of what changed, for readers who stop at the top.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Summary {
    pub operations: OperationCounts,
    pub types: TypeCounts,
    /// HTTP-level findings ([`Finding`]s) per level.
    pub http: LevelCounts,
    /// Generated Rust items ([`RustChange`]s) per effect.
    pub rust: RustCounts,
    /// Whether a crate regenerated from the new description needs a new major version.
    pub semver: Semver,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct OperationCounts {
    pub added: usize,
    pub removed: usize,
    /// Matched operations whose `operationId` changed.
    pub renamed: usize,
    /// Matched operations whose path names its parameters differently (`/admins/{id}` ->
    /// `/admins/{admin_id}`): the same route on the wire.
    pub renamed_path_parameters: usize,
    /// The distinct new paths of those operations.
    pub paths_with_renamed_parameters: usize,
    /// Matched operations with any other finding (parameters, bodies, statuses, deprecation).
    pub changed: usize,
    /// Routes that two paths of one description erase to (reported, matched by exact path).
    pub ambiguous_routes: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct TypeCounts {
    pub added: usize,
    pub removed: usize,
    /// Matched types (same source) with any finding or Rust change.
    pub changed: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct LevelCounts {
    pub breaking: usize,
    pub possibly_breaking: usize,
    pub compatible: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct RustCounts {
    /// Items whose change makes some code that compiled stop compiling.
    pub breaking: usize,
    /// Items added without breaking anything.
    pub additive: usize,
}

/// What a regenerated crate's version must say (Cargo's semver: before 1.0, "major" is a minor
/// bump such as 0.3 -> 0.4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Semver {
    /// Some Rust item breaks.
    Major,
    /// Only additions.
    Minor,
    /// No change to the Rust API.
    #[default]
    Patch,
}

/// Everything that changed at one operation or type.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Change {
    pub subject: Subject,
    /// The section of the Markdown report: the operation's tag, or the one tag every operation
    /// reaching a type shares. `None` for operations without a tag, types reached from several
    /// tags and types no operation uses.
    pub tag: Option<String>,
    /// What changed on the wire, each classified for an HTTP client.
    pub findings: Vec<Finding>,
    /// What changed in the generated Rust API.
    pub rust: Vec<RustChange>,
    /// Where a change of a type is felt (empty for operations).
    pub reaches: Reach,
}

impl Change {
    /// Breaking on the wire, or for code using the generated crate.
    pub fn is_breaking(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.level == Level::Breaking)
            || self.rust.iter().any(|change| change.breaking)
    }
}

/// An operation or a type.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    Operation {
        /// `GET`, `POST`, ...
        method: String,
        /// The path in the new description (the old one for a removed operation).
        path: String,
        /// The `operationId` in the new description (the old one for a removed operation).
        operation_id: String,
    },
    Type {
        /// JSON pointer to the schema, in the new description (the old one for a removed type).
        source: String,
        /// The Rust name, in the new crate (the old one for a removed type).
        name: String,
    },
}

/// One change on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Finding {
    /// What changed, with its details.
    pub change: FindingKind,
    pub level: Level,
    /// Why that level, in one line.
    pub reason: String,
}

/// How a change affects an HTTP client written against the old description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Breaking,
    PossiblyBreaking,
    Compatible,
}

/// Where a value travels: what decides whether a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Sent by the client only.
    Request,
    /// Received by the client only.
    Response,
    /// Both sent and received.
    Both,
    /// Used by no operation.
    Unused,
}

/// The kinds of wire changes. Types are written as Rust types of the new crate (the old one for
/// what was removed).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FindingKind {
    OperationAdded,
    OperationRemoved,
    OperationIdRenamed {
        old: String,
        new: String,
    },
    PathParametersRenamed {
        old_path: String,
        new_path: String,
    },
    /// Two paths of one description erase to the same route; matched by exact path.
    AmbiguousRoute {
        paths: Vec<String>,
    },
    TagChanged {
        old: Option<String>,
        new: Option<String>,
    },
    ParameterAdded {
        name: String,
        location: String,
        required: bool,
    },
    ParameterRemoved {
        name: String,
        location: String,
    },
    ParameterRequiredChanged {
        name: String,
        location: String,
        required: bool,
    },
    ParameterRetyped {
        name: String,
        location: String,
        old: String,
        new: String,
    },
    RequestBodyAdded {
        required: bool,
    },
    RequestBodyRemoved,
    RequestBodyRequiredChanged {
        required: bool,
    },
    RequestBodyRetyped {
        old: String,
        new: String,
    },
    StatusAdded {
        status: String,
    },
    StatusRemoved {
        status: String,
    },
    /// A header the response of `status` documents, which it did not (statuses on both sides).
    ResponseHeaderAdded {
        status: String,
        name: String,
    },
    ResponseHeaderRemoved {
        status: String,
        name: String,
    },
    SuccessBodyRetyped {
        old: String,
        new: String,
    },
    ErrorBodyRetyped {
        old: String,
        new: String,
    },
    DeprecationChanged {
        deprecated: bool,
    },
    TypeAdded,
    TypeRemoved,
    TypeKindChanged {
        old: String,
        new: String,
    },
    PropertyAdded {
        name: String,
        required: bool,
        nullable: bool,
    },
    PropertyRemoved {
        name: String,
        required: bool,
    },
    PropertyRetyped {
        name: String,
        old: String,
        new: String,
    },
    /// A string property now lists its values (a string enum of the new crate).
    PropertyValuesListed {
        name: String,
        new: String,
    },
    /// A property whose values were listed (a string enum) is now any string.
    PropertyValuesUnlisted {
        name: String,
        old: String,
    },
    /// `required` or `nullable` changed.
    PropertyPresenceChanged {
        name: String,
        old_required: bool,
        old_nullable: bool,
        new_required: bool,
        new_nullable: bool,
    },
    PropertyDeprecationChanged {
        name: String,
        deprecated: bool,
    },
    AdditionalPropertiesRetyped {
        old: Option<String>,
        new: Option<String>,
    },
    EnumValueAdded {
        value: String,
    },
    EnumValueRemoved {
        value: String,
    },
    UnionMemberAdded {
        member: String,
    },
    UnionMemberRemoved {
        member: String,
    },
    AliasRetyped {
        old: String,
        new: String,
    },
}

/// One generated Rust item that appeared, disappeared or changed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RustChange {
    /// The item's path in the new crate (the old one for a removed item), such as
    /// `Client::show_contact` or `models::Contact::email`.
    pub item: String,
    pub effect: Effect,
    /// The item as declared in the old crate (`None`: added).
    pub old: Option<String>,
    /// The item as declared in the new crate (`None`: removed).
    pub new: Option<String>,
    /// Some code that compiled against the old crate no longer compiles.
    pub breaking: bool,
    /// What stops compiling, or why nothing does, in one line.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    Added,
    Removed,
    Renamed,
    SignatureChanged,
}

/// What a change of a type is felt by.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Reach {
    /// Where the type travels, over every operation that reaches it in either description.
    pub direction: Option<Direction>,
    /// The `operationId`s that reach the type (through bodies, parameters and nested types).
    pub operations: Vec<String>,
    /// The Rust names of the types that contain it, directly or not.
    pub types: Vec<String>,
}

/// The JSON Schema of [`Report`], as committed in `generator/diff-report.schema.json`.
pub fn report_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).expect("a schema encodes")
}
