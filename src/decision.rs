//! The answer type: [`Decision`], and the small value types it is made of.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

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

/// Why a decision was made: a stable code, documented in `docs/reasons.md`.
///
/// Codes marked *risk* put a floor under the action (at least `warn`, or the rule set's `risks` action) that no
/// opt-in or trusted domain can lower; `dangerous_scheme` always blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// `javascript:`, `data:`, `vbscript:`, `file:` and similar: always blocked.
    DangerousScheme,
    /// *risk*: the URL carries a user name or password (`https://taobao.com@evil.example/`).
    CredentialsInUrl,
    /// The host is an IP address (any IPv4 form: dotted, decimal, octal, hex; or IPv6).
    IpLiteralHost,
    /// The host is on a private, loopback or link-local network, or a local-only name.
    PrivateNetwork,
    /// *risk*: the host uses look-alike Unicode (UTS #39 mixed-script, whole-script or catalogue confusable).
    Homograph,
    /// *risk*: the domain imitates a catalogue domain (typo, embedding, combo-squatting).
    LookalikeDomain,
    /// *risk*: the visible link text names a different site than the link goes to.
    TextHrefMismatch,
    /// *risk*: bidirectional control characters in the URL or its text.
    BidiControl,
    /// A generic URL shortener: the destination is unknown.
    Shortener,
    /// A known redirect wrapper; the decision is about the unwrapped target.
    Redirector,
    /// Plain `http:`.
    InsecureHttp,
    /// An explicit port other than the scheme's default.
    NonDefaultPort,
    /// The domain is not in the platform catalogue.
    UnknownDomain,
    /// The URL or its host is unusually long.
    ExcessiveLength,
    /// A catalogue app's own scheme (`taobao://`, `snssdk1128://`, ...).
    AppScheme,
    /// A scheme the extension cannot open safely (`mailto:`, `ftp:`, `intent:`, ...).
    UnsupportedScheme,
    /// *risk*: the link is not a valid URL.
    InvalidUrl,
}

impl ReasonCode {
    /// Every code, in documentation order.
    pub const ALL: [ReasonCode; 17] = [
        ReasonCode::DangerousScheme,
        ReasonCode::CredentialsInUrl,
        ReasonCode::IpLiteralHost,
        ReasonCode::PrivateNetwork,
        ReasonCode::Homograph,
        ReasonCode::LookalikeDomain,
        ReasonCode::TextHrefMismatch,
        ReasonCode::BidiControl,
        ReasonCode::Shortener,
        ReasonCode::Redirector,
        ReasonCode::InsecureHttp,
        ReasonCode::NonDefaultPort,
        ReasonCode::UnknownDomain,
        ReasonCode::ExcessiveLength,
        ReasonCode::AppScheme,
        ReasonCode::UnsupportedScheme,
        ReasonCode::InvalidUrl,
    ];

    /// The stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::DangerousScheme => "dangerous_scheme",
            ReasonCode::CredentialsInUrl => "credentials_in_url",
            ReasonCode::IpLiteralHost => "ip_literal_host",
            ReasonCode::PrivateNetwork => "private_network",
            ReasonCode::Homograph => "homograph",
            ReasonCode::LookalikeDomain => "lookalike_domain",
            ReasonCode::TextHrefMismatch => "text_href_mismatch",
            ReasonCode::BidiControl => "bidi_control",
            ReasonCode::Shortener => "shortener",
            ReasonCode::Redirector => "redirector",
            ReasonCode::InsecureHttp => "insecure_http",
            ReasonCode::NonDefaultPort => "non_default_port",
            ReasonCode::UnknownDomain => "unknown_domain",
            ReasonCode::ExcessiveLength => "excessive_length",
            ReasonCode::AppScheme => "app_scheme",
            ReasonCode::UnsupportedScheme => "unsupported_scheme",
            ReasonCode::InvalidUrl => "invalid_url",
        }
    }

    /// Whether this code is a hard risk: the action is at least the rule set's `risks` action (default `warn`),
    /// whatever the opt-ins, trusted domains and rules say.
    pub fn is_risk(self) -> bool {
        matches!(
            self,
            ReasonCode::CredentialsInUrl
                | ReasonCode::Homograph
                | ReasonCode::LookalikeDomain
                | ReasonCode::TextHrefMismatch
                | ReasonCode::BidiControl
                | ReasonCode::InvalidUrl
        )
    }
}

