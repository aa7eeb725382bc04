//! Latest visit wins: a household shows its most recent visit's outcome and,
//! when someone answered, their support and sign request. A visit dated before
//! the household's last one is kept on record but changes nothing. The row is
//! locked while it is compared, so two visits racing each other cannot let the
//! older one win. Each change is a `visit` entry of the household's history,
//! with the support fields before and after; personal fields never change here.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use shared::ApiError;
use shared::audit;
use shared::db::Transaction;
use tokio_postgres::Row;
use uuid::Uuid;

use super::{Outcome, VisitInput};
use crate::access::Canvasser;

/// The fields of a household that a visit may change.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Support {
    last_visited_at: Option<DateTime<Utc>>,
    last_visit_outcome: Option<String>,
    support_level: Option<i16>,
    lawn_sign: bool,
    lawn_sign_size: Option<String>,
}

impl Support {
    fn from_row(row: &Row) -> Result<Self, ApiError> {
        Ok(Self {
            last_visited_at: row.try_get("last_visited_at")?,
            last_visit_outcome: row.try_get("last_visit_outcome")?,
            support_level: row.try_get("support_level")?,
            lawn_sign: row.try_get("lawn_sign")?,
            lawn_sign_size: row.try_get("lawn_sign_size")?,
        })
    }

    /// These fields after `visit`, when it is newer than the last one.
    fn after(&self, visit: &VisitInput) -> Option<Self> {
        if self.last_visited_at.is_some_and(|t| t >= visit.visited_at) {
            return None;
        }
        let mut next = self.clone();
        next.last_visited_at = Some(visit.visited_at);
        next.last_visit_outcome = Some(visit.outcome.as_str().to_string());
        if visit.outcome == Outcome::SpokeWith {
            next.support_level = visit.support_level.or(self.support_level);
            if visit.sign_requested() {
                next.lawn_sign = true;
                if let Some(size) = visit.sign_size {
                    next.lawn_sign_size = Some(size.as_str().to_string());
                }
            }
        }
        Some(next)
    }
}

/// Applies `visit` to household `location` if it is the latest one.
pub async fn apply(
    tx: &Transaction<'_>,
    location: Uuid,
    visit: &VisitInput,
    who: Canvasser,
) -> Result<(), ApiError> {
    let Some(row) = tx
        .query_opt(
            "select last_visited_at, last_visit_outcome, support_level, lawn_sign, lawn_sign_size
             from locations where id = $1 for update",
            &[&location],
        )
        .await?
    else {
        return Ok(());
    };
    let before = Support::from_row(&row)?;
    let Some(after) = before.after(visit) else {
        return Ok(());
    };
    tx.execute(
        "update locations set last_visited_at = $2, last_visit_outcome = $3, support_level = $4,
             lawn_sign = $5, lawn_sign_size = $6, updated_by = $7
         where id = $1",
        &[
            &location,
            &after.last_visited_at,
            &after.last_visit_outcome,
            &after.support_level,
            &after.lawn_sign,
            &after.lawn_sign_size,
            &who.id,
        ],
    )
    .await?;
    let changes = audit::diff(&json!(before), &json!(after), &[]);
    tx.execute(
        "insert into location_history (location_id, actor_id, action, changes)
         values ($1, $2, 'visit', $3)",
        &[&location, &who.id, &serde_json::Value::Object(changes)],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visits::SignSize;
    use chrono::Duration;

    fn household(last: Option<DateTime<Utc>>) -> Support {
        Support {
            last_visited_at: last,
            last_visit_outcome: last.map(|_| "refused".into()),
            support_level: Some(3),
            lawn_sign: false,
            lawn_sign_size: None,
        }
    }

    fn visit(outcome: Outcome, at: DateTime<Utc>) -> VisitInput {
        VisitInput {
            id: Uuid::nil(),
            session_id: Uuid::nil(),
            location_id: Uuid::nil(),
            outcome,
            support_level: None,
            sign_requested: None,
            sign_size: None,
            notes: None,
            visited_at: at,
            whole_building: None,
        }
    }

    #[test]
    fn only_a_newer_visit_changes_the_household() {
        let now = Utc::now();
        let older =
            household(Some(now)).after(&visit(Outcome::NotHome, now - Duration::minutes(1)));
        assert_eq!(older, None);
        assert_eq!(
            household(Some(now)).after(&visit(Outcome::NotHome, now)),
            None
        );
        let newer = household(Some(now))
            .after(&visit(Outcome::NotHome, now + Duration::seconds(1)))
            .unwrap();
        assert_eq!(newer.last_visit_outcome.as_deref(), Some("not_home"));
        assert_eq!(newer.support_level, Some(3));
    }

    #[test]
    fn speaking_with_someone_records_support_and_a_sign() {
        let now = Utc::now();
        let mut spoke = visit(Outcome::SpokeWith, now);
        spoke.support_level = Some(1);
        spoke.sign_requested = Some(true);
        spoke.sign_size = Some(SignSize::Medium);
        let after = household(None).after(&spoke).unwrap();
        assert_eq!(after.support_level, Some(1));
        assert!(after.lawn_sign);
        assert_eq!(after.lawn_sign_size.as_deref(), Some("medium"));
        let silent = household(None)
            .after(&visit(Outcome::SpokeWith, now))
            .unwrap();
        assert_eq!(silent.support_level, Some(3));
        assert!(!silent.lawn_sign);
    }
}
