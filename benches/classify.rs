//! Criterion's view of the native engine (`make bench`): `Engine::classify` (a full Decision), `Engine::verdict` (the
//! extension's hot path), the `url::Url::parse` floor and `Engine::scan_text`, over the shared corpus of
//! scripts/corpus.mjs (target/bench/links.txt and messages.txt, or BENCH_DIR), under WeChat phase 1 in a group
//! chat like every runtime of the benchmark. scripts/bench-report.mjs reads criterion's samples
//! (target/criterion/classify/*/new/sample.json).
//!
//!   node scripts/corpus.mjs && cargo bench --bench classify

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use linkgate::{ChatContext, Engine, LinkInput};

fn read_lines(name: &str) -> Vec<String> {
    let dir = std::env::var_os("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench"));
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text.lines().map(|l| l.replace("\\n", "\n")).collect(),
        Err(e) => {
            eprintln!("{}: {e}\nwrite the corpus first: node scripts/corpus.mjs (or run make bench)", path.display());
            std::process::exit(2);
        }
    }
}

fn bench(c: &mut Criterion) {
    let engine = Engine::builder().preset("wechat-2021-09").build().expect("shipped preset");
    let links = read_lines("links.txt");
    let messages = read_lines("messages.txt");

    // One iteration is a pass over the whole corpus (100,000 links take tens of milliseconds): flat sampling, ten
    // samples, which is what the report's median and minimum are taken over.
    let mut group = c.benchmark_group("classify");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(links.len() as u64));
    group.bench_function("classify", |b| {
        b.iter(|| {
            for href in &links {
                black_box(engine.classify(&LinkInput::new(black_box(href), ChatContext::Group)));
            }
        })
    });
    group.bench_function("verdict", |b| {
        b.iter(|| {
            for href in &links {
                black_box(engine.verdict(&LinkInput::new(black_box(href), ChatContext::Group)));
            }
        })
    });
    group.bench_function("url_parse", |b| {
        b.iter(|| {
            for href in &links {
                let _ = black_box(url::Url::parse(black_box(href)));
            }
        })
    });
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("scan_text", |b| {
        b.iter(|| {
            for m in &messages {
                black_box(engine.scan_text(black_box(m), ChatContext::Group));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
