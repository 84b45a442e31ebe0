//! Folding: which links of a message collapse into its folded line ("3 shopping links folded · show"), decided by
//! the engine from the rule set's `folds`, the person's choices and the conversation's history, which the caller
//! keeps ([`FoldState`]) and hands in, so the engine stays a pure function of its inputs.
//!
//! A fold never changes a link's action: a folded link that is shown again and opened still gets its warning page.
//!
//! # Precedence
//! 1. The conversation's own choice ([`ChatFolding`]): `never` folds nothing, `all` folds every link.
//! 2. The person's choice for the platform in the context (`folds` in [`crate::Settings`]): `fold` or `show`.
//! 3. The fold rules of the chain (custom rules first, each set's includes before its own), the first that folds:
//!    `always`, `repeat` (the same item again within a window), `bargain` (a share-to-unlock request, [`bargain`]),
//!    `flood` (more than `max` matching links from one sender within a window).
//!
//! Every link is recorded in the state whether it folds or not (its item for `repeat`, its sender's count for each
//! `flood` rule it matches), so a conversation that stops being `never` folds the next repeat.

pub(crate) mod bargain;
mod state;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analyze::{Analysis, Analyzer};
use crate::catalogue::Catalogue;
use crate::decision::{ChatContext, Decision, PlatformRef};
use crate::policy::Facts;
use crate::policy::Policy;
use crate::policy::evaluate::CompiledFold;
use crate::rules::{FoldChoice, FoldKind};
use bargain::Bargains;

pub use state::FoldState;

/// How one conversation folds, as the person set it there ("never fold in this chat", "fold this chat's links").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatFolding {
    /// The rules and the person's per-platform choices decide.
    #[default]
    Auto,
    /// Nothing folds in this conversation.
    Never,
    /// Every link of this conversation folds.
    All,
}

impl ChatFolding {
    /// Every choice, in this order (the extension's facts read it).
    pub const ALL: [ChatFolding; 3] = [ChatFolding::Auto, ChatFolding::Never, ChatFolding::All];

    /// The choice as JSON and the extension write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatFolding::Auto => "auto",
            ChatFolding::Never => "never",
            ChatFolding::All => "all",
        }
    }

    /// Parses `auto`, `never` or `all`.
    pub fn parse(s: &str) -> Option<ChatFolding> {
        match s {
            "auto" => Some(ChatFolding::Auto),
            "never" => Some(ChatFolding::Never),
            "all" => Some(ChatFolding::All),
            _ => None,
        }
    }
}

/// The message a link or share code was posted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    /// The conversation's context.
    pub context: ChatContext,
    /// Who sent it, as the chat names them; `None` when the page cannot tell (no `flood` rule counts it).
    pub sender: Option<&'a str>,
    /// When, in seconds since the Unix epoch; `None` when unknown (plain text): every such message is in one window.
    pub time: Option<u64>,
    /// The message's text, for the words of a share-to-unlock request (`帮我砍一刀`).
    pub text: Option<&'a str>,
    /// The conversation's own folding choice.
    pub folding: ChatFolding,
}

impl<'a> Message<'a> {
    /// A message in `context`, with no sender, time or text, folding as the rules say.
    pub fn new(context: ChatContext) -> Self {
        Message { context, sender: None, time: None, text: None, folding: ChatFolding::Auto }
    }
}

/// What may fold: a link with its [`Decision`], or a share code found in text (a [`crate::Finding`] of kind
/// `token`) with the platform it was attributed to.
#[derive(Debug, Clone, Copy)]
pub enum Foldable<'a> {
    /// A link, decided in the message's context.
    Link(&'a Decision),
    /// A share code as written, and its platform.
    Code {
        /// The code (`￥AbCd1234￥`).
        code: &'a str,
        /// The platform it opens, if known.
        platform: Option<&'a PlatformRef>,
    },
}

/// Why a link folds: the kind of fold and the step that decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fold {
    /// `always` for the conversation's and the person's choices and for `always` rules; else the rule's kind.
    pub kind: FoldKind,
    /// `chat.fold_all`, `user.fold`, or `<ruleset>.<fold rule id>`.
    pub rule_id: Arc<str>,
}

/// The step ids of the folds that are not rules.
pub(crate) const CHAT_FOLD_ALL: &str = "chat.fold_all";
pub(crate) const USER_FOLD: &str = "user.fold";

/// What the person chose for the platform, as the first two steps of the precedence see it.
pub(crate) fn chosen(folding: ChatFolding, choice: Option<FoldChoice>) -> Option<Option<Fold>> {
    let fold = |id: &str| Some(Fold { kind: FoldKind::Always, rule_id: Arc::from(id) });
    match (folding, choice) {
        (ChatFolding::Never, _) => Some(None),
        (ChatFolding::All, _) => Some(fold(CHAT_FOLD_ALL)),
        (ChatFolding::Auto, Some(FoldChoice::Show)) => Some(None),
        (ChatFolding::Auto, Some(FoldChoice::Fold)) => Some(fold(USER_FOLD)),
        (ChatFolding::Auto, None) => None,
    }
}

/// What the fold rules look at in one link or code.
struct Subject<'a> {
    platform: Option<usize>,
    category: Option<crate::Category>,
    host: Option<&'a str>,
    registrable_domain: Option<&'a str>,
    reasons: crate::ReasonSet,
    /// The canonical URL's path and query (without `?`), empty for a code.
    path: &'a str,
    query: &'a str,
    /// What makes it the same item as another: `<platform>:<item id>`, the clean URL, or `code:<code>`.
    key: String,
}

