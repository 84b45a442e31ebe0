//! Where a short link goes, when the person asks: the steps of following m.tb.cn, v.douyin.com, b23.tv and the
//! other short-link hosts (a platform's `shortLinkHosts` in `rules/platforms.json`, the generic shorteners in
//! `rules/wrappers.json`; how each answers in `rules/short_links.json`) to the first URL that is not a short link.
//!
//! This module does no I/O: [`Resolver`] says which URL to request next and reads each answer the caller got for
//! it (the CLI with an HTTP client, the extension's service worker with `fetch`), so both follow the same rules and
//! limits:
//! - only short-link hosts are requested, and only over http(s); the destination itself never is;
//! - a 3xx answer's `Location` is followed; an HTML answer is read for the target it names (`src/resolve/page.rs`), never run;
//! - a target that is not http(s), names a private or loopback address or a local name, or was seen before ends
//!   the resolution with an error (it is never requested), as does a chain longer than [`Limits::hops`];
//! - the caller keeps to [`Limits::seconds`] for the whole chain and reads at most [`Limits::body_bytes`] of an
//!   answer, and sends no cookies, credentials or referrer.

mod error;
pub(crate) mod page;

pub use error::ResolveError;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::catalogue::Catalogue;
use crate::error::ConfigError;

/// The limits of one resolution (`rules/short_links.json` `limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Limits {
    /// The most requests one resolution makes.
    pub hops: usize,
    /// The most seconds the whole chain may take.
    pub seconds: u32,
    /// The most bytes read of one answer.
    pub body_bytes: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ShortLinksFile {
    schema_version: u32,
    #[allow(dead_code)]
    source: String,
    limits: Limits,
    hosts: Vec<HostFile>,
}

/// How a host answers: with an HTTP redirect, or with a page that names the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Answers {
    Redirect,
    Page,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct HostFile {
    host: String,
    #[allow(dead_code)]
    answers: Answers,
    #[serde(default)]
    variables: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

/// `rules/short_links.json`, compiled: the limits and each listed host's page variables.
#[derive(Debug)]
pub(crate) struct ShortLinks {
    pub(crate) limits: Limits,
    variables: BTreeMap<String, Vec<String>>,
}

impl ShortLinks {
    /// Reads the file; every host must be a short-link host of the catalogue, every variable a script identifier,
    /// and the limits at least 1.
    pub(crate) fn compile(source_name: &str, json: &str, catalogue: &Catalogue) -> Result<ShortLinks, ConfigError> {
        let file: ShortLinksFile = crate::json::parse_json(source_name, json)?;
        if file.schema_version != 1 {
            return Err(ConfigError::new(
                source_name,
                "schemaVersion",
                format!("unsupported schemaVersion {}", file.schema_version),
            ));
        }
        let l = file.limits;
        if l.hops == 0 || l.seconds == 0 || l.body_bytes == 0 {
            return Err(ConfigError::new(source_name, "limits", "every limit must be at least 1"));
        }
        let mut variables = BTreeMap::new();
        for (i, h) in file.hosts.into_iter().enumerate() {
            if !catalogue.is_short_link_host(&h.host) {
                return Err(ConfigError::new(
                    source_name,
                    format!("hosts[{i}].host"),
                    format!(
                        "'{}' is not a short-link host (add it to a platform's shortLinkHosts or to the shorteners)",
                        h.host
                    ),
                ));
            }
            for (j, v) in h.variables.iter().enumerate() {
                let ident = v.bytes().next().is_some_and(|b| !b.is_ascii_digit()) && v.bytes().all(page::is_ident_byte);
                if !ident {
                    return Err(ConfigError::new(
                        source_name,
                        format!("hosts[{i}].variables[{j}]"),
                        format!("'{v}' is not a script variable name"),
                    ));
                }
            }
            if variables.insert(h.host.clone(), h.variables).is_some() {
                return Err(ConfigError::new(
                    source_name,
                    format!("hosts[{i}].host"),
                    format!("'{}' is listed twice", h.host),
                ));
            }
        }
        Ok(ShortLinks { limits: file.limits, variables })
    }

    fn variables(&self, host: &str) -> &[String] {
        let bare = host.strip_prefix("www.").unwrap_or(host);
        self.variables.get(host).or_else(|| self.variables.get(bare)).map_or(&[], Vec::as_slice)
    }
}

/// How the resolution reached a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The link itself.
    Link,
    /// An HTTP redirect's `Location` header.
    Redirect,
    /// An HTML page's `<meta http-equiv="refresh">`.
    MetaRefresh,
    /// A string in an HTML page's script (a `location` assignment or the host's known variable).
    Script,
}

/// One step of a resolution: a URL, how it was reached and, once it was requested, the HTTP status it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// The URL (as the web's URL parser writes it).
    pub url: String,
    /// How the resolution got here.
    pub via: Via,
    /// The status of the answer, for a URL that was requested (the destination never is).
    pub status: Option<u16>,
}

