//! Errors from loading rule, catalogue and settings files.

use std::fmt;

use serde::de::DeserializeOwned;

/// A rules, settings or data file could not be used.
///
/// Carries the file's name, the 1-based line and column where parsing stopped (0 when the problem is not tied
/// to a position, such as an include cycle), the JSON path of the offending value (`rules[2].when.platform[0]`)
/// and a message. Displayed as `file:line:column: message (at path)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file or source name (`rules/presets/default.json`, `settings`, a path given on the command line).
    pub source_name: String,
    /// 1-based line, or 0.
    pub line: usize,
    /// 1-based column, or 0.
    pub column: usize,
    /// JSON path of the offending value; empty for the document root.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    /// An error not tied to a position in the text.
    pub fn new(source_name: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            source_name: source_name.to_owned(),
            line: 0,
            column: 0,
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_name)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

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
        json_error(source_name, path, &err.into_inner())
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
