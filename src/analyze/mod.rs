//! From an `href` to the facts about it: parsing, canonical and clean URLs, redirect unwrapping, platform lookup and
//! every risk signal. No policy here: `policy::Policy` turns the facts into an action.

use std::borrow::Cow;

use url::{Host, Url};

use crate::catalogue::Catalogue;
use crate::decision::Category;
use crate::host::lookalike::Lookalikes;
use crate::host::psl::Psl;
use crate::host::{homograph, ip};
use crate::reason::{Reason, ReasonCode, ReasonSet};

mod href;
mod signals;

use self::href::{canonical_parts, raw_host};
pub(crate) use self::href::{clean_url, parse_href};
use self::signals::{is_bidi_control, is_dangerous_scheme, is_lookalike_slash};

/// Longest canonical URL before `excessive_length` (the de-facto limit of sitemaps, IE and many servers).
pub(crate) const MAX_URL_LEN: usize = 2048;
/// Longest host before `excessive_length`: real sites' hosts are far shorter; long ones hide the registrable domain.
pub(crate) const MAX_HOST_LEN: usize = 100;
/// The longest DNS name (RFC 1035, in its text form).
const MAX_DNS_NAME: usize = 253;
/// How many redirect wrappers are unwrapped at most.
const MAX_UNWRAP: usize = 3;

/// Everything the analysis found about one link. A quick analysis (`detailed: false`) finds the same reason codes
/// (`codes`), platform, category, host and registrable domain, and leaves `reasons`, `host_unicode`, `clean` and
/// `unwrapped_from` empty.
#[derive(Debug, Default)]
pub(crate) struct Analysis<'h> {
    pub(crate) reasons: Vec<Reason>,
    pub(crate) codes: ReasonSet,
    pub(crate) platform: Option<usize>,
    pub(crate) category: Option<Category>,
    /// The URL finally judged (after unwrapping); its host is [`Analysis::host`].
    pub(crate) url: Option<Url>,
    /// Whether the URL's host was analysed (http and https URLs with a host).
    has_host: bool,
    /// The host, when the quick path read it straight from the link (which is then already canonical).
    fast_host: Option<&'h str>,
    /// The length of the registrable domain, a suffix of the host (see [`Analysis::registrable`]).
    pub(crate) registrable_len: Option<usize>,
    /// The host is a platform's short-link host (a generic shortener has [`ReasonCode::Shortener`] instead).
    pub(crate) short_link: bool,
    pub(crate) host_unicode: Option<String>,
    pub(crate) clean: Option<String>,
    pub(crate) unwrapped_from: Option<String>,
    /// Whether reason details and the display strings (Unicode host, canonical and clean URL) are produced.
    pub(crate) detailed: bool,
}

impl Analysis<'_> {
    /// The host as sent on the wire (punycode for IDNs, IPv6 in brackets, no trailing dot), borrowed from the URL.
    pub(crate) fn host(&self) -> Option<&str> {
        if !self.has_host {
            return None;
        }
        if let Some(host) = self.fast_host {
            return Some(host);
        }
        let host = self.url.as_ref()?.host_str()?;
        Some(host.strip_suffix('.').unwrap_or(host))
    }

    /// The registrable domain (eTLD+1): a suffix of the host, so it costs no allocation of its own.
    pub(crate) fn registrable(&self) -> Option<&str> {
        let host = self.host()?;
        host.get(host.len().checked_sub(self.registrable_len?)?..)
    }

    /// Records a reason. `detail` is only called for a detailed analysis (a full [`crate::Decision`]); the hot path
    /// of [`crate::Engine::verdict`] keeps the code alone and formats nothing.
    fn add<D: Into<String>>(&mut self, code: ReasonCode, detail: impl FnOnce() -> D) {
        if self.codes.insert(code) && self.detailed {
            self.reasons.push(Reason { code, detail: detail().into() });
        }
    }
}

