//! Helpers below every module: a parallel map and a content hash. The build script compiles this
//! file too (with the catalog modules that call them), so it imports nothing from the crate.

use rayon::prelude::*;

/// Maps `f` over `items` on all cores (rayon's pool), keeping the order. Start-up work (parsing
/// the catalog, indexing it for matching) and typesetting split into independent pieces of
/// uneven size, so each piece is a task of its own that the next free worker takes; inside a
/// worker (a batch of profiles, each typesetting its documents) the same pool serves both levels.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // One item needs no pool (`match` of one name never starts it).
    if items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    // A task per item when they are few (documents, pages: uneven pieces a free worker should
    // take one by one); rayon's own splitting when they are many (a catalog's products), where a
    // task each costs more than the items.
    let most_per_task = if items.len() <= 64 { 1 } else { usize::MAX };
    items
        .par_iter()
        .with_max_len(most_per_task)
        .map(&f)
        .collect()
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
