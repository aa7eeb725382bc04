//! A small family for unit tests: two children, one record of each type for Ada.

use serde_json::json;
use shared::domain::Sex;
use uuid::Uuid;

use super::*;
use crate::values::{TimeOfDay, Timestamp};

fn at(raw: &str) -> Timestamp {
    Timestamp(raw.parse().expect("a valid timestamp"))
}

fn date(raw: &str) -> chrono::NaiveDate {
    raw.parse().expect("a valid date")
}

fn child(name: &str, born: &str, sex: Sex) -> Child {
    Child {
        id: Uuid::new_v4(),
        family_id: Uuid::nil(),
        name: name.into(),
        date_of_birth: date(born),
        sex,
        due_date: None,
        birth_weight_kg: None,
        birth_length_cm: None,
        notes: String::new(),
        created_at: at("2025-01-01T09:00:00Z"),
        updated_at: at("2025-01-01T09:00:00Z"),
        avatar_key: None,
        avatar_file: None,
    }
}

/// The family, as [`load`] would read it, with its files placed.
pub fn snapshot() -> Snapshot {
    let created = at("2025-01-15T10:00:00.25Z");
    let mut ada = child("Ada", "2024-01-15", Sex::Female);
    ada.birth_weight_kg = Some(3.2);
    ada.avatar_key = Some("avatars/ada.png".into());
    let ada_id = ada.id;
    let bob = child("<b>Bob</b>", "2025-05-01", Sex::Male);
    let mut snapshot = Snapshot {
        family: Family {
            id: Uuid::nil(),
            name: "The Lovelaces".into(),
            created_at: created,
            updated_at: created,
        },
        members: vec![Member {
            user_id: Uuid::new_v4(),
            username: "ada_parent".into(),
            display_name: String::new(),
            role: "owner".into(),
            joined_at: created,
        }],
        children: vec![ada, bob],
        visits: vec![Visit {
            id: Uuid::new_v4(),
            child_id: ada_id,
            visit_type: "wellness".into(),
            visit_date: date("2025-01-15"),
            visit_time: Some(TimeOfDay("10:30:00".parse().expect("a time"))),
            location: "Clinic".into(),
            provider: "Dr. Who".into(),
            title: "One year".into(),
            notes: "Said \"hello\", then slept".into(),
            tags: vec!["checkup".into()],
            details: json!({}),
            vaccines: vec!["MMR".into(), "<Hib>".into()],
            prescriptions: json!([]),
            created_by: None,
            created_at: created,
            updated_at: created,
        }],
        measurements: vec![Measurement {
            id: Uuid::new_v4(),
            child_id: ada_id,
            measured_on: date("2025-01-15"),
            weight_kg: Some(8.95),
            height_cm: None,
            head_circumference_cm: None,
            visit_id: None,
            notes: String::new(),
            created_by: None,
            created_at: created,
            updated_at: created,
            age_days: None,
            growth: None,
        }],
        medical_events: vec![MedicalEvent {
            id: Uuid::new_v4(),
            child_id: ada_id,
            kind: "vaccine".into(),
            name: "MMR".into(),
            event_date: date("2025-01-20"),
            end_date: None,
            dose: String::new(),
            notes: String::new(),
            created_by: None,
            created_at: created,
            updated_at: created,
        }],
        illnesses: vec![Illness {
            id: Uuid::new_v4(),
            child_id: ada_id,
            illness_types: vec!["cold".into()],
            start_date: date("2025-01-10"),
            end_date: Some(date("2025-01-12")),
            symptoms: "=cough".into(),
            max_temperature_c: Some(38.5),
            severity: Some(3),
            visit_id: None,
            notes: String::new(),
            created_by: None,
            created_at: created,
            updated_at: created,
        }],
        attachments: vec![Attachment {
            id: Uuid::new_v4(),
            child_id: ada_id,
            owner_type: "child".into(),
            owner_id: ada_id,
            filename: "scan.pdf".into(),
            content_type: "application/pdf".into(),
            size_bytes: 1234,
            document_type: "lab".into(),
            uploaded_by: None,
            created_at: created,
            updated_at: created,
            object_key: "attachments/scan.pdf".into(),
            file: None,
            missing: false,
        }],
        history: vec![HistoryEvent {
            id: Uuid::new_v4(),
            at: created,
            actor_id: None,
            actor: Some("ada_parent".into()),
            action: "create".into(),
            entity_type: "child".into(),
            entity_id: ada_id,
            child_id: Some(ada_id),
            changes: json!({"name": {"after": "Ada"}}),
        }],
    };
    snapshot.add_growth_scores();
    for (file, path) in snapshot
        .files()
        .into_iter()
        .zip(["files/Ada/avatar.png", "files/Ada/scan.pdf"])
    {
        snapshot.place(file.owner, Some(path.into()));
    }
    snapshot
}

#[test]
fn files_are_placed_on_their_records() {
    let mut snapshot = snapshot();
    assert_eq!(
        snapshot.children[0].avatar_file,
        Some(Some("files/Ada/avatar.png".into()))
    );
    assert_eq!(snapshot.children[1].avatar_file, None, "Bob has no avatar");
    assert_eq!(
        snapshot.attachments[0].file.as_deref(),
        Some("files/Ada/scan.pdf")
    );
    snapshot.place(FileOwner::Attachment(0), None);
    assert!(snapshot.attachments[0].missing);
    assert_eq!(snapshot.child_name(snapshot.children[1].id), "<b>Bob</b>");
    assert_eq!(snapshot.child_name(Uuid::nil()), "");
}

#[test]
fn measurements_are_placed_on_the_who_reference_of_their_child() {
    let m = &snapshot().measurements[0];
    assert_eq!(m.age_days, Some(366));
    let json = serde_json::to_value(m).expect("serializes");
    let score = &json["growth"]["weight_for_age"];
    assert_eq!(score["value"], 8.95);
    assert!(
        score["z"].is_number() && score["percentile"].is_number(),
        "{json}"
    );
    assert_eq!(json["growth"].as_object().map(|g| g.len()), Some(1));
    assert_eq!(json["created_at"], "2025-01-15T10:00:00.25+00:00");
    assert!(json.get("object_key").is_none());
}