/// What a reason code does to a decision (`docs/reasons.md`), so that the pages and the content script read it from
/// the engine instead of keeping their own lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonClass {
    /// Blocks before anything else is considered (`dangerous_scheme`).
    Blocking,
    /// Puts a floor under the action that no opt-in, trusted domain or rule lowers ([`ReasonCode::is_risk`]).
    Risk,
    /// A fact about the link that rules may act on (`unknown_domain`, `shortener`, ...).
    Fact,
    /// Worth showing, never the headline of a warning (`insecure_http`, `redirector`).
    Informational,
}

impl ReasonClass {
    /// The stable snake_case name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonClass::Blocking => "blocking",
            ReasonClass::Risk => "risk",
            ReasonClass::Fact => "fact",
            ReasonClass::Informational => "informational",
        }
    }
}

impl ReasonCode {
    /// The code's class.
    pub fn class(self) -> ReasonClass {
        match self {
            ReasonCode::DangerousScheme => ReasonClass::Blocking,
            code if code.is_risk() => ReasonClass::Risk,
            ReasonCode::InsecureHttp | ReasonCode::Redirector => ReasonClass::Informational,
            _ => ReasonClass::Fact,
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason behind a decision: a stable code and a short English detail for people and logs. Serialised as
/// `{"code", "class", "detail"}`: the class ([`ReasonCode::class`]) travels with the code, and `detail` is left out
/// when empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The stable code.
    pub code: ReasonCode,
    /// What exactly was found (`"Latin+Cyrillic in label 'tаobao'"`), or empty.
    pub detail: String,
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("Reason", 3)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("class", &self.code.class())?;
        if self.detail.is_empty() {
            st.skip_field("detail")?;
        } else {
            st.serialize_field("detail", &self.detail)?;
        }
        st.end()
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

/// A set of [`ReasonCode`]s, one bit per code (bit `code as u32`). Iterates in the codes' stable order, the order
/// of [`Decision::reasons`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReasonSet(u32);

impl ReasonSet {
    /// The set with these bits (bit `code as u32` for each code); bits of no code are dropped.
    pub fn from_bits(bits: u32) -> Self {
        ReasonSet(bits & ReasonCode::ALL.iter().fold(0, |m, c| m | 1 << (*c as u32)))
    }

    /// The bits: `1 << (code as u32)` for each code present.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// Whether `code` is in the set.
    pub fn contains(self, code: ReasonCode) -> bool {
        self.0 & (1 << (code as u32)) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The codes, in their stable order.
    pub fn iter(self) -> impl Iterator<Item = ReasonCode> {
        ReasonCode::ALL.into_iter().filter(move |c| self.contains(*c))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The class agrees with `is_risk`, `dangerous_scheme` alone blocks, and a serialised reason carries its class
    /// (the pages and the content script read it there instead of keeping lists of codes).
    #[test]
    fn every_reason_has_its_class_and_serialises_it() {
        for code in ReasonCode::ALL {
            assert_eq!(code.class() == ReasonClass::Risk, code.is_risk(), "{code}");
            assert_eq!(code.class() == ReasonClass::Blocking, code == ReasonCode::DangerousScheme, "{code}");
            let json = serde_json::to_value(Reason { code, detail: String::new() }).unwrap();
            assert_eq!(json["class"], code.class().as_str(), "{code}");
            assert_eq!(json["code"], code.as_str());
            assert!(json.get("detail").is_none());
        }
        let informational: Vec<_> =
            ReasonCode::ALL.iter().filter(|c| c.class() == ReasonClass::Informational).map(|c| c.as_str()).collect();
        assert_eq!(informational, ["redirector", "insecure_http"]);
        let json = serde_json::to_value(Reason { code: ReasonCode::Homograph, detail: "x".into() }).unwrap();
        assert_eq!(json, serde_json::json!({"code": "homograph", "class": "risk", "detail": "x"}));
    }
}
