//! Endpoint descriptors: every Webex endpoint the client calls is one declared value holding its
//! label (the route template, which is also its path), what its answers are to the cache, and
//! which writes retire them. The one GET reads all three from the descriptor; nothing guesses
//! them from a label's or a URL's text.
//!
//! A request is built from a descriptor and named parameters: a parameter the path names fills
//! its `{name}` segment (percent-encoded on its own, so an id holding `/` or `?` stays one
//! segment); any other becomes a query parameter, in the order given. The parameter the
//! descriptor's [`Retire`] names is the request's cache scope.

use url::Url;

use super::error::Error;

/// What an answer is to the cache: each class has its own TTL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// A record by id (people, locations, workspaces, virtual lines, features, route lists).
    Details,
    /// A page of a directory or feature list.
    Lists,
    /// Caller ID settings.
    CallerId,
    /// Emergency callback settings and their dependencies.
    Emergency,
    /// A page of an available-numbers list.
    Numbers,
    /// A write: never cached.
    Write,
}

impl Class {
    /// The metrics label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Class::Details => "details",
            Class::Lists => "lists",
            Class::CallerId => "caller_id",
            Class::Emergency => "emergency_callback",
            Class::Numbers => "numbers",
            Class::Write => "write",
        }
    }
}

/// Which writes retire an endpoint's cached answers: those that name the entity, or the
/// location, bound to this parameter of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retire {
    /// No write this service makes changes what it answers (within its TTL).
    Never,
    /// A write to the entity this parameter names.
    Entity(&'static str),
    /// A write to an entity at the location this parameter names.
    Location(&'static str),
}

/// One Webex endpoint.
#[derive(Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `GET /v1/people/{id}/features/callerId`: the method and the path under the API base, a
    /// `{name}` segment for each parameter. It labels metrics, logs and spans.
    pub label: &'static str,
    pub class: Class,
    pub retired_by: Retire,
}

impl Endpoint {
    /// A GET of records by id.
    pub const fn details(label: &'static str) -> Self {
        Self {
            label,
            class: Class::Details,
            retired_by: Retire::Never,
        }
    }

    /// A GET of list pages.
    pub const fn lists(label: &'static str) -> Self {
        Self {
            label,
            class: Class::Lists,
            retired_by: Retire::Never,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.label.split_once(' ').map_or("GET", |(m, _)| m)
    }

    /// The path template's segments under the API base (`/v1` dropped).
    fn segments(&self) -> impl Iterator<Item = &'static str> {
        let path = self.label.split_once(' ').map_or(self.label, |(_, p)| p);
        let path = path
            .strip_prefix("/v1/")
            .unwrap_or(path.trim_start_matches('/'));
        path.split('/')
    }

    /// The names of the path's parameters, in order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.segments()
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }
}

/// A request ready to send: its endpoint, its URL and the scope writes retire it by.
#[derive(Debug, Clone)]
pub struct Request {
    pub endpoint: &'static Endpoint,
    pub url: Url,
    /// `entity:{id}` or `location:{id}`, from the parameter the endpoint's `Retire` names.
    pub scope: Option<String>,
}

impl Request {
    /// Builds the request under `base` (ending in `/v1`). Every parameter the path names must be
    /// given and usable as one segment; the rest, when `Some`, become query parameters.
    pub fn new(
        base: &Url,
        endpoint: &'static Endpoint,
        params: &[(&str, Option<&str>)],
    ) -> Result<Self, Error> {
        let label = endpoint.label;
        let value = |name: &str| {
            params
                .iter()
                .find(|(k, _)| *k == name)
                .and_then(|(_, v)| *v)
        };
        let mut segments = Vec::new();
        for segment in endpoint.segments() {
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                None => segments.push(segment),
                Some(name) => {
                    let v = value(name).ok_or_else(|| Error::Request {
                        endpoint: label,
                        reason: format!("no value for the path parameter {name}"),
                    })?;
                    // `url` silently drops "." and ".." segments, which would change the endpoint.
                    if matches!(v, "" | "." | "..") {
                        return Err(Error::InvalidInput {
                            endpoint: label,
                            reason: format!("{v:?} is not a usable id"),
                        });
                    }
                    segments.push(v);
                }
            }
        }
        let mut url = base.clone();
        url.set_query(None);
        url.path_segments_mut()
            .map_err(|()| Error::Request {
                endpoint: label,
                reason: "the upstream URL cannot take a path".into(),
            })?
            .pop_if_empty()
            .extend(segments);
        let in_path: Vec<&str> = endpoint.path_params().collect();
        let query: Vec<(&str, &str)> = params
            .iter()
            .filter(|(k, _)| !in_path.contains(k))
            .filter_map(|(k, v)| Some((*k, (*v)?)))
            .collect();
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let scope = match endpoint.retired_by {
            Retire::Never => None,
            Retire::Entity(name) => value(name).map(|v| format!("entity:{v}")),
            Retire::Location(name) => value(name).map(|v| format!("location:{v}")),
        };
        Ok(Self {
            endpoint,
            url,
            scope,
        })
    }

    /// The same request at another URL of the same list (a next page).
    pub fn at(&self, url: Url) -> Self {
        Self {
            endpoint: self.endpoint,
            url,
            scope: self.scope.clone(),
        }
    }

    /// The endpoint's label.
    pub fn label(&self) -> &'static str {
        self.endpoint.label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static NUMBERS: Endpoint = Endpoint {
        label: "GET /v1/telephony/config/locations/{locationId}/externalCallerId/availableNumbers",
        class: Class::Numbers,
        retired_by: Retire::Location("locationId"),
    };
    static PRIMARY: Endpoint = Endpoint {
        label: "GET /v1/telephony/config/people/primary/availableNumbers",
        class: Class::Numbers,
        retired_by: Retire::Location("locationId"),
    };

    fn base() -> Url {
        Url::parse("https://webexapis.com/v1").unwrap()
    }

    #[test]
    fn parameters_fill_the_path_or_the_query_and_name_the_scope() {
        let r = Request::new(
            &base(),
            &NUMBERS,
            &[
                ("locationId", Some("L/1?x")),
                ("orgId", Some("O")),
                ("ownerName", None),
            ],
        )
        .unwrap();
        assert_eq!(
            r.url.as_str(),
            "https://webexapis.com/v1/telephony/config/locations/L%2F1%3Fx/externalCallerId/availableNumbers?orgId=O"
        );
        assert_eq!(r.scope.as_deref(), Some("location:L/1?x"));
        // The organisation list's location comes as a query parameter, and still scopes it.
        let r = Request::new(&base(), &PRIMARY, &[("locationId", Some("L2"))]).unwrap();
        assert_eq!(
            r.url.as_str(),
            "https://webexapis.com/v1/telephony/config/people/primary/availableNumbers?locationId=L2"
        );
        assert_eq!(r.scope.as_deref(), Some("location:L2"));
        assert_eq!(NUMBERS.method(), "GET");
        assert_eq!(NUMBERS.path_params().collect::<Vec<_>>(), ["locationId"]);
    }

    #[test]
    fn ids_that_would_change_the_path_are_refused() {
        for bad in ["", ".", ".."] {
            assert!(matches!(
                Request::new(&base(), &NUMBERS, &[("locationId", Some(bad))]),
                Err(Error::InvalidInput { .. })
            ));
        }
        assert!(matches!(
            Request::new(&base(), &NUMBERS, &[]),
            Err(Error::Request { .. })
        ));
    }
}
