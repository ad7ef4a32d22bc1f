//! GraphQL output and input types, one file per object family.

pub(crate) mod details;
pub(crate) mod items;
pub(crate) mod listing;

pub(crate) mod node;
pub(crate) mod number;
pub(crate) mod owner;
pub(crate) mod page;
