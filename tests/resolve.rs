//! Resolving short links (`linkgate check --resolve`, `linkgate::resolve`) against fake shorteners on loopback:
//! 302 chains, pages that name their target in a script or a meta refresh, a chain that ends at a look-alike, a loop,
//! a timeout, a hop to a private address (refused: the fake never sees it), a hop to an app scheme, too many hops,
//! an expired link. Each test asserts what the fake was asked, and that the destination never was.

#![cfg(not(target_arch = "wasm32"))]

#[path = "support/fake_shorteners.rs"]
mod fake;

use std::process::Command;
use std::time::{Duration, Instant};

use fake::{Fake, Reply};
use serde_json::Value;

const HOSTS: [&str; 5] = ["t.cn", "b23.tv", "m.tb.cn", "u.jd.com", "v.douyin.com"];

fn routes() -> Vec<(&'static str, &'static str, Reply)> {
    use Reply::*;
    vec![
        ("t.cn", "/chain", Redirect(302, "http://b23.tv/BV1".into())),
        ("b23.tv", "/BV1", Redirect(301, "https://www.bilibili.com/video/BV1xx411c7mD?share_source=copy".into())),
        (
            "m.tb.cn",
            "/h.script",
            Page("<html><script>var extra = 1; var url = 'https://item.taobao.com/item.htm?id=42&amp;x=1'; setTimeout(function(){ location.href = url; }, 10);</script></html>".into()),
        ),
        ("u.jd.com", "/meta", Page("<html><head><meta http-equiv=\"refresh\" content=\"0; url=/jda?e=7\"></head></html>".into())),
        ("u.jd.com", "/jda?e=7", Redirect(302, "https://item.jd.com/100012043978.html".into())),
        ("t.cn", "/lookalike", Redirect(302, "https://tao6ao.com/item.htm?id=1".into())),
        ("t.cn", "/loop1", Redirect(302, "http://t.cn/loop2".into())),
        ("t.cn", "/loop2", Redirect(302, "/loop1".into())),
        ("t.cn", "/slow", Slow(Duration::from_secs(8))),
        ("t.cn", "/private", Redirect(302, "PROBE".into())),
        ("t.cn", "/local", Redirect(302, "http://router.local/admin".into())),
        ("t.cn", "/app", Redirect(302, "taobao://item.taobao.com/item.htm?id=1".into())),
        ("t.cn", "/h1", Redirect(302, "http://t.cn/h2".into())),
        ("t.cn", "/h2", Redirect(302, "http://t.cn/h3".into())),
        ("t.cn", "/h3", Redirect(302, "http://t.cn/h4".into())),
        ("t.cn", "/h4", Redirect(302, "http://t.cn/h5".into())),
        ("t.cn", "/h5", Redirect(302, "http://t.cn/h6".into())),
        ("t.cn", "/h6", Redirect(302, "https://www.example.com/".into())),
        ("t.cn", "/gone", Status(410)),
        ("v.douyin.com", "/opens", Redirect(302, "https://www.iesdouyin.com/share/video/7000000000000000000/".into())),
    ]
}

/// `linkgate check --resolve --json` on `url` with every short host mapped to the fake; the one JSON line.
fn check(fake: &Fake, url: &str, context: &str) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linkgate"));
    cmd.args(["check", "--resolve", "--json", "--context", context]);
    for h in HOSTS {
        cmd.args(["--map-host", &format!("{h}={}", fake.addr)]);
    }
    let out = cmd.arg(url).output().expect("the binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn hops(v: &Value) -> Vec<String> {
    v["resolution"]["hops"].as_array().expect("hops").iter().map(|h| h["url"].as_str().unwrap().to_owned()).collect()
}

fn asked(fake: &Fake) -> Vec<String> {
    fake.seen().iter().map(|s| format!("{}{}", s.host, s.path)).collect()
}

