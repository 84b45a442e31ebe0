//! The platform catalogue (`rules/platforms.json`) and redirect wrappers (`rules/wrappers.json`): formats and the
//! compiled lookup tables.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use crate::decision::{Category, PlatformRef};
use crate::error::ConfigError;
use crate::json::parse_json;

mod format;

pub(crate) use self::format::CodeFormat;
use self::format::{CatalogueFile, WrappersFile};

/// The schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// A parameter-name matcher: exact name or prefix (`utm_*`).
#[derive(Debug, Clone, Default)]
pub(crate) struct ParamSet {
    exact: HashSet<String>,
    prefixes: Vec<String>,
}

impl ParamSet {
    pub(crate) fn from_patterns<'a>(patterns: impl IntoIterator<Item = &'a String>) -> Self {
        let mut set = ParamSet::default();
        for p in patterns {
            match p.strip_suffix('*') {
                Some(prefix) => set.prefixes.push(prefix.to_ascii_lowercase()),
                None => {
                    set.exact.insert(p.to_ascii_lowercase());
                }
            }
        }
        set
    }

    pub(crate) fn matches(&self, name: &str) -> bool {
        if self.exact.is_empty() && self.prefixes.is_empty() {
            return false;
        }
        // Parameter names are compared case-insensitively; most are already lower case.
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            let lower = name.to_ascii_lowercase();
            return self.matches_lower(&lower);
        }
        self.matches_lower(name)
    }

    fn matches_lower(&self, name: &str) -> bool {
        self.exact.contains(name) || self.prefixes.iter().any(|p| name.starts_with(p.as_str()))
    }
}

/// One compiled catalogue platform.
#[derive(Debug)]
pub(crate) struct Platform {
    pub(crate) reference: PlatformRef,
    pub(crate) category: Category,
    pub(crate) item_params: ParamSet,
    /// Where a link names the item it shows (`itemIds`): the same id is the same item on any of the platform's hosts.
    pub(crate) item_ids: Vec<ItemId>,
    pub(crate) tracking_params: ParamSet,
    pub(crate) share_keywords: Vec<String>,
    /// The share-code formats the platform's share texts use (`shareCodes`).
    pub(crate) share_codes: Vec<CodeFormat>,
    pub(crate) mini_program_names: Vec<String>,
    /// The platform's first listed domain (`taobao.com`): where a plain link to the platform goes.
    pub(crate) primary_domain: String,
}

/// One place a platform's links name their item (`itemIds` in rules/platforms.json): `?id` (a query parameter) or
/// `/product/{id}.html` (a path with one `{id}`: ASCII letters, digits, `_` and `-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ItemId {
    /// The value of this query parameter (exact name).
    Param(String),
    /// The `{id}` of a path `prefix{id}suffix`.
    Path { prefix: String, suffix: String },
}

impl ItemId {
    fn parse(source_name: &str, path: String, raw: &str) -> Result<ItemId, ConfigError> {
        let bad = |why: &str| ConfigError::new(source_name, path.clone(), format!("'{raw}' {why}"));
        if let Some(param) = raw.strip_prefix('?') {
            if param.is_empty() || param.contains(['=', '&', '#']) {
                return Err(bad("is not a query parameter name"));
            }
            return Ok(ItemId::Param(param.to_owned()));
        }
        if !raw.starts_with('/') {
            return Err(bad("must be '?param' or a path starting with '/' holding one '{id}'"));
        }
        match raw.split_once("{id}") {
            Some((prefix, suffix)) if !suffix.contains("{id}") && !suffix.contains(['?', '#']) => {
                Ok(ItemId::Path { prefix: prefix.to_owned(), suffix: suffix.to_owned() })
            }
            _ => Err(bad("must hold exactly one '{id}' and no query or fragment")),
        }
    }

    /// The item id this pattern reads from a canonical URL's path and query (without `?`), if any. Ids are read
    /// as written: one that is percent-encoded is not an id.
    pub(crate) fn read<'u>(&self, path: &'u str, query: &'u str) -> Option<&'u str> {
        let id = match self {
            ItemId::Param(name) => {
                query.split('&').find_map(|pair| pair.split_once('=').filter(|(k, _)| k == name).map(|(_, v)| v))?
            }
            ItemId::Path { prefix, suffix } => path.strip_prefix(prefix.as_str())?.strip_suffix(suffix.as_str())?,
        };
        let ok =
            !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then_some(id)
    }
}

