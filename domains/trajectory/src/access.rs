//! Family access for Trajectory: who may read or write a family's records.
//!
//! Every query on family data starts here, with the caller: a family the caller is
//! not a member of answers 404 (its existence is private); a member without write
//! permission gets 403. Membership is read from the database on every request, so
//! a change takes effect at once.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use shared::ApiError;
use shared::auth::AuthUser;
use shared::db::GenericClient;
use tokio_postgres::Row;

/// A member's role in a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FamilyRole {
    /// Everything, including rename, delete and transfer.
    Owner,
    /// Reads and writes every record, manages invites and non-owner members.
    Parent,
    /// Reads only.
    ReadOnly,
}

impl FamilyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            FamilyRole::Owner => "owner",
            FamilyRole::Parent => "parent",
            FamilyRole::ReadOnly => "read_only",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "owner" => Ok(FamilyRole::Owner),
            "parent" => Ok(FamilyRole::Parent),
            "read_only" => Ok(FamilyRole::ReadOnly),
            other => Err(ApiError::internal(format!("unknown family role {other:?}"))),
        }
    }

    pub fn can_write(self) -> bool {
        matches!(self, FamilyRole::Owner | FamilyRole::Parent)
    }
}

/// The caller's standing in one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyAccess {
    pub family_id: Uuid,
    pub role: FamilyRole,
}

fn read_only() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::FORBIDDEN,
        "READ_ONLY",
        "Your role in this family lets you read records, not change them",
    )
}

impl FamilyAccess {
    /// Owner or parent; 403 for read-only members.
    pub fn require_write(&self) -> Result<(), ApiError> {
        if self.role.can_write() {
            Ok(())
        } else {
            Err(read_only())
        }
    }

    /// Owner only; 403 otherwise.
    pub fn require_owner(&self) -> Result<(), ApiError> {
        if self.role == FamilyRole::Owner {
            Ok(())
        } else {
            Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "OWNER_ONLY",
                "Only an owner of this family can do this",
            ))
        }
    }
}

/// The caller's access to a family; 404 when not a member.
pub async fn family(
    client: &impl GenericClient,
    user: &AuthUser,
    family_id: Uuid,
) -> Result<FamilyAccess, ApiError> {
    let row = client
        .query_opt(
            "select role from family_members where family_id = $1 and user_id = $2",
            &[&family_id, &user.id],
        )
        .await?
        .ok_or_else(|| ApiError::not_found("Family"))?;
    Ok(FamilyAccess {
        family_id,
        role: FamilyRole::parse(row.get(0))?,
    })
}

/// The caller's access to one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChildAccess {
    pub child_id: Uuid,
    pub family: FamilyAccess,
}

impl ChildAccess {
    pub fn require_write(&self) -> Result<(), ApiError> {
        self.family.require_write()
    }
}

/// The caller's access to a child; 404 when the child does not exist or is in a
/// family the caller is not a member of.
pub async fn child(
    client: &impl GenericClient,
    user: &AuthUser,
    child_id: Uuid,
) -> Result<ChildAccess, ApiError> {
    let (access, _) = child_with(client, user, child_id, crate::child_access_statement!()).await?;
    Ok(access)
}

#[doc(hidden)]
pub use const_format::concatcp;

/// [`child`] and, in the same statement, more of the child's row: `select` must be
/// [`crate::child_access_statement!`] of those columns. The row comes back with
/// the access.
pub async fn child_with(
    client: &impl GenericClient,
    user: &AuthUser,
    child_id: Uuid,
    select: &str,
) -> Result<(ChildAccess, Row), ApiError> {
    let row = client
        .query_opt(select, &[&child_id, &user.id])
        .await?
        .ok_or_else(|| ApiError::not_found("Child"))?;
    let access = ChildAccess {
        child_id,
        family: FamilyAccess {
            family_id: row.try_get(0)?,
            role: FamilyRole::parse(row.try_get(1)?)?,
        },
    };
    Ok((access, row))
}

