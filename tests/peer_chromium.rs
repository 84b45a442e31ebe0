//! Chromium's IDN spoof-check test cases (`kIdnCases` in
//! `components/url_formatter/spoof_checks/idn_spoof_checker_unittest.cc`, copied with their commit and line into
//! `tests/peer/chromium/idn_spoof_cases.json`), run the way rust-url runs the WPT URL tests: every case through the
//! engine, Chromium's verdict as the expectation, `tests/peer/chromium/known_failures.txt` for the cases linkgate
//! does not meet (each with its reason), and a failure when a listed case starts passing, so the list only shrinks.
//!
//! Chromium's tests run against a list of test top domains (`idn_test_domains.list`), which plays the part of
//! Chromium's real top-domain list; the engine gets it as extra look-alike targets, next to the catalogue.
//!
//! A case passes when linkgate agrees with Chromium: "unsafe" (Chromium shows punycode) is flagged (`homograph` or
//! `lookalike_domain`), "safe" is not, "invalid" (not a valid IDN) is not opened as if it were fine.

use std::collections::{BTreeMap, BTreeSet};

use linkgate::{Action, ChatContext, Engine, LinkInput, ReasonCode};
use serde_json::Value;

const CASES: &str = include_str!("peer/chromium/idn_spoof_cases.json");
const LOOKALIKE_CASES: &str = include_str!("peer/chromium/lookalike_cases.json");
const KNOWN: &str = include_str!("peer/chromium/known_failures.txt");

fn engine(top_domains: &[&str]) -> Engine {
    engine_with(top_domains, &[])
}

/// An engine with `top_domains` as look-alike targets, `words` among them matched only whole.
fn engine_with(top_domains: &[&str], words: &[&str]) -> Engine {
    let targets = serde_json::json!({
        "schemaVersion": 1,
        "description": "Chromium's test top domains",
        "targets": [{
            "id": "chromium_test",
            "name": "Chromium's test top domains",
            "kind": "test",
            "domains": top_domains,
            "source": "components/url_formatter/spoof_checks/top_domains/",
            "words": words
        }]
    });
    Engine::builder()
        .preset("default")
        .lookalike_targets_json("idn_test_domains.list", targets.to_string())
        .build()
        .expect("the engine builds with Chromium's test top domains")
}

/// `line -> reason` from the known-failures file for one test file (`idn` or a lookalike table's name): lines
/// `<file> line <n>: <reason>`, `#` comments.
fn known_for(file: &str) -> BTreeMap<u64, String> {
    KNOWN
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (at, reason) = l.split_once(':').unwrap_or_else(|| panic!("known_failures.txt: '{l}' has no reason"));
            let (name, line) = at.trim().split_once(" line ").unwrap_or_else(|| panic!("known_failures.txt: '{l}'"));
            let line: u64 = line.parse().unwrap_or_else(|_| panic!("known_failures.txt: '{l}': bad line number"));
            assert!(!reason.trim().is_empty(), "known_failures.txt: {name} line {line} has no reason");
            (name == file).then(|| (line, reason.trim().to_owned()))
        })
        .collect()
}

fn known() -> BTreeMap<u64, String> {
    known_for("idn")
}

