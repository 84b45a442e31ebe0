//! [`Engine`]: the compiled catalogue, Public Suffix List and policy, answering [`Engine::classify`] and
//! [`Engine::scan_text`].

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::ChatContext;
use crate::analyze::{Analysis, Analyzer};
use crate::catalogue::Catalogue;
use crate::decision::{Decision, LinkInput, Verdict};
use crate::error::ConfigError;
use crate::host::lookalike::{Lookalikes, TargetsFile};
use crate::host::psl::Psl;
use crate::policy::validate::{DomainError, validate_domain};
use crate::policy::{DEFAULT_PRESET, Facts, Policy, Registrable, Validator, parse_presets};
use crate::reason::ReasonSet;
use crate::rules::{RuleSetFile, Settings};
use crate::scan::{self, Finding, FindingKind};

/// The data files compiled into the binary.
pub mod shipped {
    /// `rules/platforms.json`: the platform catalogue.
    pub const PLATFORMS: &str = include_str!("../rules/platforms.json");
    /// `rules/wrappers.json`: redirect wrappers and generic shorteners.
    pub const WRAPPERS: &str = include_str!("../rules/wrappers.json");
    /// `rules/lookalike_targets.json`: sites that are not platforms but are imitated to phish people in chats.
    pub const LOOKALIKE_TARGETS: &str = include_str!("../rules/lookalike_targets.json");
    /// `rules/top_sites.json`: the most-linked sites on the web (the Moz Top 500), matched as whole domains only.
    pub const TOP_SITES: &str = include_str!("../rules/top_sites.json");
    /// The rules of `rules/public_suffix_list.dat`, the Public Suffix List (publicsuffix.org, MPL-2.0), without
    /// its comments and with IDN rules in ASCII (`build.rs`).
    pub const PUBLIC_SUFFIX_LIST: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.rules"));
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
struct Data {
    catalogue: Catalogue,
    psl: Arc<Psl>,
    lookalikes: Arc<Lookalikes>,
    /// The shipped look-alike targets as `(brand label, registrable domain, fuzzy)`.
    targets: Vec<(String, String, bool)>,
    presets: BTreeMap<String, RuleSetFile>,
}

impl Data {
    fn build() -> Result<Data, ConfigError> {
        let psl = Arc::new(
            Psl::parse(shipped::PUBLIC_SUFFIX_LIST)
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
        Ok(Data { catalogue, psl, lookalikes, targets, presets })
    }

    fn shipped() -> Result<Arc<Data>, ConfigError> {
        static DATA: OnceLock<Result<Arc<Data>, ConfigError>> = OnceLock::new();
        DATA.get_or_init(|| Data::build().map(Arc::new)).clone()
    }

    fn validator(&self) -> Validator {
        Validator::new(&self.catalogue, registrable_fn(&self.psl))
    }
}

/// Reads a look-alike targets file (the shape of `rules/lookalike_targets.json`) into `(brand label, registrable
/// domain, fuzzy)`: every domain must be a registrable domain under a listed public suffix.
fn parse_targets(psl: &Psl, source_name: &str, json: &str) -> Result<Vec<(String, String, bool)>, ConfigError> {
    let file: TargetsFile = crate::error::parse_json(source_name, json)?;
    let mut out = Vec::new();
    for (i, target) in file.targets.iter().enumerate() {
        for (j, domain) in target.domains.iter().enumerate() {
            let at = || format!("targets[{i}].domains[{j}]");
            let ascii = idna::domain_to_ascii(domain)
                .map_err(|_| ConfigError::new(source_name, at(), format!("'{domain}' is not a valid domain")))?;
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

/// What the policy decides on, borrowed from an analysis.
/// The brands the look-alike checks compare hosts with: the catalogue's (all fuzzy), then the targets'.
fn brands<'b>(
    catalogue: &'b Catalogue,
    targets: &'b [(String, String, bool)],
) -> impl Iterator<Item = (&'b String, &'b String, bool)> {
    let catalogue_brands = catalogue.brands.iter().map(|(label, _, domain)| (label, domain, true));
    catalogue_brands.chain(targets.iter().map(|(label, domain, fuzzy)| (label, domain, *fuzzy)))
}

fn facts<'a>(analysis: &'a Analysis<'_>, context: ChatContext) -> Facts<'a> {
    Facts {
        platform: analysis.platform,
        category: analysis.category,
        host: analysis.host(),
        registrable_domain: analysis.registrable(),
        reasons: analysis.codes,
        context,
    }
}

fn registrable_fn(psl: &Arc<Psl>) -> Registrable {
    let psl = psl.clone();
    Arc::new(move |host: &str| psl.registrable(host).map(str::to_owned))
}

/// What the rules decide for a plain link to one platform in one context: see [`Engine::platform_matrix`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellOutcome {
    /// The action.
    pub action: crate::Action,
    /// The step that decided (as in [`Decision::rule_id`]).
    pub rule_id: Arc<str>,
}

/// One row of [`Engine::platform_matrix`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PlatformActions {
    /// The platform id.
    pub id: Arc<str>,
    /// In direct chats.
    pub direct: CellOutcome,
    /// In group chats.
    pub group: CellOutcome,
    /// In feeds.
    pub feed: CellOutcome,
}

/// The link decision engine.
///
/// Built once from the shipped data (platform catalogue, Public Suffix List, presets) plus an optional custom rule
/// set and the user's settings; immutable afterwards. A settings change builds a new engine, which reuses the
/// parsed shipped data.
///
/// # Examples
/// ```
/// use linkgate::{Action, ChatContext, Engine, LinkInput};
///
/// let engine = Engine::new()?;
/// let d = engine.classify(&LinkInput::new("https://item.taobao.com/item.htm?id=1&spm=a1z10", ChatContext::Direct));
/// assert_eq!(d.action, Action::Open);
/// assert_eq!(d.platform.as_ref().map(|p| &*p.id), Some("taobao"));
/// assert_eq!(d.clean_url.as_deref(), Some("https://item.taobao.com/item.htm?id=1"));
///
/// let d = engine.classify(&LinkInput::new("javascript:alert(1)", ChatContext::Direct));
/// assert_eq!(d.action, Action::Block);
/// # Ok::<(), linkgate::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    data: Arc<Data>,
    policy: Arc<Policy>,
    /// The shipped look-alike tables, or ones with more targets ([`EngineBuilder::lookalike_targets_json`]).
    lookalikes: Arc<Lookalikes>,
}

/// Builds an [`Engine`] from a preset, custom rules and settings.
#[derive(Debug, Default, Clone)]
pub struct EngineBuilder {
    preset: Option<String>,
    /// Custom rule sets as `(source name, JSON)`, highest priority first.
    rules: Vec<(String, String)>,
    settings: Option<(String, String)>,
    settings_value: Option<Settings>,
    targets: Vec<(String, String)>,
}

impl EngineBuilder {
    /// Adds look-alike targets (JSON text in the shape of `rules/lookalike_targets.json`; `source_name` names it in
    /// errors) to the shipped ones: hosts imitating their domains get `lookalike_domain` or `homograph` too. For an
    /// organisation's own sites, and for peer test suites that come with their own list of top domains.
    pub fn lookalike_targets_json(mut self, source_name: impl Into<String>, json: impl Into<String>) -> Self {
        self.targets.push((source_name.into(), json.into()));
        self
    }

