//! The catalogue's file formats: `rules/platforms.json` and `rules/wrappers.json` (documented in
//! `docs/rules-format.md`), and the closed set of share-code formats a platform can declare.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::decision::{Category, LocalizedName};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct CatalogueFile {
    pub(super) schema_version: u32,
    #[allow(dead_code)]
    pub(super) source: String,
    #[serde(default)]
    pub(super) tracking_params: Vec<String>,
    pub(super) platforms: Vec<PlatformFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct PlatformFile {
    pub(super) id: String,
    pub(super) name: LocalizedName,
    pub(super) category: Category,
    pub(super) domains: Vec<String>,
    #[serde(default)]
    pub(super) short_link_hosts: Vec<String>,
    #[serde(default)]
    pub(super) app_schemes: Vec<String>,
    #[serde(default)]
    pub(super) mini_program_names: Vec<String>,
    #[serde(default)]
    pub(super) share_keywords: Vec<String>,
    #[serde(default)]
    pub(super) share_codes: Vec<CodeFormat>,
    #[serde(default)]
    pub(super) item_params: Vec<String>,
    #[serde(default)]
    pub(super) item_ids: Vec<String>,
    #[serde(default)]
    pub(super) tracking_params: Vec<String>,
    #[serde(default)]
    pub(super) domain_categories: BTreeMap<String, Category>,
    #[allow(dead_code)]
    #[serde(default)]
    pub(super) sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(super) struct WrappersFile {
    pub(super) schema_version: u32,
    #[allow(dead_code)]
    pub(super) source: String,
    pub(super) redirectors: Vec<RedirectorFile>,
    pub(super) shorteners: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RedirectorFile {
    pub(super) id: String,
    pub(super) hosts: Vec<String>,
    pub(super) path: String,
    pub(super) param: String,
    #[allow(dead_code)]
    #[serde(default)]
    pub(super) source: String,
}

/// A share-code format a platform declares in `shareCodes` (rules/platforms.json): the shapes are found by
/// `scan::codes`, and `scan::attribute` gives each code to a platform that declares its format. Where the text names
/// no such platform, a code goes to the first platform in the catalogue that declares the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum CodeFormat {
    /// A code between currency signs or other wrappers (`￥AbCd1234￥`). Many apps copied the wrapping, so it goes to
    /// whichever platform the text names last before it, declared or not.
    Wrapped,
    /// A code in brackets or slashes (`(C8G93R9Dtxy)`, `/AbCd1234/`): counted when the text names a declaring
    /// platform or carries one of its links, unless its shape is self-evident.
    Bracketed,
    /// Taobao's 11-character 口令 (`e2Nocj7Tx1g`) in any delimiters; between spaces or Chinese text too when the text
    /// names a declaring platform.
    TaobaoCode,
    /// A code between emoji (`😆 uvdE5BDEqh0P51h 😆`), only when the text names a declaring platform.
    EmojiCode,
    /// The `Xyz:/` marker of a share text (`7.43 Kjc:/`), only when the text names a declaring platform.
    DouyinCode,
    /// A video id (`BV1…`, `av…`), on its own.
    VideoId,
}
