//! What a person the provider vouched for may do here, in one transaction:
//!
//! 1. a signed-in user linking an identity: link it to their account;
//! 2. an identity already linked: sign its account in;
//! 3. an account with the address the provider *verified*: never linked
//!    silently, but offered a link once that account's password is given
//!    (`/sso/link`); an unverified address that belongs to an account is refused;
//! 4. no account: register one (role USER, no password) when the provider
//!    allows it, else refuse.
//!
//! Disabled accounts are refused at every step.

use chrono::{Duration, Utc};
use serde::Serialize;
use shared::audit::{self, Subject};
use shared::auth::account::UserView;
use shared::auth::tokens;
use shared::db::{Transaction, violated_constraint};
use shared::domain::{DisplayName, Email, Username};
use shared::oidc::ReturnPath;
use shared::oidc::flow::Person;
use shared::oidc::providers::{Provider, has_password};
use shared::{ApiError, ApiResult, AppState, db};
use uuid::Uuid;

use super::PENDING_TTL_MINUTES;
use super::callback::Pending;
use crate::session;

/// Where the sign-in ends.
pub(super) enum Outcome {
    SignedIn {
        refresh_token: String,
        return_to: ReturnPath,
    },
    Linked {
        return_to: ReturnPath,
    },
    ConfirmLink {
        ticket: String,
    },
    Refused(&'static str),
}

/// A linked identity as the audit trail records it.
#[derive(Serialize)]
pub(super) struct IdentityRecord<'a> {
    pub provider: &'a str,
    pub user_id: Uuid,
}

pub(super) async fn resolve(
    state: &AppState,
    provider: &Provider,
    pending: &Pending,
    person: Person,
) -> ApiResult<Outcome> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    if let Some(user_id) = pending.link_user {
        return link_signed_in(tx, provider, user_id, &person, &pending.return_to).await;
    }
    let linked = tx
        .query_opt(
            "update oidc_identities set last_login_at = now(), email = coalesce($3, email)
             where provider_id = $1 and subject = $2 returning user_id",
            &[&provider.id, &person.subject, &person.email],
        )
        .await?;
    if let Some(row) = linked {
        return sign_in(state, tx, row.get(0), &pending.return_to).await;
    }
    let owner = match &person.email {
        Some(email) => {
            tx.query_opt(
                "select id, disabled from users where lower(email) = lower($1)",
                &[email],
            )
            .await?
        }
        None => None,
    };
    if let Some(owner) = owner {
        let user_id: Uuid = owner.get("id");
        if owner.get::<_, bool>("disabled") {
            return Ok(Outcome::Refused("ACCOUNT_DISABLED"));
        }
        if !person.email_verified {
            return Ok(Outcome::Refused("OIDC_EMAIL_IN_USE"));
        }
        if !has_password(&tx, user_id).await? {
            // Its owner proves the address with a password reset first.
            return Ok(Outcome::Refused("OIDC_ACCOUNT_HAS_NO_PASSWORD"));
        }
        return offer_link(tx, provider, user_id, &person, &pending.return_to).await;
    }
    if !provider.auto_register {
        return Ok(Outcome::Refused("OIDC_NO_ACCOUNT"));
    }
    match register(&tx, provider, &person).await? {
        Ok(user_id) => sign_in(state, tx, user_id, &pending.return_to).await,
        Err(code) => Ok(Outcome::Refused(code)),
    }
}

/// The account, unless it is disabled.
async fn enabled_user(tx: &Transaction<'_>, user_id: Uuid) -> ApiResult<Option<UserView>> {
    match session::active_user(tx, user_id).await {
        Ok(user) => Ok(Some(user)),
        Err(e) if e.code() == "ACCOUNT_DISABLED" => Ok(None),
        Err(e) => Err(e),
    }
}

async fn sign_in(
    state: &AppState,
    tx: Transaction<'_>,
    user_id: Uuid,
    return_to: &ReturnPath,
) -> ApiResult<Outcome> {
    let Some(user) = enabled_user(&tx, user_id).await? else {
        return Ok(Outcome::Refused("ACCOUNT_DISABLED"));
    };
    let session = session::start(&tx, state, user).await?;
    tx.commit().await?;
    Ok(Outcome::SignedIn {
        refresh_token: session.refresh_token.unwrap_or_default(),
        return_to: return_to.clone(),
    })
}

/// Links `person` to `user_id`: the codes of the two ways it can be refused.
pub(super) async fn link(
    tx: &Transaction<'_>,
    provider: &Provider,
    user_id: Uuid,
    subject: &str,
    email: Option<&str>,
) -> ApiResult<Result<(), &'static str>> {
    let inserted = tx
        .query_one(
            "insert into oidc_identities (provider_id, user_id, subject, email)
             values ($1, $2, $3, $4) returning id",
            &[&provider.id, &user_id, &subject, &email],
        )
        .await;
    let id: Uuid = match inserted {
        Ok(row) => row.get(0),
        Err(e) => {
            return match violated_constraint(&e) {
                Some("oidc_identities_subject_key") => Ok(Err("OIDC_IDENTITY_IN_USE")),
                Some("oidc_identities_user_key") => Ok(Err("OIDC_ALREADY_LINKED")),
                _ => Err(e.into()),
            };
        }
    };
    let record = IdentityRecord {
        provider: &provider.slug,
        user_id,
    };
    let subject = Subject {
        actor_id: user_id,
        entity_type: "oidc_identity",
        entity_id: id,
        scope_id: None,
    };
    audit::change(tx, subject, None, Some(&record)).await?;
    Ok(Ok(()))
}

