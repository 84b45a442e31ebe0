//! Rule sets, presets and user settings: the file formats (see `docs/rules-format.md`), their validation, and the
//! compiled [`Policy`] that turns the facts about a link into an action.
//!
//! # Precedence
//! 1. Hard safety: `dangerous_scheme` blocks. Risk reasons ([`ReasonCode::is_risk`]) raise the action to at least
//!    the rule set's `risks` action (`warn` unless the set says `block`); nothing below can lower that floor.
//! 2. The user's trusted domains (exact registrable domain) open.
//! 3. The user's per-platform opt-ins (platform x context -> action).
//! 4. The active rule set's rules, first match wins: the custom rule set, then the preset; each set's `include`d
//!    sets are evaluated before the set's own rules.
//! 5. The rule set's per-context default.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::decision::{Action, Category, ChatContext, LocalizedName, ReasonCode};
use crate::error::{ConfigError, parse_json};

/// The id of the preset used when the settings name none.
pub const DEFAULT_PRESET: &str = "default";

/// How deep `include` chains may go.
const MAX_INCLUDE_DEPTH: usize = 4;

// ----------------------------------------------------------------------------------------------------------------
// Validation context: lets field types check values against the catalogue while serde_json still knows the line and
// column, so every error points at the offending value.

struct ParseContext {
    platform_ids: HashSet<String>,
    registrable: Registrable,
}

thread_local! {
    static PARSE_CONTEXT: RefCell<Option<ParseContext>> = const { RefCell::new(None) };
}

fn with_parse_context<R>(ctx: ParseContext, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            PARSE_CONTEXT.with(|c| *c.borrow_mut() = None);
        }
    }
    PARSE_CONTEXT.with(|c| *c.borrow_mut() = Some(ctx));
    let _reset = Reset;
    f()
}

/// A catalogue platform id, checked while parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PlatformId(pub String);

impl<'de> Deserialize<'de> for PlatformId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        PARSE_CONTEXT.with(|c| match &*c.borrow() {
            Some(ctx) if !ctx.platform_ids.contains(&id) => {
                let mut known: Vec<&str> = ctx.platform_ids.iter().map(String::as_str).collect();
                known.sort_unstable();
                Err(de::Error::custom(format!("unknown platform '{id}' (known: {})", known.join(", "))))
            }
            _ => Ok(PlatformId(id)),
        })
    }
}

/// A registrable domain (eTLD+1) such as `taobao.com`, normalised to lower-case ASCII (punycode); checked while
/// parsing against the Public Suffix List.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DomainName(pub String);

impl<'de> Deserialize<'de> for DomainName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        PARSE_CONTEXT.with(|c| match &*c.borrow() {
            Some(ctx) => validate_domain(&raw, &*ctx.registrable).map(DomainName).map_err(de::Error::custom),
            None => Ok(DomainName(raw)),
        })
    }
}

/// A host or domain name in a rule (`taobao.com`, `item.jd.com`), normalised to lower-case ASCII (punycode).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HostName(pub String);

impl<'de> Deserialize<'de> for HostName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        let bad =
            raw.is_empty() || raw.contains(|c: char| c.is_whitespace() || matches!(c, '/' | ':' | '@' | '?' | '#'));
        let ascii = if bad { Err(()) } else { idna::domain_to_ascii(raw.trim_end_matches('.')).map_err(|_| ()) };
        match ascii {
            Ok(a) if !a.is_empty() => Ok(HostName(a)),
            _ => Err(de::Error::custom(format!("'{raw}' is not a domain name (give a host such as taobao.com)"))),
        }
    }
}

/// A condition list must not be empty: `[]` would silently match nothing (or, for reasons, everything).
fn non_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Vec<T>>, D::Error> {
    let items = Vec::<T>::deserialize(d)?;
    if items.is_empty() {
        return Err(de::Error::custom("an empty list matches nothing; remove the field to match every link"));
    }
    Ok(Some(items))
}

