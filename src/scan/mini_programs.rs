//! WeChat mini-program paths in chat text: `#小程序://<name>/<code>` and the `mp://` short form.

use std::ops::Range;

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
