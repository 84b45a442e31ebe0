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

// ---- Chat exports (issue 14) ----------------------------------------------------------------------------------
// The fixtures are written by the tests in each format's documented shape (docs/research-fold-sources.md §4, §5).

const TAOBAO: &str = "https://item.taobao.com/item.htm?id=652731942331";
const BARGAIN: &str = "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123456";

/// Each finding's text and fold rule id (`None` when it does not fold), from `scan --json`.
fn folds(out: &Output) -> Vec<(String, Option<String>)> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    json_lines(out)
        .iter()
        .map(|l| {
            let fold = l["fold"]["ruleId"].as_str().map(str::to_owned);
            if fold.is_some() {
                assert!(l["fold"]["kind"].is_string(), "{l}");
            } else {
                assert_eq!(l["fold"], Value::Null);
            }
            (l["text"].as_str().unwrap_or_default().to_owned(), fold)
        })
        .collect()
}

fn scan_file(name: &str, text: &str, args: &[&str]) -> Output {
    let file = temp_file(name, text);
    let mut all = vec!["scan", "--json"];
    all.extend_from_slice(args);
    all.push(file.to_str().unwrap());
    run(&all, "")
}

/// Repeat, then bargain: what the default preset folds in a group.
fn expect_group_folds(got: &[(String, Option<String>)]) {
    let want: Vec<(String, Option<String>)> = vec![
        (TAOBAO.into(), None),
        (format!("{TAOBAO}&spm=a2"), Some("default.repeats_in_groups".into())),
        ("https://mobile.yangkeduo.com/goods.html?goods_id=123456".into(), Some("default.bargains_in_groups".into())),
    ];
    assert_eq!(got, want);
}

/// WhatsApp iOS: `[date, time] Sender: text`, U+200E before attachment lines and their text, U+202F before PM
/// (starkdmi/whats_json @ 760b3a0a063f8e576156e72f5807c6ab283e0943 example/_chat_with_media.txt; Pustur/
/// whatsapp-chat-parser CHANGELOG 3.1.2); a system line without a sender; a continuation line.
const WHATSAPP_IOS: &str = "[3/27/22, 9:41:35\u{202f}PM] Alice: look https://item.taobao.com/item.htm?id=652731942331\n\
\u{200e}[3/27/22, 9:41:55\u{202f}PM] Bob: \u{200e}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>\n\
[3/27/22, 9:42:05\u{202f}PM] You created group \u{201c}Deals\u{201d}\n\
[3/27/22, 9:43:10\u{202f}PM] Alice: again\n\
https://item.taobao.com/item.htm?id=652731942331&spm=a2\n\
[3/27/22, 9:44:00\u{202f}PM] Alice: 帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123456\n";

#[test]
fn whatsapp_ios_export_folds_repeats_and_bargains() {
    let out = scan_file("ios.txt", WHATSAPP_IOS, &["--context", "group"]);
    expect_group_folds(&folds(&out));
    let lines = json_lines(&out);
    assert_eq!(lines[1]["message"]["line"], 4, "the message's header line");
    assert_eq!(lines[1]["message"]["sender"], "Alice");
    // 2022-03-27 21:43:10, the clock read as UTC.
    assert_eq!(lines[1]["message"]["time"], 1_648_417_390);
    assert_eq!(lines[1]["message"]["chat"], Value::Null);
    assert_eq!(lines[1]["fold"]["kind"], "repeat");
    assert_eq!(lines[2]["fold"]["kind"], "bargain");
    // In a direct chat nothing folds.
    let out = scan_file("ios-direct.txt", WHATSAPP_IOS, &["--context", "direct"]);
    assert!(folds(&out).iter().all(|(_, f)| f.is_none()));
}

/// WhatsApp Android: `date, time - Sender: text`, 24-hour, days first (Pustur/whatsapp-chat-parser
/// samples/short-chat.txt @ 196ef61fdf79e6553519ab4bfa482e8644bccaa0), system lines without a sender.
const WHATSAPP_ANDROID: &str = "\
11/01/2023, 16:13 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
11/01/2023, 16:11 - Alice created group \"Deals\"
11/01/2023, 16:26 - Alice: look https://item.taobao.com/item.htm?id=652731942331
11/01/2023, 16:27 - \u{202a}+7 995 920-79-00\u{202c}: <Media omitted>
caption line
13/01/2023, 09:00 - Alice: again https://item.taobao.com/item.htm?id=652731942331&spm=a2
13/01/2023, 09:01 - Alice: 帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123456
";

