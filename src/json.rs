//! Reading linkgate's JSON files (rules, settings, the catalogue, look-alike targets) with errors that point at the
//! offending value: serde_json gives the position where parsing stopped, a small scanner names the JSON path of the
//! value there (`path_at`: `rules[2].when.platform[0]`), and finds the key and value of a path (`locate`) for errors
//! found after parsing. (`serde_path_to_error` did the naming until issue 15: a second, path-tracking copy of every
//! deserializer, 100 KB of the wasm module. Checks that must name a list element run inside the string's own read,
//! `policy::format::checked_str`, so serde_json stops at the element.)

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
    let value = T::deserialize(&mut de).map_err(|err| {
        // serde_json says where it stopped; the path is that of the value written there (path_at).
        let path = path_at(text, byte_offset(text, err.line(), err.column()));
        let mut e = json_error(source_name, path, &err);
        // A value of the wrong kind or content: point at the value itself (serde_json stops at its end, or at the
        // end of its list). Syntax errors keep serde_json's position, which is where the text stops making sense.
        if err.is_data()
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

/// The byte offset of serde_json's 1-based line and column (columns in bytes; column 0 is before the line's first byte).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1) };
    (start + column.saturating_sub(1)).min(text.len())
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

/// The JSON path (`rules[0].when.platform[1]`, as `locate` reads it) of the innermost value whose text holds byte
/// `offset`: an object member from its key to the end of its value, an array element, else the container itself.
/// For text that does not parse, the deepest path reached before it stops. serde_json reports where a data error
/// was found, and this names the value there: linkgate's files get a path in their errors without a second,
/// path-tracking copy of every deserializer in the module (what `serde_path_to_error` costs).
pub(crate) fn path_at(text: &str, offset: usize) -> String {
    let mut walk = PathWalk { scan: Scanner { bytes: text.as_bytes(), at: 0 }, offset, path: String::new() };
    walk.value();
    walk.path
}

/// The state of `path_at`: `path` is the path of the value being read, and what is left when the offset is found.
struct PathWalk<'t> {
    scan: Scanner<'t>,
    offset: usize,
    path: String,
}

/// What reading a value found: the offset in it (the path is final), or its end before the offset.
enum Walked {
    Found,
    Passed,
}

impl PathWalk<'_> {
    /// Reads one value at the current path; `None` when the text stops making sense (the path is then final too).
    fn value(&mut self) -> Option<Walked> {
        self.scan.skip_ws();
        let start = self.scan.at;
        let open = *self.scan.bytes.get(start)?;
        if open != b'{' && open != b'[' {
            self.scan.skip_value()?;
            return Some(if self.offset < self.scan.at && self.offset >= start {
                Walked::Found
            } else {
                Walked::Passed
            });
        }
        if self.offset < start {
            return Some(Walked::Found);
        }
        let close = if open == b'{' { b'}' } else { b']' };
        self.scan.at += 1;
        let mut index = 0;
        loop {
            self.scan.skip_ws();
            if self.offset < self.scan.at {
                return Some(Walked::Found);
            }
            let next = *self.scan.bytes.get(self.scan.at)?;
            if next == close {
                self.scan.at += 1;
                return Some(if self.offset < self.scan.at { Walked::Found } else { Walked::Passed });
            }
            if index > 0 {
                // Members are separated by commas; anything else ends the walk here, in the container.
                if next != b',' {
                    return None;
                }
                self.scan.at += 1;
                self.scan.skip_ws();
                if self.offset < self.scan.at {
                    return Some(Walked::Found);
                }
            }
            let parent = self.path.len();
            if open == b'{' {
                let key_at = self.scan.at;
                let key = self.scan.string()?;
                if !self.path.is_empty() {
                    self.path.push('.');
                }
                self.path.push_str(&key);
                if self.offset < self.scan.at && self.offset >= key_at {
                    return Some(Walked::Found);
                }
                self.scan.expect(b':')?;
                if self.offset < self.scan.at {
                    return Some(Walked::Found);
                }
            } else {
                self.path.push_str(&format!("[{index}]"));
            }
            if let Walked::Found = self.value()? {
                return Some(Walked::Found);
            }
            self.path.truncate(parent);
            index += 1;
        }
    }
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
    fn names_the_path_at_an_offset() {
        let text = "{\"rules\": [{\"id\": \"a\", \"when\": {\"platform\": [\"jd\", \"amazon\"]}}, {\"x\": 1}], \"d\": {\"a.b\": true}}";
        let at = |needle: &str| path_at(text, text.find(needle).expect("in the text"));
        assert_eq!(at("\"amazon\""), "rules[0].when.platform[1]");
        assert_eq!(at("amazon\"]") + "|" + &at("]}}"), "rules[0].when.platform[1]|rules[0].when.platform");
        assert_eq!(at("\"id\""), "rules[0].id");
        assert_eq!(at(": \"a\""), "rules[0].id");
        assert_eq!(at("1}"), "rules[1].x");
        assert_eq!(at("true"), "d.a.b");
        assert_eq!(path_at(text, 0), "");
        assert_eq!(path_at(text, text.len() - 1), "");
        // Text that stops making sense: the deepest path reached.
        assert_eq!(path_at("{\"rules\": [{\"id\": \"a\" \"action\": 1}]}", 22), "rules[0]");
        assert_eq!(path_at("{\"rules\": [1, ", 14), "rules[1]");
        assert_eq!(path_at("", 0), "");
    }

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
