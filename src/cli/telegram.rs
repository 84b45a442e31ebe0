//! Telegram Desktop's JSON export (`result.json`: Settings → Advanced → Export Telegram data, "Machine-readable JSON").
//!
//! The shape is the writer's, telegramdesktop/tdesktop Telegram/SourceFiles/export/output/export_output_json.cpp
//! @ 006cadcc646cc7ca6c5522f5df2ba17fac8baea8: a single-chat export is the chat object `{name, type, id,
//! messages}`; a whole-account export has the chats under `chats.list` (and `left_chats.list`). A message has
//! `type` (`message`, `service`, `unsupported`), `from`/`from_id`, `date` and `date_unixtime` (a string), and `text`:
//! a string, or an array of strings and `{type, text, href?}` objects (`href` on `text_link` only). The file is read
//! into typed structs, so a wrong type is reported with its line and column like a syntax error.

use std::fmt;

use linkgate::ChatContext;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{Chat, ChatMessage, ExportError, days_in_month, unix_seconds};

/// The top level: a chat (single-chat export) or the account (`chats`, `left_chats`). Messages are kept raw first,
/// to find the line each starts on, and read into [`RawMessage`] after.
#[derive(Deserialize)]
struct Root<'a> {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<serde_json::Number>,
    #[serde(borrow)]
    messages: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    chats: Option<ChatList<'a>>,
    #[serde(borrow)]
    left_chats: Option<ChatList<'a>>,
}

#[derive(Deserialize)]
struct ChatList<'a> {
    #[serde(borrow)]
    list: Vec<RawChat<'a>>,
}

#[derive(Deserialize)]
struct RawChat<'a> {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<serde_json::Number>,
    #[serde(borrow)]
    messages: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct RawMessage {
    #[serde(rename = "type")]
    kind: Option<String>,
    from: Option<String>,
    from_id: Option<String>,
    #[serde(default, deserialize_with = "unixtime")]
    date_unixtime: Option<u64>,
    #[serde(default, deserialize_with = "iso_date")]
    date: Option<u64>,
    text: Option<Text>,
    text_entities: Option<Vec<Entity>>,
}

#[derive(Deserialize)]
struct Entity {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    text: String,
    href: Option<String>,
}

/// `text`: a string, or an array of strings and entities.
struct Text(Vec<Part>);

