//! Which platform a share code or mini-program path belongs to. The catalogue says which platforms a text names
//! (their `shareKeywords`: 【淘宝】, 复制打开抖音, ...) and which code formats each platform uses (`shareCodes`, see
//! [`CodeFormat`]); no platform id is written here.
//!
//! A code belongs to the platform named last before it (a message can hold a Taobao share and then a JD one), or
//! else to the first one named after it, among the platforms that declare the code's format; where the text names
//! none of them, to the first platform in the catalogue that declares it.

use std::ops::Range;

use super::{Finding, FindingKind, codes, mini_programs};
use crate::catalogue::{Catalogue, CodeFormat};

/// The share codes and mini-program paths of `text` that overlap none of `links` (its URL findings, with their
/// platforms) and none of each other, with their platform indexes, in text order.
pub(crate) fn codes(
    text: &str,
    catalogue: &Catalogue,
    links: &[Finding],
) -> Vec<(FindingKind, Range<usize>, Option<usize>)> {
    let platforms = &catalogue.platforms;
    let declares = |i: usize, format: CodeFormat| platforms[i].share_codes.contains(&format);
    // Every place the text names a platform, in text order.
    let mut named: Vec<(usize, usize)> = Vec::new();
    for (i, p) in platforms.iter().enumerate() {
        for k in &p.share_keywords {
            named.extend(text.match_indices(k.as_str()).map(|(at, _)| (at, i)));
        }
    }
    named.sort_unstable();
    let names = |format: CodeFormat| named.iter().any(|&(_, i)| declares(i, format));
    // `format: None`: any platform named.
    let platform_at = |at: usize, format: Option<CodeFormat>| -> Option<usize> {
        let ok = |i: usize| format.is_none_or(|f| declares(i, f));
        named
            .iter()
            .rev()
            .find(|&&(pos, i)| pos < at && ok(i))
            .or_else(|| named.iter().find(|&&(_, i)| ok(i)))
            .map(|&(_, i)| i)
    };
    let first = |format: CodeFormat| (0..platforms.len()).find(|&i| declares(i, format));
    let link_platform = |format: CodeFormat| {
        links.iter().filter_map(|f| catalogue.platform_index(&f.platform.as_ref()?.id)).find(|&i| declares(i, format))
    };

    let mut tokens: Vec<(Range<usize>, Option<usize>)> = Vec::new();
    for r in codes::wrapped_codes(text) {
        let platform = platform_at(r.start, None).or(first(CodeFormat::Wrapped));
        tokens.push((r, platform));
    }
    // Bracketed codes need a declaring platform named in the text, or one of its links beside them, unless their
    // shape is self-evident.
    let bracket_link = link_platform(CodeFormat::Bracketed);
    for (range, self_evident) in codes::bracketed_codes(text) {
        let shop = platform_at(range.start, Some(CodeFormat::Bracketed)).or(bracket_link);
        if shop.is_some() || self_evident {
            tokens.push((range, shop.or(first(CodeFormat::Bracketed))));
        }
    }
    for r in codes::taobao_codes(text, names(CodeFormat::TaobaoCode)) {
        let platform = platform_at(r.start, Some(CodeFormat::TaobaoCode)).or(first(CodeFormat::TaobaoCode));
        tokens.push((r, platform));
    }
    // Search codes (`CZ356`) only in a share text: a platform named and one of its links present. Whatever stands
    // between such a link and the title's 「 is one too, in whatever shape (`tG-#22&gt;lD`).
    if !named.is_empty() && links.iter().any(|f| f.platform.is_some()) {
        for f in links.iter().filter(|f| f.platform.is_some()) {
            if let Some(r) = codes::code_before_title(text, f.end) {
                tokens.push((r.clone(), platform_at(r.start, None)));
            }
        }
        for r in codes::search_codes(text) {
            tokens.push((r.clone(), platform_at(r.start, None)));
        }
    }
    for (format, finder) in [
        (CodeFormat::EmojiCode, codes::emoji_codes as fn(&str) -> Vec<Range<usize>>),
        (CodeFormat::DouyinCode, codes::douyin_codes),
    ] {
        if names(format) {
            tokens.extend(finder(text).into_iter().map(|r| (r.clone(), platform_at(r.start, Some(format)))));
        }
    }
    tokens.extend(codes::bilibili_ids(text).into_iter().map(|r| (r, first(CodeFormat::VideoId))));

    // Where two overlap, the one that starts first wins (at the same start, the finder listed first).
    crate::order::sort_by_key(&mut tokens, |(r, _)| r.start);
    let overlaps = |taken: &[(FindingKind, Range<usize>, Option<usize>)], r: &Range<usize>| {
        links.iter().any(|f| f.start < r.end && r.start < f.end)
            || taken.iter().any(|(_, t, _)| t.start < r.end && r.start < t.end)
    };
    let mut out: Vec<(FindingKind, Range<usize>, Option<usize>)> = Vec::new();
    for (range, platform) in tokens {
        if !overlaps(&out, &range) {
            out.push((FindingKind::Token, range, platform));
        }
    }
    for (range, name) in mini_programs::mini_programs(text) {
        // The name as listed, or a listed name and then `丨` and a slogan (`美团丨外卖美食买菜酒店电影购物`).
        let listed = |name: &str| platforms.iter().position(|p| p.mini_program_names.iter().any(|n| n == name));
        let platform = listed(name).or_else(|| listed(name.split_once('丨')?.0));
        if !overlaps(&out, &range) {
            out.push((FindingKind::MiniProgram, range, platform));
        }
    }
    crate::order::sort_by_key(&mut out, |(_, r, _)| r.start);
    out
}
