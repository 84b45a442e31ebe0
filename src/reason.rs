//! Why a decision was made: the stable [`ReasonCode`]s (their meaning in `docs/reasons.md`), the class each belongs
//! to, a [`Reason`] as serialised, and the [`ReasonSet`] bitset the hot path and the packed verdicts carry.

use std::fmt;

use serde::{Deserialize, Serialize};

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

    /// The code's bit in a [`ReasonSet`] and in the packed verdicts of the wasm binding (`1 << code as u32`; the
    /// order of [`ReasonCode::ALL`], as `reasonCodes()` lists them).
    pub const fn bit(self) -> u32 {
        1 << self as u32
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

/// A set of [`ReasonCode`]s, one bit per code (bit `code as u32`). Iterates in the codes' stable order, the order
/// of [`Decision::reasons`](crate::Decision::reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReasonSet(u32);

impl ReasonSet {
    /// The empty set.
    pub const EMPTY: ReasonSet = ReasonSet(0);

    /// The set with these bits ([`ReasonCode::bit`] of each code); bits of no code are dropped.
    pub fn from_bits(bits: u32) -> Self {
        ReasonSet(bits & ReasonCode::ALL.into_iter().collect::<ReasonSet>().0)
    }

    /// The bits: [`ReasonCode::bit`] of each code present.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// The codes that are risks ([`ReasonCode::is_risk`]).
    pub fn risks() -> Self {
        ReasonCode::ALL.into_iter().filter(|c| c.is_risk()).collect()
    }

    /// Whether `code` is in the set.
    pub fn contains(self, code: ReasonCode) -> bool {
        self.0 & code.bit() != 0
    }

    /// Adds `code`; returns whether it was new.
    pub fn insert(&mut self, code: ReasonCode) -> bool {
        let new = !self.contains(code);
        self.0 |= code.bit();
        new
    }

    /// Whether the two sets share a code.
    pub fn intersects(self, other: ReasonSet) -> bool {
        self.0 & other.0 != 0
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

impl FromIterator<ReasonCode> for ReasonSet {
    fn from_iter<I: IntoIterator<Item = ReasonCode>>(codes: I) -> Self {
        ReasonSet(codes.into_iter().fold(0, |bits, code| bits | code.bit()))
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
