//! Family invitations: created by an owner or parent, emailed through the outbox,
//! accepted once within 7 days by whoever holds the link.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, tokens};
use shared::domain::Email;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::jobs::{self, EmailMessage, Job};
use shared::{ApiError, ApiResult, AppState, db};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::members::AssignableRole;

/// How long an invitation works.
pub const INVITE_TTL_DAYS: i64 = 7;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Invite {
    id: Uuid,
    email: String,
    role: FamilyRole,
    expires_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NewInvite {
    #[serde(flatten)]
    invite: Invite,
    /// Shown once, so the link can also be passed on by hand.
    token: String,
    invite_url: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteInput {
    email: String,
    role: AssignableRole,
}

/// Pending invitations of a family (owner or parent).
#[utoipa::path(get, path = "/api/families/{id}/invites", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 200, description = "Pending invitations", body = DataOf<Vec<Invite>>),
              (status = 403, description = "Read-only member")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Vec<Invite>>> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?.require_write()?;
    let rows = client
        .query(
            "select id, email, role, expires_at, created_at from family_invites
             where family_id = $1 and accepted_at is null and expires_at > now()
             order by created_at desc",
            &[&id],
        )
        .await?;
    let invites = rows
        .iter()
        .map(|r| {
            Ok(Invite {
                id: r.get(0),
                email: r.get(1),
                role: FamilyRole::parse(r.get(2))?,
                expires_at: r.get(3),
                created_at: r.get(4),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Data(invites))
}

/// Invites someone by email (owner or parent).
#[utoipa::path(post, path = "/api/families/{id}/invites", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    request_body = InviteInput,
    responses((status = 201, description = "Invitation created and emailed", body = DataOf<NewInvite>),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Already a member"),
              (status = 422, description = "Invalid email or role")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<InviteInput>,
) -> ApiResult<Created<NewInvite>> {
    let email = Email::parse(&input.email).map_err(|e| ApiError::invalid_field("email", e))?;
    let role = input.role.role();
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    access::family(&tx, &user, id).await?.require_write()?;
    let already: bool = tx
        .query_one(
            "select exists (select 1 from family_members m join users u on u.id = m.user_id
                            where m.family_id = $1 and lower(u.email) = lower($2))",
            &[&id, &email.as_str()],
        )
        .await?
        .get(0);
    if already {
        return Err(ApiError::conflict(
            "ALREADY_MEMBER",
            "Someone with this email is already a member",
        ));
    }
    let names = tx
        .query_one(
            "select f.name, coalesce(nullif(u.display_name, ''), u.username)
             from families f, users u where f.id = $1 and u.id = $2",
            &[&id, &user.id],
        )
        .await?;
    let token = tokens::generate();
    let expires_at = Utc::now() + Duration::days(INVITE_TTL_DAYS);
    let row = tx
        .query_one(
            "insert into family_invites (family_id, email, role, token_hash, invited_by, expires_at)
             values ($1, $2, $3, $4, $5, $6) returning id, created_at",
            &[&id, &email.as_str(), &role.as_str(), &tokens::hash(&token), &user.id, &expires_at],
        )
        .await?;
    let invite_url = format!("{}/invite?token={token}", state.config.public_base_url);
    let job = Job::email(
        email.as_str(),
        EmailMessage::FamilyInvite {
            family_name: names.get(0),
            invited_by: names.get(1),
            role: role.as_str().to_string(),
            invite_url: invite_url.clone(),
            expires_days: INVITE_TTL_DAYS,
        },
    );
    jobs::enqueue(&tx, &job).await?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok(Created(NewInvite {
        invite: Invite {
            id: row.get(0),
            email: email.as_str().to_string(),
            role,
            expires_at,
            created_at: row.get(1),
        },
        token,
        invite_url,
    }))
}

/// Withdraws a pending invitation (owner or parent).
#[utoipa::path(delete, path = "/api/families/{id}/invites/{invite_id}", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id"), ("invite_id" = Uuid, Path, description = "Invitation id")),
    responses((status = 204, description = "Withdrawn"),
              (status = 404, description = "No such pending invitation")))]
pub async fn revoke(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath((id, invite_id)): ApiPath<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?.require_write()?;
    let deleted = client
        .execute(
            "delete from family_invites where id = $1 and family_id = $2 and accepted_at is null",
            &[&invite_id, &id],
        )
        .await?;
    if deleted == 0 {
        return Err(ApiError::not_found("Invitation"));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    token: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvitePreview {
    family_name: String,
    invited_by: String,
    email: String,
    role: FamilyRole,
    expires_at: DateTime<Utc>,
}

fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "INVITE_NOT_FOUND",
        "This invitation does not exist",
    )
}

fn expired() -> ApiError {
    ApiError::gone(
        "INVITE_EXPIRED",
        "This invitation was already used or has expired",
    )
}

/// What an invitation offers, for the page the emailed link opens.
#[utoipa::path(post, path = "/api/invites/preview", tag = "families",
    request_body = TokenInput,
    responses((status = 200, description = "The invitation", body = DataOf<InvitePreview>),
              (status = 404, description = "Unknown token"),
              (status = 410, description = "Used or expired")))]