    /// Uses this preset, whatever the settings say.
    pub fn preset(mut self, id: impl Into<String>) -> Self {
        self.preset = Some(id.into());
        self
    }

    /// Layers a custom rule set (JSON text; `source_name` names it in errors) over the preset. Called again, it
    /// adds another set below the ones already given (an administrator's rules, then the user's): the first set's
    /// rules are tried first, and its defaults and `risks` win.
    pub fn rules_json(mut self, source_name: impl Into<String>, json: impl Into<String>) -> Self {
        self.rules.push((source_name.into(), json.into()));
        self
    }

    /// Applies user settings given as JSON text.
    pub fn settings_json(mut self, source_name: impl Into<String>, json: impl Into<String>) -> Self {
        self.settings = Some((source_name.into(), json.into()));
        self
    }

    /// Applies user settings already parsed (they are still checked against the catalogue).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings_value = Some(settings);
        self
    }

    /// Compiles the engine.
    ///
    /// # Errors
    /// A [`ConfigError`] naming the file, line, column and JSON path when the rules or settings are invalid (bad
    /// JSON, unknown field or platform, a subdomain given as a trusted domain, an unknown preset, ...).
    pub fn build(self) -> Result<Engine, ConfigError> {
        let data = Data::shipped()?;
        let validator = data.validator();
        let settings_name = self.settings.as_ref().map_or_else(|| "settings".to_owned(), |(n, _)| n.clone());
        let settings = match (self.settings, self.settings_value) {
            (Some((name, json)), _) => validator.parse_settings(&name, &json)?,
            (None, Some(settings)) => {
                // Round-trip through JSON so hand-built settings get exactly the same checks.
                let json =
                    serde_json::to_string(&settings).map_err(|e| ConfigError::new("settings", "", e.to_string()))?;
                validator.parse_settings("settings", &json)?
            }
            (None, None) => Settings::default(),
        };
        let mut custom = Vec::with_capacity(self.rules.len());
        for (name, json) in &self.rules {
            let set = validator.parse_rules(name, json)?;
            if data.presets.contains_key(&set.id) {
                return Err(ConfigError::new(
                    name,
                    "id",
                    format!("'{}' is the id of a shipped rule set; give the custom rules their own id", set.id),
                ));
            }
            if let Some((other, _)) = custom.iter().find(|(_, s): &&(&str, RuleSetFile)| s.id == set.id) {
                return Err(ConfigError::new(
                    name,
                    "id",
                    format!("'{}' is already the id of {other}; give each rule set its own id", set.id),
                ));
            }
            custom.push((name.as_str(), set));
        }
        let settings_name = settings_name.as_str();
        let (preset, preset_source) = match (self.preset, &settings.preset) {
            (Some(p), _) => (p, "preset"),
            (None, Some(p)) => (p.clone(), settings_name),
            (None, None) => (DEFAULT_PRESET.to_owned(), "preset"),
        };
        if !shipped::PRESET_IDS.contains(&preset.as_str()) {
            return Err(ConfigError::new(
                preset_source,
                "preset",
                format!("unknown preset '{preset}' (known: {})", shipped::PRESET_IDS.join(", ")),
            ));
        }
        let source = self.rules.first().map_or(settings_name, |(n, _)| n.as_str());
        let sets: Vec<&RuleSetFile> = custom.iter().map(|(_, s)| s).collect();
        let policy = Policy::compile(&data.catalogue, &data.presets, &preset, &sets, &settings, source)?;
        let lookalikes = if self.targets.is_empty() {
            data.lookalikes.clone()
        } else {
            let mut targets = data.targets.clone();
            for (name, json) in &self.targets {
                targets.extend(parse_targets(&data.psl, name, json)?);
            }
            Arc::new(Lookalikes::new(brands(&data.catalogue, &targets)))
        };
        Ok(Engine { data, policy: Arc::new(policy), lookalikes })
    }
}

