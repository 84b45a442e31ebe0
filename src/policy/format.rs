//! The rule set and settings file formats (`docs/rules-format.md`), as the engine reads and writes them. Values that
//! need the catalogue or the Public Suffix List (platform ids, registrable domains) are checked while parsing, by
//! `policy::validate`; this module holds the shapes.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

use crate::decision::{Action, Category, ChatContext, LocalizedName};
use crate::reason::ReasonCode;

/// A catalogue platform id, checked while parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PlatformId(pub String);

/// A registrable domain (eTLD+1) such as `taobao.com`, normalised to lower-case ASCII (punycode); checked while
/// parsing against the Public Suffix List.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DomainName(pub String);

/// A host or domain name in a rule (`taobao.com`, `item.jd.com`), normalised to lower-case ASCII (punycode).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct HostName(pub String);

impl<'de> Deserialize<'de> for HostName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_str(d, "a host name", |raw| {
            let bad =
                raw.is_empty() || raw.contains(|c: char| c.is_whitespace() || matches!(c, '/' | ':' | '@' | '?' | '#'));
            let ascii = if bad {
                Err(())
            } else {
                crate::host::domain_to_ascii(raw.trim_end_matches('.')).map(|a| a.into_owned()).map_err(|_| ())
            };
            match ascii {
                Ok(a) if !a.is_empty() => Ok(HostName(a)),
                _ => Err(format!("'{raw}' is not a domain name (give a host such as taobao.com)")),
            }
        })
    }
}

/// A string checked while it is read: the check's error is raised inside the deserializer's own string read, so
/// serde_json reports it where the string is written (and `json::path_at` names it), not at the end of its list.
pub(crate) fn checked_str<'de, D: Deserializer<'de>, T>(
    d: D,
    expecting: &'static str,
    check: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Visitor<F>(F, &'static str);
    impl<'de, T, F: FnOnce(&str) -> Result<T, String>> de::Visitor<'de> for Visitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.1)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Visitor(check, expecting))
}

/// A list checked while it is read: `check` sees the whole list before the deserializer leaves it, so serde_json
/// reports its error at the list's closing bracket (and `json::path_at` names the list).
pub(crate) fn checked_seq<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    expecting: &'static str,
    check: impl FnOnce(&[T]) -> Result<(), String>,
) -> Result<Vec<T>, D::Error> {
    struct Visitor<T, F>(F, &'static str, std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>, F: FnOnce(&[T]) -> Result<(), String>> de::Visitor<'de> for Visitor<T, F> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.1)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<T>()? {
                items.push(item);
            }
            (self.0)(&items).map_err(de::Error::custom)?;
            Ok(items)
        }
    }
    d.deserialize_seq(Visitor(check, expecting, std::marker::PhantomData))
}

/// A condition list must not be empty: `[]` would silently match nothing (or, for reasons, everything).
fn non_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Vec<T>>, D::Error> {
    checked_seq(d, "a list", |items: &[T]| {
        if items.is_empty() {
            return Err("an empty list matches nothing; remove the field to match every link".to_owned());
        }
        Ok(())
    })
    .map(Some)
}

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
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn of(context: ChatContext) -> RuleContext {
        match context.effective() {
            ChatContext::Direct => RuleContext::Direct,
            ChatContext::Feed => RuleContext::Feed,
            _ => RuleContext::Group,
        }
    }
}

/// A table with one optional value per chat context a rule names (`{"direct": …, "group": …, "feed": …}`); missing
/// keys are unset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerContext<T> {
    /// In direct chats.
    #[serde(default = "unset", skip_serializing_if = "Option::is_none")]
    pub direct: Option<T>,
    /// In group chats.
    #[serde(default = "unset", skip_serializing_if = "Option::is_none")]
    pub group: Option<T>,
    /// In feeds.
    #[serde(default = "unset", skip_serializing_if = "Option::is_none")]
    pub feed: Option<T>,
}

/// A missing key. (`#[serde(default)]` would ask `T: Default` of every table, though `None` needs nothing.)
fn unset<T>() -> Option<T> {
    None
}

impl<T: Copy> PerContext<T> {
    pub(crate) fn get(&self, context: RuleContext) -> Option<T> {
        match context {
            RuleContext::Direct => self.direct,
            RuleContext::Group => self.group,
            RuleContext::Feed => self.feed,
        }
    }
}

