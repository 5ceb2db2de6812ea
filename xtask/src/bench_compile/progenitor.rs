//! The reference of `cargo xtask bench-compile`: the client progenitor (oxidecomputer's
//! OpenAPI-to-Rust generator) makes from the same description, generated with `cargo-progenitor`
//! at a pinned version installed into `.tools/` of the checkout.
//!
//! progenitor refuses Intercom's descriptions as published, so the bench patches a copy first
//! ([`PATCHES`]). The patches only make the input acceptable to progenitor; the crates this
//! project generates never see them.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, ensure, Context, Result};
use generator::pointer;
use serde_json::{json, Value};

use crate::tools::TOOLS_DIR;

/// The cargo-progenitor release the reference is generated with.
const VERSION: &str = "0.15.1";

/// One edit of the description that progenitor needs, at a JSON pointer.
struct Patch {
    /// What progenitor does without the edit.
    why: &'static str,
    /// Where the edit applies: every JSON pointer this finds in the description.
    targets: fn(&Value) -> Vec<String>,
    /// The edit, given the value at a target.
    apply: fn(&mut Value),
}

/// The edits progenitor 0.15.1 needs to accept Intercom's 2.11 description.
const PATCHES: &[Patch] = &[
    Patch {
        why: "a `$ref` to the undefined `custom_attributes` makes typify panic (\"$ref ... is missing\")",
        targets: |_| vec!["/components/schemas".to_owned()],
        apply: |schemas| {
            if let Some(schemas) = schemas.as_object_mut() {
                schemas
                    .entry("custom_attributes")
                    .or_insert_with(|| json!({"type": "object", "additionalProperties": true}));
            }
        },
    },
    Patch {
        why: "the search operators `=`, `!=`, `~`, ... give typify no variant names (it panics)",
        targets: |_| {
            vec!["/components/schemas/single_filter_search_request/properties/operator".to_owned()]
        },
        apply: |operator| {
            if let Some(operator) = operator.as_object_mut() {
                operator.remove("enum");
            }
        },
    },
    Patch {
        why: "typify names `ticket`'s `type` enum `TicketType`, the name of the `ticket_type` \
              schema too: the crate does not compile (E0428)",
        targets: |_| vec!["/components/schemas/ticket/properties/type".to_owned()],
        apply: |kind| kind["title"] = json!("TicketObjectType"),
    },
    Patch {
        why: "three error responses declare a media type without a schema, which progenitor \
              does not implement (it panics); they get the `error` schema of the other errors",
        targets: media_types_without_schema,
        apply: |media_type| media_type["schema"] = json!({"$ref": "#/components/schemas/error"}),
    },
];

/// The media types of responses that declare no schema, as JSON pointers.
fn media_types_without_schema(description: &Value) -> Vec<String> {
    let mut pointers = Vec::new();
    let paths = description["paths"].as_object().into_iter().flatten();
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    if content.get("schema").is_none() {
                        // Base "": serde_json's pointers have no leading `#`.
                        pointers.push(pointer::join(
                            "",
                            ["paths", path, method, "responses", status, "content", media],
                        ));
                    }
                }
            }
        }
    }
    pointers
}

/// Installs cargo-progenitor [`VERSION`] into `.tools/` unless it is there, and returns the
/// binary's path.
pub fn install(root: &Path) -> Result<PathBuf> {
    let prefix = root
        .join(TOOLS_DIR)
        .join(format!("cargo-progenitor-{VERSION}"));
    let binary = prefix.join("bin/cargo-progenitor");
    if binary.is_file() {
        return Ok(binary);
    }
    println!(
        "installing cargo-progenitor {VERSION} into {}",
        prefix.display()
    );
    let status = Command::new(crate::cargo_program())
        .args([
            "install",
            "cargo-progenitor",
            "--locked",
            "--version",
            VERSION,
            "--root",
        ])
        .arg(&prefix)
        // Its own build, not the workspace's target directory.
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .context("running cargo install")?;
    ensure!(
        status.success(),
        "cargo install cargo-progenitor failed ({status})"
    );
    Ok(binary)
}

/// Generates progenitor's crate for `spec_file` into `out` (replaced), as a workspace of its own,
/// and returns its manifest.
pub fn generate(binary: &Path, spec_file: &Path, out: &Path) -> Result<PathBuf> {
    let text = std::fs::read_to_string(spec_file)
        .with_context(|| format!("reading {}", spec_file.display()))?;
    let mut description: Value =
        serde_yaml::from_str(&text).with_context(|| format!("parsing {}", spec_file.display()))?;
    patch(&mut description)?;
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    let parent = out
        .parent()
        .context("the reference's folder has no parent")?;
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let input = parent.join("progenitor-input.json");
    std::fs::write(&input, serde_json::to_vec(&description)?)
        .with_context(|| format!("writing {}", input.display()))?;
    let output = Command::new(binary)
        .arg("progenitor")
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(out)
        .args(["--name", "progenitor-reference", "--version", "0.1.0"])
        .output()
        .context("running cargo-progenitor")?;
    ensure!(
        output.status.success(),
        "cargo-progenitor failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A workspace of its own: it is not a member of this one.
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    let mut table: toml::Table = text
        .parse()
        .with_context(|| format!("parsing {}", manifest.display()))?;
    table.insert("workspace".to_owned(), toml::Table::new().into());
    std::fs::write(&manifest, toml::to_string(&table)?)
        .with_context(|| format!("writing {}", manifest.display()))?;
    Ok(manifest)
}

/// Applies [`PATCHES`]; a target that the description does not have is an error, so a changed
/// description is noticed rather than benchmarked unpatched.
fn patch(description: &mut Value) -> Result<()> {
    for patch in PATCHES {
        let targets = (patch.targets)(description);
        if targets.is_empty() {
            bail!("progenitor patch without a target: {}", patch.why);
        }
        for target in targets {
            let value = description
                .pointer_mut(&target)
                .with_context(|| format!("progenitor patch: no {target} ({})", patch.why))?;
            (patch.apply)(value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemaless_media_types_are_found_by_escaped_pointer() {
        let mut description = json!({"paths": {"/a/{id}": {"put": {"responses": {
            "404": {"content": {"application/json": {}}},
            "200": {"content": {"application/json": {"schema": {}}}},
        }}}}});
        let pointers = media_types_without_schema(&description);
        assert_eq!(
            pointers,
            ["/paths/~1a~1{id}/put/responses/404/content/application~1json"]
        );
        assert!(description.pointer_mut(&pointers[0]).is_some());
    }

    #[test]
    fn every_patch_finds_its_target_in_the_2_11_description() {
        let spec = crate::workspace_root().join("../shared/specs/2.11/api.intercom.io.yaml");
        if !spec.is_file() {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "{} is missing",
                spec.display()
            );
            println!(
                "skipped: {} is missing (the shared spec mirror is not beside the checkout)",
                spec.display()
            );
            return;
        }
        let text = std::fs::read_to_string(&spec).unwrap();
        let mut description: Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(media_types_without_schema(&description).len(), 3);
        patch(&mut description).unwrap();
        assert!(media_types_without_schema(&description).is_empty());
        assert!(description
            .pointer("/components/schemas/custom_attributes")
            .is_some());
    }
}