#[test]
fn a_302_chain_ends_at_its_destination_which_is_never_requested() {
    let fake = Fake::start(routes());
    let v = check(&fake, "http://t.cn/chain", "direct");
    assert_eq!(v["resolution"]["destination"], "https://www.bilibili.com/video/BV1xx411c7mD?share_source=copy");
    assert_eq!(v["resolution"]["decision"]["platform"]["id"], "bilibili");
    assert_eq!(
        hops(&v),
        ["http://t.cn/chain", "http://b23.tv/BV1", "https://www.bilibili.com/video/BV1xx411c7mD?share_source=copy"]
    );
    let statuses: Vec<Value> =
        v["resolution"]["hops"].as_array().unwrap().iter().map(|h| h["status"].clone()).collect();
    assert_eq!(statuses, [Value::from(302), Value::from(301), Value::Null]);
    assert_eq!(asked(&fake), ["t.cn/chain", "b23.tv/BV1"]);
    // Nothing of the person's travels with the requests.
    for seen in fake.seen() {
        for (name, _) in &seen.headers {
            assert!(
                !matches!(name.as_str(), "cookie" | "referer" | "authorization" | "origin"),
                "{name} sent to {}",
                seen.host
            );
        }
    }
    // The link's own decision is still there, unchanged.
    assert_eq!(v["input"], "http://t.cn/chain");
    assert!(v["action"].is_string());
}

#[test]
fn pages_are_read_for_their_target_never_run() {
    let fake = Fake::start(routes());
    let v = check(&fake, "http://m.tb.cn/h.script", "direct");
    assert_eq!(v["resolution"]["destination"], "https://item.taobao.com/item.htm?id=42&amp;x=1");
    assert_eq!(v["resolution"]["hops"][1]["via"], "script");
    assert_eq!(v["resolution"]["decision"]["platform"]["id"], "taobao");
    let v = check(&fake, "http://u.jd.com/meta", "direct");
    assert_eq!(hops(&v), ["http://u.jd.com/meta", "http://u.jd.com/jda?e=7", "https://item.jd.com/100012043978.html"]);
    assert_eq!(v["resolution"]["hops"][1]["via"], "meta_refresh");
    assert_eq!(asked(&fake), ["m.tb.cn/h.script", "u.jd.com/meta", "u.jd.com/jda?e=7"]);
}

