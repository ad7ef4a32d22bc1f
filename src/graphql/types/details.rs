//! Small value objects that detail fields return.

use async_graphql::{ID, SimpleObject};

use crate::webex::model;

/// A phone number of a person, from the people API.
#[derive(Debug, Clone, SimpleObject)]
pub(crate) struct PersonPhoneNumber {
    /// `work`, `work_extension`, `mobile` or `fax`, as Webex sends it.
    #[graphql(name = "type")]
    pub(crate) number_type: Option<String>,
    /// The number.
    pub(crate) value: Option<String>,
    /// Whether this is the person's primary number.
    pub(crate) primary: Option<bool>,
}

impl From<&model::PersonPhoneNumber> for PersonPhoneNumber {
    fn from(p: &model::PersonPhoneNumber) -> Self {
        Self {
            number_type: p.number_type.clone(),
            value: p.value.clone(),
            primary: p.primary,
        }
    }
}

/// A postal address of a location.
#[derive(Debug, Clone, SimpleObject)]
pub(crate) struct Address {
    /// First address line.
    pub address1: Option<String>,
    /// Second address line.
    pub address2: Option<String>,
    /// City.
    pub(crate) city: Option<String>,
    /// State or province code.
    pub(crate) state: Option<String>,
    /// Postal code.
    pub(crate) postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub(crate) country: Option<String>,
}

impl From<&model::Address> for Address {
    fn from(a: &model::Address) -> Self {
        Self {
            address1: a.address1.clone(),
            address2: a.address2.clone(),
            city: a.city.clone(),
            state: a.state.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
        }
    }
}

/// A department a call queue belongs to.
#[derive(Debug, Clone, SimpleObject)]
pub(crate) struct Department {
    /// The department's Webex ID.
    pub(crate) id: Option<ID>,
    /// The department's name.
    pub(crate) name: Option<String>,
}

/// The route group a route list uses.
#[derive(Debug, Clone, SimpleObject)]
pub(crate) struct RouteGroup {
    /// The route group's Webex ID.
    pub(crate) id: Option<ID>,
    /// The route group's name.
    pub(crate) name: Option<String>,
    /// Whether the route group is in use.
    pub(crate) in_use: Option<bool>,
}