impl Engine {
    /// An engine with the shipped data, the `default` preset and no user settings.
    ///
    /// # Errors
    /// Only if the shipped data is broken (the test suite makes sure it is not).
    pub fn new() -> Result<Engine, ConfigError> {
        EngineBuilder::default().build()
    }

    /// A builder for an engine with a preset, custom rules or settings.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The active preset id.
    pub fn preset(&self) -> &str {
        &self.policy.preset
    }

    /// Decides what should happen to one link.
    ///
    /// Never panics and never fails: an unparsable `href` yields a `warn` decision with reason `invalid_url`.
    pub fn classify(&self, input: &LinkInput<'_>) -> Decision {
        let analysis = self.analyzer().analyze(input.href, input.text, true);
        let outcome = self.policy.decide(&facts(&analysis, input.context));
        let registrable_domain = analysis.registrable().map(str::to_owned);
        let host_ascii = analysis.host().map(str::to_owned);
        Decision {
            action: outcome.action,
            platform: analysis.platform.map(|p| self.data.catalogue.platforms[p].reference.clone()),
            category: analysis.category,
            reasons: analysis.reasons,
            rule_id: outcome.rule_id.clone(),
            notice: outcome.notice.map(|(_, key)| key.clone()),
            registrable_domain,
            host_ascii,
            host_unicode: analysis.host_unicode,
            // The canonical URL is the parser's own serialisation, moved rather than copied.
            canonical_url: analysis.url.map(String::from),
            clean_url: analysis.clean,
            unwrapped_from: analysis.unwrapped_from,
        }
    }

