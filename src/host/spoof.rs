//! Chromium's IDN spoof checks, label by label: whether Chromium would show a Unicode label as Unicode or fall back
//! to punycode because it could be a spoof. Adapted from `IDNSpoofChecker::SafeToDisplayAsUnicode`
//! (`components/url_formatter/spoof_checks/idn_spoof_checker.cc`, Chromium commit 58a4b28c; every step, set and
//! pattern is described with its source lines in `tests/peer/chromium/NOTES.md`), on UTS #39
//! (<https://www.unicode.org/reports/tr39/>) data from `unicode-security` and `unicode-script` instead of ICU.
//! Chromium's own test cases run against it in `tests/peer_chromium.rs`.
//!
//! Where ICU's data or semantics are not available without ICU, the check is narrower, and says so: ICU's
//! "invisible" check compares marks after NFD (here: the same mark twice in a row as written), and its
//! mixed-numbers check reads General_Category Nd (here: numeric characters of two scripts).
//!
//! Over 400 lines on purpose: the checks follow `SafeToDisplayAsUnicode` in its order, one function per step, so a
//! reader can hold this file beside Chromium's and NOTES.md; the last hundred lines are the tests against the
//! `unicode-security` oracle.

use unicode_script::{Script, UnicodeScript};
use unicode_security::GeneralSecurityProfile;
use unicode_security::mixed_script::AugmentedScriptSet;

/// Why a label is not safe to show as Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spoof {
    /// A character Chromium never shows in a host (outside its allowed set): `ʼ`, `‐`, `ĸ`, ...
    Character(char),
    /// The same combining mark twice in a row, or a dot above hidden on a dotted letter (`i̇`).
    HiddenMark,
    /// Digits of two numbering systems.
    MixedNumbers,
    /// Scripts mixed beyond UTS #39's highly restrictive level (Latin with Cyrillic, Greek, Armenian, ...).
    MixedScripts,
    /// A letter only some TLDs may use: `þ`, `ð` outside `.is` and `.fo`; `ə` outside `.az`; a middle dot anywhere
    /// but between two `l` under `.cat`.
    TldSpecific(char),
    /// Written entirely in letters of another script that look Latin, under a TLD that is not that script's.
    WholeScript,
    /// Only digits and characters that look like digits.
    DigitLookalike,
    /// An accented Latin letter mixed with another script.
    LatinMixed,
    /// Han, kana or Bopomofo characters that look like Latin letters or punctuation next to other scripts, kana
    /// used out of context, or combining marks where they hide.
    Pattern,
}

/// Removed from the allowed set (NOTES.md section 2): single code points, then ranges.
const REMOVED: &[u32] = &[0x338, 0x58a, 0x2010, 0x2019, 0x2027, 0x30a0, 0x2bb, 0x2bc, 0x2ec, 0x138, 0x200c, 0x200d];
const REMOVED_RANGES: &[(u32, u32)] = &[
    (0x01cd, 0x01dc), // Latin Extended-B: Pinyin
    (0x1c80, 0x1c8f), // Cyrillic Extended-C
    (0x1e00, 0x1e9b), // Latin Extended Additional
    (0x1f00, 0x1fff), // Greek Extended
    (0xa640, 0xa69f), // Cyrillic Extended-B
    (0xa720, 0xa7ff), // Latin Extended-D
];

/// Chromium's allowed set: ICU's recommended and inclusion sets (UTS #39 Identifier_Status=Allowed) with its removals.
/// Unicode 16 and later list Bopomofo and some Han, kana, Georgian and Myanmar letters as Limited_Use or Uncommon_Use;
/// ICU's recommended set, which Chromium and Firefox use, still allows them, and so does this.
fn allowed(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '-' || c == '_';
    }
    let cp = u32::from(c);
    if REMOVED.contains(&cp) || REMOVED_RANGES.iter().any(|&(a, b)| (a..=b).contains(&cp)) {
        return false;
    }
    c.identifier_allowed() || super::skeleton::also_allowed(c)
}

/// Whether `c` lists `script` in its Script_Extensions (a Common or Inherited character lists none), as
/// `\p{scx=...}` reads in ICU's regular expressions.
fn scx(c: char, script: Script) -> bool {
    let ext = c.script_extension();
    !ext.is_common() && !ext.is_inherited() && ext.contains_script(script)
}

/// UTS #39's restriction levels as far as Chromium uses them (it sets "highly restrictive").
#[derive(Debug, PartialEq, Eq)]
enum Level {
    Ascii,
    SingleScript,
    HighlyRestrictive,
    Mixed,
}