enum Part {
    Plain(String),
    Entity(Entity),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings and text entities")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text(vec![Part::Plain(s.to_owned())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                let mut parts = Vec::new();
                while let Some(p) = seq.next_element::<Part>()? {
                    parts.push(p);
                }
                Ok(Text(parts))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Part {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Part;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a text entity {type, text}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Part, E> {
                Ok(Part::Plain(s.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Part, A::Error> {
                Entity::deserialize(de::value::MapAccessDeserializer::new(map)).map(Part::Entity)
            }
        }
        d.deserialize_any(V)
    }
}

/// `date_unixtime`: seconds as a string (a number is taken too).
fn unixtime<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<u64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("seconds since the epoch as a string")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<u64>, E> {
            s.parse().map(Some).map_err(|_| E::invalid_value(de::Unexpected::Str(s), &self))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<u64>, E> {
            Ok(Some(n))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<u64>, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

/// `date`: `2021-05-01T12:34:56` (local time without an offset; read as UTC, only differences matter). Older exports
/// have no `date_unixtime`.
fn iso_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    let Some(s) = s else { return Ok(None) };
    let expected = "a date as 2021-05-01T12:34:56";
    let bad = || de::Error::invalid_value(de::Unexpected::Str(&s), &expected);
    let num = |r: std::ops::Range<usize>| {
        s.get(r).filter(|t| t.bytes().all(|b| b.is_ascii_digit())).and_then(|t| t.parse::<u32>().ok())
    };
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let (Some(y), Some(mo), Some(da), Some(h), Some(mi), Some(se)) =
        (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19))
    else {
        return Err(bad());
    };
    if !(1..=12).contains(&mo) || da == 0 || da > days_in_month(i64::from(y), mo) || h > 23 || mi > 59 || se > 60 {
        return Err(bad());
    }
    Ok(unix_seconds(i64::from(y), mo, da, h, mi, se.min(59)))
}

/// The context of a chat `type`, or `None` for a type the CLI does not map.
pub fn context_of(kind: &str) -> Option<ChatContext> {
    match kind {
        "personal_chat" | "bot_chat" | "saved_messages" => Some(ChatContext::Direct),
        "private_group" | "private_supergroup" | "public_supergroup" => Some(ChatContext::Group),
        "private_channel" | "public_channel" => Some(ChatContext::Feed),
        _ => None,
    }
}

/// The 1-based character column of serde_json's 1-based byte column on `line`.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else { return byte_column };
    let mut end = byte_column.saturating_sub(1).min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    l.get(..end).map_or(byte_column, |p| p.chars().count() + 1)
}

/// Where `inner` (a slice of `text`) starts: 1-based line and byte column.
fn position(text: &str, inner: &str) -> (usize, usize) {
    let offset = (inner.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

fn json_error(text: &str, e: &serde_json::Error, base: (usize, usize)) -> ExportError {
    // A position inside a message is relative to the message's first character.
    let line = base.0 + e.line().max(1) - 1;
    let mut byte_column = if e.line() <= 1 { base.1 + e.column().max(1) - 1 } else { e.column().max(1) };
    // serde_json stops before a map or an array of the wrong type (on the space before it): point at the value.
    if let Some(l) = text.lines().nth(line - 1)
        && e.classify() == serde_json::error::Category::Data
        && l.as_bytes().get(byte_column - 1).is_some_and(|b| *b == b' ' || *b == b'\t')
        && l.as_bytes().get(byte_column).is_some_and(|b| !b.is_ascii_whitespace())
    {
        byte_column += 1;
    }
    ExportError {
        line,
        column: char_column(text, line, byte_column).max(1),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    }
}

fn convert(
    text: &str,
    name: Option<String>,
    kind: Option<String>,
    id: Option<serde_json::Number>,
    raw_messages: Vec<&RawValue>,
) -> Result<Chat, ExportError> {
    let kind = kind.unwrap_or_default();
    let context = context_of(&kind);
    let note =
        context.is_none().then(|| format!("chat type '{kind}' is not mapped: context unknown (decided as group)"));
    let name = name.or_else(|| id.map(|id| id.to_string())).or_else(|| (!kind.is_empty()).then(|| kind.clone()));
    let mut messages = Vec::new();
    for raw in raw_messages {
        let base = position(text, raw.get());
        let m: RawMessage = serde_json::from_str(raw.get()).map_err(|e| json_error(text, &e, base))?;
        if m.kind.as_deref().is_some_and(|k| k != "message") {
            continue;
        }
        let mut body = String::new();
        let mut hrefs = Vec::new();
        let parts = match (m.text, m.text_entities) {
            (Some(Text(parts)), _) => parts,
            (None, Some(entities)) => entities.into_iter().map(Part::Entity).collect(),
            (None, None) => Vec::new(),
        };
        for part in parts {
            match part {
                Part::Plain(s) => body.push_str(&s),
                Part::Entity(e) => {
                    body.push_str(&e.text);
                    if e.kind.as_deref() == Some("text_link")
                        && let Some(href) = e.href
                    {
                        hrefs.push(href);
                    }
                }
            }
        }
        // A text_link's target is scanned too: each on its own line after the text, unless the text shows it.
        for href in hrefs {
            if !body.contains(href.as_str()) {
                body.push('\n');
                body.push_str(&href);
            }
        }
        messages.push(ChatMessage {
            sender: m.from.or(m.from_id),
            time: m.date_unixtime.or(m.date),
            text: body,
            line: base.0,
        });
    }
    Ok(Chat { name, context, note, messages })
}

/// Reads a single-chat or whole-account export into its chats (service and unsupported messages skipped).
pub fn read(text: &str) -> Result<Vec<Chat>, ExportError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root: Root<'_> = serde_json::from_str(body).map_err(|e| json_error(body, &e, (1, 1)))?;
    let mut chats = Vec::new();
    if let Some(messages) = root.messages {
        chats.push(convert(body, root.name, root.kind, root.id, messages)?);
    }
    for list in [root.chats, root.left_chats].into_iter().flatten() {
        for chat in list.list {
            chats.push(convert(body, chat.name, chat.kind, chat.id, chat.messages.unwrap_or_default())?);
        }
    }
    if chats.is_empty() {
        return Err(ExportError {
            line: 1,
            column: 1,
            message: "not a Telegram export: no 'messages' (one chat) and no 'chats.list' (whole account)".into(),
        });
    }
    Ok(chats)
}
