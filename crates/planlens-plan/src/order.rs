//! One sort for the many small lists of the charts, the pivot and the relations.
//!
//! Every call of the standard library's `sort_by` with another element type or closure
//! compiles another copy of its fast but large sorting code: about 3–4 KB of
//! WebAssembly each, 50 KB across the crate before this module existed. The lists
//! sorted here are short (labels, bars, a year series) or sorted once, so they share
//! one stable merge sort over indices instead; only a small `permute` is compiled per
//! element type. The hot sorts over every figure of a plan (`plan::model`, the
//! findings in `check`) keep the standard library's.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably (equal elements keep their order).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = v;
        merge_order(
            items.len(),
            &mut |a, b| match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => Ordering::Equal,
            },
        )
    };
    arrange(v, order);
}

/// Sorts `v` stably by a key made once for each element: for long lists of big
/// elements (the findings of a national plan), whose comparisons would otherwise
/// chase each element through memory.
pub fn sort_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = merge_order(keys.len(), &mut |a, b| keys.get(a).cmp(&keys.get(b)));
    arrange(v, order);
}

/// Puts the elements of `v` in `order` (a permutation of its indices), in place.
fn arrange<T>(v: &mut [T], mut order: Vec<u32>) {
    follow_cycles(&mut order, |i, j| v.swap(i, j));
}

/// Reorders in place, through `swap`, so that position `k` holds what was at `perm[k]`,
/// following each cycle of the permutation once; `perm` is used up.
pub(crate) fn follow_cycles(perm: &mut [u32], mut swap: impl FnMut(usize, usize)) {
    let n = perm.len();
    for start in 0..n {
        let mut cur = start;
        while let Some(slot) = perm.get_mut(cur) {
            let next = *slot as usize;
            *slot = cur as u32;
            if next == start || next >= n {
                break;
            }
            swap(cur, next);
            cur = next;
        }
    }
}

/// Sorts `v` by a key, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` and removes repeated elements.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

/// The order of `0..n` sorted by `cmp`: a bottom-up merge sort, O(n log n), stable.
fn merge_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut a: Vec<u32> = (0..n as u32).collect();
    let mut b: Vec<u32> = vec![0; n];
    let mut width = 1;
    while width < n {
        for (src, dst) in a.chunks(2 * width).zip(b.chunks_mut(2 * width)) {
            let (left, right) = src.split_at(width.min(src.len()));
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            for slot in dst.iter_mut() {
                let take_left = match (l.peek(), r.peek()) {
                    (Some(&&x), Some(&&y)) => cmp(x as usize, y as usize) != Ordering::Greater,
                    (Some(_), None) => true,
                    _ => false,
                };
                let next = if take_left { l.next() } else { r.next() };
                *slot = next.copied().unwrap_or(0);
            }
        }
        std::mem::swap(&mut a, &mut b);
        width = width.saturating_mul(2);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_dedups() {
        let mut v = vec![3, 1, 2, 3, 1];
        sort_dedup(&mut v);
        assert_eq!(v, [1, 2, 3]);
        let mut e: Vec<u8> = Vec::new();
        sort_dedup(&mut e);
        assert!(e.is_empty());
    }

    // proptest is a native dev-dependency; the wasm test build skips these.
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// The same result as the standard library's stable sort, on keys with
            /// many ties (the second field records the original position).
            #[test]
            fn agrees_with_std_stable_sort(keys in proptest::collection::vec(0u8..8, 0..300)) {
                let mut ours: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
                let mut std_sorted = ours.clone();
                sort_by_key(&mut ours, |p| p.0);
                std_sorted.sort_by_key(|p| p.0);
                prop_assert_eq!(ours, std_sorted);
            }
        }
    }
}