#[test]
fn whatsapp_android_export_folds_and_reads_days_first() {
    // 13/01 sets the order: days first. Two days apart is more than the hour of repeats_in_groups...
    let out = scan_file("android.txt", WHATSAPP_ANDROID, &["-c", "group"]);
    let got = folds(&out);
    assert_eq!(got[1].1, None, "{got:?}");
    assert_eq!(got[2].1.as_deref(), Some("default.bargains_in_groups"));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["message"]["time"], 1_673_454_360, "2023-01-11 16:26 UTC");
    assert_eq!(lines[0]["message"]["line"], 3);
    // ...and within the hour the repeat folds.
    let close = WHATSAPP_ANDROID.replace("13/01/2023, 09:00", "11/01/2023, 16:40");
    let out = scan_file("android-close.txt", &close, &["-c", "group"]);
    expect_group_folds(&folds(&out));
}

/// A Telegram Desktop message (tdesktop export_output_json.cpp @ 006cadcc646cc7ca6c5522f5df2ba17fac8baea8,
/// SerializeMessage): `date_unixtime` is a string; `text` a string or an array of strings and entities.
fn tg_message(id: u32, from: &str, time: u64, text: &str) -> String {
    format!(
        r#"{{"id": {id}, "type": "message", "date": "2024-01-05T12:00:00", "date_unixtime": "{time}", "from": "{from}", "from_id": "user{id}", "text": {}, "text_entities": []}}"#,
        serde_json::to_string(text).unwrap()
    )
}

/// A chat object (writeDialogStart: name, type, id, messages), one message a line.
fn tg_chat(name: &str, kind: &str, messages: &[String]) -> String {
    format!(
        "{{\n \"name\": \"{name}\",\n \"type\": \"{kind}\",\n \"id\": 4242,\n \"messages\": [\n  {}\n ]\n}}",
        messages.join(",\n  ")
    )
}

fn tg_floods() -> Vec<String> {
    vec![
        r#"{"id": 1, "type": "service", "date_unixtime": "1704456000", "actor": "Alice", "action": "create_group", "text": ""}"#.to_owned(),
        tg_message(2, "Alice", 1_704_456_060, &format!("look {TAOBAO}")),
        tg_message(3, "Alice", 1_704_456_120, &format!("again {TAOBAO}&spm=a2")),
        tg_message(4, "Alice", 1_704_456_180, BARGAIN),
    ]
}

#[test]
fn telegram_chat_type_gives_the_context() {
    let out = scan_file("tg-group.json", &tg_chat("Deals", "private_supergroup", &tg_floods()), &[]);
    expect_group_folds(&folds(&out));
    let lines = json_lines(&out);
    assert_eq!(lines[0]["message"]["chat"], "Deals");
    assert_eq!(lines[0]["message"]["sender"], "Alice");
    assert_eq!(lines[0]["message"]["time"], 1_704_456_060);
    assert_eq!(lines[0]["message"]["line"], 7, "the line the message object starts on");
    let out = scan_file("tg-personal.json", &tg_chat("Bob", "personal_chat", &tg_floods()), &[]);
    assert!(folds(&out).iter().all(|(_, f)| f.is_none()), "a direct chat folds nothing");
    // An explicit --context overrides the chat's type.
    let out = scan_file("tg-personal-group.json", &tg_chat("Bob", "personal_chat", &tg_floods()), &["-c", "group"]);
    expect_group_folds(&folds(&out));
}

