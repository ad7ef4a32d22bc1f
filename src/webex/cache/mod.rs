//! A token-scoped cache of Webex's answers, in process (moka, bounded by bytes) or in Redis,
//! shared by every replica. What it keeps is the raw 2xx answer of a GET (body and next link), so
//! every endpoint the client reads is cached the same way, decoded as if it had just arrived.
//!
//! * **Scoped by token.** An entry's key is an HMAC of the caller's token under the deployment's
//!   secret (`--cache-key-secret`, shared by replicas; random per process when unset), then a hash
//!   of the request URL, which holds the endpoint, the ids, the org and every filter. The token is
//!   never a key, and one token's entries are never another's.
//! * **Sealed in Redis.** Values there are encrypted with a key derived from the token
//!   (`crypto.rs`); a value that does not open (another token, a moved or damaged value) is a miss.
//! * **Classes and TTLs.** Details, lists, caller ID settings and available-number pages each
//!   have their own TTL (0: not cached).
//! * **Writes invalidate.** Each endpoint declares which writes retire its answers (its
//!   descriptor's `Retire`): caller ID settings are filed under their entity, a location's number
//!   pages under the location, a member's number pages under the member; a write bumps the scopes
//!   it changes (`invalidate`). In Redis each scope has a generation that
//!   is part of its entries' keys, so a bump retires them in every replica at once.
//! * **Faults are misses.** Every Redis call is bounded (`--cache-timeout-ms`); an error, a
//!   timeout or an unreadable value counts as a miss and the call goes to Webex. The connection
//!   manager reconnects by itself; `/readyz` and `callerid_cache_degraded` say when Redis is down.

mod crypto;
mod store;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use url::Url;

pub(crate) use crypto::TokenKeys;
use crypto::hex;
pub(crate) use store::Redis;
use store::{Local, Store};

use super::BearerToken;
pub(crate) use super::endpoint::Class;

/// Where the cache lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// No cache.
    Off,
    /// In this process, at most this many bytes of answers.
    Memory { max_bytes: u64 },
    /// In Redis (`redis://host:port/db`), shared by every replica that names it.
    Redis { url: String },
}

/// How long each class of answer is kept; zero: not cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ttls {
    /// People, locations, workspaces, virtual lines, features, route lists by id.
    pub details: Duration,
    /// List pages (locations, workspaces, features, route lists of a location).
    pub lists: Duration,
    /// Caller ID settings.
    pub caller_id: Duration,
    /// Emergency callback settings and dependencies.
    pub emergency_callback: Duration,
    /// Available-number pages.
    pub numbers: Duration,
}

/// Cache settings, from the command line.
#[derive(Debug, Clone)]
pub struct CacheConfig {
    pub backend: Backend,
    /// The deployment's secret for key HMACs and key derivation; random per process when `None`.
    pub key_secret: Option<String>,
    pub ttl: Ttls,
    /// The longest one Redis call may take before it counts as a miss.
    pub timeout: Duration,
}