pub async fn preview(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<TokenInput>,
) -> ApiResult<Data<InvitePreview>> {
    let client = db::client(&state.db).await?;
    let row = client
        .query_opt(
            "select f.name, coalesce(nullif(u.display_name, ''), u.username, ''), i.email, i.role, i.expires_at,
                    i.accepted_at is not null or i.expires_at <= now() as spent
             from family_invites i join families f on f.id = i.family_id
             left join users u on u.id = i.invited_by
             where i.token_hash = $1",
            &[&tokens::hash(input.token.trim())],
        )
        .await?
        .ok_or_else(not_found)?;
    if row.get::<_, bool>(5) {
        return Err(expired());
    }
    Ok(Data(InvitePreview {
        family_name: row.get(0),
        invited_by: row.get(1),
        email: row.get(2),
        role: FamilyRole::parse(row.get(3))?,
        expires_at: row.get(4),
    }))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Membership {
    family_id: Uuid,
    family_name: String,
    role: FamilyRole,
}

/// Joins the family with the invited role; the invitation is then used up.
#[utoipa::path(post, path = "/api/invites/accept", tag = "families", security(("bearer" = [])),
    request_body = TokenInput,
    responses((status = 200, description = "Now a member", body = DataOf<Membership>),
              (status = 404, description = "Unknown token"),
              (status = 409, description = "Already a member"),
              (status = 410, description = "Used or expired")))]
pub async fn accept(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<TokenInput>,
) -> ApiResult<Data<Membership>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "select i.id, i.family_id, i.role, f.name, i.accepted_at is not null or i.expires_at <= now() as spent
             from family_invites i join families f on f.id = i.family_id
             where i.token_hash = $1 for update of i",
            &[&tokens::hash(input.token.trim())],
        )
        .await?
        .ok_or_else(not_found)?;
    if row.get::<_, bool>(4) {
        return Err(expired());
    }
    let (invite_id, family_id): (Uuid, Uuid) = (row.get(0), row.get(1));
    let role = FamilyRole::parse(row.get(2))?;
    let inserted = tx
        .execute(
            "insert into family_members (family_id, user_id, role) values ($1, $2, $3)
             on conflict (family_id, user_id) do nothing",
            &[&family_id, &user.id, &role.as_str()],
        )
        .await?;
    if inserted == 0 {
        return Err(ApiError::conflict(
            "ALREADY_MEMBER",
            "You are already a member of this family",
        ));
    }
    tx.execute(
        "update family_invites set accepted_at = now(), accepted_by = $2 where id = $1",
        &[&invite_id, &user.id],
    )
    .await?;
    tx.commit().await?;
    Ok(Data(Membership {
        family_id,
        family_name: row.get(3),
        role,
    }))
}
