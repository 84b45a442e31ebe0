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

/// The byte ranges of URL-like spans in `text` (linkify, then trimmed the way chat clients trim).
///
/// Scheme-less spans are returned too; callers decide whether their suffix is a real TLD.
pub(crate) fn url_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    finder().links(text).filter_map(move |link| trim_span(text, link.start(), link.end()))
}

fn trim_span(text: &str, mut start: usize, mut end: usize) -> Option<Range<usize>> {
    let span = &text[start..end];
    // A scheme glued to preceding letters (`看这个https://...`): start at the real scheme.
    if let Some(sep) = span.find("://") {
        let scheme = &span[..sep];
        if let Some(bad) = scheme.rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))) {
            let bad_len = scheme[bad..].chars().next().map_or(1, char::len_utf8);
            start += bad + bad_len;
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
    let after_scheme = span.find("://").map_or(0, |i| i + 3);
    let host_end = span[after_scheme..].find(['/', '?', '#']).map_or(span.len(), |i| after_scheme + i);
    let cut = span.char_indices().find(|&(i, c)| is_cjk_punct(c) || (i >= host_end && is_cjk_letter(c)));
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
        None => span.split(['/', '?', '#']).next().is_some_and(|h| h.contains('.') && !h.ends_with('.')),
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
/// including the wrappers.
pub(crate) fn wrapped_codes(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
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

/// WeChat mini-program paths: `#小程序://<name>/<code>` (the `#` is optional). Returns `(range, name)`.
pub(crate) fn mini_programs(text: &str) -> Vec<(Range<usize>, &str)> {
    const MARK: &str = "小程序://";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(MARK) {
        let mark = from + pos;
        from = mark + MARK.len();
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
        let end = from + slash + 1 + code_len;
        out.push((start..end, name));
        from = end;
    }
    out
}
