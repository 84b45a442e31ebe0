//! The data every engine shares: the files compiled into the binary ([`shipped`]), and what is built from them once
//! per process (the catalogue, the Public Suffix List, the look-alike index, the parsed presets).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::catalogue::Catalogue;
use crate::error::ConfigError;
use crate::fold::bargain::Bargains;
use crate::host::lookalike::{Lookalikes, TargetsFile};
use crate::host::psl::Psl;
use crate::policy::{Registrable, Validator, parse_presets};
use crate::resolve::ShortLinks;
use crate::rules::RuleSetFile;

/// The data files compiled into the binary.
pub mod shipped {
    /// `rules/platforms.json`: the platform catalogue.
    pub const PLATFORMS: &str = include_str!("../rules/platforms.json");
    /// `rules/wrappers.json`: redirect wrappers and generic shorteners.
    pub const WRAPPERS: &str = include_str!("../rules/wrappers.json");
    /// `rules/lookalike_targets.json`: sites that are not platforms but are imitated to phish people in chats.
    pub const LOOKALIKE_TARGETS: &str = include_str!("../rules/lookalike_targets.json");
    /// `rules/share_to_unlock.json`: the shapes of share-to-unlock requests (Pinduoduo's 砍一刀 and its kind), for
    /// `bargain` fold rules.
    pub const SHARE_TO_UNLOCK: &str = include_str!("../rules/share_to_unlock.json");
    /// `rules/short_links.json`: how short-link hosts answer, and the limits of resolving one.
    pub const SHORT_LINKS: &str = include_str!("../rules/short_links.json");
    /// `rules/top_sites.json`: the most-linked sites on the web (the Moz Top 500), matched as whole domains only.
    pub const TOP_SITES: &str = include_str!("../rules/top_sites.json");
    /// The rules of `rules/public_suffix_list.dat`, the Public Suffix List (publicsuffix.org, MPL-2.0), without
    /// its comments and with IDN rules in ASCII (`build.rs`).
    pub const PUBLIC_SUFFIX_LIST: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.rules"));
    /// The same list as the tree the engine walks: one node a line, its flags and its name (`build.rs`).
    pub(crate) const PUBLIC_SUFFIX_NODES: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.nodes"));
    /// How many nodes [`PUBLIC_SUFFIX_NODES`] has.
    pub(crate) const PUBLIC_SUFFIX_NODE_COUNT: usize =
        include!(concat!(env!("OUT_DIR"), "/public_suffix_list_count.rs"));
    /// The shipped rule sets, `(file name, JSON)`: the presets and the `base` set they include.
    pub const RULE_SETS: [(&str, &str); 5] = [
        ("rules/presets/base.json", include_str!("../rules/presets/base.json")),
        ("rules/presets/default.json", include_str!("../rules/presets/default.json")),
        ("rules/presets/wechat-2021-09.json", include_str!("../rules/presets/wechat-2021-09.json")),
        ("rules/presets/wechat-2021-11.json", include_str!("../rules/presets/wechat-2021-11.json")),
        ("rules/presets/strict.json", include_str!("../rules/presets/strict.json")),
    ];
    /// Ids of the presets a user can pick (`base` is only included by them).
    pub const PRESET_IDS: [&str; 4] = ["default", "wechat-2021-09", "wechat-2021-11", "strict"];
}

/// The immutable, shared part of an engine: catalogue, PSL, look-alike tables and presets.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) catalogue: Catalogue,
    pub(crate) psl: Arc<Psl>,
    pub(crate) lookalikes: Arc<Lookalikes>,
    /// The shipped look-alike targets as `(brand label, registrable domain, fuzzy)`.
    pub(crate) targets: Vec<(String, String, bool)>,
    pub(crate) presets: BTreeMap<String, RuleSetFile>,
    /// The share-to-unlock shapes.
    pub(crate) bargains: Bargains,
    /// How short-link hosts answer.
    pub(crate) short_links: ShortLinks,
}