fn restriction_level(label: &str) -> Level {
    if label.is_ascii() {
        return Level::Ascii;
    }
    let mut all = AugmentedScriptSet::default();
    let mut without_latin = AugmentedScriptSet::default();
    for c in label.chars() {
        let set = AugmentedScriptSet::for_char(c);
        all.intersect_with(set);
        if !set.base.contains_script(Script::Latin) {
            without_latin.intersect_with(set);
        }
    }
    if !all.is_empty() {
        Level::SingleScript
    } else if without_latin.hanb || without_latin.jpan || without_latin.kore {
        Level::HighlyRestrictive
    } else {
        Level::Mixed
    }
}

/// Letters that look Latin, per script, and the ASCII TLDs under which a label made only of them is fine
/// (NOTES.md section 4; Thai: the set Chromium uses on Linux).
const WHOLE_SCRIPT: &[(Script, &str, &[&str])] = &[
    (Script::Armenian, "ագզէլհյոսւօՙ", &["am"]),
    (Script::Cyrillic, "аысԁеԍһіюкјӏорԗԛѕԝхуъьҽпгѵѡ", &["bg", "by", "kz", "pyc", "ru", "su", "ua", "uz"]),
    (Script::Ethiopic, "ሀሠሰስበነተከዐዕዘጠፐꬅ", &["er", "et"]),
    (Script::Georgian, "იოყძხჽჿ", &["ge"]),
    (Script::Greek, "αικνρυωηοτ", &["gr"]),
    (Script::Hebrew, "דוחיןסװײ׳ﬦ", &["il"]),
    (Script::Bengali, "০৭", &[]),
    (Script::Devanagari, "ऽ०ॱ", &[]),
    (Script::Gujarati, "ડટ૦૧", &[]),
    (Script::Gurmukhi, "੦੧", &[]),
    (Script::Kannada, "ಽ೦೧", &[]),
    (Script::Malayalam, "ടഠധനറ൦", &[]),
    (Script::Oriya, "ଠ୦୮", &[]),
    (Script::Tamil, "டப௦", &[]),
    (Script::Telugu, "౦౧", &[]),
    (Script::Myanmar, "ခဂငထပဝ၀၂ၔၜ\u{1090}\u{1091}\u{1095}\u{1096}\u{1097}", &["mm"]),
    (Script::Thai, "ทนบพรหเแ๐ดลปฟม", &["th"]),
];

/// Common words that are whole-script confusables but confusable with no Latin word (Chromium's list).
const WHOLE_SCRIPT_WORDS: &[&str] = &["секс", "как", "коса", "курс", "парк", "такий", "укроп", "сахарок", "покраска"];

/// Characters that look like digits (NOTES.md section 5).
const DIGIT_LOOKALIKES: &str = "θ२২੨૨೩೭շзҙӡउওਤ੩૩౩ဒვპੜკ੫丩ㄐճ৪੪୫૭୨౨";

/// Han and Bopomofo characters that look like Latin letters or punctuation (一 ㄧ 丨 七 工 〇 ...), unsafe next to
/// anything but Han, kana and Bopomofo.
const CJK_LATIN_LOOKALIKES: &str = "\u{4e00}\u{3127}\u{4e28}\u{4e5b}\u{4e03}\u{4e05}\u{5341}\u{3007}\u{3112}\u{311a}\u{311f}\u{3128}\u{3129}\u{3108}\u{31ba}\u{31b3}\u{5de5}\u{31b2}\u{8ba0}\u{4e01}";
/// Katakana and Han characters that look like slashes (ノ ン ソ ゾ 丶 乀 乁 丿), unsafe between non-Japanese characters.
const SLASH_LOOKALIKES: &str = "\u{30ce}\u{30f3}\u{30bd}\u{30be}\u{4e36}\u{4e40}\u{4e41}\u{4e3f}";

fn is_soft_dotted_latin(c: char) -> bool {
    matches!(c, 'i' | 'j' | 'l' | '\u{131}')
}

