//! Subscriptions over WebSocket on `GET /graphql`, with the `graphql-transport-ws` protocol (the
//! `graphql-ws` library's, which Apollo's `GraphQLWsLink` uses; the legacy
//! `subscriptions-transport-ws` is served too). The token comes in `connection_init`'s payload
//! as `Authorization: Bearer …` and is checked there, before any operation runs; it is never
//! logged. Only subscriptions run here: queries and mutations go over HTTP, through the
//! engine's checks. The trusted documents admit a subscription as they admit any request (its
//! `persistedQuery` hash, or a listed text).

use std::sync::Arc;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response, ServerError};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{FromRequestParts, State, WebSocketUpgrade};
use axum::http::header;
use axum::response::{IntoResponse, Response as HttpResponse};
use futures::stream::{self, BoxStream, StreamExt};

use super::AppState;
use crate::graphql::error::code;
use crate::graphql::{Engine, RequestContext};
use crate::webex::BearerToken;

/// Hands a WebSocket upgrade on `/graphql` to the subscription server; anything else goes on.
pub(super) async fn upgrade_or_next(
    State(state): State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> HttpResponse {
    let upgrading = request
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if !upgrading {
        return next.run(request).await;
    }
    let (mut parts, _) = request.into_parts();
    let protocol = match GraphQLProtocol::from_request_parts(&mut parts, &()).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(u) => u,
        Err(rejection) => return rejection.into_response(),
    };
    let executor = SubscriptionsOnly(state.engine.clone());
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, executor, protocol)
                .on_connection_init(move |payload| async move { connection(&state, &payload) })
                .serve()
        })
        .into_response()
}

/// The connection's context, from `connection_init`'s payload: no token, no connection.
fn connection(state: &AppState, payload: &serde_json::Value) -> async_graphql::Result<Data> {
    let authorization = payload
        .as_object()
        .and_then(|p| {
            p.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                .and_then(|(_, v)| v.as_str())
        })
        .unwrap_or_default();
    let token = authorization
        .trim()
        .split_once(' ')
        .filter(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .map(|(_, token)| BearerToken::new(token.trim()))
        .ok_or_else(|| {
            async_graphql::Error::new(
                "connection_init needs the payload {\"Authorization\": \"Bearer <token>\"}",
            )
        })?;
    let mut data = Data::default();
    // The connection's requests share one context: no deadline (a subscription lasts as long as
    // its job), the loaders of the request that built it.
    data.insert(Arc::new(RequestContext::new(
        state.client.clone(),
        Some(token),
        None,
        &state.loaders,
        false,
        None,
    )));
    Ok(data)
}

/// The schema, running subscriptions only.
#[derive(Clone)]
struct SubscriptionsOnly(Engine);

impl Executor for SubscriptionsOnly {
    async fn execute(&self, _request: Request) -> Response {
        refused()
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let mut request = match self.0.admit_stream(request) {
            Ok(request) => request,
            Err(error) => {
                let response = Response::from_errors(vec![*error]);
                crate::graphql::error::account(&response.errors);
                return stream::once(async { response }).boxed();
            }
        };
        if is_subscription(&mut request) {
            Executor::execute_stream(self.0.schema(), request, session_data)
                .inspect(|r| crate::graphql::error::account(&r.errors))
                .boxed()
        } else {
            stream::once(async {
                let response = refused();
                crate::graphql::error::account(&response.errors);
                response
            })
            .boxed()
        }
    }
}

/// Whether the operation the request runs is a subscription (a document that does not parse
/// goes to the schema, which says why).
fn is_subscription(request: &mut Request) -> bool {
    let name = request.operation_name.clone();
    let Ok(document) = request.parsed_query() else {
        return true;
    };
    let mut operations = document.operations.iter();
    let ty = match &name {
        Some(name) => operations
            .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op.node.ty),
        None => operations.next().map(|(_, op)| op.node.ty),
    };
    ty.is_none_or(|ty| ty == OperationType::Subscription)
}

fn refused() -> Response {
    let mut error = ServerError::new(
        "only subscriptions are served over WebSocket; send queries and mutations to POST /graphql",
        None,
    );
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code::BAD_REQUEST);
    error.extensions = Some(ext);
    Response::from_errors(vec![error])
}
