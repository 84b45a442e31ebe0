//! The `linkgate` command line: the engine applied to links and chat text from arguments, a file or stdin.
//!
//! ```text
//! linkgate check [--context direct|group|feed|unknown] [--preset NAME] [--rules FILE] [--settings FILE] [--json] [--resolve] [URL ...]
//! linkgate scan  [--context ...] [--format auto|text|whatsapp|telegram] [--preset NAME] [--rules FILE] [--settings FILE] [--json] [FILE|-|TEXT]
//! linkgate presets | platforms
//! ```
//! Exit status: 0 on success, 2 on bad flags, a bad rules/settings file or a malformed chat export (one line naming
//! file, line and column), 1 when input cannot be read.

mod cli;

use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

use cli::Format;
use linkgate::{ChatContext, ChatFolding, Decision, Engine, Finding, FoldState, Foldable, Message};
use serde_json::{Value, json};

const USAGE: &str = "\
linkgate: decide what should happen to links shared in chats (open, warn, block)

Usage:
  linkgate check [OPTIONS] [URL ...]        URLs from the arguments, or one per line from stdin
  linkgate scan  [OPTIONS] [FILE | - | TEXT] URLs and share codes in chat text or a chat export (stdin when
                                             omitted), with what folds and why
  linkgate presets                           list the presets
  linkgate platforms                         list the catalogue platforms

Options:
  -c, --context CONTEXT   direct, group, feed or unknown (default: unknown, decided as group)
  -f, --format FORMAT     scan: auto, text (a message a line), whatsapp (.txt export) or telegram (result.json)
                          (default: auto)
  -p, --preset NAME       default, wechat-2021-09, wechat-2021-11 or strict (default: the settings' preset)
  -r, --rules FILE        a custom rule set layered over the preset (docs/rules-format.md)
  -s, --settings FILE     user settings: preset, optIns, trustedDomains
      --json              one JSON object per line instead of a table
      --resolve           check: follow short links (m.tb.cn, v.douyin.com, b23.tv, t.cn, ...) to where they
                          go and decide the destination too; only the shorteners are contacted (docs/short-links.md)
      --map-host HOST=ADDR:PORT
                          check --resolve: connect to ADDR:PORT for HOST instead of asking DNS (for tests)
  -h, --help              this text
  -V, --version           the version

Exit status: 0 ok, 1 input could not be read, 2 bad flags, a bad rules/settings file or a malformed export.";

/// A failure with its exit status.
struct Fail {
    code: u8,
    message: String,
}

impl Fail {
    fn usage(message: impl Into<String>) -> Fail {
        Fail { code: 2, message: message.into() }
    }
    fn io(message: impl Into<String>) -> Fail {
        Fail { code: 1, message: message.into() }
    }
    /// A failed write to stdout; a closed pipe (the reader has all it wanted) ends the run quietly.
    fn output(e: io::Error) -> Fail {
        let code = if e.kind() == io::ErrorKind::BrokenPipe { 0 } else { 1 };
        Fail { code, message: e.to_string() }
    }
}

#[derive(Default)]
struct Options {
    command: String,
    context: ChatContext,
    /// Whether `--context` was given (it then overrides a Telegram chat's type).
    context_given: bool,
    format: Format,
    preset: Option<String>,
    rules: Option<String>,
    settings: Option<String>,
    json: bool,
    /// `check --resolve`: follow short links to where they go.
    resolve: bool,
    /// `--map-host HOST=ADDR:PORT`: connect to ADDR:PORT for HOST (testing against local fakes).
    map_hosts: std::collections::BTreeMap<String, std::net::SocketAddr>,
    inputs: Vec<String>,
}

fn parse_args() -> Result<Option<Options>, Fail> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut opts = Options::default();
    let bad = |e: lexopt::Error| Fail::usage(e.to_string());
    while let Some(arg) = parser.next().map_err(bad)? {
        match arg {
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(None);
            }
            Short('V') | Long("version") => {
                println!("linkgate {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            Short('c') | Long("context") => {
                let value = parser.value().map_err(bad)?.string().map_err(bad)?;
                opts.context = ChatContext::parse(&value).ok_or_else(|| {
                    Fail::usage(format!("invalid --context '{value}': use direct, group, feed or unknown"))
                })?;
                opts.context_given = true;
            }
            Short('f') | Long("format") => {
                let value = parser.value().map_err(bad)?.string().map_err(bad)?;
                opts.format = Format::parse(&value).ok_or_else(|| {
                    Fail::usage(format!("invalid --format '{value}': use auto, text, whatsapp or telegram"))
                })?;
            }
            Short('p') | Long("preset") => opts.preset = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Short('r') | Long("rules") => opts.rules = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Short('s') | Long("settings") => opts.settings = Some(parser.value().map_err(bad)?.string().map_err(bad)?),
            Long("json") => opts.json = true,
            Long("resolve") => opts.resolve = true,
            Long("map-host") => {
                let spec = parser.value().map_err(bad)?.string().map_err(bad)?;
                let (host, addr) = cli::resolve::parse_map(&spec).map_err(Fail::usage)?;
                opts.map_hosts.insert(host, addr);
            }
            Value(v) if opts.command.is_empty() => {
                let v = v.string().map_err(bad)?;
                if !matches!(v.as_str(), "check" | "scan" | "presets" | "platforms") {
                    return Err(Fail::usage(format!("unknown command '{v}' (try --help)")));
                }
                opts.command = v;
            }
            Value(v) => opts.inputs.push(v.string().map_err(bad)?),
            _ => return Err(Fail::usage(arg.unexpected().to_string())),
        }
    }
    if opts.command.is_empty() {
        return Err(Fail::usage("missing command: check, scan, presets or platforms (try --help)"));
    }
    if (opts.resolve || !opts.map_hosts.is_empty()) && opts.command != "check" {
        return Err(Fail::usage("--resolve and --map-host are options of check"));
    }
    Ok(Some(opts))
}