/// The shared, immutable inputs of the analysis.
pub(crate) struct Analyzer<'a> {
    pub(crate) catalogue: &'a Catalogue,
    pub(crate) psl: &'a Psl,
    pub(crate) lookalikes: &'a Lookalikes,
}

impl Analyzer<'_> {
    /// Analyses one link. `text` is the visible anchor text. `detailed` asks for reason details and the display
    /// strings; without it the analysis allocates nothing beyond what parsing the URL takes.
    pub(crate) fn analyze<'h>(&self, href: &'h str, text: Option<&str>, detailed: bool) -> Analysis<'h> {
        if !detailed && let Some(a) = self.analyze_canonical(href, text) {
            return a;
        }
        let mut a = Analysis { detailed, ..Analysis::default() };
        // Every bidi control is encoded as E2 80 xx or E2 81 xx: a byte search skips the char walk for most links.
        let has_e2 = |s: &str| s.as_bytes().contains(&0xE2);
        if (has_e2(href) || text.is_some_and(has_e2))
            && let Some(c) = href.chars().chain(text.unwrap_or("").chars()).find(|c| is_bidi_control(*c))
        {
            a.add(ReasonCode::BidiControl, || format!("U+{:04X} reorders the displayed text", u32::from(c)));
        }
        let mut raw: Cow<'_, str> = Cow::Borrowed(href);
        // The hosts of the redirect wrappers unwrapped: anchor text that shows one of them is not a mismatch.
        let mut wrapper_hosts: Vec<String> = Vec::new();
        let mut url = match parse_href(href) {
            Ok(url) => url,
            Err(err) => {
                a.add(ReasonCode::InvalidUrl, || err.to_string());
                return a;
            }
        };
        for _ in 0..MAX_UNWRAP {
            let Some((id, target, target_raw)) = self.unwrap(&url) else {
                break;
            };
            a.add(ReasonCode::Redirector, || format!("{id} redirect wrapper"));
            wrapper_hosts.extend(url.host_str().map(str::to_owned));
            if a.detailed && a.unwrapped_from.is_none() {
                a.unwrapped_from = Some(url.as_str().to_owned());
            }
            url = target;
            raw = Cow::Owned(target_raw);
        }
        self.analyze_url(&url, &raw, &mut a);
        a.url = Some(url);
        // Text that is the link itself (what chat apps show) or has no dot cannot name another site.
        if let Some(text) = text.filter(|t| t.trim() != href.trim() && t.contains('.'))
            && let Some(detail) = self.check_text(text, &wrapper_hosts, &a)
        {
            a.add(ReasonCode::TextHrefMismatch, || detail);
        }
        if a.detailed {
            crate::order::sort_by_key(&mut a.reasons, |r| r.code as usize);
        }
        a
    }

    /// The quick path for links that are already in canonical form, as a browser hands over an anchor's `href`:
    /// `http(s)://` + a plain lower-case DNS host + a path, query and fragment the URL parser would leave as they
    /// are. The verdict of such a link depends only on its scheme, host, length and anchor text, so the analysis
    /// reads those and skips parsing. Anything else (a port, user info, an IP literal, percent-encoding or
    /// non-ASCII anywhere, a redirect wrapper's host; in a link over 682 bytes also characters the parser would
    /// encode and dot segments) gives `None` and takes the full path. [`crate::Engine::verdict`] and
    /// [`crate::Engine::classify`] (always the full path) agree on every case of the fixture suite and the property
    /// tests.
    fn analyze_canonical<'h>(&self, href: &'h str, text: Option<&str>) -> Option<Analysis<'h>> {
        let (https, host, rest) = canonical_parts(href)?;
        if !self.catalogue.redirectors(host).is_empty() || text.is_some_and(|t| t.as_bytes().contains(&0xE2)) {
            return None;
        }
        let mut a = Analysis { has_host: true, fast_host: Some(host), ..Analysis::default() };
        if !https {
            a.add(ReasonCode::InsecureHttp, String::new);
        }
        self.analyze_domain(host, &mut a);
        // The canonical URL is the link itself, plus the `/` the parser adds to an empty path.
        let canonical_len = href.len() + usize::from(rest.is_empty() || !rest.starts_with('/'));
        if canonical_len > MAX_URL_LEN || host.len() > MAX_HOST_LEN {
            a.add(ReasonCode::ExcessiveLength, String::new);
        }
        if let Some(text) = text.filter(|t| t.trim() != href && t.contains('.'))
            && let Some(detail) = self.check_text(text, &[], &a)
        {
            a.add(ReasonCode::TextHrefMismatch, || detail);
        }
        Some(a)
    }

    /// The target of a known redirect wrapper, if `url` is one.
    fn unwrap(&self, url: &Url) -> Option<(String, Url, String)> {
        let host = url.host_str()?;
        let redirectors = self.catalogue.redirectors(host);
        if redirectors.is_empty() || !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        for r in redirectors {
            if url.path() != r.path {
                continue;
            }
            let Some((_, value)) = url.query_pairs().find(|(k, _)| *k == *r.param) else {
                continue;
            };
            if let Ok(target) = Url::parse(value.trim()) {
                return Some((r.id.clone(), target, value.into_owned()));
            }
        }
        None
    }

    fn analyze_url(&self, url: &Url, raw: &str, a: &mut Analysis<'_>) {
        let scheme = url.scheme();
        if is_dangerous_scheme(scheme) {
            a.add(ReasonCode::DangerousScheme, || format!("{scheme}: links run code or open local files"));
            return;
        }
        if !matches!(scheme, "http" | "https") {
            match self.catalogue.match_scheme(scheme) {
                Some(p) => {
                    let platform = &self.catalogue.platforms[p];
                    a.platform = Some(p);
                    a.category = Some(platform.category);
                    a.add(ReasonCode::AppScheme, || format!("opens the {} app", platform.reference.name.en));
                }
                None => a.add(ReasonCode::UnsupportedScheme, || format!("{scheme}: links cannot be checked")),
            }
            if a.detailed {
                a.clean = self.clean(url, a.platform);
            }
            return;
        }
        if scheme == "http" {
            a.add(ReasonCode::InsecureHttp, String::new);
        }
        if !url.username().is_empty() || url.password().is_some() {
            a.add(ReasonCode::CredentialsInUrl, || {
                let user = percent_encoding::percent_decode_str(url.username()).decode_utf8_lossy();
                let host = url.host_str().unwrap_or("");
                if user.chars().any(is_lookalike_slash) {
                    format!("'{user}' uses a look-alike slash; the real host is {host}")
                } else {
                    format!("'{user}@' before the host; the real host is {host}")
                }
            });
        }
        if let Some(port) = url.port() {
            a.add(ReasonCode::NonDefaultPort, || format!("port {port}"));
        }
        match url.host() {
            // The URL serialises IP hosts canonically: IPv4 dotted, IPv6 compressed in brackets.
            Some(Host::Ipv4(ip)) => {
                let dotted = url.host_str().unwrap_or_default();
                a.add(ReasonCode::IpLiteralHost, || match raw_host(raw) {
                    Some(written) if !written.eq_ignore_ascii_case(dotted) => format!("{written} is {dotted}"),
                    _ => dotted.to_owned(),
                });
                if ip::ipv4_is_private(ip) {
                    a.add(ReasonCode::PrivateNetwork, || dotted);
                }
                a.has_host = true;
                if a.detailed {
                    a.host_unicode = Some(dotted.to_owned());
                }
            }
            Some(Host::Ipv6(ip)) => {
                a.add(ReasonCode::IpLiteralHost, || ip.to_string());
                if ip::ipv6_is_private(ip) {
                    a.add(ReasonCode::PrivateNetwork, || ip.to_string());
                }
                a.has_host = true;
                if a.detailed {
                    a.host_unicode = url.host_str().map(str::to_owned);
                }
            }
            Some(Host::Domain(host)) => self.analyze_domain(host, a),
            None => a.add(ReasonCode::InvalidUrl, || "no host"),
        }
        let canonical_len = url.as_str().len();
        let host_len =
            if a.has_host { url.host_str().map_or(0, |h| h.strip_suffix('.').unwrap_or(h).len()) } else { 0 };
        if canonical_len > MAX_URL_LEN {
            a.add(ReasonCode::ExcessiveLength, || format!("{canonical_len} characters"));
        } else if host_len > MAX_HOST_LEN {
            a.add(ReasonCode::ExcessiveLength, || format!("host of {host_len} characters"));
        }
        if a.detailed {
            a.clean = self.clean(url, a.platform);
        }
    }

    /// The URL as [`crate::Decision::clean_url`] gives it: an http(s) URL without its tracking parameters (the
    /// catalogue's global ones and `platform`'s), another scheme's URL as it is, and none for a dangerous scheme.
    pub(crate) fn clean(&self, url: &Url, platform: Option<usize>) -> Option<String> {
        let scheme = url.scheme();
        if is_dangerous_scheme(scheme) {
            return None;
        }
        if !matches!(scheme, "http" | "https") {
            return Some(url.as_str().to_owned());
        }
        let platform = platform.map(|p| &self.catalogue.platforms[p]);
        Some(clean_url(
            url,
            &self.catalogue.global_tracking,
            platform.map(|p| &p.tracking_params),
            platform.map(|p| &p.item_params),
        ))
    }

    /// What folding reads of a link analysed by [`Analyzer::analyze`]: its canonical URL (the one judged, after
    /// unwrapping; `None` for a link that does not parse) and, only when `clean` asks, its clean URL, as
    /// [`crate::Decision`]'s `canonical_url` and `clean_url` would be. The verdict path's quick analysis keeps no URL:
    /// a link the parser would give back as it is ([`href::is_canonical`]) is its own canonical URL, any other is
    /// parsed here.
    pub(crate) fn fold_urls<'s>(&self, a: &'s Analysis<'s>, href: &'s str) -> LinkUrls<'s> {
        match &a.url {
            Some(url) => LinkUrls::Parsed(Cow::Borrowed(url)),
            None if a.fast_host.is_some() && href::is_canonical(href) => LinkUrls::Canonical(href),
            None if a.fast_host.is_some() => {
                parse_href(href).map_or(LinkUrls::None, |u| LinkUrls::Parsed(Cow::Owned(u)))
            }
            None => LinkUrls::None,
        }
    }

    fn analyze_domain(&self, host: &str, a: &mut Analysis<'_>) {
        let host = host.strip_suffix('.').unwrap_or(host);
        a.has_host = true;
        // Every punycode label starts with `xn--`: a host without `-` is not an IDN (one byte search).
        let is_idn = host.contains('-') && (host.starts_with("xn--") || host.contains(".xn--"));
        // The Unicode form is needed for display (detailed) and for the homograph checks (IDN hosts only).
        let unicode = is_idn.then(|| idna::domain_to_unicode(host).0);
        if a.detailed {
            a.host_unicode = Some(unicode.clone().unwrap_or_else(|| host.to_owned()));
        }
        // Host first: a catalogue host needs no Public Suffix List walk when its entry knows the registrable domain.
        let matched = self.catalogue.match_host(host);
        a.short_link = matched.is_some_and(|m| m.short);
        if let Some(m) = matched
            && let Some(len) = m.registrable_len
        {
            a.registrable_len = Some(len);
            a.platform = Some(m.platform);
            a.category = Some(m.category);
            return;
        }
        let split = self.psl.split(host);
        let registrable = split.and_then(|s| s.registrable);
        a.registrable_len = registrable.map(str::len);

        if let Some(m) = matched {
            a.platform = Some(m.platform);
            a.category = Some(m.category);
            return;
        }
        if host.len() > MAX_DNS_NAME {
            // Not a resolvable DNS name; no look-alike analysis on megabytes of labels.
            a.add(ReasonCode::UnknownDomain, || "longer than any DNS name");
            return;
        }
        if ip::is_local_name(host) {
            a.add(ReasonCode::PrivateNetwork, || format!("{host} is a local-network name"));
            return;
        }
        if self.catalogue.is_shortener(host) {
            a.add(ReasonCode::Shortener, || format!("{host} hides the destination"));
        }
        let (suffix, known_suffix) = split.map_or((host, false), |s| (s.suffix, s.known));
        let tld = suffix.rsplit('.').next().unwrap_or(suffix);
        let mut homograph = false;
        if let Some(unicode) = unicode.as_deref()
            && let Some(h) = homograph::homograph(unicode, host, tld, self.lookalikes, self.psl)
        {
            a.add(ReasonCode::Homograph, || h.detail());
            homograph = true;
        }
        if !homograph
            && let Some(reg) = registrable
            && let Some(found) = self.lookalikes.lookalike(host, reg, suffix)
        {
            a.add(ReasonCode::LookalikeDomain, || found.detail());
        }
        a.add(ReasonCode::UnknownDomain, || {
            if known_suffix { String::new() } else { format!(".{tld} is not a listed public suffix") }
        });
    }

    /// Anchor text that shows another site than the link's target: the detail of `text_href_mismatch` (empty in a
    /// quick analysis), or `None`. Text that shows the redirect wrapper the link goes through (`wrapper_hosts`) is
    /// not a mismatch: the wrapper is where the link goes first.
    fn check_text(&self, text: &str, wrapper_hosts: &[String], a: &Analysis<'_>) -> Option<String> {
        let target = a.registrable();
        for shown in crate::scan::url_spans(text) {
            let shown_text = &text[shown];
            let Ok(url) = parse_href(shown_text) else {
                continue;
            };
            let Some(Host::Domain(host)) = url.host() else {
                continue;
            };
            let Some((_, true)) = self.psl.suffix(host) else {
                continue;
            };
            let Some(shown_reg) = self.psl.registrable(host) else {
                continue;
            };
            if Some(shown_reg) == target || wrapper_hosts.iter().any(|w| self.psl.registrable(w) == Some(shown_reg)) {
                continue;
            }
            let shown_platform = self.catalogue.match_host(host).map(|m| m.platform);
            if shown_platform.is_some() && shown_platform == a.platform {
                continue;
            }
            return Some(if a.detailed {
                let goes_to = target.or(a.host()).unwrap_or("somewhere else");
                format!("the text shows {shown_reg} but the link goes to {goes_to}")
            } else {
                String::new()
            });
        }
        None
    }
}

/// A link's canonical URL for folding ([`Analyzer::fold_urls`]).
pub(crate) enum LinkUrls<'s> {
    /// Parsed (by the analysis, or for folding).
    Parsed(Cow<'s, Url>),
    /// The link itself, which the parser would give back as it is.
    Canonical(&'s str),
    /// The link does not parse.
    None,
}

impl LinkUrls<'_> {
    /// The canonical URL's text, empty when there is none.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            LinkUrls::Parsed(url) => url.as_str(),
            LinkUrls::Canonical(href) => href,
            LinkUrls::None => "",
        }
    }

    /// The clean URL ([`Analyzer::clean`]), parsing a canonical link only now; `None` when there is no URL or the
    /// scheme is dangerous.
    pub(crate) fn clean(&self, analyzer: &Analyzer<'_>, platform: Option<usize>) -> Option<String> {
        match self {
            LinkUrls::Parsed(url) => analyzer.clean(url, platform),
            LinkUrls::Canonical(href) => parse_href(href).ok().and_then(|url| analyzer.clean(&url, platform)),
            LinkUrls::None => None,
        }
    }
}
