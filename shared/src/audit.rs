//! Append-only audit events with field-level `{before, after}` diffs.

use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::db::Transaction;
use crate::error::ApiError;

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// The fields that differ between two JSON objects, as `{field: {before, after}}`.
/// Fields named in `ignore` (timestamps, ids) are left out.
pub fn diff(before: &Value, after: &Value, ignore: &[&str]) -> Map<String, Value> {
    let empty = Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut changes = Map::new();
    let keys = before
        .keys()
        .chain(after.keys().filter(|k| !before.contains_key(*k)));
    for key in keys {
        if ignore.contains(&key.as_str()) {
            continue;
        }
        let old = before.get(key).unwrap_or(&Value::Null);
        let new = after.get(key).unwrap_or(&Value::Null);
        if old != new {
            changes.insert(key.clone(), json!({ "before": old, "after": new }));
        }
    }
    changes
}

/// One audit event to record.
pub struct Event<'a> {
    pub actor_id: Uuid,
    pub action: Action,
    pub entity_type: &'a str,
    pub entity_id: Uuid,
    /// The family (or other scope) the record belongs to, for scoped listings.
    pub scope_id: Option<Uuid>,
    pub changes: Map<String, Value>,
}

/// Writes the event in the caller's transaction; an update that changed nothing
/// records nothing.
pub async fn record(tx: &Transaction<'_>, event: Event<'_>) -> Result<(), ApiError> {
    if event.action == Action::Update && event.changes.is_empty() {
        return Ok(());
    }
    tx.execute(
        "insert into audit_events (actor_id, action, entity_type, entity_id, scope_id, changes)
         values ($1, $2, $3, $4, $5, $6)",
        &[
            &event.actor_id,
            &event.action.as_str(),
            &event.entity_type,
            &event.entity_id,
            &event.scope_id,
            &Value::Object(event.changes),
        ],
    )
    .await?;
    Ok(())
}

/// Which record changed and who changed it, for [`change`].
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub actor_id: Uuid,
    pub entity_type: &'a str,
    pub entity_id: Uuid,
    /// The family (or other scope) the record belongs to, for scoped listings.
    pub scope_id: Option<Uuid>,
}

/// Records the creation (no `before`), update, or deletion (no `after`) of a record,
/// with the `{field: {before, after}}` diff of its two states as they serialise.
pub async fn change<T: Serialize>(
    tx: &Transaction<'_>,
    subject: Subject<'_>,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<(), ApiError> {
    let action = match (before, after) {
        (None, _) => Action::Create,
        (_, None) => Action::Delete,
        _ => Action::Update,
    };
    let json = |state: Option<&T>| {
        state
            .map(serde_json::to_value)
            .transpose()
            .map(Option::unwrap_or_default)
            .map_err(ApiError::internal)
    };
    record(
        tx,
        Event {
            actor_id: subject.actor_id,
            action,
            entity_type: subject.entity_type,
            entity_id: subject.entity_id,
            scope_id: subject.scope_id,
            changes: diff(&json(before)?, &json(after)?, &[]),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_changed_added_and_removed_fields() {
        let before = json!({"name": "Ada", "weight_kg": 9.6, "notes": "x", "updated_at": "t1"});
        let after = json!({"name": "Ada", "weight_kg": 9.8, "height_cm": 75, "updated_at": "t2"});
        let changes = diff(&before, &after, &["updated_at"]);
        assert_eq!(changes.len(), 3);
        assert_eq!(changes["weight_kg"], json!({"before": 9.6, "after": 9.8}));
        assert_eq!(changes["height_cm"], json!({"before": null, "after": 75}));
        assert_eq!(changes["notes"], json!({"before": "x", "after": null}));
    }

    #[test]
    fn creation_and_deletion_diffs_against_nothing() {
        let record = json!({"name": "Ada"});
        assert_eq!(diff(&Value::Null, &record, &[])["name"]["after"], "Ada");
        assert_eq!(diff(&record, &Value::Null, &[])["name"]["before"], "Ada");
        assert!(diff(&record, &record, &[]).is_empty());
    }
}
