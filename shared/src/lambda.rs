//! The only place that knows about the Lambda runtime: adapters that run an axum
//! router behind API Gateway, an SQS batch handler, and a scheduled handler.

use std::future::Future;
use std::net::IpAddr;

use axum::Router;
use lambda_runtime::{LambdaEvent, service_fn};

pub use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
pub use lambda_runtime::Error;

/// Serves an HTTP API (API Gateway v2 payloads) with the given router.
pub async fn run_http(router: Router) -> Result<(), Error> {
    lambda_http::run(router).await
}

/// Serves an SQS event source; the handler reports the messages that failed.
pub async fn run_sqs<F, Fut>(handler: F) -> Result<(), Error>
where
    F: Fn(SqsEvent) -> Fut,
    Fut: Future<Output = Result<SqsBatchResponse, Error>>,
{
    lambda_runtime::run(service_fn(|event: LambdaEvent<SqsEvent>| {
        handler(event.payload)
    }))
    .await
}

/// Serves invocations whose event content is not used: an EventBridge schedule,
/// or a direct invoke (the `migrate` function). The answer is serialised back.
pub async fn run_invoked<F, Fut, T>(handler: F) -> Result<(), Error>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
    T: serde::Serialize,
{
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| handler())).await
}

/// What API Gateway (HTTP API, payload v2) says about a request it forwarded:
/// its request id and the caller's source IP. `None` outside Lambda.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gateway {
    pub request_id: Option<String>,
    pub source_ip: Option<IpAddr>,
}

impl Gateway {
    /// Reads the API Gateway context that `lambda_http` puts in the request's extensions.
    pub fn of(extensions: &http::Extensions) -> Option<Self> {
        use lambda_http::request::RequestContext;
        match extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(ctx)) => Some(Self {
                request_id: ctx.request_id.clone(),
                source_ip: ctx.http.source_ip.as_deref().and_then(|s| s.parse().ok()),
            }),
            _ => None,
        }
    }
}

/// Builds the `batchItemFailures` answer from the ids of failed messages.
pub fn batch_failures(ids: impl IntoIterator<Item = String>) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    response.batch_item_failures = ids
        .into_iter()
        .map(|id| {
            let mut failure = aws_lambda_events::event::sqs::BatchItemFailure::default();
            failure.item_identifier = id;
            failure
        })
        .collect();
    response
}
