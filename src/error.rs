//! Errors from loading rule, catalogue and settings files.

use std::fmt;

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
