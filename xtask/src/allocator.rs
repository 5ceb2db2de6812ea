//! The process's allocator: mimalloc, tuned per command.
//!
//! Codegen allocates many small strings and JSON nodes (glibc malloc took a third of its time).
//! Left at its defaults, mimalloc keeps freed pages for a second before giving them back and
//! backs them with transparent huge pages, so the three specs' codegen peaked at about 145 MB
//! of RSS for about 75 MB of live data. Without huge pages (the `no_thp` feature, in
//! Cargo.toml), codegen keeps freed pages for 10 ms ([`Purge::Codegen`]): in `cargo xtask
//! bench`, alternating four settings four times (medians of 7 runs each), pages returned at once
//! took 375-380 ms and peaked at 80-84 MB, after 10 ms 336-358 ms and 89-92 MB, after 20 ms
//! 327-336 ms and 98-100 MB, after 40 ms 321-339 ms and 103-106 MB; mimalloc's default (1 s)
//! 305-309 ms and 165-179 MB. `diff`, whose memory has no target, keeps the default: 2.11 ->
//! Unstable took 0.19 s instead of 0.25 s (medians of 6 alternating runs), peaking at 78 MB
//! instead of 41 MB.

use std::sync::OnceLock;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc.h (v2 and v3): milliseconds before freed memory is
/// returned to the system. libmimalloc-sys names the options of mimalloc 1 only.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's own purge delay, read before the first change.
static DEFAULT_PURGE_DELAY: OnceLock<std::ffi::c_long> = OnceLock::new();

/// When freed pages go back to the system.
#[derive(Debug, Clone, Copy)]
pub enum Purge {
    /// After 10 ms: codegen's peak memory has a target (under 100 MB for the three specs).
    Codegen,
    /// After mimalloc's default delay.
    Default,
}

/// Sets when freed pages go back to the system, from now on.
pub fn purge_freed_memory(purge: Purge) {
    let default = *DEFAULT_PURGE_DELAY.get_or_init(|| {
        // SAFETY: mi_option_get only reads an integer from mimalloc's option table
        // (atomically), and MI_OPTION_PURGE_DELAY is a valid option.
        unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
    });
    let delay = match purge {
        Purge::Codegen => 10,
        Purge::Default => default,
    };
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table (atomically).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, delay) };
}

/// Returns the memory freed so far on every thread of rayon's pool and this one to the system.
/// A block one thread frees in a page another thread allocated it from waits for that thread
/// to allocate again; the pool's threads idle between codegens, so without this a benchmark's
/// later runs started with the memory of the earlier ones (1,084 MB peak against 961 MB for
/// the first run of a 50 MB description), and held it while a codegen process it measures runs.
pub fn collect_freed_memory() {
    let collect = || {
        // SAFETY: mi_collect only walks and frees the calling thread's own heap.
        unsafe { libmimalloc_sys::mi_collect(true) }
    };
    rayon::broadcast(|_| collect());
    collect();
}
