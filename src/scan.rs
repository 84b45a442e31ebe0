//! Finding links, share codes (淘口令 and the like) and WeChat mini-program paths in free chat text.
//!
//! Offsets are UTF-8 byte offsets into the scanned `&str` (`text[start..end]` is the finding's text). JavaScript
//! callers that need UTF-16 offsets convert at the binding layer.

use std::ops::Range;
use std::sync::OnceLock;

use linkify::{LinkFinder, LinkKind};
use serde::Serialize;

use crate::decision::{Decision, PlatformRef};

/// What kind of thing a [`Finding`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A URL, with or without scheme (`https://m.tb.cn/h.abc`, `www.jd.com`).
    Url,
    /// A share code that an app turns into a link (`￥AbCd1234￥`, a Douyin `Kjc:/` code).
    Token,
    /// A WeChat mini-program path (`#小程序://拼多多/AbCdEf`).
    MiniProgram,
}

/// Something found in chat text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What was found.
    pub kind: FindingKind,
    /// The text as written (`text[start..end]` of the scanned string).
    pub text: String,
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset one past the last byte.
    pub end: usize,
    /// The platform the finding opens, if known.
    pub platform: Option<PlatformRef>,
    /// For URLs: the decision in the scan's chat context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

fn finder() -> &'static LinkFinder {
    static FINDER: OnceLock<LinkFinder> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut f = LinkFinder::new();
        f.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
        f
    })
}

/// CJK and full-width punctuation: chat clients end a link there (`，` `。` `】` `）` `「` ...).
fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕
        | '\u{FF00}'..='\u{FF0F}' // full-width ！＂＃＄％＆＇（）＊＋，－．／
        | '\u{FF1A}'..='\u{FF20}' // ：；＜＝＞？＠
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{FFE0}'..='\u{FFEE}' // ￠￡￢￣￤￥￦
        | '\u{2018}'..='\u{201F}' // curly quotes
        | '\u{2026}'              // …
        | '\u{00B7}'
        | '\u{FE10}'..='\u{FE1F}'
        | '\u{FE30}'..='\u{FE4F}')
}

/// Han, kana and Hangul: after the host, chat clients end a link at the first of these (`https://jd.com/x很便宜`).
fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
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
    spans.sort_by_key(|r| r.start);
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

/// Same-character wrappers Taobao (and JD, which copied the scheme) put around a share code: `￥AbCd1234￥`.
fn is_code_wrapper(c: char) -> bool {
    matches!(
        c,
        '￥' | '¥'
            | '$'
            | '€'
            | '₤'
            | '£'
            | '¢'
            | '₳'
            | '₴'
            | '₰'
            | '₵'
            | '₲'
            | '₱'
            | '₭'
            | '₡'
            | '₪'
            | '₸'
            | '₮'
            | '₩'
            | '¤'
            | '₣'
            | '₦'
            | '₽'
            | '《'
            | '〈'
            | '＄'
    )
}

