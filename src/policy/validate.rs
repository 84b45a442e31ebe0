//! Parsing rule and settings files against the catalogue and the Public Suffix List: a thread-local context lets
//! field types check values (platform ids, registrable domains) while serde_json still knows the line and column, so
//! every error points at the offending value.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::Deserializer;

use super::format::{DomainName, PlatformId, RuleSetFile, Settings, is_id};
use crate::catalogue::Catalogue;
use crate::decision::Action;
use crate::error::ConfigError;
use crate::json::parse_json;

struct ParseContext {
    platform_ids: HashSet<String>,
    registrable: Registrable,
}

thread_local! {
    static PARSE_CONTEXT: RefCell<Option<ParseContext>> = const { RefCell::new(None) };
}

fn with_parse_context<R>(ctx: ParseContext, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            PARSE_CONTEXT.with(|c| *c.borrow_mut() = None);
        }
    }
    PARSE_CONTEXT.with(|c| *c.borrow_mut() = Some(ctx));
    let _reset = Reset;
    f()
}

impl<'de> Deserialize<'de> for PlatformId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::policy::format::checked_str(d, "a platform id", |id| {
            PARSE_CONTEXT.with(|c| match &*c.borrow() {
                Some(ctx) if !ctx.platform_ids.contains(id) => {
                    let mut known: Vec<&str> = ctx.platform_ids.iter().map(String::as_str).collect();
                    known.sort_unstable();
                    Err(format!("unknown platform '{id}' (known: {})", known.join(", ")))
                }
                _ => Ok(PlatformId(id.to_owned())),
            })
        })
    }
}

impl<'de> Deserialize<'de> for DomainName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::policy::format::checked_str(d, "a domain name", |raw| {
            PARSE_CONTEXT.with(|c| match &*c.borrow() {
                Some(ctx) => validate_domain(raw, &*ctx.registrable).map(DomainName).map_err(|e| e.to_string()),
                None => Ok(DomainName(raw.to_owned())),
            })
        })
    }
}

/// Why a string is not a domain a person can trust: the error of
/// [`Engine::check_trusted_domain`](crate::Engine::check_trusted_domain) and of rule files' trusted domains. Its `Display` is a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainError {
    /// Nothing was given.
    Empty,
    /// A URL or something with a path, port or user name (`http://x`, `x/y`, `a@b`): give the domain alone.
    NotADomain(String),
    /// Not a valid domain name (IDNA refuses it).
    Invalid(String),
    /// An IPv4 address: only domains can be trusted.
    IpAddress(String),
    /// A public suffix (`com`, `com.cn`), or a single label.
    PublicSuffix(String),
    /// A subdomain: its registrable domain is what can be trusted.
    Subdomain {
        /// What was given.
        given: String,
        /// Its registrable domain.
        registrable: String,
    },
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainError::Empty => f.write_str("a domain cannot be empty"),
            DomainError::NotADomain(raw) => {
                write!(f, "'{raw}' is not a domain: give only the domain, such as taobao.com")
            }
            DomainError::Invalid(raw) => write!(f, "'{raw}' is not a valid domain name"),
            DomainError::IpAddress(raw) => write!(f, "'{raw}' is an IP address; only domains can be trusted"),
            DomainError::PublicSuffix(raw) => write!(f, "'{raw}' is a public suffix, not a registrable domain"),
            DomainError::Subdomain { given, registrable } => {
                write!(f, "'{given}' is a subdomain; trust its registrable domain '{registrable}' instead")
            }
        }
    }
}

impl std::error::Error for DomainError {}

/// Checks that `raw` is a registrable domain (eTLD+1), returning it as lower-case ASCII (punycode).
///
/// # Errors
/// [`DomainError`] says what is wrong with it.
pub(crate) fn validate_domain(raw: &str, registrable: &dyn Fn(&str) -> Option<String>) -> Result<String, DomainError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty);
    }
    if trimmed.contains("://") || trimmed.contains('/') || trimmed.contains(':') || trimmed.contains('@') {
        return Err(DomainError::NotADomain(raw.to_owned()));
    }
    let ascii = crate::host::domain_to_ascii(trimmed.trim_end_matches('.'))
        .map_err(|_| DomainError::Invalid(raw.to_owned()))?
        .into_owned();
    if ascii.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err(DomainError::IpAddress(raw.to_owned()));
    }
    match registrable(&ascii) {
        Some(r) if r == ascii && ascii.contains('.') => Ok(ascii),
        Some(r) if ascii.contains('.') => Err(DomainError::Subdomain { given: raw.to_owned(), registrable: r }),
        _ => Err(DomainError::PublicSuffix(raw.to_owned())),
    }
}

/// Parses rule and settings files against the catalogue and the Public Suffix List.
pub(crate) struct Validator {
    platform_ids: HashSet<String>,
    registrable: Registrable,
}

/// Maps a domain to its registrable domain (eTLD+1), if it has one.
pub(crate) type Registrable = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

impl Validator {
    pub(crate) fn new(catalogue: &Catalogue, registrable: Registrable) -> Self {
        Validator { platform_ids: catalogue.ids().map(str::to_owned).collect(), registrable }
    }

    fn context(&self) -> ParseContext {
        ParseContext { platform_ids: self.platform_ids.clone(), registrable: self.registrable.clone() }
    }

    /// Parses and checks a rule set file.
    pub(crate) fn parse_rules(&self, source_name: &str, text: &str) -> Result<RuleSetFile, ConfigError> {
        let file: RuleSetFile = with_parse_context(self.context(), || parse_json(source_name, text))?;
        if file.schema_version != crate::catalogue::SCHEMA_VERSION {
            return Err(ConfigError::new(
                source_name,
                "schemaVersion",
                format!("unsupported schemaVersion {}; this build reads 1", file.schema_version),
            ));
        }
        if !is_id(&file.id) {
            return Err(ConfigError::new(
                source_name,
                "id",
                "the id must be lower-case ASCII letters, digits, '_' or '-'",
            ));
        }
        if matches!(file.risks, Some(Action::Open)) {
            return Err(ConfigError::new(source_name, "risks", "risks can be 'warn' or 'block', never 'open'"));
        }
        Ok(file)
    }

    /// Parses and checks a settings file.
    pub(crate) fn parse_settings(&self, source_name: &str, text: &str) -> Result<Settings, ConfigError> {
        let settings: Settings = with_parse_context(self.context(), || parse_json(source_name, text))?;
        if let Some(v) = settings.schema_version
            && v != crate::catalogue::SCHEMA_VERSION
        {
            return Err(ConfigError::new(
                source_name,
                "schemaVersion",
                format!("unsupported schemaVersion {v}; this build reads 1"),
            ));
        }
        Ok(settings)
    }
}

/// Parses the shipped presets (already validated by the tests) into a map by id.
pub(crate) fn parse_presets(
    validator: &Validator,
    files: &[(&str, &str)],
) -> Result<BTreeMap<String, RuleSetFile>, ConfigError> {
    let mut map = BTreeMap::new();
    for (name, text) in files {
        let set = validator.parse_rules(name, text)?;
        if map.contains_key(&set.id) {
            return Err(ConfigError::new(name, "id", format!("duplicate preset id '{}'", set.id)));
        }
        map.insert(set.id.clone(), set);
    }
    Ok(map)
}
