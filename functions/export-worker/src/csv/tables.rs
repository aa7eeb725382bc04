//! The columns of each CSV file: one `"header" => cell` pair per column, so a
//! header and its cell cannot drift apart.

use std::borrow::Cow;

use trajectory::growth::Indicator;
use uuid::Uuid;

use super::Table;
use crate::data::{
    Attachment, Child, HistoryEvent, Illness, Measurement, MedicalEvent, Snapshot, Visit,
};
use crate::values::{Field, Shown};

/// Implements [`Table`] for a row type from its file name and its columns, each
/// cell written from the row (`$row`) and the snapshot.
macro_rules! table {
    ($t:ty, $file:literal, |$row:ident, $snapshot:pat_param| [
        $($header:literal => $cell:expr),+ $(,)?
    ]) => {
        impl Table for $t {
            const FILE: &'static str = $file;
            const HEADERS: &'static [&'static str] = &[$($header),+];

            fn cells<'a>(&'a self, $snapshot: &'a Snapshot) -> Vec<Shown<'a>> {
                let $row = self;
                vec![$($cell),+]
            }
        }
    };
}

/// The `child` column: the child's name.
fn child(snapshot: &Snapshot, id: Uuid) -> Shown<'_> {
    Shown::Text(Cow::Borrowed(snapshot.child_name(id)))
}

/// A WHO percentile column of a measurement.
fn percentile(m: &Measurement, indicator: Indicator) -> Shown<'static> {
    let growth = m.growth.as_ref();
    growth
        .and_then(|g| g.percentile(indicator))
        .map_or(Shown::Empty, Shown::Decimal)
}

table!(Child, "children.csv", |c, _| [
    "id" => c.id.shown(),
    "name" => c.name.shown(),
    "date_of_birth" => c.date_of_birth.shown(),
    "sex" => c.sex.shown(),
    "due_date" => c.due_date.shown(),
    "birth_weight_kg" => c.birth_weight_kg.shown(),
    "birth_length_cm" => c.birth_length_cm.shown(),
    "notes" => c.notes.shown(),
    "avatar_file" => c.avatar_file.shown(),
    "created_at" => c.created_at.shown(),
    "updated_at" => c.updated_at.shown(),
]);

table!(Visit, "visits.csv", |v, snapshot| [
    "child" => child(snapshot, v.child_id),
    "id" => v.id.shown(),
    "visit_date" => v.visit_date.shown(),
    "visit_time" => v.visit_time.shown(),
    "visit_type" => v.visit_type.shown(),
    "title" => v.title.shown(),
    "provider" => v.provider.shown(),
    "location" => v.location.shown(),
    "notes" => v.notes.shown(),
    "tags" => v.tags.shown(),
    "vaccines" => v.vaccines.shown(),
    "prescriptions" => v.prescriptions.shown(),
    "details" => v.details.shown(),
    "created_at" => v.created_at.shown(),
    "updated_at" => v.updated_at.shown(),
]);

table!(Measurement, "measurements.csv", |m, snapshot| [
    "child" => child(snapshot, m.child_id),
    "id" => m.id.shown(),
    "measured_on" => m.measured_on.shown(),
    "age_days" => m.age_days.shown(),
    "weight_kg" => m.weight_kg.shown(),
    "height_cm" => m.height_cm.shown(),
    "head_circumference_cm" => m.head_circumference_cm.shown(),
    "weight_for_age_percentile" => percentile(m, Indicator::WeightForAge),
    "length_height_for_age_percentile" => percentile(m, Indicator::LengthHeightForAge),
    "head_circumference_for_age_percentile" => percentile(m, Indicator::HeadCircumferenceForAge),
    "bmi_for_age_percentile" => percentile(m, Indicator::BmiForAge),
    "weight_for_length_height_percentile" => percentile(m, Indicator::WeightForLengthHeight),
    "visit_id" => m.visit_id.shown(),
    "notes" => m.notes.shown(),
    "created_at" => m.created_at.shown(),
    "updated_at" => m.updated_at.shown(),
]);

table!(MedicalEvent, "medical_events.csv", |e, snapshot| [
    "child" => child(snapshot, e.child_id),
    "id" => e.id.shown(),
    "kind" => e.kind.shown(),
    "name" => e.name.shown(),
    "event_date" => e.event_date.shown(),
    "end_date" => e.end_date.shown(),
    "dose" => e.dose.shown(),
    "notes" => e.notes.shown(),
    "created_at" => e.created_at.shown(),
    "updated_at" => e.updated_at.shown(),
]);

table!(Illness, "illnesses.csv", |i, snapshot| [
    "child" => child(snapshot, i.child_id),
    "id" => i.id.shown(),
    "illness_types" => i.illness_types.shown(),
    "start_date" => i.start_date.shown(),
    "end_date" => i.end_date.shown(),
    "symptoms" => i.symptoms.shown(),
    "max_temperature_c" => i.max_temperature_c.shown(),
    "severity" => i.severity.shown(),
    "visit_id" => i.visit_id.shown(),
    "notes" => i.notes.shown(),
    "created_at" => i.created_at.shown(),
    "updated_at" => i.updated_at.shown(),
]);

table!(Attachment, "attachments.csv", |a, snapshot| [
    "child" => child(snapshot, a.child_id),
    "id" => a.id.shown(),
    "filename" => a.filename.shown(),
    "file" => a.file.shown(),
    "document_type" => a.document_type.shown(),
    "content_type" => a.content_type.shown(),
    "size_bytes" => a.size_bytes.shown(),
    "owner_type" => a.owner_type.shown(),
    "owner_id" => a.owner_id.shown(),
    "created_at" => a.created_at.shown(),
]);

table!(HistoryEvent, "history.csv", |e, snapshot| [
    // The event's scope is a child, or the family itself (no child).
    "child" => e.child_id.map_or(Shown::Empty, |id| child(snapshot, id)),
    "at" => e.at.shown(),
    "actor" => e.actor.shown(),
    "action" => e.action.shown(),
    "entity_type" => e.entity_type.shown(),
    "entity_id" => e.entity_id.shown(),
    "changes" => e.changes.shown(),
]);

#[cfg(test)]
mod tests {
    use crate::csv::files;

    #[test]
    fn measurements_carry_their_percentiles_and_children_their_avatar() {
        let snapshot = crate::data::sample::snapshot();
        let files = files(&snapshot);
        let find = |name: &str| &files.iter().find(|(n, _)| *n == name).unwrap().1;
        let measurements = find("measurements.csv");
        let row: Vec<&str> = measurements.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(row[0], "Ada");
        assert_eq!(row[3], "366");
        assert_eq!(row[4], "8.95");
        let percentile: f64 = row[7].parse().unwrap();
        assert!((40.0..60.0).contains(&percentile), "{percentile}");
        assert_eq!(row[11], "", "no weight-for-length without a length");
        let children = find("children.csv");
        assert!(children.contains(",files/Ada/avatar.png,"), "{children}");
    }
}
