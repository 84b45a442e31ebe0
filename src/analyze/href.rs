//! Reading an `href`: parsing it as a browser would, the quick check that a link is already canonical, and the clean
//! URL without tracking parameters.

use std::borrow::Cow;

use url::{Position, Url};

use super::MAX_URL_LEN;
use crate::catalogue::ParamSet;

/// Parses an `href` as a browser would, reading a scheme-less `host/path` as `http://host/path` the way chat apps
/// linkify it.
///
/// A protocol-relative `//host/path` reads as `http://host/path` too, and a scheme typed with a space or a full-width
/// colon before its slashes (`https: //b23.tv/x`) as that scheme (see [`crate::scan::href_of`]).
pub(crate) fn parse_href(href: &str) -> Result<Url, url::ParseError> {
    let rewritten = crate::scan::href_of(href.trim());
    let trimmed = &*rewritten;
    match Url::parse(trimmed) {
        Err(url::ParseError::RelativeUrlWithoutBase) if looks_schemeless(trimmed) => {
            Url::parse(&format!("http://{trimmed}"))
        }
        // `taobao.com:8080/x` parses with the scheme `taobao.com`; a dotted "scheme" followed by a port is a host.
        Ok(url)
            if url.scheme().contains('.')
                && trimmed[url.scheme().len() + 1..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            Url::parse(&format!("http://{trimmed}"))
        }
        other => other,
    }
}

/// Byte classes for [`canonical_parts`]: host bytes (`a-z`, `0-9`, `-`), the dot, other bytes the parser keeps as
/// they are after the host, and the rest.
const HOST: u8 = 1;
const DOT: u8 = 2;
const KEPT: u8 = 3;
const OTHER: u8 = 0;
const BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' {
            HOST
        } else if c == b'.' {
            DOT
        } else if c.is_ascii_uppercase()
            || matches!(c, b'_' | b'~' | b'!' | b'$' | b'&' | b'(' | b')' | b'*' | b'+')
            || matches!(c, b',' | b';' | b'=' | b':' | b'@' | b'/' | b'?' | b'#' | b'%' | b'[' | b']')
        {
            KEPT
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// Links up to this long take the quick path whatever their path, query and fragment hold (ASCII): even with every
/// byte percent-encoded their canonical form stays within [`MAX_URL_LEN`].
const UNCHECKED_REST_MAX: usize = (MAX_URL_LEN - 1) / 3;

/// Splits a link whose host part is already in the URL parser's canonical form into (https?, host, the rest), or
/// `None`. The rest is canonical too, or the link is short enough for the verdict not to depend on it.
///
/// Canonical here means the parser would give back the same text: `http://` or `https://`, a host of lower-case
/// ASCII letters, digits, `-` and `.` (no empty label, no trailing dot, not ending in a number: that would be an IPv4
/// address), then nothing or a path, query and fragment of characters the parser keeps as they are, without dot
/// segments, and below 1,900 bytes (so the length check cannot depend on what the parser would add).
pub(super) fn canonical_parts(href: &str) -> Option<(bool, &str, &str)> {
    let (https, after) = match href.strip_prefix("https://") {
        Some(after) => (true, after),
        None => (false, href.strip_prefix("http://")?),
    };
    if href.len() >= 1900 {
        return None;
    }
    // One pass over the host: plain bytes only, no empty label; it ends at `/`, `?`, `#` or the end.
    let bytes = after.as_bytes();
    let mut end = 0;
    let mut last_dot = None;
    while let Some(&b) = bytes.get(end) {
        match BYTE_CLASS[usize::from(b)] {
            HOST => {}
            DOT if end > 0 && last_dot != Some(end - 1) => last_dot = Some(end),
            _ if matches!(b, b'/' | b'?' | b'#') => break,
            _ => return None,
        }
        end += 1;
    }
    if end == 0 || last_dot == Some(end - 1) {
        return None;
    }
    let (host, rest) = after.split_at(end);
    // WHATWG: a host whose last label is a number (decimal, or 0x hex) is an IPv4 address.
    let last = &host[last_dot.map_or(0, |d| d + 1)..];
    if last.bytes().all(|b| b.is_ascii_digit()) || last.starts_with("0x") {
        return None;
    }
    // The rest (path, query, fragment) cannot change the verdict, only the canonical URL's length: whatever the parser
    // encodes, removes or rewrites there, the result is at most three times as long (`%XX` for a byte). So a short
    // link skips the scan below; it only must not hold a bidi control (non-ASCII). (Trailing spaces, which the parser
    // drops, only change whether anchor text equal to the link is compared with it, and such text names the link's
    // own host.)
    if href.len() <= UNCHECKED_REST_MAX && rest.is_ascii() {
        return Some((https, host, rest));
    }
    rest_kept(rest).then_some((https, host, rest))
}

/// Whether the rest of a link (path, query, fragment) holds only characters the parser keeps in http(s) URLs (no
/// backslash, no space or quotes, no non-ASCII) and no `/.` (a dot segment to remove).
fn rest_kept(rest: &str) -> bool {
    let mut previous = 0u8;
    rest.bytes().all(|b| {
        let kept = BYTE_CLASS[usize::from(b)] != OTHER && !(b == b'.' && previous == b'/');
        previous = b;
        kept
    })
}

/// Whether the URL parser would give `href` back exactly as it is: [`canonical_parts`] holds, the rest starts with
/// the path's `/` and every byte of it is one the parser keeps, with no dot segment (`/.`, or `%2e` in any case, which
/// the parser reads as a dot), and no punycode label. Folding reads a canonical URL's path and query; this saves parsing the links that
/// already are one (a property test checks it against `url::Url::parse`).
pub(super) fn is_canonical(href: &str) -> bool {
    let Some((_, host, rest)) = canonical_parts(href) else { return false };
    // A punycode label is checked by the parser (and may be refused): left to it.
    if !rest.starts_with('/') || host.contains("xn--") {
        return false;
    }
    rest_kept(rest) && !rest.contains("%2e") && !rest.contains("%2E")
}

fn looks_schemeless(s: &str) -> bool {
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !s.contains(char::is_whitespace)
        && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '@' | '_' | '[' | ']'))
}

