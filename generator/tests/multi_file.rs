//! Descriptions in several files: relative `$ref`s are bundled into one description, each
//! schema of another file one type, named after its pointer or its file; URLs are refused.

mod hostile_support;

#[test]
fn relative_file_references_are_bundled_and_urls_refused() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "api/root.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      $ref: 'paths/list.yaml'\n",
    );
    write(
        "api/paths/list.yaml",
        "operationId: listPets\nresponses:\n  '200':\n    description: ok\n    headers:\n      x-request-id: {$ref: '../../shared/headers.yaml#/x-request-id'}\n    content:\n      application/json:\n        schema:\n          type: array\n          items: {$ref: '../../shared/pet.yaml'}\n",
    );
    // Keys starting with `x-` are names in maps (headers, properties), not extensions.
    write(
        "shared/headers.yaml",
        "x-request-id: {description: The request's id., schema: {type: string}}\n",
    );
    write(
        "shared/pet.yaml",
        "type: object\nproperties:\n  $ref: 'attributes.yaml#/pet_properties'\n",
    );
    write(
        "shared/attributes.yaml",
        "pet_properties:\n  name: {type: string}\n  parent: {$ref: 'pet.yaml'}\n  owner: {$ref: '#/owner'}\n  x-keeper: {$ref: '#/owner'}\nowner: {type: object, properties: {id: {type: integer}}}\n",
    );
    let root = dir.path().join("api/root.yaml");
    let (files, _) = hostile_support::generate_file(&root, "bundled").expect("bundled");
    let models = &files[std::path::Path::new("src/models.rs")];
    assert!(models.contains("pub struct Pet {"), "{models}");
    assert!(models.contains("pub parent: Option<Box<Pet>>"), "{models}");
    assert!(models.contains("pub owner: Option<Owner>"), "{models}");
    assert!(models.contains("pub x_keeper: Option<Owner>"), "{models}");
    let operations = &files[std::path::Path::new("src/operations/untagged.rs")];
    assert!(
        operations.contains("/// - `x-request-id`: The request's id."),
        "{operations}"
    );

    write(
        "api/paths/list.yaml",
        "operationId: listPets\nresponses:\n  '200': {$ref: 'https://example.com/responses.yaml#/ok'}\n",
    );
    let error = hostile_support::generate_file(&root, "bundled").unwrap_err();
    assert!(
        error.contains("list.yaml: #/responses/200: `$ref: https://example.com/responses.yaml#/ok` refers to a URL"),
        "{error}"
    );
}

/// The `models.rs` of the crate generated from `files` (paths and text; the description
/// first).
fn models_of(files: &[(&str, &str)], name: &str) -> String {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
    let (mut files, _) = hostile_support::generate_files(&files, name).expect("bundled");
    files
        .remove(std::path::Path::new("src/models.rs"))
        .expect("a models file")
}

#[test]
fn split_descriptions_keep_one_type_per_schema() {
    // Redocly's split layout: the root's components refer to a file each, and those files
    // refer back into the root.
    let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: getPet\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\ncomponents:\n  schemas:\n    Pet: {$ref: 'schemas/Pet.yaml'}\n    Owner: {type: object, properties: {id: {type: integer}}}\n";
    let pet = "type: object\nproperties:\n  owner: {$ref: '../openapi.yaml#/components/schemas/Owner'}\n  parent: {$ref: '#'}\n  toy: {$ref: 'Toy.yaml'}\n";
    let toy = "type: object\nproperties:\n  name: {type: string}\n";
    let models = models_of(
        &[
            ("openapi.yaml", root),
            ("schemas/Pet.yaml", pet),
            ("schemas/Toy.yaml", toy),
        ],
        "split",
    );
    for expected in [
        "pub struct Pet {",
        "pub owner: Option<Owner>",
        "pub parent: Option<Box<Pet>>",
        "pub toy: Option<Toy>",
    ] {
        assert!(models.contains(expected), "{expected}:\n{models}");
    }
    // Neither a copy of a root schema nor a component that only names another.
    for unexpected in ["Owner2", "Pet2", "pub type Pet ="] {
        assert!(!models.contains(unexpected), "{unexpected}:\n{models}");
    }
}

#[test]
fn discriminator_mappings_to_other_files_select_their_variants() {
    // The mapping names schemas by file (`dog: schemas/Dog.yaml`), inside another file by that
    // file's pointer (`#/bird`), or by a component's name (`cat: Cat`).
    let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: getPet\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{$ref: 'schemas/Dog.yaml'}, {$ref: '#/components/schemas/Cat'}, {$ref: 'schemas/more.yaml#/Flying'}]\n      discriminator: {propertyName: kind, mapping: {dog: schemas/Dog.yaml, cat: Cat, flying: 'schemas/more.yaml#/Flying'}}\n    Cat: {type: object, properties: {kind: {type: string}}}\n";
    let dog = "type: object\nproperties:\n  kind: {type: string}\n";
    let more = "Flying:\n  oneOf: [{$ref: '#/Bird'}, {$ref: '#/Bat'}]\n  discriminator: {propertyName: kind, mapping: {bird: '#/Bird', bat: '#/Bat'}}\nBird: {type: object, properties: {kind: {type: string}}}\nBat: {type: object, properties: {kind: {type: string}}}\n";
    let models = models_of(
        &[
            ("openapi.yaml", root),
            ("schemas/Dog.yaml", dog),
            ("schemas/more.yaml", more),
        ],
        "mapped",
    );
    for tag in ["dog", "cat", "flying", "bird", "bat"] {
        assert!(
            models.contains(&format!("tags: &[\"{tag}\"]")),
            "{tag}:\n{models}"
        );
    }
}
