//! Real links and share texts, and ordinary chat text, through the public API; prints the three numbers issue 12 asks
//! for and fails below them:
//!
//! - **platform accuracy** (at least 99%): every URL of `tests/fixtures/real/urls.json` through `Engine::classify`, and
//!   every URL a share text of `share_texts.json` must yield, through `Engine::scan_text`;
//! - **share-code recall** (at least 98%): the share codes (淘口令, search codes, Douyin and Xiaohongshu codes,
//!   mini-program paths, Bilibili ids) the share texts carry, found with their exact text and platform;
//! - **precision**: no share code in any of the 17,031 messages of `ordinary_text.json` (public chat corpora), and no
//!   finding in a share text that the case does not list.
//!
//! Cases listed in `tests/fixtures/real/known_failures.txt` (with the reason) count as misses in the numbers and must
//! keep failing: the runner fails when one starts passing, so the list only shrinks. Run with
//! `cargo test --test real_links -- --nocapture` to see the numbers (`make test` does).

use std::collections::BTreeMap;

use linkgate::{ChatContext, Engine, FindingKind, LinkInput};
use serde_json::Value;

const URLS: &str = include_str!("fixtures/real/urls.json");
const SHARE_TEXTS: &str = include_str!("fixtures/real/share_texts.json");
const ORDINARY: &str = include_str!("fixtures/real/ordinary_text.json");
const KNOWN_FAILURES: &str = include_str!("fixtures/real/known_failures.txt");

const PLATFORM_ACCURACY_MIN: f64 = 0.99;
const RECALL_MIN: f64 = 0.98;

fn cases(json: &str, file: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{file}: invalid JSON: {e}"));
    doc["cases"].as_array().unwrap_or_else(|| panic!("{file}: no cases array")).clone()
}

/// `platform` of a case: a platform id, `null`, or a list of ids any of which is right.
fn platform_ok(expected: &Value, actual: Option<&str>) -> bool {
    match expected {
        Value::Null => actual.is_none(),
        Value::String(id) => actual == Some(id.as_str()),
        Value::Array(ids) => ids.iter().any(|id| id.as_str() == actual),
        _ => panic!("a platform is an id, null or a list of ids, not {expected}"),
    }
}

fn kind_name(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Url => "url",
        FindingKind::Token => "token",
        FindingKind::MiniProgram => "mini_program",
    }
}

/// One checked item and whether it came out right; `case` is the id `known_failures.txt` uses.
struct Item {
    case: String,
    ok: bool,
    what: String,
}

fn known_failures() -> BTreeMap<String, String> {
    KNOWN_FAILURES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, why) = l.split_once(' ').unwrap_or((l, ""));
            assert!(why.trim().len() > 10, "known_failures.txt: '{id}' needs its reason after the id");
            (id.to_owned(), why.trim().to_owned())
        })
        .collect()
}

