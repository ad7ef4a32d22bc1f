//! Who is calling: the bearer token, kept out of every `Debug` output, and the request's
//! deadline, meter and trace.

use std::fmt;
use std::sync::Arc;

use tokio::time::Instant;

/// The caller's bearer token. Its `Debug` never shows the secret, so it cannot leak through a log
/// line or a panic message by accident.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BearerToken(Arc<str>);

impl BearerToken {
    /// Wraps a token as it came in the `Authorization: Bearer` header.
    pub fn new(token: impl Into<Arc<str>>) -> Self {
        Self(token.into())
    }

    /// The secret itself; only the client's request builder and the simulator read it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// Who is calling and until when: one per GraphQL request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: BearerToken,
    /// No upstream call (nor retry wait) runs past this instant.
    pub deadline: Option<Instant>,
    /// Where this caller's upstream costs are counted, when the request asked for them.
    pub meter: Option<Arc<crate::webex::Meter>>,
    /// The caller's W3C trace context, passed on to every upstream call.
    pub trace: Option<crate::webex::TraceContext>,
    /// Read past the cache: a write's checks and read-back must see Webex as it is now.
    pub fresh: bool,
}

impl Caller {
    /// This caller, reading past the cache.
    pub fn fresh(&self) -> Self {
        Self {
            fresh: true,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_do_not_show_in_debug_output() {
        let caller = Caller {
            token: BearerToken::new("s3cret"),
            deadline: None,
            meter: None,
            trace: None,
            fresh: false,
        };
        assert!(!format!("{caller:?}").contains("s3cret"));
    }
}
