//! Reading a shortener's HTML answer for the URL it sends a browser to, without running anything: a
//! `<meta http-equiv="refresh" content="0; url=…">`, a script's `location` assignment (`location.href = "…"`,
//! `location.replace("…")`, `window.location = '…'`), or a variable the host's page is known to keep its target in
//! (`var url = '…'` on m.tb.cn; `rules/short_links.json`). Only string literals are read: a target computed by the
//! script is not found, and the resolution says so.

use super::Via;

/// The first target the page names: a known variable of the host's first, then a meta refresh, then a location
/// assignment. The string as the page writes it (entities and escapes decoded), not yet resolved against the URL.
pub(crate) fn target(body: &str, variables: &[String]) -> Option<(String, Via)> {
    for name in variables {
        if let Some(url) = variable(body, name) {
            return Some((url, Via::Script));
        }
    }
    if let Some(url) = meta_refresh(body) {
        return Some((url, Via::MetaRefresh));
    }
    location(body).map(|url| (url, Via::Script))
}

/// Case-insensitive search for ASCII `needle` in `haystack` from `from`: the byte offset of the match.
fn find_ascii_ci(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (from..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The `content` of the first `<meta http-equiv="refresh">` tag, past its delay and `url=`.
fn meta_refresh(body: &str) -> Option<String> {
    let mut at = 0;
    while let Some(start) = find_ascii_ci(body, "<meta", at) {
        let end = body[start..].find('>').map_or(body.len(), |e| start + e);
        let attrs = attributes(&body[start + 5..end]);
        at = end;
        let is_refresh =
            attrs.iter().any(|(k, v)| k.eq_ignore_ascii_case("http-equiv") && v.eq_ignore_ascii_case("refresh"));
        let Some((_, content)) = attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case("content")) else { continue };
        if !is_refresh {
            continue;
        }
        // "5; url=https://…", "0;URL='…'" (the HTML standard's refresh syntax, its quotes optional).
        let content = decode_entities(content);
        let rest = content.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace());
        let rest = rest.trim_start_matches([';', ',']).trim_start();
        let rest = match find_ascii_ci(rest, "url", 0) {
            Some(0) => rest[3..].trim_start().strip_prefix('=')?.trim_start(),
            _ => rest,
        };
        let url = rest.trim_matches(|c: char| c == '\'' || c == '"' || c.is_whitespace());
        if !url.is_empty() {
            return Some(url.to_owned());
        }
    }
    None
}

/// A tag's attributes, `name=value` with `"`, `'` or no quotes (values not decoded).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        if name_end == 0 {
            return out;
        }
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after) = rest.strip_prefix('=') else {
            out.push((name, ""));
            continue;
        };
        let after = after.trim_start();
        let (value, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(e) => (&after[1..1 + e], &after[2 + e..]),
                None => (&after[1..], ""),
            },
            _ => {
                let e = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..e], &after[e..])
            }
        };
        out.push((name, value));
        rest = next;
    }
}

/// The character references a URL in an attribute uses: `&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;`, `&#NN;`,
/// `&#xHH;`. Anything else is kept as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // (A byte search: `;` is ASCII, so its offset is a character boundary, whatever comes before it.)
        let Some(end) = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A JavaScript string literal at the start of `s` (after spaces): its value with escapes decoded.
fn string_literal(s: &str) -> Option<String> {
    let s = s.trim_start();
    let quote = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let mut out = String::new();
    let mut chars = s[1..].chars();
    while let Some(c) = chars.next() {
        match c {
            c if c == quote => return Some(out),
            '$' if quote == '`' && chars.clone().next() == Some('{') => return None, // computed: not a literal
            '\\' => match chars.next()? {
                'n' | 'r' | 't' | '\n' => {}
                'x' => {
                    let h: String = chars.by_ref().take(2).collect();
                    out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
                }
                'u' => {
                    let rest = chars.as_str();
                    let (hex, skip) = match rest.strip_prefix('{') {
                        Some(r) => (&r[..r.find('}')?], r.find('}')? + 2),
                        None => (rest.get(..4)?, 4),
                    };
                    out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                    chars = rest[skip..].chars();
                }
                other => out.push(other),
            },
            '\n' if quote != '`' => return None,
            c => out.push(c),
        }
    }
    None
}

