//! Runs every case in `tests/fixtures/*.json` through the public API and names each failing case.
//!
//! Format: `tests/fixtures/README.md`. Cases listed in `tests/fixtures/known_failures.txt` (one `file#name` a line)
//! are expected to fail; the runner complains when one of them starts passing, so the list only ever shrinks.
//!
//! The same runner runs natively (`cargo test`) and as wasm in a browser (`cargo test --target
//! wasm32-unknown-unknown`), where the fixture files are compiled in.

use std::collections::{BTreeSet, HashMap};

use linkgate::{ChatContext, Engine, LinkInput};
use serde_json::Value;

fn engine_for(case: &Value, cache: &mut HashMap<String, Engine>) -> Result<Engine, String> {
    let preset = case.get("preset").and_then(Value::as_str).unwrap_or("default");
    let settings = case.get("settings").map(Value::to_string);
    let rules = case.get("rules").map(Value::to_string);
    let key = format!("{preset}|{settings:?}|{rules:?}");
    if let Some(e) = cache.get(&key) {
        return Ok(e.clone());
    }
    let mut b = Engine::builder().preset(preset);
    if let Some(s) = settings {
        b = b.settings_json("settings", s);
    }
    if let Some(r) = rules {
        b = b.rules_json("rules", r);
    }
    let engine = b.build().map_err(|e| format!("engine: {e}"))?;
    cache.insert(key, engine.clone());
    Ok(engine)
}

fn context_of(case: &Value) -> Result<ChatContext, String> {
    let name = case.get("context").and_then(Value::as_str).unwrap_or("unknown");
    ChatContext::parse(name).ok_or_else(|| format!("bad context '{name}'"))
}

fn check_eq(errors: &mut Vec<String>, key: &str, expected: &Value, actual: &Value) {
    if expected != actual {
        errors.push(format!("{key}: expected {expected}, got {actual}"));
    }
}

/// The `Verdict` a `Decision` corresponds to (platform and notice as the engine's indices).
fn project(engine: &Engine, d: &linkgate::Decision, href: &str) -> linkgate::Verdict {
    linkgate::Verdict {
        action: d.action,
        platform: d
            .platform
            .as_ref()
            .and_then(|p| engine.platforms().position(|(r, _)| r.id == p.id))
            .map(|i| i as u16),
        reasons: linkgate::ReasonSet::from_bits(d.reason_codes().fold(0, |m, c| m | 1 << (c as u32))),
        notice: d.notice.as_ref().and_then(|n| engine.notices().iter().position(|k| k == n)).map(|i| i as u16),
        short_link: engine.is_short_link(href),
    }
}

fn run_classify(case: &Value, engine: &Engine) -> Result<Vec<String>, String> {
    let href = case["href"].as_str().ok_or("href must be a string")?;
    let mut input = LinkInput::new(href, context_of(case)?);
    if let Some(text) = case.get("text").and_then(Value::as_str) {
        input = input.with_text(text);
    }
    let d = engine.classify(&input);
    // The hot path must agree with the full decision on every case.
    let quick = engine.verdict(&input);
    let projected = project(engine, &d, href);
    if quick != projected {
        return Ok(vec![format!("verdict {quick:?} disagrees with classify {projected:?}")]);
    }
    let actual = serde_json::to_value(&d).map_err(|e| e.to_string())?;
    let codes: BTreeSet<String> = d.reasons.iter().map(|r| r.code.as_str().to_owned()).collect();
    let expect = case.get("expect").and_then(Value::as_object).ok_or("expect must be an object")?;
    let mut errors = Vec::new();
    for (key, want) in expect {
        match key.as_str() {
            "action" | "category" | "registrableDomain" | "hostUnicode" | "hostAscii" | "canonicalUrl" | "cleanUrl"
            | "ruleId" | "unwrappedFrom" | "notice" => check_eq(&mut errors, key, want, &actual[key.as_str()]),
            "platform" => check_eq(&mut errors, key, want, &actual["platform"]["id"]),
            "reasons" | "reasonsInclude" | "reasonsExclude" => {
                let want: BTreeSet<String> = want
                    .as_array()
                    .ok_or("reasons must be an array")?
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_owned())
                    .collect();
                let ok = match key.as_str() {
                    "reasons" => want == codes,
                    "reasonsInclude" => want.is_subset(&codes),
                    _ => want.is_disjoint(&codes),
                };
                if !ok {
                    errors.push(format!("{key}: expected {want:?}, got {codes:?}"));
                }
            }
            other => return Err(format!("unknown expect key '{other}'")),
        }
    }
    Ok(errors)
}

fn run_scan(case: &Value, engine: &Engine) -> Result<Vec<String>, String> {
    let text = case["scan"].as_str().ok_or("scan must be a string")?;
    let findings = engine.scan_text(text, context_of(case)?);
    let want = case["expect"]["findings"].as_array().ok_or("expect.findings must be an array")?;
    let mut errors = Vec::new();
    let summary: Vec<String> = findings.iter().map(|f| format!("{:?} {:?}", f.kind, f.text)).collect();
    if want.len() != findings.len() {
        errors.push(format!("expected {} findings, got {}: {summary:?}", want.len(), findings.len()));
        return Ok(errors);
    }
    for (i, (w, f)) in want.iter().zip(&findings).enumerate() {
        let actual = serde_json::to_value(f).map_err(|e| e.to_string())?;
        for (key, value) in w.as_object().ok_or("a finding must be an object")? {
            let got = match key.as_str() {
                "kind" | "text" | "start" | "end" => actual[key.as_str()].clone(),
                "platform" => actual["platform"]["id"].clone(),
                "action" => actual["decision"]["action"].clone(),
                other => return Err(format!("unknown finding key '{other}'")),
            };
            check_eq(&mut errors, &format!("findings[{i}].{key}"), value, &got);
        }
    }
    Ok(errors)
}

