//! Loader keys. Every key carries the org the request named (`None`: the token's own org), so a
//! partner admin's lookups in two orgs never mix; feature keys also carry the location, because
//! feature detail paths are location-scoped and feature ids do not contain it.

use std::sync::Arc;

use crate::webex::FeatureKind;

/// A key made of an org and an id.
pub(crate) trait OrgKey: Clone + Eq + std::hash::Hash + Send + Sync + 'static {
    fn new(org: Option<Arc<str>>, id: Arc<str>) -> Self;
    fn org(&self) -> Option<Arc<str>>;
    fn id(&self) -> &str;
}

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

org_key!(
    /// A person (`GET /people?id=`).
    PersonKey
);
org_key!(
    /// A virtual line (`GET /telephony/config/virtualLines?id=`).
    VirtualLineKey
);
org_key!(
    /// A location (`GET /locations/{id}`).
    LocationKey
);
org_key!(
    /// A workspace (`GET /workspaces/{id}`).
    WorkspaceKey
);
org_key!(
    /// A route list (`GET /telephony/config/premisePstn/routeLists/{id}`).
    RouteListKey
);

/// A location-scoped feature (hunt group, queue, auto attendant, paging group, voicemail group,
/// voice portal).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FeatureKey {
    pub(crate) org: Option<Arc<str>>,
    pub(crate) kind: FeatureKind,
    pub(crate) location: Arc<str>,
    pub(crate) id: Arc<str>,
}
