//! Helpers below every module: a parallel map and a content hash. The build script compiles this
//! file too (with the catalog modules that call them), so it imports nothing from the crate.

thread_local! {
    /// Set in the threads of [`parallel_map`].
    static IN_WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Maps `f` over `items` on all cores, keeping the order. Start-up work (parsing the catalog,
/// indexing it for matching) and typesetting split into independent pieces of uneven size, so
/// each worker takes the next piece when it is free.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    // Inside a worker (a batch of profiles, each typesetting its documents) the cores are
    // already busy: more threads would only contend.
    if threads <= 1 || IN_WORKER.with(std::cell::Cell::get) {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    IN_WORKER.with(|w| w.set(true));
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break out };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// 64-bit FNV-1a of `bytes` from `seed`: a stable identity for content (catalog layers, fonts,
/// the PDF document ID), never for security.
pub(crate) fn fnv(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The FNV-1a offset basis, the usual seed of [`fnv`].
pub(crate) const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;
