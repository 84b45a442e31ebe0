//! Reading linkgate's JSON files (rules, settings, the catalogue, look-alike targets) with errors that point at the
//! offending value: serde_json gives the position where parsing stopped, and a small scanner finds the key and value
//! of a JSON path (`rules[2].when.platform[0]`) for errors found after parsing.

use serde::de::DeserializeOwned;

use crate::error::ConfigError;

/// Parses `text` (a JSON object) into `T`, naming `source_name`, the line, column and JSON path on failure.
pub(crate) fn parse_json<T: DeserializeOwned>(source_name: &str, text: &str) -> Result<T, ConfigError> {
    // serde's derived structs also accept arrays of fields; every linkgate file is an object.
    let body = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
    if !body.is_empty() && !body.starts_with('{') {
        let offset = text.len() - body.len();
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[..offset].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(ConfigError {
            source_name: source_name.to_owned(),
            line,
            column,
            path: String::new(),
            message: "expected a JSON object".to_owned(),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        // serde_path_to_error writes `?` for a key it did not get to read; drop it.
        let path = err.path().to_string();
        let path = path.trim_end_matches(".?").trim_end_matches('?');
        let path = if path == "." { String::new() } else { path.to_owned() };
        let inner = err.into_inner();
        let mut e = json_error(source_name, path, &inner);
        // A value of the wrong kind or content: point at the value itself (serde_json stops later, often on the next
        // line). Syntax errors keep serde_json's position, which is where the text stops making sense.
        if inner.is_data()
            && let Some(found) = locate(text, &e.path)
        {
            // An unknown field is pointed at by its name, anything else by its value.
            let offset = if e.message.starts_with("unknown field") { found.key } else { found.value };
            (e.line, e.column) = line_column(text, offset);
        }
        e
    })?;
    de.end().map_err(|err| json_error(source_name, String::new(), &err))?;
    Ok(value)
}

fn json_error(source_name: &str, path: String, err: &serde_json::Error) -> ConfigError {
    // serde_json appends " at line L column C" to its messages; we report those separately.
    let full = err.to_string();
    let message = match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_owned(),
        None => full,
    };
    // serde_json reports column 0 at the very start of a line (an empty file); columns here are 1-based.
    let column = if err.line() > 0 { err.column().max(1) } else { 0 };
    ConfigError { source_name: source_name.to_owned(), line: err.line(), column, path, message }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Where a JSON path's value is written: byte offsets of its key (the array element or the document itself when
/// there is no key) and of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    key: usize,
    value: usize,
}

/// Finds the value a JSON path names (`rules[0].when.platform[1]`; the document for an empty path), or `None` when
/// the text does not lead there. A key that contains dots (`domainCategories.docs.qq.com`) is matched greedily.
fn locate(text: &str, path: &str) -> Option<Found> {
    let mut segments: Vec<Segment<'_>> = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            segments.push(Segment::Key(key));
        }
        for index in rest.split('[').filter(|i| !i.is_empty()) {
            segments.push(Segment::Index(index.trim_end_matches(']').parse().ok()?));
        }
    }
    let mut scan = Scanner { bytes: text.as_bytes(), at: 0 };
    scan.skip_ws();
    let mut found = Found { key: scan.at, value: scan.at };
    let mut i = 0;
    while i < segments.len() {
        match segments[i] {
            Segment::Index(n) => {
                scan.expect(b'[')?;
                for _ in 0..n {
                    scan.skip_value()?;
                    scan.skip_ws();
                    scan.expect(b',')?;
                }
                scan.skip_ws();
                found = Found { key: scan.at, value: scan.at };
                i += 1;
            }
            Segment::Key(_) => {
                scan.expect(b'{')?;
                loop {
                    scan.skip_ws();
                    let key_at = scan.at;
                    let key = scan.string()?;
                    // The longest run of segments that spells this key (keys may contain dots).
                    let mut spelled = String::new();
                    let mut matched = 0;
                    for (j, seg) in segments[i..].iter().enumerate() {
                        let Segment::Key(k) = seg else { break };
                        if j > 0 {
                            spelled.push('.');
                        }
                        spelled.push_str(k);
                        if spelled == key {
                            matched = j + 1;
                        }
                    }
                    scan.skip_ws();
                    scan.expect(b':')?;
                    scan.skip_ws();
                    if matched > 0 {
                        i += matched;
                        found = Found { key: key_at, value: scan.at };
                        break;
                    }
                    scan.skip_value()?;
                    scan.skip_ws();
                    scan.expect(b',')?;
                }
            }
        }
    }
    Some(found)
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Just enough of a JSON reader to walk to a path: strings, and skipping whole values.
struct Scanner<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// A string's contents, with escapes decoded (only `\"`, `\\` and `\/` matter for keys).
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    out.push(*self.bytes.get(self.at)?);
                    self.at += 1;
                }
                _ => out.push(b),
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match *self.bytes.get(self.at)? {
            b'"' => self.string().map(drop),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.at += 1;
                self.skip_ws();
                if self.bytes.get(self.at) == Some(&close) {
                    self.at += 1;
                    return Some(());
                }
                loop {
                    if open == b'{' {
                        self.string()?;
                        self.expect(b':')?;
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    match *self.bytes.get(self.at)? {
                        b',' => self.at += 1,
                        b if b == close => {
                            self.at += 1;
                            return Some(());
                        }
                        _ => return None,
                    }
                    self.skip_ws();
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter.
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_values_keys_and_dotted_keys() {
        let text = "{\n  \"rules\": [\n    {\"id\": \"a\", \"when\": {\"platform\": [\"jd\", \"amazon\"]}},\n    {\"x\": 1}\n  ],\n  \"domainCategories\": {\"docs.qq.com\": \"oops\"}\n}";
        let at = |p: &str| locate(text, p).map(|f| (line_column(text, f.key), line_column(text, f.value)));
        assert_eq!(at("rules[0].when.platform[1]"), Some(((3, 45), (3, 45))));
        assert_eq!(at("rules[1].x"), Some(((4, 6), (4, 11))));
        assert_eq!(at("rules[1]"), Some(((4, 5), (4, 5))));
        assert_eq!(at("domainCategories.docs.qq.com"), Some(((6, 24), (6, 39))));
        assert_eq!(at(""), Some(((1, 1), (1, 1))));
        assert_eq!(at("rules[5]"), None);
        assert_eq!(at("nope.x"), None);
    }
}
