//! UTS #39 skeletons (<https://www.unicode.org/reports/tr39/#Confusable_Detection>), as far as the engine needs
//! them: a host is compared with catalogue domains, which are ASCII, so only ASCII skeletons matter. Each function
//! gives the skeleton when it is ASCII and `None` when it is not.
//!
//! The table is computed at build time from `unicode-security` (build.rs explains why a string's ASCII skeleton is
//! its characters' skeletons put together); the tests below check it against that crate on every code point and on
//! random strings.

mod data {
    include!(concat!(env!("OUT_DIR"), "/skeleton_data.rs"));
}

mod loose {
    include!(concat!(env!("OUT_DIR"), "/loose_data.rs"));
}

/// The skeleton of one code point outside ASCII: `Some("")` for a default ignorable, `None` if not ASCII.
fn of_char(c: char) -> Option<&'static str> {
    let cp = u32::from(c);
    if let Ok(i) = data::CODES.binary_search(&cp) {
        let start = i.checked_sub(1).map_or(0, |j| usize::from(data::ENDS[j]));
        return data::BYTES.get(start..usize::from(data::ENDS[i]));
    }
    let i = data::IGNORABLE.partition_point(|&(_, end)| end < cp);
    data::IGNORABLE.get(i).filter(|&&(start, _)| start <= cp).map(|_| "")
}

/// The canonical combining class of a mark whose skeleton is ASCII; 0 for every other character.
fn mark_class(c: char) -> u8 {
    data::MARKS.iter().find(|&&(cp, _)| cp == u32::from(c)).map_or(0, |&(_, class)| class)
}

/// Calls `push` with the pieces of `s`'s skeleton in order; `false` as soon as a piece is not ASCII or `push`
/// refuses one.
fn pieces(s: &str, mut push: impl FnMut(&str) -> bool) -> bool {
    if s.is_ascii() {
        return s.bytes().all(|b| data::ASCII[usize::from(b)].is_some_and(&mut push));
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii() {
            if !data::ASCII[c as usize].is_some_and(&mut push) {
                return false;
            }
            continue;
        }
        let class = mark_class(c);
        if class == 0 {
            match of_char(c) {
                Some(piece) if push(piece) => continue,
                _ => return false,
            }
        }
        // A run of such marks: NFD puts them in combining-class order before they are mapped (a stable sort).
        let mut run = vec![(class, c)];
        while let Some(&next) = chars.peek() {
            let class = mark_class(next);
            if class == 0 {
                break;
            }
            run.push((class, next));
            chars.next();
        }
        crate::order::sort_by_key(&mut run, |&(class, _)| usize::from(class));
        for (_, mark) in run {
            match of_char(mark) {
                Some(piece) if push(piece) => {}
                _ => return false,
            }
        }
    }
    true
}

/// The skeleton of `s` if it is ASCII.
pub(crate) fn ascii(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 4);
    pieces(s, |piece| {
        out.push_str(piece);
        true
    })
    .then_some(out)
}

/// Longest skeleton [`ascii_in`] writes into its buffer (a DNS name is at most 253 bytes; `m` reads as `rn`).
pub(crate) const BUFFER: usize = 512;

/// The skeleton of `s` if it is ASCII, written into `buffer`; `None` too if it does not fit (use [`ascii`] then).
pub(crate) fn ascii_in<'b>(s: &str, buffer: &'b mut [u8; BUFFER]) -> Option<&'b str> {
    let mut len = 0;
    let fits = pieces(s, |piece| {
        // Most pieces are one byte (a character that is its own prototype): no copy call for those.
        let slot = match *piece.as_bytes() {
            [byte] => buffer.get_mut(len).map(|b| *b = byte),
            _ => buffer.get_mut(len..len + piece.len()).map(|slot| slot.copy_from_slice(piece.as_bytes())),
        };
        len += piece.len();
        slot.is_some()
    });
    if !fits {
        return None;
    }
    std::str::from_utf8(&buffer[..len]).ok()
}

