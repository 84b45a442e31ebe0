//! The shapes of share codes (淘口令 and its relatives, Douyin's and Xiaohongshu's codes, Bilibili ids, search codes)
//! and WeChat mini-program paths in chat text. Each finder returns byte ranges; which platform a code belongs to is
//! [`super::attribute`]'s question.

use std::ops::Range;

use super::{is_cjk_letter, is_cjk_punct};

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
    crate::order::sort_by_key(&mut out, |(r, _)| r.start);
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
