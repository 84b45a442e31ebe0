//! The Public Suffix List: registrable domains (eTLD+1) and public suffixes of hosts.

use rustc_hash::FxHashMap;

/// The Public Suffix List (<https://publicsuffix.org/list/>, ICANN and private sections), as a map from every node
/// of its rule tree to what the node holds: `uk`, `co.uk` and `kawasaki.jp` are nodes, `*.kawasaki.jp` a flag on
/// `kawasaki.jp`, `!city.kawasaki.jp` an exception node.
///
/// The lookup walks a host's labels from the right, as `publicsuffix` walks its trie (an exact label before a
/// wildcard; an exception ends the walk), and the tests check it against that crate on every rule and on random
/// hosts. Keys borrow the shipped text, in which build.rs marks the rules whose parents are not rules, so building
/// the map is one insert a line with no allocation and (but for those) no walk: `publicsuffix::List`'s tree of hash maps took two
/// thirds of the engine's start (2.4 of 3.5 ms natively) and about a megabyte of the worker's memory; parsing the
/// rules into this map took 1.2 ms, and reading the nodes takes 0.3.
#[derive(Debug)]
pub(crate) struct Psl {
    nodes: FxHashMap<&'static str, u8>,
}

/// A rule ends at this node.
const RULE: u8 = 1;
/// An exception rule (`!city.kawasaki.jp`) ends at this node.
const EXCEPTION: u8 = 2;
/// A wildcard rule (`*.kawasaki.jp`) covers every child of this node.
const WILDCARD: u8 = 4;

impl Psl {
    /// Reads the list as build.rs writes it (`public_suffix_list.nodes`): its rules one a line (`name`,
    /// `*.name`, `!name`), a rule whose parent is not a rule itself marked `^` (its parents are nodes too: the
    /// lookup walks through them). `count` is the number of distinct nodes, so the map is allocated once. build.rs
    /// has checked the rules, so nothing is checked here; an empty line is skipped.
    pub(crate) fn from_nodes(text: &'static str, count: usize) -> Result<Psl, String> {
        let mut nodes: FxHashMap<&'static str, u8> = FxHashMap::with_capacity_and_hasher(count, Default::default());
        for line in text.split('\n') {
            let (line, parents) = match line.strip_prefix('^') {
                Some(rest) => (rest, true),
                None => (line, false),
            };
            let (name, flag) = match line.as_bytes().first() {
                None => continue,
                Some(b'!') => (&line[1..], EXCEPTION),
                Some(b'*') => (line.get(2..).unwrap_or(""), WILDCARD),
                Some(_) => (line, RULE),
            };
            *nodes.entry(name).or_default() |= flag;
            if parents {
                let mut rest = name;
                while let Some((_, parent)) = rest.split_once('.') {
                    nodes.entry(parent).or_default();
                    rest = parent;
                }
            }
        }
        if nodes.is_empty() {
            return Err("the list has no rules".to_owned());
        }
        Ok(Psl { nodes })
    }

    /// The public suffix's length in `host` (no trailing dot) and whether a rule gave it (`false` for the implicit
    /// `*` rule). `publicsuffix::List::find`, over the flat map.
    fn find(&self, host: &str) -> (usize, bool) {
        let first = host.rfind('.').map_or(0, |dot| dot + 1);
        let mut len = host.len() - first;
        let Some(&top) = self.nodes.get(&host[first..]) else {
            return (len, false);
        };
        let mut known = top & RULE != 0;
        let (mut parent, mut end) = (top, first);
        while end > 0 {
            // The next label to the left: host[start..end - 1], and the suffix it begins.
            let start = host[..end - 1].rfind('.').map_or(0, |dot| dot + 1);
            let (node, exact) = match self.nodes.get(&host[start..]) {
                Some(&node) => (node, true),
                // Covered by the parent's wildcard: a rule, and a leaf (wildcards are leftmost labels).
                None if parent & WILDCARD != 0 => (RULE, false),
                None => break,
            };
            if node & EXCEPTION != 0 {
                known = true;
                len = host.len() - end;
                break;
            }
            if node & RULE != 0 {
                known = true;
                len = host.len() - start;
            }
            if !exact {
                break;
            }
            parent = node;
            end = start;
        }
        (len, known)
    }

    /// The registrable domain (eTLD+1) of a lower-case ASCII host, as a suffix slice of it.
    ///
    /// `None` for a host that is itself a public suffix, or empty. A host under an unlisted TLD gets the implicit
    /// `*` rule, so `printer.local` has registrable domain `printer.local`.
    pub(crate) fn registrable<'h>(&self, host: &'h str) -> Option<&'h str> {
        self.split(host)?.registrable
    }

    /// Whether the list has a rule inside `domain` (`x.example.com`, `*.example.com` or `!a.example.com` inside
    /// `example.com`, or the domain itself): every rule's parents are nodes. If not, every host under a registrable
    /// `domain` has that registrable domain, whatever labels come in front.
    pub(crate) fn has_rules_inside(&self, domain: &str) -> bool {
        self.nodes.contains_key(domain)
    }

    /// The public suffix of a host and whether the list knows it (`false` for the implicit `*` rule).
    pub(crate) fn suffix<'h>(&self, host: &'h str) -> Option<(&'h str, bool)> {
        self.split(host).map(|s| (s.suffix, s.known))
    }

    /// Registrable domain and public suffix in one walk of the list.
    pub(crate) fn split<'h>(&self, host: &'h str) -> Option<Split<'h>> {
        let host = host.strip_suffix('.').unwrap_or(host);
        let (len, known) = self.find(host);
        if len == 0 {
            return None;
        }
        let suffix = &host[host.len() - len..];
        let registrable = host
            .strip_suffix(suffix)
            .and_then(|rest| rest.strip_suffix('.'))
            .filter(|rest| !rest.is_empty())
            .map(|rest| &host[rest.rfind('.').map_or(0, |dot| dot + 1)..]);
        Some(Split { registrable, suffix, known })
    }
}

