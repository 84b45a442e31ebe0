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