impl Data {
    fn build() -> Result<Data, ConfigError> {
        let psl = Arc::new(
            Psl::from_nodes(shipped::PUBLIC_SUFFIX_NODES, shipped::PUBLIC_SUFFIX_NODE_COUNT)
                .map_err(|e| ConfigError::new("rules/public_suffix_list.dat", "", e))?,
        );
        let brand_psl = psl.clone();
        let catalogue = Catalogue::compile(
            "rules/platforms.json",
            shipped::PLATFORMS,
            "rules/wrappers.json",
            shipped::WRAPPERS,
            move |host| {
                // Brand labels come from catalogue entries that are registrable domains themselves.
                let reg = brand_psl.registrable(host)?;
                if reg != host {
                    return None;
                }
                let (suffix, _) = brand_psl.suffix(host)?;
                host.strip_suffix(suffix)?.strip_suffix('.').map(str::to_owned)
            },
        )?;
        let mut catalogue = catalogue;
        // The host-first fast path: a catalogue host's registrable domain is known without walking the list, unless
        // the list has rules inside that registrable domain (rules and catalogue hosts are both ASCII).
        let entries: Vec<(String, Option<String>)> =
            catalogue.host_entries().map(|h| (h.to_owned(), psl.registrable(h).map(str::to_owned))).collect();
        let lengths: rustc_hash::FxHashMap<&str, usize> = entries
            .iter()
            .filter_map(|(h, r)| r.as_deref().filter(|r| !psl.has_rules_inside(r)).map(|r| (h.as_str(), r.len())))
            .collect();
        catalogue.set_registrables(|host| lengths.get(host).copied());
        let mut targets = parse_targets(&psl, "rules/lookalike_targets.json", shipped::LOOKALIKE_TARGETS)?;
        targets.extend(parse_targets(&psl, "rules/top_sites.json", shipped::TOP_SITES)?);
        let lookalikes = Arc::new(Lookalikes::new(brands(&catalogue, &targets)));
        let validator = Validator::new(&catalogue, registrable_fn(&psl));
        let presets = parse_presets(&validator, &shipped::RULE_SETS)?;
        for id in shipped::PRESET_IDS {
            if !presets.contains_key(id) {
                return Err(ConfigError::new("rules/presets", "", format!("missing preset '{id}'")));
            }
        }
        let bargains = Bargains::compile("rules/share_to_unlock.json", shipped::SHARE_TO_UNLOCK, &catalogue)?;
        let short_links = ShortLinks::compile("rules/short_links.json", shipped::SHORT_LINKS, &catalogue)?;
        Ok(Data { catalogue, psl, lookalikes, targets, presets, bargains, short_links })
    }

    pub(crate) fn shipped() -> Result<Arc<Data>, ConfigError> {
        static DATA: OnceLock<Result<Arc<Data>, ConfigError>> = OnceLock::new();
        DATA.get_or_init(|| Data::build().map(Arc::new)).clone()
    }

    pub(crate) fn validator(&self) -> Validator {
        Validator::new(&self.catalogue, registrable_fn(&self.psl))
    }
}

/// Reads a look-alike targets file (the shape of `rules/lookalike_targets.json`) into `(brand label, registrable
/// domain, fuzzy)`: every domain must be a registrable domain under a listed public suffix.
pub(crate) fn parse_targets(
    psl: &Psl,
    source_name: &str,
    json: &str,
) -> Result<Vec<(String, String, bool)>, ConfigError> {
    let file: TargetsFile = crate::json::parse_json(source_name, json)?;
    let mut out = Vec::new();
    for (i, target) in file.targets.iter().enumerate() {
        for (j, domain) in target.domains.iter().enumerate() {
            let at = || format!("targets[{i}].domains[{j}]");
            let ascii = crate::host::domain_to_ascii(domain)
                .map_err(|_| ConfigError::new(source_name, at(), format!("'{domain}' is not a valid domain")))?
                .into_owned();
            let split = psl.split(&ascii).filter(|s| s.known && s.registrable == Some(ascii.as_str()));
            let Some(split) = split else {
                return Err(ConfigError::new(
                    source_name,
                    at(),
                    format!("'{domain}' is not a registrable domain (one label under a public suffix)"),
                ));
            };
            let label = ascii.strip_suffix(split.suffix).and_then(|l| l.strip_suffix('.')).unwrap_or(&ascii).to_owned();
            let fuzzy = !target.whole_domain && !target.words.contains(&label);
            out.push((label, ascii.clone(), fuzzy));
        }
    }
    Ok(out)
}

