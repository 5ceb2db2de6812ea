//! The process's allocator: mimalloc, tuned for codegen's peak memory.
//!
//! Codegen allocates many small strings and JSON nodes (glibc malloc took a third of its time).
//! Left at its defaults, mimalloc keeps freed pages for a second before giving them back and
//! backs them with transparent huge pages, so the three specs' codegen peaked at about 145 MB
//! of RSS for about 75 MB of live data. Without huge pages (the `no_thp` feature, in
//! Cargo.toml) and with freed pages returned at once, it peaks at about 80 MB, for about 8%
//! more CPU time (measured alternately, 6 runs each).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc.h (v2 and v3): milliseconds before freed memory is
/// returned to the system. libmimalloc-sys names the options of mimalloc 1 only.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed pages go back to the system when they are freed, not a second later.
pub fn return_freed_memory_at_once() {
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table (atomically), and
    // MI_OPTION_PURGE_DELAY is a valid option; it is called before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}
