//! `linkgate check --resolve`: the engine's [`Resolver`] driven over HTTP with `ureq`. Each hop is one GET to a
//! short-link host with no cookies (ureq keeps none without its `cookies` feature), no credentials, no referrer and
//! no redirect followed by the client; the destination is never requested. The whole chain has the rules' time
//! limit, and at most the rules' body limit is read of an answer.

//!
//! `ureq` is a native dependency only: a wasm32 build of the CLI (which `make wasm-test` compiles with the tests)
//! answers every resolution with a `network` error.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use linkgate::Engine;
use linkgate::resolve::{Hop, ResolveError};
#[cfg(not(target_arch = "wasm32"))]
use {
    linkgate::resolve::{Answer, Resolver, Step},
    std::io::Read as _,
    std::time::{Duration, Instant},
    ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver as NameResolver},
};

/// Host names answered from a fixed map before DNS (`--map-host HOST=ADDR:PORT`, as curl's `--connect-to`): for
/// testing against local fakes of the shorteners. The URL, the `Host` header and every check stay the link's.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Default)]
struct MappedResolver {
    map: BTreeMap<String, SocketAddr>,
    fallback: DefaultResolver,
}

#[cfg(not(target_arch = "wasm32"))]
impl NameResolver for MappedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match uri.host().and_then(|h| self.map.get(&h.to_ascii_lowercase())) {
            Some(addr) => {
                let mut out = self.empty();
                out.push(*addr);
                Ok(out)
            }
            None => self.fallback.resolve(uri, config, timeout),
        }
    }
}

/// Parses `HOST=ADDR:PORT`.
pub fn parse_map(spec: &str) -> Result<(String, SocketAddr), String> {
    let (host, addr) = spec.split_once('=').ok_or_else(|| format!("--map-host wants HOST=ADDR:PORT, not '{spec}'"))?;
    let addr: SocketAddr = addr.parse().map_err(|_| format!("--map-host: '{addr}' is not ADDR:PORT"))?;
    Ok((host.trim().to_ascii_lowercase(), addr))
}

/// How a resolution ended: the chain, and the destination or why it stopped.
pub struct Outcome {
    pub hops: Vec<Hop>,
    pub result: Result<String, ResolveError>,
}

/// Follows `href` to its destination: not in a wasm32 build, which has no HTTP client.
#[cfg(target_arch = "wasm32")]
pub fn resolve(_engine: &Engine, _href: &str, _map: &BTreeMap<String, SocketAddr>) -> Outcome {
    let message = "this build of the CLI has no HTTP client (wasm32)".to_owned();
    Outcome { hops: Vec::new(), result: Err(ResolveError::Network { message }) }
}

/// Follows `href` to its destination, within the engine's limits.
#[cfg(not(target_arch = "wasm32"))]
pub fn resolve(engine: &Engine, href: &str, map: &BTreeMap<String, SocketAddr>) -> Outcome {
    let (mut resolver, mut step) = match Resolver::start(engine, href) {
        Ok(started) => started,
        Err(e) => return Outcome { hops: Vec::new(), result: Err(e) },
    };
    let limits = resolver.limits();
    let deadline = Instant::now() + Duration::from_secs(u64::from(limits.seconds));
    loop {
        let url = match step {
            Step::Arrived(url) => return Outcome { hops: resolver.hops().to_vec(), result: Ok(url) },
            Step::Fetch(url) => url,
        };
        let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
            return Outcome {
                hops: resolver.hops().to_vec(),
                result: Err(ResolveError::Timeout { seconds: limits.seconds }),
            };
        };
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .save_redirect_history(false)
            .timeout_global(Some(left))
            .user_agent(concat!("linkgate/", env!("CARGO_PKG_VERSION"), " (short-link check)"))
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            MappedResolver { map: map.clone(), fallback: DefaultResolver::default() },
        );
        let response = agent.get(&url).header("Accept", "text/html,*/*;q=0.5").call();
        let step_result = match response {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
                let text = response.headers().get("content-type").and_then(|v| v.to_str().ok()).is_none_or(|t| {
                    let t = t.to_ascii_lowercase();
                    t.starts_with("text/") || t.contains("html") || t.contains("javascript")
                });
                let mut body = Vec::new();
                let read = if (200..300).contains(&status) && text {
                    let reader = response.body_mut().with_config().limit(limits.body_bytes as u64 + 1).reader();
                    reader.take(limits.body_bytes as u64).read_to_end(&mut body).map(|_| ())
                } else {
                    Ok(())
                };
                match read {
                    Err(e) => Err(network_error(e.to_string(), limits.seconds, deadline)),
                    Ok(()) => {
                        let body = String::from_utf8_lossy(&body);
                        let answer = Answer { status, location: location.as_deref(), body: text.then_some(&*body) };
                        resolver.answer(engine, &answer)
                    }
                }
            }
            Err(ureq::Error::Timeout(_)) => Err(ResolveError::Timeout { seconds: limits.seconds }),
            Err(e) => Err(network_error(e.to_string(), limits.seconds, deadline)),
        };
        match step_result {
            Ok(next) => step = next,
            Err(e) => return Outcome { hops: resolver.hops().to_vec(), result: Err(e) },
        }
    }
}

/// A failure past the deadline is the timeout, whatever the socket said.
#[cfg(not(target_arch = "wasm32"))]
fn network_error(message: String, seconds: u32, deadline: Instant) -> ResolveError {
    if Instant::now() >= deadline { ResolveError::Timeout { seconds } } else { ResolveError::Network { message } }
}
