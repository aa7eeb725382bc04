//! The only place that knows about the Lambda runtime: adapters that run an axum
//! router behind API Gateway, an SQS batch handler, and a scheduled handler.

use std::future::Future;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use axum::Router;
use lambda_runtime::{LambdaEvent, service_fn};

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

/// Serves a schedule (EventBridge) source; the event's content is not used.
pub async fn run_schedule<F, Fut, T>(handler: F) -> Result<(), Error>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
    T: serde::Serialize,
{
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| handler())).await
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
