//! Facts about hosts: registrable domains (Public Suffix List), private networks, Unicode spoofing (UTS #39) and
//! look-alikes of catalogue domains.

use std::net::{Ipv4Addr, Ipv6Addr};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::catalogue::Catalogue;
use crate::skeleton;
use crate::spoof::{self, Spoof};

/// The Public Suffix List (<https://publicsuffix.org/list/>, ICANN and private sections), as a map from every node
/// of its rule tree to what the node holds: `uk`, `co.uk` and `kawasaki.jp` are nodes, `*.kawasaki.jp` a flag on
/// `kawasaki.jp`, `!city.kawasaki.jp` an exception node.
///
/// The lookup walks a host's labels from the right, as `publicsuffix` walks its trie (an exact label before a
/// wildcard; an exception ends the walk), and the tests check it against that crate on every rule and on random
/// hosts. Keys borrow the shipped rule text, so building the map is one insert per node with no allocation per rule:
/// `publicsuffix::List`'s tree of hash maps took two thirds of the engine's start (2.4 of 3.5 ms natively; this map
/// takes 0.65 ms) and
/// about a megabyte of the worker's memory.
#[derive(Debug)]
pub(crate) struct Psl {
    nodes: FxHashMap<&'static str, u8>,
}

/// A rule ends at this node.
const RULE: u8 = 1;
/// An exception rule (`!city.kawasaki.jp`) ends at this node.
const EXCEPTION: u8 = 2;
/// A wildcard rule (`*.kawasaki.jp`) covers every child of this node.
const WILDCARD: u8 = 4;

impl Psl {
    /// Reads the list's rules, one a line (build.rs has already removed comments and written IDN rules in
    /// punycode); `//` lines are skipped.
    pub(crate) fn parse(text: &'static str) -> Result<Psl, String> {
        let mut nodes: FxHashMap<&'static str, u8> = FxHashMap::default();
        nodes.reserve(text.len() / 12);
        for (number, line) in text.split('\n').enumerate() {
            let rule = line.trim_ascii();
            if rule.is_empty() || rule.starts_with("//") {
                continue;
            }
            let (name, flag) = match (rule.strip_prefix('!'), rule.strip_prefix("*.")) {
                (Some(name), _) => (name, EXCEPTION),
                (None, Some(name)) => (name, WILDCARD),
                (None, None) => (rule, RULE),
            };
            if name.is_empty()
                || name.starts_with('.')
                || name.ends_with('.')
                || name.contains("..")
                || name.bytes().any(|b| b == b'*' || b.is_ascii_whitespace())
            {
                return Err(format!("line {}: rule '{rule}' is not supported", number + 1));
            }
            *nodes.entry(name).or_default() |= flag;
            // Every parent is a node too: the walk goes through it. A parent already there has its own parents.
            let mut rest = name;
            while let Some((_, parent)) = rest.split_once('.') {
                if nodes.contains_key(parent) {
                    break;
                }
                nodes.insert(parent, 0);
                rest = parent;
            }
        }
        if nodes.is_empty() {
            return Err("the list has no rules".to_owned());
        }
        Ok(Psl { nodes })
    }

    /// The public suffix's length in `host` (no trailing dot) and whether a rule gave it (`false` for the implicit
    /// `*` rule). `publicsuffix::List::find`, over the flat map.
    fn find(&self, host: &str) -> (usize, bool) {
        let first = host.rfind('.').map_or(0, |dot| dot + 1);
        let mut len = host.len() - first;
        let Some(&top) = self.nodes.get(&host[first..]) else {
            return (len, false);
        };
        let mut known = top & RULE != 0;
        let (mut parent, mut end) = (top, first);
        while end > 0 {
            // The next label to the left: host[start..end - 1], and the suffix it begins.
            let start = host[..end - 1].rfind('.').map_or(0, |dot| dot + 1);
            let (node, exact) = match self.nodes.get(&host[start..]) {
                Some(&node) => (node, true),
                // Covered by the parent's wildcard: a rule, and a leaf (wildcards are leftmost labels).
                None if parent & WILDCARD != 0 => (RULE, false),
                None => break,
            };
            if node & EXCEPTION != 0 {
                known = true;
                len = host.len() - end;
                break;
            }
            if node & RULE != 0 {
                known = true;
                len = host.len() - start;
            }
            if !exact {
                break;
            }
            parent = node;
            end = start;
        }
        (len, known)
    }

