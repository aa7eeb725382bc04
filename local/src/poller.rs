//! Calls a queue worker the way Lambda's SQS event source does: long-polls a
//! batch of up to 10 messages, hands it to the handler, deletes the messages the
//! handler did not report as failed, and leaves the failed ones to reappear after
//! the visibility timeout (and to move to the dead-letter queue after the
//! queue's maxReceiveCount).
//!
//! On shutdown a poller stops asking for messages and finishes the batch it is
//! handling, deletes what succeeded, and returns. A long poll cut short by
//! shutdown is abandoned: whatever it may have received was never handled, is
//! not deleted, and reappears after the visibility timeout.

use std::future::Future;
use std::time::Duration;

use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, Message, MessageSystemAttributeName};
use shared::lambda::{SqsBatchResponse, SqsEvent, SqsMessage};
use tokio::sync::watch;

/// Polls `queue_url` until `stop` turns true, then returns once the batch in
/// hand is handled.
pub async fn run<F, Fut>(
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    wait_secs: i32,
    handler: F,
    mut stop: watch::Receiver<bool>,
) where
    F: Fn(SqsEvent) -> Fut,
    Fut: Future<Output = SqsBatchResponse>,
{
    while !*stop.borrow() {
        let received = tokio::select! {
            _ = stop.wait_for(|stop| *stop) => break,
            received = receive(&sqs, &queue_url, wait_secs) => received,
        };
        let handled = match received {
            Ok(messages) => handle(&sqs, &queue_url, &messages, &handler).await,
            Err(e) => Err(e),
        };
        if let Err(e) = handled {
            tracing::warn!(queue = %queue_url, error = %e, "queue poll failed; retrying");
            tokio::select! {
                _ = stop.wait_for(|stop| *stop) => break,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }
}

/// One long poll for up to 10 messages.
async fn receive(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    wait_secs: i32,
) -> Result<Vec<Message>, String> {
    let received = sqs
        .receive_message()
        .queue_url(queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(wait_secs)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .send()
        .await
        .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
    Ok(received.messages.unwrap_or_default())
}

/// Hands `messages` to the handler and deletes those it did not report failed.
async fn handle<F, Fut>(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    messages: &[Message],
    handler: &F,
) -> Result<(), String>
where
    F: Fn(SqsEvent) -> Fut,
    Fut: Future<Output = SqsBatchResponse>,
{
    if messages.is_empty() {
        return Ok(());
    }
    let mut event = SqsEvent::default();
    event.records = messages.iter().map(to_event_record).collect();
    let response = handler(event).await;
    let failed: Vec<&str> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_str())
        .collect();
    let entries: Vec<DeleteMessageBatchRequestEntry> = messages
        .iter()
        .filter(|m| !failed.contains(&m.message_id().unwrap_or_default()))
        .enumerate()
        .filter_map(|(i, m)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(m.receipt_handle()?)
                .build()
                .ok()
        })
        .collect();
    if !entries.is_empty() {
        sqs.delete_message_batch()
            .queue_url(queue_url)
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
    }
    Ok(())
}

fn to_event_record(message: &Message) -> SqsMessage {
    let mut record = SqsMessage::default();
    record.message_id = message.message_id().map(str::to_string);
    record.receipt_handle = message.receipt_handle().map(str::to_string);
    record.body = message.body().map(str::to_string);
    record.md5_of_body = message.md5_of_body().map(str::to_string);
    record.event_source = Some("aws:sqs".into());
    if let Some(attributes) = message.attributes() {
        record.attributes = attributes
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.clone()))
            .collect();
    }
    record
}
