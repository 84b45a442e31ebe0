//! Throughput of `Engine::classify` and `Engine::scan_text` over a deterministic corpus.
//!
//! `cargo bench --bench classify` prints criterion's timings and a summary line in ns per link.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group};
use linkgate::{ChatContext, Engine, LinkInput};

mod corpus;

const LINKS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let engine = Engine::new().expect("shipped data is valid");
    let links = corpus::links(LINKS);
    let messages = corpus::messages(1_000);

    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(links.len() as u64));
    group.bench_function("corpus_10k", |b| {
        b.iter(|| {
            for (i, href) in links.iter().enumerate() {
                let context = [ChatContext::Direct, ChatContext::Group, ChatContext::Feed][i % 3];
                black_box(engine.classify(&LinkInput::new(black_box(href), context)));
            }
        })
    });
    group.bench_function("verdict_corpus_10k", |b| {
        b.iter(|| {
            for (i, href) in links.iter().enumerate() {
                let context = [ChatContext::Direct, ChatContext::Group, ChatContext::Feed][i % 3];
                black_box(engine.verdict(&LinkInput::new(black_box(href), context)));
            }
        })
    });
    group.bench_function("url_parse_floor_10k", |b| {
        b.iter(|| {
            for href in &links {
                let _ = black_box(url::Url::parse(black_box(href)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("scan_text");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("messages_1k", |b| {
        b.iter(|| {
            for m in &messages {
                black_box(engine.scan_text(black_box(m), ChatContext::Group));
            }
        })
    });
    group.finish();
}

/// Prints the figure the README records: median ns per link over 11 passes of the corpus.
fn summary() {
    let engine = Engine::new().expect("shipped data is valid");
    let links = corpus::links(LINKS);
    let per_link = |f: &dyn Fn(&str)| {
        let mut runs: Vec<f64> = (0..11)
            .map(|_| {
                let t = Instant::now();
                for href in &links {
                    f(href);
                }
                t.elapsed().as_nanos() as f64 / links.len() as f64
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        (runs[runs.len() / 2], runs[0])
    };
    let (classify_median, classify_min) =
        per_link(&|h| drop(black_box(engine.classify(&LinkInput::new(h, ChatContext::Group)))));
    let (verdict_median, verdict_min) = per_link(&|h| {
        black_box(engine.verdict(&LinkInput::new(h, ChatContext::Group)));
    });
    let (parse_median, parse_min) = per_link(&|h| drop(black_box(url::Url::parse(h))));
    println!(
        "summary: classify {classify_median:.0} ns/link median ({classify_min:.0} min); verdict {verdict_median:.0} ns/link \
         median ({verdict_min:.0} min); url::Url::parse {parse_median:.0} ns/link median ({parse_min:.0} min); ratios \
         classify {:.2}, verdict {:.2}; corpus {} links",
        classify_median / parse_median,
        verdict_median / parse_median,
        links.len()
    );
}

criterion_group!(benches, bench);

fn main() {
    benches();
    summary();
    Criterion::default().configure_from_args().final_summary();
}
