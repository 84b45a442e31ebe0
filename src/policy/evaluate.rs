//! The compiled [`Policy`]: the rule chain, the defaults, the risk floor, the user's opt-ins and trusted domains,
//! turning the facts about a link into an action in the order of the precedence (`super`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::format::{
    Condition, ContextActions, ContextFolds, FoldChoice, FoldKind, FoldRule, PlatformId, Rule, RuleContext,
    RuleSetFile, Settings,
};
use crate::catalogue::Catalogue;
use crate::decision::{Action, Category, ChatContext};
use crate::error::ConfigError;
use crate::host::is_same_or_subdomain;
use crate::reason::{ReasonCode, ReasonSet};

/// How deep `include` chains may go.
const MAX_INCLUDE_DEPTH: usize = 4;

/// A compiled [`Condition`](super::format::Condition).
#[derive(Debug)]
struct Matcher {
    platforms: Option<Vec<usize>>,
    categories: Option<Vec<Category>>,
    domains: Option<Vec<String>>,
    contexts: u8,
    reasons: ReasonSet,
    known: Option<bool>,
}

#[derive(Debug)]
struct CompiledRule {
    id: Arc<str>,
    when: Matcher,
    action: Action,
    /// The notice key and its index in [`Policy::notices`].
    notice: Option<(u16, Arc<str>)>,
}

/// A compiled [`FoldRule`]: its id (`<set>.<id>`), condition, kind, window in seconds and maximum.
#[derive(Debug)]
pub(crate) struct CompiledFold {
    pub(crate) id: Arc<str>,
    when: Matcher,
    pub(crate) kind: FoldKind,
    pub(crate) window_seconds: u64,
    pub(crate) max: usize,
}

impl CompiledFold {
    pub(crate) fn matches(&self, facts: &Facts<'_>) -> bool {
        self.when.matches(facts, RuleContext::of(facts.context))
    }
}

/// The facts the policy decides on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'a> {
    pub(crate) platform: Option<usize>,
    pub(crate) category: Option<Category>,
    pub(crate) host: Option<&'a str>,
    pub(crate) registrable_domain: Option<&'a str>,
    /// The reasons present.
    pub(crate) reasons: ReasonSet,
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
    /// The risk reason codes ([`ReasonCode::is_risk`]).
    risks_set: ReasonSet,
    /// The fold rules of the chain, in the order of the rules.
    pub(crate) folds: Vec<CompiledFold>,
    /// The user's folding choices by platform index.
    fold_choices: HashMap<usize, ContextFolds>,
}

#[derive(Debug)]
struct PolicyIds {
    dangerous: Arc<str>,
    risk_floor: Arc<str>,
    trusted: Arc<str>,
    opt_in: Arc<str>,
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
        let folds =
            chain.iter().flat_map(|set| set.folds.iter().map(|f| compile_fold(catalogue, &set.id, f))).collect();
        let fold_choices = by_platform_index(catalogue, &settings.folds, "folds", source_name)?;
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

        let opt_ins = by_platform_index(catalogue, &settings.opt_ins, "optIns", source_name)?;

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
            risks_set: ReasonSet::risks(),
            folds,
            fold_choices,
        })
    }

    /// The user's folding choice for a platform in a context, if any.
    pub(crate) fn fold_choice(&self, platform: Option<usize>, context: ChatContext) -> Option<FoldChoice> {
        self.fold_choices.get(&platform?)?.get(RuleContext::of(context))
    }

    /// Decides the action for a link, following the precedence in the module docs.
    pub(crate) fn decide(&self, facts: &Facts<'_>) -> Outcome<'_> {
        if facts.reasons.contains(ReasonCode::DangerousScheme) {
            return Outcome { action: Action::Block, rule_id: &self.ids.dangerous, notice: None };
        }
        let context = RuleContext::of(facts.context);
        let outcome = self.decide_below_safety(facts, context);
        if facts.reasons.intersects(self.risks_set) && outcome.action < self.risks {
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
            if rule.when.matches(facts, context) {
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

/// A settings table keyed by platform id (`optIns`, `folds`), keyed by catalogue index instead.
fn by_platform_index<T: Copy>(
    catalogue: &Catalogue,
    table: &BTreeMap<PlatformId, T>,
    field: &str,
    source_name: &str,
) -> Result<HashMap<usize, T>, ConfigError> {
    let mut out = HashMap::new();
    for (id, value) in table {
        let index = catalogue.platform_index(&id.0).ok_or_else(|| {
            ConfigError::new(source_name, format!("{field}.{}", id.0), format!("unknown platform '{}'", id.0))
        })?;
        out.insert(index, *value);
    }
    Ok(out)
}

fn compile_rule(catalogue: &Catalogue, set_id: &str, rule: &Rule, notice: Option<(u16, Arc<str>)>) -> CompiledRule {
    CompiledRule {
        id: Arc::from(format!("{set_id}.{}", rule.id)),
        when: compile_condition(catalogue, &rule.when),
        action: rule.action,
        notice,
    }
}

/// The window of a `repeat` rule without `windowMinutes`, in minutes.
pub(crate) const REPEAT_WINDOW_MINUTES: u32 = 60;
/// The window of a `flood` rule without `windowMinutes`, in minutes.
pub(crate) const FLOOD_WINDOW_MINUTES: u32 = 10;
/// The `max` of a `flood` rule without one.
pub(crate) const FLOOD_MAX: u32 = 3;

fn compile_fold(catalogue: &Catalogue, set_id: &str, rule: &FoldRule) -> CompiledFold {
    let default_window = if rule.fold == FoldKind::Flood { FLOOD_WINDOW_MINUTES } else { REPEAT_WINDOW_MINUTES };
    CompiledFold {
        id: Arc::from(format!("{set_id}.{}", rule.id)),
        when: compile_condition(catalogue, &rule.when),
        kind: rule.fold,
        window_seconds: u64::from(rule.window_minutes.unwrap_or(default_window)) * 60,
        max: rule.max.unwrap_or(FLOOD_MAX) as usize,
    }
}

fn compile_condition(catalogue: &Catalogue, w: &Condition) -> Matcher {
    Matcher {
        // Platform ids were checked against the catalogue while parsing; an unknown id (impossible) matches nothing.
        platforms: w.platform.as_ref().map(|ids| ids.iter().filter_map(|id| catalogue.platform_index(&id.0)).collect()),
        categories: w.category.clone(),
        domains: w.domain.as_ref().map(|ds| ds.iter().map(|d| d.0.clone()).collect()),
        contexts: w.context.as_ref().map_or(0b111, |cs| cs.iter().fold(0u8, |m, c| m | (1 << c.index()))),
        reasons: w.reason.as_ref().map_or(ReasonSet::EMPTY, |rs| rs.iter().copied().collect()),
        known: w.known,
    }
}

impl Matcher {
    fn matches(&self, facts: &Facts<'_>, context: RuleContext) -> bool {
        if self.contexts & (1 << context.index()) == 0 {
            return false;
        }
        if !self.reasons.is_empty() && !self.reasons.intersects(facts.reasons) {
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
            if !ds.iter().any(|d| is_same_or_subdomain(host, d)) {
                return false;
            }
        }
        true
    }
}
