//! The mutation root. Every write goes through the write engine (`graphql/write/`): checks in a
//! fixed order, each failing with no PUT sent, then the PUT, the retired cache entries and a
//! read-back; `dryRun` stops before the PUT and answers the settings as they would be.

use async_graphql::{Context, Object};

use super::error::ApiError;
use super::write::caller_id::{self, SetCallerIdInput, SetCallerIdPayload};
use super::write::emergency::{self, SetEmergencyCallbackInput, SetEmergencyCallbackPayload};

/// The root of every mutation.
#[derive(Debug, Default)]
pub struct Mutation;

/// The root of every mutation.
#[Object]
impl Mutation {
    /// Changes the outgoing caller ID of a person, workspace or virtual line, after checking
    /// that Webex would accept it: `selected` must be allowed, and a `customNumber` must be one
    /// of the entity's candidates (`NUMBER_NOT_AVAILABLE` otherwise, with `extensions.reason`).
    /// Nothing is written when a check fails or with `dryRun: true`. Needs
    /// `spark-admin:people_write`, `spark-admin:workspaces_write` or
    /// `spark-admin:telephony_config_write` for the write.
    async fn set_caller_id(
        &self,
        ctx: &Context<'_>,
        input: SetCallerIdInput,
    ) -> Result<SetCallerIdPayload, ApiError> {
        caller_id::set(ctx, input).await
    }

    /// Changes the emergency callback number of a person, workspace, virtual line or location,
    /// after checking that Webex would accept it: the selection must be one the kind takes, and
    /// a `memberId` must own one of the entity's `emergencyCallback.candidates`
    /// (`NUMBER_NOT_AVAILABLE` otherwise, with `extensions.reason`). Nothing is written when a
    /// check fails or with `dryRun: true`. Needs `spark-admin:telephony_config_write` for the
    /// write.
    async fn set_emergency_callback(
        &self,
        ctx: &Context<'_>,
        input: SetEmergencyCallbackInput,
    ) -> Result<SetEmergencyCallbackPayload, ApiError> {
        emergency::set(ctx, input).await
    }
}