/// A candidate share code inside a wrapper: ASCII letters and digits (one inner space allowed), 8 to 20 of them,
/// at least one letter, not a price (`￥39.9` or `$100$` never match: no dot allowed, letters required).
fn is_code_body(body: &str) -> bool {
    let alnum = body.bytes().filter(u8::is_ascii_alphanumeric).count();
    let spaces = body.bytes().filter(|b| *b == b' ').count();
    (8..=20).contains(&alnum)
        && alnum + spaces == body.len()
        && spaces <= 1
        && !body.starts_with(' ')
        && !body.ends_with(' ')
        && body.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Share codes between wrapper characters (usually the same one; Taobao also opens `￥…$`). Returns byte ranges
/// including the wrappers. Dewu (得物) wraps its shorter codes in `œ…œ` (`œLvjVlOKœ`), which is found too.
pub(crate) fn wrapped_codes(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == 'œ' {
            let body_start = i + c.len_utf8();
            let rest = &text[body_start..];
            let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let mixed = rest[..len].bytes().any(|b| b.is_ascii_uppercase())
                && rest[..len].bytes().any(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if (6..=20).contains(&len) && mixed && rest[len..].starts_with('œ') {
                let end = body_start + len + 'œ'.len_utf8();
                out.push(i..end);
                while iter.peek().is_some_and(|(j, _)| *j < end) {
                    iter.next();
                }
            }
            continue;
        }
        if !is_code_wrapper(c) {
            continue;
        }
        let body_start = i + c.len_utf8();
        // The matching wrapper must follow within 22 characters (20 for the body, one inner space, the close).
        let rest = &text[body_start..];
        let Some((close, close_char)) = rest.char_indices().take(22).find(|&(_, ch)| is_code_wrapper(ch)) else {
            continue;
        };
        let body = &rest[..close];
        if is_code_body(body) {
            let end = body_start + close + close_char.len_utf8();
            out.push(i..end);
            while iter.peek().is_some_and(|(j, _)| *j < end) {
                iter.next();
            }
        }
    }
    out
}

/// Share codes in `(…)` or `/…/` wrappers, which Taobao also uses: 10 to 14 ASCII letters and digits with at least
/// one upper-case letter and one lower-case letter or digit (`/CLVXYTNKYUg/`, `(C8G93R9Dtxy)`).
///
/// Returns `(range, self_evident)`: the current `7(C8G93R9Dtxy)/` command form (a digit, the code in parentheses, a
/// slash) is Taobao's alone and counts even when the text does not name the app; the others only when it does.
pub(crate) fn bracketed_codes(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    for (open, close) in [('(', ')'), ('/', '/'), ('（', '）')] {
        let mut from = 0;
        while let Some(pos) = text[from..].find(open) {
            let start = from + pos;
            let body_start = start + open.len_utf8();
            from = body_start;
            let Some(len) = text[body_start..].find(close) else {
                break;
            };
            let body = &text[body_start..body_start + len];
            let shaped = body.bytes().any(|b| b.is_ascii_uppercase())
                && body.bytes().any(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if (10..=14).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_alphanumeric()) && shaped {
                let end = body_start + len + close.len_utf8();
                // A `/code/` inside a URL path is not a share code.
                let before = &text[..start];
                let word = before.rsplit(char::is_whitespace).next().unwrap_or("");
                let in_url = word.contains("://") || word.contains('.');
                let command_form =
                    open == '(' && before.ends_with(|c: char| c.is_ascii_digit()) && text[end..].starts_with('/');
                if !(open == '/' && in_url) {
                    out.push((start..end, command_form));
                }
                from = end;
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// Xiaohongshu's share code: the same emoji on both sides of a 10-20 character code, with single spaces
/// (`😆 uvdE5BDEqh0P51h 😆`). Only looked for when the text names Xiaohongshu.
pub(crate) fn emoji_codes(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((i, c)) = text[from..].char_indices().find(|(_, c)| is_emoji(*c)).map(|(i, c)| (from + i, c)) {
        from = i + c.len_utf8();
        let Some(rest) = text[from..].strip_prefix(' ') else {
            continue;
        };
        let body_len = rest.find(|ch: char| !ch.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let body = &rest[..body_len];
        let closing = rest[body_len..].strip_prefix(' ').is_some_and(|r| r.starts_with(c));
        let mixed = body.bytes().any(|b| b.is_ascii_alphabetic()) && body.bytes().any(|b| b.is_ascii_digit());
        if (10..=20).contains(&body_len) && closing && mixed {
            let end = from + 1 + body_len + 1 + c.len_utf8();
            out.push(i..end);
            from = end;
        }
    }
    out
}

/// Taobao's 口令 code itself: 11 ASCII letters and digits in mixed case (`e2Nocj7Tx1g`, `OZGjcQKQkLE`), the one
/// thing every 淘口令 format since 2018 keeps while its delimiters changed: currency signs, emoji, brackets, slashes,
/// mismatched or missing ones (`🎵e2Nocj7Tx1g📲`, `（￥OZGjcQKQkLE`, `8/F2iBcQ6xCZB//`, `a:/😺yhSSc90Hk1L₤`; real
/// examples collected in github.com/Coolkkmeat/TaobaoCommandParse issue 5).
///
/// A run counts when a delimiter (a symbol, not a letter, digit, space or URL punctuation) touches it on one side and
/// the other side is a delimiter, a space or the end; with `named` (the text names Taobao) a run between spaces or
/// Chinese text counts too. Runs already inside another finding are the caller's to drop.
pub(crate) fn taobao_codes(text: &str, named: bool) -> Vec<Range<usize>> {
    const LEN: usize = 11;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i - start != LEN || !code_like(&text[start..i]) {
            continue;
        }
        let before = text[..start].chars().next_back();
        let after = text[i..].chars().next();
        let side = |c: Option<char>| match c {
            None => Side::Edge,
            Some(c) if is_code_delimiter(c) => Side::Delimiter,
            Some(c) if c.is_whitespace() || is_cjk_punct(c) || is_cjk_letter(c) => Side::Soft,
            Some(_) => Side::Glued,
        };
        let (b, a) = (side(before), side(after));
        let delimited = (b == Side::Delimiter || a == Side::Delimiter) && b != Side::Glued && a != Side::Glued;
        let in_text = named && b != Side::Glued && a != Side::Glued && (b, a) != (Side::Edge, Side::Edge);
        if delimited || in_text {
            out.push(start..i);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Edge,
    Delimiter,
    Soft,
    Glued,
}

/// Mixed case, as Taobao's generated codes are: two capitals and two small letters at least, and a digit or four
/// capitals (`OZGjcQKQkLE` has no digit). English words and identifiers of that length rarely are.
fn code_like(run: &str) -> bool {
    let upper = run.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = run.bytes().filter(u8::is_ascii_lowercase).count();
    let digits = run.bytes().filter(u8::is_ascii_digit).count();
    upper >= 2 && lower >= 2 && (digits >= 1 || upper >= 4)
}

/// A character that delimits a share code: a currency sign, an emoji or pictograph, a bracket or a slash.
fn is_code_delimiter(c: char) -> bool {
    is_code_wrapper(c)
        || is_emoji(c)
        || matches!(c, '\u{20A0}'..='\u{20CF}')
        || matches!(c, '(' | ')' | '（' | '）' | '/' | '\\' | '|' | '【' | '】' | '「' | '」' | '《' | '》' | '[' | ']')
}

/// The search code the current Taobao, Xianyu and JD share texts carry beside the link (`CZ356`, `MF 937`,
/// `CA1507`, `ZH9112`): two capitals, an optional space, three or four digits, standing alone between spaces, the
/// text's edges or Chinese punctuation. Pasted back into the app's search box it opens the item, so it is a share
/// code; but only in a share text, which the caller checks (a platform named and a platform link beside it).
pub(crate) fn search_codes(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 5 <= bytes.len() {
        // (Upper-case ASCII first: then `i` is a char boundary.)
        if !(bytes[i].is_ascii_uppercase()
            && bytes[i + 1].is_ascii_uppercase()
            && text[..i].chars().next_back().is_none_or(|c| c.is_whitespace() || is_cjk_punct(c)))
        {
            i += 1;
            continue;
        }
        let mut j = i + 2;
        if bytes.get(j) == Some(&b' ') {
            j += 1;
        }
        let digits = bytes[j..].iter().take_while(|b| b.is_ascii_digit()).count();
        let end = j + digits;
        let ends_word = text[end..].chars().next().is_none_or(|c| c.is_whitespace() || is_cjk_punct(c));
        if (3..=4).contains(&digits) && ends_word {
            out.push(i..end);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The code a share text puts between its link (ending at `link_end`) and the title's `「`: one to sixteen printable
/// ASCII characters with a letter or digit, at most one inner space, on the link's line (`… MF 937 「…」`).
pub(crate) fn code_before_title(text: &str, link_end: usize) -> Option<Range<usize>> {
    let rest = &text[link_end..];
    let lead = rest.len() - rest.trim_start_matches(' ').len();
    let title = rest.find('「')?;
    let body = rest[lead..title].trim_end_matches(' ');
    let ok = (1..=16).contains(&body.len())
        && body.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && body.bytes().filter(|&b| b == b' ').count() <= 1
        && body.bytes().any(|b| b.is_ascii_alphanumeric())
        && lead > 0;
    ok.then(|| link_end + lead..link_end + lead + body.len())
}

/// Bilibili video ids written bare (`BV1Q2fEY8ELp`, `av170001`), which the Bilibili app opens from the clipboard:
/// `BV1` and nine base58 characters, or `av` and digits (`AV` with five or more, so the `AV1` codec is not one). Not
/// glued to other ASCII letters or digits.
pub(crate) fn bilibili_ids(text: &str) -> Vec<Range<usize>> {
    const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let bytes = text.as_bytes();
    let glued = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let pair = [bytes[i], bytes[i + 1]];
        if pair.eq_ignore_ascii_case(b"bv") && bytes.get(i + 2) == Some(&b'1') {
            let end = i + 12;
            if bytes.len() >= end && bytes[i + 3..end].iter().all(|b| BASE58.contains(b)) && !glued(end) {
                out.push(i..end);
                i = end;
                continue;
            }
        } else if pair == *b"av" || pair == *b"AV" {
            let digits = bytes[i + 2..].iter().take_while(|b| b.is_ascii_digit()).count();
            let end = i + 2 + digits;
            let least = if pair == *b"av" { 2 } else { 5 };
            if (least..=19).contains(&digits) && !glued(end) && bytes.get(end) != Some(&b'-') {
                out.push(i..end);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}')
}

/// Douyin's share-text code: the short `Xyz:/` marker its share sheet puts before the text
/// (`7.43 Kjc:/ 复制打开抖音，看看…`). Only looked for when the text names Douyin. (The `a@B.cd` and `02/18` tails
/// it appends are not returned: they are not links and open nothing by themselves.)
pub(crate) fn douyin_codes(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find(":/") {
        let colon = i + pos;
        i = colon + 2;
        // 2-4 ASCII letters right before ":/", preceded by a non-letter.
        let mut s = colon;
        while s > 0 && bytes[s - 1].is_ascii_alphabetic() && colon - s < 5 {
            s -= 1;
        }
        let letters = colon - s;
        let boundary = s == 0 || !bytes[s - 1].is_ascii_alphanumeric();
        // Not a URL scheme: the next byte is not another '/'.
        let next_is_slash = bytes.get(colon + 2) == Some(&b'/');
        if (2..=4).contains(&letters) && boundary && !next_is_slash {
            out.push(s..colon + 2);
        }
    }
    out
}

/// The length of a mini-program code that starts `code` and runs `len` bytes before a space: when single spaces
/// split it into groups of letters and digits that make exactly 15 of them, the grouped length; otherwise `len`.
fn spaced_code_len(code: &str, len: usize) -> usize {
    const WECHAT: usize = 15;
    let bytes = code.as_bytes();
    let (mut end, mut count) = (len, len);
    if count >= WECHAT || !code[..len].bytes().all(|b| b.is_ascii_alphanumeric()) {
        return len;
    }
    while count < WECHAT && bytes.get(end) == Some(&b' ') {
        let group = bytes[end + 1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if group == 0 {
            break;
        }
        end += 1 + group;
        count += group;
    }
    if count == WECHAT { end } else { len }
}

/// WeChat's mini-program short link, `mp://` and a code (`mp://mL40fkRVjs5iEqH`): it names no mini-program, and
/// only WeChat opens it.
pub(crate) fn is_mini_program_link(span: &str) -> bool {
    span.strip_prefix("mp://")
        .is_some_and(|code| (8..=32).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// WeChat mini-program paths: `#小程序://<name>/<code>` (the `#` is optional). Returns `(range, name)`.
///
/// A space before `://` and spaces inside the code, which some pages insert, are read through when the code's
/// letters and digits then number 15, the length of WeChat's codes (`#小程序 ://闲鱼/2 LP 8 VqJ 8 wEhalKj`).
pub(crate) fn mini_programs(text: &str) -> Vec<(Range<usize>, &str)> {
    const MARK: &str = "小程序";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(MARK) {
        let mark = from + pos;
        from = mark + MARK.len();
        let Some(after) = text[from..].trim_start_matches(' ').strip_prefix("://") else {
            continue;
        };
        from = text.len() - after.len();
        let start = if text[..mark].ends_with('#') { mark - 1 } else { mark };
        let rest = &text[from..];
        let Some(slash) = rest.find('/') else {
            continue;
        };
        let name = &rest[..slash];
        if name.is_empty() || name.chars().count() > 32 || name.contains(char::is_whitespace) {
            continue;
        }
        let code_len = rest[slash + 1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '=' | '&' | '?')))
            .unwrap_or(rest.len() - slash - 1);
        if code_len == 0 {
            continue;
        }
        let code_len = spaced_code_len(&rest[slash + 1..], code_len);
        let end = from + slash + 1 + code_len;
        out.push((start..end, name));
        from = end;
    }
    out
}