    /// The registrable domain (eTLD+1) of a lower-case ASCII host, as a suffix slice of it.
    ///
    /// `None` for a host that is itself a public suffix, or empty. A host under an unlisted TLD gets the implicit
    /// `*` rule, so `printer.local` has registrable domain `printer.local`.
    pub(crate) fn registrable<'h>(&self, host: &'h str) -> Option<&'h str> {
        self.split(host)?.registrable
    }

    /// Whether the list has a rule inside `domain` (`x.example.com`, `*.example.com` or `!a.example.com` inside
    /// `example.com`, or the domain itself): every rule's parents are nodes. If not, every host under a registrable
    /// `domain` has that registrable domain, whatever labels come in front.
    pub(crate) fn has_rules_inside(&self, domain: &str) -> bool {
        self.nodes.contains_key(domain)
    }

    /// The public suffix of a host and whether the list knows it (`false` for the implicit `*` rule).
    pub(crate) fn suffix<'h>(&self, host: &'h str) -> Option<(&'h str, bool)> {
        self.split(host).map(|s| (s.suffix, s.known))
    }

    /// Registrable domain and public suffix in one walk of the list.
    pub(crate) fn split<'h>(&self, host: &'h str) -> Option<Split<'h>> {
        let host = host.strip_suffix('.').unwrap_or(host);
        let (len, known) = self.find(host);
        if len == 0 {
            return None;
        }
        let suffix = &host[host.len() - len..];
        let registrable = host
            .strip_suffix(suffix)
            .and_then(|rest| rest.strip_suffix('.'))
            .filter(|rest| !rest.is_empty())
            .map(|rest| &host[rest.rfind('.').map_or(0, |dot| dot + 1)..]);
        Some(Split { registrable, suffix, known })
    }
}

/// A host split by the Public Suffix List.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'h> {
    /// The registrable domain (eTLD+1), if the host is not itself a public suffix.
    pub(crate) registrable: Option<&'h str>,
    /// The public suffix.
    pub(crate) suffix: &'h str,
    /// Whether the suffix is listed (not just the implicit `*` rule).
    pub(crate) known: bool,
}

/// Whether an IPv4 address is not on the public internet (RFC 1918, loopback, link-local, CGNAT, "this network",
/// benchmarking, multicast and reserved ranges).
pub(crate) fn ipv4_is_private(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

/// Whether an IPv6 address is not on the public internet (loopback, unique local, link-local, unspecified, and
/// IPv4-mapped private addresses).
pub(crate) fn ipv6_is_private(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.to_ipv4_mapped().is_some_and(ipv4_is_private)
}

/// Names that only resolve on a local network (RFC 6761, RFC 6762, RFC 8375, ICANN's `.internal`) and single-label
/// hosts.
pub(crate) fn is_local_name(host: &str) -> bool {
    // The last label decides (one comparison); `home.arpa` needs the one before it too.
    let Some((rest, tld)) = host.rsplit_once('.') else {
        return true;
    };
    match tld {
        "localhost" | "local" | "internal" | "lan" | "intranet" => true,
        "arpa" => rest == "home" || rest.ends_with(".home"),
        _ => false,
    }
}

/// What the homograph check found in one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Homograph {
    /// A label Chromium would not show as Unicode (src/spoof.rs): mixed scripts, a look-alike script, ...
    Spoof(String, Spoof),
    /// The host, read as Chromium reads it for top domains (diacritics removed, extra confusables, the UTS #39
    /// skeleton), is a catalogue or look-alike target domain, or imitates one.
    Confusable(String),
}

