//! # linkgate
//!
//! A link-safety engine for web chats. For each link seen in a chat it answers one question, "what should happen
//! when this is opened?", with one [`Decision`]: the action ([`Action::Open`], [`Action::Warn`] with an
//! interstitial, or [`Action::Block`]), the catalogue platform (Taobao, Douyin, JD, ...), every risk found
//! (look-alike and homograph domains, credentials in the URL, dangerous schemes, link text that lies, ...) with
//! stable reason codes, the rule that decided, and the display parts of the URL (registrable domain, Unicode and
//! punycode host, canonical and clean URL).
//!
//! The decision depends on the chat context ([`ChatContext`]: direct, group, feed), the active rule set (a preset such
//! as WeChat's 2021 phases, plus custom rules) and the user's [`Settings`] (per-platform opt-ins, trusted domains).
//! [`Engine::scan_text`] finds URLs, share codes (淘口令) and mini-program paths in free chat text.
//!
//! The core is pure Rust with no browser bindings; it builds for `wasm32-unknown-unknown` as is.
//!
//! Inside, one module a concern, with no cycles: `host` (public suffixes, IP and local names, Chromium's spoof checks,
//! skeletons, homographs, look-alikes), `catalogue` (the platforms and redirect wrappers), `analyze` (from an `href`
//! to its facts), `policy` (the rule and settings formats, their validation, the compiled policy), `scan` (links and
//! share codes in chat text), `resolve` (short links followed when asked, with no I/O of its own), `data` (the
//! shipped files), and `engine`, the façade over them. `docs/architecture.md`
//! walks one link through them and on through the extension.
//!
//! # Examples
//! ```
//! use linkgate::{Action, ChatContext, Engine, LinkInput, ReasonCode};
//!
//! let engine = Engine::builder().preset("wechat-2021-09").build()?;
//! let link = LinkInput::new("https://item.taobao.com/item.htm?id=42", ChatContext::Group);
//! assert_eq!(engine.classify(&link).action, Action::Block);
//!
//! let spoof = LinkInput::new("https://taobao.com@evil.example/", ChatContext::Direct);
//! let d = engine.classify(&spoof);
//! assert!(d.has_reason(ReasonCode::CredentialsInUrl));
//! assert_eq!(d.action, Action::Warn);
//! # Ok::<(), linkgate::ConfigError>(())
//! ```

#![cfg_attr(not(feature = "wasm"), forbid(unsafe_code))]
#![warn(missing_docs)]

mod analyze;
mod catalogue;
mod data;
mod decision;
mod engine;
mod error;
mod fold;
mod host;
mod json;
mod order;
mod policy;
mod reason;
pub mod resolve;
mod scan;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use data::shipped;
pub use decision::{Action, Category, ChatContext, Decision, LinkInput, LocalizedName, PlatformRef, Verdict};
pub use engine::{CellOutcome, Engine, EngineBuilder, LinkFold, PlatformActions};
pub use error::ConfigError;
pub use fold::{ChatFolding, Fold, FoldState, Foldable, Message};
pub use policy::format as rules;
pub use policy::validate::DomainError;
pub use reason::{Reason, ReasonClass, ReasonCode, ReasonSet};
pub use rules::{RuleSetFile, Settings};
pub use scan::{Finding, FindingKind};
