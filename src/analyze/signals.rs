//! The schemes and characters the risk checks look for, each with its source.

/// Schemes that run code or reach local files: always blocked. Sources: the HTML and URL standards
/// (`javascript:`, `data:`, `blob:`, `file:`), MSRC advisories for `ms-msdt:` (CVE-2022-30190), `search-ms:` and
/// `ms-officecmd:` protocol-handler abuse (remote code execution through Windows URI handlers, 2021-2022).
pub(super) fn is_dangerous_scheme(scheme: &str) -> bool {
    // A `match` compiles to a switch on the length and one comparison, not ten.
    matches!(
        scheme,
        "javascript"
            | "vbscript"
            | "data"
            | "file"
            | "filesystem"
            | "blob"
            | "ms-msdt"
            | "search-ms"
            | "ms-officecmd"
            | "jar"
    )
}

/// Bidirectional embedding, override and isolate controls (Unicode Bidirectional Algorithm, UAX #9), the
/// "Trojan Source" characters (CVE-2021-42574).
pub(super) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that look like `/` and are used to hide the real host in user info (`https://taobao.com∕@evil.cn`).
pub(super) fn is_lookalike_slash(c: char) -> bool {
    matches!(c, '\u{2215}' | '\u{2044}' | '\u{FF0F}' | '\u{29F8}' | '\u{2571}' | '\u{1735}')
}
