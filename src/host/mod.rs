//! Facts about hosts, each in its own module: registrable domains ([`psl`]), hosts off the public internet
//! ([`ip`]), Unicode spoofing as Chromium reads it ([`spoof`], UTS #39 skeletons in [`skeleton`]), homographs
//! ([`homograph`]) and look-alikes of brand domains ([`lookalike`]). Nothing here knows the catalogue or the policy:
//! the engine hands the brand domains in.

pub(crate) mod edit_distance;
pub(crate) mod homograph;
pub(crate) mod ip;
pub(crate) mod lookalike;
pub(crate) mod psl;
pub(crate) mod skeleton;
pub(crate) mod spoof;

/// Whether `host` is `domain` or one of its subdomains.
pub(crate) fn is_same_or_subdomain(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).is_some_and(|p| p.is_empty() || p.ends_with('.'))
}

/// `idna::domain_to_ascii`, with the common case first: a domain whose labels are all lower-case letters, digits and
/// hyphens, none of them punycode (`xn--`), is its own ASCII form and is returned as it is. The shipped data (the
/// catalogue, the look-alike targets, the presets) is all of that shape: the engine's start skips UTS #46 for
/// ~1,000 domains, which in the worker's first, unoptimised wasm took ~5 ms. Anything else goes to `idna`, and the
/// tests check that both give the same answer.
pub(crate) fn domain_to_ascii(domain: &str) -> Result<std::borrow::Cow<'_, str>, idna::Errors> {
    let plain = |label: &str| {
        !label.is_empty()
            && !label.starts_with("xn--")
            && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !domain.is_empty() && domain.split('.').all(plain) {
        return Ok(std::borrow::Cow::Borrowed(domain));
    }
    idna::domain_to_ascii(domain).map(std::borrow::Cow::Owned)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The fast path gives `idna`'s answer, on strings made of the pieces that decide it.
        #[test]
        fn domain_to_ascii_agrees_with_idna(parts in proptest::collection::vec(
            prop_oneof![
                Just("a"), Just("z9"), Just("-"), Just("."), Just("xn--"), Just("xn--p1ai"), Just("A"), Just("_"),
                Just("é"), Just("ß"), Just("。"), Just(""), Just("taobao"), Just("com"), Just(" "), Just("%"),
            ],
            0..8,
        )) {
            let domain: String = parts.concat();
            let mine = super::domain_to_ascii(&domain).map(|c| c.into_owned()).ok();
            let theirs = idna::domain_to_ascii(&domain).ok();
            prop_assert_eq!(mine, theirs, "{:?}", domain);
        }
    }
}