/// What a shortener answered, as the caller read it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Answer<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<&'a str>,
    /// The body (its first [`Limits::body_bytes`]), if it is text.
    pub body: Option<&'a str>,
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Request this URL (a short-link host over http(s)) and give its answer to [`Resolver::answer`].
    Fetch(String),
    /// The destination: the first URL that is not a short link (not requested). Decide it with
    /// [`crate::Engine::classify`].
    Arrived(String),
}

/// One resolution in progress. Owns its state (no borrow of the engine), so a binding can keep it between requests.
#[derive(Debug, Clone)]
pub struct Resolver {
    hops: Vec<Hop>,
    current: Url,
    limits: Limits,
    done: bool,
}

/// Whether a URL's host is a private or loopback address or a local name.
fn is_private(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => crate::host::ip::ipv4_is_private(ip),
        Some(url::Host::Ipv6(ip)) => crate::host::ip::ipv6_is_private(ip),
        Some(url::Host::Domain(d)) => crate::host::ip::is_local_name(d.trim_end_matches('.')),
        None => true,
    }
}

/// Whether a URL is a short link: http(s) on a short-link host of the catalogue (`Engine::is_short_link` asks too).
pub(crate) fn is_short(catalogue: &Catalogue, url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| catalogue.is_short_link_host(h.trim_end_matches('.')))
}

impl Resolver {
    /// Starts resolving `href`: it must be an http(s) URL on a short-link host. The first step is always a fetch
    /// of the link itself.
    ///
    /// # Errors
    /// [`ResolveError::NotAShortLink`] or [`ResolveError::BadUrl`]: nothing is to be requested.
    pub fn start(engine: &crate::Engine, href: &str) -> Result<(Resolver, Step), ResolveError> {
        let limits = engine.data().short_links.limits;
        if Url::parse(href.trim()).is_err() {
            return Err(ResolveError::BadUrl { url: href.to_owned() });
        }
        // The link, or the short link a redirect wrapper around it names.
        let url = engine.short_link_url(href).ok_or(ResolveError::NotAShortLink)?;
        let hops = vec![Hop { url: url.to_string(), via: Via::Link, status: None }];
        let step = Step::Fetch(url.to_string());
        Ok((Resolver { hops, current: url, limits, done: false }, step))
    }

    /// The chain so far: the link, every URL requested, and the destination once arrived.
    pub fn hops(&self) -> &[Hop] {
        &self.hops
    }

    /// The limits the caller keeps to (time and body size).
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Reads the answer to the last [`Step::Fetch`]: the next URL to request, the destination, or why it stops.
    /// After an error or the destination, the resolution is over and every further answer is refused.
    ///
    /// # Errors
    /// Why the resolution stops ([`ResolveError`]); [`Resolver::hops`] still has the chain up to there.
    pub fn answer(&mut self, engine: &crate::Engine, answer: &Answer<'_>) -> Result<Step, ResolveError> {
        let data = engine.data();
        let (catalogue, short_links) = (&data.catalogue, &data.short_links);
        if self.done {
            return Err(ResolveError::BadUrl { url: self.current.to_string() });
        }
        if let Some(last) = self.hops.last_mut() {
            last.status = Some(answer.status);
        }
        let result = self.next(catalogue, short_links, answer);
        if !matches!(result, Ok(Step::Fetch(_))) {
            self.done = true;
        }
        result
    }

    fn next(
        &mut self,
        catalogue: &Catalogue,
        short_links: &ShortLinks,
        answer: &Answer<'_>,
    ) -> Result<Step, ResolveError> {
        let (target, via) = match answer.status {
            300..=399 => match answer.location {
                Some(l) if !l.trim().is_empty() => (l.trim().to_owned(), Via::Redirect),
                _ => return Err(ResolveError::NoTarget { status: answer.status }),
            },
            200..=299 => {
                let host = self.current.host_str().unwrap_or("");
                match answer.body.and_then(|b| page::target(b, short_links.variables(host))) {
                    Some(found) => found,
                    None => return Err(ResolveError::NoTarget { status: answer.status }),
                }
            }
            status => return Err(ResolveError::HttpStatus { status }),
        };
        let url = self.current.join(&target).map_err(|_| ResolveError::BadUrl { url: target.clone() })?;
        let text = url.to_string();
        // The chain shows the hop whatever follows, refused ones too.
        let seen = self.hops.iter().any(|h| h.url == text);
        self.hops.push(Hop { url: text.clone(), via, status: None });
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ResolveError::NotHttp { url: text });
        }
        if is_private(&url) {
            return Err(ResolveError::PrivateAddress { url: text });
        }
        if seen {
            return Err(ResolveError::Loop { url: text });
        }
        self.current = url;
        if !is_short(catalogue, &self.current) {
            return Ok(Step::Arrived(text));
        }
        // Requests made so far: every hop but the one just added.
        if self.hops.len() > self.limits.hops {
            return Err(ResolveError::TooManyHops { limit: self.limits.hops });
        }
        Ok(Step::Fetch(text))
    }
}
