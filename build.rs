//! Strips comments and blank lines from the Public Suffix List before it is compiled in: the rules are all the
//! engine reads, and the comments are two thirds of the file (they would be ~45 KB of the gzipped wasm module).

use std::{env, fs, path::Path};

fn main() {
    let source = "rules/public_suffix_list.dat";
    println!("cargo::rerun-if-changed={source}");
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
    let mut out = String::with_capacity(text.len() / 2);
    for line in text.lines() {
        // Rules end at the first whitespace (per the list's format); comments start with `//`.
        // The ICANN / PRIVATE section markers are comments the parser reads; keep them.
        if line.contains("===BEGIN ") || line.contains("===END ") {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let rule = line.split_whitespace().next().unwrap_or("");
        if !rule.is_empty() && !rule.starts_with("//") {
            out.push_str(rule);
            out.push('\n');
        }
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("public_suffix_list.rules");
    fs::write(&dest, out).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
}