/// The statement of [`child_with`]: the access columns first, then `columns` of the
/// child `c`, if any.
#[macro_export]
macro_rules! child_access_statement {
    () => {
        $crate::child_access_statement!(@select "")
    };
    ($columns:expr) => {
        $crate::child_access_statement!(@select $crate::access::concatcp!(", ", $columns))
    };
    (@select $columns:expr) => {
        $crate::access::concatcp!(
            "select c.family_id, m.role",
            $columns,
            " from children c
             join family_members m on m.family_id = c.family_id and m.user_id = $2
             where c.id = $1"
        )
    };
}

/// The condition that the caller, statement parameter `$user_param`, is a member of
/// the family of the child `child` (a column or a parameter). Statements that read
/// a child's records add it to their `where`, so that loading and the access check
/// are one round trip; an empty answer then means "not found or not yours".
pub fn caller_sees_child(child: &str, user_param: usize) -> String {
    format!(
        "exists (select 1 from children access_c join family_members access_m
         on access_m.family_id = access_c.family_id
         where access_c.id = {child} and access_m.user_id = ${user_param})"
    )
}

/// The kinds of child-scoped records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Visit,
    Measurement,
    MedicalEvent,
    Illness,
    Attachment,
}

impl RecordKind {
    pub fn table(self) -> &'static str {
        match self {
            RecordKind::Visit => "visits",
            RecordKind::Measurement => "measurements",
            RecordKind::MedicalEvent => "medical_events",
            RecordKind::Illness => "illnesses",
            RecordKind::Attachment => "attachments",
        }
    }

    /// The name used in messages and audit events.
    pub fn noun(self) -> &'static str {
        match self {
            RecordKind::Visit => "Visit",
            RecordKind::Measurement => "Measurement",
            RecordKind::MedicalEvent => "Medical event",
            RecordKind::Illness => "Illness",
            RecordKind::Attachment => "Attachment",
        }
    }

    pub fn entity_type(self) -> &'static str {
        match self {
            RecordKind::Visit => "visit",
            RecordKind::Measurement => "measurement",
            RecordKind::MedicalEvent => "medical_event",
            RecordKind::Illness => "illness",
            RecordKind::Attachment => "attachment",
        }
    }
}

/// The caller's access to one record, through its child; 404 when the record does
/// not exist or the caller may not see it.
pub async fn record(
    client: &impl GenericClient,
    user: &AuthUser,
    kind: RecordKind,
    id: Uuid,
) -> Result<ChildAccess, ApiError> {
    // The table name comes from a closed enum, never from input.
    let sql = format!(
        "select r.child_id, c.family_id, m.role from {} r
         join children c on c.id = r.child_id
         join family_members m on m.family_id = c.family_id and m.user_id = $2
         where r.id = $1",
        kind.table()
    );
    let row = client
        .query_opt(&sql, &[&id, &user.id])
        .await?
        .ok_or_else(|| ApiError::not_found(kind.noun()))?;
    Ok(ChildAccess {
        child_id: row.get(0),
        family: FamilyAccess {
            family_id: row.get(1),
            role: FamilyRole::parse(row.get(2))?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_owners_and_parents_write() {
        assert!(FamilyRole::Owner.can_write());
        assert!(FamilyRole::Parent.can_write());
        assert!(!FamilyRole::ReadOnly.can_write());
        let access = FamilyAccess {
            family_id: Uuid::nil(),
            role: FamilyRole::ReadOnly,
        };
        assert_eq!(access.require_write().unwrap_err().status(), 403);
        assert_eq!(access.require_owner().unwrap_err().code(), "OWNER_ONLY");
    }

    #[test]
    fn roles_round_trip() {
        for role in [FamilyRole::Owner, FamilyRole::Parent, FamilyRole::ReadOnly] {
            assert_eq!(FamilyRole::parse(role.as_str()).unwrap(), role);
        }
        assert!(FamilyRole::parse("admin").is_err());
    }
}
