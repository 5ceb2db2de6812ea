//! The macros generated code invokes to make its types models: [`object!`](crate::object) for
//! structs, [`string_enum!`](crate::string_enum) and [`union_enum!`](crate::union_enum) for enums.
//! Exported at the crate's root, as `macro_rules!` macros are.

/// Implements [`Object`](crate::model::Object) (and so [`Decode`] and
/// [`Placeholder`](crate::model::Placeholder)) for a struct from a table of its fields, and
/// [`serde::Serialize`], [`serde::Deserialize`], `Debug` (the type's name and its JSON,
/// [`debug_as_json`](crate::model::debug_as_json)) and `PartialEq` (equal JSON text,
/// [`eq_as_json`](crate::model::eq_as_json)) for it.
///
/// Each row gives its index (0, 1, 2, ... in order: the row's index in
/// [`FIELDS`](crate::model::Object::FIELDS)), the JSON key, the field, and how the field is held (the functions of
/// [`field`](crate::model::field) of that name): `required` (`T`), `required_nullable`
/// (`Option<T>`, `None` is `null`), `optional` (`Option<T>`, `None` is absent) or `nullable`
/// ([`Nullable<T>`](crate::model::Nullable)), and for a boxed field that closes a cycle of types
/// `optional_boxed` or `nullable_boxed`. The struct must have a field `extra: Extra`; an
/// optional line `additional => field` names a typed map of `additionalProperties`, and lines
/// `file => field` the file parts of a multipart body, which are neither decoded nor encoded.
/// The table lists every other field: the placeholder is each field's placeholder. `Type: Default`
/// also implements [`Default`] as the placeholder, for a type whose placeholder is a valid value
/// (the generator says which: every required field allows one value, or none is required).
///
/// ```
/// use intercom_runtime::Extra;
///
/// // No `Default`: a `Tag` without an `id` is not one.
/// #[derive(Clone)]
/// pub struct Tag {
///     pub id: String,
///     pub name: Option<String>,
///     pub extra: Extra,
/// }
///
/// intercom_runtime::object! {
///     Tag {
///         0: "id" => id: required,
///         1: "name" => name: optional,
///     }
/// }
///
/// let tag: Tag = serde_json::from_str(r#"{"id": 7, "name": "vip", "color": "red"}"#).unwrap();
/// assert_eq!(tag.id, "7");
/// assert_eq!(tag.extra.get("color"), Some(serde_json::json!("red")));
/// // As received: the `7` converted to the string `"7"` is shown, and sent, as it came.
/// assert_eq!(format!("{tag:?}"), r#"Tag {"id":7,"name":"vip","color":"red"}"#);
/// ```
///
/// With only a type, `object!(Type)` implements the serde traits, `Debug` and `PartialEq` for a
/// type that implements `Object` by hand.
///
/// `Deserialize` is strict (see [`model::deserialize`](crate::model::deserialize)): `null` or a
/// value that is not a JSON object is an error, because at the top level of a response there is
/// nowhere to keep it. Nested in other models, the object is decoded tolerantly with `Decode`.
///
/// The invoking crate must depend on `serde`.
///
/// [`Decode`]: crate::model::Decode
#[macro_export]
macro_rules! object {
    (
        $type:ident $(: $default:ident)? {
            $($index:literal: $key:literal => $field:ident: $slot:ident,)*
            $(additional => $additional:ident,)?
            $(file => $file:ident,)*
        }
    ) => {
        // Decoding and encoding touch every field, deprecated ones included.
        #[allow(deprecated)]
        impl $crate::model::Object for $type {
            const FIELDS: &'static [(&'static str, bool)] =
                &[$(($key, $crate::object!(@required $slot))),*];

            fn decode_field<V: $crate::model::field::Values>(
                &mut self,
                key: &str,
                decoder: &mut $crate::model::field::Decoder<V>,
            ) -> ::core::result::Result<::core::option::Option<usize>, V::Error> {
                // A `match` on the literals, with the rows' indices written out, is what the
                // compiler checks fastest: no `?`, no comparison operator and no counter per row.
                match key {
                    $($key => $crate::model::field::$slot(decoder, $key, $index, &mut self.$field),)*
                    _ => ::core::result::Result::Ok(::core::option::Option::None),
                }
            }

            fn encode_fields<M: ::serde::ser::SerializeMap>(
                &self,
                encoder: &mut $crate::model::field::Encoder<'_, M>,
            ) {
                $($crate::object!(@encode $slot)(encoder, $key, &self.$field);)*
            }

            $(
                fn decode_other<V: $crate::model::field::Values>(
                    &mut self,
                    key: ::std::borrow::Cow<'_, str>,
                    decoder: &mut $crate::model::field::Decoder<V>,
                ) -> ::core::result::Result<(), V::Error> {
                    $crate::model::field::additional(decoder, key, &mut self.$additional)
                }

                fn encode_other<M: ::serde::ser::SerializeMap>(
                    &self,
                    encoder: &mut $crate::model::field::Encoder<'_, M>,
                ) {
                    $crate::model::field::encode_additional(encoder, &self.$additional);
                }
            )?

            #[inline]
            fn unfilled() -> Self {
                Self {
                    $($field: $crate::model::Placeholder::placeholder(),)*
                    $($additional: ::core::default::Default::default(),)?
                    $($file: $crate::model::Placeholder::placeholder(),)*
                    extra: ::core::default::Default::default(),
                }
            }

            #[inline]
            fn extra(&self) -> &$crate::model::Extra {
                &self.extra
            }

            #[inline]
            fn extra_mut(&mut self) -> &mut $crate::model::Extra {
                &mut self.extra
            }
        }

        $(
            impl ::core::default::$default for $type {
                #[inline]
                fn default() -> Self {
                    <Self as $crate::model::Placeholder>::placeholder()
                }
            }
        )?

        $crate::object!($type);
    };
    (@required required) => { true };
    (@required required_nullable) => { true };
    (@required optional) => { false };
    (@required nullable) => { false };
    (@required optional_boxed) => { false };
    (@required nullable_boxed) => { false };
    (@encode required) => { $crate::model::field::encode_required };
    (@encode required_nullable) => { $crate::model::field::encode_required_nullable };
    (@encode optional) => { $crate::model::field::encode_optional };
    (@encode nullable) => { $crate::model::field::encode_nullable };
    (@encode optional_boxed) => { $crate::model::field::encode_optional_boxed };
    (@encode nullable_boxed) => { $crate::model::field::encode_nullable_boxed };
    ($type:ty) => {
        $crate::__debug_and_eq_as_json!($type);

        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::model::encode_object(self, serializer)
            }
        }

        $crate::__deserialize_via_decode!(
            $type,
            ::core::concat!("a JSON object for ", ::core::stringify!($type))
        );
    };
}

