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
        run.sort_by_key(|&(class, _)| class);
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
