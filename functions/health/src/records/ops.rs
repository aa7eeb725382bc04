//! The operations on one kind of child record, each in one transaction: list,
//! create, read, update with the stale check, delete with the record's files, each
//! change audited.

use axum::http::HeaderMap;
use serde::Serialize;
use shared::audit::{self, Subject};
use shared::auth::AuthUser;
use shared::db::{GenericClient, Transaction};
use shared::paging::{self, DateRange, Page, Paged};
use shared::records::{self, Patch};
use shared::{ApiError, ApiResult, AppState, db, storage};
use tokio_postgres::types::ToSql;
use trajectory::access::{self, ChildAccess, RecordKind};
use uuid::Uuid;

use super::{ChildRecord, child_access_and_facts, child_facts};

/// One record, read after the caller's access to it was checked.
pub async fn load<R: ChildRecord>(client: &impl GenericClient, id: Uuid) -> ApiResult<R::Shown> {
    let row = client
        .query_opt(R::LOAD, &[&id])
        .await?
        .ok_or_else(|| ApiError::not_found(R::KIND.noun()))?;
    R::from_row(&row)
}

/// A page of a child's records of kind `R` in the date range; `filters` are the
/// kind's own (`$4` onwards of its list query). The caller's access is part of the
/// page's statement; only an empty page asks again, to tell "none" from "not yours".
pub async fn list<R: ChildRecord>(
    state: &AppState,
    user: &AuthUser,
    child_id: Uuid,
    range: DateRange,
    page: Page,
    filters: &[&(dyn ToSql + Sync)],
) -> ApiResult<Paged<R::Shown>> {
    let client = db::client(&state.db).await?;
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&child_id, &range.from, &range.to];
    params.extend_from_slice(filters);
    params.push(&user.id);
    let q = R::LIST;
    let from_where = format!(
        "{} and {}",
        q.from_where,
        access::caller_sees_child("$1", params.len())
    );
    let rows = paging::fetch(&client, q.columns, &from_where, q.order, &params, page).await?;
    if rows.0.is_empty() {
        access::child(&client, user, child_id).await?;
    }
    Paged::from_rows(rows, page, R::from_row)
}

/// Records a new record of a child (owner or parent).
pub async fn create<R: ChildRecord>(
    state: &AppState,
    user: &AuthUser,
    child_id: Uuid,
    input: R::Fields,
) -> ApiResult<R::Shown> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let (access, facts) = child_access_and_facts(&tx, user, child_id).await?;
    access.require_write()?;
    let fields = R::check(&tx, &access, &facts, input).await?;
    let values = R::values(&fields)?;
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&access.child_id];
    params.extend(values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)));
    params.push(&user.id);
    let id: Uuid = tx.query_one(R::INSERT, &params).await?.try_get(0)?;
    let after = load::<R>(&tx, id).await?;
    audit::<R>(&tx, user, &access, id, None, Some(R::fields(&after))).await?;
    tx.commit().await?;
    Ok(after)
}

/// One record, for any member of its child's family: the record and the caller's
/// access to it are read in one statement.
pub async fn get<R: ChildRecord>(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
) -> ApiResult<R::Shown> {
    let client = db::client(&state.db).await?;
    let statement = format!(
        "select * from ({}) as loaded where {}",
        R::LOAD,
        access::caller_sees_child("loaded.child_id", 2)
    );
    let row = client
        .query_opt(&statement, &[&id, &user.id])
        .await?
        .ok_or_else(|| ApiError::not_found(R::KIND.noun()))?;
    R::from_row(&row)
}

/// Changes a record (owner or parent): locked, checked against the `updated_at` the
/// client last saw (body or `If-Match`), patched, checked again, audited.
pub async fn update<R: ChildRecord>(
    state: &AppState,
    user: &AuthUser,
    id: Uuid,
    headers: &HeaderMap,
    patch: R::Patch,
) -> ApiResult<R::Shown> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::record(&tx, user, R::KIND, id).await?;
    access.require_write()?;
    records::lock(&tx, R::KIND.table(), id, R::KIND.noun()).await?;
    let before = load::<R>(&tx, id).await?;
    records::check_fresh(patch.seen(), headers, R::meta(&before).updated_at)?;
    let facts = child_facts(&tx, &access).await?;
    let fields = R::check(
        &tx,
        &access,
        &facts,
        patch.apply(R::fields(&before).clone()),
    )
    .await?;
    let values = R::values(&fields)?;
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&id];
    params.extend(values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)));
    tx.execute(R::UPDATE, &params).await?;
    let after = load::<R>(&tx, id).await?;
    let (old, new) = (R::fields(&before), R::fields(&after));
    audit::<R>(&tx, user, &access, id, Some(old), Some(new)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a record with its attachments (owner or parent). The files' objects are
/// queued in the same transaction; the scheduler deletes them from the bucket.
pub async fn delete<R: ChildRecord>(state: &AppState, user: &AuthUser, id: Uuid) -> ApiResult<()> {
    let mut client = db::client(&state.db).await?;
    let tx = client.transaction().await?;
    let access = access::record(&tx, user, R::KIND, id).await?;
    access.require_write()?;
    let before = load::<R>(&tx, id).await?;
    R::before_delete(&tx, user, &access, id).await?;
    let keys: Vec<String> = tx
        .query(
            "delete from attachments where owner_type = $1 and owner_id = $2 returning object_key",
            &[&R::KIND.entity_type(), &id],
        )
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    storage::delete_later(&tx, &keys).await?;
    let statement = format!("delete from {} where id = $1", R::KIND.table());
    tx.execute(&statement, &[&id]).await?;
    audit::<R>(&tx, user, &access, id, Some(R::fields(&before)), None).await?;
    tx.commit().await?;
    Ok(())
}

/// Records who created, changed or deleted a record, with a `{before, after}` per
/// field.
async fn audit<R: ChildRecord>(
    tx: &Transaction<'_>,
    user: &AuthUser,
    access: &ChildAccess,
    id: Uuid,
    before: Option<&R::Fields>,
    after: Option<&R::Fields>,
) -> ApiResult<()> {
    audit_kind(tx, user, access, R::KIND, id, before, after).await
}

/// [`audit`] for a kind named at run time, with any serialisable state (a part of
/// the fields).
pub async fn audit_kind<T: Serialize>(
    tx: &Transaction<'_>,
    user: &AuthUser,
    access: &ChildAccess,
    kind: RecordKind,
    id: Uuid,
    before: Option<&T>,
    after: Option<&T>,
) -> ApiResult<()> {
    let subject = Subject {
        actor_id: user.id,
        entity_type: kind.entity_type(),
        entity_id: id,
        scope_id: Some(access.child_id),
    };
    audit::change(tx, subject, before, after).await
}
