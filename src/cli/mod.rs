//! Chat exports for `linkgate scan`: plain text, WhatsApp's exported `.txt` and Telegram Desktop's `result.json`
//! read into messages (docs/cli.md, "Chat exports"). Every reader parses the whole input before anything is printed,
//! and a malformed export is an [`ExportError`] with its line and column; no input makes a reader panic.

pub mod resolve;
pub mod telegram;
pub mod whatsapp;

use linkgate::ChatContext;

/// One message of a chat, as a reader found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatMessage {
    /// Who sent it, as the export names them.
    pub sender: Option<String>,
    /// When, in seconds since the Unix epoch (WhatsApp's clock is read as UTC: only differences matter).
    pub time: Option<u64>,
    /// The text to scan.
    pub text: String,
    /// The 1-based line of the input where the message starts.
    pub line: usize,
}

/// One chat: its messages in file order, the context the export gives (if any) and its name.
#[derive(Debug, Clone, Default)]
pub struct Chat {
    pub name: Option<String>,
    pub context: Option<ChatContext>,
    /// Why the context is unknown, when the export names a chat type the CLI does not map.
    pub note: Option<String>,
    pub messages: Vec<ChatMessage>,
}

/// A malformed export: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The input formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Auto,
    Text,
    WhatsApp,
    Telegram,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "auto" => Some(Format::Auto),
            "text" => Some(Format::Text),
            "whatsapp" => Some(Format::WhatsApp),
            "telegram" => Some(Format::Telegram),
            _ => None,
        }
    }
}

/// The format `auto` picks: a `.json` name or text starting with `{` is Telegram; a first non-empty line that is a
/// WhatsApp message header is WhatsApp; anything else is plain text.
pub fn detect(path: Option<&str>, text: &str) -> Format {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if path.is_some_and(|p| p.to_ascii_lowercase().ends_with(".json")) || text.trim_start().starts_with('{') {
        return Format::Telegram;
    }
    match text.lines().find(|l| !l.trim().is_empty()) {
        Some(line) if whatsapp::header(line).is_some() => Format::WhatsApp,
        _ => Format::Text,
    }
}

/// Reads `text` in `format` (not `Auto`) into chats.
pub fn read(format: Format, path: Option<&str>, text: &str) -> Result<Vec<Chat>, ExportError> {
    let format = if format == Format::Auto { detect(path, text) } else { format };
    match format {
        Format::Telegram => telegram::read(text),
        Format::WhatsApp => whatsapp::read(text).map(|messages| vec![Chat { messages, ..Chat::default() }]),
        Format::Text | Format::Auto => Ok(vec![Chat { messages: plain(text), ..Chat::default() }]),
    }
}

/// Plain text: one message a non-empty line, with no sender and no time.
pub fn plain(text: &str) -> Vec<ChatMessage> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| ChatMessage {
            sender: None,
            time: None,
            text: l.strip_prefix('\u{feff}').unwrap_or(l).to_owned(),
            line: i + 1,
        })
        .collect()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The number of days in a month (1..=12) of a year.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Seconds since the epoch of a UTC date and time, `None` before 1970.
pub fn unix_seconds(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<u64> {
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
    u64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(unix_seconds(2021, 5, 1, 12, 34, 56), Some(1_619_872_496));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
    }
}