/// Checks that `raw` is a registrable domain (eTLD+1), returning it as lower-case ASCII.
///
/// # Errors
/// A message for people: `"'http://x' is not a domain: remove the scheme"` and the like.
pub(crate) fn validate_domain(raw: &str, registrable: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("a domain cannot be empty".to_owned());
    }
    if trimmed.contains("://") || trimmed.contains('/') || trimmed.contains(':') || trimmed.contains('@') {
        return Err(format!("'{raw}' is not a domain: give only the domain, such as taobao.com"));
    }
    let ascii = idna::domain_to_ascii(trimmed.trim_end_matches('.'))
        .map_err(|_| format!("'{raw}' is not a valid domain name"))?;
    if ascii.parse::<std::net::Ipv4Addr>().is_ok() || !ascii.contains('.') {
        return match registrable(&ascii) {
            _ if ascii.parse::<std::net::Ipv4Addr>().is_ok() => {
                Err(format!("'{raw}' is an IP address; only domains can be trusted"))
            }
            _ => Err(format!("'{raw}' is a public suffix, not a registrable domain")),
        };
    }
    match registrable(&ascii) {
        Some(r) if r == ascii => Ok(ascii),
        Some(r) => Err(format!("'{raw}' is a subdomain; trust its registrable domain '{r}' instead")),
        None => Err(format!("'{raw}' is a public suffix, not a registrable domain")),
    }
}

// ----------------------------------------------------------------------------------------------------------------
// File formats.

/// The contexts a rule can name (`unknown` is decided as `group`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleContext {
    /// One-to-one chats.
    Direct,
    /// Group chats (and contexts that could not be determined).
    Group,
    /// Feeds, channels, moments.
    Feed,
}

impl RuleContext {
    fn index(self) -> usize {
        self as usize
    }

    fn of(context: ChatContext) -> RuleContext {
        match context.effective() {
            ChatContext::Direct => RuleContext::Direct,
            ChatContext::Feed => RuleContext::Feed,
            _ => RuleContext::Group,
        }
    }
}

/// A per-context action table (`{"direct": "open", "group": "warn", "feed": "block"}`); missing keys are unset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextActions {
    /// Action in direct chats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direct: Option<Action>,
    /// Action in group chats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Action>,
    /// Action in feeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed: Option<Action>,
}

impl ContextActions {
    fn get(&self, context: RuleContext) -> Option<Action> {
        match context {
            RuleContext::Direct => self.direct,
            RuleContext::Group => self.group,
            RuleContext::Feed => self.feed,
        }
    }
}

/// When a rule applies. Every field is optional; the fields present must all match (AND), and a list matches if any
/// of its items does (OR). An empty condition matches every link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Catalogue platform ids.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_empty")]
    pub platform: Option<Vec<PlatformId>>,
    /// Platform categories.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_empty")]
    pub category: Option<Vec<Category>>,
    /// Domains: the link's host equals one or is a subdomain of one.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_empty")]
    pub domain: Option<Vec<HostName>>,
    /// Chat contexts.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_empty")]
    pub context: Option<Vec<RuleContext>>,
    /// Reason codes: matches if the link has any of them.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "non_empty")]
    pub reason: Option<Vec<ReasonCode>>,
    /// `true`: the link belongs to a catalogue platform; `false`: it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known: Option<bool>,
}

