//! What every resolver of one GraphQL request can reach: the upstream client, the caller (token +
//! deadline) and the request's own loaders. Built per request by the HTTP layer; never shared.

use std::sync::Arc;

use async_graphql::Context;
use async_graphql::dataloader::DataLoader;
use tokio::time::Instant;

use super::error::ApiError;
use super::loaders::{Keyed, LoaderConfig, Resource, ValueOf, WebexLoader};
use crate::webex::{BearerToken, Caller, Client, Costs, Meter, TraceContext};

/// The per-request context.
pub struct RequestContext {
    pub(crate) client: Client,
    caller: Option<Caller>,
    loader: Option<DataLoader<WebexLoader>>,
    meter: Arc<Meter>,
    report_costs: bool,
    /// A mutation ran in this request: its answer must not be kept anywhere.
    mutated: std::sync::atomic::AtomicBool,
}

impl RequestContext {
    /// A context for one request. Without a token every field that needs Webex fails with
    /// `UNAUTHENTICATED` before any upstream call.
    pub fn new(
        client: Client,
        token: Option<BearerToken>,
        deadline: Option<Instant>,
        config: &LoaderConfig,
        report_costs: bool,
        trace: Option<TraceContext>,
    ) -> Self {
        // Always counted (for the calls-per-request metric); reported only when asked.
        let meter = Arc::new(Meter::default());
        let caller = token.map(|token| Caller {
            token,
            deadline,
            meter: Some(meter.clone()),
            trace,
            fresh: false,
        });
        let loader = caller.clone().map(|caller| {
            // Batching is chunked inside the loader (85 people a call), so the window may take
            // everything; a page of 2000 rows must not be split by an arbitrary batch cap.
            // The loader's batches run as tasks: they keep the request's span as their parent.
            let span = tracing::Span::current();
            DataLoader::new(
                WebexLoader::new(client.clone(), caller, config.clone()),
                InSpan(span),
                async_graphql::runtime::TokioTimer::default(),
            )
            .max_batch_size(100_000)
        });
        Self {
            client,
            caller,
            loader,
            meter,
            report_costs,
            mutated: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// How long the answer may be kept: `None` when anything it used was not cached or a
    /// mutation ran; else the least time left of the cached answers it used (`Some(None)` when
    /// it used none).
    pub fn freshness(&self) -> Option<Option<std::time::Duration>> {
        let costs = self.meter.snapshot();
        let mutated = self.mutated.load(std::sync::atomic::Ordering::Relaxed);
        (!costs.uncached && !mutated).then_some(costs.fresh_for)
    }

    /// Marks the request as one that changed something.
    pub(crate) fn mutated(&self) {
        self.mutated
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// What this request's upstream calls cost so far, when it asked to know.
    pub fn costs(&self) -> Option<Costs> {
        self.report_costs.then(|| self.meter.snapshot())
    }

    /// Upstream attempts this request has made so far.
    pub fn upstream_calls(&self) -> u64 {
        self.meter.snapshot().calls.values().sum()
    }

    /// The context of the request `ctx` belongs to.
    pub(crate) fn of<'a>(ctx: &'a Context<'_>) -> Result<&'a Self, ApiError> {
        ctx.data::<Arc<RequestContext>>()
            .map(Arc::as_ref)
            .map_err(|_| ApiError::Internal("RequestContext missing from the request".into()))
    }

    pub(crate) fn caller(&self) -> Result<&Caller, ApiError> {
        self.caller.as_ref().ok_or_else(unauthenticated)
    }

    pub(crate) fn loader(&self) -> Result<&DataLoader<WebexLoader>, ApiError> {
        self.loader.as_ref().ok_or_else(unauthenticated)
    }
}

impl Drop for RequestContext {
    /// The request is over (answered, or its client went away): detail fetches still running
    /// would only load Webex for nobody.
    fn drop(&mut self) {
        if let Some(loader) = &self.loader {
            loader.loader().cancel();
        }
    }
}

impl std::fmt::Debug for RequestContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestContext")
            .field("caller", &self.caller)
            .finish_non_exhaustive()
    }
}

fn unauthenticated() -> ApiError {
    ApiError::Unauthenticated(
        "Send the Webex access token as `Authorization: Bearer <token>`.".into(),
    )
}

/// Loads one thing through the request's loader: its value, `NOT_FOUND`, or the upstream error.
pub(crate) async fn fetch<K: Keyed>(
    ctx: &Context<'_>,
    key: K,
) -> Result<Arc<ValueOf<K>>, ApiError> {
    let loader = RequestContext::of(ctx)?.loader()?;
    // Most lookups of a planned request find their fetch started, usually finished: joining it
    // directly skips the batching window's channel, task and maps, thousands of times a page.
    let found = match loader.loader().flights::<K::Resource>().joined(&key).await {
        Some(found) => found,
        None => match loader.load_one(key).await {
            Ok(found) => found,
            Err(never) => match never {},
        },
    };
    match found {
        Some(Ok(value)) => Ok(value),
        Some(Err(e)) => Err(e.into()),
        None => Err(ApiError::NotFound(format!(
            "{} not found",
            <K::Resource as Resource>::WHAT
        ))),
    }
}

/// What [`fetch`] would answer for `key` when it is already fetched and succeeded, at once:
/// `None` when it is not (the caller then awaits [`fetch`], which gives the error or waits).
pub(crate) fn fetched_now<K: Keyed>(
    ctx: &async_graphql::ContextSelectionSet<'_>,
    key: &K,
) -> Option<Arc<ValueOf<K>>> {
    let request = ctx.data_opt::<Arc<RequestContext>>()?;
    let loader = request.loader.as_ref()?;
    loader.loader().flights::<K::Resource>().ready(key)
}

/// Spawns the loader's batches on the current tokio runtime inside the request's span.
#[derive(Debug)]
struct InSpan(tracing::Span);

impl futures::task::Spawn for InSpan {
    fn spawn_obj(
        &self,
        future: futures::task::FutureObj<'static, ()>,
    ) -> Result<(), futures::task::SpawnError> {
        tokio::spawn(tracing::Instrument::instrument(future, self.0.clone()));
        Ok(())
    }
}
