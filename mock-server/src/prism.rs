//! Starting and stopping Prism.
//!
//! Prism runs under a supervisor, a shell that holds the read end of a pipe whose only write end
//! is this process's: when this process exits, however it exits (a panic that aborts, SIGKILL),
//! the kernel closes the pipe and the supervisor kills Prism, so no Prism outlives its test.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long Prism may take to read a description and listen (Unstable's takes ~10 s on a busy
/// machine).
const STARTUP: Duration = Duration::from_secs(120);

/// The supervisor (`sh -c`), with Prism's command line as its arguments: starts Prism, prints
/// its process id, and kills it once its standard input (fd 3 after the `exec`) reaches its end.
/// It exits when Prism does, with Prism's status, so a Prism that fails to start is noticed.
const SUPERVISOR: &str = r#"
exec 3<&0
"$@" </dev/null >/dev/null &
prism=$!
echo "$prism"
(read -r _ <&3; kill -9 "$prism" 2>/dev/null) &
watcher=$!
wait "$prism"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
"#;

/// What Prism answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The description's response examples.
    Examples,
    /// Responses generated from the schemas, the same ones for the same seed.
    Dynamic { seed: u64 },
}

/// A running Prism, stopped when dropped (or when this process ends).
#[derive(Debug)]
pub struct Prism {
    /// The supervisor.
    supervisor: Child,
    /// The write end of the supervisor's standard input: closing it stops Prism.
    lifeline: Option<ChildStdin>,
    /// Prism's process id.
    pid: u32,
    url: String,
    /// The description Prism reads; kept until Prism stops.
    _spec: tempfile::NamedTempFile,
}

impl Prism {
    /// Starts Prism on a free port with the description `spec`.
    ///
    /// Without Prism installed this returns `None` after printing why, or panics when `CI=true`:
    /// CI must run the test, not skip it.
    pub fn start(spec: &Path, mode: Mode) -> Option<Prism> {
        let program = program();
        if !program.is_file() {
            let reason = format!(
                "Prism is not installed at {} (run `cargo xtask install-tools`)",
                program.display()
            );
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{reason}");
            eprintln!("skipped: {reason}");
            return None;
        }
        let prepared = prepared_spec(spec);
        let port = free_port();
        let mut command = Command::new("sh");
        command
            .args(["-c", SUPERVISOR, "supervisor"])
            .arg(&program)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--verboseLevel", "fatal", "--no-multiprocess"])
            .arg(prepared.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Mode::Dynamic { seed } = mode {
            command.args(["--dynamic", "--seed", &seed.to_string()]);
        }
        let mut supervisor = command
            .spawn()
            .unwrap_or_else(|error| panic!("starting {} under sh: {error}", program.display()));
        let lifeline = supervisor.stdin.take();
        let mut pid = String::new();
        if let Some(stdout) = supervisor.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut pid);
        }
        let pid = pid
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the Prism supervisor printed no process id: {pid:?}"));
        let mut prism = Prism {
            supervisor,
            lifeline,
            pid,
            url: format!("http://127.0.0.1:{port}"),
            _spec: prepared,
        };
        prism.wait_until_listening(port);
        Some(prism)
    }

    /// The base URL to send requests to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Prism's process id (not its supervisor's).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    fn wait_until_listening(&mut self, port: u16) {
        let started = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Ok(Some(status)) = self.supervisor.try_wait() {
                panic!("Prism exited before listening: {status}");
            }
            assert!(
                started.elapsed() < STARTUP,
                "Prism did not listen on port {port} within {STARTUP:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Closing the pipe is what makes the supervisor kill Prism; it then exits. Already
        // exited is fine: there is nothing left to stop.
        drop(self.lifeline.take());
        let _ = self.supervisor.wait();
    }
}

/// The Prism executable: `$PRISM` if set, else the one `cargo xtask install-tools` installs.
fn program() -> PathBuf {
    match std::env::var_os("PRISM") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/node_modules/.bin/prism"),
    }
}

/// A port nothing listens on now. Another process could take it before Prism does; on a test
/// machine that is rare enough, and Prism then fails to start with a clear message.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port");
    listener.local_addr().expect("a bound address").port()
}

/// The description as Prism can read it. Prism refuses a description with a dangling `$ref`
/// (2.9 and 2.11 refer to `#/components/schemas/custom_attributes`, which they never define);
/// the generator types such a reference as any JSON value (rule `dangling-ref`), so here it
/// becomes the empty schema, which allows any value. The input spec is not touched: the copy is
/// a temporary file.
fn prepared_spec(spec: &Path) -> tempfile::NamedTempFile {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|error| panic!("reading {}: {error}", spec.display()));
    let mut document: Value = serde_yaml::from_str(&text)
        .unwrap_or_else(|error| panic!("parsing {}: {error}", spec.display()));
    let defined: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    replace_dangling_refs(&mut document, &defined);
    let file = tempfile::Builder::new()
        .suffix(".json")
        .tempfile()
        .expect("a temporary file");
    serde_json::to_writer(file.as_file(), &document).expect("writing the prepared description");
    file
}

fn replace_dangling_refs(value: &mut Value, defined: &[String]) {
    match value {
        Value::Object(object) => {
            let dangling = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                .is_some_and(|name| !defined.iter().any(|defined| defined == name));
            if dangling {
                object.clear();
            } else {
                object
                    .values_mut()
                    .for_each(|value| replace_dangling_refs(value, defined));
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|value| replace_dangling_refs(value, defined)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dangling_references_become_the_empty_schema() {
        let mut document = serde_json::json!({
            "a": {"$ref": "#/components/schemas/missing"},
            "b": [{"$ref": "#/components/schemas/present"}],
        });
        replace_dangling_refs(&mut document, &["present".to_owned()]);
        assert_eq!(
            document,
            serde_json::json!({"a": {}, "b": [{"$ref": "#/components/schemas/present"}]})
        );
    }
}
