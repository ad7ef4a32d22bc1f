//! The mutation root. Every write goes through the write engine (`graphql/write/`): checks in a
//! fixed order, each failing with no PUT sent, then the PUT, the retired cache entries and a
//! read-back; `dryRun` stops before the PUT and answers the settings as they would be.

use async_graphql::{Context, ID, Object};

use super::error::ApiError;
use super::jobs::schema::{self as jobs, CallerIdJob, CallerIdJobInput};
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

    /// Starts changing many caller IDs at once: a list of changes, or every entity of some
    /// kinds at a location whose selection matches. Answers at once with the job (`QUEUED` or
    /// `RUNNING`); the work goes on after the answer, at the token's pace. Each item goes
    /// through `setCallerId`'s checks and gets its own outcome; a `dryRun` job sends no PUT and
    /// is the plan to review. Needs the scopes `setCallerId` needs.
    async fn start_caller_id_job(
        &self,
        ctx: &Context<'_>,
        input: CallerIdJobInput,
    ) -> Result<CallerIdJob, ApiError> {
        jobs::start(ctx, input).await
    }

    /// Continues an `INTERRUPTED` job (its replica stopped) from its unsettled items, or runs the
    /// `FAILED` and `UNKNOWN` items of a `PARTIAL` or `FAILED` one again, on this replica. An item
    /// whose PUT may have been sent is read again first: no change is sent twice. Only the
    /// token that started the job may resume it.
    async fn resume_caller_id_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job's id.")] id: ID,
    ) -> Result<CallerIdJob, ApiError> {
        jobs::resume(ctx, id).await
    }

    /// Stops a job after the items in flight (the rest stay `PENDING`); a job no replica runs
    /// stops at once. Only the token that started the job may cancel it.
    async fn cancel_caller_id_job(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The job's id.")] id: ID,
    ) -> Result<CallerIdJob, ApiError> {
        jobs::cancel(ctx, id).await
    }
}
