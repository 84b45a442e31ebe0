//! Native side of `make bench`: linkgate against the URL-parse floor and Brave's `adblock` engine on the same
//! corpus (`node scripts/corpus.mjs` writes it to target/bench/), each figure the median and minimum per link over
//! RUNS passes. Writes target/bench/native.json for scripts/bench-report.mjs and prints a summary.
//!
//!   cargo bench --bench compare            (BENCH_DIR, BENCH_RUNS override the folder and the number of passes)
//!
//! All engines answer the same question for each link under the same rules: WeChat phase 1 in a group chat
//! (`wechat-2021-09`), which adblock gets as target/bench/filters.txt (the same domains, the same verdicts).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use linkgate::{Action, ChatContext, Engine, LinkInput};

fn dir() -> PathBuf {
    std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench"))
}

fn read_lines(name: &str) -> Vec<String> {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `node scripts/corpus.mjs` or `make bench`)", path.display()));
    text.lines().map(|l| l.replace("\\n", "\n")).collect()
}

/// Median and minimum ns per item over `runs` passes of `f` over `n` items.
fn measure(runs: usize, n: usize, mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm up: caches, lazy tables
    let mut per: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    per.sort_by(f64::total_cmp);
    (per[per.len() / 2], per[0])
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(7);
    let links = read_lines("links.txt");
    let messages = read_lines("messages.txt");
    let filters = std::fs::read_to_string(dir().join("filters.txt")).expect("filters.txt");
    let n = links.len();

    let engine = Engine::builder().preset("wechat-2021-09").build().expect("shipped preset");
    // For profilers: BENCH_PROFILE=verdict (or classify) repeats just that over the corpus and exits.
    if let Ok(what) = std::env::var("BENCH_PROFILE") {
        for _ in 0..runs * 4 {
            for href in &links {
                let input = LinkInput::new(black_box(href), ChatContext::Group);
                if what == "classify" {
                    black_box(engine.classify(&input));
                } else {
                    black_box(engine.verdict(&input));
                }
            }
        }
        return;
    }
    let t = Instant::now();
    let adblock = adblock::Engine::new_with_list_text(filters);
    let adblock_build_ms = t.elapsed().as_secs_f64() * 1e3;

    let floor = measure(runs, n, || {
        for href in &links {
            let _ = black_box(url::Url::parse(black_box(href)));
        }
    });
    let verdict = measure(runs, n, || {
        for href in &links {
            black_box(engine.verdict(&LinkInput::new(black_box(href), ChatContext::Group)));
        }
    });
    let classify = measure(runs, n, || {
        for href in &links {
            black_box(engine.classify(&LinkInput::new(black_box(href), ChatContext::Group)));
        }
    });
    let adblock_check = measure(runs, n, || {
        for href in &links {
            // The request is built from the URL string, as a browser hands it over: adblock parses it itself.
            if let Ok(req) = adblock::request::Request::new(black_box(href), href, "document", "GET") {
                black_box(adblock.check_network_request(&req));
            }
        }
    });
    let scan = measure(runs, messages.len(), || {
        for m in &messages {
            black_box(engine.scan_text(black_box(m), ChatContext::Group));
        }
    });

    // How often the two engines agree (stop or not) on the same link; they differ where linkgate finds a risk
    // that no filter can express (a homograph, credentials, a look-alike of a partner) or a link adblock cannot parse.
    let mut agree = 0usize;
    let mut adblock_unparsed = 0usize;
    for href in &links {
        let stop = engine.verdict(&LinkInput::new(href, ChatContext::Group)).action != Action::Open;
        match adblock::request::Request::new(href, href, "document", "GET") {
            Ok(req) => agree += usize::from(adblock.check_network_request(&req).should_block() == stop),
            Err(_) => adblock_unparsed += 1,
        }
    }

    let row = |(median, min): (f64, f64)| format!("{{\"median\": {median:.1}, \"min\": {min:.1}}}");
    let json = format!(
        "{{\n  \"runtime\": \"native ({} {})\",\n  \"links\": {n},\n  \"messages\": {},\n  \"runs\": {runs},\n  \
         \"ns_per_link\": {{\n    \"url_parse\": {},\n    \"linkgate_verdict\": {},\n    \"linkgate_classify\": {},\n    \
         \"adblock_rust\": {}\n  }},\n  \"ns_per_message\": {{ \"linkgate_scan_text\": {} }},\n  \
         \"adblock_build_ms\": {adblock_build_ms:.1},\n  \"agreement\": {{ \"same\": {agree}, \"adblock_unparsed\": \
         {adblock_unparsed} }}\n}}\n",
        std::env::consts::ARCH,
        std::env::consts::OS,
        messages.len(),
        row(floor),
        row(verdict),
        row(classify),
        row(adblock_check),
        row(scan),
    );
    std::fs::write(dir().join("native.json"), &json).expect("write native.json");
    println!(
        "native, {n} links, {runs} runs (ns/link, median): url::Url::parse {:.0}; linkgate verdict {:.0} ({:.2}x), \
         classify {:.0} ({:.2}x); adblock-rust {:.0} (verdict/adblock {:.2}); scan_text {:.0} ns/message; \
         agreement {agree}/{n}, adblock could not parse {adblock_unparsed}",
        floor.0,
        verdict.0,
        verdict.0 / floor.0,
        classify.0,
        classify.0 / floor.0,
        adblock_check.0,
        verdict.0 / adblock_check.0,
        scan.0,
    );
}