/// Chromium's "dangerous patterns" (NOTES.md section 3.1), one alternative after another; `tests` compares this with
/// Chromium's regular expression compiled by the `regex` crate.
fn dangerous_pattern(chars: &[char]) -> bool {
    let japanese = |c: char| scx(c, Script::Katakana) || scx(c, Script::Hiragana) || scx(c, Script::Han);
    let cjk = |c: char| japanese(c) || scx(c, Script::Bopomofo);
    let kana = |c: char| scx(c, Script::Katakana);
    let hira = |c: char| scx(c, Script::Hiragana);
    let lgc = |c: char| scx(c, Script::Latin) || scx(c, Script::Greek) || scx(c, Script::Cyrillic);
    let n = chars.len();
    let all_but = |i: usize, ok: &dyn Fn(char) -> bool| {
        n >= 3 && chars[..i].iter().all(|&c| ok(c)) && chars[i + 1..].iter().all(|&c| ok(c)) && i > 0 && i + 1 < n
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        // 1. A slash look-alike with non-Japanese characters on both sides.
        if SLASH_LOOKALIKES.contains(c) && prev.is_some_and(|p| !japanese(p)) && next.is_some_and(|x| !japanese(x)) {
            return true;
        }
        // 2, 3. Katakana iteration marks not after Katakana.
        if matches!(c, '\u{30fd}' | '\u{30fe}') && prev.is_none_or(|p| !kana(p)) {
            return true;
        }
        // 4, 5. Hiragana へべぺ inside Katakana, Katakana ヘベペ inside Hiragana (the rest of the label).
        if ('\u{3078}'..='\u{307a}').contains(&c) && all_but(i, &kana) {
            return true;
        }
        if ('\u{30d8}'..='\u{30da}').contains(&c) && all_but(i, &hira) {
            return true;
        }
        // 6, 7. The prolonged sound mark ー first or not after kana.
        if c == '\u{30fc}' && prev.is_none_or(|p| !kana(p) && !hira(p)) {
            return true;
        }
        // 8, 9. The katakana middle dot next to a Latin letter.
        if c == '\u{30fb}'
            && (prev.is_some_and(|p| p.is_ascii_lowercase()) || next.is_some_and(|x| x.is_ascii_lowercase()))
        {
            return true;
        }
        // 10, 11. A Han or Bopomofo look-alike of a Latin letter next to a non-CJK character.
        if CJK_LATIN_LOOKALIKES.contains(c) && (prev.is_some_and(|p| !cjk(p)) || next.is_some_and(|x| !cjk(x))) {
            return true;
        }
        // 12, 13. A combining mark after a non-LGC character, or after a dotless i.
        if ('\u{300}'..='\u{339}').contains(&c) && prev.is_some_and(|p| !lgc(p) || p == '\u{131}') {
            return true;
        }
        // 14, 15. Combining kana voiced sound marks.
        if matches!(c, '\u{3099}' | '\u{309a}') {
            return true;
        }
        // 16. A dot above on i, j or l.
        if c == '\u{307}' && prev.is_some_and(|p| matches!(p, 'i' | 'j' | 'l')) {
            return true;
        }
    }
    false
}

/// ICU's checks besides the restriction level, as far as they can be made without ICU.
fn icu_checks(chars: &[char]) -> Option<Spoof> {
    if let Some(&c) = chars.iter().find(|&&c| !allowed(c)) {
        return Some(Spoof::Character(c));
    }
    // A mark that repeats within one run of marks (ICU's "invisible" check, as written rather than after NFD), or a
    // dot above on a dotted letter (its "hidden overlay" check).
    let mut run_start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if !super::skeleton::is_mark(c) {
            run_start = i + 1;
            continue;
        }
        if chars[run_start..i].contains(&c) || (c == '\u{307}' && i > 0 && is_soft_dotted_latin(chars[i - 1])) {
            return Some(Spoof::HiddenMark);
        }
    }
    // Digits of two systems: ASCII digits with other numeric characters, or numeric characters of two scripts.
    let mut numeric =
        chars.iter().filter(|c| c.is_numeric()).map(|&c| if c.is_ascii() { Script::Common } else { c.script() });
    if let Some(first) = numeric.next()
        && numeric.any(|s| s != first)
    {
        return Some(Spoof::MixedNumbers);
    }
    None
}

fn is_digit_lookalike(chars: &[char]) -> bool {
    chars.iter().all(|&c| c.is_ascii_digit() || DIGIT_LOOKALIKES.contains(c))
        && chars.iter().any(|&c| DIGIT_LOOKALIKES.contains(c))
}

fn whole_script_confusable(label: &str, chars: &[char], tld_ascii: &str, tld_unicode: &str) -> bool {
    WHOLE_SCRIPT.iter().any(|&(script, lookalikes, tlds)| {
        let mut letters = chars.iter().filter(|&&c| c.script() == script).peekable();
        letters.peek().is_some()
            && letters.all(|&c| lookalikes.contains(c))
            && !tld_unicode.chars().any(|c| c.script() == script)
            && !tlds.contains(&tld_ascii)
            && !WHOLE_SCRIPT_WORDS.contains(&label)
    })
}