/// One rule: an id unique in its set, a condition and the action to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique within the rule set: lower-case ASCII letters, digits, `_` and `-`.
    pub id: String,
    /// When the rule applies.
    #[serde(default)]
    pub when: Condition,
    /// What to do.
    pub action: Action,
    /// A message key for the warning or block page (for example `wechat_external_link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Free text for people reading the file: why the rule exists, where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A rule set file (a shipped preset or a user's custom rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RuleSetFile {
    /// Must be 1.
    pub schema_version: u32,
    /// Lower-case id; prefixes the rule ids in decisions (`default.catalogue_direct`).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<LocalizedName>,
    /// One plain sentence on what the set does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedName>,
    /// Where the policy comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Shipped rule sets whose rules are evaluated before this set's own rules, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// The floor for risk reasons: `warn` (default) or `block`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risks: Option<Action>,
    /// The rules, first match wins.
    #[serde(default, deserialize_with = "unique_rules")]
    pub rules: Vec<Rule>,
    /// Per-context defaults when no rule matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<ContextActions>,
}

fn unique_rules<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Rule>, D::Error> {
    struct Visitor;
    impl<'de> de::Visitor<'de> for Visitor {
        type Value = Vec<Rule>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of rules")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Rule>, A::Error> {
            let mut rules: Vec<Rule> = Vec::new();
            while let Some(rule) = seq.next_element::<Rule>()? {
                if !is_id(&rule.id) {
                    return Err(de::Error::custom(format!(
                        "rule id '{}' must be lower-case ASCII letters, digits, '_' or '-'",
                        rule.id
                    )));
                }
                if rules.iter().any(|r| r.id == rule.id) {
                    return Err(de::Error::custom(format!("duplicate rule id '{}'", rule.id)));
                }
                rules.push(rule);
            }
            Ok(rules)
        }
    }
    d.deserialize_seq(Visitor)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A user's settings: the preset, per-platform opt-ins and trusted domains.
///
/// ```json
/// { "preset": "default", "optIns": { "taobao": { "group": "open" } }, "trustedDomains": ["example.org"] }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Settings {
    /// Optional; 1 when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<u32>,
    /// A shipped preset id; `default` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Platform id -> per-context action.
    #[serde(default)]
    pub opt_ins: BTreeMap<PlatformId, ContextActions>,
    /// Registrable domains the user trusts: links there open (unless a risk is found).
    #[serde(default)]
    pub trusted_domains: Vec<DomainName>,
}

// ----------------------------------------------------------------------------------------------------------------
// Parsing.

/// Parses rule and settings files against the catalogue and the Public Suffix List.
pub(crate) struct Validator {
    platform_ids: HashSet<String>,
    registrable: Registrable,
}

/// Maps a domain to its registrable domain (eTLD+1), if it has one.
pub(crate) type Registrable = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

impl Validator {
    pub(crate) fn new(catalogue: &Catalogue, registrable: Registrable) -> Self {
        Validator { platform_ids: catalogue.ids().map(str::to_owned).collect(), registrable }
    }

    fn context(&self) -> ParseContext {
        ParseContext { platform_ids: self.platform_ids.clone(), registrable: self.registrable.clone() }
    }

    /// Parses and checks a rule set file.
    pub(crate) fn parse_rules(&self, source_name: &str, text: &str) -> Result<RuleSetFile, ConfigError> {
        let file: RuleSetFile = with_parse_context(self.context(), || parse_json(source_name, text))?;
        if file.schema_version != crate::catalogue::SCHEMA_VERSION {
            return Err(ConfigError::new(
                source_name,
                "schemaVersion",
                format!("unsupported schemaVersion {}; this build reads 1", file.schema_version),
            ));
        }
        if !is_id(&file.id) {
            return Err(ConfigError::new(
                source_name,
                "id",
                "the id must be lower-case ASCII letters, digits, '_' or '-'",
            ));
        }
        if matches!(file.risks, Some(Action::Open)) {
            return Err(ConfigError::new(source_name, "risks", "risks can be 'warn' or 'block', never 'open'"));
        }
        Ok(file)
    }

    /// Parses and checks a settings file.
    pub(crate) fn parse_settings(&self, source_name: &str, text: &str) -> Result<Settings, ConfigError> {
        let settings: Settings = with_parse_context(self.context(), || parse_json(source_name, text))?;
        if let Some(v) = settings.schema_version
            && v != crate::catalogue::SCHEMA_VERSION
        {
            return Err(ConfigError::new(
                source_name,
                "schemaVersion",
                format!("unsupported schemaVersion {v}; this build reads 1"),
            ));
        }
        Ok(settings)
    }
}

