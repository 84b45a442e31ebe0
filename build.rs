//! Data prepared before it is compiled in.
//!
//! - The Public Suffix List: its comments and blank lines stripped (two thirds of the file; they would be ~45 KB of
//!   the gzipped wasm module), and its IDN rules written in ASCII (punycode, UTS #46 via the `idna` crate), the form
//!   of every host the engine asks about, so the engine's start runs no IDNA on 10,000 rules (it took 8.6 ms of
//!   12.5 natively). Wildcards must be leftmost labels (the list's format; `src/host/psl.rs` relies on it). The rule
//!   text (`public_suffix_list.rules`) is for the tests' oracle; the engine reads the list's tree already walked
//!   (`public_suffix_list.nodes`: the rules, a rule whose parent is no rule marked `^`), so its start is one map
//!   insert a line, with no walk up the parents (but for the ~450 marked) and no checks (they are here): 1.2 ms of
//!   the engine's 2.2 ms start natively before.
//! - The UTS #39 skeleton table (`skeleton_data.rs`, read by `src/host/skeleton.rs`): the engine only compares skeletons
//!   that are ASCII (catalogue domains are ASCII), so it needs, for each code point, its skeleton if that is ASCII
//!   and nothing else. Computed here with `unicode-security` (confusables.txt and NFD), it is ~17 KB instead of the
//!   crate's ~80 KB confusables table and the ~100 KB of NFD tables it brings at run time.
//! - The tables of Chromium's "loose" skeletons (`loose_data.rs`, read by `src/host/skeleton.rs`): which characters its
//!   skeleton generator rewrites before the UTS #39 skeleton, so that `tàobao.com`, `ŧaobao.com` and `七aobao.com`
//!   read as `taobao.com`.

use std::{env, fmt::Write as _, fs, path::Path};

fn main() {
    public_suffix_list();
    skeleton_table();
    loose_tables();
}

fn out_dir() -> std::path::PathBuf {
    Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).to_path_buf()
}

