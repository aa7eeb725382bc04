//! Family invitations: created by an owner or parent and emailed through the
//! outbox. The link's token is minted by the email worker when it sends the
//! email, so it exists only there: never in an answer, a job or a log. An
//! invitation is accepted once within 7 days, only by the account whose verified
//! address was invited, and only while its creator may still invite: leaving,
//! being removed or losing write access withdraws the invitations a member made.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use const_format::concatcp;
use serde::{Deserialize, Serialize};
use shared::auth::{AuthUser, tokens};
use shared::db::Transaction;
use shared::domain::Email;
use shared::http::{ApiJson, ApiPath, Created, Data, DataOf};
use shared::jobs::{self, EmailJob, Job};
use shared::{ApiError, ApiResult, AppState, db, rate_limit};
use trajectory::access::{self, FamilyRole};
use uuid::Uuid;

use crate::members::AssignableRole;

/// How long an invitation works.
pub const INVITE_TTL_DAYS: i64 = 7;

/// True while the creator of invitation `i` may still invite: a member with
/// write access whose account is enabled.
const CREATOR_MAY_INVITE: &str = "exists (
    select 1 from family_members m join users c on c.id = m.user_id
    where m.family_id = i.family_id and m.user_id = i.invited_by
      and m.role in ('owner', 'parent') and not c.disabled)";

/// The member who created an invitation.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Inviter {
    user_id: Uuid,
    username: String,
    display_name: String,
}

/// A pending invitation to a family. Its link went only to `email`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FamilyInvite {
    id: Uuid,
    email: String,
    role: FamilyRole,
    invited_by: Inviter,
    expires_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl FamilyInvite {
    /// Reads a row of [`LIST`].
    fn from_row(r: &tokio_postgres::Row) -> Result<Self, ApiError> {
        Ok(Self {
            id: r.try_get("id")?,
            email: r.try_get("email")?,
            role: FamilyRole::parse(r.try_get("role")?)?,
            invited_by: Inviter {
                user_id: r.try_get("inviter_id")?,
                username: r.try_get("inviter_username")?,
                display_name: r.try_get("inviter_display_name")?,
            },
            expires_at: r.try_get("expires_at")?,
            created_at: r.try_get("created_at")?,
        })
    }
}

/// The pending invitations of family `$1` (or the one invitation `$2`, when
/// given) that still work, newest first.
const LIST: &str = concatcp!(
    "select i.id, i.email, i.role, i.expires_at, i.created_at,
            u.id as inviter_id, u.username as inviter_username,
            u.display_name as inviter_display_name
     from family_invites i join users u on u.id = i.invited_by
     where i.family_id = $1 and ($2::uuid is null or i.id = $2)
       and i.accepted_at is null and i.expires_at > now() and ",
    CREATOR_MAY_INVITE,
    " order by i.created_at desc"
);

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteInput {
    email: String,
    role: AssignableRole,
}

/// Pending invitations of a family, with who created each (owner or parent).
#[utoipa::path(get, path = "/api/families/{id}/invites", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    responses((status = 200, description = "Pending invitations", body = DataOf<Vec<FamilyInvite>>),
              (status = 403, description = "Read-only member")))]
pub async fn list(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Vec<FamilyInvite>>> {
    let client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?.require_write()?;
    let rows = client.query(LIST, &[&id, &None::<Uuid>]).await?;
    let invites = rows
        .iter()
        .map(FamilyInvite::from_row)
        .collect::<Result<_, ApiError>>()?;
    Ok(Data(invites))
}

/// Invites someone by email (owner or parent). The link goes only to that
/// address; the invitation is answered without it.
#[utoipa::path(post, path = "/api/families/{id}/invites", tag = "families", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Family id")),
    request_body = InviteInput,
    responses((status = 201, description = "Invitation created and emailed", body = DataOf<FamilyInvite>),
              (status = 403, description = "Read-only member"),
              (status = 409, description = "Already a member"),
              (status = 422, description = "Invalid email or role"),
              (status = 429, description = "Too many emails to this address or from this account")))]