/// Whether Chromium's skeleton generator removes diacritics from a host with this character: Latin, Greek, Cyrillic,
/// `[0-9._-]` and the combining marks U+0300..U+0339 (`lgc_letters_n_ascii_`).
pub(crate) fn is_lgc(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    c.is_ascii_alphanumeric()
        || matches!(c, '.' | '_' | '-' | '\u{300}'..='\u{339}')
        || matches!(c.script(), Script::Latin | Script::Greek | Script::Cyrillic)
}

fn replacement(codes: &[u32], ends: &[u16], bytes: &'static str, c: char) -> Option<&'static str> {
    let i = codes.binary_search(&u32::from(c)).ok()?;
    let start = i.checked_sub(1).map_or(0, |j| usize::from(ends[j]));
    bytes.get(start..usize::from(ends[i]))
}

/// The host as Chromium's skeleton generator rewrites it before its skeleton: diacritics removed when the host is
/// Latin, Greek and Cyrillic only (`tàobao` -> `taobao`, `jđ` -> `jd`), its extra confusables mapped (`ŧ` and `七`
/// -> `t`, `一` -> `-`). Characters it does not rewrite are kept.
pub(crate) fn loose_rewrite(host: &str) -> String {
    let (codes, ends, bytes): (&[u32], &[u16], &'static str) = if host.chars().all(is_lgc) {
        (&loose::LGC_CODES, &loose::LGC_ENDS, loose::LGC_BYTES)
    } else {
        (&loose::EXTRA_CODES, &loose::EXTRA_ENDS, loose::EXTRA_BYTES)
    };
    let mut rewritten = String::with_capacity(host.len());
    for c in host.chars() {
        match (!c.is_ascii()).then(|| replacement(codes, ends, bytes, c)).flatten() {
            Some(r) => rewritten.push_str(r),
            None => rewritten.push(c),
        }
    }
    rewritten
}

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    let i = ranges.partition_point(|&(_, end)| end < cp);
    ranges.get(i).is_some_and(|&(start, _)| start <= cp)
}

/// Whether `c` is a combining mark (General_Category M).
pub(crate) fn is_mark(c: char) -> bool {
    in_ranges(loose::MARKS, c)
}

/// Whether `c` is a Limited_Use or Uncommon_Use character of Bopomofo, Han, kana, Georgian or Myanmar (build.rs;
/// true for some allowed characters of those scripts too).
pub(crate) fn also_allowed(c: char) -> bool {
    in_ranges(loose::ALSO_ALLOWED, c)
}

/// Characters Chromium gives two skeletons (`character_map_` in skeleton_generator.cc): a host with one is also
/// compared with each of them in its place.
pub(crate) const ALTERNATIVES: &[(char, &[&str])] = &[('þ', &["b", "p"]), ('œ', &["ce", "oe"]), ('ł', &["l", "t"])];

/// [`loose_rewrite`] of `host` and of each spelling of it with [`ALTERNATIVES`] in place (at most 32, as Chromium
/// tries only hosts with at most 5 such characters).
pub(crate) fn loose_rewrites(host: &str) -> Vec<String> {
    let mut out = vec![loose_rewrite(host)];
    let count = host.chars().filter(|c| ALTERNATIVES.iter().any(|(a, _)| a == c)).count();
    if count == 0 || count > 5 {
        return out;
    }
    let mut spellings = vec![String::new()];
    for c in host.chars() {
        match ALTERNATIVES.iter().find(|(a, _)| *a == c) {
            Some((_, alternatives)) => {
                spellings =
                    spellings.iter().flat_map(|s| alternatives.iter().map(move |alt| format!("{s}{alt}"))).collect();
            }
            None => spellings.iter_mut().for_each(|s| s.push(c)),
        }
    }
    out.extend(spellings.iter().map(|s| loose_rewrite(s)));
    out
}