// ----------------------------------------------------------------------------------------------------------------
// The compiled policy.

#[derive(Debug)]
struct CompiledRule {
    id: Arc<str>,
    platforms: Option<Vec<usize>>,
    categories: Option<Vec<Category>>,
    domains: Option<Vec<String>>,
    contexts: u8,
    reasons: u32,
    known: Option<bool>,
    action: Action,
    /// The notice key and its index in [`Policy::notices`].
    notice: Option<(u16, Arc<str>)>,
}

/// The facts the policy decides on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'a> {
    pub(crate) platform: Option<usize>,
    pub(crate) category: Option<Category>,
    pub(crate) host: Option<&'a str>,
    pub(crate) registrable_domain: Option<&'a str>,
    /// Bit `1 << code as u32` for each reason present.
    pub(crate) reasons: u32,
    pub(crate) context: ChatContext,
}

/// The outcome of [`Policy::decide`], borrowed from the policy (nothing is cloned on the hot path).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome<'p> {
    pub(crate) action: Action,
    pub(crate) rule_id: &'p Arc<str>,
    /// The notice key and its index in [`Policy::notices`].
    pub(crate) notice: Option<(u16, &'p Arc<str>)>,
}

/// Everything that turns facts into an action: the compiled rule chain, defaults, the risk floor, the user's
/// opt-ins and trusted domains. Immutable; a settings change builds a new one.
#[derive(Debug)]
pub(crate) struct Policy {
    pub(crate) preset: String,
    rules: Vec<CompiledRule>,
    defaults: [(Action, Arc<str>); 3],
    risks: Action,
    trusted: HashSet<String>,
    opt_ins: HashMap<usize, ContextActions>,
    ids: PolicyIds,
    /// Every distinct notice key of the compiled rules, in rule order.
    pub(crate) notices: Vec<Arc<str>>,
    /// The bits of the risk reason codes ([`ReasonCode::is_risk`]).
    risk_mask: u32,
}

#[derive(Debug)]
struct PolicyIds {
    dangerous: Arc<str>,
    risk_floor: Arc<str>,
    trusted: Arc<str>,
    opt_in: Arc<str>,
}

fn reason_bit(code: ReasonCode) -> u32 {
    1 << (code as u32)
}

pub(crate) fn reasons_mask(codes: impl IntoIterator<Item = ReasonCode>) -> u32 {
    codes.into_iter().fold(0, |m, c| m | reason_bit(c))
}

fn risk_mask() -> u32 {
    reasons_mask(ReasonCode::ALL.into_iter().filter(|c| c.is_risk()))
}