pub async fn create(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<InviteInput>,
) -> ApiResult<Created<FamilyInvite>> {
    let email = Email::parse(&input.email).map_err(|e| ApiError::invalid_field("email", e))?;
    let role = input.role.role();
    let mut client = db::client(&state.db).await?;
    access::family(&client, &user, id).await?.require_write()?;
    let already: bool = client
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
    rate_limit::allow_mail(&state, email.as_str(), Some(user.id))
        .await?
        .or_429()?;
    let tx = client.transaction().await?;
    // Checked again under the transaction: access may have changed meanwhile.
    access::family(&tx, &user, id).await?.require_write()?;
    let expires_at = Utc::now() + Duration::days(INVITE_TTL_DAYS);
    let invite_id: Uuid = tx
        .query_one(
            "insert into family_invites (family_id, email, role, invited_by, expires_at)
             values ($1, $2, $3, $4, $5) returning id",
            &[&id, &email.as_str(), &role.as_str(), &user.id, &expires_at],
        )
        .await?
        .get(0);
    let job = Job::email(EmailJob::FamilyInvite { invite_id });
    jobs::enqueue(&tx, &job).await?;
    let row = tx.query_one(LIST, &[&id, &Some(invite_id)]).await?;
    let invite = FamilyInvite::from_row(&row)?;
    tx.commit().await?;
    jobs::dispatch(&state, &[job]).await;
    Ok(Created(invite))
}

/// Withdraws the pending invitations `user_id` created in family `family_id`:
/// they leave, are removed, or may no longer invite.
pub async fn withdraw_created_by(
    tx: &Transaction<'_>,
    family_id: Uuid,
    user_id: Uuid,
) -> Result<u64, ApiError> {
    Ok(tx
        .execute(
            "delete from family_invites
             where family_id = $1 and invited_by = $2 and accepted_at is null",
            &[&family_id, &user_id],
        )
        .await?)
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

/// True when invitation `i` no longer works: used, expired, or its creator may
/// no longer invite.
const SPENT: &str = concatcp!(
    "(i.accepted_at is not null or i.expires_at <= now() or not ",
    CREATOR_MAY_INVITE,
    ")"
);

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
            concatcp!(
                "select f.name, coalesce(nullif(u.display_name, ''), u.username, ''), i.email, i.role, i.expires_at, ",
                SPENT,
                " as spent
                 from family_invites i join families f on f.id = i.family_id
                 left join users u on u.id = i.invited_by
                 where i.token_hash = $1"
            ),
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

/// Joins the family with the invited role; the invitation is then used up. Only
/// the account whose verified address was invited may accept: a link passed on
/// (or kept by someone who has since lost access) lets no one else in.
#[utoipa::path(post, path = "/api/invites/accept", tag = "families", security(("bearer" = [])),
    request_body = TokenInput,
    responses((status = 200, description = "Now a member", body = DataOf<Membership>),
              (status = 403, description = "The invitation is for another address, or the caller's address is not verified"),
              (status = 404, description = "Unknown token"),
              (status = 409, description = "Already a member"),
              (status = 410, description = "Used, expired, or withdrawn with its creator's access")))]
pub async fn accept(
    user: AuthUser,
    State(state): State<AppState>,
    ApiJson(input): ApiJson<TokenInput>,
) -> ApiResult<Data<Membership>> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            concatcp!(
                "select i.id, i.family_id, i.role, f.name, ",
                SPENT,
                " as spent, lower(i.email) = lower(me.email) as mine,
                        me.email_verified_at is not null as verified
                 from family_invites i join families f on f.id = i.family_id
                 join users me on me.id = $2
                 where i.token_hash = $1 for update of i"
            ),
            &[&tokens::hash(input.token.trim()), &user.id],
        )
        .await?
        .ok_or_else(not_found)?;
    if row.get::<_, bool>("spent") {
        return Err(expired());
    }
    if !row.get::<_, bool>("mine") {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "INVITE_FOR_ANOTHER_EMAIL",
            "This invitation was sent to another email address: sign in with the account that uses it",
        ));
    }
    if !row.get::<_, bool>("verified") {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "EMAIL_NOT_VERIFIED",
            "Confirm your email address first: open the link we emailed you, or ask for a new one in your profile",
        ));
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