#[test]
fn a_chain_to_a_lookalike_is_warned_with_the_chain() {
    let fake = Fake::start(routes());
    let v = check(&fake, "http://t.cn/lookalike", "direct");
    let d = &v["resolution"]["decision"];
    assert_eq!(d["action"], "warn", "{d}");
    let codes: Vec<&str> = d["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert!(codes.iter().any(|c| c.contains("lookalike")), "{codes:?}");
    assert_eq!(hops(&v).len(), 2);
    assert_eq!(asked(&fake), ["t.cn/lookalike"]);
}

#[test]
fn loops_too_many_hops_and_app_schemes_stop_with_their_reason() {
    let fake = Fake::start(routes());
    let v = check(&fake, "http://t.cn/loop1", "direct");
    assert_eq!(v["resolution"]["error"]["code"], "loop");
    assert_eq!(asked(&fake), ["t.cn/loop1", "t.cn/loop2"]);
    let v = check(&fake, "http://t.cn/h1", "direct");
    assert_eq!(v["resolution"]["error"]["code"], "too_many_hops");
    assert_eq!(asked(&fake).len(), 2 + 5, "five requests at most");
    let v = check(&fake, "http://t.cn/app", "direct");
    assert_eq!(v["resolution"]["error"]["code"], "not_http");
    assert_eq!(hops(&v).last().unwrap(), "taobao://item.taobao.com/item.htm?id=1");
    let v = check(&fake, "http://t.cn/gone", "direct");
    assert_eq!(v["resolution"]["error"]["code"], "http_status");
    assert!(v["resolution"]["error"]["message"].as_str().unwrap().contains("410"));
}

#[test]
fn a_hop_to_a_private_address_or_local_name_is_refused_and_never_requested() {
    // The fake's own address as the target: had it been requested, the fake would have seen /probe.
    let mut routes = routes();
    let fake_probe = Fake::start(Vec::new());
    let target: &'static str = Box::leak(format!("http://{}/probe", fake_probe.addr).into_boxed_str());
    for r in &mut routes {
        if r.1 == "/private" {
            r.2 = Reply::Redirect(302, target.to_owned());
        }
    }
    let fake = Fake::start(routes);
    let v = check(&fake, "http://t.cn/private", "direct");
    assert_eq!(v["resolution"]["error"]["code"], "private_address", "{v}");
    assert!(fake_probe.seen().is_empty(), "the private address was requested: {:?}", fake_probe.seen());
    let v = check(&fake, "http://t.cn/local", "direct");
    assert_eq!(v["resolution"]["error"]["code"], "private_address");
    assert_eq!(asked(&fake), ["t.cn/private", "t.cn/local"]);
}

#[test]
fn a_slow_shortener_times_out_within_the_limit() {
    let fake = Fake::start(routes());
    let start = Instant::now();
    let v = check(&fake, "http://t.cn/slow", "direct");
    let took = start.elapsed();
    assert_eq!(v["resolution"]["error"]["code"], "timeout", "{v}");
    assert!(took < Duration::from_secs(7), "took {took:?}");
}

#[test]
fn offline_is_a_network_error_and_links_that_are_not_short_are_not_resolved() {
    // Nothing listens on the mapped port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_linkgate"))
        .args([
            "check",
            "--resolve",
            "--json",
            "--map-host",
            &format!("t.cn={closed}"),
            "http://t.cn/x",
            "https://example.com/",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[0]["resolution"]["error"]["code"], "network", "{}", lines[0]);
    assert_eq!(lines[1]["resolution"], Value::Null);
}

#[test]
fn the_table_shows_the_chain_and_the_destinations_decision() {
    let fake = Fake::start(routes());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linkgate"));
    cmd.args(["check", "--resolve", "--context", "direct"]);
    for h in HOSTS {
        cmd.args(["--map-host", &format!("{h}={}", fake.addr)]);
    }
    let out = cmd.args(["http://t.cn/chain", "http://t.cn/loop1"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("-> http://b23.tv/BV1 (302, redirect)"), "{text}");
    assert!(
        text.contains("=> https://www.bilibili.com/video/BV1xx411c7mD?share_source=copy (301, redirect)"),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("open") && l.contains("bilibili") && l.contains("=>")), "{text}");
    assert!(text.contains("!! not resolved: the short link goes round in a loop"), "{text}");
}

#[test]
fn bad_flags_are_usage_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_linkgate"))
        .args(["check", "--resolve", "--map-host", "t.cn"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HOST=ADDR:PORT"));
    let out = Command::new(env!("CARGO_BIN_EXE_linkgate")).args(["scan", "--resolve", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_verdicts_short_link_flag_is_is_short_link() {
    let engine = linkgate::Engine::new().unwrap();
    let cases = [
        ("https://m.tb.cn/h.x", true),
        ("https://www.m.tb.cn/h.x", true),
        ("https://a.m.tb.cn/h.x", false),
        ("https://3.cn/x", true),
        ("https://bit.ly/x", true),
        ("https://www.bit.ly/x", true),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fbit.ly%2Fx", true),
        ("https://item.taobao.com/item.htm?id=1", false),
        ("taobao://m.tb.cn/h.x", false),
        ("https://example.com/", false),
    ];
    for (href, short) in cases {
        let input = linkgate::LinkInput::new(href, linkgate::ChatContext::Direct);
        assert_eq!(engine.is_short_link(href), short, "{href}");
        assert_eq!(engine.verdict(&input).short_link, short, "{href}");
    }
}
