//! Property tests: the engine never panics and always terminates, whatever the input. Native only (proptest).

#![cfg(not(target_arch = "wasm32"))]

use linkgate::{Action, ChatContext, Engine, LinkInput, ReasonCode};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new().expect("shipped data is valid"))
}

/// The `Verdict` a `Decision` corresponds to: `Engine::verdict` must always give exactly this (its short-link flag
/// is `Engine::is_short_link` of the link, which reads the URL again instead of the analysis).
fn project(d: &linkgate::Decision, href: &str) -> linkgate::Verdict {
    let e = engine();
    linkgate::Verdict {
        action: d.action,
        platform: d.platform.as_ref().and_then(|p| e.platforms().position(|(r, _)| r.id == p.id)).map(|i| i as u16),
        reasons: linkgate::ReasonSet::from_bits(d.reason_codes().fold(0, |m, c| m | 1 << (c as u32))),
        notice: d.notice.as_ref().and_then(|n| e.notices().iter().position(|k| k == n)).map(|i| i as u16),
        short_link: e.is_short_link(href),
    }
}

/// Strings that look like URLs: a scheme, user info, IDN hosts, ports, paths, queries and odd characters.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just("https://".to_owned()),
        Just("http://".to_owned()),
        Just("javascript:".to_owned()),
        Just(String::new()),
        Just("taobao://".to_owned()),
        "[a-z]{1,6}:",
    ];
    let host = prop_oneof![
        Just("item.taobao.com".to_owned()),
        Just("xn--80ak6aa92e.com".to_owned()),
        "[a-z0-9\\-\\.]{0,30}",
        "\\PC{0,12}",
        "[0-9x\\.]{1,20}",
    ];
    let tail = "[ -~\\u{4e00}-\\u{4e10}\\u{202e}\\u{2215}]{0,40}";
    (scheme, "([a-z]{0,5}@)?", host, "(:[0-9]{0,6})?", tail).prop_map(|(s, u, h, p, t)| format!("{s}{u}{h}{p}{t}"))
}

/// What the scan's finders look for, to glue into texts (`scan_findings_never_overlap`).
const SCAN_PIECES: &[&str] = &[
    "https://",
    "https: //",
    "https：",
    "//",
    "http",
    "3.cn/a",
    "b23.tv",
    "【淘宝】",
    "【京东】",
    "闲鱼",
    " 「",
    "」",
    " CZ356 ",
    "MF 93",
    "￥",
    "€",
    "🎵",
    "(",
    "/",
    "e2Nocj7Tx1g",
    "œLvjVlOKœ",
    "BV1",
    "Q2fEY8ELp",
    "av1234",
    "#小程序 ://",
    "京东购物/",
    "2 LP 8 VqJ",
    "mp://",
    "mL40fkRVjs5iEqH",
    "抖音",
    "Kjc:/",
    " ",
    "\n",
    "，",
];

