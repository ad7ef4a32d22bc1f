//! Trusted documents: the operations a front-end ships, loaded at start from the lists its
//! compiler writes, and the rule that decides whether a request may run.
//!
//! Two list formats are read, told apart by their shape:
//! - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`):
//!   `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "name",
//!   "type", "body"}]}`. Its ids are the SHA-256 of the body unless the app chose its own, so an id
//!   that has the form of a SHA-256 must be the body's.
//! - The plain `{"<id>": "<document>"}` map of relay-compiler's `persistConfig` and GraphQL Code
//!   Generator's client preset (`persistedDocuments`). An id written `sha256:<hex>` (codegen, the
//!   GraphQL-over-HTTP proposal) or as 64 hex digits (relay with `"algorithm": "SHA256"`) must be
//!   the body's SHA-256; any other id (relay's MD5 or SHA-1, a custom one) is taken as the name the
//!   client sends.
//!
//! A request names a listed document by `documentId` (either spelling of a SHA-256 id finds it),
//! by Apollo's `extensions.persistedQuery.sha256Hash`, or by sending a listed document's exact
//! text: its SHA-256 finds it without parsing. Every document is parsed once, here, so a listed
//! request is never parsed again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};
use async_graphql::parser::{self, types::ExecutableDocument};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// What happens to a document that is not in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrustedMode {
    /// Refused with `PERSISTED_QUERY_NOT_IN_LIST` before it is parsed.
    Enforce,
    /// Run, and logged (operation name and hash, once each) and counted in
    /// `callerid_untrusted_documents_total`: what `enforce` would refuse.
    Log,
}

impl TrustedMode {
    /// The mode as the command line spells it.
    pub fn name(self) -> &'static str {
        match self {
            TrustedMode::Enforce => "enforce",
            TrustedMode::Log => "log",
        }
    }
}

/// One listed document, parsed.
#[derive(Debug)]
pub struct TrustedDocument {
    /// The id it was listed under.
    pub id: String,
    /// The document's text, as listed.
    pub body: String,
    pub document: ExecutableDocument,
}

/// The loaded lists.
#[derive(Debug)]
pub struct TrustedDocuments {
    mode: TrustedMode,
    documents: Vec<TrustedDocument>,
    /// Listed ids (both spellings of a SHA-256 id) → index into `documents`.
    by_id: HashMap<String, usize>,
    /// The SHA-256 (lowercase hex) of every listed body → index.
    by_hash: HashMap<String, usize>,
    /// Hashes of unlisted documents already logged (`log` mode), bounded by [`LOGGED_AT_MOST`].
    logged: Mutex<HashSet<String>>,
}

/// Distinct unlisted documents logged by name and hash; past this many, they are only counted.
pub const LOGGED_AT_MOST: usize = 10_000;