/// A 2xx answer as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// When it stops being served, in Unix milliseconds.
    pub(crate) expires_ms: u64,
    pub(crate) next: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Entry {
    fn encode(&self) -> Vec<u8> {
        let next = self.next.as_deref().unwrap_or_default().as_bytes();
        let mut out = Vec::with_capacity(12 + next.len() + self.body.len());
        out.extend_from_slice(&self.expires_ms.to_be_bytes());
        out.extend_from_slice(&(next.len() as u32).to_be_bytes());
        out.extend_from_slice(next);
        out.extend_from_slice(&self.body);
        out
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let expires_ms = u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?);
        let len = u32::from_be_bytes(bytes.get(8..12)?.try_into().ok()?) as usize;
        let next = std::str::from_utf8(bytes.get(12..12 + len)?).ok()?;
        Some(Self {
            expires_ms,
            next: (!next.is_empty()).then(|| next.to_owned()),
            body: bytes.get(12 + len..)?.to_vec(),
        })
    }

    /// What is left of its time; `None` once it has expired.
    pub(crate) fn remaining(&self) -> Option<Duration> {
        let left = self.expires_ms.checked_sub(now_ms())?;
        (left > 0).then(|| Duration::from_millis(left))
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Where one answer is filed for one token.
#[derive(Debug)]
pub(crate) struct Slot {
    keys: TokenKeys,
    key: String,
}

/// The cache.
#[derive(Debug)]
pub struct Cache {
    store: Store,
    secret: Vec<u8>,
    ttl: Ttls,
}

impl Cache {
    /// The cache `config` describes; `None` when it is off. Redis is connected lazily: a Redis
    /// that is down at start is a degraded cache, not a failed start.
    pub fn new(config: &CacheConfig) -> anyhow::Result<Option<Arc<Self>>> {
        let secret = match &config.key_secret {
            Some(s) if !s.is_empty() => s.as_bytes().to_vec(),
            _ => (0..32).map(|_| fastrand::u8(..)).collect(),
        };
        let store = match &config.backend {
            Backend::Off => return Ok(None),
            Backend::Memory { max_bytes } => Store::Local(Local::new(*max_bytes, config.ttl)),
            Backend::Redis { url } => Store::Redis(Redis::connect(url, config.timeout)?),
        };
        Ok(Some(Arc::new(Self {
            store,
            secret,
            ttl: config.ttl,
        })))
    }

    /// The TTL of a class; `None` when that class is not cached.
    pub(crate) fn ttl(&self, class: Class) -> Option<Duration> {
        let ttl = match class {
            Class::Details => self.ttl.details,
            Class::Lists => self.ttl.lists,
            Class::CallerId => self.ttl.caller_id,
            Class::Emergency => self.ttl.emergency_callback,
            Class::Numbers => self.ttl.numbers,
            Class::Write => Duration::ZERO,
        };
        (!ttl.is_zero()).then_some(ttl)
    }

    /// The Redis connection, when the cache is in Redis (the fleet budget shares it).
    pub(crate) fn redis(&self) -> Option<&Redis> {
        match &self.store {
            Store::Redis(r) => Some(r),
            Store::Local(_) => None,
        }
    }

    pub(crate) fn token_keys(&self, token: &BearerToken) -> TokenKeys {
        TokenKeys::derive(&self.secret, token.expose())
    }

    /// Where `url` (retired by writes to `scope`) is filed for `token`; `None` when that cannot
    /// be known now (a write-retired answer whose generation Redis did not give), and the answer
    /// then bypasses the cache.
    pub(crate) async fn slot(
        &self,
        token: &BearerToken,
        url: &Url,
        scope: Option<&str>,
    ) -> Option<Slot> {
        let keys = self.token_keys(token);
        let url_hash = hex(&Sha256::digest(url.as_str().as_bytes()));
        let mut key = format!("callerid:v1:{}:{url_hash}", keys.id);
        if let Some(scope) = scope {
            let scope = scope_hash(scope);
            let generation = self.store.generation(&scope).await?;
            key.push_str(&format!(":s{scope}:g{generation}"));
        }
        Some(Slot { keys, key })
    }

    /// The answer filed at `slot`, if one is there, unexpired and readable.
    pub(crate) async fn get(&self, slot: &Slot, class: Class) -> Option<Entry> {
        let found = self.store.get(slot).await;
        let entry = found.filter(|e| e.remaining().is_some());
        let result = if entry.is_some() { "hit" } else { "miss" };
        metrics::counter!("callerid_cache_requests_total", "class" => class.label(), "result" => result)
            .increment(1);
        entry
    }

    /// Files a fresh answer at `slot` for `ttl`.
    pub(crate) async fn put(&self, slot: &Slot, ttl: Duration, next: Option<&Url>, body: &[u8]) {
        let entry = Entry {
            expires_ms: now_ms().saturating_add(ttl.as_millis() as u64),
            next: next.map(|u| u.as_str().to_owned()),
            body: body.to_vec(),
        };
        self.store.put(slot, ttl, &entry).await;
    }

    /// Retires, for every token and replica, every answer filed under `entities` (their
    /// settings, their own number lists) and under `locations` (the locations' number lists), in
    /// one batch.
    pub async fn invalidate(&self, entities: &[&str], locations: &[&str]) {
        let mut scopes: Vec<String> = entities
            .iter()
            .map(|e| format!("entity:{e}"))
            .chain(locations.iter().map(|l| format!("location:{l}")))
            .map(|s| scope_hash(&s))
            .collect();
        scopes.sort_unstable();
        scopes.dedup();
        self.store.bump(&scopes).await;
    }

    /// How the cache is doing, for `/readyz`.
    pub fn health(&self) -> serde_json::Value {
        match &self.store {
            Store::Local(local) => serde_json::json!({
                "backend": "memory",
                "healthy": true,
                "bytes": local.weighted_size(),
            }),
            Store::Redis(r) => {
                let (healthy, reason) = r.health();
                let mut out = serde_json::json!({ "backend": "redis", "healthy": healthy });
                if let Some(reason) = reason {
                    out["reason"] = reason.into();
                }
                out
            }
        }
    }
}

fn scope_hash(scope: &str) -> String {
    hex(&Sha256::digest(scope.as_bytes())[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_garbage_is_no_entry() {
        let e = Entry {
            expires_ms: now_ms() + 5000,
            next: Some("https://x/v1/people?start=5".into()),
            body: b"{\"items\":[]}".to_vec(),
        };
        assert_eq!(Entry::decode(&e.encode()), Some(e.clone()));
        assert!(e.remaining().is_some());
        let plain = Entry { next: None, ..e };
        assert_eq!(Entry::decode(&plain.encode()), Some(plain));
        assert_eq!(Entry::decode(b"short"), None);
        let expired = Entry {
            expires_ms: 1,
            next: None,
            body: vec![],
        };
        assert!(expired.remaining().is_none());
    }
}
