//! Classification of wire changes for an HTTP client written against the old description, by the
//! direction the data travels (the way oasdiff's checks do): what a client *sends* may not gain
//! obligations, what it *receives* may not lose guarantees.
//!
//! Where these crates differ from a generic client it is said: their string enums keep values
//! they do not know (`Unknown(String)`), so a new enum value in a response is compatible.

use super::report::{Direction, Finding, FindingKind, Level};

use Level::{Breaking, Compatible, PossiblyBreaking};

/// A finding for `change`, where the data travels in `direction`.
pub fn finding(change: FindingKind, direction: Direction) -> Finding {
    let (level, reason) = match direction {
        Direction::Request => classify(&change, Side::Request),
        Direction::Response => classify(&change, Side::Response),
        // Sent and received: the worse of the two.
        Direction::Both => {
            let request = classify(&change, Side::Request);
            let response = classify(&change, Side::Response);
            if response.0 < request.0 {
                response
            } else {
                request
            }
        }
        Direction::Unused => match change {
            FindingKind::TypeAdded | FindingKind::TypeRemoved => classify(&change, Side::Request),
            _ => (Compatible, "no operation sends or receives this type"),
        },
    };
    Finding {
        change,
        level,
        reason: reason.to_owned(),
    }
}

/// Where the client stands towards the data.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The client sends it.
    Request,
    /// The client receives it.
    Response,
}