#[test]
fn telegram_whole_account_export_keeps_one_state_a_chat() {
    // The account export: chats under chats.list (writeChatsStart("chats", about) in the same file).
    let first = tg_chat("One", "private_group", &[tg_message(1, "Alice", 1_704_456_000, TAOBAO)]);
    let second = tg_chat(
        "Two",
        "public_supergroup",
        &[tg_message(1, "Alice", 1_704_456_010, TAOBAO), tg_message(2, "Alice", 1_704_456_020, TAOBAO)],
    );
    let account = format!(
        "{{\"about\": \"Here is the data you requested.\",\n\"chats\": {{\"about\": \"This page lists all chats.\", \"list\": [\n{first},\n{second}\n]}}}}"
    );
    let out = scan_file("result.json", &account, &[]);
    let got = folds(&out);
    let ids: Vec<Option<&str>> = got.iter().map(|(_, f)| f.as_deref()).collect();
    assert_eq!(ids, [None, None, Some("default.repeats_in_groups")], "{got:?}");
    let chats: Vec<Value> = json_lines(&out).iter().map(|l| l["message"]["chat"].clone()).collect();
    assert_eq!(chats, ["One", "Two", "Two"]);
    // The table names the chat when there are several.
    let file = temp_file("result-table.json", &account);
    let out = run(&["scan", file.to_str().unwrap()], "");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("CHAT  LINE  SENDER"), "{table}");
}

#[test]
fn telegram_text_entities_and_text_link_hrefs_are_scanned() {
    // `text` as an array of strings and {type, text, href} objects (SerializeText); the href is only on text_link.
    let message = r#"{"id": 9, "type": "message", "date_unixtime": "1704456000", "from": "Alice", "from_id": "user1",
     "text": ["see ", {"type": "text_link", "text": "this deal", "href": "https://taobao-login.com/claim"}, " and ", {"type": "link", "text": "https://item.jd.com/1.html"}],
     "text_entities": [{"type": "plain", "text": "see "}, {"type": "text_link", "text": "this deal", "href": "https://taobao-login.com/claim"}, {"type": "plain", "text": " and "}, {"type": "link", "text": "https://item.jd.com/1.html"}]}"#;
    let out = scan_file("tg-entities.json", &tg_chat("Links", "private_group", &[message.to_owned()]), &[]);
    let lines = json_lines(&out);
    let texts: Vec<&str> = lines.iter().filter_map(|l| l["text"].as_str()).collect();
    assert_eq!(texts, ["https://item.jd.com/1.html", "https://taobao-login.com/claim"]);
    assert_eq!(lines[1]["decision"]["reasons"][0]["code"], "lookalike_domain");
}

#[test]
fn plain_text_is_one_message_a_line_in_one_window() {
    let text = format!("first {TAOBAO}\n\nsecond {TAOBAO}\n");
    let out = scan_file("chat.txt", &text, &["-c", "group"]);
    let got = folds(&out);
    assert_eq!(got[1].1.as_deref(), Some("default.repeats_in_groups"), "{got:?}");
    let lines = json_lines(&out);
    assert_eq!(lines[1]["message"]["line"], 3);
    assert_eq!(lines[1]["message"]["sender"], Value::Null);
    assert_eq!(lines[1]["start"], 7, "offsets are into the message");
    // The table has the fold and its rule.
    let file = temp_file("chat-table.txt", &text);
    let out = run(&["scan", "-c", "group", file.to_str().unwrap()], "");
    let table = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[0].starts_with("LINE  SENDER  KIND"), "{table}");
    assert!(rows[2].contains("default.repeats_in_groups") && rows[2].starts_with("3 "), "{table}");
}

#[test]
fn wechat_2021_11_folds_the_fourth_shopping_link_of_a_sender_within_ten_minutes() {
    // rules/presets/wechat-2021-11.json marketing_floods: ecommerce, group, max 3, windowMinutes 10.
    let mut messages: Vec<String> = (1..=4)
        .map(|i| tg_message(i, "Alice", 1_704_456_000 + u64::from(i) * 60, &format!("https://item.jd.com/{i}.html")))
        .collect();
    // Bob's first shopping link does not count Alice's; Alice's fifth, eleven minutes after her first, still folds
    // (her second to fourth are in its window).
    messages.push(tg_message(5, "Bob", 1_704_456_300, "https://item.jd.com/5.html"));
    let out = scan_file("tg-flood.json", &tg_chat("Deals", "private_supergroup", &messages), &["-p", "wechat-2021-11"]);
    let ids: Vec<Option<String>> = folds(&out).into_iter().map(|(_, f)| f).collect();
    let flood = Some("wechat-2021-11.marketing_floods".to_owned());
    assert_eq!(ids, [None, None, None, flood, None]);
    assert_eq!(json_lines(&out)[3]["fold"]["kind"], "flood");
}

