//! Test support for the generated crates' end-to-end tests: [`Prism`] runs the Prism mock server
//! (npm `@stoplight/prism-cli`, installed into `.tools/` by `cargo xtask install-tools`) on
//! 127.0.0.1 with a crate's description, and [`Report`] tallies the calls made against it.
//!
//! Prism serves the description's examples (or, in dynamic mode, values generated from the
//! schemas) and validates every request against the description: a call that passes is one the
//! real API would accept as described.

mod prism;
mod report;

use std::future::Future;

pub use prism::{Mode, Prism};
pub use report::{Call, Failure, Outcome, Report};

/// The stack of the thread [`run`] polls on. A test's `send` is one `match` with an arm per
/// operation (256 in Unstable), whose unoptimized poll frame outgrows a test thread's 2 MiB.
const STACK_BYTES: usize = 256 << 20;

/// Runs `test` to completion on a thread of its own with a large stack; a panic in it is the
/// caller's panic.
pub fn run(test: impl Future<Output = ()> + Send + 'static) {
    let thread = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a Tokio runtime")
                .block_on(test);
        })
        .expect("a test thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}
