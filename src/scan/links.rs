//! URL spans in chat text, as chat clients linkify them: linkify's spans, trimmed where clients end a link (CJK
//! punctuation and letters, unbalanced brackets), and the shapes people paste that linkify misses.

use std::ops::Range;
use std::sync::OnceLock;

use linkify::{LinkFinder, LinkKind};

use super::{is_cjk_letter, is_cjk_punct};

fn finder() -> &'static LinkFinder {
    static FINDER: OnceLock<LinkFinder> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut f = LinkFinder::new();
        f.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
        f
    })
}

/// The byte ranges of URL-like spans in `text` (linkify, then trimmed the way chat clients trim), in text order.
///
/// Scheme-less spans are returned too; callers decide whether their suffix is a real TLD. Besides what linkify finds,
/// two shapes people paste are returned: a protocol-relative `//host/path` (a link copied out of HTML, or a chat that
/// dropped the scheme) and a scheme with a space or a full-width colon before its slashes (`https: //b23.tv/x`,
/// `https：//b23.tv/x`). A browser's address bar, and [`crate::analyze`], read both as links to that host.
pub(crate) fn url_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    for link in finder().links(text) {
        let (mut start, end) = (link.start(), link.end());
        // Where a link was cut at Chinese text, what follows the cut can hold the next link
        // (`…/BV11E4C1Z7Am显示视频不存在，实际链接为https://www.bilibili.com/…`): linkify that part again.
        while let Some(span) = trim_span(text, start, end) {
            let next = span.end;
            spans.push(span);
            let Some(again) = finder().links(&text[next..end]).next() else {
                break;
            };
            start = next + again.start();
            if next + again.end() != end {
                // linkify ended the inner link earlier: trim that one and stop (the outer end is no longer ours).
                if let Some(span) = trim_span(text, start, next + again.end()) {
                    spans.push(span);
                }
                break;
            }
        }
    }
    if text.contains("//") {
        let extra = slashed_spans(text, &spans);
        if !extra.is_empty() {
            // Spans never overlap: one linkify found and that runs into an extra span ends where the extra one
            // begins (`…0126https://` was linkify's scheme-less `…com.myfave0126https`), or goes if nothing is left.
            for e in &extra {
                spans.retain_mut(|r| {
                    if r.start < e.start && e.start < r.end {
                        r.end = e.start;
                    }
                    r.end > r.start && !(e.start <= r.start && r.start < e.end)
                });
            }
            spans.extend(extra);
        }
    }
    // In text order, and never overlapping (of two that do, the earlier is kept).
    crate::order::sort_by_key(&mut spans, |r| r.start);
    let mut last_end = 0;
    spans.retain(|r| {
        let keep = r.start >= last_end;
        if keep {
            last_end = r.end;
        }
        keep
    });
    spans
}

/// `//host/path` spans linkify leaves out: the `//` does not follow a letter, digit, `/` or an ASCII `:` (that is
/// an ordinary URL, or a path). A scheme right before it, separated by spaces or a full-width colon (`https: //`,
/// `https：//`), is part of the span.
fn slashed_spans(text: &str, found: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("//") {
        let slashes = from + pos;
        from = slashes + 2;
        if found.iter().any(|r| r.start <= slashes && slashes < r.end) {
            continue;
        }
        // A link ends where one found already begins (a payload runs links together).
        let next_found =
            |after: usize| found.iter().map(|r| r.start).filter(|&s| s > after).min().unwrap_or(text.len());
        // `…0126https://myfave.com/…`: a web scheme glued to a run linkify does not take for a scheme.
        let web = text[..slashes].strip_suffix(':').and_then(|head| trailing_web_scheme(head.as_bytes()));
        if let Some(len) = web {
            let scheme_start = slashes - 1 - len;
            let next = next_found(scheme_start);
            if let Some(link) = finder().links(&text[scheme_start..next]).next().filter(|l| l.start() == 0)
                && let Some(span) = trim_span(text, scheme_start, scheme_start + link.end())
            {
                from = span.end.max(from);
                out.push(span);
            }
            continue;
        }
        let before = text[..slashes].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | ':' | '\\')) {
            continue;
        }
        // Where the link ends: linkify on the text after the slashes, which must start with its host.
        let rest = &text[from..next_found(slashes)];
        let Some(link) = finder().links(rest).next().filter(|l| l.start() == 0) else {
            continue;
        };
        if link.as_str().contains("://") {
            continue;
        }
        let mut start = slashes;
        // `https: //`, `http  //`? Only a scheme and a colon (ASCII with spaces, or full-width) count.
        let head = text[..slashes].trim_end_matches(' ');
        for colon in [":", "："] {
            if let Some(scheme_end) = head.strip_suffix(colon) {
                let scheme_start =
                    scheme_end.len() - scheme_end.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
                let scheme = &scheme_end[scheme_start..];
                if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
                    start = scheme_start;
                }
            }
        }
        if let Some(span) = trim_span(text, start, from + link.end()) {
            from = span.end.max(from);
            out.push(span);
        }
    }
    out
}