    /// The compact answer for the same link: the action, platform, reason codes and notice that
    /// [`Engine::classify`] would give, without the display strings and reason details. This is the hot path (the
    /// extension marks every link in a chat with it); [`Engine::classify`] is for the link the user opens.
    ///
    /// # Examples
    /// ```
    /// use linkgate::{Action, ChatContext, Engine, LinkInput, ReasonCode};
    ///
    /// let engine = Engine::new()?;
    /// let link = LinkInput::new("https://taobao.com@evil.example/", ChatContext::Group);
    /// let v = engine.verdict(&link);
    /// assert_eq!(v.action, Action::Warn);
    /// assert!(v.reasons.contains(ReasonCode::CredentialsInUrl));
    /// assert_eq!(v.action, engine.classify(&link).action);
    /// # Ok::<(), linkgate::ConfigError>(())
    /// ```
    pub fn verdict(&self, input: &LinkInput<'_>) -> Verdict {
        let analysis = self.analyzer().analyze(input.href, input.text, false);
        let outcome = self.policy.decide(&facts(&analysis, input.context));
        Verdict {
            action: outcome.action,
            // The catalogue has far fewer than 65,536 platforms (checked when it is compiled).
            platform: analysis.platform.and_then(|p| u16::try_from(p).ok()),
            reasons: analysis.codes,
            notice: outcome.notice.map(|(i, _)| i),
        }
    }

