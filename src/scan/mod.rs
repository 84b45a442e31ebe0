//! Finding links, share codes (淘口令 and the like) and WeChat mini-program paths in free chat text.
//!
//! Offsets are UTF-8 byte offsets into the scanned `&str` (`text[start..end]` is the finding's text). JavaScript
//! callers that need UTF-16 offsets convert at the binding layer.
//!
//! The modules: [`links`] (URL spans as chat clients linkify them), [`codes`] (the shapes of share codes), [`mini_programs`]
//! (mini-program paths) and [`attribute`] (which platform each code belongs to, from the catalogue's `shareCodes` and
//! `shareKeywords`). [`crate::Engine::scan_text`] puts them together with a decision for each link.

pub(crate) mod attribute;
pub(crate) mod codes;
pub(crate) mod links;
pub(crate) mod mini_programs;

use std::ops::Range;

use serde::Serialize;

use crate::decision::{Decision, PlatformRef};

pub(crate) use links::{href_of, url_spans};

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

impl Finding {
    /// A finding of `text[range]` with no decision.
    pub(crate) fn at(kind: FindingKind, text: &str, range: Range<usize>, platform: Option<&PlatformRef>) -> Self {
        Finding {
            kind,
            text: text[range.clone()].to_owned(),
            start: range.start,
            end: range.end,
            platform: platform.cloned(),
            decision: None,
        }
    }
}

/// CJK and full-width punctuation: chat clients end a link there (`，` `。` `】` `）` `「` ...).
pub(crate) fn is_cjk_punct(c: char) -> bool {
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
pub(crate) fn is_cjk_letter(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}