/// The host as written in `raw` (for IPv4 hosts typed in decimal, octal or hex): the authority after `//`, without
/// user info and port.
pub(super) fn raw_host(raw: &str) -> Option<&str> {
    let after = &raw[raw.find("//")? + 2..];
    let authority = after.split(['/', '?', '#', '\\']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.rfind(':') {
        Some(colon) if host[colon + 1..].bytes().all(|b| b.is_ascii_digit()) => &host[..colon],
        _ => host,
    };
    (!host.is_empty()).then_some(host)
}

/// The canonical URL without tracking parameters: a parameter is dropped when it matches the global or the
/// platform's tracking list and is not one of the platform's item parameters. Kept parameters stay byte-for-byte
/// in their original order; if none is left the `?` goes too.
pub(crate) fn clean_url(url: &Url, global: &ParamSet, tracking: Option<&ParamSet>, items: Option<&ParamSet>) -> String {
    let Some(query) = url.query() else {
        return url.as_str().to_owned();
    };
    let drop = |pair: &str| {
        let raw_name = pair.split('=').next().unwrap_or("");
        let name: Cow<'_, str> = if raw_name.contains(['%', '+']) {
            Cow::Owned(
                percent_encoding::percent_decode_str(&raw_name.replace('+', " ")).decode_utf8_lossy().into_owned(),
            )
        } else {
            Cow::Borrowed(raw_name)
        };
        (global.matches(&name) || tracking.is_some_and(|t| t.matches(&name)))
            && !items.is_some_and(|i| i.matches(&name))
    };
    // One pass: nothing is copied until the first dropped parameter; everything before it is kept as written.
    let base = &url[..Position::AfterPath];
    let mut out: Option<String> = None;
    let mut offset = 0;
    for pair in query.split('&') {
        let start = offset;
        offset += pair.len() + 1;
        let dropped = !pair.is_empty() && drop(pair);
        match &mut out {
            None if dropped => {
                let mut s = String::with_capacity(url.as_str().len());
                s.push_str(base);
                for kept in query[..start].split('&').filter(|p| !p.is_empty()) {
                    s.push(if s.len() == base.len() { '?' } else { '&' });
                    s.push_str(kept);
                }
                out = Some(s);
            }
            Some(s) if !dropped && !pair.is_empty() => {
                s.push(if s.len() == base.len() { '?' } else { '&' });
                s.push_str(pair);
            }
            _ => {}
        }
    }
    let Some(mut out) = out else { return url.as_str().to_owned() };
    if let Some(fragment) = url.fragment() {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(href: &str) -> String {
        let global = ParamSet::from_patterns(&["utm_*".to_owned(), "spm".to_owned()]);
        let items = ParamSet::from_patterns(&["id".to_owned()]);
        clean_url(&Url::parse(href).expect("valid"), &global, None, Some(&items))
    }

    #[test]
    fn clean_url_keeps_order_fragment_and_item_params() {
        assert_eq!(clean("https://x.cn/p?a=1&&utm_source=w#f"), "https://x.cn/p?a=1#f");
        assert_eq!(clean("https://x.cn/p?utm_source=w&a=1&spm=2&b"), "https://x.cn/p?a=1&b");
        assert_eq!(clean("https://x.cn/p?a=1&&b=2"), "https://x.cn/p?a=1&&b=2");
        assert_eq!(clean("https://x.cn/p?utm_medium=x"), "https://x.cn/p");
        assert_eq!(clean("https://x.cn/p?UTM_Source=x&id=5"), "https://x.cn/p?id=5");
        assert_eq!(clean("https://x.cn/p?utm%5Fsource=x&id=5"), "https://x.cn/p?id=5");
        assert_eq!(clean("https://x.cn/p"), "https://x.cn/p");
    }

    #[test]
    fn is_canonical_examples() {
        assert!(is_canonical("https://item.taobao.com/item.htm?id=42&spm=a#x"));
        assert!(is_canonical("http://a.com/"));
        for href in [
            "https://a.com",
            "https://a.com?q",
            "https://A.com/",
            "https://a.com/./x",
            "https://a.com/%2E%2e/x",
            "https://a.com/a b",
            "https://a.com/a\\b",
            "https://a.com:8/",
            "https://1.2.3.4/",
            "https://xn--zz.com/",
        ] {
            assert!(!is_canonical(href), "{href}");
        }
    }

    proptest::proptest! {
        /// The oracle: whatever `is_canonical` accepts, the URL parser serialises to the same text.
        #[test]
        fn is_canonical_means_the_parser_keeps_it(
            host in "(xn--)?[a-z0-9-]{1,6}(\\.[a-z0-9-]{1,6}){0,2}\\.[a-z]{2,4}",
            rest in "/[/a-zA-Z0-9._~!$&()*+,;=:@?#%\\[\\]'\" <>`{}|^\\\\-]{0,24}",
        ) {
            let href = format!("https://{host}{rest}");
            if is_canonical(&href) {
                let parsed = Url::parse(&href);
                proptest::prop_assert_eq!(parsed.as_ref().map(Url::as_str), Ok(href.as_str()));
            }
        }
    }
}
