//! WhatsApp's exported chat (`.txt`, "Export chat" on iOS and Android).
//!
//! A message starts with a header line: `[date, time] Sender: text` (iOS) or `date, time - Sender: text` (Android),
//! the time 24-hour or 12-hour with AM/PM. The header's shape is the `sharedRegex` and `authorAndMessageRegex` of
//! Pustur/whatsapp-chat-parser src/parser.ts @ da2d44edac7a612dfa71003ec548420d906c43a4:
//!
//! ```text
//! ^(?:\u200E|\u200F)*\[?(\d{1,4}[-/.]\s?\d{1,4}[-/.]\s?\d{1,4})[,.]?\s\D*?(\d{1,2}[.:]\d{1,2}(?:[.:]\d{1,2})?)
//!   (?:\s([ap]\.?\s?m\.?))?\]?(?:\s-|:)?\s   then   (.+?):\s([^]*)
//! ```
//!
//! Lines that are no header continue the message before them; header lines without `Sender: ` are system events
//! and are skipped. iOS puts U+200E before attachment and system lines and their text (starkdmi/whats_json @
//! 760b3a0a063f8e576156e72f5807c6ab283e0943); newer exports put U+202F or U+00A0 before AM/PM (whatsapp-chat-parser
//! CHANGELOG 3.1.2); Android wraps phone-number senders in U+202A…U+202C (whatstk's `_clean_text`). The order of
//! day and month is guessed from all the dates as whatsapp-chat-parser's `daysBeforeMonths` does (src/date.ts).

use super::{ChatMessage, ExportError, days_in_month, unix_seconds};

/// A header line's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The three numbers of the date, as written, and whether the first has four digits (a year first).
    pub date: [u32; 3],
    pub year_first: bool,
    /// 1-based character columns of the date and of the time.
    pub date_column: usize,
    pub time_column: usize,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pub pm: Option<bool>,
    /// The sender and the text; `None` for a system line.
    pub message: Option<(&'a str, &'a str)>,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{202f}' || c == '\u{a0}'
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos..).and_then(|r| r.chars().next())
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn eat(&mut self, f: impl Fn(char) -> bool) -> bool {
        match self.peek() {
            Some(c) if f(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }
    /// 1 to `max` ASCII digits.
    fn number(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.pos;
        let mut value: u32 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(c @ '0'..='9') => {
                    value = value * 10 + (c as u32 - '0' as u32);
                    self.pos += 1;
                }
                _ => break,
            }
        }
        (self.pos > start).then_some((value, self.pos - start))
    }
    fn column(&self) -> usize {
        self.s.get(..self.pos).map_or(1, |p| p.chars().count() + 1)
    }
    fn rest(&self) -> &'a str {
        self.s.get(self.pos..).unwrap_or("")
    }
}