/// Implements [`Decode`], [`serde::Serialize`], [`serde::Deserialize`],
/// [`Placeholder`](crate::model::Placeholder), `Debug`, and the comparisons (`PartialEq`, `Eq`,
/// `Hash`, `PartialOrd`, `Ord`) for a generated string enum.
///
/// Two values compare as their wire text does, so `Unknown("admin")` built by hand equals the
/// known `Admin`, and values sort by their text. The same comparisons derived (four derives on
/// every enum) cost rustc 17 MB of 2.11's 403 MB check peak, about 4%. `Debug` shows the wire
/// text too (see [`debug_string_enum`](crate::model::debug_string_enum)).
///
/// The enum has a catch-all variant `Unknown(String)` for the values it does not list, so that
/// every string decodes (the [drift report](crate::drift) lists the values held by `Unknown`).
/// Given a table of its other variants and their wire text, the macro also writes the enum's
/// `as_str`, `From<&str>` and `Display`; with only the type, the enum must have the first two.
/// The placeholder is the catch-all variant holding the empty string (`Self::from("")`): the
/// generator never lists `""` as a value, and a required enum field that is absent from a
/// response must not pretend to hold a real value. Such an enum has no [`Default`], since no
/// value is valid without the caller choosing it.
///
/// ```
/// #[derive(Clone)]
/// pub enum State {
///     Open,
///     Snoozed,
///     Unknown(String),
/// }
///
/// intercom_runtime::string_enum! {
///     State {
///         Open => "open",
///         Snoozed => "snoozed",
///     }
/// }
///
/// assert_eq!(State::from("snoozed"), State::Snoozed);
/// // Equal by their wire text, and the very variant too.
/// assert!(matches!(State::from("snoozed"), State::Snoozed));
/// assert_eq!(State::Open.as_str(), "open");
/// let later: State = serde_json::from_str(r#""closed""#).unwrap();
/// assert_eq!(later.to_string(), "closed");
/// assert!(matches!(later, State::Unknown(_)));
/// ```
///
/// An enum of one value (`type: [admin]`) is a [`Tag`](crate::model::Tag) instead.
///
/// The invoking crate must depend on `serde`.
///
/// [`Decode`]: crate::model::Decode
#[macro_export]
macro_rules! string_enum {
    ($type:ident { $($variant:ident => $value:literal,)* }) => {
        // Every variant is listed, deprecated ones included.
        #[allow(deprecated)]
        impl $type {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::core::convert::From<&str> for $type {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::core::fmt::Display for $type {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::string_enum!($type);
    };
    ($type:ty) => {
        impl ::core::fmt::Debug for $type {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let known = !::core::matches!(self, Self::Unknown(_));
                $crate::model::debug_string_enum(self.as_str(), known, f)
            }
        }

        impl ::core::cmp::PartialEq for $type {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::core::cmp::Eq for $type {}

        impl ::core::hash::Hash for $type {
            #[inline]
            fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state);
            }
        }

        impl ::core::cmp::PartialOrd for $type {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> ::core::option::Option<::core::cmp::Ordering> {
                ::core::option::Option::Some(::core::cmp::Ord::cmp(self, other))
            }
        }

        impl ::core::cmp::Ord for $type {
            #[inline]
            fn cmp(&self, other: &Self) -> ::core::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl $crate::model::Placeholder for $type {
            #[inline]
            fn placeholder() -> Self {
                <Self as ::core::convert::From<&str>>::from("")
            }
        }

        impl $crate::model::Decode for $type {
            const CONVERTS: bool = false;

            fn decode<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<$crate::model::Decoded<Self>, D::Error> {
                $crate::model::decode_string_enum(deserializer)
            }
        }

        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let known = !::core::matches!(self, Self::Unknown(_));
                $crate::model::encode_string_enum(serializer, self.as_str(), known)
            }
        }

        $crate::__deserialize_via_decode!(
            $type,
            ::core::concat!("a string for ", ::core::stringify!($type))
        );
    };
}

