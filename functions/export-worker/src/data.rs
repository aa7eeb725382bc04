//! Everything of one family that goes into its archive, read in one snapshot.
//!
//! Records are read as JSON straight from their rows (`row_to_json`), so a column
//! added to a table later is exported without touching this file; only storage
//! keys and credentials are left out.

use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use shared::db::GenericClient;
use shared::{ApiError, ApiResult};
use trajectory::growth::{self, Sex};
use uuid::Uuid;

/// The record types exported, with their table and the order of their rows.
pub const RECORD_TYPES: &[(&str, &str)] = &[
    ("visits", "r.visit_date desc, r.visit_time desc nulls last"),
    ("measurements", "r.measured_on desc"),
    ("medical_events", "r.event_date desc"),
    ("illnesses", "r.start_date desc"),
];

/// A stored object to copy into the archive.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub child_id: Uuid,
    pub key: String,
    /// The original file name; `None` for an avatar, named after its type.
    pub filename: Option<String>,
    /// The attachment this file belongs to; `None` for an avatar.
    pub attachment_id: Option<Uuid>,
}

/// A family's data at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub family: Value,
    pub members: Vec<Value>,
    pub children: Vec<Value>,
    /// Rows per record type, in [`RECORD_TYPES`] order.
    pub records: Vec<(&'static str, Vec<Value>)>,
    pub attachments: Vec<Value>,
    pub history: Vec<Value>,
    pub files: Vec<StoredFile>,
}

async fn json_rows(
    client: &impl GenericClient,
    sql: &str,
    family_id: Uuid,
) -> ApiResult<Vec<Value>> {
    let rows = client.query(sql, &[&family_id]).await?;
    rows.iter()
        .map(|r| r.try_get::<_, Value>(0).map_err(ApiError::from))
        .collect()
}

/// Reads the family; `None` when it no longer exists. Run inside a repeatable-read
/// transaction so every part comes from the same moment.
pub async fn load(client: &impl GenericClient, family_id: Uuid) -> ApiResult<Option<Snapshot>> {
    let Some(family) = client
        .query_opt(
            "select json_build_object('id', id, 'name', name, 'created_at', created_at, 'updated_at', updated_at)
             from families where id = $1",
            &[&family_id],
        )
        .await?
    else {
        return Ok(None);
    };
    let members = json_rows(
        client,
        "select json_build_object('user_id', u.id, 'username', u.username, 'display_name', u.display_name,
                                  'role', m.role, 'joined_at', m.created_at)
         from family_members m join users u on u.id = m.user_id
         where m.family_id = $1 order by m.created_at, u.username",
        family_id,
    )
    .await?;
    let child_rows = client
        .query(
            "select row_to_json(c)::jsonb - 'avatar_key', c.id, c.avatar_key from children c
             where c.family_id = $1 order by c.date_of_birth, c.name, c.id",
            &[&family_id],
        )
        .await?;
    let mut children = Vec::new();
    let mut files = Vec::new();
    for row in &child_rows {
        children.push(row.try_get::<_, Value>(0)?);
        if let Some(key) = row.try_get::<_, Option<String>>(2)? {
            files.push(StoredFile {
                child_id: row.try_get(1)?,
                key,
                filename: None,
                attachment_id: None,
            });
        }
    }
    let mut records = Vec::new();
    for (table, order) in RECORD_TYPES {
        // Table names and orders come from the constant above, never from input.
        let sql = format!(
            "select row_to_json(r) from {table} r join children c on c.id = r.child_id
             where c.family_id = $1 order by c.date_of_birth, c.id, {order}, r.id"
        );
        records.push((*table, json_rows(client, &sql, family_id).await?));
    }
    let attachment_rows = client
        .query(
            "select row_to_json(a)::jsonb - 'object_key', a.child_id, a.object_key, a.filename, a.id
             from attachments a join children c on c.id = a.child_id
             where c.family_id = $1 order by c.date_of_birth, c.id, a.created_at, a.id",
            &[&family_id],
        )
        .await?;
    let mut attachments = Vec::new();
    for row in &attachment_rows {
        attachments.push(row.try_get::<_, Value>(0)?);
        files.push(StoredFile {
            child_id: row.try_get(1)?,
            key: row.try_get(2)?,
            filename: Some(row.try_get(3)?),
            attachment_id: Some(row.try_get(4)?),
        });
    }
    let history = json_rows(
        client,
        "select json_build_object('id', e.id, 'at', e.created_at, 'actor_id', e.actor_id,
                                  'actor', u.username, 'action', e.action, 'entity_type', e.entity_type,
                                  'entity_id', e.entity_id, 'child_id', e.scope_id, 'changes', e.changes)
         from audit_events e left join users u on u.id = e.actor_id
         where e.scope_id = $1 or e.scope_id in (select id from children where family_id = $1)
         order by e.created_at, e.id",
        family_id,
    )
    .await?;
    let mut snapshot = Snapshot {
        family: family.try_get(0)?,
        members,
        children,
        records,
        attachments,
        history,
        files,
    };
    add_growth_scores(&mut snapshot);
    Ok(Some(snapshot))
}

fn date(value: &Value) -> Option<NaiveDate> {
    value.as_str()?.get(..10)?.parse().ok()
}

/// Adds to each measurement its WHO scores: `growth: {indicator: {value, z, percentile}}`.
fn add_growth_scores(snapshot: &mut Snapshot) {
    let children: Vec<(Value, NaiveDate, Sex)> = snapshot
        .children
        .iter()
        .filter_map(|c| {
            let sex = if c["sex"] == "female" {
                Sex::Female
            } else {
                Sex::Male
            };
            Some((c["id"].clone(), date(&c["date_of_birth"])?, sex))
        })
        .collect();
    let Some((_, measurements)) = snapshot
        .records
        .iter_mut()
        .find(|(name, _)| *name == "measurements")
    else {
        return;
    };
    for m in measurements.iter_mut() {
        let Some((_, born, sex)) = children.iter().find(|(id, _, _)| *id == m["child_id"]) else {
            continue;
        };
        let Some(measured) = date(&m["measured_on"]) else {
            continue;
        };
        let input = growth::Input {
            age_days: (measured - *born).num_days(),
            sex: *sex,
            weight_kg: m["weight_kg"].as_f64(),
            height_cm: m["height_cm"].as_f64(),
            head_circumference_cm: m["head_circumference_cm"].as_f64(),
        };
        let scores: Map<String, Value> = growth::scores(&input)
            .into_iter()
            .map(|s| {
                let score = json!({"value": s.value, "z": s.z, "percentile": s.percentile});
                (s.indicator.as_str().to_string(), score)
            })
            .collect();
        m["age_days"] = json!(input.age_days);
        m["growth"] = Value::Object(scores);
    }
}

impl Snapshot {
    /// A child's name by id, for CSV columns and the report.
    pub fn child_name(&self, id: &Value) -> &str {
        self.children
            .iter()
            .find(|c| c["id"] == *id)
            .and_then(|c| c["name"].as_str())
            .unwrap_or("")
    }

    /// The rows of one record type.
    pub fn rows(&self, record_type: &str) -> &[Value] {
        self.records
            .iter()
            .find(|(name, _)| *name == record_type)
            .map_or(&[], |(_, rows)| rows.as_slice())
    }
}