/// Parses a header line (see the module docs), or `None` when the line is not one.
pub fn header(line: &str) -> Option<Header<'_>> {
    let mut c = Cursor { s: line, pos: 0 };
    while c.eat(|ch| matches!(ch, '\u{200e}' | '\u{200f}' | '\u{feff}')) {}
    c.eat(|ch| ch == '[');
    let date_column = c.column();
    let (a, a_len) = c.number(4)?;
    let sep = |ch: char| matches!(ch, '-' | '/' | '.');
    if !c.eat(sep) {
        return None;
    }
    c.eat(is_space);
    let (b, _) = c.number(4)?;
    if !c.eat(sep) {
        return None;
    }
    c.eat(is_space);
    let (y, _) = c.number(4)?;
    c.eat(|ch| ch == ',' || ch == '.');
    if !c.eat(is_space) {
        return None;
    }
    // `\D*?`: words such as Finnish "klo" between date and time.
    let mut skipped = 0;
    while c.peek().is_some_and(|ch| !ch.is_ascii_digit()) && skipped < 12 {
        c.bump();
        skipped += 1;
    }
    let time_column = c.column();
    let (hour, _) = c.number(2)?;
    if !c.eat(|ch| ch == ':' || ch == '.') {
        return None;
    }
    let (minute, _) = c.number(2)?;
    let mut second = 0;
    let save = c.pos;
    if c.eat(|ch| ch == ':' || ch == '.') {
        match c.number(2) {
            Some((s, _)) => second = s,
            None => c.pos = save,
        }
    }
    // Optional ` AM` / ` p. m.` / `\u202fPM`.
    let mut pm = None;
    let save = c.pos;
    if c.eat(is_space) {
        match c.bump().map(|ch| ch.to_ascii_lowercase()) {
            Some(ap @ ('a' | 'p')) => {
                c.eat(|ch| ch == '.');
                c.eat(is_space);
                if c.eat(|ch| ch.eq_ignore_ascii_case(&'m')) {
                    c.eat(|ch| ch == '.');
                    pm = Some(ap == 'p');
                } else {
                    c.pos = save;
                }
            }
            _ => c.pos = save,
        }
    }
    c.eat(|ch| ch == ']');
    let save = c.pos;
    if !(c.eat(is_space) && c.eat(|ch| ch == '-')) {
        c.pos = save;
        c.eat(|ch| ch == ':');
    }
    if !c.eat(is_space) {
        return None;
    }
    let rest = c.rest();
    // `(.+?):\s`: the sender runs to the first colon followed by white space (or the end of the line).
    let message = rest.char_indices().find_map(|(i, ch)| {
        if ch != ':' || i == 0 {
            return None;
        }
        let after = rest.get(i + 1..)?;
        match after.chars().next() {
            None => Some((rest.get(..i)?, "")),
            Some(n) if is_space(n) => Some((rest.get(..i)?, after.get(n.len_utf8()..)?)),
            _ => None,
        }
    });
    Some(Header {
        date: [a, b, y],
        year_first: a_len == 4,
        date_column,
        time_column,
        hour,
        minute,
        second,
        pm,
        message,
    })
}

/// Whatsapp-chat-parser's `daysBeforeMonths` (src/date.ts): a first number above 12 means days first, a second
/// above 12 months first; else the number that decreases within a year is the day; else the one that changes more.
/// `None` when nothing tells (then days come first, as there).
fn days_first(dates: &[[u32; 3]]) -> Option<bool> {
    if dates.iter().any(|d| d[0] > 12) {
        return Some(true);
    }
    if dates.iter().any(|d| d[1] > 12) {
        return Some(false);
    }
    let mut years: Vec<u32> = Vec::new();
    for d in dates {
        if !years.contains(&d[2]) {
            years.push(d[2]);
        }
    }
    let mut results = Vec::new();
    for year in years {
        let same: Vec<&[u32; 3]> = dates.iter().filter(|d| d[2] == year).collect();
        let decreases = |k: usize| same.windows(2).any(|w| w[1][k] < w[0][k]);
        results.push(if decreases(0) {
            Some(true)
        } else if decreases(1) {
            Some(false)
        } else {
            None
        });
    }
    if results.contains(&Some(true)) {
        return Some(true);
    }
    if results.contains(&Some(false)) {
        return Some(false);
    }
    let (mut first, mut second) = (0u64, 0u64);
    for w in dates.windows(2) {
        first += u64::from(w[0][0].abs_diff(w[1][0]));
        second += u64::from(w[0][1].abs_diff(w[1][1]));
    }
    match first.cmp(&second) {
        std::cmp::Ordering::Greater => Some(true),
        std::cmp::Ordering::Less => Some(false),
        std::cmp::Ordering::Equal => None,
    }
}

