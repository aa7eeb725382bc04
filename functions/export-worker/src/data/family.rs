//! The family, its members, its children and its history, one struct per row type.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use shared::ApiResult;
use shared::domain::Sex;
use tokio_postgres::Row;
use uuid::Uuid;

use super::FromRow;
use crate::values::Timestamp;

/// The family itself.
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    pub id: Uuid,
    pub name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl FromRow for Family {
    const SQL: &'static str = "select id, name, created_at, updated_at from families where id = $1";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
}

/// A member of the family, with their role.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub joined_at: Timestamp,
}

impl FromRow for Member {
    const SQL: &'static str = "select u.id as user_id, u.username, u.display_name, m.role,
               m.created_at as joined_at
        from family_members m join users u on u.id = m.user_id
        where m.family_id = $1 order by m.created_at, u.username";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            user_id: row.try_get("user_id")?,
            username: row.try_get("username")?,
            display_name: row.try_get("display_name")?,
            role: row.try_get("role")?,
            joined_at: row.try_get("joined_at")?,
        })
    }
}

/// A child of the family. Its avatar's storage key stays out of data.json.
#[derive(Debug, Clone, Serialize)]
pub struct Child {
    pub id: Uuid,
    pub family_id: Uuid,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    pub due_date: Option<NaiveDate>,
    pub birth_weight_kg: Option<f64>,
    pub birth_length_cm: Option<f64>,
    pub notes: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(skip)]
    pub avatar_key: Option<String>,
    /// Where the avatar is in the archive: `None` for a child without one (and no
    /// key in data.json), `Some(None)` for an avatar missing from storage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar_file: Option<Option<String>>,
}

impl FromRow for Child {
    const SQL: &'static str = "select id, family_id, name, date_of_birth, sex, due_date,
               birth_weight_kg::float8 as birth_weight_kg, birth_length_cm::float8 as birth_length_cm,
               notes, avatar_key, created_at, updated_at
        from children where family_id = $1 order by date_of_birth, name, id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            family_id: row.try_get("family_id")?,
            name: row.try_get("name")?,
            date_of_birth: row.try_get("date_of_birth")?,
            sex: Sex::from_db(row.try_get("sex")?)?,
            due_date: row.try_get("due_date")?,
            birth_weight_kg: row.try_get("birth_weight_kg")?,
            birth_length_cm: row.try_get("birth_length_cm")?,
            notes: row.try_get("notes")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            avatar_key: row.try_get("avatar_key")?,
            avatar_file: None,
        })
    }
}

/// One audit event of the family or of one of its children.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEvent {
    pub id: Uuid,
    pub at: Timestamp,
    pub actor_id: Option<Uuid>,
    /// The actor's username; `None` once their account is deleted.
    pub actor: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    /// The event's scope: a child, or the family itself.
    pub child_id: Option<Uuid>,
    pub changes: Value,
}

impl FromRow for HistoryEvent {
    const SQL: &'static str = "select e.id, e.created_at as at, e.actor_id, u.username as actor,
               e.action, e.entity_type, e.entity_id, e.scope_id as child_id, e.changes
        from audit_events e left join users u on u.id = e.actor_id
        where e.scope_id = $1 or e.scope_id in (select id from children where family_id = $1)
        order by e.created_at, e.id";

    fn from_row(row: &Row) -> ApiResult<Self> {
        Ok(Self {
            id: row.try_get("id")?,
            at: row.try_get("at")?,
            actor_id: row.try_get("actor_id")?,
            actor: row.try_get("actor")?,
            action: row.try_get("action")?,
            entity_type: row.try_get("entity_type")?,
            entity_id: row.try_get("entity_id")?,
            child_id: row.try_get("child_id")?,
            changes: row.try_get("changes")?,
        })
    }
}