impl Policy {
    /// Compiles the `custom` rule sets (highest priority first) layered over the preset chain, with the user's
    /// settings.
    pub(crate) fn compile(
        catalogue: &Catalogue,
        presets: &BTreeMap<String, RuleSetFile>,
        preset_id: &str,
        custom: &[&RuleSetFile],
        settings: &Settings,
        source_name: &str,
    ) -> Result<Policy, ConfigError> {
        let preset = presets.get(preset_id).ok_or_else(|| {
            let known: Vec<&str> = presets.keys().map(String::as_str).collect();
            ConfigError::new(
                source_name,
                "preset",
                format!("unknown preset '{preset_id}' (known: {})", known.join(", ")),
            )
        })?;

        // The chain: custom rules, then the preset, each preceded by its includes (depth-first, no repeats).
        let mut chain: Vec<&RuleSetFile> = Vec::new();
        fn push<'a>(
            set: &'a RuleSetFile,
            presets: &'a BTreeMap<String, RuleSetFile>,
            chain: &mut Vec<&'a RuleSetFile>,
            depth: usize,
            source_name: &str,
        ) -> Result<(), ConfigError> {
            if depth > MAX_INCLUDE_DEPTH {
                return Err(ConfigError::new(source_name, "include", "includes nest too deeply (a cycle?)"));
            }
            if chain.iter().any(|s| std::ptr::eq(*s, set)) {
                return Ok(());
            }
            for (i, name) in set.include.iter().enumerate() {
                let inc = presets.get(name).ok_or_else(|| {
                    ConfigError::new(source_name, format!("include[{i}]"), format!("unknown rule set '{name}'"))
                })?;
                push(inc, presets, chain, depth + 1, source_name)?;
            }
            chain.push(set);
            Ok(())
        }
        // Defaults and the risk floor come from the first set that has them: custom rules before the preset, and
        // each of those before what it includes.
        let mut priority: Vec<&RuleSetFile> = Vec::new();
        for root in custom.iter().copied().chain([preset]) {
            let start = chain.len();
            push(root, presets, &mut chain, 0, source_name)?;
            priority.push(root);
            priority.extend(chain[start..].iter().filter(|s| !std::ptr::eq(**s, root)));
        }

        let mut rules = Vec::new();
        let mut notices: Vec<Arc<str>> = Vec::new();
        for set in &chain {
            for rule in &set.rules {
                let notice = rule.notice.as_deref().map(|key| match notices.iter().position(|n| &**n == key) {
                    Some(i) => (i, notices[i].clone()),
                    None => {
                        notices.push(Arc::from(key));
                        (notices.len() - 1, notices[notices.len() - 1].clone())
                    }
                });
                let notice = match notice {
                    Some((i, key)) => Some((
                        u16::try_from(i)
                            .map_err(|_| ConfigError::new(source_name, "rules", "more than 65,535 distinct notices"))?,
                        key,
                    )),
                    None => None,
                };
                rules.push(compile_rule(catalogue, &set.id, rule, notice));
            }
        }
        let default_for = |pick: fn(&ContextActions) -> Option<Action>| -> (Action, Arc<str>) {
            priority
                .iter()
                .find_map(|set| {
                    set.defaults.as_ref().and_then(pick).map(|a| (a, Arc::from(format!("{}.default", set.id))))
                })
                .unwrap_or_else(|| (Action::Warn, Arc::from("safety.no_default")))
        };
        let defaults = [default_for(|d| d.direct), default_for(|d| d.group), default_for(|d| d.feed)];
        let risks = priority.iter().find_map(|set| set.risks);

        let mut opt_ins = HashMap::new();
        for (id, actions) in &settings.opt_ins {
            let index = catalogue.platform_index(&id.0).ok_or_else(|| {
                ConfigError::new(source_name, format!("optIns.{}", id.0), format!("unknown platform '{}'", id.0))
            })?;
            opt_ins.insert(index, *actions);
        }

