//! What several modules' tests share.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::load::{load, Document};

/// [`shared_descriptions`], loaded once for all tests (those codegen refuses, OpenAPI 3.1 and
/// Swagger 2.0, left out), their trees whole.
pub fn shared_documents() -> &'static [Document] {
    static DOCUMENTS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        shared_descriptions()
            .iter()
            .filter_map(|path| load(path).ok())
            .map(|mut document| {
                document.unpark_schemas();
                document
            })
            .collect()
    })
}

/// The Intercom and foreign descriptions beside the checkout; none (with the reason printed)
/// when they are absent outside CI.
pub fn shared_descriptions() -> Vec<PathBuf> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    if !shared.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing",
            shared.display()
        );
        eprintln!("skipped the specs: {} is missing", shared.display());
        return Vec::new();
    }
    let intercom = ["2.9", "2.11", "Unstable"]
        .map(|version| shared.join(format!("specs/{version}/api.intercom.io.yaml")));
    let foreign = std::fs::read_dir(shared.join("foreign-specs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"));
    intercom.into_iter().chain(foreign).collect()
}
