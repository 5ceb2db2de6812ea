//! Work spread over the machine's cores, its results in the order of the work, so that the
//! output does not depend on the number of threads.

use std::sync::Mutex;

/// Runs `each` on every item on one thread per core, each thread claiming the next item when it
/// is done with one (items can differ in cost by orders of magnitude), with a state of its own
/// that `state` makes on that thread. This thread runs `own_work` first, while the others start
/// on the items, then claims items too. Returns what `own_work` returned and the items' results
/// in the items' order.
pub fn map_in_order<T: Send, R: Send, S, O>(
    items: Vec<T>,
    state: impl Fn() -> S + Sync,
    each: impl Fn(&mut S, T) -> R + Sync,
    own_work: impl FnOnce() -> O,
) -> (O, Vec<R>) {
    let count = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let claim_and_run = || {
        let mut state = state();
        let mut done = Vec::new();
        loop {
            let next = queue.lock().expect("a claiming thread panicked").next();
            let Some((index, item)) = next else {
                return done;
            };
            done.push((index, each(&mut state, item)));
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let (own, mut done) = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.min(count.max(1)))
            .map(|_| scope.spawn(claim_and_run))
            .collect();
        let own = own_work();
        let mut done = claim_and_run();
        for helper in helpers {
            done.extend(helper.join().expect("the work does not panic"));
        }
        (own, done)
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    (own, done.into_iter().map(|(_, result)| result).collect())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::map_in_order;

    /// While this thread does its own work, the others claim the first items; the results
    /// still come back in the items' order, each made with its thread's state.
    #[test]
    fn items_claimed_by_any_thread_come_back_in_order() {
        let (own, results) = map_in_order(
            (0..40).collect(),
            || 1000,
            |offset, item: usize| {
                std::thread::sleep(Duration::from_millis(1));
                item + *offset
            },
            || {
                std::thread::sleep(Duration::from_millis(20));
                "own"
            },
        );
        assert_eq!(own, "own");
        assert_eq!(results, (1000..1040).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_still_runs_this_threads_work() {
        let (own, results) = map_in_order(Vec::<u8>::new(), || (), |(), item| item, || 7);
        assert_eq!((own, results), (7, Vec::new()));
    }
}
