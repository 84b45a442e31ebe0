//! Look-alikes of brand domains (the catalogue's and the look-alike targets'): a brand embedded in a subdomain, its
//! name under another suffix or combined with other words, a typo, or a host that reads like one by its UTS #39
//! skeleton.

use rustc_hash::{FxHashMap, FxHashSet};

use super::edit_distance::bounded_osa_distance;
use super::is_same_or_subdomain;
use super::psl::Psl;
use super::skeleton;

/// What the look-alike check found in one host, naming the catalogue domain imitated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookalike<'s> {
    /// A catalogue domain written into the subdomain part (`taobao.com.example.cn`).
    Embeds(&'s str),
    /// The brand's name under another suffix (`taobao.net`).
    SameName(&'s str),
    /// The brand's name combined with other words (`taobao-login.com`, `mytaobao.com`).
    Combines(&'s str),
    /// A typo: this many edits away.
    Edits(usize, &'s str),
    /// Reads like the domain by its UTS #39 skeleton (`rn` for `m`).
    ReadsLike(String),
}

impl Lookalike<'_> {
    /// The catalogue or target domain imitated.
    pub(crate) fn domain(&self) -> &str {
        match self {
            Lookalike::Embeds(d) | Lookalike::SameName(d) | Lookalike::Combines(d) | Lookalike::Edits(_, d) => d,
            Lookalike::ReadsLike(d) => d,
        }
    }

    pub(crate) fn detail(&self) -> String {
        match self {
            Lookalike::Embeds(d) => format!("embeds {d} in its subdomain"),
            Lookalike::SameName(d) => format!("same name as {d} under another suffix"),
            Lookalike::Combines(d) => format!("combines {d}'s name with other words"),
            Lookalike::Edits(n, d) => format!("{n} edit(s) away from {d}"),
            Lookalike::ReadsLike(d) => format!("reads like {d}"),
        }
    }
}

/// A site that is not a catalogue platform but is imitated to phish people in chats (a bank, a carrier, 12306):
/// `rules/lookalike_targets.json`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Target {
    #[allow(dead_code)] // read by people and tests: the file names each target
    pub(crate) id: String,
    #[allow(dead_code)]
    pub(crate) name: String,
    #[allow(dead_code)]
    pub(crate) kind: String,
    /// Its registrable domains.
    pub(crate) domains: Vec<String>,
    #[allow(dead_code)]
    pub(crate) source: String,
    /// Brand labels that are ordinary words (`live`, `office`): matched only as the whole domain (embedded or by
    /// skeleton), never as a word inside another domain or one edit away.
    #[serde(default)]
    pub(crate) words: Vec<String>,
    /// Every label of this target is such a word (`rules/top_sites.json`: hundreds of sites, matched as whole
    /// domains only).
    #[serde(default)]
    pub(crate) whole_domain: bool,
}

/// `rules/lookalike_targets.json`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct TargetsFile {
    #[allow(dead_code)]
    pub(crate) schema_version: u32,
    #[allow(dead_code)]
    pub(crate) description: String,
    pub(crate) targets: Vec<Target>,
}

/// The catalogue's brand labels and domains, and those of the look-alike targets, prepared for the look-alike and
/// confusable checks.
///
/// Built once per engine. Lookups are hash probes and bitmask filters, so an unknown domain costs a few hundred
/// nanoseconds rather than a full comparison with every brand.
#[derive(Debug, Default)]
pub(crate) struct Lookalikes {
    brands: Vec<Brand>,
    /// Brand label -> index in `brands`.
    by_label: FxHashMap<String, usize>,
    /// Catalogue and target registrable domains (`taobao.com`, `tb.cn`, `3.cn`, `icbc.com.cn`).
    domains: FxHashSet<String>,
    /// UTS #39 skeleton of a catalogue or target domain (ASCII, as the domains are) -> the domain.
    skeletons: FxHashMap<String, String>,
    /// Bit `n` is set when a key of `skeletons` has `n` labels (63 stands for 63 or more).
    skeleton_labels: u64,
    /// The fuzzy brands' character sets and indexes in `brands`: what the substring and typo checks scan.
    scan: Vec<(u64, usize)>,
    /// The labels of brand domains after their first (`com`, `cn`, `hk`): what a domain embedded across a dot ends
    /// with.
    tld_words: FxHashSet<String>,
}

