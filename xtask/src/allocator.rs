//! The process's allocator: mimalloc, tuned per command.
//!
//! Codegen allocates many small strings and JSON nodes (glibc malloc took a third of its time).
//! Left at its defaults, mimalloc keeps freed pages for a while before giving them back and
//! backs them with transparent huge pages, so the three specs' codegen peaked at about 145 MB
//! of RSS for about 75 MB of live data. Without huge pages (the `no_thp` feature, in
//! Cargo.toml) and with freed pages returned at once, it peaks at about 80 MB, for about 8%
//! more CPU time (measured alternately, 6 runs each). `diff`, whose memory has no target, keeps
//! the default: 2.11 -> Unstable took 0.19 s instead of 0.25 s (medians of 6 alternating
//! runs), peaking at 78 MB instead of 41 MB.

use std::sync::OnceLock;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc.h (v2 and v3): milliseconds before freed memory is
/// returned to the system. libmimalloc-sys names the options of mimalloc 1 only.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's own purge delay, read before the first change.
static DEFAULT_PURGE_DELAY: OnceLock<std::ffi::c_long> = OnceLock::new();

/// Freed pages go back to the system when they are freed (`at_once`), or after mimalloc's
/// default delay.
pub fn return_freed_memory_at_once(at_once: bool) {
    let default = *DEFAULT_PURGE_DELAY.get_or_init(|| {
        // SAFETY: mi_option_get only reads an integer from mimalloc's option table
        // (atomically), and MI_OPTION_PURGE_DELAY is a valid option.
        unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
    });
    let delay = if at_once { 0 } else { default };
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table (atomically).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
}
