//! Apollo's automatic persisted queries: the `persistedQuery` extension and the bounded store of
//! documents it names.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, Value};
use lru::LruCache;

use super::coded;
use crate::graphql::error::code;

/// The `sha256Hash` of Apollo's `persistedQuery` extension, version 1.
pub(super) fn persisted_hash(extension: Value) -> Result<String, Box<ServerError>> {
    let invalid = || {
        coded(
            ServerError::new(
                "The persistedQuery extension must be {\"version\": 1, \"sha256Hash\": \"…\"}.",
                None,
            ),
            code::BAD_REQUEST,
        )
    };
    let Value::Object(fields) = extension else {
        return Err(invalid());
    };
    match (fields.get("version"), fields.get("sha256Hash")) {
        (Some(Value::Number(v)), Some(Value::String(hash))) if v.as_u64() == Some(1) => {
            Ok(hash.to_ascii_lowercase())
        }
        _ => Err(invalid()),
    }
}

/// Parsed documents by SHA-256, bounded: the least recently used go first.
pub(super) struct PersistedQueries {
    documents: Mutex<LruCache<String, ExecutableDocument>>,
}

impl PersistedQueries {
    pub(super) fn new(capacity: NonZeroUsize) -> Self {
        Self {
            documents: Mutex::new(LruCache::new(capacity)),
        }
    }

    pub(super) fn get(&self, hash: &str) -> Option<ExecutableDocument> {
        self.lock().get(hash).cloned()
    }

    pub(super) fn put(&self, hash: String, document: ExecutableDocument) {
        self.lock().put(hash, document);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, ExecutableDocument>> {
        self.documents.lock().unwrap_or_else(|p| p.into_inner())
    }
}
