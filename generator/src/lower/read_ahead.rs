//! A producer thread that reads items a few ahead of their consumer: lowering reads each path
//! item into the object model on one thread while it lowers the previous ones on another.

/// How many path items are read ahead of the one being lowered.
const ITEMS_AHEAD: usize = 16;

/// `consume` of `items`, which a thread of their own produces, up to [`ITEMS_AHEAD`] ahead.
/// When `consume` returns without reading them all, the rest are not produced.
pub(super) fn read_ahead<T: Send, R>(
    items: impl Iterator<Item = T> + Send,
    consume: impl FnOnce(std::sync::mpsc::IntoIter<T>) -> R,
) -> R {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(ITEMS_AHEAD);
        scope.spawn(move || {
            for item in items {
                // The consumer is done: it dropped the receiver.
                if sender.send(item).is_err() {
                    break;
                }
            }
        });
        consume(receiver.into_iter())
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Items come in order, and a consumer that stops early stops the producer a few items on.
    #[test]
    fn items_read_ahead_arrive_in_order_and_stop_with_their_consumer() {
        let all: Vec<usize> = read_ahead(0..1000, Iterator::collect);
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        let produced = AtomicUsize::new(0);
        let items = (0..1000).inspect(|_| {
            produced.fetch_add(1, Ordering::Relaxed);
        });
        let first: Vec<usize> = read_ahead(items, |items| items.take(3).collect());
        assert_eq!(first, [0, 1, 2]);
        // The three taken, the channel's worth, and the one that found it closed.
        assert!(produced.load(Ordering::Relaxed) <= 3 + ITEMS_AHEAD + 1);
    }
}