/// How the request named its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named<'a> {
    /// `documentId`.
    Id(&'a str),
    /// Apollo's `persistedQuery` extension, with or without the text.
    Hash { sha256: &'a str, text: &'a str },
    /// The text alone.
    Text(&'a str),
}

/// What the list says about a request.
#[derive(Debug)]
pub enum Verdict<'a> {
    /// Listed: run this document.
    Listed(&'a TrustedDocument),
    /// Not listed and the mode enforces.
    NotInList,
    /// An id (or a hash without text) the list does not hold: nothing to run.
    NotFound,
    /// Not listed, `log` mode: run it as it came. Its SHA-256, to log and count it by.
    Unlisted(String),
}

impl TrustedDocuments {
    /// Reads and checks every list; a document that does not parse, an id that is not its
    /// document's hash, or one id given two different documents stops the start with the file
    /// and id named.
    pub fn load(paths: &[PathBuf], mode: TrustedMode) -> anyhow::Result<Self> {
        let mut list = Self::new(mode);
        for path in paths {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--trusted-documents {}", path.display()))?;
            list.add_file(path, &text)
                .with_context(|| format!("--trusted-documents {}", path.display()))?;
        }
        if list.documents.is_empty() {
            bail!("--trusted-documents: the lists hold no document");
        }
        Ok(list)
    }

    fn new(mode: TrustedMode) -> Self {
        Self {
            mode,
            documents: Vec::new(),
            by_id: HashMap::new(),
            by_hash: HashMap::new(),
            logged: Mutex::new(HashSet::new()),
        }
    }

    /// The mode the lists were loaded with.
    pub fn mode(&self) -> TrustedMode {
        self.mode
    }

    /// How many documents are listed.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// The listed documents, each once (however many ids name it).
    pub fn documents(&self) -> &[TrustedDocument] {
        &self.documents
    }

    /// Whether no document is listed (never, once loaded).
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    fn add_file(&mut self, path: &Path, text: &str) -> anyhow::Result<()> {
        let json: serde_json::Value =
            serde_json::from_str(text).context("not JSON: expected a persisted document list")?;
        if json.get("format").is_some() {
            let manifest: ApolloManifest =
                serde_json::from_value(json).context("not an Apollo persisted query manifest")?;
            if manifest.format != "apollo-persisted-query-manifest" || manifest.version != 1 {
                bail!(
                    "unknown manifest format {:?} version {}: expected \
                     apollo-persisted-query-manifest version 1",
                    manifest.format,
                    manifest.version
                );
            }
            for operation in manifest.operations {
                self.add(operation.id, operation.body)?;
            }
        } else {
            let map: HashMap<String, String> = serde_json::from_value(json).with_context(|| {
                format!(
                    "{}: expected {{\"<id>\": \"<document>\", …}} (relay-compiler, codegen) or an \
                     Apollo persisted query manifest",
                    path.display()
                )
            })?;
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort();
            for (id, body) in entries {
                self.add(id, body)?;
            }
        }
        Ok(())
    }

    /// Lists one document. An id shaped like a SHA-256 must be the body's: neither format
    /// marks a custom id, so the shape is what says it is a hash.
    fn add(&mut self, id: String, body: String) -> anyhow::Result<()> {
        let hash = sha256_hex(&body);
        if let Some(claimed) = sha256_of_id(&id)
            && claimed != hash
        {
            bail!("id {id:?} is not the SHA-256 of its document ({hash})");
        }
        let document = parser::parse_query(&body)
            .map_err(|e| anyhow::anyhow!("document {id:?} does not parse: {e}"))?;
        let index = match self.by_hash.get(&hash) {
            Some(&index) => index,
            None => {
                self.documents.push(TrustedDocument {
                    id: id.clone(),
                    body,
                    document,
                });
                let index = self.documents.len() - 1;
                self.by_hash.insert(hash.clone(), index);
                index
            }
        };
        for key in id_spellings(&id) {
            match self.by_id.get(&key) {
                Some(&other) if other != index => {
                    bail!("id {id:?} is listed with two different documents")
                }
                _ => {
                    self.by_id.insert(key, index);
                }
            }
        }
        Ok(())
    }

    /// The list's answer for a request. Hashing the text is all it costs; nothing is parsed.
    pub fn judge<'a>(&'a self, named: Named<'_>) -> Verdict<'a> {
        let hash = match named {
            Named::Id(id) => {
                return match self.by_id.get(id.trim()) {
                    Some(&i) => Verdict::Listed(&self.documents[i]),
                    None => Verdict::NotFound,
                };
            }
            Named::Hash { sha256, .. } => sha256.to_ascii_lowercase(),
            Named::Text(text) => sha256_hex(text),
        };
        match (self.by_hash.get(&hash), self.mode) {
            (Some(&i), _) => Verdict::Listed(&self.documents[i]),
            (None, _) if matches!(named, Named::Hash { text: "", .. }) => Verdict::NotFound,
            (None, TrustedMode::Enforce) => Verdict::NotInList,
            (None, TrustedMode::Log) => Verdict::Unlisted(hash),
        }
    }

    /// In `log` mode, records an unlisted document that ran, by its SHA-256 (or the id it was
    /// sent by): counted every time, logged by operation name and hash the first time.
    pub fn record_unlisted(&self, hash: &str, operation: Option<&str>) {
        metrics::counter!("callerid_untrusted_documents_total").increment(1);
        let first = {
            let mut logged = self.logged.lock().unwrap_or_else(|p| p.into_inner());
            logged.len() < LOGGED_AT_MOST && logged.insert(hash.to_owned())
        };
        if first {
            tracing::warn!(
                operation = operation.unwrap_or("(anonymous)"),
                sha256 = %hash,
                "a document not in the trusted documents ran; --trusted-documents-mode enforce \
                 would refuse it"
            );
        }
    }
}

#[derive(Deserialize)]
struct ApolloManifest {
    format: String,
    version: u32,
    operations: Vec<ApolloOperation>,
}

#[derive(Deserialize)]
struct ApolloOperation {
    id: String,
    body: String,
}

/// The SHA-256 an id spells, if it spells one.
fn sha256_of_id(id: &str) -> Option<String> {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| hex.to_ascii_lowercase())
}

/// The spellings a request may use for an id: a SHA-256 id answers to its bare hex and to
/// `sha256:<hex>` both, whichever the list wrote.
fn id_spellings(id: &str) -> Vec<String> {
    match sha256_of_id(id) {
        Some(hex) => vec![format!("sha256:{hex}"), hex],
        None => vec![id.to_owned()],
    }
}