    /// What the active rules and settings do with a plain link to each catalogue platform (its first domain,
    /// `https`, no risk), in each chat context: the preset matrix the options page shows. An engine built without
    /// opt-ins shows the preset's (and custom rules') own answers.
    pub fn platform_matrix(&self) -> Vec<PlatformActions> {
        let cat = &self.data.catalogue;
        cat.platforms
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let host = (!p.primary_domain.is_empty()).then_some(p.primary_domain.as_str());
                let registrable = host.and_then(|h| self.data.psl.registrable(h));
                let cell = |context| {
                    let facts = Facts {
                        platform: Some(i),
                        category: Some(p.category),
                        host,
                        registrable_domain: registrable,
                        reasons: ReasonSet::EMPTY,
                        context,
                    };
                    let outcome = self.policy.decide(&facts);
                    CellOutcome { action: outcome.action, rule_id: outcome.rule_id.clone() }
                };
                PlatformActions {
                    id: p.reference.id.clone(),
                    direct: cell(ChatContext::Direct),
                    group: cell(ChatContext::Group),
                    feed: cell(ChatContext::Feed),
                }
            })
            .collect()
    }

    /// Checks a domain a user wants to trust: it must be a registrable domain (eTLD+1). Returns it as lower-case
    /// ASCII (`淘宝.com` becomes its punycode form).
    ///
    /// # Errors
    /// A message for people: `'http://x' is not a domain: give only the domain, such as taobao.com`,
    /// `'com' is a public suffix, not a registrable domain`, `'item.taobao.com' is a subdomain; trust its registrable
    /// domain 'taobao.com' instead`.
    pub fn check_trusted_domain(&self, raw: &str) -> Result<String, DomainError> {
        validate_domain(raw, &|h| self.data.psl.registrable(h).map(str::to_owned))
    }

    /// The notice keys [`Verdict::notice`] indexes, in the order of the rules that carry them.
    pub fn notices(&self) -> &[Arc<str>] {
        &self.policy.notices
    }

    /// Finds URLs, share codes and mini-program paths in chat text, in text order; URLs come with their decision in
    /// `context`.
    ///
    /// Scheme-less URLs count only when their suffix is a listed public suffix (`jd.com` yes, `file.txt` no).
    /// Share codes:
    /// - wrapped codes (`￥AbCd1234￥`, `€…€`, mixed `￥…$`), attributed to the platform named earliest in the text
    ///   (Taobao when none is);
    /// - `(…)` / `/…/` codes when the text names Taobao or Tmall or carries a Taobao/Tmall link, and the
    ///   `7(C8G93R9Dtxy)/` command form on its own;
    /// - Douyin's `Xyz:/` codes when the text names Douyin, Xiaohongshu's emoji-wrapped codes
    ///   (`😆 uvdE5BDEqh0P51h 😆`) when it names Xiaohongshu.
    ///
    /// Attribution reads the whole `text`: scan one message at a time.
    pub fn scan_text(&self, text: &str, context: ChatContext) -> Vec<Finding> {
        let mut findings = Vec::new();
        let psl = &self.data.psl;
        for span in scan::url_spans(text) {
            let raw = &text[span.clone()];
            if scan::mini_programs::is_mini_program_link(raw) {
                findings.push(Finding::at(FindingKind::MiniProgram, text, span, None));
                continue;
            }
            if !raw.contains("://") {
                let bare = raw.find("//").map_or(raw, |i| &raw[i + 2..]);
                let host = bare.split(['/', '?', '#', ':']).next().unwrap_or("");
                let host = host.to_ascii_lowercase();
                let ascii = idna::domain_to_ascii(&host).unwrap_or_default();
                if !matches!(psl.suffix(&ascii), Some((_, true))) || psl.registrable(&ascii).is_none() {
                    continue;
                }
            }
            let decision = self.classify(&LinkInput::new(raw, context));
            findings.push(Finding {
                kind: FindingKind::Url,
                text: raw.to_owned(),
                start: span.start,
                end: span.end,
                platform: decision.platform.clone(),
                decision: Some(decision),
            });
        }
        let cat = &self.data.catalogue;
        let codes = scan::attribute::codes(text, cat, &findings);
        let platform = |p: Option<usize>| p.map(|p| &cat.platforms[p].reference);
        findings.extend(codes.into_iter().map(|(kind, range, p)| Finding::at(kind, text, range, platform(p))));
        findings.sort_by_key(|f| f.start);
        findings
    }

    fn analyzer(&self) -> Analyzer<'_> {
        Analyzer { catalogue: &self.data.catalogue, psl: &self.data.psl, lookalikes: &self.lookalikes }
    }

    /// The catalogue platforms: `(id, English name, 简体中文 name, category)`, in catalogue order.
    pub fn platforms(&self) -> impl Iterator<Item = (&str, &str, &str, crate::Category)> {
        self.data
            .catalogue
            .platforms
            .iter()
            .map(|p| (&*p.reference.id, p.reference.name.en.as_str(), p.reference.name.zh_cn.as_str(), p.category))
    }

    /// The shipped presets a user can pick, with their parsed files.
    pub fn presets(&self) -> impl Iterator<Item = &RuleSetFile> {
        shipped::PRESET_IDS.iter().filter_map(|id| self.data.presets.get(*id))
    }

    /// Whether `domain` (a registrable domain, lower-case ASCII) is trusted by the settings.
    pub fn trusts(&self, domain: &str) -> bool {
        self.policy.trusts(domain)
    }

    /// The registrable domain (eTLD+1) of a host, per the Public Suffix List.
    pub fn registrable_domain(&self, host: &str) -> Option<String> {
        let ascii = idna::domain_to_ascii(host).ok()?;
        self.data.psl.registrable(&ascii).map(str::to_owned)
    }
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
