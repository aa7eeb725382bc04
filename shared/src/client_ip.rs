//! Who the client is, by address, when proxies stand in between: the trust rule
//! for `X-Forwarded-For` and the key per-client counters use.
//!
//! A CDN in front of the API (CloudFront, as `infra/README.md` recommends) makes
//! every request arrive from one of its own addresses. It appends the address it
//! saw to `X-Forwarded-For`; anything to the left of that came from the client and
//! proves nothing. So the header is read only when the request came from a
//! configured proxy range (`TRUSTED_PROXIES`), from the right, skipping addresses
//! in those ranges: the first other address is the client. A client that sends its
//! own `X-Forwarded-For` only adds entries further left, which are never reached.

use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

use axum::http::HeaderMap;

/// An address range such as `130.176.0.0/16` or `2600:9000::/28`; a bare address
/// is a range of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// Whether `ip` falls in the range (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (address, prefix) = s.trim().split_once('/').unwrap_or((s.trim(), ""));
        let network = IpAddr::from_str(address)
            .map_err(|_| format!("{s:?} is not an address or address range"))?
            .to_canonical();
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            "" => max,
            p => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?} has an invalid prefix length"))?,
        };
        Ok(Self { network, prefix })
    }
}

/// The proxies allowed to say who the client is (`TRUSTED_PROXIES`). Empty: none,
/// and the connecting address is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// Reads a comma- or space-separated list of ranges.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' ', '\n'])
            .filter(|part| !part.trim().is_empty())
            .map(Cidr::from_str)
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(ip))
    }

    /// The client's address: `peer` (the address that connected) unless it is a
    /// trusted proxy, in which case the right-most address of `X-Forwarded-For`
    /// that is not a trusted proxy. A malformed entry where the walk needs an
    /// address leaves the last trusted hop as the client: never a value the
    /// client chose.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let mut client = peer.map(|ip| ip.to_canonical())?;
        if !self.trusts(client) {
            return Some(client);
        }
        // Several header lines read as one list, in order.
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        for entry in entries.into_iter().rev() {
            let Some(hop) = parse_hop(entry) else {
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        Some(client)
    }
}

/// One `X-Forwarded-For` entry: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or
/// `[2001:db8::1]:5678`.
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    let host = match entry.strip_prefix('[') {
        Some(rest) => rest.split_once(']')?.0,
        None => entry.rsplit_once(':')?.0,
    };
    host.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

/// The key per-client counters use: the IPv4 address, or the IPv6 /64 (one
/// subscriber usually holds a whole /64, so single addresses are free to rotate).
pub fn key(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        None => "unknown".to_string(),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", Ipv6Addr::from(network))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn ranges_contain_their_addresses_only() {
        let v4: Cidr = "130.176.0.0/16".parse().unwrap();
        assert!(v4.contains(ip("130.176.200.1")));
        assert!(v4.contains(ip("::ffff:130.176.1.1")));
        assert!(!v4.contains(ip("130.177.0.1")));
        let v6: Cidr = "2600:9000::/28".parse().unwrap();
        assert!(v6.contains(ip("2600:900f:ffff::1")));
        assert!(!v6.contains(ip("2600:9010::1")));
        let one: Cidr = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("8.8.8.8")) && !all.contains(ip("::1")));
        for bad in ["", "10.0.0.0/33", "nope/8", "::/129", "10.0.0.0/x"] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        let headers = forwarded(&["203.0.113.9"]);
        assert_eq!(
            none.client(Some(ip("198.51.100.1")), &headers),
            Some(ip("198.51.100.1"))
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let cdn = TrustedProxies::parse("130.176.0.0/16, 2600:9000::/28").unwrap();
        let edge = Some(ip("130.176.5.5"));
        let cases: &[(&[&str], &str)] = &[
            (&["203.0.113.9"], "203.0.113.9"),
            // What the client wrote comes first and is never reached.
            (&["6.6.6.6, 203.0.113.9"], "203.0.113.9"),
            (&["6.6.6.6", "203.0.113.9"], "203.0.113.9"),
            // A second trusted hop (the gateway appending the edge) is skipped.
            (&["203.0.113.9, 130.176.5.5"], "203.0.113.9"),
            (&["[2001:db8::7]:443, 130.176.9.9:80"], "2001:db8::7"),
            // Garbage where an address should be: the last trusted hop stands.
            (&["203.0.113.9, not-an-ip"], "130.176.5.5"),
            (&[], "130.176.5.5"),
        ];
        for (header, expected) in cases {
            assert_eq!(
                cdn.client(edge, &forwarded(header)),
                Some(ip(expected)),
                "{header:?}"
            );
        }
        // A direct caller outside the ranges cannot choose its address.
        assert_eq!(
            cdn.client(Some(ip("198.51.100.1")), &forwarded(&["130.176.1.1"])),
            Some(ip("198.51.100.1"))
        );
    }

    #[test]
    fn keys_group_ipv6_by_64() {
        assert_eq!(key(Some(ip("203.0.113.9"))), "203.0.113.9");
        assert_eq!(key(Some(ip("::ffff:203.0.113.9"))), "203.0.113.9");
        assert_eq!(key(Some(ip("2001:db8:1:2::1"))), "2001:db8:1:2::/64");
        assert_eq!(
            key(Some(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))),
            "2001:db8:1:2::/64"
        );
        assert_ne!(key(Some(ip("2001:db8:1:3::1"))), "2001:db8:1:2::/64");
        assert_eq!(key(None), "unknown");
    }

    #[test]
    fn lists_parse_with_commas_or_spaces() {
        let list = TrustedProxies::parse(" 10.0.0.0/8,  192.168.0.1 ").unwrap();
        assert_eq!(list.0.len(), 2);
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/8, nonsense").is_err());
    }
}
