//! One stable sort for the engine's small lists (findings, spans, reasons, combining marks), ordered by a number.
//!
//! Each `sort_by_key` on a new element type makes its own copy of the standard library's sort (quicksort, merge,
//! small-sort networks: about 8 KB of wasm at `opt-level = 3`), and the engine had nine. Here every caller sorts the
//! same `(key, index)` pairs with `sort_unstable`, one copy for all; the pairs are unique, so the order is stable.

/// Sorts `items` by `key`, keeping the order of items with the same key (as `slice::sort_by_key` does).
pub(crate) fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> usize) {
    if items.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        return;
    }
    let mut order: Vec<(usize, usize)> = items.iter().enumerate().map(|(i, item)| (key(item), i)).collect();
    sort_pairs(&mut order);
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take)));
}

#[inline(never)]
fn sort_pairs(pairs: &mut [(usize, usize)]) {
    pairs.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::sort_by_key;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for len in 0..40 {
            let mut items: Vec<(usize, usize)> = (0..len)
                .map(|i| {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    ((rng % 5) as usize, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|&(k, _)| k);
            sort_by_key(&mut items, |&(k, _)| k);
            assert_eq!(items, expected, "length {len}");
        }
    }
}