#[test]
fn chromium_idn_spoof_cases() {
    let data: Value = serde_json::from_str(CASES).expect("idn_spoof_cases.json is JSON");
    let top: Vec<&str> = data["test_top_domains"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let engine = engine(&top);
    let known = known();
    let (mut failed, mut counts) = (BTreeSet::new(), BTreeMap::<(String, bool), usize>::new());
    let mut unexpected = Vec::new();
    for case in data["cases"].as_array().expect("cases") {
        let line = case["line"].as_u64().unwrap();
        let ascii = case["ascii"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        if case.get("build_condition").and_then(Value::as_str).is_some_and(|c| !c.contains("LINUX")) {
            continue; // Chromium builds this case only on other platforms (macOS, or Thai outside Linux).
        }
        let d = engine.classify(&LinkInput::new(&format!("http://{ascii}/"), ChatContext::Direct));
        let flagged = d.has_reason(ReasonCode::Homograph) || d.has_reason(ReasonCode::LookalikeDomain);
        // Chromium's "safe" output may keep one label in punycode (`xn--googl-3we.한국`): that label it found unsafe.
        let unicode = case["unicode"].as_str().unwrap_or("");
        let kept = unicode.split('.').any(|l| l.starts_with("xn--") && !l.ends_with('-'));
        let expected = if expected == "safe" && kept && unicode != ascii { "unsafe" } else { expected };
        let pass = match expected {
            "unsafe" => flagged,
            "safe" => !flagged,
            _ => flagged || d.action != Action::Open || d.has_reason(ReasonCode::InvalidUrl),
        };
        *counts.entry((expected.to_owned(), pass)).or_default() += 1;
        if !pass {
            failed.insert(line);
            if !known.contains_key(&line) {
                let why: Vec<&str> = d.reasons.iter().map(|r| r.code.as_str()).collect();
                unexpected.push(format!(
                    "line {line}: {ascii} ({}) is {expected} in Chromium; linkgate: {:?} {why:?}",
                    case["unicode"].as_str().unwrap_or(""),
                    d.action
                ));
            }
        }
    }
    let fixed: Vec<String> = known
        .iter()
        .filter(|(line, _)| !failed.contains(line))
        .map(|(line, reason)| {
            format!("line {line} now passes (listed as: {reason}); remove it from known_failures.txt")
        })
        .collect();
    let summary: Vec<String> = ["unsafe", "safe", "invalid"]
        .iter()
        .map(|e| {
            let ok = counts.get(&(e.to_string(), true)).copied().unwrap_or(0);
            let all = ok + counts.get(&(e.to_string(), false)).copied().unwrap_or(0);
            format!("{e} {ok}/{all}")
        })
        .collect();
    println!("Chromium kIdnCases: {} (known failures: {})", summary.join(", "), known.len());
    assert!(unexpected.is_empty() && fixed.is_empty(), "\n{}\n{}", unexpected.join("\n"), fixed.join("\n"));
}

/// Registrable domains of Chromium's engaged sites (`https://subdomain.google.com` -> `google.com`): linkgate has no
/// site engagement, so they are look-alike targets like the top domains.
fn registrable(engine: &Engine, sites: &Value) -> Vec<String> {
    sites
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .filter_map(|u| engine.registrable_domain(u.trim_start_matches("https://").trim_start_matches("www.")))
        .collect()
}

/// The tables of `components/lookalikes/core/lookalike_url_util_unittest.cc` about hosts (target embedding, combo
/// squatting, what the spoof check alone blocks): a case passes when linkgate flags (`lookalike_domain` or
/// `homograph`) what Chromium warns about (an interstitial, a safety tip, a combo-squatting match, a block) and
/// nothing else. Chromium's test top domains there are those its cases imply (NOTES.md), its common words are
/// matched only whole, its engaged sites and brand names are targets.
#[test]
fn chromium_lookalike_cases() {
    let data: Value = serde_json::from_str(LOOKALIKE_CASES).expect("lookalike_cases.json is JSON");
    let plain = Engine::new().unwrap();
    let mut report = Vec::new();
    let mut problems = Vec::new();
    for (table, host_key) in [
        ("TargetEmbedding", "hostname"),
        ("TargetEmbeddingIgnoresComponentWordlist", "hostname"),
        ("ComboSquatting", "domain"),
        ("ShouldBlockBySpoofCheckResult", "host"),
    ] {
        let t = &data["tables"][table];
        let mut targets: Vec<String> =
            ["google.com", "google.co.uk", "google.co.kr", "office.com", "weather.com", "vk.com"]
                .into_iter()
                .map(str::to_owned)
                .collect();
        targets.extend(registrable(&plain, &t["engaged_sites"]));
        for pair in t["brand_names"].as_array().into_iter().flatten() {
            targets.push(format!("{}.com", pair[0].as_str().unwrap()));
        }
        let words = ["weather", "jobs", "hoteles", "office", "commonword"];
        let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
        let engine = engine_with(&targets, &words);
        let known = known_for(table);
        let (mut pass, mut all) = (0, 0);
        let mut failed = BTreeSet::new();
        for case in t["cases"].as_array().unwrap() {
            let line = case["line"].as_u64().unwrap();
            let host = case[host_key].as_str().unwrap();
            let warned = match case.get("expected_type").and_then(Value::as_str) {
                Some(kind) => kind != "kNone",
                None => case["expected_should_block"].as_bool().unwrap(),
            };
            let d = engine.classify(&LinkInput::new(&format!("https://{host}/"), ChatContext::Direct));
            let flagged = d.has_reason(ReasonCode::Homograph) || d.has_reason(ReasonCode::LookalikeDomain);
            all += 1;
            if flagged == warned {
                pass += 1;
                continue;
            }
            failed.insert(line);
            if !known.contains_key(&line) {
                let detail: Vec<String> =
                    d.reasons.iter().map(|r| format!("{} {}", r.code.as_str(), r.detail)).collect();
                problems.push(format!("{table} line {line}: {host}: Chromium warns: {warned}; linkgate: {detail:?}"));
            }
        }
        for (line, reason) in &known {
            if !failed.contains(line) {
                problems.push(format!("{table} line {line} now passes (listed as: {reason}); remove it"));
            }
        }
        report.push(format!("{table} {pass}/{all}"));
    }
    println!("Chromium lookalike_url_util cases: {}", report.join(", "));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