async fn link_signed_in(
    tx: Transaction<'_>,
    provider: &Provider,
    user_id: Uuid,
    person: &Person,
    return_to: &ReturnPath,
) -> ApiResult<Outcome> {
    if enabled_user(&tx, user_id).await?.is_none() {
        return Ok(Outcome::Refused("ACCOUNT_DISABLED"));
    }
    let linked = link(
        &tx,
        provider,
        user_id,
        &person.subject,
        person.email.as_deref(),
    )
    .await?;
    if let Err(code) = linked {
        return Ok(Outcome::Refused(code));
    }
    tx.commit().await?;
    Ok(Outcome::Linked {
        return_to: return_to.clone(),
    })
}

async fn offer_link(
    tx: Transaction<'_>,
    provider: &Provider,
    user_id: Uuid,
    person: &Person,
    return_to: &ReturnPath,
) -> ApiResult<Outcome> {
    let ticket = tokens::generate();
    let expires_at = Utc::now() + Duration::minutes(PENDING_TTL_MINUTES);
    tx.execute(
        "delete from oidc_link_requests where expires_at < now() - interval '1 day'",
        &[],
    )
    .await?;
    tx.execute(
        "insert into oidc_link_requests
             (ticket_hash, provider_id, user_id, subject, email, return_to, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &tokens::hash(&ticket),
            &provider.id,
            &user_id,
            &person.subject,
            &person.email,
            &return_to.as_str(),
            &expires_at,
        ],
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::ConfirmLink { ticket })
}

/// A new account for `person` with its identity linked; the code of why not.
async fn register(
    tx: &Transaction<'_>,
    provider: &Provider,
    person: &Person,
) -> ApiResult<Result<Uuid, &'static str>> {
    let Some(email) = person.email.as_deref().and_then(|e| Email::parse(e).ok()) else {
        return Ok(Err("OIDC_EMAIL_REQUIRED"));
    };
    let display_name = person
        .name
        .as_deref()
        .and_then(|name| DisplayName::parse(name).ok())
        .map(|name| name.into_string())
        .unwrap_or_default();
    let base = username_base(person, &email);
    let mut user_id = None;
    for candidate in username_candidates(&base) {
        // "!" is no hash: the account has no password until its owner sets one.
        let inserted = tx
            .query_opt(
                "insert into users (username, email, display_name, password_hash, role, email_verified_at)
                 values ($1, $2, $3, '!', 'USER', case when $4 then now() end)
                 on conflict ((lower(username))) do nothing
                 returning id",
                &[&candidate, &email.as_str(), &display_name, &person.email_verified],
            )
            .await;
        match inserted {
            Ok(Some(row)) => {
                user_id = Some(row.get::<_, Uuid>(0));
                break;
            }
            Ok(None) => continue,
            // Registered with this address a moment ago, by another way in.
            Err(e) if violated_constraint(&e) == Some("users_email_key") => {
                return Ok(Err("OIDC_EMAIL_IN_USE"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let user_id = user_id.ok_or_else(|| ApiError::internal("no free username"))?;
    if let Err(code) = link(tx, provider, user_id, &person.subject, Some(email.as_str())).await? {
        return Ok(Err(code));
    }
    Ok(Ok(user_id))
}

/// A username from what the provider calls the person: their preferred
/// username, else the address's local part, kept to the username alphabet.
fn username_base(person: &Person, email: &Email) -> String {
    let local = email.as_str().split('@').next().unwrap_or_default();
    let raw = person
        .preferred_username
        .as_deref()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(local);
    let kept: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(24)
        .collect();
    if kept.len() < 3 {
        format!("user{kept}")
    } else {
        kept
    }
}

/// `base`, `base-2` … `base-20`, then random suffixes: all valid usernames.
fn username_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_string())
        .chain((2..=20).map(move |n| format!("{base}-{n}")))
        .chain((0..5).map(move |_| format!("{base}-{}", &Uuid::new_v4().simple().to_string()[..6])))
        .filter(|name| Username::parse(name).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(preferred: Option<&str>) -> Person {
        Person {
            subject: "s".into(),
            email: Some("ada.l@example.org".into()),
            email_verified: true,
            name: None,
            preferred_username: preferred.map(str::to_string),
        }
    }

    #[test]
    fn usernames_come_from_what_the_provider_says() {
        let email = Email::parse("ada.l@example.org").unwrap();
        assert_eq!(username_base(&person(Some("ada")), &email), "ada");
        assert_eq!(username_base(&person(None), &email), "ada.l");
        assert_eq!(username_base(&person(Some("Ädä Love")), &email), "dLove");
        assert_eq!(username_base(&person(Some("é")), &email), "user");
        let long = "x".repeat(40);
        assert_eq!(username_base(&person(Some(&long)), &email).len(), 24);
        let names: Vec<String> = username_candidates("ada").take(3).collect();
        assert_eq!(names, ["ada", "ada-2", "ada-3"]);
        assert!(username_candidates(&"x".repeat(24)).all(|n| Username::parse(&n).is_ok()));
    }
}
