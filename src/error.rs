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

/// Parses `text` as JSON into `T`, naming `source_name`, the line, column and JSON path on failure.
pub(crate) fn parse_json<T: DeserializeOwned>(source_name: &str, text: &str) -> Result<T, ConfigError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        json_error(source_name, if path == "." { String::new() } else { path }, &inner)
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
    ConfigError {
        source_name: source_name.to_owned(),
        line: err.line(),
        column: err.column(),
        path,
        message,
    }
}
