//! The engine API behind the user's controls: the preset matrix, trusted-domain checks and layered rule sets (an
//! administrator's over the user's). Runs natively and as wasm.

use linkgate::{Action, ChatContext, DomainError, Engine, LinkInput};

fn cell(engine: &Engine, platform: &str) -> [(Action, String); 3] {
    let row = engine.platform_matrix().into_iter().find(|r| &*r.id == platform).expect("a catalogue platform");
    [row.direct, row.group, row.feed].map(|c| (c.action, c.rule_id.to_string()))
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn the_matrix_follows_the_preset_and_the_opt_ins() {
    let engine = Engine::new().expect("default engine");
    assert_eq!(engine.platform_matrix().len(), engine.platforms().count(), "a row per platform");
    let [d, g, f] = cell(&engine, "taobao");
    assert_eq!((d.0, g.0, f.0), (Action::Open, Action::Warn, Action::Warn));
    assert_eq!(d.1, "default.catalogue_direct");

    let phase1 = Engine::builder().preset("wechat-2021-09").build().expect("phase 1");
    let [d, g, f] = cell(&phase1, "taobao");
    assert_eq!((d.0, g.0, f.0), (Action::Warn, Action::Block, Action::Block));
    let [d, g, f] = cell(&phase1, "jd");
    assert_eq!((d.0, g.0, f.0), (Action::Open, Action::Open, Action::Open), "a WeChat partner");

    let opted = Engine::builder()
        .settings_json("settings", r#"{"optIns": {"taobao": {"group": "open", "feed": "block"}}}"#)
        .build()
        .expect("opt-ins");
    let [d, g, f] = cell(&opted, "taobao");
    assert_eq!((d.0, &*g.1, g.0, f.0), (Action::Open, "user.opt_in", Action::Open, Action::Block));
    // The matrix is what classify decides for a plain link there.
    let link = LinkInput::new("https://taobao.com/", ChatContext::Group);
    assert_eq!(opted.classify(&link).action, g.0);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn trusted_domains_must_be_registrable_domains() {
    let engine = Engine::new().expect("default engine");
    assert_eq!(engine.check_trusted_domain("taobao.com").as_deref(), Ok("taobao.com"));
    assert_eq!(engine.check_trusted_domain(" Example.ORG ").as_deref(), Ok("example.org"));
    assert_eq!(engine.check_trusted_domain("淘宝.com").as_deref(), Ok("xn--pbt173b.com"));
    let subdomain = DomainError::Subdomain { given: "item.taobao.com".into(), registrable: "taobao.com".into() };
    for (bad, error, says) in [
        ("http://x", DomainError::NotADomain("http://x".into()), "give only the domain"),
        ("com", DomainError::PublicSuffix("com".into()), "public suffix"),
        ("co.uk", DomainError::PublicSuffix("co.uk".into()), "public suffix"),
        ("item.taobao.com", subdomain, "trust its registrable domain 'taobao.com'"),
        ("192.168.1.1", DomainError::IpAddress("192.168.1.1".into()), "IP address"),
        ("", DomainError::Empty, "empty"),
    ] {
        let e = engine.check_trusted_domain(bad).expect_err(bad);
        assert_eq!(e, error, "{bad}");
        assert!(e.to_string().contains(says), "{bad}: {e}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn an_administrators_rules_come_before_the_users() {
    let admin = r#"{"schemaVersion": 1, "id": "admin", "rules": [
        {"id": "no_video", "when": {"category": ["short_video"]}, "action": "block"}]}"#;
    let user = r#"{"schemaVersion": 1, "id": "mine", "rules": [
        {"id": "douyin_ok", "when": {"platform": ["douyin"]}, "action": "open"},
        {"id": "jd_warn", "when": {"platform": ["jd"]}, "action": "warn"}]}"#;
    let engine = Engine::builder()
        .rules_json("managed rules", admin)
        .rules_json("custom rules", user)
        .build()
        .expect("two rule sets");
    let douyin = engine.classify(&LinkInput::new("https://v.douyin.com/iRNBho6/", ChatContext::Direct));
    assert_eq!((douyin.action, &*douyin.rule_id), (Action::Block, "admin.no_video"));
    let jd = engine.classify(&LinkInput::new("https://item.jd.com/1.html", ChatContext::Direct));
    assert_eq!((jd.action, &*jd.rule_id), (Action::Warn, "mine.jd_warn"));

    let e = Engine::builder().rules_json("managed rules", admin).rules_json("custom rules", admin).build();
    let e = e.expect_err("two sets with one id");
    assert_eq!((e.source_name.as_str(), e.path.as_str()), ("custom rules", "id"), "{e}");
    assert!(e.message.contains("already the id of managed rules"), "{e}");
}
