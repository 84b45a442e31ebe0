//! The homograph check of a Unicode host: each label as Chromium's IDN spoof checker reads it ([`super::spoof`]),
//! then the whole host against the brand domains by skeleton ([`super::lookalike`]).

use super::lookalike::Lookalikes;
use super::psl::Psl;
use super::spoof::{self, Spoof};

/// What the homograph check found in one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Homograph {
    /// A label Chromium would not show as Unicode ([`super::spoof`]): mixed scripts, a look-alike script, ...
    Spoof(String, Spoof),
    /// The host, read as Chromium reads it for top domains (diacritics removed, extra confusables, the UTS #39
    /// skeleton), is a catalogue or look-alike target domain, or imitates one.
    Confusable(String),
}

impl Homograph {
    pub(crate) fn detail(&self) -> String {
        match self {
            Homograph::Spoof(label, spoof) => match spoof {
                Spoof::Character(c) => {
                    format!("'{label}' has {}, which browsers do not show in a host", code_point(*c))
                }
                Spoof::HiddenMark => format!("'{label}' has a mark that hides on its letter"),
                Spoof::MixedNumbers => format!("'{label}' mixes digits of two numbering systems"),
                Spoof::MixedScripts => format!("mixed scripts in '{label}'"),
                Spoof::TldSpecific(c) => {
                    format!("'{label}' has {}, used only under some country domains", code_point(*c))
                }
                Spoof::WholeScript => format!("'{label}' is written in a script that looks like Latin"),
                Spoof::DigitLookalike => format!("'{label}' has characters that look like digits"),
                Spoof::LatinMixed => format!("'{label}' mixes accented Latin letters with another script"),
                Spoof::Pattern => format!("'{label}' has characters that look like Latin letters or punctuation"),
            },
            Homograph::Confusable(domain) => format!("looks like {domain}"),
        }
    }
}

fn code_point(c: char) -> String {
    format!("'{c}' (U+{:04X})", u32::from(c))
}

/// Checks a Unicode host (with no trailing dot) for homographs: each label as Chromium's spoof checker does, then
/// the whole host against the catalogue's and the look-alike targets' domains. `ascii_host` is the host in punycode,
/// `tld_ascii` its TLD.
pub(crate) fn homograph(
    unicode_host: &str,
    ascii_host: &str,
    tld_ascii: &str,
    lookalikes: &Lookalikes,
    psl: &Psl,
) -> Option<Homograph> {
    let tld_unicode = unicode_host.rsplit('.').next().unwrap_or("");
    for label in unicode_host.split('.') {
        if let Some(spoof) = spoof::check_label(label, tld_ascii, tld_unicode) {
            return Some(Homograph::Spoof(label.to_owned(), spoof));
        }
    }
    lookalikes.unicode_lookalike(unicode_host, ascii_host, psl).map(Homograph::Confusable)
}