#[test]
fn real_links_platform_accuracy_and_share_code_recall() {
    let engine = Engine::builder().build().expect("the shipped engine builds");
    let known = known_failures();
    let mut urls: Vec<Item> = Vec::new();
    let mut codes: Vec<Item> = Vec::new();
    let mut unlisted: Vec<String> = Vec::new();
    let mut ids = std::collections::BTreeSet::new();

    for case in cases(URLS, "urls.json") {
        let id = format!("urls#{}", case["id"].as_str().expect("id"));
        assert!(ids.insert(id.clone()), "duplicate {id}");
        let url = case["url"].as_str().expect("url");
        let d = engine.classify(&LinkInput::new(url, ChatContext::Direct));
        let got = d.platform.as_ref().map(|p| &*p.id);
        urls.push(Item {
            ok: platform_ok(&case["platform"], got),
            what: format!("{url}: expected {}, got {got:?}", case["platform"]),
            case: id,
        });
    }

    for case in cases(SHARE_TEXTS, "share_texts.json") {
        let id = format!("share_texts#{}", case["id"].as_str().expect("id"));
        assert!(ids.insert(id.clone()), "duplicate {id}");
        let text = case["text"].as_str().expect("text");
        let findings = engine.scan_text(text, ChatContext::Direct);
        let mut used = vec![false; findings.len()];
        let mut find = |kind: &str, want: &str, platform: &Value| -> Result<(), String> {
            let at =
                findings.iter().enumerate().position(|(i, f)| !used[i] && kind_name(f.kind) == kind && f.text == want);
            let Some(i) = at else {
                return Err(format!("{kind} '{want}' not found"));
            };
            used[i] = true;
            let got = findings[i].platform.as_ref().map(|p| &*p.id);
            if platform_ok(platform, got) { Ok(()) } else { Err(format!("'{want}': expected {platform}, got {got:?}")) }
        };
        for u in case["urls"].as_array().expect("urls") {
            let want = u["text"].as_str().expect("url text");
            let r = find("url", want, &u["platform"]);
            urls.push(Item { case: id.clone(), ok: r.is_ok(), what: r.err().unwrap_or_default() });
        }
        for c in case["codes"].as_array().expect("codes") {
            let kind = c["kind"].as_str().expect("code kind");
            let want = c["text"].as_str().expect("code text");
            let r = find(kind, want, &c["platform"]);
            codes.push(Item { case: id.clone(), ok: r.is_ok(), what: r.err().unwrap_or_default() });
        }
        for (f, _) in findings.iter().zip(&used).filter(|(_, u)| !**u) {
            let item =
                Item { case: id.clone(), ok: false, what: format!("unlisted {} '{}'", kind_name(f.kind), f.text) };
            // An unlisted URL is a platform-accuracy error; an unlisted code is a precision error.
            if f.kind == FindingKind::Url {
                urls.push(item);
            } else {
                unlisted.push(format!("{}: {}", item.case, item.what));
            }
        }
    }

    // Ordinary chat text: no share code, no mini-program path.
    let doc: Value = serde_json::from_str(ORDINARY).expect("ordinary_text.json");
    let messages = doc["messages"].as_array().expect("messages");
    let mut false_codes = Vec::new();
    let mut ordinary_urls = 0;
    for m in messages {
        let (source, text) = (m[0].as_str().expect("source id"), m[1].as_str().expect("text"));
        for f in engine.scan_text(text, ChatContext::Group) {
            match f.kind {
                FindingKind::Url => ordinary_urls += 1,
                _ => false_codes.push(format!("{source}: {} '{}' in {text:?}", kind_name(f.kind), f.text)),
            }
        }
    }

    // Known failures: each must still fail; the numbers count them as misses.
    let failing: std::collections::BTreeSet<&str> =
        urls.iter().chain(&codes).filter(|i| !i.ok).map(|i| i.case.as_str()).collect();
    let stale: Vec<_> = known.keys().filter(|k| !ids.contains(*k)).collect();
    let now_pass: Vec<_> = known.keys().filter(|k| ids.contains(*k) && !failing.contains(k.as_str())).collect();
    let unexpected: Vec<String> = urls
        .iter()
        .chain(&codes)
        .filter(|i| !i.ok && !known.contains_key(&i.case))
        .map(|i| format!("{}: {}", i.case, i.what))
        .collect();

    let rate = |items: &[Item]| items.iter().filter(|i| i.ok).count() as f64 / items.len() as f64;
    let (accuracy, recall) = (rate(&urls), rate(&codes));
    println!(
        "real links: platform accuracy {:.2}% ({} of {} URLs), share-code recall {:.2}% ({} of {} codes), {} known \
         failures",
        accuracy * 100.0,
        urls.iter().filter(|i| i.ok).count(),
        urls.len(),
        recall * 100.0,
        codes.iter().filter(|i| i.ok).count(),
        codes.len(),
        known.len()
    );
    println!(
        "ordinary chat text: {} share codes in {} messages ({} URLs, which are not share codes); {} unlisted findings in \
         the share texts",
        false_codes.len(),
        messages.len(),
        ordinary_urls,
        unlisted.len()
    );
    for (id, why) in &known {
        println!("  known failure {id}: {why}");
    }
    assert!(stale.is_empty(), "known_failures.txt lists cases that do not exist: {stale:?}");
    assert!(now_pass.is_empty(), "these known failures now pass; remove them from known_failures.txt: {now_pass:?}");
    assert!(unexpected.is_empty(), "{} items failed:\n{}", unexpected.len(), unexpected.join("\n"));
    assert!(false_codes.is_empty(), "share codes found in ordinary chat text:\n{}", false_codes.join("\n"));
    assert!(unlisted.is_empty(), "findings the share texts do not list:\n{}", unlisted.join("\n"));
    assert!(accuracy >= PLATFORM_ACCURACY_MIN, "platform accuracy {accuracy:.4} is below {PLATFORM_ACCURACY_MIN}");
    assert!(recall >= RECALL_MIN, "share-code recall {recall:.4} is below {RECALL_MIN}");
    assert!(
        urls.len() >= 600 && codes.len() >= 100,
        "the corpus must not shrink ({} URLs, {} codes)",
        urls.len(),
        codes.len()
    );
}

/// Every domain and short-link host of the catalogue is named in its platform's `sources` (rules/platforms.json),
/// and every redirect wrapper has a source (rules/wrappers.json): an entry nobody can trace does not get in.
#[test]
fn real_links_catalogue_entries_have_sources() {
    let doc: Value = serde_json::from_str(include_str!("../rules/platforms.json")).expect("platforms.json");
    let mut missing = Vec::new();
    for p in doc["platforms"].as_array().expect("platforms") {
        let id = p["id"].as_str().expect("id");
        let sources: Vec<&str> = p["sources"].as_array().expect("sources").iter().filter_map(Value::as_str).collect();
        for key in ["domains", "shortLinkHosts"] {
            for host in p[key].as_array().expect(key).iter().filter_map(Value::as_str) {
                if !sources.iter().any(|s| s.contains(host)) {
                    missing.push(format!("{id}: {key} '{host}'"));
                }
            }
        }
    }
    let wrappers: Value = serde_json::from_str(include_str!("../rules/wrappers.json")).expect("wrappers.json");
    for w in wrappers["redirectors"].as_array().expect("redirectors") {
        if w["source"].as_str().is_none_or(|s| s.len() < 20) {
            missing.push(format!("wrapper {}", w["id"]));
        }
    }
    assert!(missing.is_empty(), "catalogue entries without a source:\n{}", missing.join("\n"));
}