/// A brand: its label (`taobao`), its domain (`taobao.com`), and whether it is matched under other suffixes and
/// inside other words (`fuzzy`; not for ordinary words such as `live`). Its character set is in `Lookalikes::scan`.
#[derive(Debug)]
struct Brand {
    label: String,
    domain: String,
    fuzzy: bool,
    /// Matched one or two edits away too (not numbers: 12307 is another number, not a misspelling of 12306).
    typos: bool,
}

/// How many labels a dotted name has.
fn label_count(name: &str) -> usize {
    name.bytes().filter(|&b| b == b'.').count() + 1
}

/// The bit of [`Lookalikes::skeleton_labels`] for names of `labels` labels (63 stands for 63 or more).
fn label_bit(labels: usize) -> u64 {
    1 << labels.min(63)
}

/// The set of `[a-z0-9-]` characters in `s`, one bit each; other bytes share one bit.
fn char_set(s: &str) -> u64 {
    s.bytes().fold(0, |m, b| {
        m | 1u64
            << match b {
                b'a'..=b'z' => b - b'a',
                b'0'..=b'9' => 26 + b - b'0',
                b'-' => 36,
                _ => 37,
            }
    })
}

/// Brand labels shorter than this are only matched exactly (in embeddings); `jd` or `qq` would otherwise match half
/// the web.
const MIN_FUZZY_LABEL: usize = 4;
/// Combo-squatting (`taobao-login`, `mytaobao`) is checked by substring only for labels at least this long.
const MIN_SUBSTRING_LABEL: usize = 5;