fn read_file(path: &str, what: &str) -> Result<String, Fail> {
    std::fs::read_to_string(path).map_err(|e| Fail::usage(format!("cannot read {what} file {path}: {e}")))
}

fn build_engine(opts: &Options) -> Result<Engine, Fail> {
    let mut builder = Engine::builder();
    if let Some(path) = &opts.settings {
        builder = builder.settings_json(path.clone(), read_file(path, "settings")?);
    }
    if let Some(path) = &opts.rules {
        builder = builder.rules_json(path.clone(), read_file(path, "rules")?);
    }
    if let Some(preset) = &opts.preset {
        builder = builder.preset(preset.clone());
    }
    builder.build().map_err(|e| Fail::usage(e.to_string()))
}

/// A decision as the library serialises it (the one JSON shape of a `Decision`: docs/decision.md), with the `input`
/// it was asked about.
fn decision_json(input: &str, d: &Decision) -> Value {
    let mut v = json!(d);
    v["input"] = Value::from(input);
    v
}

/// A finding as the library serialises it (its decision, for a URL, in the same shape).
fn finding_json(f: &Finding) -> Value {
    json!(f)
}

/// Prints rows as an aligned table (the last column is not padded).
fn print_table(out: &mut impl Write, rows: &[Vec<String>]) -> io::Result<()> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn reasons_cell(d: &Decision) -> String {
    if d.reasons.is_empty() {
        "-".to_owned()
    } else {
        d.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(",")
    }
}