/// A known redirect wrapper: `https://<host><path>?<param>=<target>`.
#[derive(Debug)]
pub(crate) struct Redirector {
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) param: String,
}

/// Which catalogue entry a host matched.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HostMatch {
    pub(crate) platform: usize,
    pub(crate) category: Category,
    /// The length of the registrable domain of every host at or under this entry, when the Public Suffix List
    /// has no rule inside that registrable domain (so the answer cannot depend on the labels in front). `None`:
    /// ask the list. Set by [`Catalogue::set_registrables`].
    pub(crate) registrable_len: Option<usize>,
    /// The entry is a platform's short-link host (`shortLinkHosts`). As [`Catalogue::match_host`] returns it: the
    /// host asked about is that short-link host itself (or `www.` and it), which can be resolved.
    pub(crate) short: bool,
}

/// The compiled catalogue: platforms, their host table, app schemes, redirectors and shorteners.
#[derive(Debug)]
pub(crate) struct Catalogue {
    pub(crate) platforms: Vec<Platform>,
    by_id: HashMap<String, usize>,
    hosts: HashMap<String, HostMatch>,
    schemes: HashMap<String, usize>,
    redirectors: HashMap<String, Vec<Redirector>>,
    shorteners: HashSet<String>,
    /// The platforms' own short-link hosts (`shortLinkHosts`: m.tb.cn, v.douyin.com, ...).
    short_link_hosts: HashSet<String>,
    pub(crate) global_tracking: ParamSet,
    /// The most labels of any host entry.
    max_labels: usize,
    /// The fewest labels of any entry (2: every entry is a domain such as `3.cn`, never a bare suffix).
    min_labels: usize,
    /// Brand labels (the registrable domain minus its public suffix) of every catalogue domain, for the lookalike
    /// detector: `(label, platform index, the domain it came from)`.
    pub(crate) brands: Vec<(String, usize, String)>,
}

fn check_version(source_name: &str, version: u32) -> Result<(), ConfigError> {
    if version == SCHEMA_VERSION {
        Ok(())
    } else {
        Err(ConfigError::new(
            source_name,
            "schemaVersion",
            format!("unsupported schemaVersion {version}; this build reads {SCHEMA_VERSION}"),
        ))
    }
}

fn normalize_host(source_name: &str, path: String, host: &str) -> Result<String, ConfigError> {
    let ascii = crate::host::domain_to_ascii(host.trim_end_matches('.'))
        .map_err(|_| ConfigError::new(source_name, path.clone(), format!("'{host}' is not a valid host")))?
        .into_owned();
    if ascii.is_empty() || !ascii.contains('.') && !ascii.starts_with("xn--") && ascii.len() < 2 {
        return Err(ConfigError::new(source_name, path, format!("'{host}' is not a valid host")));
    }
    Ok(ascii)
}

