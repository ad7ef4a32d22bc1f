//! What the cache keeps in Redis is sealed with a key only the token opens: HKDF-SHA256 of the
//! token (salted with the deployment's secret) gives an AES-256-GCM key; each value gets a fresh
//! nonce, and its Redis key is the associated data, so a value moved to another key fails to open.
//! Someone who reads Redis, or the deployment secret, learns nothing without the token.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NONCE: usize = 12;

/// A token's keys: the id its cache entries are filed under and the key that seals them.
#[derive(Clone)]
pub(crate) struct TokenKeys {
    /// Hex HMAC-SHA256 of the token under the deployment secret: the token is never a key.
    pub(crate) id: String,
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl TokenKeys {
    pub(crate) fn derive(secret: &[u8], token: &str) -> Self {
        let id = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
            Ok(mut mac) => {
                mac.update(token.as_bytes());
                hex(&mac.finalize().into_bytes())
            }
            // HMAC takes a key of any length; this arm cannot run.
            Err(_) => String::new(),
        };
        let mut key = [0u8; 32];
        // 32 bytes is within HKDF-SHA256's output bound; the fill cannot fail.
        let _ = Hkdf::<Sha256>::new(Some(secret), token.as_bytes())
            .expand(b"callerid-graphql cache v1", &mut key);
        Self {
            id,
            cipher: Aes256Gcm::new(&key.into()),
        }
    }

    /// `plain` sealed for `aad` (the entry's Redis key): nonce, then ciphertext and tag.
    pub(crate) fn seal(&self, aad: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
        let nonce: [u8; NONCE] = std::array::from_fn(|_| fastrand::u8(..));
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
            .ok()?;
        let mut out = Vec::with_capacity(NONCE + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Some(out)
    }

    /// What `seal` sealed for `aad`; `None` for anything else (another token, key or a damaged
    /// value), which the cache counts as a miss.
    pub(crate) fn open(&self, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        if sealed.len() < NONCE {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE);
        self.cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad })
            .ok()
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_token_and_key_open_a_value() {
        let a = TokenKeys::derive(b"secret", "token-a");
        let b = TokenKeys::derive(b"secret", "token-b");
        let other_deployment = TokenKeys::derive(b"other", "token-a");
        assert_ne!(a.id, b.id);
        assert_ne!(a.id, other_deployment.id);
        assert!(!a.id.contains("token"));
        let sealed = a.seal(b"key-1", b"{\"items\":[]}").unwrap();
        assert_eq!(a.open(b"key-1", &sealed).unwrap(), b"{\"items\":[]}");
        assert!(a.open(b"key-2", &sealed).is_none(), "moved to another key");
        assert!(b.open(b"key-1", &sealed).is_none(), "another token");
        assert!(other_deployment.open(b"key-1", &sealed).is_none());
        let mut damaged = sealed.clone();
        damaged[20] ^= 1;
        assert!(a.open(b"key-1", &damaged).is_none());
        assert!(a.open(b"key-1", b"short").is_none());
        // A fresh nonce each time: the same value seals differently.
        assert_ne!(sealed, a.seal(b"key-1", b"{\"items\":[]}").unwrap());
    }
}