fn classify(change: &FindingKind, side: Side) -> (Level, &'static str) {
    use FindingKind as K;
    let request = side == Side::Request;
    match change {
        K::OperationAdded => (Compatible, "a new operation"),
        K::OperationRemoved => (Breaking, "calls to it fail"),
        K::OperationIdRenamed { .. } => (Compatible, "same route on the wire; only its name changed"),
        K::PathParametersRenamed { .. } => (
            Compatible,
            "same route on the wire; only the template's parameter names changed",
        ),
        K::AmbiguousRoute { .. } => (
            PossiblyBreaking,
            "two paths erase to one route, so they are matched by exact path and a rename between them is not recognised",
        ),
        K::TagChanged { .. } => (Compatible, "grouping only; nothing changes on the wire"),
        K::ParameterAdded { required: true, .. } => (Breaking, "requests without it are rejected"),
        K::ParameterAdded { required: false, .. } => (Compatible, "a new optional parameter"),
        K::ParameterRemoved { .. } => (
            PossiblyBreaking,
            "requests that send it may be rejected, or it is ignored",
        ),
        K::ParameterRequiredChanged { required: true, .. } => {
            (Breaking, "requests without it are now rejected")
        }
        K::ParameterRequiredChanged { required: false, .. } => (Compatible, "now optional"),
        K::ParameterRetyped { .. } => (Breaking, "values of the old type may be rejected"),
        K::RequestBodyAdded { required: true } => (Breaking, "requests without a body are rejected"),
        K::RequestBodyAdded { required: false } => (Compatible, "a new optional body"),
        K::RequestBodyRemoved => (
            PossiblyBreaking,
            "requests that send a body may be rejected, or it is ignored",
        ),
        K::RequestBodyRequiredChanged { required: true } => {
            (Breaking, "requests without a body are now rejected")
        }
        K::RequestBodyRequiredChanged { required: false } => (Compatible, "the body is now optional"),
        K::RequestBodyRetyped { .. } => (Breaking, "bodies of the old type may be rejected"),
        K::StatusAdded { .. } => (Compatible, "a new documented status"),
        K::StatusRemoved { status } if status.starts_with('2') => {
            (Breaking, "a success status clients may rely on is gone")
        }
        K::StatusRemoved { .. } => (Compatible, "an error status is no longer documented"),
        K::ResponseHeaderAdded { .. } => (Compatible, "a new documented response header"),
        K::ResponseHeaderRemoved { .. } => (
            PossiblyBreaking,
            "clients that read the header may no longer find it",
        ),
        K::SuccessBodyRetyped { .. } => (Breaking, "the success body has another type"),
        K::ErrorBodyRetyped { .. } => (
            PossiblyBreaking,
            "error bodies decode as another type (the raw text is always kept)",
        ),
        K::DeprecationChanged { deprecated: true } => {
            (Compatible, "still served, but announced for removal")
        }
        K::DeprecationChanged { deprecated: false } => (Compatible, "no longer deprecated"),
        K::TypeAdded => (Compatible, "a new schema"),
        K::TypeRemoved => (
            Compatible,
            "the schema is gone; where it was used is reported at the users",
        ),
        K::TypeKindChanged { .. } => (Breaking, "the value has another shape"),
        K::PropertyAdded { required: true, .. } if request => {
            (Breaking, "requests without it are rejected")
        }
        K::PropertyAdded { .. } if request => (Compatible, "a new optional property"),
        K::PropertyAdded { .. } => (Compatible, "a new property in what the client receives"),
        K::PropertyRemoved { .. } if request => (
            PossiblyBreaking,
            "requests that send it may be rejected, or it is ignored",
        ),
        K::PropertyRemoved { required: true, .. } => {
            (Breaking, "a property clients may rely on is no longer sent")
        }
        K::PropertyRemoved { required: false, .. } => {
            (PossiblyBreaking, "an optional property is no longer documented")
        }
        K::PropertyRetyped { .. } => (Breaking, "the property has another type"),
        K::PropertyValuesListed { .. } if request => {
            (Breaking, "values outside the new list are rejected")
        }
        K::PropertyValuesListed { .. } => (
            Compatible,
            "the same strings; values outside the list decode as `Unknown`",
        ),
        K::PropertyValuesUnlisted { .. } if request => (Compatible, "any string is accepted"),
        K::PropertyValuesUnlisted { .. } => (
            PossiblyBreaking,
            "values outside the old list may now be received",
        ),
        K::PropertyPresenceChanged {
            old_required,
            old_nullable,
            new_required,
            new_nullable,
            ..
        } => presence(
            side,
            (*old_required, *old_nullable),
            (*new_required, *new_nullable),
        ),
        K::PropertyDeprecationChanged { .. } => (Compatible, "deprecation is documentation only"),
        K::AdditionalPropertiesRetyped { .. } => (Breaking, "extra keys have another type"),
        K::EnumValueAdded { .. } if request => (Compatible, "one more value may be sent"),
        K::EnumValueAdded { .. } => (
            Compatible,
            "the generated enums decode values they do not know as `Unknown`",
        ),
        K::EnumValueRemoved { .. } if request => (Breaking, "requests with that value are rejected"),
        K::EnumValueRemoved { .. } => (Compatible, "a value that is no longer received"),
        K::UnionMemberAdded { .. } if request => (Compatible, "one more shape may be sent"),
        K::UnionMemberAdded { .. } => (
            PossiblyBreaking,
            "an old client decodes the new shape as the closest old variant, or keeps it raw",
        ),
        K::UnionMemberRemoved { .. } if request => {
            (Breaking, "requests of that shape are rejected")
        }
        K::UnionMemberRemoved { .. } => (Compatible, "a shape that is no longer received"),
        K::AliasRetyped { .. } => (Breaking, "the value has another type"),
    }
}

/// A property's `required` / `nullable` change: a request may not gain obligations, a response
/// may not lose guarantees.
fn presence(side: Side, old: (bool, bool), new: (bool, bool)) -> (Level, &'static str) {
    let ((old_required, old_nullable), (new_required, new_nullable)) = (old, new);
    match side {
        Side::Request if !old_required && new_required => {
            (Breaking, "requests without it are now rejected")
        }
        Side::Request if old_nullable && !new_nullable => {
            (Breaking, "requests sending `null` are now rejected")
        }
        Side::Request => (
            Compatible,
            "the request may now leave it out or send `null`",
        ),
        Side::Response if old_required && !new_required => (
            Breaking,
            "it may now be missing from what the client receives",
        ),
        Side::Response if !old_nullable && new_nullable => {
            (Breaking, "it may now be `null` in what the client receives")
        }
        Side::Response => (
            Compatible,
            "what the client receives is now guaranteed more",
        ),
    }
}