impl Catalogue {
    /// Compiles the catalogue and wrapper files. `brand_label` maps a domain to its brand label (via the PSL).
    pub(crate) fn compile(
        platforms_name: &str,
        platforms_json: &str,
        wrappers_name: &str,
        wrappers_json: &str,
        brand_label: impl Fn(&str) -> Option<String>,
    ) -> Result<Catalogue, ConfigError> {
        let file: CatalogueFile = parse_json(platforms_name, platforms_json)?;
        check_version(platforms_name, file.schema_version)?;
        let wrappers: WrappersFile = parse_json(wrappers_name, wrappers_json)?;
        check_version(wrappers_name, wrappers.schema_version)?;
        // `Verdict::platform` is a u16 index.
        if file.platforms.len() > usize::from(u16::MAX) {
            return Err(ConfigError::new(platforms_name, "platforms", "more than 65,535 platforms"));
        }

        let mut cat = Catalogue {
            platforms: Vec::with_capacity(file.platforms.len()),
            by_id: HashMap::default(),
            hosts: HashMap::default(),
            schemes: HashMap::default(),
            redirectors: HashMap::default(),
            shorteners: HashSet::default(),
            short_link_hosts: HashSet::default(),
            global_tracking: ParamSet::from_patterns(&file.tracking_params),
            max_labels: 1,
            min_labels: 1,
            brands: Vec::new(),
        };

        for (index, p) in file.platforms.into_iter().enumerate() {
            let at = |field: &str| format!("platforms[{index}].{field}");
            if p.id.is_empty() || !p.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                return Err(ConfigError::new(platforms_name, at("id"), "ids are lower-case ASCII, digits and '_'"));
            }
            if cat.by_id.insert(p.id.clone(), index).is_some() {
                return Err(ConfigError::new(platforms_name, at("id"), format!("duplicate platform id '{}'", p.id)));
            }
            let mut domains = Vec::with_capacity(p.domains.len());
            for (i, d) in p.domains.iter().enumerate() {
                let host = normalize_host(platforms_name, at(&format!("domains[{i}]")), d)?;
                let category = p.domain_categories.get(d.as_str()).copied().unwrap_or(p.category);
                let entry = HostMatch { platform: index, category, registrable_len: None, short: false };
                if cat.hosts.insert(host.clone(), entry).is_some() {
                    return Err(ConfigError::new(
                        platforms_name,
                        at(&format!("domains[{i}]")),
                        format!("'{host}' is listed twice in the catalogue"),
                    ));
                }
                if let Some(label) = brand_label(&host) {
                    cat.brands.push((label, index, host.clone()));
                }
                domains.push(host);
            }
            for (i, d) in p.short_link_hosts.iter().enumerate() {
                let path = at(&format!("shortLinkHosts[{i}]"));
                let host = normalize_host(platforms_name, path.clone(), d)?;
                if !domains.iter().any(|dom| crate::host::is_same_or_subdomain(&host, dom)) {
                    return Err(ConfigError::new(
                        platforms_name,
                        path,
                        format!("'{host}' is not under the platform's domains"),
                    ));
                }
                let category = p.domain_categories.get(d.as_str()).copied().unwrap_or(p.category);
                cat.short_link_hosts.insert(host.clone());
                cat.hosts.insert(host, HostMatch { platform: index, category, registrable_len: None, short: true });
            }
            // A category override may name a listed domain or a host under one (docs.qq.com under qq.com).
            for (i, (d, category)) in p.domain_categories.iter().enumerate() {
                let path = at(&format!("domainCategories[{i}]"));
                let host = normalize_host(platforms_name, path.clone(), d)?;
                if !domains.iter().any(|dom| crate::host::is_same_or_subdomain(&host, dom)) {
                    return Err(ConfigError::new(
                        platforms_name,
                        path,
                        format!("'{d}' is not under the platform's domains"),
                    ));
                }
                let entry = cat.hosts.entry(host).or_insert(HostMatch {
                    platform: index,
                    category: *category,
                    registrable_len: None,
                    short: false,
                });
                entry.category = *category;
            }
            for scheme in &p.app_schemes {
                cat.schemes.insert(scheme.to_ascii_lowercase(), index);
            }
            let item_ids = p
                .item_ids
                .iter()
                .enumerate()
                .map(|(i, raw)| ItemId::parse(platforms_name, format!("platforms[{index}].itemIds[{i}]"), raw))
                .collect::<Result<Vec<_>, _>>()?;
            cat.platforms.push(Platform {
                reference: PlatformRef { id: Arc::from(p.id.as_str()), name: Arc::new(p.name) },
                category: p.category,
                item_params: ParamSet::from_patterns(&p.item_params),
                item_ids,
                tracking_params: ParamSet::from_patterns(&p.tracking_params),
                share_keywords: p.share_keywords,
                share_codes: p.share_codes,
                mini_program_names: p.mini_program_names,
                primary_domain: domains.first().cloned().unwrap_or_default(),
            });
        }

        cat.max_labels = cat.hosts.keys().map(|h| h.split('.').count()).max().unwrap_or(1);
        cat.min_labels = cat.hosts.keys().map(|h| h.split('.').count()).min().unwrap_or(1);

