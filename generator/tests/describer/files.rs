//! Splitting a random description into several files, YAML and JSON, that refer to one another
//! by relative paths.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::Describer;

/// Where a component schema is written once a description is split: a file, relative to the
/// description's folder, and a pointer into it (empty: the whole file).
struct Location {
    file: String,
    pointer: String,
}

impl Describer {
    /// The description as files, the description itself first: none, or one file of schemas
    /// by name (`components/schemas.yaml`), or a file per schema (`schemas/s3.json`), takes
    /// each component schema half the time. The description keeps a `$ref` to a moved schema
    /// in its place half the time; every reference to a schema is rewritten relative to the
    /// file it is in (`../spec.yaml#/components/schemas/A`, `s2.json`, `#` for itself).
    pub fn split_into_files(&mut self, mut description: Value) -> Vec<(String, String)> {
        const ROOT: &str = "spec.yaml";
        let layout = self.rng.below(3);
        let mut files: Vec<(String, Value)> = vec![(ROOT.to_owned(), Value::Null)];
        let mut locations = HashMap::new();
        let schemas = description["components"]["schemas"]
            .as_object_mut()
            .expect("the description has component schemas");
        for (index, name) in self.schema_names.iter().enumerate() {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            let location = match layout {
                _ if layout == 0 || self.rng.chance(50) => Location {
                    file: ROOT.to_owned(),
                    pointer: format!("#/components/schemas/{escaped}"),
                },
                1 => Location {
                    file: "components/schemas.yaml".to_owned(),
                    pointer: format!("#/{escaped}"),
                },
                _ => Location {
                    file: format!("schemas/s{index}.json"),
                    pointer: String::new(),
                },
            };
            if location.file != ROOT {
                let schema = schemas.remove(name).expect("every name is a component");
                if self.rng.chance(50) {
                    let target = relative(ROOT, &location.file) + &location.pointer;
                    schemas.insert(name.clone(), json!({ "$ref": target }));
                }
                let file = match files.iter().position(|(file, _)| *file == location.file) {
                    Some(file) => file,
                    None => {
                        files.push((location.file.clone(), json!({})));
                        files.len() - 1
                    }
                };
                if location.pointer.is_empty() {
                    files[file].1 = schema;
                } else {
                    files[file].1[name] = schema;
                }
            }
            locations.insert(name.clone(), location);
        }
        files[0].1 = description;
        files
            .into_iter()
            .map(|(file, mut value)| {
                rewrite_references(&mut value, &file, &locations);
                let text = if file.ends_with(".yaml") && file != ROOT {
                    serde_yaml::to_string(&value).expect("JSON values are YAML")
                } else {
                    value.to_string()
                };
                (file, text)
            })
            .collect()
    }
}

/// Points each `$ref` to a component schema in `value`, which is written in `file`, to where
/// the schema now is.
fn rewrite_references(value: &mut Value, file: &str, locations: &HashMap<String, Location>) {
    match value {
        Value::Object(object) => {
            let target = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                .map(|name| name.replace("~1", "/").replace("~0", "~"));
            rewrite_mapping(object, file, locations);
            if let Some(location) = target.and_then(|name| locations.get(&name)) {
                let reference = if location.file != file {
                    relative(file, &location.file) + &location.pointer
                } else if location.pointer.is_empty() {
                    "#".to_owned()
                } else {
                    location.pointer.clone()
                };
                object.insert("$ref".to_owned(), Value::String(reference));
            }
            object
                .values_mut()
                .for_each(|child| rewrite_references(child, file, locations));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|child| rewrite_references(child, file, locations)),
        _ => {}
    }
}

/// Points the values of a discriminator's mapping in `schema` that are references to where
/// their schemas now are, as [`rewrite_references`] does for `$ref`s.
fn rewrite_mapping(
    schema: &mut Map<String, Value>,
    file: &str,
    locations: &HashMap<String, Location>,
) {
    let Some(Value::Object(mapping)) = schema
        .get_mut("discriminator")
        .and_then(|discriminator| discriminator.get_mut("mapping"))
    else {
        return;
    };
    for target in mapping.values_mut() {
        let mut reference = json!({"$ref": target.clone()});
        rewrite_references(&mut reference, file, locations);
        *target = reference["$ref"].take();
    }
}

/// The path of `to` relative to the folder of `from`, both relative to the description's
/// folder and at most one folder deep.
fn relative(from: &str, to: &str) -> String {
    fn folder(path: &str) -> &str {
        path.rsplit_once('/').map_or("", |(folder, _)| folder)
    }
    match (folder(from), folder(to)) {
        (here, there) if here == there => format!("./{}", to.rsplit('/').next().unwrap_or(to)),
        ("", _) => to.to_owned(),
        _ => format!("../{to}"),
    }
}
