//! Every accent, Han and kana variant of every brand domain is not opened: the catalogue's registrable domains
//! (`rules/platforms.json`) and the look-alike targets' (`rules/lookalike_targets.json`, `rules/top_sites.json`), each
//! with one character
//! replaced by
//! - an accented form of a letter (every precomposed letter whose NFD is that letter and marks, and the letter with a
//!   combining mark),
//! - a Han, kana or Bopomofo character whose UTS #39 skeleton is that character, or that Chromium names as looking
//!   like a Latin letter, a hyphen, a dot or a slash (its extra confusables and its dangerous patterns),
//!
//! in every position (`tàobao.com`, `taobaọ.com`, `七aobao.com`, `jd一com.cn`). A link to each, in a direct chat
//! under the default preset, must be warned or blocked.

use linkgate::{Action, ChatContext, Engine, LinkInput};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};

fn brand_domains(engine: &Engine) -> Vec<String> {
    let platforms: Value = serde_json::from_str(include_str!("../rules/platforms.json")).unwrap();
    let targets: Value = serde_json::from_str(include_str!("../rules/lookalike_targets.json")).unwrap();
    let top: Value = serde_json::from_str(include_str!("../rules/top_sites.json")).unwrap();
    let mut out: Vec<String> = platforms["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .chain(targets["targets"].as_array().unwrap())
        .chain(top["targets"].as_array().unwrap())
        .flat_map(|p| p["domains"].as_array().unwrap().iter().filter_map(Value::as_str).map(str::to_owned))
        .filter(|d| engine.registrable_domain(d).as_deref() == Some(d.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Accented forms of each ASCII letter: precomposed letters that decompose to it plus marks, and the letter followed
/// by each of a few combining marks.
fn accents() -> Vec<(char, String)> {
    let mut out = Vec::new();
    for c in (0x80..0x3000).filter_map(char::from_u32) {
        let nfd: Vec<char> = c.to_string().nfd().collect();
        if let [base, marks @ ..] = nfd.as_slice()
            && base.is_ascii_lowercase()
            && !marks.is_empty()
        {
            out.push((*base, c.to_string()));
        }
    }
    for base in 'a'..='z' {
        for mark in ['\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{308}', '\u{323}', '\u{327}', '\u{335}'] {
            out.push((base, format!("{base}{mark}")));
        }
    }
    out
}

/// Han, Hiragana, Katakana and Bopomofo characters that read as an ASCII character: by their UTS #39 skeleton, or by
/// Chromium's lists (`None`: they look like some Latin letter or punctuation, whatever they replace).
fn cjk() -> Vec<(Option<char>, char)> {
    let mut out = Vec::new();
    for c in (0x2e80..0x30000).filter_map(char::from_u32) {
        if !matches!(c.script(), Script::Han | Script::Hiragana | Script::Katakana | Script::Bopomofo) {
            continue;
        }
        let sk: String = unicode_security::skeleton(&c.to_string()).collect();
        if let [one] = sk.chars().collect::<Vec<_>>().as_slice()
            && (one.is_ascii_alphanumeric() || matches!(one, '-' | '.' | '/'))
        {
            out.push((Some(one.to_ascii_lowercase()), c));
        }
    }
    // Chromium's extra confusables (skeleton_generator.cc) and the characters of its dangerous patterns
    // (idn_spoof_checker.cc): tests/peer/chromium/NOTES.md.
    for (to, c) in
        [('t', '七'), ('t', '丅'), ('t', '丆'), ('t', '丁'), ('y', '丫'), ('x', '乂'), ('4', '丩'), ('4', 'ㄐ')]
    {
        out.push((Some(to), c));
    }
    for c in "一ㄧ丨乛七丅十〇ㄒㄚㄟㄨㄩㄈㆺㆳ工ㆲ讠丁ノンソゾ丶乀乁丿".chars() {
        out.push((None, c));
    }
    out
}

#[test]
fn accent_han_and_kana_variants_of_brand_domains_are_not_opened() {
    let engine = Engine::builder().preset("default").build().unwrap();
    let domains = brand_domains(&engine);
    assert!(domains.len() > 50, "{} brand domains", domains.len());
    let (accents, cjk) = (accents(), cjk());
    assert!(accents.len() > 300 && cjk.len() > 40, "{} accents, {} CJK", accents.len(), cjk.len());
    let mut opened = Vec::new();
    let mut tried = 0;
    let mut check = |variant: String| {
        tried += 1;
        let d = engine.classify(&LinkInput::new(&format!("https://{variant}/"), ChatContext::Direct));
        if d.action == Action::Open {
            opened.push(variant);
        }
    };
    for domain in &domains {
        let chars: Vec<char> = domain.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let with = |s: &str| {
                let v: String =
                    chars[..i].iter().copied().chain(s.chars()).chain(chars[i + 1..].iter().copied()).collect();
                // A dot replaced leaves one label fewer; a single label gets a suffix, as in `jd一com.cn`.
                if v.contains('.') { v } else { format!("{v}.cn") }
            };
            for (base, accented) in &accents {
                if *base == c {
                    check(with(accented));
                }
            }
            for &(reads, han) in &cjk {
                let slash = "ノンソゾ丶乀乁丿".contains(han);
                // Slash look-alikes are spoofs between two Latin letters, not at a label's edge nor between digits.
                let inside = i > 0
                    && i + 1 < chars.len()
                    && chars[i - 1].is_ascii_lowercase()
                    && chars[i + 1].is_ascii_lowercase();
                // The others look like some Latin letter or punctuation next to Latin letters (next to digits only,
                // they read as Chinese: Chromium's own `www.一123.com` is safe).
                let beside = (i > 0 && chars[i - 1].is_ascii_lowercase())
                    || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
                if reads == Some(c) || (reads.is_none() && if slash { inside } else { beside }) {
                    check(with(&han.to_string()));
                }
            }
        }
    }
    println!("{tried} variants of {} brand domains", domains.len());
    let shown: Vec<&String> = opened
        .iter()
        .filter(|v| std::env::var("SHOW_ALL").is_ok() || !v.chars().any(|c| c.is_ascii_digit()))
        .take(60)
        .collect();
    assert!(opened.is_empty(), "{} of {tried} variants open, e.g. {shown:?}", opened.len());
}
