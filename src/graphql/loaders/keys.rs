//! Loader keys. Every key carries the org the request named (`None`: the token's own org), so a
//! partner admin's lookups in two orgs never mix. Each resource module declares its own key with
//! [`org_key!`] (features add the location: see `resources/feature.rs`).

use std::sync::Arc;

/// A key made of an org and an id.
pub(crate) trait OrgKey: Clone + Eq + std::hash::Hash + Send + Sync + 'static {
    fn new(org: Option<Arc<str>>, id: Arc<str>) -> Self;
    fn org(&self) -> Option<Arc<str>>;
    fn id(&self) -> &str;
}

/// Declares a key made of an org and an id.
macro_rules! org_key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub(crate) struct $name {
            pub(crate) org: Option<Arc<str>>,
            pub(crate) id: Arc<str>,
        }

        impl OrgKey for $name {
            fn new(org: Option<Arc<str>>, id: Arc<str>) -> Self {
                Self { org, id }
            }
            fn org(&self) -> Option<Arc<str>> {
                self.org.clone()
            }
            fn id(&self) -> &str {
                &self.id
            }
        }
    };
}

pub(crate) use org_key;