fn check(opts: &Options, engine: &Engine, out: &mut impl Write) -> Result<(), Fail> {
    let inputs: Vec<String> = if opts.inputs.is_empty() {
        let mut lines = Vec::new();
        for line in io::stdin().lock().lines() {
            let line = line.map_err(|e| Fail::io(format!("cannot read stdin: {e}")))?;
            if !line.trim().is_empty() {
                lines.push(line.trim().to_owned());
            }
        }
        lines
    } else {
        opts.inputs.clone()
    };
    let mut rows = vec![vec!["ACTION".into(), "PLATFORM".into(), "DOMAIN".into(), "REASONS".into(), "URL".into()]];
    let row = |d: &Decision, url: String| {
        vec![
            d.action.to_string(),
            d.platform.as_ref().map_or("-".to_owned(), |p| p.id.to_string()),
            d.registrable_domain.clone().or_else(|| d.host_ascii.clone()).unwrap_or_else(|| "-".to_owned()),
            reasons_cell(d),
            url,
        ]
    };
    for input in &inputs {
        let d = engine.classify(&linkgate::LinkInput::new(input, opts.context));
        // The short link followed, when asked; its own decision stands whatever the resolution finds.
        let resolved = (opts.resolve && engine.is_short_link(input)).then(|| {
            let outcome = cli::resolve::resolve(engine, input, &opts.map_hosts);
            let destination = outcome
                .result
                .as_ref()
                .ok()
                .map(|url| (url.clone(), engine.classify(&linkgate::LinkInput::new(url, opts.context))));
            (outcome, destination)
        });
        if opts.json {
            let mut v = decision_json(input, &d);
            if opts.resolve {
                v["resolution"] = match &resolved {
                    None => Value::Null,
                    Some((outcome, destination)) => {
                        let mut r = json!({ "hops": outcome.hops });
                        match (&outcome.result, destination) {
                            (Ok(url), Some((_, dd))) => {
                                r["destination"] = Value::from(url.as_str());
                                r["decision"] = json!(dd);
                            }
                            (Err(e), _) => r["error"] = json!({ "code": e.code(), "message": e.to_string() }),
                            _ => {}
                        }
                        r
                    }
                };
            }
            writeln!(out, "{v}").map_err(Fail::output)?;
        } else {
            rows.push(row(&d, input.clone()));
            if let Some((outcome, destination)) = resolved {
                let blank = || vec![String::new(); 4];
                let last = outcome.hops.len().saturating_sub(1);
                for (i, pair) in outcome.hops.windows(2).enumerate() {
                    let (from, to) = (&pair[0], &pair[1]);
                    let status = from.status.map_or("-".to_owned(), |s| s.to_string());
                    let how = match to.via {
                        linkgate::resolve::Via::Redirect => "redirect",
                        linkgate::resolve::Via::MetaRefresh => "meta refresh",
                        linkgate::resolve::Via::Script => "script",
                        linkgate::resolve::Via::Link => "link",
                    };
                    let arrow = if i + 1 == last && destination.is_some() { "=>" } else { "->" };
                    let text = format!("  {arrow} {} ({status}, {how})", to.url);
                    match (&destination, arrow) {
                        (Some((_, dd)), "=>") => rows.push(row(dd, text)),
                        _ => rows.push([blank(), vec![text]].concat()),
                    }
                }
                if let Err(e) = &outcome.result {
                    rows.push([blank(), vec![format!("  !! not resolved: {e}")]].concat());
                }
            }
        }
    }
    if !opts.json {
        print_table(out, &rows).map_err(Fail::output)?;
    }
    Ok(())
}

/// What kind of finding, as `--json` writes it.
fn kind_name(f: &Finding) -> String {
    json!(f.kind).as_str().map_or_else(|| format!("{:?}", f.kind).to_lowercase(), str::to_owned)
}