/// A malformed export: exit 2, one line `linkgate: error: FILE:LINE:COLUMN: ...`, nothing on stdout.
fn expect_export_error(name: &str, text: &str, args: &[&str], line_column: &str) -> String {
    let file = temp_file(name, text);
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.push(file.to_str().unwrap());
    let out = run(&all, "");
    assert_eq!(out.status.code(), Some(2), "{name}");
    assert!(out.stdout.is_empty(), "{name}: {}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "{err}");
    let want = format!("linkgate: error: {}:{line_column}: ", file.display());
    assert!(err.starts_with(&want), "{name}: want {want}, got {err}");
    err
}

#[test]
fn malformed_exports_name_line_and_column_and_print_nothing() {
    let full = tg_chat("Deals", "private_supergroup", &tg_floods());
    // Cut inside the fourth message's text (line 9): serde_json reports the last character it read.
    let cut = full.find("帮我").unwrap();
    let truncated = &full[..cut];
    let last_line = truncated.lines().last().unwrap();
    assert!(last_line.contains(r#""id": 4"#));
    let column = last_line.chars().count();
    expect_export_error("truncated.json", truncated, &[], &format!("{}:{column}", truncated.lines().count()));
    // `messages` not an array: at its value.
    let err =
        expect_export_error("not-array.json", "{\n  \"name\": \"x\",\n  \"messages\": {\"id\": 1}\n}\n", &[], "3:15");
    assert!(err.contains("expected a sequence"), "{err}");
    // `text` of the wrong type, inside a message: its own line and column.
    let bad_text = tg_chat("x", "private_group", &[r#"{"id": 1, "type": "message", "text": 5}"#.to_owned()]);
    expect_export_error("bad-text.json", &bad_text, &[], "6:40");
    // A JSON file that is no export.
    expect_export_error("no-chat.json", "{\"about\": \"x\"}", &[], "1:1");
    // WhatsApp forced on a file that is not a WhatsApp export.
    expect_export_error("plain.txt", "hello https://jd.com\n", &["--format", "whatsapp"], "1:1");
    // A header whose date does not exist: the column of the date (after the U+200E and the bracket).
    let bad_date = "[27/3/22, 21:41:35] Alice: hi\n\u{200e}[31/2/22, 21:42:00] Alice: https://jd.com\n";
    let err = expect_export_error("bad-date.txt", bad_date, &["-f", "whatsapp"], "2:3");
    assert!(err.contains("invalid date"), "{err}");
    // Bad --format values are usage errors.
    let out = run(&["scan", "--format", "xml", "x"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn auto_detects_each_format_and_never_panics_on_cut_exports() {
    // Auto: a WhatsApp header first -> WhatsApp; `{` -> Telegram; else text.
    let out = scan_file("auto-wa.txt", WHATSAPP_IOS, &["-c", "group"]);
    assert_eq!(json_lines(&out)[0]["message"]["sender"], "Alice");
    let tg = tg_chat("Deals", "private_supergroup", &tg_floods());
    let out = run(&["scan", "--json", "-"], &tg);
    assert_eq!(json_lines(&out)[0]["message"]["chat"], "Deals");
    // Every prefix of each export is read or rejected, never a crash.
    for text in [WHATSAPP_IOS, WHATSAPP_ANDROID] {
        for (i, _) in text.char_indices().step_by(7) {
            let out = run(&["scan", "--json", "-f", "whatsapp", "-"], &text[..i]);
            assert!(matches!(out.status.code(), Some(0 | 2)), "{:?}", &text[..i]);
        }
    }
    for (i, _) in tg.char_indices().step_by(23) {
        let out = run(&["scan", "--json", "-f", "telegram", "-"], &tg[..i]);
        assert!(matches!(out.status.code(), Some(0 | 2)), "{:?}", &tg[..i]);
    }
}