impl Lookalikes {
    /// `brands` are `(label, domain, fuzzy)`: the catalogue's, then the targets' (label from the Public Suffix List);
    /// `fuzzy` brands are matched under other suffixes, inside other words and by typos too.
    pub(crate) fn new<'b>(brands: impl IntoIterator<Item = (&'b String, &'b String, bool)>) -> Self {
        let mut me = Lookalikes::default();
        for (label, domain, fuzzy) in brands {
            let typos = fuzzy && !label.bytes().all(|b| b.is_ascii_digit());
            match me.by_label.get(label) {
                None => {
                    me.by_label.insert(label.clone(), me.brands.len());
                    if fuzzy {
                        me.scan.push((char_set(label), me.brands.len()));
                    }
                    me.brands.push(Brand { label: label.clone(), domain: domain.clone(), fuzzy, typos });
                }
                // A label listed as a whole-domain word first (a top site) and as a brand later (a target added
                // by the engine's user) is matched as the brand.
                Some(&i) if fuzzy && !me.brands[i].fuzzy => {
                    me.scan.push((char_set(label), i));
                    me.brands[i] = Brand { label: label.clone(), domain: domain.clone(), fuzzy, typos };
                }
                Some(_) => {}
            }
            me.domains.insert(domain.clone());
            me.tld_words.extend(domain.split('.').skip(1).map(str::to_owned));
            // A domain in punycode (a target such as `xn--f-vgaa.com`) is compared by the skeleton of its Unicode
            // form, read the way hosts are read.
            let unicode = if domain.contains("xn--") { idna::domain_to_unicode(domain).0 } else { domain.clone() };
            if let Some(sk) = skeleton::ascii(&skeleton::loose_rewrite(&unicode)).map(|sk| sk.to_ascii_lowercase()) {
                me.skeleton_labels |= label_bit(label_count(&sk));
                me.skeletons.entry(sk).or_insert_with(|| domain.clone());
            }
        }
        me
    }

    /// The catalogue or target domain whose UTS #39 skeleton equals the host's (or one of its parent domains'),
    /// unless the host is that domain or under it.
    pub(crate) fn confusable(&self, host: &str) -> Option<String> {
        // The skeleton is written into a buffer on the stack: the look-up costs no allocation. Only ASCII skeletons
        // can equal a catalogue domain's.
        let mut buffer = [0u8; skeleton::BUFFER];
        let owned;
        let sk: &str = match skeleton::ascii_in(host, &mut buffer) {
            Some(sk) => sk,
            None => {
                owned = skeleton::ascii(host)?;
                &owned
            }
        };
        self.skeleton_match(sk, host)
    }

    /// The domain whose skeleton is `sk` or one of its parent domains', unless `host` is that domain or under it.
    fn skeleton_match(&self, sk: &str, host: &str) -> Option<String> {
        // Hosts have no case, skeletons do: a character that reads as a capital (`0` as `O`, `ㄒ` as `T`) imitates
        // the small letter too. Skeletons are compared in lower case.
        let lower;
        let sk = if sk.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = sk.to_ascii_lowercase();
            lower.as_str()
        } else {
            sk
        };
        // Only suffixes with as many labels as some catalogue domain are looked up.
        let mut rest = sk;
        let mut labels = label_count(sk);
        loop {
            if self.skeleton_labels & label_bit(labels) != 0
                && let Some(domain) = self.skeletons.get(rest)
                && !is_same_or_subdomain(host, domain)
            {
                return Some(domain.clone());
            }
            rest = rest.split_once('.')?.1;
            labels -= 1;
        }
    }

    /// A Unicode host that imitates a catalogue or target domain, read as Chromium's skeleton generator reads it:
    /// diacritics removed (Latin, Greek and Cyrillic hosts), its extra confusables mapped (`ŧ`, `七` -> `t`), then
    /// the UTS #39 skeleton compared with the domains' (`tàobao.com`, `七aobao.com`); or, when that reading is ASCII,
    /// the brand embedded or combined in it (`tàobao-login.com`). Not by typos: `ést.net` is not `test.net`.
    /// `ascii_host` is the host in punycode.
    pub(crate) fn unicode_lookalike(&self, unicode_host: &str, ascii_host: &str, psl: &Psl) -> Option<String> {
        let rewrites = skeleton::loose_rewrites(unicode_host);
        for rewritten in &rewrites {
            if let Some(sk) = skeleton::ascii(rewritten)
                && let Some(domain) = self.skeleton_match(&sk, ascii_host)
            {
                return Some(domain);
            }
        }
        let rewritten = rewrites.first().filter(|r| r.is_ascii())?;
        let split = psl.split(rewritten)?;
        let registrable = split.registrable?;
        let found = if self.domains.contains(registrable) {
            registrable.to_owned()
        } else {
            match self.find_lookalike(rewritten, registrable, split.suffix, false)? {
                Lookalike::ReadsLike(_) => return None, // the skeletons were compared above
                found => found.domain().to_owned(),
            }
        };
        // Only a subdomain label accented (`éxample.test.net`) is the domain's own.
        (!is_same_or_subdomain(ascii_host, &found)).then_some(found)
    }

    /// Checks a non-catalogue ASCII host: `registrable` is its registrable domain and `suffix` its public suffix.
    pub(crate) fn lookalike<'s>(&'s self, host: &str, registrable: &str, suffix: &str) -> Option<Lookalike<'s>> {
        let found = self.find_lookalike(host, registrable, suffix, true)?;
        // A look-alike target's own domains are not platforms, so they get here: they imitate nothing.
        (!self.domains.contains(registrable)).then_some(found)
    }

    fn find_lookalike<'s>(&'s self, host: &str, registrable: &str, suffix: &str, typos: bool) -> Option<Lookalike<'s>> {
        let label = registrable.strip_suffix(suffix).and_then(|l| l.strip_suffix('.')).unwrap_or(registrable);
        let subdomain = host.strip_suffix(registrable).and_then(|s| s.strip_suffix('.')).unwrap_or("");
        if !subdomain.is_empty()
            && let Some(domain) = self.embedded(subdomain)
        {
            return Some(Lookalike::Embeds(domain));
        }
        // A whole domain across the subdomain and the registrable label: `office.com-foo.com`, `jd.com-login.cn`.
        // The label then starts with the end of a brand domain (`com`, `cn`), and the domain (at most three labels)
        // starts in the subdomain's last two words.
        if !subdomain.is_empty() && label.split('-').next().is_some_and(|first| self.tld_words.contains(first)) {
            let start = subdomain.rmatch_indices(['.', '-']).nth(1).map_or(0, |(i, _)| i + 1);
            let end = host.len() - suffix.len();
            if let Some(name) = host.get(start..end.saturating_sub(1))
                && let Some(domain) = self.embedded_across(name)
            {
                return Some(Lookalike::Embeds(domain));
            }
        }
        if let Some(b) = self.by_label.get(label).map(|i| &self.brands[*i])
            && b.fuzzy
            && b.label.len() >= MIN_FUZZY_LABEL
        {
            return Some(Lookalike::SameName(&b.domain));
        }
        // Combo-squatting: the brand as a hyphen-separated token, or inside a longer label.
        if let Some(b) = label
            .split('-')
            .filter_map(|t| self.by_label.get(t).map(|i| &self.brands[*i]))
            .find(|b| b.fuzzy && b.label.len() >= MIN_FUZZY_LABEL)
        {
            return Some(Lookalike::Combines(&b.domain));
        }
        let chars = char_set(label);
        for &(brand_chars, i) in &self.scan {
            // Both checks below need the label to have all but at most two of the brand's characters: a few bit
            // operations rule out almost every brand.
            let missing = brand_chars & !chars;
            let fewer = missing & missing.wrapping_sub(1); // one bit cleared
            if fewer & fewer.wrapping_sub(1) != 0 {
                continue; // three or more missing
            }
            let b = &self.brands[i];
            if b.label.len() >= MIN_SUBSTRING_LABEL
                && b.label.len() < label.len()
                && brand_chars & !chars == 0
                && label.contains(b.label.as_str())
            {
                return Some(Lookalike::Combines(&b.domain));
            }
            // Typos: at most 1 edit for short brands, 2 from six letters on. Each character one side has and the
            // other lacks costs at least one edit, which rules out almost every pair before the DP runs.
            let max = if b.label.len() >= 6 { 2 } else { 1 };
            if typos
                && b.typos
                && b.label.len() >= MIN_FUZZY_LABEL
                && label.len().abs_diff(b.label.len()) <= max
                && (brand_chars & !chars).count_ones() as usize <= max
                && (chars & !brand_chars).count_ones() as usize <= max
                && let Some(d) = bounded_osa_distance(label.as_bytes(), b.label.as_bytes(), max)
                && d > 0
            {
                return Some(Lookalike::Edits(d, &b.domain));
            }
        }
        // ASCII confusables (rn for m, 1 for l, 0 for o) per the UTS #39 skeleton.
        self.confusable(host).map(Lookalike::ReadsLike)
    }

    /// The catalogue or target domain that `word` and the next one or two of `rest`, joined by dots, spell.
    fn domain_from<'w>(&self, word: &str, rest: impl Iterator<Item = &'w str>) -> Option<&str> {
        let mut candidate = word.to_owned();
        for next in rest.take(2) {
            candidate.push('.');
            candidate.push_str(next);
            if let Some(d) = self.domains.get(&candidate) {
                return Some(d);
            }
        }
        None
    }

    /// A catalogue or target domain written whole into `name` (the host without its public suffix), its labels
    /// joined by dots or hyphens: only where it spans a dot, so that a hyphenated registrable label alone
    /// (`taobao-com.com`) is left to the combo-squatting check.
    fn embedded_across(&self, name: &str) -> Option<&str> {
        let mut words = name.split(['.', '-']);
        while let Some(word) = words.next() {
            if self.by_label.contains_key(word)
                && let Some(d) = self.domain_from(word, words.clone())
            {
                return Some(d);
            }
        }
        None
    }

    /// A catalogue domain written into the subdomain part (`taobao.com.example.cn`, `item-taobao-com.evil.example`),
    /// or a brand label as one of its words (`taobao.secure-pay.example`).
    fn embedded(&self, subdomain: &str) -> Option<&str> {
        let mut words = subdomain.split(['.', '-']);
        while let Some(word) = words.next() {
            let Some(b) = self.by_label.get(word).map(|j| &self.brands[*j]) else {
                continue;
            };
            if b.fuzzy && b.label.len() >= MIN_FUZZY_LABEL {
                return Some(&b.domain);
            }
            // A short brand, a number or a word counts only followed by its suffix (`jd.com`, `jd-com`, `3.cn`,
            // `live.com`).
            if let Some(d) = self.domain_from(word, words.clone()) {
                return Some(d);
            }
        }
        None
    }
}
