//! `Engine::verdict` on the first N links of a file, once each: the workload for counting instructions, which on a
//! shared VM is steadier than time (docs/toolchain.md, "Instruction counts"):
//!
//! ```text
//! cargo build --release --example verdict_count
//! valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
//!   target/release/examples/verdict_count target/bench/links.txt 100000   # minus the same with 0 links
//! ```
use linkgate::{ChatContext, Engine, LinkInput};
fn main() {
    let path = std::env::args().nth(1).expect("links file");
    let limit: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    let text = std::fs::read_to_string(path).unwrap();
    let engine = Engine::builder().preset("wechat-2021-09").build().unwrap();
    let mut sum = 0usize;
    for line in text.lines().take(limit) {
        let v = engine.verdict(&LinkInput::new(line, ChatContext::Group));
        sum += v.action as usize;
    }
    println!("{sum}");
}