pub(crate) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// `name = "…"` (after `var`, `let`, `const` or nothing) with a string literal on the right.
fn variable(body: &str, name: &str) -> Option<String> {
    let mut at = 0;
    while let Some(i) = body[at..].find(name).map(|i| at + i) {
        at = i + name.len();
        let before_ok = i == 0 || !is_ident_byte(body.as_bytes()[i - 1]) && body.as_bytes()[i - 1] != b'.';
        let after = &body[at..];
        let after_ok = after.bytes().next().is_some_and(|b| !is_ident_byte(b));
        if !(before_ok && after_ok) {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix('=') else { continue };
        if value.starts_with('=') {
            continue; // a comparison
        }
        if let Some(url) = string_literal(value).filter(|u| !u.trim().is_empty()) {
            return Some(url);
        }
    }
    None
}

/// A script's `location` assignment or call with a string literal: `location = "…"`, `location.href = "…"`,
/// `location.replace("…")`, `location.assign("…")` (on `window.`, `document.`, `top.`, `self.` or bare).
fn location(body: &str) -> Option<String> {
    let mut at = 0;
    while let Some(i) = body[at..].find("location").map(|i| at + i) {
        at = i + "location".len();
        if i > 0 && is_ident_byte(body.as_bytes()[i - 1]) {
            continue;
        }
        let mut rest = body[at..].trim_start();
        if let Some(r) = rest.strip_prefix(".href") {
            rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix(".replace").or_else(|| rest.strip_prefix(".assign")) {
            if let Some(url) = r.trim_start().strip_prefix('(').and_then(string_literal) {
                return Some(url);
            }
            continue;
        }
        let Some(value) = rest.strip_prefix('=') else { continue };
        if value.starts_with('=') {
            continue;
        }
        if let Some(url) = string_literal(value).filter(|u| !u.trim().is_empty()) {
            return Some(url);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(body: &str, vars: &[&str]) -> Option<String> {
        let vars: Vec<String> = vars.iter().map(|s| (*s).to_owned()).collect();
        target(body, &vars).map(|(u, _)| u)
    }

    #[test]
    fn meta_refresh_in_its_spellings() {
        let page = |content: &str| format!("<html><head><META HTTP-EQUIV=Refresh CONTENT=\"{content}\"></head></html>");
        assert_eq!(
            t(&page("0; url=https://a.example/x?a=1&amp;b=2"), &[]).as_deref(),
            Some("https://a.example/x?a=1&b=2")
        );
        assert_eq!(t(&page("0;URL='https://a.example/'"), &[]).as_deref(), Some("https://a.example/"));
        assert_eq!(t(&page("3,https://a.example/"), &[]).as_deref(), Some("https://a.example/"));
        assert_eq!(t("<meta content='0;url=/next' http-equiv='refresh'>", &[]).as_deref(), Some("/next"));
        assert_eq!(t("<meta name=description content='url=https://no.example/'>", &[]), None);
        assert_eq!(t(&page("5"), &[]), None);
    }

    #[test]
    fn script_locations_and_variables() {
        assert_eq!(
            t("<script>window.location.href = \"https:\\/\\/a.example\\/p\";</script>", &[]).as_deref(),
            Some("https://a.example/p")
        );
        assert_eq!(
            t("<script>location.replace('https://a.example/\\x3fq')</script>", &[]).as_deref(),
            Some("https://a.example/?q")
        );
        assert_eq!(
            t("<script>top.location='\\u0068ttps://a.example/'</script>", &[]).as_deref(),
            Some("https://a.example/")
        );
        assert_eq!(t("<script>if (location == 'x') {}</script>", &[]), None);
        assert_eq!(t("<script>location.href = base + '/x'</script>", &[]), None);
        assert_eq!(t("<script>location.href = `https://a/${id}`</script>", &[]), None);
        // The host's variable first, whatever else the page has.
        let tb = "<script>var extra = 'x'; var url = 'https://item.taobao.com/item.htm?id=1'; location.href = '/err';</script>";
        assert_eq!(t(tb, &["url"]).as_deref(), Some("https://item.taobao.com/item.htm?id=1"));
        assert_eq!(t("var myurl = 'https://no.example/'; o.url = 'https://no.example/'", &["url"]), None);
        assert_eq!(t("var hrl='https://u.jd.com/jda?e=1';", &["hrl"]).as_deref(), Some("https://u.jd.com/jda?e=1"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod never_panics {
        use proptest::prelude::*;

        const PIECES: [&str; 16] = [
            "<meta ",
            "http-equiv=refresh ",
            "content='0;url=",
            "location.href=",
            "location.replace(",
            "var url = ",
            "'",
            "\"",
            "\\u{",
            "\\x4",
            "&#x",
            "&amp;",
            "é",
            "淘宝",
            ">",
            "`${",
        ];

        proptest! {
            /// No input panics (no panic may reach wasm): strings made of the pieces the reader looks for, and any
            /// text between them.
            #[test]
            fn no_page_panics(parts in proptest::collection::vec(
                prop_oneof![prop::sample::select(&PIECES[..]).prop_map(str::to_owned), ".{0,6}"],
                0..24,
            )) {
                let body: String = parts.concat();
                let _ = super::super::target(&body, &["url".to_owned()]);
            }
        }
    }

    #[test]
    fn nothing_breaks_on_odd_input() {
        for body in [
            "",
            "<meta",
            "<meta http-equiv=refresh content=",
            "location",
            "location.replace(",
            "var url = '",
            "&#xZZ;",
            "\"\\u{",
            "'\\x",
        ] {
            let _ = t(body, &["url"]);
        }
        assert_eq!(decode_entities("a&amp;b&#47;c&#x2F;&bogus;&"), "a&b/c/&bogus;&");
        // A reference cut in the middle of a character (the search looked 12 bytes ahead).
        assert_eq!(decode_entities("&淘宝淘宝淘宝"), "&淘宝淘宝淘宝");
        assert_eq!(
            t("<meta http-equiv=refresh content='0;url=/a&淘宝淘宝淘宝'>", &[]).as_deref(),
            Some("/a&淘宝淘宝淘宝")
        );
    }
}
