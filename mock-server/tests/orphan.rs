//! No Prism outlives the test process that started it, even one killed with SIGKILL (which runs
//! no destructor): a child process (this test binary, running `holds_prism_until_killed`)
//! starts Prism and is killed, and Prism's process must be gone soon after.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use intercom_mock_server::{Mode, Prism};

/// Set for the child process, so that the helper test does nothing in an ordinary run.
const CHILD: &str = "INTERCOM_MOCK_SERVER_ORPHAN_CHILD";

/// How long the killed Prism may take to go.
const GRACE: Duration = Duration::from_secs(20);

const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
    "/ping": {"get": {"responses": {"200": {"description": "pong",
        "content": {"application/json": {"example": {"pong": true}}}}}}}}}"#;

/// The child's part: starts Prism, prints its process id, and waits to be killed.
#[test]
#[ignore = "run by `prism_dies_with_the_process_that_started_it` in a child process"]
fn holds_prism_until_killed() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let mut spec = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    spec.write_all(SPEC.as_bytes()).unwrap();
    let Some(prism) = Prism::start(spec.path(), Mode::Examples) else {
        return;
    };
    println!("prism pid {}", prism.pid());
    loop {
        std::thread::sleep(Duration::from_secs(60));
    }
}

#[test]
fn prism_dies_with_the_process_that_started_it() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "holds_prism_until_killed",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let pid = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("prism pid ").map(str::to_owned));
    let Some(pid) = pid else {
        // The child found no Prism: it printed why, or failed the run when `CI=true`.
        let status = child.wait().unwrap();
        assert!(status.success(), "the child process failed: {status}");
        eprintln!("skipped: Prism is not installed");
        return;
    };
    assert!(alive(&pid), "Prism {pid} is not running before the kill");

    child.kill().unwrap(); // SIGKILL: no destructor runs.
    child.wait().unwrap();

    let killed = Instant::now();
    while alive(&pid) {
        assert!(
            killed.elapsed() < GRACE,
            "Prism {pid} still runs {GRACE:?} after its test process was killed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether process `pid` runs (a zombie, dead but not reaped, does not).
fn alive(pid: &str) -> bool {
    let output = Command::new("ps")
        .args(["-o", "stat=", "-p", pid])
        .output()
        .expect("running ps");
    let state = String::from_utf8_lossy(&output.stdout);
    let state = state.trim();
    !state.is_empty() && !state.starts_with('Z')
}