/// Implements `Debug`, `PartialEq` and [`serde::Deserialize`] for a generated union, an enum
/// with one variant per member that derives `Clone` and an untagged `serde::Serialize`, and
/// implements [`Decode`](crate::model::Decode) with [`union`](crate::model::union)'s helpers.
///
/// As for a struct, `Debug` shows the union's name and the JSON it encodes to
/// ([`debug_as_json`](crate::model::debug_as_json)), and two values are equal when they encode to
/// the same JSON text ([`eq_as_json`](crate::model::eq_as_json)): the wire does not say which
/// member a value was decoded as either; a `match` does. Derived, the two cost 1.1% of
/// Unstable's `cargo check`.
///
/// The invoking crate must depend on `serde`.
#[macro_export]
macro_rules! union_enum {
    ($type:ty) => {
        $crate::__debug_and_eq_as_json!($type);

        $crate::__deserialize_via_decode!(
            $type,
            ::core::concat!("a value of ", ::core::stringify!($type))
        );
    };
}

/// `Debug` and `PartialEq` of a type that encodes to JSON, by that JSON (see
/// [`debug_as_json`](crate::model::debug_as_json) and [`eq_as_json`](crate::model::eq_as_json)):
/// shared by [`object!`](crate::object) and [`union_enum!`](crate::union_enum).
#[doc(hidden)]
#[macro_export]
macro_rules! __debug_and_eq_as_json {
    ($type:ty) => {
        impl ::core::fmt::Debug for $type {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::model::debug_as_json(self, f)
            }
        }

        impl ::core::cmp::PartialEq for $type {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::model::eq_as_json(self, other)
            }
        }
    };
}

/// `serde::Deserialize` through [`Decode`](crate::model::Decode), strict at the top level (see
/// [`model::deserialize`](crate::model::deserialize)): shared by [`object!`](crate::object),
/// [`string_enum!`](crate::string_enum) and [`union_enum!`](crate::union_enum).
#[doc(hidden)]
#[macro_export]
macro_rules! __deserialize_via_decode {
    ($type:ty, $expected:expr) => {
        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::model::deserialize(deserializer, $expected)
            }
        }
    };
}