        Ok(Policy {
            preset: preset_id.to_owned(),
            rules,
            defaults,
            risks: risks.unwrap_or(Action::Warn),
            trusted: settings.trusted_domains.iter().map(|d| d.0.clone()).collect(),
            opt_ins,
            ids: PolicyIds {
                dangerous: Arc::from("safety.dangerous_scheme"),
                risk_floor: Arc::from("safety.risk_floor"),
                trusted: Arc::from("user.trusted_domain"),
                opt_in: Arc::from("user.opt_in"),
            },
            notices,
            risk_mask: risk_mask(),
        })
    }

    /// Decides the action for a link, following the precedence in the module docs.
    pub(crate) fn decide(&self, facts: &Facts<'_>) -> Outcome<'_> {
        if facts.reasons & reason_bit(ReasonCode::DangerousScheme) != 0 {
            return Outcome { action: Action::Block, rule_id: &self.ids.dangerous, notice: None };
        }
        let context = RuleContext::of(facts.context);
        let outcome = self.decide_below_safety(facts, context);
        if facts.reasons & self.risk_mask != 0 && outcome.action < self.risks {
            return Outcome { action: self.risks, rule_id: &self.ids.risk_floor, notice: outcome.notice };
        }
        outcome
    }

    fn decide_below_safety(&self, facts: &Facts<'_>, context: RuleContext) -> Outcome<'_> {
        if let Some(domain) = facts.registrable_domain
            && self.trusted.contains(domain)
        {
            return Outcome { action: Action::Open, rule_id: &self.ids.trusted, notice: None };
        }
        if let Some(platform) = facts.platform
            && let Some(action) = self.opt_ins.get(&platform).and_then(|o| o.get(context))
        {
            return Outcome { action, rule_id: &self.ids.opt_in, notice: None };
        }
        for rule in &self.rules {
            if rule.matches(facts, context) {
                return Outcome {
                    action: rule.action,
                    rule_id: &rule.id,
                    notice: rule.notice.as_ref().map(|(i, key)| (*i, key)),
                };
            }
        }
        let (action, id) = &self.defaults[context.index()];
        Outcome { action: *action, rule_id: id, notice: None }
    }

    /// Whether `domain` (a registrable domain) is in the user's trusted domains.
    pub(crate) fn trusts(&self, domain: &str) -> bool {
        self.trusted.contains(domain)
    }
}

fn compile_rule(catalogue: &Catalogue, set_id: &str, rule: &Rule, notice: Option<(u16, Arc<str>)>) -> CompiledRule {
    let w = &rule.when;
    CompiledRule {
        id: Arc::from(format!("{set_id}.{}", rule.id)),
        // Platform ids were checked against the catalogue while parsing; an unknown id (impossible) matches nothing.
        platforms: w.platform.as_ref().map(|ids| ids.iter().filter_map(|id| catalogue.platform_index(&id.0)).collect()),
        categories: w.category.clone(),
        domains: w.domain.as_ref().map(|ds| ds.iter().map(|d| d.0.clone()).collect()),
        contexts: w.context.as_ref().map_or(0b111, |cs| cs.iter().fold(0u8, |m, c| m | (1 << c.index()))),
        reasons: w.reason.as_ref().map_or(0, |rs| reasons_mask(rs.iter().copied())),
        known: w.known,
        action: rule.action,
        notice,
    }
}

impl CompiledRule {
    fn matches(&self, facts: &Facts<'_>, context: RuleContext) -> bool {
        if self.contexts & (1 << context.index()) == 0 {
            return false;
        }
        if self.reasons != 0 && self.reasons & facts.reasons == 0 {
            return false;
        }
        if let Some(known) = self.known
            && known != facts.platform.is_some()
        {
            return false;
        }
        if let Some(ps) = &self.platforms
            && !facts.platform.is_some_and(|p| ps.contains(&p))
        {
            return false;
        }
        if let Some(cs) = &self.categories
            && !facts.category.is_some_and(|c| cs.contains(&c))
        {
            return false;
        }
        if let Some(ds) = &self.domains {
            let Some(host) = facts.host else { return false };
            if !ds.iter().any(|d| host == d || host.strip_suffix(d.as_str()).is_some_and(|p| p.ends_with('.'))) {
                return false;
            }
        }
        true
    }
}

/// Parses the shipped presets (already validated by the tests) into a map by id.
pub(crate) fn parse_presets(
    validator: &Validator,
    files: &[(&str, &str)],
) -> Result<BTreeMap<String, RuleSetFile>, ConfigError> {
    let mut map = BTreeMap::new();
    for (name, text) in files {
        let set = validator.parse_rules(name, text)?;
        if map.contains_key(&set.id) {
            return Err(ConfigError::new(name, "id", format!("duplicate preset id '{}'", set.id)));
        }
        map.insert(set.id.clone(), set);
    }
    Ok(map)
}
