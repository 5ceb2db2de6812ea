//! Names the generated code itself uses. Lowering reserves them before it names anything from
//! the spec, so no type, field, variant, method or module the spec names can take them.

/// The field of every struct that keeps what the spec does not describe. Its name is reserved
/// before the spec's properties are named, like [`ADDITIONAL_FIELD`].
pub const EXTRA_FIELD: &str = "extra";

/// The field of structs with typed `additionalProperties` that holds them.
pub const ADDITIONAL_FIELD: &str = "additional_properties";

/// The variant of every string enum that holds a value the spec does not list, so a value
/// Intercom adds later decodes (and re-encodes) instead of failing. Its name is reserved before
/// the listed values are named, so it is the same in every enum.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The field of every request builder that holds the client. Its name is reserved before the
/// operation's parameters are named, like [`BUILDER_METHODS`].
pub const BUILDER_CLIENT_FIELD: &str = "client";

/// The methods every request builder has besides its setters (`clone` is `Clone`'s, which a
/// setter of the same name would hide).
pub const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_with_response",
    "options",
    "request",
    "pages",
    "items",
    "clone",
];

/// The methods `Client` has besides one per operation (`clone` is `Clone`'s), and the
/// prelude's `into` and `try_into`: `client.into()` resolves to `Into::into`, which takes `self`
/// by value, before an operation's method, which takes `&self`.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_config",
    "base_url",
    "clone",
    "into",
    "try_into",
];

/// The Cargo feature of a generated crate that enables every operation module, and the types
/// no operation uses.
pub const FULL_FEATURE: &str = "full";

/// Cargo features every generated crate has besides one per operation module, which a module
/// must not be named.
pub const CRATE_FEATURES: &[&str] = &["default", FULL_FEATURE];

/// Names the operation modules import, which a builder must not take (nor a prelude name).
pub const OPERATION_MODULE_IMPORTS: &[&str] = &[
    "Client",
    "Method",
    "RawResponse",
    "Request",
    "RequestOptions",
    "Response",
    "Sending",
    "SendingWithResponse",
    "models",
];
