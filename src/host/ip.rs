//! Hosts that are not on the public internet: private and reserved IP ranges, and names that only resolve on a
//! local network.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether an IPv4 address is not on the public internet (RFC 1918, loopback, link-local, CGNAT, "this network",
/// benchmarking, multicast and reserved ranges).
pub(crate) fn ipv4_is_private(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

/// Whether an IPv6 address is not on the public internet (loopback, unique local, link-local, unspecified, and
/// IPv4-mapped private addresses).
pub(crate) fn ipv6_is_private(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.to_ipv4_mapped().is_some_and(ipv4_is_private)
}

/// Names that only resolve on a local network (RFC 6761, RFC 6762, RFC 8375, ICANN's `.internal`) and single-label
/// hosts.
pub(crate) fn is_local_name(host: &str) -> bool {
    // The last label decides (one comparison); `home.arpa` needs the one before it too.
    let Some((rest, tld)) = host.rsplit_once('.') else {
        return true;
    };
    match tld {
        "localhost" | "local" | "internal" | "lan" | "intranet" => true,
        "arpa" => rest == "home" || rest.ends_with(".home"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges() {
        assert!(ipv4_is_private(Ipv4Addr::new(192, 168, 1, 1)));
        assert!(ipv4_is_private(Ipv4Addr::new(100, 64, 0, 1)));
        assert!(!ipv4_is_private(Ipv4Addr::new(8, 8, 8, 8)));
        assert!(ipv6_is_private("fd00::1".parse().unwrap()));
        assert!(!ipv6_is_private("2400:cb00::1".parse().unwrap()));
    }

    #[test]
    fn local_names() {
        assert!(is_local_name("localhost"));
        assert!(is_local_name("printer.local"));
        assert!(is_local_name("router"));
        assert!(!is_local_name("localhost.example.com"));
        assert!(is_local_name("nas.home.arpa") && is_local_name("home.arpa") && !is_local_name("myhome.arpa"));
        assert!(is_local_name("wiki.corp.internal") && is_local_name("x.lan") && !is_local_name("lan.example"));
    }
}
