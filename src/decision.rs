//! The answer type: [`Decision`], and the small value types it is made of.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::reason::{Reason, ReasonCode, ReasonSet};

/// What should happen when the user opens a link.
///
/// Ordered from the most to the least permissive, so `max()` picks the stricter action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Navigate without interruption.
    Open,
    /// Show the warning page (interstitial) first; the user may continue.
    Warn,
    /// Show the block page; the link is not opened from the chat.
    Block,
}

impl Action {
    /// Every action, from the most to the least permissive.
    pub const ALL: [Action; 3] = [Action::Open, Action::Warn, Action::Block];

    /// The stable lower-case name (`open`, `warn`, `block`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Open => "open",
            Action::Warn => "warn",
            Action::Block => "block",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the link was posted.
///
/// `Unknown` (a page whose adapter cannot tell) is decided as `Group`, the stricter of the two chat kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatContext {
    /// A one-to-one conversation.
    Direct,
    /// A conversation with several members.
    Group,
    /// A broadcast surface: channels, moments, timelines.
    Feed,
    /// The context could not be determined; decided as [`ChatContext::Group`].
    #[default]
    Unknown,
}

impl ChatContext {
    /// The contexts a rule, a preset column or an opt-in names, in that order: every context but `Unknown`, which is
    /// decided as `Group`.
    pub const DECIDED: [ChatContext; 3] = [ChatContext::Direct, ChatContext::Group, ChatContext::Feed];

    /// The context the rules see: `Unknown` becomes `Group`.
    pub fn effective(self) -> ChatContext {
        match self {
            ChatContext::Unknown => ChatContext::Group,
            other => other,
        }
    }

    /// The stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatContext::Direct => "direct",
            ChatContext::Group => "group",
            ChatContext::Feed => "feed",
            ChatContext::Unknown => "unknown",
        }
    }

    /// Parses `direct`, `group`, `feed` or `unknown`.
    pub fn parse(s: &str) -> Option<ChatContext> {
        match s {
            "direct" => Some(ChatContext::Direct),
            "group" => Some(ChatContext::Group),
            "feed" => Some(ChatContext::Feed),
            "unknown" => Some(ChatContext::Unknown),
            _ => None,
        }
    }
}

impl fmt::Display for ChatContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A platform category from the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Shops and marketplaces (Taobao, JD, Pinduoduo, ...).
    Ecommerce,
    /// Short-video apps (Douyin, Kuaishou, TikTok).
    ShortVideo,
    /// Long-form video (Bilibili, ...).
    Video,
    /// Social networks and notes (Weibo, Xiaohongshu, ...).
    Social,
    /// Payments (Alipay, ...).
    Payment,
    /// Food delivery, reviews, local services (Meituan, Ele.me, ...).
    LocalServices,
    /// Messaging (WeChat, ...).
    Messaging,
    /// Search engines.
    Search,
    /// News and articles.
    News,
    /// Anything else.
    Other,
}

impl Category {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Ecommerce => "ecommerce",
            Category::ShortVideo => "short_video",
            Category::Video => "video",
            Category::Social => "social",
            Category::Payment => "payment",
            Category::LocalServices => "local_services",
            Category::Messaging => "messaging",
            Category::Search => "search",
            Category::News => "news",
            Category::Other => "other",
        }
    }
}

/// A platform name in the two UI languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalizedName {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    #[serde(rename = "zh_CN")]
    pub zh_cn: String,
}

/// The catalogue platform a link belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformRef {
    /// Stable catalogue id (`taobao`, `jd`, ...).
    pub id: Arc<str>,
    /// Display names.
    pub name: Arc<LocalizedName>,
}

/// The one answer to "what should happen to this link?".
///
/// Produced by [`Engine::classify`](crate::Engine::classify); read by the CLI, the extension's warning and block pages,
/// the demo playground and the tests. Serialises to camelCase JSON.
///
/// URL fields describe the link that is finally judged: for a redirect wrapper that is the unwrapped target, and
/// `unwrapped_from` holds the wrapper URL (canonicalised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// What to do.
    pub action: Action,
    /// The catalogue platform, if the host or app scheme belongs to one.
    pub platform: Option<PlatformRef>,
    /// The platform's category (or the domain's override).
    pub category: Option<Category>,
    /// Every signal found, in a stable order (see [`ReasonCode`]).
    pub reasons: Vec<Reason>,
    /// Which step decided: `safety.*`, `user.trusted_domain`, `user.opt_in`, `<ruleset>.<rule id>` or
    /// `<ruleset>.default`.
    pub rule_id: Arc<str>,
    /// A message key the rule asks the warning page to show (for example `wechat_external_link`).
    pub notice: Option<Arc<str>>,
    /// The registrable domain (eTLD+1) per the Public Suffix List; `None` for IP hosts, public suffixes and
    /// URLs without a host.
    pub registrable_domain: Option<String>,
    /// The host as sent on the wire (punycode for IDNs).
    pub host_ascii: Option<String>,
    /// The host as Unicode (equal to `host_ascii` unless the host is an IDN).
    pub host_unicode: Option<String>,
    /// The canonical URL (WHATWG URL serialisation); `None` if the input is not a URL.
    pub canonical_url: Option<String>,
    /// The canonical URL without tracking parameters.
    pub clean_url: Option<String>,
    /// The redirect-wrapper URL this link was unwrapped from.
    pub unwrapped_from: Option<String>,
}

impl Decision {
    /// Whether the reasons include `code`.
    pub fn has_reason(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }

    /// `true` unless the action is [`Action::Open`].
    pub fn should_interrupt(&self) -> bool {
        self.action != Action::Open
    }

    /// The reason codes, in order.
    pub fn reason_codes(&self) -> impl Iterator<Item = ReasonCode> + '_ {
        self.reasons.iter().map(|r| r.code)
    }
}

/// The compact answer of [`Engine::verdict`](crate::Engine::verdict), for the hot path: the action, the platform,
/// the reason codes and the notice of the [`Decision`] for the same link, with no strings. It is `Copy` and is
/// computed without formatting a reason detail or a display string.
///
/// The indices refer to the engine that produced it: `platform` to
/// [`Engine::platforms`](crate::Engine::platforms) order, `notice` to [`Engine::notices`](crate::Engine::notices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// The catalogue platform's index.
    pub platform: Option<u16>,
    /// The reason codes.
    pub reasons: ReasonSet,
    /// The notice key's index.
    pub notice: Option<u16>,
    /// Whether the link is a short link ([`crate::Engine::is_short_link`]): "Where does it go?" can resolve it.
    pub short_link: bool,
}

/// A link as seen in a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkInput<'a> {
    /// The link target (an anchor's `href`), absolute. A scheme-less `host/path` is read as `http://host/path`,
    /// as chat apps linkify it.
    pub href: &'a str,
    /// The visible anchor text, if any.
    pub text: Option<&'a str>,
    /// Where the link was posted.
    pub context: ChatContext,
}

impl<'a> LinkInput<'a> {
    /// A link with no anchor text.
    pub fn new(href: &'a str, context: ChatContext) -> Self {
        LinkInput { href, text: None, context }
    }

    /// The same link with anchor text.
    pub fn with_text(mut self, text: &'a str) -> Self {
        self.text = Some(text);
        self
    }
}