impl Homograph {
    pub(crate) fn detail(&self) -> String {
        match self {
            Homograph::Spoof(label, spoof) => match spoof {
                Spoof::Character(c) => {
                    format!("'{label}' has {}, which browsers do not show in a host", code_point(*c))
                }
                Spoof::HiddenMark => format!("'{label}' has a mark that hides on its letter"),
                Spoof::MixedNumbers => format!("'{label}' mixes digits of two numbering systems"),
                Spoof::MixedScripts => format!("mixed scripts in '{label}'"),
                Spoof::TldSpecific(c) => {
                    format!("'{label}' has {}, used only under some country domains", code_point(*c))
                }
                Spoof::WholeScript => format!("'{label}' is written in a script that looks like Latin"),
                Spoof::DigitLookalike => format!("'{label}' has characters that look like digits"),
                Spoof::LatinMixed => format!("'{label}' mixes accented Latin letters with another script"),
                Spoof::Pattern => format!("'{label}' has characters that look like Latin letters or punctuation"),
            },
            Homograph::Confusable(domain) => format!("looks like {domain}"),
        }
    }
}

fn code_point(c: char) -> String {
    format!("'{c}' (U+{:04X})", u32::from(c))
}

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

/// Checks a Unicode host (with no trailing dot) for homographs: each label as Chromium's spoof checker does, then
/// the whole host against the catalogue's and the look-alike targets' domains. `ascii_host` is the host in punycode,
/// `tld_ascii` its TLD.
pub(crate) fn homograph(
    unicode_host: &str,
    ascii_host: &str,
    tld_ascii: &str,
    lookalikes: &Lookalikes,
    psl: &Psl,
) -> Option<Homograph> {
    let tld_unicode = unicode_host.rsplit('.').next().unwrap_or("");
    for label in unicode_host.split('.') {
        if let Some(spoof) = spoof::check_label(label, tld_ascii, tld_unicode) {
            return Some(Homograph::Spoof(label.to_owned(), spoof));
        }
    }
    lookalikes.unicode_lookalike(unicode_host, ascii_host, psl).map(Homograph::Confusable)
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
    /// `brands` are `(label, domain)` pairs: the catalogue's, then the targets' (label from the Public Suffix List).
    pub(crate) fn new(catalogue: &Catalogue, targets: &[(String, String, bool)]) -> Self {
        let mut me = Lookalikes::default();
        let catalogue_brands = catalogue.brands.iter().map(|(label, _, domain)| (label, domain, true));
        let target_brands = targets.iter().map(|(label, domain, fuzzy)| (label, domain, *fuzzy));
        for (label, domain, fuzzy) in catalogue_brands.chain(target_brands) {
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

/// Whether `host` is `domain` or one of its subdomains.
pub(crate) fn is_same_or_subdomain(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).is_some_and(|p| p.is_empty() || p.ends_with('.'))
}

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

    fn shipped() -> Psl {
        Psl::parse(crate::engine::shipped::PUBLIC_SUFFIX_LIST).unwrap()
    }

    #[test]
    fn public_suffix_rules() {
        let psl = shipped();
        let reg = |h: &'static str| psl.registrable(h);
        assert_eq!(reg("www.example.co.uk"), Some("example.co.uk"));
        assert_eq!(reg("co.uk"), None);
        assert_eq!(reg("a.b.kawasaki.jp"), Some("a.b.kawasaki.jp")); // *.kawasaki.jp
        assert_eq!(reg("city.kawasaki.jp"), Some("city.kawasaki.jp")); // !city.kawasaki.jp
        assert_eq!(reg("www.city.kawasaki.jp"), Some("city.kawasaki.jp"));
        assert_eq!(reg("printer.local"), Some("printer.local")); // the implicit * rule
        assert_eq!(reg("example.com."), Some("example.com"));
        assert_eq!(reg("xn--85x722f.xn--55qx5d.cn"), Some("xn--85x722f.xn--55qx5d.cn")); // 食狮.公司.cn
        assert_eq!(psl.suffix("a.b.ck"), Some(("b.ck", true)));
        assert_eq!(psl.suffix("ck"), Some(("ck", false)));
        assert_eq!(psl.suffix("example.zz"), Some(("zz", false)));
        assert!(psl.split("").is_none());
        assert!(Psl::parse("// nothing\n").is_err());
        assert!(Psl::parse("a.*.b\n").is_err());
    }

    /// The oracle: the `publicsuffix` crate on the same rules, reduced to what the engine asks.
    #[cfg(not(target_arch = "wasm32"))]
    mod against_publicsuffix {
        use proptest::prelude::*;
        use publicsuffix::Psl as _;

        fn oracle() -> &'static publicsuffix::List {
            static LIST: std::sync::OnceLock<publicsuffix::List> = std::sync::OnceLock::new();
            // It reads rules only after a section marker, which build.rs drops.
            LIST.get_or_init(|| {
                format!("// ===BEGIN ICANN DOMAINS===\n{}", crate::engine::shipped::PUBLIC_SUFFIX_LIST).parse().unwrap()
            })
        }

        fn mine() -> &'static super::Psl {
            static PSL: std::sync::OnceLock<super::Psl> = std::sync::OnceLock::new();
            PSL.get_or_init(super::shipped)
        }

        /// The engine strips a host's trailing dot before asking (as it asked `publicsuffix`).
        fn agree(host: &str) -> Result<(), TestCaseError> {
            let list = oracle();
            let bare = host.strip_suffix('.').unwrap_or(host);
            if bare.ends_with('.') {
                // `publicsuffix` would strip that second dot too (as a fully qualified name's); the engine finds no
                // suffix after an empty label. Such hosts have no registrable domain either way.
                prop_assert!(mine().split(host).is_none_or(|s| s.registrable.is_none()), "{:?}", host);
                return Ok(());
            }
            let expected_suffix = list.suffix(bare.as_bytes()).map(|s| (s.as_bytes().len(), s.is_known()));
            let split = mine().split(host);
            prop_assert_eq!(split.map(|s| (s.suffix.len(), s.known)), expected_suffix, "suffix of {:?}", host);
            let expected = list.domain(bare.as_bytes()).map(|d| d.as_bytes().len());
            prop_assert_eq!(split.and_then(|s| s.registrable).map(str::len), expected, "registrable of {:?}", host);
            Ok(())
        }

        /// Every rule of the list, as a host, below one label and below two, wildcards filled in.
        #[test]
        fn every_rule_agrees() {
            let mut hosts = 0;
            for line in crate::engine::shipped::PUBLIC_SUFFIX_LIST.lines() {
                let name = line.trim_start_matches('!').replace('*', "x");
                for host in [name.clone(), format!("a.{name}"), format!("a.b.{name}")] {
                    agree(&host).unwrap();
                    hosts += 1;
                }
            }
            assert!(hosts > 25_000, "{hosts}");
        }

        /// Labels drawn from the list's own (so hosts hit nodes, wildcards and exceptions) and a few others.
        fn label() -> impl Strategy<Value = String> {
            let labels: Vec<String> = crate::engine::shipped::PUBLIC_SUFFIX_LIST
                .lines()
                .step_by(7)
                .flat_map(|l| l.trim_start_matches('!').split('.').map(str::to_owned).collect::<Vec<_>>())
                .chain(["www", "city", "x", "", "example", "*"].map(str::to_owned))
                .collect();
            prop::sample::select(labels)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8192))]
            #[test]
            fn random_hosts_agree(labels in prop::collection::vec(label(), 1..6), dot in any::<bool>()) {
                let mut host = labels.join(".");
                if dot {
                    host.push('.');
                }
                agree(&host)?;
            }
        }
    }

    #[test]
    fn private_ranges() {
        assert!(ipv4_is_private(Ipv4Addr::new(192, 168, 1, 1)));
        assert!(ipv4_is_private(Ipv4Addr::new(100, 64, 0, 1)));
        assert!(!ipv4_is_private(Ipv4Addr::new(8, 8, 8, 8)));
        assert!(ipv6_is_private("fd00::1".parse().unwrap()));
        assert!(!ipv6_is_private("2400:cb00::1".parse().unwrap()));
    }

    #[test]
    fn local_names() {
        assert!(is_local_name("localhost"));
        assert!(is_local_name("printer.local"));
        assert!(is_local_name("router"));
        assert!(!is_local_name("localhost.example.com"));
        assert!(is_local_name("nas.home.arpa") && is_local_name("home.arpa") && !is_local_name("myhome.arpa"));
        assert!(is_local_name("wiki.corp.internal") && is_local_name("x.lan") && !is_local_name("lan.example"));
    }
}
