//! [`Engine`]: the compiled catalogue, Public Suffix List and policy, answering [`Engine::classify`] and
//! [`Engine::scan_text`].

use std::sync::Arc;

use crate::ChatContext;
use crate::analyze::{Analysis, Analyzer};
use crate::data::{Data, brands, parse_targets, shipped};
use crate::decision::{Decision, LinkInput, PlatformRef, Verdict};
use crate::error::ConfigError;
use crate::fold::{Fold, FoldState, Foldable, Message};
use crate::host::lookalike::Lookalikes;
use crate::policy::validate::{DomainError, validate_domain};
use crate::policy::{DEFAULT_PRESET, Facts, Policy};
use crate::reason::ReasonSet;
use crate::rules::{RuleSetFile, Settings};
use crate::scan::{self, Finding, FindingKind};

/// What the policy decides on, borrowed from an analysis.
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

/// A link's verdict and its fold ([`Engine::fold_link`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFold {
    /// What [`Engine::verdict`] gives.
    pub verdict: Verdict,
    /// The platform's category for this host ([`Decision::category`]).
    pub category: Option<crate::Category>,
    /// What [`Engine::fold`] gives with the link's decision: `None`, it shows.
    pub fold: Option<Fold>,
}

/// What the rules decide for a plain link to one platform in one context: see [`Engine::platform_matrix`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellOutcome {
    /// The action.
    pub action: crate::Action,
    /// The step that decided (as in [`Decision::rule_id`]).
    pub rule_id: Arc<str>,
    /// The kinds of the fold rules that look at such a link there (`repeat`, `bargain`, ...), in rule order and
    /// once each: what may fold it, before the person's choice.
    pub folds: Vec<crate::rules::FoldKind>,
    /// The person's folding choice for the platform there (`folds` in the settings), if any.
    pub fold_choice: Option<crate::rules::FoldChoice>,
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
        self.verdict_of(&analysis, input.context)
    }

    /// A link's verdict and its fold in one: the same as [`Engine::verdict`] and [`Engine::fold`] with the link's
    /// [`Engine::classify`] decision, without building the decision (its display strings and reason details). This
    /// is what folding a chat's messages calls for each link. `state` records the link, as [`Engine::fold`] does.
    ///
    /// # Examples
    /// ```
    /// use linkgate::{Action, ChatContext, Engine, FoldState, LinkInput, Message};
    ///
    /// let engine = Engine::new()?;
    /// let mut chat = FoldState::new();
    /// let message = Message::new(ChatContext::Group);
    /// let link = LinkInput::new("https://item.taobao.com/item.htm?id=42", ChatContext::Group);
    /// let first = engine.fold_link(&link, &message, &mut chat);
    /// assert_eq!((first.verdict.action, first.fold), (Action::Warn, None), "the first time it shows");
    /// let again = engine.fold_link(&link, &message, &mut chat).fold.expect("a repeat folds");
    /// assert_eq!(&*again.rule_id, "default.repeats_in_groups");
    /// # Ok::<(), linkgate::ConfigError>(())
    /// ```
    pub fn fold_link(&self, input: &LinkInput<'_>, message: &Message<'_>, state: &mut FoldState) -> LinkFold {
        let analyzer = self.analyzer();
        let analysis = analyzer.analyze(input.href, input.text, false);
        let verdict = self.verdict_of(&analysis, input.context);
        let fold = crate::fold::decide_analysed(
            &analyzer,
            &self.data.bargains,
            &self.policy,
            &analysis,
            input.href,
            message,
            state,
        );
        LinkFold { verdict, category: analysis.category, fold }
    }

    fn verdict_of(&self, analysis: &Analysis<'_>, context: ChatContext) -> Verdict {
        let outcome = self.policy.decide(&facts(analysis, context));
        Verdict {
            action: outcome.action,
            // The catalogue has far fewer than 65,536 platforms (checked when it is compiled).
            platform: analysis.platform.and_then(|p| u16::try_from(p).ok()),
            reasons: analysis.codes,
            notice: outcome.notice.map(|(i, _)| i),
            short_link: self.analysed_short_link(analysis),
        }
    }

    /// Whether a link or share code folds into its message's folded line, and why (`None`: it shows). `state` is the
    /// conversation's history, which the caller keeps and passes for every item of the conversation in message
    /// order; this records the item in it. The fold never changes the item's action.
    ///
    /// # Examples
    /// ```
    /// use linkgate::{ChatContext, Engine, FoldState, Foldable, LinkInput, Message};
    ///
    /// let engine = Engine::new()?;
    /// let mut chat = FoldState::new();
    /// let message = Message::new(ChatContext::Group);
    /// let link = engine.classify(&LinkInput::new("https://item.taobao.com/item.htm?id=42", ChatContext::Group));
    /// assert_eq!(engine.fold(Foldable::Link(&link), &message, &mut chat), None, "the first time it shows");
    /// let again = engine.fold(Foldable::Link(&link), &message, &mut chat).expect("a repeat folds");
    /// assert_eq!(&*again.rule_id, "default.repeats_in_groups");
    /// # Ok::<(), linkgate::ConfigError>(())
    /// ```
    pub fn fold(&self, item: Foldable<'_>, message: &Message<'_>, state: &mut FoldState) -> Option<Fold> {
        crate::fold::decide(&self.data.catalogue, &self.data.bargains, &self.policy, item, message, state)
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
                    let mut folds = Vec::new();
                    for rule in self.policy.folds.iter().filter(|r| r.matches(&facts)) {
                        if !folds.contains(&rule.kind) {
                            folds.push(rule.kind);
                        }
                    }
                    CellOutcome {
                        action: outcome.action,
                        rule_id: outcome.rule_id.clone(),
                        folds,
                        fold_choice: self.policy.fold_choice(Some(i), context),
                    }
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
        crate::order::sort_by_key(&mut findings, |f| f.start);
        findings
    }

    fn analyzer(&self) -> Analyzer<'_> {
        Analyzer { catalogue: &self.data.catalogue, psl: &self.data.psl, lookalikes: &self.lookalikes }
    }

    /// The catalogue platforms with their categories, in catalogue order (the order [`Verdict::platform`] indexes).
    pub fn platforms(&self) -> impl Iterator<Item = (&PlatformRef, crate::Category)> {
        self.data.catalogue.platforms.iter().map(|p| (&p.reference, p.category))
    }

    /// The catalogue platform a [`Verdict::platform`] names (an index into [`Engine::platforms`]).
    pub fn platform_at(&self, index: u16) -> Option<&PlatformRef> {
        self.data.catalogue.platforms.get(usize::from(index)).map(|p| &p.reference)
    }

    /// The shipped presets a user can pick, with their parsed files.
    pub fn presets(&self) -> impl Iterator<Item = &RuleSetFile> {
        shipped::PRESET_IDS.iter().filter_map(|id| self.data.presets.get(*id))
    }

    /// Whether `domain` (a registrable domain, lower-case ASCII) is trusted by the settings.
    pub fn trusts(&self, domain: &str) -> bool {
        self.policy.trusts(domain)
    }

    /// The shared data (for `crate::resolve`).
    pub(crate) fn data(&self) -> &Data {
        &self.data
    }

    /// Whether `href` is an http(s) link on a short-link host (a platform's or a generic shortener), which
    /// [`crate::resolve::Resolver`] can follow to where it goes.
    pub fn is_short_link(&self, href: &str) -> bool {
        self.short_link_url(href).is_some()
    }

    /// The short link `href` is, or leads to through redirect wrappers the engine unwraps
    /// (`l.facebook.com/l.php?u=https://bit.ly/x` is `https://bit.ly/x`): the URL to resolve.
    pub(crate) fn short_link_url(&self, href: &str) -> Option<url::Url> {
        let short = |u: &url::Url| crate::resolve::is_short(&self.data.catalogue, u);
        if let Ok(u) = url::Url::parse(href.trim())
            && short(&u)
        {
            return Some(u);
        }
        self.analyzer().analyze(href, None, false).url.filter(short)
    }

    /// Whether an analysed link is a short link (as [`Engine::is_short_link`] says): for [`Verdict::short_link`].
    fn analysed_short_link(&self, analysis: &Analysis<'_>) -> bool {
        analysis.short_link || analysis.codes.contains(crate::ReasonCode::Shortener)
    }

    /// The limits of resolving one short link (`rules/short_links.json`).
    pub fn short_link_limits(&self) -> crate::resolve::Limits {
        self.data.short_links.limits
    }

    /// The registrable domain (eTLD+1) of a host, per the Public Suffix List.
    pub fn registrable_domain(&self, host: &str) -> Option<String> {
        let ascii = idna::domain_to_ascii(host).ok()?;
        self.data.psl.registrable(&ascii).map(str::to_owned)
    }
}
