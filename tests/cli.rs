//! The `linkgate` command line: the interface in docs/cli.md is a contract (flags, JSON keys, exit codes).

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linkgate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("the binary exits")
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("linkgate-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path
}

#[test]
fn check_json_has_the_contract_keys_in_input_order() {
    let out = run(
        &[
            "check",
            "--context",
            "group",
            "--json",
            "https://item.taobao.com/item.htm?id=1&spm=a",
            "javascript:alert(1)",
        ],
        "",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    for key in [
        "input",
        "action",
        "platform",
        "category",
        "reasons",
        "registrableDomain",
        "canonicalUrl",
        "cleanUrl",
        "ruleId",
    ] {
        assert!(lines[0].get(key).is_some(), "missing key {key}");
    }
    assert_eq!(lines[0]["input"], "https://item.taobao.com/item.htm?id=1&spm=a");
    assert_eq!(lines[0]["action"], "warn");
    assert_eq!(lines[0]["platform"]["id"], "taobao");
    assert_eq!(lines[0]["platform"]["name"]["zh_CN"], "淘宝");
    assert_eq!(lines[0]["cleanUrl"], "https://item.taobao.com/item.htm?id=1");
    assert_eq!(lines[1]["action"], "block");
    assert_eq!(lines[1]["platform"], Value::Null);
    assert_eq!(lines[1]["reasons"][0]["code"], "dangerous_scheme");
    assert_eq!(lines[1]["reasons"][0]["class"], "blocking");
    // The one JSON shape of a decision: what the library serialises, plus the input.
    let engine = linkgate::Engine::builder().build().unwrap();
    let d = engine.classify(&linkgate::LinkInput::new("javascript:alert(1)", linkgate::ChatContext::Group));
    let mut expected = serde_json::to_value(&d).unwrap();
    expected["input"] = "javascript:alert(1)".into();
    assert_eq!(lines[1], expected);
}

#[test]
fn check_reads_stdin_one_url_per_line() {
    let out = run(&["check", "--json", "-c", "direct"], "https://jd.com/\n\n  https://taobao-login.com/  \n");
    assert!(out.status.success());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["action"], "open");
    assert_eq!(lines[1]["input"], "https://taobao-login.com/");
    assert_eq!(lines[1]["action"], "warn");
}

#[test]
fn check_table_is_aligned() {
    let out = run(&["check", "https://item.jd.com/1.html", "https://xn--tobao-4ve.com/"], "");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("ACTION"));
    let col = lines[0].find("URL").expect("URL column");
    assert!(lines[1].get(col..).is_some_and(|s| s.starts_with("https://item.jd.com/1.html")), "{text}");
    assert!(lines[2].contains("homograph"), "{text}");
}

#[test]
fn presets_settings_and_rules_files_apply() {
    let settings = temp_file("settings.json", r#"{"optIns": {"taobao": {"group": "open"}}}"#);
    let out = run(
        &[
            "check",
            "-c",
            "group",
            "--json",
            "--settings",
            settings.to_str().unwrap(),
            "https://item.taobao.com/item.htm?id=1",
        ],
        "",
    );
    assert_eq!(json_lines(&out)[0]["ruleId"], "user.opt_in");
    let out = run(
        &["check", "-c", "group", "--json", "--preset", "wechat-2021-09", "https://item.taobao.com/item.htm?id=1"],
        "",
    );
    assert_eq!(json_lines(&out)[0]["action"], "block");
    let rules = temp_file(
        "rules.json",
        r#"{"schemaVersion": 1, "id": "mine", "rules": [{"id": "jd", "when": {"platform": ["jd"]}, "action": "block"}]}"#,
    );
    let out = run(&["check", "--json", "--rules", rules.to_str().unwrap(), "https://item.jd.com/1.html"], "");
    assert_eq!(json_lines(&out)[0]["ruleId"], "mine.jd");
}

#[test]
fn scan_json_findings() {
    let out = run(
        &["scan", "--json", "-c", "group", "-"],
        "復制这段描述￥Qx4ycGtE5Ya￥后咑閞👉手机淘宝👈 https://item.jd.com/1.html，很便宜",
    );
    assert!(out.status.success());
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "token");
    assert_eq!(lines[0]["text"], "￥Qx4ycGtE5Ya￥");
    assert_eq!(lines[0]["platform"]["id"], "taobao");
    assert!(lines[0].get("decision").is_none());
    assert_eq!(lines[1]["kind"], "url");
    assert_eq!(lines[1]["text"], "https://item.jd.com/1.html");
    assert_eq!(lines[1]["decision"]["action"], "warn");
    let (start, end) = (lines[1]["start"].as_u64().unwrap() as usize, lines[1]["end"].as_u64().unwrap() as usize);
    let text = "復制这段描述￥Qx4ycGtE5Ya￥后咑閞👉手机淘宝👈 https://item.jd.com/1.html，很便宜";
    assert_eq!(&text[start..end], "https://item.jd.com/1.html");
}

#[test]
fn scan_reads_a_file_or_the_text_argument() {
    let file = temp_file("chat.txt", "see jd.com");
    let out = run(&["scan", "--json", file.to_str().unwrap()], "");
    assert_eq!(json_lines(&out)[0]["text"], "jd.com");
    let out = run(&["scan", "--json", "look at www.taobao.com now"], "");
    assert_eq!(json_lines(&out)[0]["platform"]["id"], "taobao");
}

#[test]
fn bad_flags_exit_2_with_one_line() {
    for args in [
        &["check", "--context", "moments"][..],
        &["check", "--nope"],
        &["frobnicate"],
        &[],
        &["check", "--preset", "nope", "x"],
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("linkgate: error: "), "{err}");
    }
}

#[test]
fn bad_rules_file_exit_2_naming_file_line_and_column() {
    let rules = temp_file(
        "bad-rules.json",
        "{\n  \"schemaVersion\": 1,\n  \"id\": \"x\",\n  \"rules\": [{\"id\": \"a\", \"action\": \"allow\"}]\n}\n",
    );
    let out = run(&["check", "--rules", rules.to_str().unwrap(), "https://jd.com"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:4:", rules.display());
    assert!(err.contains(&expected) && err.contains("rules[0].action"), "{err}");
    assert!(out.stdout.is_empty());
    let out = run(&["check", "--settings", "/nonexistent/settings.json", "https://jd.com"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let out = run(&["--help"], "");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("linkgate check"));
    let out = run(&["--version"], "");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("linkgate "));
}