/// A host split by the Public Suffix List.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'h> {
    /// The registrable domain (eTLD+1), if the host is not itself a public suffix.
    pub(crate) registrable: Option<&'h str>,
    /// The public suffix.
    pub(crate) suffix: &'h str,
    /// Whether the suffix is listed (not just the implicit `*` rule).
    pub(crate) known: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Psl {
        Psl::from_nodes(crate::data::shipped::PUBLIC_SUFFIX_NODES, crate::data::shipped::PUBLIC_SUFFIX_NODE_COUNT)
            .unwrap()
    }

    #[test]
    fn public_suffix_rules() {
        let psl = shipped();
        let reg = |h: &'static str| psl.registrable(h);
        assert_eq!(reg("www.example.co.uk"), Some("example.co.uk"));
        assert_eq!(reg("co.uk"), None);
        assert_eq!(reg("a.b.kawasaki.jp"), Some("a.b.kawasaki.jp")); // *.kawasaki.jp
        assert_eq!(reg("city.kawasaki.jp"), Some("city.kawasaki.jp")); // !city.kawasaki.jp
        assert_eq!(reg("www.city.kawasaki.jp"), Some("city.kawasaki.jp"));
        assert_eq!(reg("printer.local"), Some("printer.local")); // the implicit * rule
        assert_eq!(reg("example.com."), Some("example.com"));
        assert_eq!(reg("xn--85x722f.xn--55qx5d.cn"), Some("xn--85x722f.xn--55qx5d.cn")); // 食狮.公司.cn
        assert_eq!(psl.suffix("a.b.ck"), Some(("b.ck", true)));
        assert_eq!(psl.suffix("ck"), Some(("ck", false)));
        assert_eq!(psl.suffix("example.zz"), Some(("zz", false)));
        assert!(psl.split("").is_none());
        assert!(Psl::from_nodes("", 0).is_err());
        let small = Psl::from_nodes("jp\n^*.kawasaki.jp\n!city.kawasaki.jp\n", 3).unwrap();
        assert_eq!(small.registrable("a.b.kawasaki.jp"), Some("a.b.kawasaki.jp"));
        assert_eq!(small.registrable("a.city.kawasaki.jp"), Some("city.kawasaki.jp"));
    }

    /// The oracle: the `publicsuffix` crate on the same rules, reduced to what the engine asks.
    #[cfg(not(target_arch = "wasm32"))]
    mod against_publicsuffix {
        use proptest::prelude::*;
        use publicsuffix::Psl as _;

        fn oracle() -> &'static publicsuffix::List {
            static LIST: std::sync::OnceLock<publicsuffix::List> = std::sync::OnceLock::new();
            // It reads rules only after a section marker, which build.rs drops.
            LIST.get_or_init(|| {
                format!("// ===BEGIN ICANN DOMAINS===\n{}", crate::data::shipped::PUBLIC_SUFFIX_LIST).parse().unwrap()
            })
        }

        fn mine() -> &'static super::Psl {
            static PSL: std::sync::OnceLock<super::Psl> = std::sync::OnceLock::new();
            PSL.get_or_init(super::shipped)
        }

        /// The engine strips a host's trailing dot before asking (as it asked `publicsuffix`).
        fn agree(host: &str) -> Result<(), TestCaseError> {
            let list = oracle();
            let bare = host.strip_suffix('.').unwrap_or(host);
            if bare.ends_with('.') {
                // `publicsuffix` would strip that second dot too (as a fully qualified name's); the engine finds no
                // suffix after an empty label. Such hosts have no registrable domain either way.
                prop_assert!(mine().split(host).is_none_or(|s| s.registrable.is_none()), "{:?}", host);
                return Ok(());
            }
            let expected_suffix = list.suffix(bare.as_bytes()).map(|s| (s.as_bytes().len(), s.is_known()));
            let split = mine().split(host);
            prop_assert_eq!(split.map(|s| (s.suffix.len(), s.known)), expected_suffix, "suffix of {:?}", host);
            let expected = list.domain(bare.as_bytes()).map(|d| d.as_bytes().len());
            prop_assert_eq!(split.and_then(|s| s.registrable).map(str::len), expected, "registrable of {:?}", host);
            Ok(())
        }

        /// Every rule of the list, as a host, below one label and below two, wildcards filled in.
        #[test]
        fn every_rule_agrees() {
            let mut hosts = 0;
            for line in crate::data::shipped::PUBLIC_SUFFIX_LIST.lines() {
                let name = line.trim_start_matches('!').replace('*', "x");
                for host in [name.clone(), format!("a.{name}"), format!("a.b.{name}")] {
                    agree(&host).unwrap();
                    hosts += 1;
                }
            }
            assert!(hosts > 25_000, "{hosts}");
        }

        /// Labels drawn from the list's own (so hosts hit nodes, wildcards and exceptions) and a few others.
        fn label() -> impl Strategy<Value = String> {
            let labels: Vec<String> = crate::data::shipped::PUBLIC_SUFFIX_LIST
                .lines()
                .step_by(7)
                .flat_map(|l| l.trim_start_matches('!').split('.').map(str::to_owned).collect::<Vec<_>>())
                .chain(["www", "city", "x", "", "example", "*"].map(str::to_owned))
                .collect();
            prop::sample::select(labels)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8192))]
            #[test]
            fn random_hosts_agree(labels in prop::collection::vec(label(), 1..6), dot in any::<bool>()) {
                let mut host = labels.join(".");
                if dot {
                    host.push('.');
                }
                agree(&host)?;
            }
        }
    }
}
