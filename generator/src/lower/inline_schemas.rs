//! The schema objects written inside a path item, by address. Lowering finds the type of an
//! inline schema again by the object's address; path items are dropped once lowered, and the
//! addresses of their objects may then be reused. The components a path item refers to stay,
//! and so do the types of the inline schemas inside them (a response component's body, named
//! after the first operation that uses it, is the same type for every other one).

use std::collections::HashSet;

use openapiv3::{
    AdditionalProperties, Content, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, Schema, SchemaKind, Type,
};

/// The addresses of the schema objects written inside `item`, at any depth, without those of
/// the components it refers to.
pub(super) fn in_path_item(item: &PathItem) -> HashSet<*const Schema> {
    let mut walk = Walk::default();
    walk.path_item(item);
    walk.finish()
}

/// A walk over the objects of a path item that hold schemas; the schemas found are followed
/// from a stack, not by recursion, so that nesting cannot overflow the call stack.
#[derive(Default)]
struct Walk<'s> {
    pending: Vec<&'s Schema>,
    found: HashSet<*const Schema>,
}

impl<'s> Walk<'s> {
    fn path_item(&mut self, item: &'s PathItem) {
        self.parameters(&item.parameters);
        for (_, operation) in item.iter() {
            self.operation(operation);
        }
    }

    fn operation(&mut self, operation: &'s Operation) {
        self.parameters(&operation.parameters);
        if let Some(ReferenceOr::Item(body)) = &operation.request_body {
            self.content(&body.content);
        }
        let responses = &operation.responses;
        for response in responses.default.iter().chain(responses.responses.values()) {
            let ReferenceOr::Item(response) = response else {
                continue;
            };
            for header in response.headers.values() {
                if let ReferenceOr::Item(header) = header {
                    self.format(&header.format);
                }
            }
            self.content(&response.content);
        }
        for callback in operation.callbacks.values() {
            for item in callback.values() {
                self.path_item(item);
            }
        }
    }

    fn parameters(&mut self, parameters: &'s [ReferenceOr<Parameter>]) {
        for parameter in parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                self.format(&parameter.parameter_data_ref().format);
            }
        }
    }

    fn format(&mut self, format: &'s ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => self.schema(schema),
            ParameterSchemaOrContent::Content(content) => self.content(content),
        }
    }

    fn content(&mut self, content: &'s Content) {
        for schema in content.values().filter_map(|media| media.schema.as_ref()) {
            self.schema(schema);
        }
    }

    fn schema(&mut self, schema: &'s ReferenceOr<Schema>) {
        if let ReferenceOr::Item(schema) = schema {
            self.pending.push(schema);
        }
    }

    fn boxed(&mut self, schema: &'s ReferenceOr<Box<Schema>>) {
        if let ReferenceOr::Item(schema) = schema {
            self.pending.push(schema);
        }
    }

    fn additional(&mut self, additional: Option<&'s AdditionalProperties>) {
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            self.schema(schema);
        }
    }

    /// Every schema found, and those inside them.
    fn finish(mut self) -> HashSet<*const Schema> {
        while let Some(schema) = self.pending.pop() {
            self.found.insert(std::ptr::from_ref(schema));
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    object
                        .properties
                        .values()
                        .for_each(|value| self.boxed(value));
                    self.additional(object.additional_properties.as_ref());
                }
                SchemaKind::Type(Type::Array(array)) => {
                    array.items.iter().for_each(|items| self.boxed(items));
                }
                SchemaKind::Type(_) => {}
                SchemaKind::OneOf { one_of: members }
                | SchemaKind::AllOf { all_of: members }
                | SchemaKind::AnyOf { any_of: members } => {
                    members.iter().for_each(|member| self.schema(member));
                }
                SchemaKind::Not { not } => self.schema(not),
                SchemaKind::Any(any) => {
                    any.properties.values().for_each(|value| self.boxed(value));
                    self.additional(any.additional_properties.as_ref());
                    any.items.iter().for_each(|items| self.boxed(items));
                    let members = any.one_of.iter().chain(&any.all_of).chain(&any.any_of);
                    members.for_each(|member| self.schema(member));
                    any.not.iter().for_each(|not| self.schema(not));
                }
            }
        }
        self.found
    }
}
