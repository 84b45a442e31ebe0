//! Why a short link's resolution stopped ([`ResolveError`]): one code each, the sentence a person reads, and the
//! list of codes the extension translates.

use std::fmt;

use serde::Serialize;

/// Why a resolution stopped before a destination. The link's own decision stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ResolveError {
    /// The link is not on a short-link host (nothing is requested).
    NotAShortLink,
    /// A URL of the chain could not be read.
    BadUrl {
        /// The text as given.
        url: String,
    },
    /// A hop leads to a URL that is not http(s) (an app scheme, `javascript:`, `data:`, ...): never requested.
    NotHttp {
        /// The URL.
        url: String,
    },
    /// A hop names a private or loopback address or a local name: refused, never requested.
    PrivateAddress {
        /// The URL.
        url: String,
    },
    /// A hop leads back to a URL already in the chain.
    Loop {
        /// The URL.
        url: String,
    },
    /// More short-link hops than [`Limits::hops`](super::Limits::hops).
    TooManyHops {
        /// The limit.
        limit: usize,
    },
    /// The shortener answered with neither a redirect nor a page that names a target.
    NoTarget {
        /// Its status.
        status: u16,
    },
    /// The shortener answered with an error status (404: the link may be gone).
    HttpStatus {
        /// Its status.
        status: u16,
    },
    /// The chain took longer than [`Limits::seconds`](super::Limits::seconds) (the caller's clock).
    Timeout {
        /// The limit.
        seconds: u32,
    },
    /// The caller may not contact this host (the browser's permission for it was not granted).
    NotAllowed {
        /// The host.
        host: String,
    },
    /// The network failed (offline, DNS, TLS, refused): the caller's message.
    Network {
        /// What failed.
        message: String,
    },
}

impl ResolveError {
    /// Every code [`ResolveError::code`] gives, in declaration order (the extension translates each).
    pub const CODES: [&'static str; 11] = [
        "not_a_short_link",
        "bad_url",
        "not_http",
        "private_address",
        "loop",
        "too_many_hops",
        "no_target",
        "http_status",
        "timeout",
        "not_allowed",
        "network",
    ];

    /// The stable code (`snake_case`, as in JSON).
    pub fn code(&self) -> &'static str {
        match self {
            ResolveError::NotAShortLink => "not_a_short_link",
            ResolveError::BadUrl { .. } => "bad_url",
            ResolveError::NotHttp { .. } => "not_http",
            ResolveError::PrivateAddress { .. } => "private_address",
            ResolveError::Loop { .. } => "loop",
            ResolveError::TooManyHops { .. } => "too_many_hops",
            ResolveError::NoTarget { .. } => "no_target",
            ResolveError::HttpStatus { .. } => "http_status",
            ResolveError::Timeout { .. } => "timeout",
            ResolveError::NotAllowed { .. } => "not_allowed",
            ResolveError::Network { .. } => "network",
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotAShortLink => write!(f, "not a short link: nothing to resolve"),
            ResolveError::BadUrl { url } => write!(f, "'{url}' is not a URL"),
            ResolveError::NotHttp { url } => {
                write!(f, "a hop leads to {url}, which is not a web address; it was not opened")
            }
            ResolveError::PrivateAddress { url } => {
                write!(f, "a hop leads to {url}, a private or local address; it was refused and never requested")
            }
            ResolveError::Loop { url } => write!(f, "the short link goes round in a loop (back to {url})"),
            ResolveError::TooManyHops { limit } => write!(f, "more than {limit} short-link hops; stopped"),
            ResolveError::NoTarget { status } => {
                write!(f, "the shortener answered {status} without naming where the link goes")
            }
            ResolveError::HttpStatus { status } => write!(f, "the shortener answered {status}: the link may be gone"),
            ResolveError::Timeout { seconds } => write!(f, "no answer within {seconds} seconds"),
            ResolveError::NotAllowed { host } => {
                write!(f, "linkgate may not contact {host}: its permission was not granted")
            }
            ResolveError::Network { message } => write!(f, "the shortener could not be reached: {message}"),
        }
    }
}

impl std::error::Error for ResolveError {}

#[cfg(test)]
mod tests {
    use super::ResolveError as E;

    /// `CODES` is every variant's code, in order, and JSON's `code` tag is the same.
    #[test]
    fn codes_are_every_variants() {
        let url = || "u".to_owned();
        let all = [
            E::NotAShortLink,
            E::BadUrl { url: url() },
            E::NotHttp { url: url() },
            E::PrivateAddress { url: url() },
            E::Loop { url: url() },
            E::TooManyHops { limit: 5 },
            E::NoTarget { status: 200 },
            E::HttpStatus { status: 404 },
            E::Timeout { seconds: 5 },
            E::NotAllowed { host: url() },
            E::Network { message: url() },
        ];
        let codes: Vec<&str> = all.iter().map(E::code).collect();
        assert_eq!(codes, E::CODES);
        for e in &all {
            let json = serde_json::to_value(e).unwrap();
            assert_eq!(json["code"], e.code());
            assert!(!e.to_string().is_empty());
        }
    }
}
