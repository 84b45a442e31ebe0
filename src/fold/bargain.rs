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
    /// Words of a request that have no case (Han, kana, digits): matched as they are, with no copy of the text.
    phrases: Vec<String>,
    /// Words of a request with letters that have case, lower case: matched in the lower-cased text.
    cased: Vec<String>,
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
            let lower = p.text.trim().to_lowercase();
            if has_case(&lower) { out.cased.push(lower) } else { out.phrases.push(lower) }
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
            if let Some(j) = l.params.iter().position(|p| p.is_empty() || p.starts_with('=') || p.contains('&')) {
                return Err(ConfigError::new(
                    source_name,
                    format!("links[{i}].params[{j}]"),
                    "a parameter is a name or name=value, without '&'",
                ));
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
        self.phrases.iter().any(|p| text.contains(p.as_str()))
            || (!self.cased.is_empty() && {
                let lower = text.to_lowercase();
                self.cased.iter().any(|p| lower.contains(p.as_str()))
            })
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
                || query.split('&').any(|pair| params.iter().any(|param| param_matches(param, pair)))
        })
    }
}

/// Whether one `name=value` pair of a query is `param`: a bare name matches any value, `name=value` that value only.
fn param_matches(param: &str, pair: &str) -> bool {
    if param.contains('=') { pair == param } else { pair.split('=').next() == Some(param) }
}

/// Whether a phrase has a letter with case (`Help me`, not `砍一刀`): such phrases are matched in the lower-cased
/// text. `s.to_uppercase() != s.to_lowercase()` tells the same (the test below), but `to_uppercase` brings its 12 KB
/// case-mapping table into the module.
fn has_case(s: &str) -> bool {
    s.chars().any(|c| c.is_lowercase() || c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::{has_case, param_matches};

    #[test]
    fn has_case_agrees_with_the_case_mappings() {
        let file: super::File = serde_json::from_str(crate::data::shipped::SHARE_TO_UNLOCK).unwrap();
        let mut phrases: Vec<String> = file.phrases.into_iter().map(|p| p.text).collect();
        phrases.extend(["Help me", "ǅ", "ß", "砍一刀", "１２３", "Ωmega", "ｈｅｌｐ"].map(str::to_owned));
        for p in phrases {
            let lower = p.trim().to_lowercase();
            assert_eq!(has_case(&lower), lower != p.trim().to_uppercase(), "{p}");
        }
    }

    #[test]
    fn a_parameter_matches_by_name_or_by_name_and_value() {
        assert!(param_matches("invite_code", "invite_code=BY52_GEXDA"));
        assert!(param_matches("invite_code", "invite_code"));
        assert!(!param_matches("invite_code", "invite_codes=1"));
        assert!(param_matches("_x_campaign=red_packet", "_x_campaign=red_packet"));
        assert!(!param_matches("_x_campaign=red_packet", "_x_campaign=spring"));
    }
}
