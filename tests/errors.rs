//! Bad rules and settings files: a clear error with file, line, column and JSON path; never a panic.

use linkgate::{ConfigError, Engine};

fn rules_error(json: &str) -> ConfigError {
    Engine::builder().rules_json("my-rules.json", json).build().expect_err("the rules must be rejected")
}

fn settings_error(json: &str) -> ConfigError {
    Engine::builder().settings_json("settings.json", json).build().expect_err("the settings must be rejected")
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn syntax_error_has_line_and_column() {
    let e = rules_error(
        "{\n  \"schemaVersion\": 1,\n  \"id\": \"x\",\n  \"rules\": [\n    {\"id\": \"a\" \"action\": \"open\"}\n  ]\n}",
    );
    assert_eq!((e.source_name.as_str(), e.line, e.column), ("my-rules.json", 5, 16), "{e}");
    assert!(e.to_string().starts_with("my-rules.json:5:16: "), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn unknown_field_names_the_path() {
    let e = rules_error(r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "actoin": "open"}]}"#);
    assert_eq!(e.path, "rules[0].actoin", "{e}");
    assert!(e.message.contains("unknown field `actoin`"), "{e}");
    assert_eq!(e.line, 1);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn unknown_platform_points_at_the_value() {
    let json = "{\"schemaVersion\": 1, \"id\": \"x\",\n \"rules\": [{\"id\": \"a\", \"when\": {\"platform\": [\"taobao\", \"amazon\"]}, \"action\": \"open\"}]}";
    let e = rules_error(json);
    assert_eq!(e.path, "rules[0].when.platform[1]", "{e}");
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("unknown platform 'amazon'"), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn bad_action_and_reason_codes() {
    let e = rules_error(r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "action": "allow"}]}"#);
    assert_eq!(e.path, "rules[0].action", "{e}");
    let e = rules_error(
        r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "when": {"reason": ["phishy"]}, "action": "warn"}]}"#,
    );
    assert_eq!(e.path, "rules[0].when.reason[0]", "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn duplicate_rule_ids_and_bad_ids() {
    let e = rules_error(
        r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "action": "open"}, {"id": "a", "action": "warn"}]}"#,
    );
    assert!(e.message.contains("duplicate rule id 'a'"), "{e}");
    assert_eq!(e.path, "rules", "{e}");
    let e = rules_error(r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "Has Space", "action": "open"}]}"#);
    assert!(e.message.contains("rule id"), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn schema_version_and_risks_are_checked() {
    let e = rules_error(r#"{"schemaVersion": 2, "id": "x"}"#);
    assert_eq!(e.path, "schemaVersion");
    let e = rules_error(r#"{"schemaVersion": 1, "id": "x", "risks": "open"}"#);
    assert_eq!(e.path, "risks");
    let e = rules_error(r#"{"id": "x"}"#);
    assert!(e.message.contains("missing field `schemaVersion`"), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn unknown_include_and_preset() {
    let e = rules_error(r#"{"schemaVersion": 1, "id": "x", "include": ["nope"]}"#);
    assert_eq!(e.path, "include[0]", "{e}");
    let e = Engine::builder().preset("wechat-2030").build().expect_err("unknown preset");
    assert!(e.message.contains("unknown preset 'wechat-2030'"), "{e}");
    assert!(Engine::builder().preset("base").build().is_err());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn settings_are_validated() {
    let e = settings_error(r#"{"optIns": {"taobao": {"group": "open", "moments": "open"}}}"#);
    assert_eq!(e.path, "optIns.taobao.moments", "{e}");
    let e = settings_error(r#"{"optIns": {"amazon": {"group": "open"}}}"#);
    assert!(e.message.contains("unknown platform 'amazon'"), "{e}");
    let e = settings_error(r#"{"trustedDomains": ["example.org", "http://x"]}"#);
    assert_eq!(e.path, "trustedDomains[1]", "{e}");
    let e = settings_error(r#"{"trustedDomains": ["com"]}"#);
    assert!(e.message.contains("public suffix"), "{e}");
    let e = settings_error(r#"{"trustedDomains": ["www.taobao.com"]}"#);
    assert!(e.message.contains("registrable domain 'taobao.com'"), "{e}");
    let e = settings_error(r#"{"trustedDomains": ["github.io"]}"#);
    assert!(e.message.contains("public suffix"), "{e}");
    let e = settings_error(r#"{"trustedDomains": ["8.8.8.8"]}"#);
    assert!(e.message.contains("IP address"), "{e}");
    let e = settings_error(r#"{"preset": "nope"}"#);
    assert!(e.message.contains("unknown preset"), "{e}");
    let e = settings_error("[]");
    assert!(e.line > 0, "{e}");
    let e = settings_error("");
    assert!(e.message.contains("EOF"), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn good_settings_are_accepted() {
    let engine = Engine::builder()
        .settings_json("s", r#"{"preset": "strict", "optIns": {"jd": {"feed": "open"}}, "trustedDomains": ["Example.ORG", "例子.com"]}"#)
        .build()
        .expect("valid settings");
    assert_eq!(engine.preset(), "strict");
    assert!(engine.trusts("example.org"));
    assert!(engine.trusts("xn--fsqu00a.com"));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn condition_lists_and_domains_are_checked() {
    let e = rules_error(
        r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "when": {"reason": []}, "action": "block"}]}"#,
    );
    assert_eq!(e.path, "rules[0].when.reason", "{e}");
    assert!(e.message.contains("empty list"), "{e}");
    let e = rules_error(
        r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "when": {"domain": ["not a domain!!"]}, "action": "open"}]}"#,
    );
    assert_eq!(e.path, "rules[0].when.domain[0]", "{e}");
    let e = rules_error(
        r#"{"schemaVersion": 1, "id": "x", "rules": [{"id": "a", "when": {"domain": ["https://jd.com/"]}, "action": "open"}]}"#,
    );
    assert!(e.message.contains("not a domain name"), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn custom_rules_cannot_take_a_shipped_id() {
    let e = rules_error(r#"{"schemaVersion": 1, "id": "default"}"#);
    assert_eq!((e.source_name.as_str(), e.path.as_str()), ("my-rules.json", "id"), "{e}");
    let e = Engine::builder().preset("base").build().expect_err("base is not a user preset");
    assert_eq!(e.source_name, "preset");
    assert!(e.message.ends_with("(known: default, wechat-2021-09, wechat-2021-11, strict)"), "{e}");
    let e = Engine::builder().settings_json("sync.json", r#"{"preset": "nope"}"#).build().expect_err("unknown preset");
    assert_eq!(e.source_name, "sync.json", "{e}");
    let e = settings_error("");
    assert_eq!((e.line, e.column), (1, 1), "{e}");
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn a_bad_value_is_pointed_at_where_it_is_written() {
    // Pretty-printed, as people write it: the error names the line and column of the value itself.
    let text = "{\n  \"schemaVersion\": 1,\n  \"id\": \"team\",\n  \"rules\": [\n    {\n      \"id\": \"no_amazon\",\n      \"when\": {\n        \"platform\": [\n          \"taobao\",\n          \"amazon\"\n        ]\n      },\n      \"action\": \"block\"\n    }\n  ]\n}";
    let e = rules_error(text);
    assert_eq!((e.line, e.column, e.path.as_str()), (10, 11, "rules[0].when.platform[1]"), "{e}");
    // An unknown field points at its key.
    let e = rules_error(
        "{\n  \"schemaVersion\": 1,\n  \"id\": \"x\",\n  \"rules\": [\n    {\"id\": \"a\", \"actoin\": \"open\"}\n  ]\n}",
    );
    assert_eq!((e.line, e.column), (5, 17), "{e}");
}