fn public_suffix_list() {
    let source = "rules/public_suffix_list.dat";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let mut out = String::with_capacity(text.len() / 2);
    let mut nodes: std::collections::BTreeMap<String, u8> = std::collections::BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        // Rules end at the first whitespace (per the list's format); comments start with `//`.
        let rule = line.split_whitespace().next().unwrap_or("");
        if rule.is_empty() || rule.starts_with("//") {
            continue;
        }
        let (prefix, name) = match rule.strip_prefix('!') {
            Some(name) => ("!", name),
            None => match rule.strip_prefix("*.") {
                Some(name) => ("*.", name),
                None => ("", rule),
            },
        };
        assert!(
            !name.contains('*'),
            "{source}:{}: rule '{rule}' has a wildcard that is not its leftmost label",
            number + 1
        );
        let ascii = idna::domain_to_ascii(name)
            .unwrap_or_else(|e| panic!("{source}:{}: rule '{rule}' is not a valid domain: {e:?}", number + 1));
        assert!(!ascii.is_empty(), "{source}:{}: empty rule '{rule}'", number + 1);
        assert!(
            !ascii.starts_with('.') && !ascii.ends_with('.') && !ascii.contains("..") && !ascii.contains('*'),
            "{source}:{}: rule '{rule}' has an empty label",
            number + 1
        );
        out.push_str(prefix);
        out.push_str(&ascii);
        out.push('\n');
        let flag = match prefix {
            "!" => PSL_EXCEPTION,
            "*." => PSL_WILDCARD,
            _ => PSL_RULE,
        };
        *nodes.entry(ascii.clone()).or_default() |= flag;
        // Every parent is a node too: the lookup walks through it.
        let mut rest = ascii.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            nodes.entry(parent.to_owned()).or_default();
            rest = parent;
        }
    }
    let dest = out_dir().join("public_suffix_list.rules");
    fs::write(&dest, &out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
    assert!(!nodes.is_empty(), "{source} has no rules");
    // For the engine: the same rules in the list's own order (it compresses best), a rule whose parent is not a rule
    // itself marked `^` (the engine adds its parents; there are ~450 such).
    let mut text = String::with_capacity(out.len() + 1024);
    for line in out.lines() {
        let name = line.trim_start_matches('!').trim_start_matches("*.");
        if name.split_once('.').is_some_and(|(_, parent)| nodes.get(parent) == Some(&0)) {
            text.push('^');
        }
        text.push_str(line);
        text.push('\n');
    }
    let dest = out_dir().join("public_suffix_list.nodes");
    fs::write(&dest, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
    let dest = out_dir().join("public_suffix_list_count.rs");
    fs::write(&dest, format!("{}\n", nodes.len())).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// A node's flags (only whether one is set matters here): a rule ends here, an exception rule ends here, a wildcard
/// rule covers every child.
const PSL_RULE: u8 = 1;
const PSL_EXCEPTION: u8 = 2;
const PSL_WILDCARD: u8 = 4;

/// For every code point outside ASCII: its skeleton (`unicode_security::confusable_detection::skeleton` of the one
/// character) when that is ASCII and not empty, the ranges whose skeleton is empty (default ignorables), and the
/// combining marks among them with their canonical combining class. A string's skeleton is then the concatenation of
/// its characters' skeletons: NFD, the mapping and NFD again keep the multiset of code points, so the result is ASCII
/// exactly when every character's skeleton is, and ASCII characters are starters that canonical ordering never
/// moves. Only marks whose own skeleton is ASCII can change the order (NFD sorts them by combining class before they
/// are mapped): `src/host/skeleton.rs` sorts runs of them the same way, and its unit tests check the result against
/// `unicode-security` on every code point and on random strings.
fn skeleton_table() {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_security::confusable_detection::skeleton;

    let one = |c: char| -> String { skeleton(c.encode_utf8(&mut [0; 4])).collect() };
    let mut ascii = String::new();
    for b in 0u8..128 {
        let s = one(char::from(b));
        assert!(!s.is_empty(), "the skeleton of ASCII {b:#x} is empty");
        // `%` reads as `°/₀`: not ASCII (no host has one).
        if s.is_ascii() { write!(ascii, "Some({s:?}), ").unwrap() } else { ascii.push_str("None, ") }
    }
    let (mut codes, mut ends, mut bytes) = (String::new(), String::new(), String::new());
    let (mut ignorable, mut marks) = (Vec::<(u32, u32)>::new(), String::new());
    let mut count = 0;
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        let s = one(c);
        if s.is_empty() {
            match ignorable.last_mut() {
                Some((_, end)) if *end + 1 == u32::from(c) => *end += 1,
                _ => ignorable.push((u32::from(c), u32::from(c))),
            }
        } else if s.is_ascii() {
            bytes.push_str(&s);
            count += 1;
            write!(codes, "{:#x}, ", u32::from(c)).unwrap();
            write!(ends, "{}, ", bytes.len()).unwrap();
            let class = canonical_combining_class(c);
            if class != 0 {
                write!(marks, "({:#x}, {class}), ", u32::from(c)).unwrap();
            }
        }
    }
    assert!(bytes.len() < usize::from(u16::MAX), "skeleton bytes overflow u16 offsets");
    let ignorable: String = ignorable.iter().map(|(a, b)| format!("({a:#x}, {b:#x}), ")).collect();
    let rust = format!(
        "/// The skeleton of each ASCII byte, if ASCII.\n\
         pub(crate) static ASCII: [Option<&str>; 128] = [{ascii}];\n\
         /// Code points outside ASCII whose skeleton is ASCII, ascending.\n\
         pub(crate) static CODES: [u32; {count}] = [{codes}];\n\
         /// `CODES[i]`'s skeleton is `BYTES[ENDS[i - 1]..ENDS[i]]` (from 0 for i = 0).\n\
         pub(crate) static ENDS: [u16; {count}] = [{ends}];\n\
         pub(crate) static BYTES: &str = {bytes:?};\n\
         /// Inclusive ranges of code points whose skeleton is empty, ascending.\n\
         pub(crate) static IGNORABLE: &[(u32, u32)] = &[{ignorable}];\n\
         /// Combining marks (canonical combining class > 0) in `CODES`, with their class.\n\
         pub(crate) static MARKS: &[(u32, u8)] = &[{marks}];\n"
    );
    let dest = out_dir().join("skeleton_data.rs");
    fs::write(&dest, rust).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}

/// Chromium's skeleton generator (`components/url_formatter/spoof_checks/skeleton_generator.cc`, commit f24a8e13;
/// tests/peer/chromium/NOTES.md section 7) rewrites a host before its UTS #39 skeleton is taken: diacritics are
/// removed ("DropAcc": NFD, nonspacing marks removed, NFC, then `ł > l; ø > o; đ > d`) when the host is written only
/// in Latin, Greek, Cyrillic, `[0-9._-]` and U+0300..U+0339, and then "ExtraConf" maps letters that confusables.txt
/// does not (`ŧ` and `七` to `t`, `ħ` and `н` to `h`, `一` to `-`, ...). These are its ExtraConf rules, verbatim.
const EXTRA_CONFUSABLES: &[(&str, &str)] = &[
    ("æӕ", "ae"),
    ("ϼҏ", "p"),
    ("ħнћңҥӈӊԋԧԩ", "h"),
    ("ĸκкқҝҟҡӄԟ", "k"),
    ("ŋпԥกח", "n"),
    ("ŧтҭԏ七丅丆丁", "t"),
    ("ƅьҍвß", "b"),
    ("ωшщพฟພຟ", "w"),
    ("мӎ", "m"),
    ("єҽҿၔ", "e"),
    ("ґ", "r"),
    ("ғӻ", "f"),
    ("ҫင", "c"),
    ("ұ丫", "y"),
    ("χҳӽӿ乂", "x"),
    ("ԃძ", "d"),
    ("ԍဌ", "g"),
    ("ടรຣຮ", "s"),
    ("၂", "j"),
    ("०০੦૦ଠ୦೦စ", "o"),
    ("৭੧૧", "q"),
    ("บບ", "u"),
    ("θ", "0"),
    ("२২੨૨೩೭շ", "2"),
    ("зҙӡउওਤ੩૩౩ဒვპੜკ", "3"),
    ("੫丩ㄐ", "4"),
    ("ճ", "6"),
    ("৪੪୫", "8"),
    ("૭୨౨", "9"),
    ("—一―⸺⸻", "-"),
];

/// Two tables of `(code point, replacement)`, each kept only where the replacement's UTS #39 skeleton is ASCII and
/// differs from the character's own: `LOOSE_LGC` is DropAcc then ExtraConf (for hosts in Latin, Greek and Cyrillic
/// only), `EXTRA` is ExtraConf alone (for every other host). `src/host/skeleton.rs` rewrites a host with one of them and
/// takes the UTS #39 skeleton of the result; its tests check the tables against `unicode-normalization` and
/// `unicode-security` again.
fn loose_tables() {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    use unicode_security::confusable_detection::skeleton;

    let extra = |c: char| -> Option<&'static str> {
        EXTRA_CONFUSABLES.iter().find(|(set, _)| set.contains(c)).map(|&(_, to)| to)
    };
    let extra_str =
        |s: &str| -> String { s.chars().map(|c| extra(c).map_or_else(|| c.to_string(), str::to_owned)).collect() };
    let drop_accents = |c: char| -> String {
        let stripped: String = c.to_string().nfd().filter(|&m| !is_combining_mark(m)).nfc().collect();
        match stripped.as_str() {
            "ł" => "l".to_owned(),
            "ø" => "o".to_owned(),
            "đ" => "d".to_owned(),
            _ => stripped,
        }
    };
    let sk = |s: &str| -> String { skeleton(s).collect() };
    let mut lgc = Vec::new();
    let mut extra_only = Vec::new();
    // The LGC table is only read for hosts made of these characters (src/host/skeleton.rs `is_lgc`).
    let is_lgc = |c: char| {
        use unicode_script::{Script, UnicodeScript};
        matches!(c, '\u{300}'..='\u{339}') || matches!(c.script(), Script::Latin | Script::Greek | Script::Cyrillic)
    };
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        let own = sk(&c.to_string());
        let loose = extra_str(&drop_accents(c));
        let loose_sk = sk(&loose);
        if is_lgc(c) && loose_sk.is_ascii() && loose_sk != own {
            lgc.push((c, loose.clone()));
        }
        if let Some(to) = extra(c) {
            let to_sk = sk(to);
            if to_sk.is_ascii() && to_sk != own {
                extra_only.push((c, to.to_owned()));
            }
        }
    }
    let table = |name: &str, rows: &[(char, String)]| -> String {
        let codes: String = rows.iter().map(|(c, _)| format!("{:#x}, ", u32::from(*c))).collect();
        let mut bytes = String::new();
        let mut ends = String::new();
        for (_, to) in rows {
            bytes.push_str(to);
            write!(ends, "{}, ", bytes.len()).unwrap();
        }
        assert!(bytes.len() < usize::from(u16::MAX), "{name}: replacement bytes overflow u16 offsets");
        let n = rows.len();
        format!(
            "pub(crate) static {name}_CODES: [u32; {n}] = [{codes}];\n\
             pub(crate) static {name}_ENDS: [u16; {n}] = [{ends}];\n\
             pub(crate) static {name}_BYTES: &str = {bytes:?};\n"
        )
    };
    // The combining marks (General_Category M), as ranges: ICU's "invisible" check looks for one repeated.
    let mut marks: Vec<(u32, u32)> = Vec::new();
    for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| is_combining_mark(c)) {
        match marks.last_mut() {
            Some((_, end)) if *end + 1 == u32::from(c) => *end += 1,
            _ => marks.push((u32::from(c), u32::from(c))),
        }
    }
    let marks: String = marks.iter().map(|(a, b)| format!("({a:#x}, {b:#x}), ")).collect();
    // Characters UTS #39 (Unicode 16 and later) lists as Limited_Use or Uncommon_Use in Bopomofo, Han, Hiragana,
    // Katakana, Georgian and Myanmar, which ICU's recommended set (Chromium's and Firefox's allowed characters) still
    // allows: src/host/spoof.rs allows them too. A range table here instead of unicode-security's identifier-type table
    // at run time (~30 KB of wasm).
    let mut also: Vec<(u32, u32)> = Vec::new();
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        use unicode_script::{Script, UnicodeScript};
        use unicode_security::GeneralSecurityProfile;
        use unicode_security::general_security_profile::IdentifierType;
        // Allowed characters of these scripts are taken in too (they are allowed either way): fewer, longer ranges.
        let wanted = (c.identifier_allowed()
            || matches!(c.identifier_type(), Some(IdentifierType::Limited_Use | IdentifierType::Uncommon_Use)))
            && matches!(
                c.script(),
                Script::Bopomofo
                    | Script::Han
                    | Script::Hiragana
                    | Script::Katakana
                    | Script::Georgian
                    | Script::Myanmar
            );
        if wanted {
            match also.last_mut() {
                Some((_, end)) if *end + 1 == u32::from(c) => *end += 1,
                _ => also.push((u32::from(c), u32::from(c))),
            }
        }
    }
    let also: String = also.iter().map(|(a, b)| format!("({a:#x}, {b:#x}), ")).collect();
    let rust = format!(
        "/// DropAcc then ExtraConf, for hosts in Latin, Greek and Cyrillic only: code points, ascending.\n{}\
         /// ExtraConf alone, for every other host.\n{}\
         /// Inclusive ranges of combining marks (General_Category M), ascending.\n\
         pub(crate) static MARKS: &[(u32, u32)] = &[{marks}];\n\
         /// Inclusive ranges of Limited_Use and Uncommon_Use characters that ICU's recommended set allows.\n\
         pub(crate) static ALSO_ALLOWED: &[(u32, u32)] = &[{also}];\n",
        table("LGC", &lgc),
        table("EXTRA", &extra_only)
    );
    let dest = out_dir().join("loose_data.rs");
    fs::write(&dest, rust).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