fn context() -> impl Strategy<Value = ChatContext> {
    prop_oneof![
        Just(ChatContext::Direct),
        Just(ChatContext::Group),
        Just(ChatContext::Feed),
        Just(ChatContext::Unknown)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn classify_never_panics_on_any_string(href in "\\PC*", text in proptest::option::of("\\PC*"), ctx in context()) {
        let mut input = LinkInput::new(&href, ctx);
        if let Some(t) = &text { input = input.with_text(t); }
        let d = engine().classify(&input);
        prop_assert_eq!(engine().verdict(&input), project(&d, input.href));
        // Invariants that hold for every decision.
        if d.has_reason(ReasonCode::DangerousScheme) { prop_assert_eq!(d.action, Action::Block); }
        if d.reasons.iter().any(|r| r.code.is_risk()) { prop_assert!(d.action >= Action::Warn); }
    }

    #[test]
    fn classify_never_panics_on_url_like_strings(href in url_like(), text in proptest::option::of(url_like()), ctx in context()) {
        let mut input = LinkInput::new(&href, ctx);
        if let Some(t) = &text { input = input.with_text(t); }
        let d = engine().classify(&input);
        prop_assert_eq!(engine().verdict(&input), project(&d, input.href));
        if let Some(clean) = &d.clean_url {
            prop_assert!(clean.len() <= d.canonical_url.as_ref().map_or(0, String::len));
        }
    }

    #[test]
    fn scan_never_panics_and_spans_are_exact(text in "\\PC*", extra in url_like(), ctx in context()) {
        let text = format!("{text} {extra}，￥AbCd1234xY￥ #小程序://拼多多/{extra}");
        for f in engine().scan_text(&text, ctx) {
            prop_assert!(f.start < f.end && f.end <= text.len());
            prop_assert_eq!(&text[f.start..f.end], f.text.as_str());
        }
    }

    /// Text stitched from the pieces every finder looks for (schemes with spaces and full-width colons, `//`,
    /// delimiters, codes, ids, mini-program marks), glued in any order: findings are exact, in order, and never
    /// overlap.
    #[test]
    fn scan_findings_never_overlap(pieces in proptest::collection::vec(prop_oneof![
        proptest::sample::select(SCAN_PIECES).prop_map(str::to_owned),
        "\\PC{0,3}",
    ], 0..24), ctx in context()) {
        let text: String = pieces.concat();
        let mut last_end = 0;
        for f in engine().scan_text(&text, ctx) {
            prop_assert!(f.start >= last_end, "{:?} overlaps the finding before it in {:?}", f.text, text);
            prop_assert_eq!(&text[f.start..f.end], f.text.as_str());
            last_end = f.end;
        }
    }
}

#[test]
fn huge_inputs_terminate() {
    let megabyte = "a".repeat(1 << 20);
    let d = engine().classify(&LinkInput::new(&format!("https://example.org/?q={megabyte}"), ChatContext::Group));
    assert!(d.has_reason(ReasonCode::ExcessiveLength));
    let d = engine().classify(&LinkInput::new(&megabyte, ChatContext::Group));
    assert!(d.has_reason(ReasonCode::InvalidUrl));
    let host = format!("https://{}.com/", "a.".repeat(300_000));
    let _ = engine().classify(&LinkInput::new(&host, ChatContext::Group).with_text(&host));
    let chat = "看 https://m.tb.cn/h.5BqXx2A ￥AbCd1234xY￥ ".repeat(25_000);
    assert!(chat.len() > 1 << 20);
    let findings = engine().scan_text(&chat, ChatContext::Group);
    assert_eq!(findings.len(), 50_000);
    let punct = "￥$€《".repeat(300_000);
    assert!(engine().scan_text(&punct, ChatContext::Group).is_empty());
}

#[test]
fn lone_surrogates_from_js_strings() {
    // JS strings may hold unpaired UTF-16 surrogates; the binding layer converts them lossily (U+FFFD), which the
    // engine must take like any other text.
    let units: Vec<u16> = "https://item.taobao.com/".encode_utf16().chain([0xD800, 0x61, 0xDC00]).collect();
    let href = String::from_utf16_lossy(&units);
    let d = engine().classify(&LinkInput::new(&href, ChatContext::Direct));
    assert_eq!(d.platform.as_ref().map(|p| &*p.id), Some("taobao"));
    let units: Vec<u16> = "https://ex".encode_utf16().chain([0xDBFF]).chain("ample.org/".encode_utf16()).collect();
    let d = engine().classify(&LinkInput::new(&String::from_utf16_lossy(&units), ChatContext::Direct));
    assert!(d.action >= Action::Open);
    let _ = engine().scan_text(&String::from_utf16_lossy(&[0xD83D, 0x20, 0xFFE5]), ChatContext::Direct);
}

/// Links already in canonical form, as browsers hand them over: these take `Engine::verdict`'s quick path (no URL
/// parse), so the quick path must agree with `classify`'s full parse on every one of them, and on near misses: rests
/// the parser would rewrite, trailing whitespace, non-ASCII, and lengths around the quick path's limit.
fn canonical_like() -> impl Strategy<Value = String> {
    let label = prop_oneof![
        Just("item".to_owned()),
        Just("taobao".to_owned()),
        Just("taobao-login".to_owned()),
        Just("xn--tobao-4ve".to_owned()),
        Just("jd".to_owned()),
        Just("m".to_owned()),
        Just("www".to_owned()),
        Just("slack-redir".to_owned()),
        "[a-z0-9]{1,12}",
        "[a-z0-9-]{1,8}",
        "[0-9]{1,3}",
        "0x[0-9a-f]{1,4}",
    ];
    let suffix = prop_oneof![
        Just("com".to_owned()),
        Just("cn".to_owned()),
        Just("com.cn".to_owned()),
        Just("net".to_owned()),
        Just("tv".to_owned()),
        Just("local".to_owned()),
        Just("zzz".to_owned()),
        "[a-z]{2,3}",
        "[0-9]{1,3}",
    ];
    let host = (proptest::collection::vec(label, 0..4), suffix).prop_map(|(mut ls, s)| {
        ls.push(s);
        ls.join(".")
    });
    let rest = prop_oneof![
        Just(String::new()),
        "/[a-zA-Z0-9/_.~-]{0,30}",
        "/[a-z0-9]{0,10}\\?[a-z_]{1,6}=[a-zA-Z0-9%:/.]{0,20}(&[a-z]{1,4}=[0-9]{1,4}){0,3}",
        "[/?#][ -~]{0,30}",
        // What the parser would encode, strip or rewrite in the rest (the quick path skips reading it in short links).
        "[/?#][\t\n\r \\\"'<>`{}|^a-z./%-]{0,30}",
        "/[a-z]{0,5}/\\.\\./[a-z%\\\\]{0,10}",
        "[/?#][a-z]{0,8}[ \t\n\u{0B}\u{0C}]",
        "/(é|中|\u{202E}|a){1,8}",
        "/[a-z%]{630,700}",
        "/[<>\" ]{660,720}",
        "/link\\?url=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D1",
    ];
    (prop_oneof![Just("https://"), Just("http://"), Just("HTTPS://")], host, rest)
        .prop_map(|(s, h, r)| format!("{s}{h}{r}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn the_quick_path_agrees_with_the_full_parse(href in canonical_like(), text in proptest::option::of(canonical_like()), ctx in context()) {
        let mut input = LinkInput::new(&href, ctx);
        if let Some(t) = &text { input = input.with_text(t); }
        prop_assert_eq!(engine().verdict(&input), project(&engine().classify(&input), input.href));
        // Anchor text that is the link itself, as chat apps show it (trimmed, and as it is).
        for shown in [href.trim(), href.as_str()] {
            let input = LinkInput::new(&href, ctx).with_text(shown);
            prop_assert_eq!(engine().verdict(&input), project(&engine().classify(&input), input.href));
        }
    }
}

#[path = "support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

#[test]
fn verdict_agrees_with_classify_on_the_bench_corpus() {
    for preset in ["default", "wechat-2021-09", "wechat-2021-11", "strict"] {
        let e = Engine::builder().preset(preset).build().expect("shipped preset");
        for (i, href) in corpus::links(20_000).iter().enumerate() {
            let ctx = [ChatContext::Direct, ChatContext::Group, ChatContext::Feed, ChatContext::Unknown][i % 4];
            let input = LinkInput::new(href, ctx);
            let d = e.classify(&input);
            let v = e.verdict(&input);
            assert_eq!(v.action, d.action, "{preset} {href}");
            assert_eq!(
                v.reasons,
                linkgate::ReasonSet::from_bits(d.reason_codes().fold(0, |m, c| m | 1 << (c as u32))),
                "{preset} {href}"
            );
        }
    }
}

/// Folds `links` in one conversation both ways, each with its own `FoldState`: `Engine::fold_link` (the verdict
/// path) must give what `Engine::fold` gives with the link's `classify` decision, and the same verdict as
/// `Engine::verdict`. Each link also comes back with tracking parameters, a fragment and its scheme changed, so a
/// key that differs between the two paths shows as a repeat folded on one side only.
fn fold_both_ways(e: &Engine, links: &[String], ctx: ChatContext, text: Option<&str>) -> Result<(), TestCaseError> {
    let mut by_decision = linkgate::FoldState::new();
    let mut by_verdict = linkgate::FoldState::new();
    for (i, href) in links.iter().enumerate() {
        let sep = if href.contains('?') { '&' } else { '?' };
        let variants = [
            href.clone(),
            format!("{href}{sep}utm_source=chat&spm=a1.b2"),
            format!("{href}#top"),
            href.replacen("https://", "http://", 1),
        ];
        for (j, variant) in variants.iter().enumerate() {
            let message = linkgate::Message {
                context: ctx,
                sender: Some(["ann", "bo", "cy"][(i + j) % 3]),
                time: Some(1_764_554_400 + (i as u64) * 7 + j as u64),
                text,
                folding: linkgate::ChatFolding::Auto,
            };
            let input = LinkInput::new(variant, ctx);
            let d = e.classify(&input);
            let want = e.fold(linkgate::Foldable::Link(&d), &message, &mut by_decision);
            let got = e.fold_link(&input, &message, &mut by_verdict);
            prop_assert_eq!(&got.fold, &want, "{}", variant);
            prop_assert_eq!(got.verdict, e.verdict(&input), "{}", variant);
            prop_assert_eq!(got.category, d.category, "{}", variant);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn fold_link_agrees_with_fold_of_the_decision(
        pool in proptest::collection::vec(prop_oneof![canonical_like(), url_like()], 1..6),
        picks in proptest::collection::vec(0usize..6, 1..12),
        ctx in context(),
        bargain in any::<bool>(),
    ) {
        // Picks from a small pool, so links come back (repeats) within the window.
        let links: Vec<String> = picks.iter().map(|&p| pool[p % pool.len()].clone()).collect();
        fold_both_ways(engine(), &links, ctx, bargain.then_some("帮我砍一刀"))?;
    }
}

#[test]
fn fold_link_agrees_with_fold_of_the_decision_on_the_bench_corpus() {
    for preset in ["default", "wechat-2021-09", "strict"] {
        let e = Engine::builder().preset(preset).build().expect("shipped preset");
        let links = corpus::links(3_000);
        // Every link twice, a few messages apart.
        let twice: Vec<String> = links.chunks(4).flat_map(|c| c.iter().chain(c).cloned()).collect();
        for ctx in [ChatContext::Direct, ChatContext::Group] {
            fold_both_ways(&e, &twice, ctx, None).unwrap_or_else(|err| panic!("{preset} {ctx:?}: {err}"));
        }
    }
}
