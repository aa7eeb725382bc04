//! Everything of one family that goes into its archive, read in one snapshot.
//!
//! One struct per exported table, read from `tokio_postgres::Row` by column name,
//! so that data.json, the CSV files and the report are written from typed fields:
//! a renamed or dropped column fails the build (or the read) instead of leaving
//! blank cells. Storage keys and credentials are never exported.

mod family;
mod records;

use shared::ApiResult;
use shared::db::GenericClient;
use tokio_postgres::Row;
use trajectory::growth;
use uuid::Uuid;

pub use family::{Child, Family, HistoryEvent, Member};
pub use records::{Attachment, Growth, Illness, Measurement, MedicalEvent, Visit};

/// A row type of the archive, with the query that reads it.
pub trait FromRow: Sized {
    /// Selects the rows of one family (`$1`), in the archive's order.
    const SQL: &'static str;

    fn from_row(row: &Row) -> ApiResult<Self>;
}

async fn rows<T: FromRow>(client: &impl GenericClient, family_id: Uuid) -> ApiResult<Vec<T>> {
    let rows = client.query(T::SQL, &[&family_id]).await?;
    rows.iter().map(T::from_row).collect()
}

/// A family's data at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub family: Family,
    pub members: Vec<Member>,
    pub children: Vec<Child>,
    pub visits: Vec<Visit>,
    pub measurements: Vec<Measurement>,
    pub medical_events: Vec<MedicalEvent>,
    pub illnesses: Vec<Illness>,
    pub attachments: Vec<Attachment>,
    pub history: Vec<HistoryEvent>,
}

/// A stored object to copy into the archive.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub child_id: Uuid,
    pub key: String,
    /// The original file name; `None` for an avatar, named after its type.
    pub filename: Option<String>,
    /// Whose file it is, to record where it went.
    pub owner: FileOwner,
}

/// The record a stored file belongs to, by its index in the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOwner {
    Avatar(usize),
    Attachment(usize),
}

/// Reads the family; `None` when it no longer exists. Run inside a repeatable-read
/// transaction so every part comes from the same moment.
pub async fn load(client: &impl GenericClient, family_id: Uuid) -> ApiResult<Option<Snapshot>> {
    let Some(family) = rows::<Family>(client, family_id).await?.into_iter().next() else {
        return Ok(None);
    };
    let mut snapshot = Snapshot {
        family,
        members: rows(client, family_id).await?,
        children: rows(client, family_id).await?,
        visits: rows(client, family_id).await?,
        measurements: rows(client, family_id).await?,
        medical_events: rows(client, family_id).await?,
        illnesses: rows(client, family_id).await?,
        attachments: rows(client, family_id).await?,
        history: rows(client, family_id).await?,
    };
    snapshot.add_growth_scores();
    Ok(Some(snapshot))
}

impl Snapshot {
    /// Places each measurement on the WHO reference for its child's age and sex.
    fn add_growth_scores(&mut self) {
        for m in &mut self.measurements {
            let Some(child) = self.children.iter().find(|c| c.id == m.child_id) else {
                continue;
            };
            let input = growth::Input {
                age_days: (m.measured_on - child.date_of_birth).num_days(),
                sex: child.sex,
                weight_kg: m.weight_kg,
                height_cm: m.height_cm,
                head_circumference_cm: m.head_circumference_cm,
            };
            m.age_days = Some(input.age_days);
            m.growth = Some(Growth(growth::scores(&input)));
        }
    }

    /// The stored objects to copy: every avatar, then every attachment.
    pub fn files(&self) -> Vec<StoredFile> {
        let avatars = self.children.iter().enumerate().filter_map(|(i, c)| {
            Some(StoredFile {
                child_id: c.id,
                key: c.avatar_key.clone()?,
                filename: None,
                owner: FileOwner::Avatar(i),
            })
        });
        let attachments = self
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| StoredFile {
                child_id: a.child_id,
                key: a.object_key.clone(),
                filename: Some(a.filename.clone()),
                owner: FileOwner::Attachment(i),
            });
        avatars.chain(attachments).collect()
    }

    /// Records where a file went in the archive (`None`: storage did not have it).
    pub fn place(&mut self, owner: FileOwner, path: Option<String>) {
        match owner {
            FileOwner::Avatar(i) => {
                if let Some(child) = self.children.get_mut(i) {
                    child.avatar_file = Some(path);
                }
            }
            FileOwner::Attachment(i) => {
                if let Some(attachment) = self.attachments.get_mut(i) {
                    attachment.missing = path.is_none();
                    attachment.file = path;
                }
            }
        }
    }

    /// A child's name by id, for CSV columns and the report.
    pub fn child_name(&self, id: Uuid) -> &str {
        self.children
            .iter()
            .find(|c| c.id == id)
            .map_or("", |c| c.name.as_str())
    }
}

#[cfg(test)]
pub mod sample;
