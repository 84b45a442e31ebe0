//! Rule sets, presets and user settings: the file formats (see `docs/rules-format.md`), their validation, and the
//! compiled [`Policy`] that turns the facts about a link into an action.
//!
//! # Precedence
//! 1. Hard safety: `dangerous_scheme` blocks. Risk reasons ([`crate::ReasonCode::is_risk`]) raise the action to at least
//!    the rule set's `risks` action (`warn` unless the set says `block`); nothing below can lower that floor.
//! 2. The user's trusted domains (exact registrable domain) open.
//! 3. The user's per-platform opt-ins (platform x context -> action).
//! 4. The active rule set's rules, first match wins: the custom rule set, then the preset; each set's `include`d
//!    sets are evaluated before the set's own rules.
//! 5. The rule set's per-context default.
//!
//! The modules: [`format`](mod@format) (the file shapes, public as `linkgate::rules`), [`validate`] (parsing them against the
//! catalogue and the Public Suffix List) and [`evaluate`] (the compiled [`Policy`]).

pub(crate) mod evaluate;
pub mod format;
pub(crate) mod validate;

pub(crate) use evaluate::{Facts, Policy};
pub(crate) use validate::{Registrable, Validator, parse_presets};

/// The id of the preset used when the settings name none.
pub const DEFAULT_PRESET: &str = "default";
