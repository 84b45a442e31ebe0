//! The edit distance of the typo check (`tabao.com` for `taobao.com`).

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions) if it is at most `max`.
///
/// Labels are at most 63 bytes (RFC 1035); longer inputs are not compared.
pub(crate) fn bounded_osa_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    const N: usize = 64;
    if a.len() >= N || b.len() >= N || a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Three rolling rows on the stack: no allocation.
    let mut prev2 = [0usize; N];
    let mut prev = [0usize; N];
    let mut cur = [0usize; N];
    for (j, slot) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *slot = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        prev2 = prev;
        prev = cur;
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa_distance() {
        assert_eq!(bounded_osa_distance(b"taobao", b"taobao", 2), Some(0));
        assert_eq!(bounded_osa_distance(b"tabao", b"taobao", 2), Some(1));
        assert_eq!(bounded_osa_distance(b"toabao", b"taobao", 2), Some(1));
        assert_eq!(bounded_osa_distance(b"tooba0", b"taobao", 2), Some(2));
        assert_eq!(bounded_osa_distance(b"google", b"taobao", 2), None);
    }
}