/// Checks one label of a host (Unicode, as UTS #46 maps it) under its TLD, in ASCII (`com`, `xn--p1ai`) and Unicode
/// (`com`, `рф`): `None` when Chromium would show it as Unicode.
pub(crate) fn check_label(label: &str, tld_ascii: &str, tld_unicode: &str) -> Option<Spoof> {
    if label.is_ascii() {
        return None;
    }
    let chars: Vec<char> = label.chars().collect();
    if let Some(spoof) = icu_checks(&chars) {
        return Some(spoof);
    }
    let level = restriction_level(label);
    if matches!(level, Level::Mixed) {
        return Some(Spoof::MixedScripts);
    }
    if chars.len() > 1 {
        if let Some(&c) = chars.iter().find(|&&c| matches!(c, 'þ' | 'ð')).filter(|_| !matches!(tld_ascii, "is" | "fo"))
        {
            return Some(Spoof::TldSpecific(c));
        }
        if chars.contains(&'ə') && tld_ascii != "az" {
            return Some(Spoof::TldSpecific('ə'));
        }
    }
    for (i, &c) in chars.iter().enumerate() {
        if c == '·'
            && (tld_ascii != "cat" || i == 0 || chars.get(i - 1) != Some(&'l') || chars.get(i + 1) != Some(&'l'))
        {
            return Some(Spoof::TldSpecific('·'));
        }
    }
    let kana_exception =
        |c: &char| matches!(c, '\u{3078}'..='\u{307a}' | '\u{30d8}'..='\u{30da}' | '\u{30fb}'..='\u{30fe}');
    let mark = |c: &char| ('\u{300}'..='\u{339}').contains(c);
    if level == Level::SingleScript && !chars.iter().any(kana_exception) && !chars.iter().any(mark) {
        // A single letter is too short to pass for a word (Chromium does not block on it either:
        // `ShouldBlockBySpoofCheckResult` in components/lookalikes).
        if chars.len() > 1 && whole_script_confusable(label, &chars, tld_ascii, tld_unicode) {
            return Some(Spoof::WholeScript);
        }
        return is_digit_lookalike(&chars).then_some(Spoof::DigitLookalike);
    }
    if is_digit_lookalike(&chars) {
        return Some(Spoof::DigitLookalike);
    }
    let lgc_only = chars.iter().all(|&c| super::skeleton::is_lgc(c));
    if !lgc_only && chars.iter().any(|&c| !c.is_ascii() && c.script() == Script::Latin) {
        return Some(Spoof::LatinMixed);
    }
    dangerous_pattern(&chars).then_some(Spoof::Pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        for (label, tld, expected) in [
            ("gօogle", "com", Some(Spoof::MixedScripts)),
            ("tаobao", "com", Some(Spoof::MixedScripts)),
            ("google一com", "com", Some(Spoof::Pattern)),
            ("jd丨com", "cn", Some(Spoof::Pattern)),
            ("七aobao", "com", Some(Spoof::Pattern)),
            ("exampleノtest", "com", Some(Spoof::Pattern)),
            ("ск", "com", Some(Spoof::WholeScript)),
            ("ск", "ru", None),
            ("pi\u{307}xel", "com", Some(Spoof::HiddenMark)),
            ("aʼb", "com", Some(Spoof::Character('ʼ'))),
            ("注音ㄅㄆㄇㄈ", "tw", None),
            ("ㄧ猫", "com", None),
            ("一123", "com", None), // Chromium's own safe case: Han next to digits is not a Latin look-alike
            ("一号店", "com", None),
            ("淘宝", "com", None),
            ("tàobao", "com", None), // a lookalike only by its skeleton (host/skeleton.rs)
            ("münchen", "de", None),
            ("ыз", "com", None),
            ("১২৩", "com", None),
            ("з2", "com", Some(Spoof::DigitLookalike)),
            ("þorn", "com", Some(Spoof::TldSpecific('þ'))),
            ("þorn", "is", None),
            ("col·legi", "cat", None),
            ("col·legi", "com", Some(Spoof::TldSpecific('·'))),
        ] {
            let tld_unicode = if tld == "xn--p1ai" { "рф" } else { tld };
            assert_eq!(check_label(label, tld, tld_unicode), expected, "{label}.{tld}");
        }
    }

    /// The build-time table of Limited_Use and Uncommon_Use characters, against `unicode-security` on every code point.
    #[test]
    fn also_allowed_agrees_with_unicode_security() {
        use unicode_security::general_security_profile::IdentifierType;
        let mut count = 0;
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
            let expected = !c.identifier_allowed()
                && matches!(c.identifier_type(), Some(IdentifierType::Limited_Use | IdentifierType::Uncommon_Use))
                && matches!(
                    c.script(),
                    Script::Bopomofo
                        | Script::Han
                        | Script::Hiragana
                        | Script::Katakana
                        | Script::Georgian
                        | Script::Myanmar
                );
            count += usize::from(expected);
            let allowed = c.identifier_allowed();
            assert_eq!(
                allowed || crate::host::skeleton::also_allowed(c),
                allowed || expected,
                "U+{:04X}",
                u32::from(c)
            );
        }
        assert!(count > 1000, "{count}"); // the Han extensions alone are tens of thousands
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod oracle {
        use proptest::prelude::*;

        /// Chromium's dangerous-pattern regular expression as Chromium writes it (NOTES.md section 3.1), with ICU's
        /// `\uXXXX` written as `\u{XXXX}` for the `regex` crate.
        const CHROMIUM: &str = r"[^\p{scx=kana}\p{scx=hira}\p{scx=hani}][\u30ce\u30f3\u30bd\u30be\u4e36\u4e40\u4e41\u4e3f][^\p{scx=kana}\p{scx=hira}\p{scx=hani}]|[^\p{scx=kana}][\u30fd\u30fe]|^[\u30fd\u30fe]|^[\p{scx=kana}]+[\u3078-\u307a][\p{scx=kana}]+$|^[\p{scx=hira}]+[\u30d8-\u30da][\p{scx=hira}]+$|[^\p{scx=kana}\p{scx=hira}]\u30fc|^\u30fc|[a-z]\u30fb|\u30fb[a-z]|[^\p{scx=kana}\p{scx=hira}\p{scx=hani}\p{scx=bopo}][\u4e00\u3127\u4e28\u4e5b\u4e03\u4e05\u5341\u3007\u3112\u311a\u311f\u3128\u3129\u3108\u31ba\u31b3\u5dE5\u31b2\u8ba0\u4e01]|[\u4e00\u3127\u4e28\u4e5b\u4e03\u4e05\u5341\u3007\u3112\u311a\u311f\u3128\u3129\u3108\u31ba\u31b3\u5de5\u31b2\u8ba0\u4e01][^\p{scx=kana}\p{scx=hira}\p{scx=hani}\p{scx=bopo}]|[^\p{scx=latn}\p{scx=grek}\p{scx=cyrl}][\u0300-\u0339]|\u0131[\u0300-\u0339]|\u3099|\u309A|[ijl]\u0307";

        fn regex() -> &'static regex::Regex {
            static REGEX: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
            REGEX.get_or_init(compile)
        }

        fn compile() -> regex::Regex {
            let mut pattern = String::new();
            let mut rest = CHROMIUM;
            while let Some(i) = rest.find(r"\u") {
                pattern.push_str(&rest[..i]);
                pattern.push_str(&format!(r"\u{{{}}}", &rest[i + 2..i + 6]));
                rest = &rest[i + 6..];
            }
            pattern.push_str(rest);
            regex::Regex::new(&pattern).expect("Chromium's pattern compiles")
        }

        /// Every character the patterns name, their neighbours from each script they test, and others.
        fn interesting() -> impl Strategy<Value = char> {
            let mut chars: Vec<char> = "ノンソゾ丶乀乁丿ヽヾへべぺヘベペーー・一ㄧ丨乛七丅十〇ㄒㄚㄟㄨㄩㄈㆺㆳ工ㆲ讠丁\u{300}\u{301}\u{307}\u{339}\u{3099}\u{309a}ıijlaz09-ア あ漢ㄅ한аαbé"
                .chars()
                .filter(|c| *c != ' ')
                .collect();
            chars.sort_unstable();
            chars.dedup();
            prop::sample::select(chars)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(20000))]
            #[test]
            fn dangerous_patterns_agree_with_chromiums_regex(label in prop::collection::vec(interesting(), 1..6)) {
                let text: String = label.iter().collect();
                prop_assert_eq!(super::dangerous_pattern(&label), regex().is_match(&text), "{}", text);
            }
        }
    }
}