/// The length of the `https` or `http` (any case) that `scheme` ends with, if it does.
fn trailing_web_scheme(scheme: &[u8]) -> Option<usize> {
    [&b"https"[..], b"http"]
        .into_iter()
        .find(|w| scheme.len() >= w.len() && scheme[scheme.len() - w.len()..].eq_ignore_ascii_case(w))
        .map(<[u8]>::len)
}

/// The `http(s)://host/...` form of a span [`url_spans`] returned: a protocol-relative `//host` and a scheme typed
/// with a space or a full-width colon before its slashes are rewritten; anything else is returned as it is.
pub(crate) fn href_of(span: &str) -> std::borrow::Cow<'_, str> {
    // Most links: nothing to do.
    if span.starts_with("https://") || span.starts_with("http://") {
        return std::borrow::Cow::Borrowed(span);
    }
    if let Some(rest) = span.strip_prefix("//") {
        return std::borrow::Cow::Owned(format!("http://{rest}"));
    }
    let Some(slashes) = span.find("//") else {
        return std::borrow::Cow::Borrowed(span);
    };
    let head = span[..slashes].trim_end_matches(' ');
    let scheme = head.strip_suffix(':').or_else(|| head.strip_suffix('：'));
    match scheme {
        Some(scheme) if head.len() != slashes || head.ends_with('：') => {
            std::borrow::Cow::Owned(format!("{}://{}", scheme.to_ascii_lowercase(), &span[slashes + 2..]))
        }
        _ => std::borrow::Cow::Borrowed(span),
    }
}

fn trim_span(text: &str, mut start: usize, mut end: usize) -> Option<Range<usize>> {
    let span = &text[start..end];
    // A scheme glued to preceding letters (`看这个https://...`): start at the real scheme.
    if let Some(sep) = span.find("://") {
        let scheme_end = start + sep;
        let scheme = &span[..sep];
        if let Some(bad) = scheme.rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))) {
            let bad_len = scheme[bad..].chars().next().map_or(1, char::len_utf8);
            start += bad + bad_len;
        }
        // `…0145https://qr.alipay.com/…` (a payment QR payload): letters or digits glued before `http(s)` are not
        // part of the scheme the way a browser would be handed the link.
        let scheme = &text.as_bytes()[start..scheme_end];
        if let Some(len) = trailing_web_scheme(scheme).filter(|&len| len < scheme.len()) {
            start = scheme_end - len;
        }
    }
    let span = &text[start..end];
    // A scheme-less span glued to Chinese text (`地址：jd.com`, `去www.taobao.com`): start at the first ASCII letter
    // or digit. (Scheme-less Chinese IDNs are therefore not linkified, as in the chat apps.)
    if !span.contains("://")
        && let Some(first) = span.find(|c: char| c.is_ascii_alphanumeric())
        && span[..first].chars().all(|c| is_cjk_punct(c) || is_cjk_letter(c))
    {
        start += first;
    }
    let span = &text[start..end];
    let after_scheme = span.find("//").map_or(0, |i| i + 2);
    let host_end = span[after_scheme..].find(['/', '?', '#']).map_or(span.len(), |i| after_scheme + i);
    // (Not in the scheme part: `https：//` has a full-width colon there.)
    let scheme_part = after_scheme.saturating_sub(2);
    let cut = span
        .char_indices()
        .find(|&(i, c)| i >= scheme_part && (is_cjk_punct(c) || (i >= host_end && is_cjk_letter(c))));
    if let Some((i, _)) = cut {
        end = start + i;
    }
    // Trailing punctuation that is not part of a link, as linkify does at the true end.
    while end > start {
        let last = text[start..end].chars().next_back()?;
        if matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '"') {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    let span = &text[start..end];
    // Still a link? Needs a host with a dot, or a scheme with something after it.
    let ok = match span.find("://") {
        Some(i) => span.len() > i + 3 && span[..i].starts_with(|c: char| c.is_ascii_alphabetic()),
        // Scheme-less, protocol-relative (`//host`) or with a space before the slashes (`https: //host`).
        None => span[span.find("//").map_or(0, |i| i + 2)..]
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|h| h.contains('.') && !h.ends_with('.') && !h.starts_with('.')),
    };
    ok.then_some(start..end)
}