/// [`loose_rewrite`], then the UTS #39 skeleton, if ASCII: how Chromium compares a host with top domains.
#[cfg(test)]
pub(crate) fn loose_ascii(host: &str) -> Option<String> {
    ascii(&loose_rewrite(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_skeletons() {
        assert_eq!(ascii("paypal").as_deref(), Some("paypal"));
        assert_eq!(ascii("ml").as_deref(), Some("rnl"));
        assert_eq!(ascii("tаobао").as_deref(), Some("taobao")); // Cyrillic а and о
        assert_eq!(ascii("ta\u{200b}obao").as_deref(), Some("taobao"));
        assert_eq!(ascii("淘宝"), None);
        assert_eq!(ascii("café"), None); // é is e + U+0301, which is not ASCII
        let mut buffer = [0; BUFFER];
        assert_eq!(ascii_in("jd.com", &mut buffer), Some("jd.corn"));
        assert_eq!(ascii_in(&"m".repeat(300), &mut buffer), None);
        assert_eq!(ascii(&"m".repeat(300)).map(|s| s.len()), Some(600));
    }

    #[test]
    fn loose_skeletons() {
        for (host, expected) in [
            ("tàobao.com", Some("taobao.corn")),
            ("taobaọ.com", Some("taobao.corn")),
            ("ŧaobao.com", Some("taobao.corn")),
            ("taobaø.com", Some("taobao.corn")),
            ("jđ.com", Some("jd.corn")),
            ("bílibili.com", Some("bilibili.corn")),
            ("ta\u{301}obao.com", Some("taobao.corn")),
            ("七aobao.com", Some("taobao.corn")),
            ("jd一com.cn", Some("jd-corn.cn")),
            ("tаobао.com", Some("taobao.corn")),
            ("淘宝.com", None),
            // Diacritics stay on a host with another script (Chromium's gate): é is not ASCII then.
            ("é淘.com", None),
        ] {
            assert_eq!(loose_ascii(host).as_deref(), expected, "{host}");
        }
        assert_eq!(loose_rewrites("aeœ.com"), ["aeœ.com", "aece.com", "aeoe.com"]);
        assert!(is_mark('\u{301}') && is_mark('\u{e48}') && !is_mark('a') && !is_mark('淘'));
    }

    /// Chromium's rewriting, done the slow way with `unicode-normalization` and `unicode-security`: the oracle for
    /// the build-time tables, on every code point alone, in a Latin host and in a host with Han.
    #[test]
    fn loose_tables_agree_with_the_slow_way() {
        use unicode_normalization::UnicodeNormalization;
        use unicode_normalization::char::is_combining_mark;
        // The ExtraConf rules of build.rs, as Chromium writes them.
        const RULES: &str = "[æӕ] > ae; [ϼҏ] > p; [ħнћңҥӈӊԋԧԩ] > h;[ĸκкқҝҟҡӄԟ] > k; [ŋпԥกח] > n;\
            [ŧтҭԏ七丅丆丁] > t; [ƅьҍвß] > b;  [ωшщพฟພຟ] > w;[мӎ] > m; [єҽҿၔ] > e; ґ > r; [ғӻ] > f;\
            [ҫင] > c; [ұ丫] > y; [χҳӽӿ乂] > x;[ԃძ]  > d; [ԍဌ] > g; [ടรຣຮ] > s; ၂ > j;[०০੦૦ଠ୦೦စ] > o;\
            [৭੧૧] > q;[บບ] > u;[θ] > 0;[२২੨੨૨೩೭շ] > 2;[зҙӡउওਤ੩૩౩ဒვპੜკ] > 3;[੫丩ㄐ] > 4;[ճ] > 6;\
            [৪੪୫] > 8;[૭୨౨] > 9;[—一―⸺⸻] > \\-;";
        let mut map = std::collections::HashMap::new();
        for rule in RULES.split(';').filter(|r| !r.trim().is_empty()) {
            let (from, to) = rule.split_once('>').expect("a rule is 'from > to'");
            for c in from.trim().trim_matches(['[', ']']).chars() {
                map.insert(c, to.trim().trim_start_matches('\\'));
            }
        }
        let extra = |c: char| -> Option<&str> { map.get(&c).copied() };
        let slow = |host: &str| -> Option<String> {
            let lgc = host.chars().all(is_lgc);
            let dropped: String = if lgc {
                host.nfd()
                    .filter(|&m| !is_combining_mark(m))
                    .nfc()
                    .map(|c| match c {
                        'ł' => 'l',
                        'ø' => 'o',
                        'đ' => 'd',
                        c => c,
                    })
                    .collect()
            } else {
                host.to_owned()
            };
            let mapped: String =
                dropped.chars().map(|c| extra(c).map_or_else(|| c.to_string(), str::to_owned)).collect();
            let sk: String = unicode_security::confusable_detection::skeleton(&mapped).collect();
            sk.is_ascii().then_some(sk)
        };
        let mut changed = 0;
        // Every other character is kept as it is by both ways, and its skeleton is checked against unicode-security
        // by `every_code_point_agrees_with_unicode_security`.
        let relevant = |c: char| is_lgc(c) || extra(c).is_some() || is_combining_mark(c);
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32).filter(|&c| relevant(c)) {
            for host in [format!("a{c}b"), format!("七{c}")] {
                let expected = slow(&host);
                changed += usize::from(expected.is_some() && ascii(&host).is_none());
                assert_eq!(loose_ascii(&host), expected, "U+{:04X} in {host}", u32::from(c));
            }
        }
        // Thousands of accented letters read as ASCII only this way; empty tables would pass the loop above.
        assert!(changed > 1000, "{changed}");
        assert!(loose::LGC_CODES.len() > 500 && loose::EXTRA_CODES.len() > 100);
    }

    /// What `unicode-security` says, reduced to what the engine uses.
    fn reference(s: &str) -> Option<String> {
        let sk: String = unicode_security::confusable_detection::skeleton(s).collect();
        sk.is_ascii().then_some(sk)
    }

    #[test]
    fn every_code_point_agrees_with_unicode_security() {
        let mut ascii_skeletons = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            let expected = reference(&s);
            ascii_skeletons += usize::from(expected.is_some());
            assert_eq!(ascii(&s), expected, "U+{:04X}", u32::from(c));
        }
        // confusables.txt maps thousands of characters to ASCII; an empty table would pass the loop above.
        assert!(ascii_skeletons > 6000, "{ascii_skeletons}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod strings {
        use proptest::prelude::*;

        /// Characters that make skeletons interesting: ASCII, look-alikes from several scripts, default ignorables,
        /// precomposed letters, and combining marks of different classes, including the two whose skeleton is ASCII.
        fn interesting() -> impl Strategy<Value = char> {
            prop::sample::select(vec![
                'a',
                'm',
                'r',
                'n',
                'l',
                '1',
                '0',
                'o',
                '-',
                '.',
                'I',
                'W',
                'а',
                'о',
                'е',
                'р',
                'с',
                'ο',
                'ν',
                'ı',
                'ℓ',
                'ｍ',
                '𝐚',
                'é',
                'ü',
                'ǆ',
                'ﬁ',
                '\u{200b}',
                '\u{ad}',
                '\u{fe0f}',
                '\u{301}',
                '\u{323}',
                '\u{334}',
                '\u{1bf3}',
                '\u{1d16d}',
                '\u{5b0}',
                '淘',
                'ア',
            ])
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(4096))]
            #[test]
            fn strings_agree_with_unicode_security(s in prop::collection::vec(interesting(), 0..12)) {
                let s: String = s.into_iter().collect();
                let expected = super::reference(&s);
                prop_assert_eq!(super::ascii(&s), expected.clone());
                let mut buffer = [0; super::BUFFER];
                prop_assert_eq!(super::ascii_in(&s, &mut buffer).map(str::to_owned), expected);
            }
        }
    }
}