        for (index, r) in wrappers.redirectors.into_iter().enumerate() {
            for (i, h) in r.hosts.iter().enumerate() {
                let host = normalize_host(wrappers_name, format!("redirectors[{index}].hosts[{i}]"), h)?;
                cat.redirectors.entry(host).or_default().push(Redirector {
                    id: r.id.clone(),
                    path: r.path.clone(),
                    param: r.param.clone(),
                });
            }
        }
        for (i, s) in wrappers.shorteners.iter().enumerate() {
            cat.shorteners.insert(normalize_host(wrappers_name, format!("shorteners[{i}]"), s)?);
        }
        Ok(cat)
    }

    /// The platform index for a catalogue id.
    pub(crate) fn platform_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The longest catalogue entry that `host` equals or is a subdomain of.
    ///
    /// Looks up only the suffixes with as many labels as an entry can have (from the most labels of any entry down
    /// to the fewest), so the cost does not grow with the host.
    pub(crate) fn match_host(&self, host: &str) -> Option<HostMatch> {
        // Where the suffixes of `min_labels` to `max_labels` labels start, found from the right (a host's labels in
        // front of the longest possible entry are never looked at).
        const MAX: usize = 8;
        let mut starts = [0usize; MAX];
        let mut n = 0;
        let mut end = host.len();
        let mut labels = 1;
        while labels <= self.max_labels.min(MAX) {
            match host.as_bytes()[..end].iter().rposition(|&b| b == b'.') {
                Some(dot) => {
                    if labels >= self.min_labels {
                        starts[n] = dot + 1;
                        n += 1;
                    }
                    end = dot;
                    labels += 1;
                }
                None => {
                    if labels >= self.min_labels {
                        starts[n] = 0;
                        n += 1;
                    }
                    break;
                }
            }
        }
        // Longest first. `short` only for the short-link host itself (or `www.` and it), not a host under it.
        starts[..n].iter().rev().find_map(|&start| {
            let m = self.hosts.get(&host[start..]).copied()?;
            Some(HostMatch { short: m.short && (start == 0 || start == 4 && host.starts_with("www.")), ..m })
        })
    }

    /// The platform of the entry that is exactly `host` (tests compare [`Catalogue::match_host`] with it).
    #[cfg(test)]
    pub(crate) fn match_host_exact(&self, host: &str) -> Option<usize> {
        self.hosts.get(host).map(|m| m.platform)
    }

    /// The hosts of the catalogue entries (domains and short-link hosts).
    pub(crate) fn host_entries(&self) -> impl Iterator<Item = &str> {
        self.hosts.keys().map(String::as_str)
    }

    /// Records each entry's registrable domain, so a catalogue host skips the Public Suffix List walk.
    /// `registrable(entry)` is the entry's registrable domain when every host at or under the entry has that same
    /// one (the list has no rule inside it), else `None`.
    pub(crate) fn set_registrables(&mut self, registrable: impl Fn(&str) -> Option<usize>) {
        for (host, entry) in &mut self.hosts {
            entry.registrable_len = registrable(host);
        }
    }

    /// The platform whose app scheme this is (`taobao`, `snssdk1128`, ...).
    pub(crate) fn match_scheme(&self, scheme: &str) -> Option<usize> {
        self.schemes.get(scheme).copied()
    }

    /// The redirectors registered for an exact host.
    pub(crate) fn redirectors(&self, host: &str) -> &[Redirector] {
        self.redirectors.get(host).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `host` (or `www.` plus it) is a short-link host: a platform's (`shortLinkHosts`) or a generic
    /// shortener. Every one can be resolved (`crate::resolve`).
    pub(crate) fn is_short_link_host(&self, host: &str) -> bool {
        let bare = host.strip_prefix("www.").unwrap_or(host);
        self.is_shortener(host) || self.short_link_hosts.contains(host) || self.short_link_hosts.contains(bare)
    }

    /// Whether `host` (or `www.` plus it) is a generic shortener.
    pub(crate) fn is_shortener(&self, host: &str) -> bool {
        self.shorteners.contains(host) || host.strip_prefix("www.").is_some_and(|h| self.shorteners.contains(h))
    }

    /// Every platform id, in catalogue order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.platforms.iter().map(|p| &*p.reference.id)
    }
}