/// Lowercase hex SHA-256 of a text.
pub fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "query Who { __typename }";

    fn list(mode: TrustedMode, files: &[&str]) -> anyhow::Result<TrustedDocuments> {
        let mut list = TrustedDocuments::new(mode);
        for (i, text) in files.iter().enumerate() {
            list.add_file(Path::new(&format!("list{i}.json")), text)?;
        }
        Ok(list)
    }

    #[test]
    fn every_format_and_id_spelling_finds_the_same_document() {
        let hash = sha256_hex(DOC);
        let apollo = serde_json::json!({
            "format": "apollo-persisted-query-manifest", "version": 1,
            "operations": [{ "id": hash, "name": "Who", "type": "query", "body": DOC }]
        })
        .to_string();
        let codegen = serde_json::json!({ format!("sha256:{hash}"): DOC }).to_string();
        let relay = serde_json::json!({ "a1b2c3": "query Relay { __typename }" }).to_string();
        let list = list(TrustedMode::Enforce, &[&apollo, &codegen, &relay]).unwrap();
        assert_eq!(list.len(), 2, "one document listed twice is one document");
        for named in [
            Named::Id(&hash),
            Named::Id(&format!("sha256:{hash}")),
            Named::Hash {
                sha256: &hash.to_uppercase(),
                text: "",
            },
            Named::Text(DOC),
        ] {
            assert!(
                matches!(list.judge(named), Verdict::Listed(d) if d.body == DOC),
                "{named:?}"
            );
        }
        assert!(matches!(
            list.judge(Named::Id("a1b2c3")),
            Verdict::Listed(_)
        ));
    }

    #[test]
    fn what_is_not_listed_is_refused_or_run_by_mode() {
        let codegen = serde_json::json!({ format!("sha256:{}", sha256_hex(DOC)): DOC }).to_string();
        let enforce = list(TrustedMode::Enforce, &[&codegen]).unwrap();
        let log = list(TrustedMode::Log, &[&codegen]).unwrap();
        let other = "{ __typename }";
        let other_hash = sha256_hex(other);
        assert!(matches!(
            enforce.judge(Named::Text(other)),
            Verdict::NotInList
        ));
        assert!(
            matches!(log.judge(Named::Text(other)), Verdict::Unlisted(h) if h == other_hash),
            "an unlisted document comes back with its hash"
        );
        // A near miss is another document: the text is hashed as sent.
        assert!(matches!(
            enforce.judge(Named::Text(&format!("{DOC} "))),
            Verdict::NotInList
        ));
        for list in [&enforce, &log] {
            assert!(matches!(list.judge(Named::Id("nope")), Verdict::NotFound));
            assert!(matches!(
                list.judge(Named::Hash {
                    sha256: &other_hash,
                    text: ""
                }),
                Verdict::NotFound
            ));
        }
        assert!(matches!(
            enforce.judge(Named::Hash {
                sha256: &other_hash,
                text: other
            }),
            Verdict::NotInList
        ));
    }

    #[test]
    fn an_unlisted_document_is_logged_once_however_often_it_runs() {
        let codegen = serde_json::json!({ "x": DOC }).to_string();
        let log = list(TrustedMode::Log, &[&codegen]).unwrap();
        for _ in 0..3 {
            log.record_unlisted(&sha256_hex("{ a }"), Some("A"));
        }
        log.record_unlisted(&sha256_hex("{ b }"), None);
        assert_eq!(log.logged.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_list_that_lies_or_does_not_parse_stops_the_start() {
        let wrong = serde_json::json!({ format!("sha256:{}", sha256_hex("{ x }")): DOC });
        let err = list(TrustedMode::Enforce, &[&wrong.to_string()]).unwrap_err();
        assert!(format!("{err:#}").contains("is not the SHA-256"), "{err:#}");
        let apollo = serde_json::json!({
            "format": "apollo-persisted-query-manifest", "version": 1,
            "operations": [{ "id": sha256_hex("{ x }"), "name": "Who", "type": "query", "body": DOC }]
        });
        let err = list(TrustedMode::Enforce, &[&apollo.to_string()]).unwrap_err();
        assert!(format!("{err:#}").contains("is not the SHA-256"), "{err:#}");
        let broken = serde_json::json!({ "x": "query {" });
        let err = list(TrustedMode::Enforce, &[&broken.to_string()]).unwrap_err();
        assert!(format!("{err:#}").contains("does not parse"), "{err:#}");
        let twice = [
            serde_json::json!({ "x": DOC }).to_string(),
            serde_json::json!({ "x": "{ __typename }" }).to_string(),
        ];
        let err = list(TrustedMode::Enforce, &[&twice[0], &twice[1]]).unwrap_err();
        assert!(format!("{err:#}").contains("two different"), "{err:#}");
        let err = list(TrustedMode::Enforce, &["[1, 2]"]).unwrap_err();
        assert!(format!("{err:#}").contains("expected"), "{err:#}");
        let err = TrustedDocuments::load(&[], TrustedMode::Enforce).unwrap_err();
        assert!(err.to_string().contains("no document"), "{err}");
    }
}