/// The brands the look-alike checks compare hosts with: the catalogue's (all fuzzy), then the targets'.
pub(crate) fn brands<'b>(
    catalogue: &'b Catalogue,
    targets: &'b [(String, String, bool)],
) -> impl Iterator<Item = (&'b String, &'b String, bool)> {
    let catalogue_brands = catalogue.brands.iter().map(|(label, _, domain)| (label, domain, true));
    catalogue_brands.chain(targets.iter().map(|(label, domain, fuzzy)| (label, domain, *fuzzy)))
}

/// The registrable-domain function the validator checks domains with.
pub(crate) fn registrable_fn(psl: &Arc<Psl>) -> Registrable {
    let psl = psl.clone();
    Arc::new(move |host: &str| psl.registrable(host).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `match_host` finds the longest entry a host is or is under, as trying every suffix of the host would: for
    /// every entry, hosts under it with up to six more labels, hosts that only end like it, and others.
    #[test]
    fn match_host_is_the_longest_suffix_entry() {
        let data = Data::shipped().expect("shipped data is valid");
        let cat = &data.catalogue;
        let entries: std::collections::HashSet<&str> = cat.host_entries().collect();
        let brute = |host: &str| -> Option<usize> {
            let mut at = 0;
            loop {
                if let Some(m) = entries.get(&host[at..]).and_then(|e| cat.match_host_exact(e)) {
                    return Some(m);
                }
                at += host[at..].find('.')? + 1;
            }
        };
        let mut hosts: Vec<String> = Vec::new();
        for e in &entries {
            for prefix in ["", "a.", "m.item.", "a.b.c.", "a.b.c.d.e.f.", "x"] {
                hosts.push(format!("{prefix}{e}"));
            }
            hosts.push(e.split_once('.').map_or(String::new(), |(_, rest)| rest.to_owned()));
        }
        hosts.extend(["com", "cn", "example.com", "a.b.c.d.e.f.g.h.i.example.org", "", "."].map(str::to_owned));
        for host in &hosts {
            assert_eq!(cat.match_host(host).map(|m| m.platform), brute(host), "{host}");
        }
    }

    /// The host-first fast path gives exactly the Public Suffix List's answer, for every catalogue entry and hosts
    /// under it; and entries whose registrable domain has rules inside fall back to the list.
    #[test]
    fn catalogue_registrables_agree_with_the_list() {
        let data = Data::shipped().expect("shipped data is valid");
        let mut fast = 0;
        for host in data.catalogue.host_entries() {
            let m = data.catalogue.match_host(host).expect("an entry matches itself");
            let Some(len) = m.registrable_len else { continue };
            fast += 1;
            for prefix in ["", "www.", "a.b.", "xn--80ak6aa92e."] {
                let h = format!("{prefix}{host}");
                assert_eq!(data.psl.registrable(&h).map(str::len), Some(len), "{h}");
            }
        }
        assert!(fast > 50, "most catalogue entries take the fast path ({fast})");
        // A registrable domain with a rule inside it (the list's private section has `*.compute.amazonaws.com`
        // style rules) is known as such.
        assert!(data.psl.has_rules_inside("amazonaws.com"));
        assert!(!data.psl.has_rules_inside("taobao.com"));
    }
}