fn scan(opts: &Options, engine: &Engine, out: &mut impl Write) -> Result<(), Fail> {
    let (name, path, text) = match opts.inputs.as_slice() {
        [] => ("<stdin>".to_owned(), None, read_stdin()?),
        [one] if one == "-" => ("<stdin>".to_owned(), None, read_stdin()?),
        [one] if std::path::Path::new(one).is_file() => {
            let text = std::fs::read_to_string(one).map_err(|e| Fail::io(format!("cannot read {one}: {e}")))?;
            (one.clone(), Some(one.as_str()), text)
        }
        // Words on the command line: one message.
        many => ("<text>".to_owned(), None, many.join(" ")),
    };
    let words = name == "<text>";
    let chats = if words && matches!(opts.format, Format::Auto | Format::Text) {
        let message = cli::ChatMessage { sender: None, time: None, text, line: 1 };
        vec![cli::Chat { messages: vec![message], ..cli::Chat::default() }]
    } else {
        // The whole input is read before anything is printed: a malformed export prints nothing.
        cli::read(opts.format, path, &text)
            .map_err(|e| Fail::usage(format!("{name}:{}:{}: {}", e.line, e.column, e.message)))?
    };
    let many_chats = chats.len() > 1;
    let mut rows = vec![{
        let mut header = vec!["LINE", "SENDER", "KIND", "SPAN", "PLATFORM", "ACTION", "FOLD", "REASONS", "TEXT"];
        if many_chats {
            header.insert(0, "CHAT");
        }
        header.into_iter().map(String::from).collect::<Vec<_>>()
    }];
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    for chat in &chats {
        let context = match chat.context {
            Some(c) if !opts.context_given => c,
            _ => opts.context,
        };
        if let (Some(note), false) = (&chat.note, opts.context_given) {
            notes.push(format!("linkgate: note: {name}: chat {}: {note}", chat.name.as_deref().unwrap_or("-")));
        }
        // One fold state a chat, carried across the file in message order.
        let mut state = FoldState::new();
        for m in &chat.messages {
            let meta = Message {
                context,
                sender: m.sender.as_deref(),
                time: m.time,
                text: Some(&m.text),
                folding: ChatFolding::Auto,
            };
            for f in engine.scan_text(&m.text, context) {
                let item = match &f.decision {
                    Some(d) => Foldable::Link(d),
                    None => Foldable::Code { code: &f.text, platform: f.platform.as_ref() },
                };
                let fold = engine.fold(item, &meta, &mut state);
                if opts.json {
                    let mut v = finding_json(&f);
                    v["message"] = json!({ "line": m.line, "sender": m.sender, "time": m.time, "chat": chat.name });
                    v["fold"] = json!(fold);
                    lines.push(v.to_string());
                } else {
                    let mut row = vec![
                        m.line.to_string(),
                        m.sender.clone().unwrap_or_else(|| "-".to_owned()),
                        kind_name(&f),
                        format!("{}..{}", f.start, f.end),
                        f.platform.as_ref().map_or("-".to_owned(), |p| p.id.to_string()),
                        f.decision.as_ref().map_or("-".to_owned(), |d| d.action.to_string()),
                        fold.as_ref().map_or("-".to_owned(), |f| f.rule_id.to_string()),
                        f.decision.as_ref().map_or("-".to_owned(), reasons_cell),
                        f.text.clone(),
                    ];
                    if many_chats {
                        row.insert(0, chat.name.clone().unwrap_or_else(|| "-".to_owned()));
                    }
                    rows.push(row);
                }
            }
        }
    }
    for note in notes {
        eprintln!("{note}");
    }
    if opts.json {
        for line in lines {
            writeln!(out, "{line}").map_err(Fail::output)?;
        }
        return Ok(());
    }
    print_table(out, &rows).map_err(Fail::output)
}

fn read_stdin() -> Result<String, Fail> {
    let mut buf = String::new();
    io::stdin().read_to_string(&mut buf).map_err(|e| Fail::io(format!("cannot read stdin: {e}")))?;
    Ok(buf)
}

fn run() -> Result<(), Fail> {
    let Some(opts) = parse_args()? else {
        return Ok(());
    };
    let engine = build_engine(&opts)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match opts.command.as_str() {
        "check" => check(&opts, &engine, &mut out)?,
        "scan" => scan(&opts, &engine, &mut out)?,
        "presets" => {
            let mut rows = vec![vec!["ID".into(), "NAME".into(), "DESCRIPTION".into()]];
            for p in engine.presets() {
                rows.push(vec![
                    p.id.clone(),
                    p.name.as_ref().map_or(String::new(), |n| n.en.clone()),
                    p.description.as_ref().map_or(String::new(), |d| d.en.clone()),
                ]);
            }
            print_table(&mut out, &rows).map_err(Fail::output)?;
        }
        _ => {
            let mut rows = vec![vec!["ID".into(), "NAME".into(), "名称".into(), "CATEGORY".into()]];
            for (platform, category) in engine.platforms() {
                let name = &platform.name;
                rows.push(vec![platform.id.to_string(), name.en.clone(), name.zh_cn.clone(), category.as_str().into()]);
            }
            print_table(&mut out, &rows).map_err(Fail::output)?;
        }
    }
    out.flush().map_err(Fail::output)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        // `linkgate check ... | head`: the reader left; not an error.
        Err(fail) if fail.code == 0 => ExitCode::SUCCESS,
        Err(fail) => {
            eprintln!("linkgate: error: {}", fail.message);
            ExitCode::from(fail.code)
        }
    }
}