impl<'a> Subject<'a> {
    /// A link's subject: what its decision or its analysis says (`self`, with no path, query or key yet) and its
    /// canonical URL, whose path and query it reads. The key is the platform's item id, or else the clean URL
    /// (`clean`, asked for only then), or the canonical URL.
    fn with_url(self, catalogue: &Catalogue, canonical_url: &'a str, clean: impl FnOnce() -> Option<String>) -> Self {
        let (path, query) = path_and_query(canonical_url);
        let item_id = self.platform.and_then(|p| {
            let entry = &catalogue.platforms[p];
            entry.item_ids.iter().find_map(|pattern| pattern.read(path, query)).map(|id| (entry, id))
        });
        let key = match item_id {
            Some((entry, id)) => format!("{}:{id}", entry.reference.id),
            None => clean().unwrap_or_else(|| canonical_url.to_owned()),
        };
        Subject { path, query, key, ..self }
    }

    fn of(catalogue: &Catalogue, item: Foldable<'a>) -> Subject<'a> {
        match item {
            Foldable::Link(d) => Subject {
                platform: d.platform.as_ref().and_then(|p| catalogue.platform_index(&p.id)),
                category: d.category,
                host: d.host_ascii.as_deref(),
                registrable_domain: d.registrable_domain.as_deref(),
                reasons: d.reason_codes().collect(),
                path: "",
                query: "",
                key: String::new(),
            }
            .with_url(catalogue, d.canonical_url.as_deref().unwrap_or(""), || d.clean_url.clone()),
            Foldable::Code { code, platform } => {
                let platform = platform.and_then(|p| catalogue.platform_index(&p.id));
                Subject {
                    platform,
                    category: platform.map(|p| catalogue.platforms[p].category),
                    host: None,
                    registrable_domain: None,
                    reasons: crate::ReasonSet::EMPTY,
                    path: "",
                    query: "",
                    key: code_key(code),
                }
            }
        }
    }
}

/// The key of a share code: its letters and digits without the wrapping (`￥AbCd1234￥` and `€AbCd1234€` are one
/// code), or the trimmed text when it has none.
fn code_key(code: &str) -> String {
    let core: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    if core.is_empty() { format!("code:{}", code.trim()) } else { format!("code:{core}") }
}

/// The path and the query (without `?`) of a canonical (WHATWG-serialised) URL; empty for one without `//`.
fn path_and_query(url: &str) -> (&str, &str) {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else { return ("", "") };
    let rest = rest.split('#').next().unwrap_or("");
    let Some(slash) = rest.find('/') else { return ("", "") };
    let rest = &rest[slash..];
    match rest.split_once('?') {
        Some((path, query)) => (path, query),
        None => (rest, ""),
    }
}

/// The fold of one link or code (see the module docs), recording it in `state`.
pub(crate) fn decide(
    catalogue: &Catalogue,
    bargains: &Bargains,
    policy: &Policy,
    item: Foldable<'_>,
    message: &Message<'_>,
    state: &mut FoldState,
) -> Option<Fold> {
    decide_subject(bargains, policy, &Subject::of(catalogue, item), message, state)
}

/// The fold of one link from its analysis (the verdict path's, [`crate::Engine::fold_link`]): the same as
/// [`decide`] with the link's [`crate::Decision`], without building it.
pub(crate) fn decide_analysed(
    analyzer: &Analyzer<'_>,
    bargains: &Bargains,
    policy: &Policy,
    analysis: &Analysis<'_>,
    href: &str,
    message: &Message<'_>,
    state: &mut FoldState,
) -> Option<Fold> {
    let urls = analyzer.fold_urls(analysis, href);
    let subject = Subject {
        platform: analysis.platform,
        category: analysis.category,
        host: analysis.host(),
        registrable_domain: analysis.registrable(),
        reasons: analysis.codes,
        path: "",
        query: "",
        key: String::new(),
    }
    .with_url(analyzer.catalogue, urls.as_str(), || urls.clean(analyzer, analysis.platform));
    decide_subject(bargains, policy, &subject, message, state)
}

fn decide_subject(
    bargains: &Bargains,
    policy: &Policy,
    subject: &Subject<'_>,
    message: &Message<'_>,
    state: &mut FoldState,
) -> Option<Fold> {
    let facts = Facts {
        platform: subject.platform,
        category: subject.category,
        host: subject.host,
        registrable_domain: subject.registrable_domain,
        reasons: subject.reasons,
        context: message.context,
    };
    let now = message.time.unwrap_or(0);
    let last_seen = (!subject.key.is_empty()).then(|| state.last_seen(&subject.key)).flatten();
    let mut bargain: Option<bool> = None;
    let mut first: Option<&CompiledFold> = None;
    for rule in &policy.folds {
        if !rule.matches(&facts) {
            continue;
        }
        let fires = match rule.kind {
            FoldKind::Always => true,
            FoldKind::Repeat => last_seen.is_some_and(|last| last <= now && now - last <= rule.window_seconds),
            FoldKind::Bargain => *bargain.get_or_insert_with(|| {
                subject.platform.is_some_and(|p| bargains.in_link(p, subject.path, subject.query))
                    || message.text.is_some_and(|t| bargains.in_text(t))
            }),
            // Every flood rule the link matches counts it, whichever rule folds it.
            FoldKind::Flood => {
                message.sender.is_some_and(|s| state.count(&rule.id, s, now, rule.window_seconds) > rule.max)
            }
        };
        if fires && first.is_none() {
            first = Some(rule);
        }
    }
    if !subject.key.is_empty() {
        state.saw(&subject.key, now);
    }
    match chosen(message.folding, policy.fold_choice(subject.platform, message.context)) {
        Some(fold) => fold,
        None => first.map(|rule| Fold { kind: rule.kind, rule_id: rule.id.clone() }),
    }
}