/// A per-context action table (`{"direct": "open", "group": "warn", "feed": "block"}`); missing keys are unset.
pub type ContextActions = PerContext<Action>;

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

/// What makes a fold rule fold a link (`docs/folding.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoldKind {
    /// Every link the condition matches.
    Always,
    /// The same item seen again in the conversation within `windowMinutes` (60 by default): the same clean URL, the
    /// same item id across a platform's hosts (`itemIds`), the same share code. The first one shows.
    Repeat,
    /// A share-to-unlock request: Pinduoduo's 砍一刀 and 助力 and their kind (`rules/share_to_unlock.json`), by the
    /// link's shape or the message's words.
    Bargain,
    /// More than `max` links (3 by default) the condition matches from one sender within `windowMinutes` (10 by
    /// default): the first `max` show, the rest fold.
    Flood,
}

impl FoldKind {
    /// Every kind, in this order (the extension's facts and locale keys read it).
    pub const ALL: [FoldKind; 4] = [FoldKind::Always, FoldKind::Repeat, FoldKind::Bargain, FoldKind::Flood];

    /// The kind as the rule files write it.
    pub fn as_str(self) -> &'static str {
        match self {
            FoldKind::Always => "always",
            FoldKind::Repeat => "repeat",
            FoldKind::Bargain => "bargain",
            FoldKind::Flood => "flood",
        }
    }
}

/// One fold rule: which links fold into their message's folded line. Fold never changes a link's action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FoldRule {
    /// Unique within the rule set's `folds`: lower-case ASCII letters, digits, `_` and `-`.
    pub id: String,
    /// Which links the rule looks at (as for [`Rule::when`]).
    #[serde(default)]
    pub when: Condition,
    /// What folds them.
    pub fold: FoldKind,
    /// `repeat` and `flood`: the window in minutes (1 to 10,080, a week).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_minutes: Option<u32>,
    /// `flood`: how many links of one sender show in a window before the rest fold (1 to 1,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Free text for people reading the file.
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
    /// The fold rules, first that folds wins: a custom set's before the preset's, each set's includes first.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "unique_folds")]
    pub folds: Vec<FoldRule>,
}

fn unique_folds<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FoldRule>, D::Error> {
    checked_seq(d, "an array of fold rules", check_folds)
}

fn check_folds(folds: &[FoldRule]) -> Result<(), String> {
    for (i, f) in folds.iter().enumerate() {
        if !is_id(&f.id) {
            return Err(format!("fold rule id '{}' must be lower-case ASCII letters, digits, '_' or '-'", f.id));
        }
        if folds[..i].iter().any(|g| g.id == f.id) {
            return Err(format!("duplicate fold rule id '{}'", f.id));
        }
        let windowed = matches!(f.fold, FoldKind::Repeat | FoldKind::Flood);
        match f.window_minutes {
            Some(_) if !windowed => {
                return Err(format!("fold rule '{}': windowMinutes is for repeat and flood", f.id));
            }
            Some(w) if !(1..=10_080).contains(&w) => {
                return Err(format!("fold rule '{}': windowMinutes must be 1 to 10080", f.id));
            }
            _ => {}
        }
        match f.max {
            Some(_) if f.fold != FoldKind::Flood => {
                return Err(format!("fold rule '{}': max is for flood", f.id));
            }
            Some(m) if !(1..=1000).contains(&m) => {
                return Err(format!("fold rule '{}': max must be 1 to 1000", f.id));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A person's folding choice for one platform in one context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FoldChoice {
    /// Fold every link of the platform there.
    Fold,
    /// Never fold the platform's links there.
    Show,
}

impl FoldChoice {
    /// Both choices, in this order (the extension's facts read it).
    pub const ALL: [FoldChoice; 2] = [FoldChoice::Fold, FoldChoice::Show];

    /// The choice as settings write it.
    pub fn as_str(self) -> &'static str {
        match self {
            FoldChoice::Fold => "fold",
            FoldChoice::Show => "show",
        }
    }
}

/// A per-context folding table (`{"group": "fold"}`); missing keys follow the rule set.
pub type ContextFolds = PerContext<FoldChoice>;

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

/// Whether `s` is a rule or rule-set id: lower-case ASCII letters, digits, `_` or `-`.
pub(crate) fn is_id(s: &str) -> bool {
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
    /// Platform id -> per-context folding choice, over the rule set's fold rules.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub folds: BTreeMap<PlatformId, ContextFolds>,
}
