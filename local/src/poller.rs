//! Calls a queue worker the way Lambda's SQS event source does: long-polls a
//! batch of up to 10 messages, hands it to the handler, deletes the messages the
//! handler did not report as failed, and leaves the failed ones to reappear after
//! the visibility timeout (and to move to the dead-letter queue after the
//! queue's maxReceiveCount).

use std::future::Future;
use std::time::Duration;

use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, Message, MessageSystemAttributeName};
use shared::lambda::{SqsBatchResponse, SqsEvent, SqsMessage};

/// Polls `queue_url` until the task is dropped.
pub async fn run<F, Fut>(sqs: aws_sdk_sqs::Client, queue_url: String, wait_secs: i32, handler: F)
where
    F: Fn(SqsEvent) -> Fut,
    Fut: Future<Output = SqsBatchResponse>,
{
    loop {
        match poll_once(&sqs, &queue_url, wait_secs, &handler).await {
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(queue = %queue_url, error = %e, "queue poll failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Receives and handles one batch; returns how many messages it received.
pub async fn poll_once<F, Fut>(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    wait_secs: i32,
    handler: &F,
) -> Result<usize, String>
where
    F: Fn(SqsEvent) -> Fut,
    Fut: Future<Output = SqsBatchResponse>,
{
    let received = sqs
        .receive_message()
        .queue_url(queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(wait_secs)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .send()
        .await
        .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
    let messages = received.messages();
    if messages.is_empty() {
        return Ok(0);
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
    Ok(messages.len())
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
