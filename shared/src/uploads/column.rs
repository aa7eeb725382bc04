//! The one object a record keeps in one column: a campaign's cover, a
//! response's screenshot. Replacing or clearing it queues the previous object
//! for deletion in the same transaction, so an object is never left behind nor
//! deleted while its record still names it.

use uuid::Uuid;

use crate::db::Transaction;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::storage;

/// A column of a table that holds one object's key (or null). Both names are
/// literals of the module's, never input.
#[derive(Debug, Clone, Copy)]
pub struct ObjectColumn {
    pub table: &'static str,
    pub column: &'static str,
    /// What the row is, for the 404 when there is none ("Campaign").
    pub noun: &'static str,
}

impl ObjectColumn {
    /// Sets the column of row `id` to `key` (`None` clears it), the row locked
    /// until the transaction ends; the previous object is queued for deletion
    /// and its key answered, for [`storage::drain_deletions`] after commit.
    pub async fn replace(
        &self,
        tx: &Transaction<'_>,
        id: Uuid,
        key: Option<&str>,
    ) -> ApiResult<Vec<String>> {
        let (table, column) = (self.table, self.column);
        let previous: Option<String> = tx
            .query_opt(
                &format!("select {column} from {table} where id = $1 for update"),
                &[&id],
            )
            .await?
            .ok_or_else(|| ApiError::not_found(self.noun))?
            .try_get(0)?;
        tx.execute(
            &format!("update {table} set {column} = $2 where id = $1"),
            &[&id, &key],
        )
        .await?;
        let stale: Vec<String> = previous
            .into_iter()
            .filter(|p| Some(p.as_str()) != key)
            .collect();
        storage::delete_later(tx, &stale).await?;
        Ok(stale)
    }

    /// Clears the column of row `id` and deletes its object.
    pub async fn clear(&self, state: &AppState, id: Uuid) -> ApiResult<()> {
        let stale = {
            let mut client = crate::db::client(&state.db).await?;
            let tx = client.transaction().await?;
            let stale = self.replace(&tx, id, None).await?;
            tx.commit().await?;
            stale
        };
        storage::drain_deletions(state, Some(&stale)).await?;
        Ok(())
    }
}
