//! `cargo xtask install-tools`: the npm tools of the end-to-end tests (Prism), installed from
//! `xtask/npm/package-lock.json` into `.tools/` of the checkout, never globally.

use std::path::Path;
use std::process::Command;

use anyhow::{ensure, Context, Result};

/// Where the tools go, relative to the workspace root (ignored by git).
pub const TOOLS_DIR: &str = ".tools";

/// Installs the locked tools into `.tools/` with `npm ci`, unless that lock is installed already.
pub fn install(root: &Path) -> Result<()> {
    let locked = root.join("xtask/npm");
    let tools = root.join(TOOLS_DIR);
    let lock = std::fs::read(locked.join("package-lock.json"))
        .context("reading xtask/npm/package-lock.json")?;
    let installed = std::fs::read(tools.join("package-lock.json")).ok();
    if installed.as_deref() == Some(lock.as_slice())
        && tools.join("node_modules/.bin/prism").is_file()
    {
        println!("{TOOLS_DIR}: up to date");
        return Ok(());
    }
    std::fs::create_dir_all(&tools).with_context(|| format!("creating {}", tools.display()))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(locked.join(file), tools.join(file))
            .with_context(|| format!("copying {file} into {}", tools.display()))?;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&tools)
        .status()
        .context("running npm (is Node.js installed?)")?;
    ensure!(status.success(), "npm ci exited with {status}");
    Ok(())
}
