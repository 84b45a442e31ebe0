//! Share-to-unlock requests ("帮我砍一刀", 助力, invite-for-cash): the shapes in `rules/share_to_unlock.json`, each
//! with its source. A link is one when its platform's pages for such requests say so in the URL (a path fragment or
//! a query parameter), or when the message's words do.

use serde::Deserialize;

use crate::catalogue::Catalogue;
use crate::error::ConfigError;
use crate::json::parse_json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct File {
    schema_version: u32,
    #[allow(dead_code)]
    source: String,
    phrases: Vec<PhraseFile>,
    links: Vec<LinkFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    text: String,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LinkFile {
    platform: String,
    #[serde(default)]
    path_contains: Vec<String>,
    #[serde(default)]
    params: Vec<String>,
    #[allow(dead_code)]
    source: String,
}

/// The compiled shapes.
#[derive(Debug, Default)]
pub(crate) struct Bargains {
    /// Words of a request, lower case.
    phrases: Vec<String>,
    /// Per platform index: path fragments (lower case) and query parameter names.
    links: Vec<(usize, Vec<String>, Vec<String>)>,
}

impl Bargains {
    pub(crate) fn compile(source_name: &str, json: &str, catalogue: &Catalogue) -> Result<Bargains, ConfigError> {
        let file: File = parse_json(source_name, json)?;
        if file.schema_version != 1 {
            return Err(ConfigError::new(
                source_name,
                "schemaVersion",
                format!("unsupported schemaVersion {}; this build reads 1", file.schema_version),
            ));
        }
        let mut out = Bargains::default();
        for (i, p) in file.phrases.into_iter().enumerate() {
            if p.text.trim().chars().count() < 2 {
                return Err(ConfigError::new(
                    source_name,
                    format!("phrases[{i}].text"),
                    "a phrase needs two characters",
                ));
            }
            out.phrases.push(p.text.trim().to_lowercase());
        }
        for (i, l) in file.links.into_iter().enumerate() {
            let platform = catalogue.platform_index(&l.platform).ok_or_else(|| {
                ConfigError::new(
                    source_name,
                    format!("links[{i}].platform"),
                    format!("unknown platform '{}'", l.platform),
                )
            })?;
            if l.path_contains.is_empty() && l.params.is_empty() {
                return Err(ConfigError::new(source_name, format!("links[{i}]"), "give pathContains or params"));
            }
            let paths = l.path_contains.iter().map(|p| p.to_ascii_lowercase()).collect();
            out.links.push((platform, paths, l.params));
        }
        Ok(out)
    }

    /// Whether the message's words ask for a share-to-unlock.
    pub(crate) fn in_text(&self, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        let lower = text.to_lowercase();
        self.phrases.iter().any(|p| lower.contains(p.as_str()))
    }

    /// Whether a link of `platform` with this canonical URL's path and query is a request page.
    pub(crate) fn in_link(&self, platform: usize, path: &str, query: &str) -> bool {
        let mut links = self.links.iter().filter(|(p, _, _)| *p == platform).peekable();
        if links.peek().is_none() {
            return false;
        }
        let lower = path.to_ascii_lowercase();
        links.any(|(_, paths, params)| {
            paths.iter().any(|f| lower.contains(f.as_str()))
                || query.split('&').any(|pair| params.iter().any(|name| pair.split('=').next() == Some(name.as_str())))
        })
    }
}