/// Reads an export into its messages (system lines skipped). A file whose first non-empty line is not a header is
/// not a WhatsApp export (an error at line 1, column 1); a header whose date or time does not exist is an error at
/// its column.
pub fn read(text: &str) -> Result<Vec<ChatMessage>, ExportError> {
    let lines: Vec<&str> = text.lines().collect();
    let headers: Vec<Option<Header<'_>>> = lines.iter().map(|l| header(l)).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    if first.is_none_or(|i| headers.get(i).is_none_or(Option::is_none)) {
        return Err(ExportError {
            line: 1,
            column: 1,
            message: "not a WhatsApp chat export: the first line is no message header ('[date, time] Sender: text' \
                      or 'date, time - Sender: text')"
                .into(),
        });
    }
    // Day and month: guessed over the dates that are not year-first.
    let dm: Vec<[u32; 3]> = headers.iter().flatten().filter(|h| !h.year_first).map(|h| h.date).collect();
    let days_first = days_first(&dm).unwrap_or(true);
    let mut messages: Vec<ChatMessage> = Vec::new();
    // Whether the lines now continue a user message (not a system line).
    let mut in_message = false;
    for (i, (line, header)) in lines.iter().zip(&headers).enumerate() {
        let Some(h) = header else {
            if in_message && let Some(last) = messages.last_mut() {
                last.text.push('\n');
                last.text.push_str(line);
            }
            continue;
        };
        let bad = |column: usize, what: &str| ExportError { line: i + 1, column, message: what.to_owned() };
        let [a, b, c] = h.date;
        let (year, month, day) = if h.year_first {
            (a, b, c)
        } else if days_first {
            (c, b, a)
        } else {
            (c, a, b)
        };
        let year = if year < 100 { 2000 + i64::from(year) } else { i64::from(year) };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            let order = if h.year_first {
                "year/month/day"
            } else if days_first {
                "day/month/year"
            } else {
                "month/day/year"
            };
            return Err(bad(h.date_column, &format!("invalid date (read as {order}, the order of this file's dates)")));
        }
        let hour = match h.pm {
            None if h.hour < 24 => h.hour,
            Some(pm) if h.hour <= 12 => (h.hour % 12) + if pm { 12 } else { 0 },
            _ => return Err(bad(h.time_column, "invalid time")),
        };
        if h.minute > 59 || h.second > 59 {
            return Err(bad(h.time_column, "invalid time"));
        }
        let time = unix_seconds(year, month, day, hour, h.minute, h.second);
        match h.message {
            Some((sender, body)) => {
                let sender: String = sender
                    .chars()
                    .filter(|ch| !matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}' | '\u{202c}'))
                    .collect();
                let body = body.trim_start_matches(['\u{200e}', '\u{200f}']);
                messages.push(ChatMessage {
                    sender: Some(sender.trim().to_owned()),
                    time,
                    text: body.to_owned(),
                    line: i + 1,
                });
                in_message = true;
            }
            None => in_message = false,
        }
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_both_platforms() {
        let h = header("\u{200e}[3/27/22, 9:41:55\u{202f}PM] Dmirty S: \u{200e}<attached: x.jpg>").unwrap();
        assert_eq!((h.date, h.hour, h.minute, h.second, h.pm), ([3, 27, 22], 9, 41, 55, Some(true)));
        assert_eq!(h.message, Some(("Dmirty S", "\u{200e}<attached: x.jpg>")));
        let h = header("23/06/2018, 01:55 p.m. - Loris: one").unwrap();
        assert_eq!((h.pm, h.message), (Some(true), Some(("Loris", "one"))));
        let h = header("06/03/2017, 00:45 - You created group \"Test\"").unwrap();
        assert_eq!(h.message, None);
        assert_eq!(header("13.6.2018 klo 21.25.15 - a: m").unwrap().message, Some(("a", "m")));
        assert!(header("[2018/06/13, 21:25:15] a: m").unwrap().year_first);
        assert!(header("hello: world").is_none());
        assert!(header("1/2").is_none());
        assert!(header("").is_none());
    }

    #[test]
    fn no_panics_on_prefixes() {
        let line = "\u{200e}[3/27/22, 9:41:55\u{202f}PM] Dmirty S: 你好";
        for (i, _) in line.char_indices() {
            let _ = header(&line[..i]);
            let _ = read(&line[..i]);
        }
    }
}