/// A conversation case: each message's text is scanned in the case's context and each finding folded in order, with
/// one `FoldState` for the whole conversation; `folds` gives each finding's fold rule id (or null: it shows).
fn run_conversation(case: &Value, engine: &Engine) -> Result<Vec<String>, String> {
    let context = context_of(case)?;
    let folding = match case.get("folding").and_then(Value::as_str) {
        None => linkgate::ChatFolding::Auto,
        Some(name) => linkgate::ChatFolding::parse(name).ok_or_else(|| format!("bad folding '{name}'"))?,
    };
    let messages = case["conversation"].as_array().ok_or("conversation must be an array")?;
    let mut state = linkgate::FoldState::new();
    let mut errors = Vec::new();
    for (m, message) in messages.iter().enumerate() {
        let text = message["text"].as_str().ok_or("a message needs text")?;
        let meta = linkgate::Message {
            context,
            sender: message.get("from").and_then(Value::as_str),
            time: message.get("time").and_then(Value::as_u64),
            text: Some(text),
            folding,
        };
        let want = message["folds"].as_array().ok_or("a message needs folds (one per finding)")?;
        let findings = engine.scan_text(text, context);
        if want.len() != findings.len() {
            let summary: Vec<&str> = findings.iter().map(|f| f.text.as_str()).collect();
            errors.push(format!("[{m}] expected {} findings, got {}: {summary:?}", want.len(), findings.len()));
            continue;
        }
        for (w, f) in want.iter().zip(&findings) {
            let item = match &f.decision {
                Some(d) => linkgate::Foldable::Link(d),
                None => linkgate::Foldable::Code { code: &f.text, platform: f.platform.as_ref() },
            };
            let fold = engine.fold(item, &meta, &mut state);
            let got = fold.map_or(Value::Null, |f| Value::from(&*f.rule_id));
            check_eq(&mut errors, &format!("[{m}] {:?} fold", f.text), w, &got);
        }
    }
    Ok(errors)
}

/// The fixture files, compiled in so the wasm build needs no file system. `fixture_list_is_complete` keeps this
/// list equal to the directory.
const FILES: [(&str, &str); 7] = [
    ("chat_wrappers.json", include_str!("fixtures/chat_wrappers.json")),
    ("folds.json", include_str!("fixtures/folds.json")),
    ("platform_urls.json", include_str!("fixtures/platform_urls.json")),
    ("presets.json", include_str!("fixtures/presets.json")),
    ("reasons.json", include_str!("fixtures/reasons.json")),
    ("settings.json", include_str!("fixtures/settings.json")),
    ("share_texts.json", include_str!("fixtures/share_texts.json")),
];
const KNOWN_FAILURES: &str = include_str!("fixtures/known_failures.txt");

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn fixture_list_is_complete() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, listed, "update FILES in tests/fixtures.rs");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn fixtures() {
    let known: BTreeSet<String> = KNOWN_FAILURES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();

    let mut cache = HashMap::new();
    let (mut total, mut failures, mut unexpected_passes) = (0, Vec::new(), Vec::new());
    let mut names = BTreeSet::new();
    for (file, text) in FILES {
        let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}: invalid JSON: {e}"));
        let cases = doc["cases"].as_array().unwrap_or_else(|| panic!("{file}: no cases array"));
        for case in cases {
            total += 1;
            let name = case["name"].as_str().unwrap_or("<unnamed>");
            let id = format!("{file}#{name}");
            assert!(names.insert(id.clone()), "duplicate case name {id}");
            let outcome = engine_for(case, &mut cache).and_then(|engine| {
                if case.get("conversation").is_some() {
                    run_conversation(case, &engine)
                } else if case.get("scan").is_some() {
                    run_scan(case, &engine)
                } else {
                    run_classify(case, &engine)
                }
            });
            let errors = match outcome {
                Ok(errors) => errors,
                Err(setup) => vec![format!("bad case: {setup}")],
            };
            match (errors.is_empty(), known.contains(&id)) {
                (true, true) => unexpected_passes.push(id),
                (false, false) => failures.push(format!("{id}\n    {}", errors.join("\n    "))),
                _ => {}
            }
        }
    }
    let stale: Vec<_> = known.iter().filter(|k| !names.contains(*k)).collect();
    println!("{total} fixture cases in {} files, {} known failures", FILES.len(), known.len());
    assert!(total >= 250, "the suite must keep at least 250 cases (has {total})");
    assert!(stale.is_empty(), "known_failures.txt lists cases that do not exist: {stale:?}");
    assert!(
        unexpected_passes.is_empty(),
        "these known failures now pass; remove them from known_failures.txt: {unexpected_passes:?}"
    );
    assert!(failures.is_empty(), "{} of {total} cases failed:\n{}", failures.len(), failures.join("\n"));
}
