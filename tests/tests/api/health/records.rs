//! Medical events and illnesses.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn medical_events_record_vaccines_medications_and_procedures() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let events = format!("/api/children/{}/medical-events", f.child);
    let vaccine = app
        .create_record(
            &f.parent.access,
            &events,
            json!({"kind": "vaccine", "name": " MMR ", "date": "2025-01-20", "dose": "1st dose"}),
        )
        .await;
    assert_eq!(vaccine["name"], "MMR");
    assert_eq!(vaccine["date"], "2025-01-20");
    let medication = app
        .create_record(
            &f.owner.access,
            &events,
            json!({"kind": "medication", "name": "Amoxicillin", "date": "2025-03-01",
                   "end_date": "2025-03-10", "dose": "5 ml twice a day"}),
        )
        .await;
    app.create_record(
        &f.owner.access,
        &events,
        json!({"kind": "procedure", "name": "Tongue-tie release", "date": "2024-02-01", "notes": "quick"}),
    )
    .await;
    // A planned vaccine, a few months ahead.
    app.create_record(
        &f.owner.access,
        &events,
        json!({"kind": "vaccine", "name": "DTaP booster", "date": from_today(90)}),
    )
    .await;

    let all = app.read(&f.reader.access, &events).await;
    assert_eq!(all["meta"]["total"], 4);
    let names: Vec<&str> = column(&all, "name")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert_eq!(
        names,
        ["DTaP booster", "Amoxicillin", "MMR", "Tongue-tie release"]
    );
    let vaccines = app
        .read(&f.reader.access, &format!("{events}?kind=vaccine"))
        .await;
    assert_eq!(vaccines["meta"]["total"], 2);
    let in_2025 = app
        .read(
            &f.reader.access,
            &format!("{events}?from=2025-01-01&to=2025-12-31"),
        )
        .await;
    assert_eq!(in_2025["meta"]["total"], 2);

    let path = format!("/api/medical-events/{}", id(&medication));
    let open_ended = app
        .update_record(
            &f.parent.access,
            &path,
            json!({"end_date": null, "dose": "5 ml"}),
        )
        .await;
    assert_eq!(open_ended["end_date"], Value::Null);
    assert_eq!(open_ended["dose"], "5 ml");
    let response = app
        .patch_as(
            &path,
            &f.parent.access,
            json!({"kind": "vaccine", "end_date": "2025-03-04"}),
        )
        .await;
    expect_invalid(response, "end_date", "a vaccine with an end date").await;

    assert_eq!(
        app.delete_as(&path, &f.owner.access).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&path, &f.owner.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn invalid_medical_events_are_refused_field_by_field() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let events = format!("/api/children/{}/medical-events", f.child);
    let cases = [
        (
            json!({"kind": "vaccine", "name": " ", "date": "2025-01-01"}),
            "name",
            "a blank name",
        ),
        (
            json!({"kind": "vaccine", "name": "x".repeat(201), "date": "2025-01-01"}),
            "name",
            "a name of 201 characters",
        ),
        (
            json!({"kind": "vaccine", "name": "MMR", "date": "2025-01-01", "end_date": "2025-01-02"}),
            "end_date",
            "a vaccine with an end date",
        ),
        (
            json!({"kind": "medication", "name": "Ibuprofen", "date": "2025-01-05", "end_date": "2025-01-02"}),
            "end_date",
            "ending before it started",
        ),
        (
            json!({"kind": "procedure", "name": "X-ray", "date": "2023-12-01"}),
            "date",
            "before birth",
        ),
        (
            json!({"kind": "vaccine", "name": "MMR", "date": from_today(3 * 366)}),
            "date",
            "three years ahead",
        ),
        (
            json!({"kind": "medication", "name": "Ibuprofen", "date": "2025-01-05", "dose": "x".repeat(201)}),
            "dose",
            "a dose of 201 characters",
        ),
    ];
    for (input, field, case) in cases {
        let response = app.post_as(&events, &f.owner.access, input).await;
        expect_invalid(response, field, case).await;
    }
    let mixed_up = [
        (
            json!({"kind": "surgery", "name": "X", "date": "2025-01-01"}),
            "an unknown kind",
        ),
        (
            json!({"kind": "vaccine", "name": "X", "date": "soon"}),
            "a date in words",
        ),
        (
            json!({"kind": "vaccine", "name": 42, "date": "2025-01-01"}),
            "a name as a number",
        ),
        (
            json!({"kind": "vaccine", "name": "X", "event_date": "2025-01-01"}),
            "the column name instead of date",
        ),
    ];
    for (input, case) in mixed_up {
        expect_mixed_up(app.post_as(&events, &f.owner.access, input).await, case).await;
    }
}

#[tokio::test]
async fn illnesses_record_types_dates_temperature_and_severity() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let illnesses = format!("/api/children/{}/illnesses", f.child);
    let flu = app
        .create_record(
            &f.parent.access,
            &illnesses,
            json!({"illness_types": ["flu", "flu", "covid"], "start_date": "2025-02-01",
                   "end_date": "2025-02-05", "max_temperature_c": 39.2, "severity": 6,
                   "symptoms": "fever, cough"}),
        )
        .await;
    assert_eq!(flu["illness_types"], json!(["flu", "covid"]));
    assert_eq!(flu["max_temperature_c"], 39.2);
    assert_eq!(flu["severity"], 6);
    let ongoing = app
        .create_record(
            &f.owner.access,
            &illnesses,
            json!({"illness_types": ["hand_foot_mouth"], "start_date": from_today(-2)}),
        )
        .await;
    assert_eq!(ongoing["end_date"], Value::Null);
    app.create_record(
        &f.owner.access,
        &illnesses,
        json!({"illness_types": ["pink_eye"], "start_date": "2024-06-01", "end_date": "2024-06-03"}),
    )
    .await;

    let all = app.read(&f.reader.access, &illnesses).await;
    assert_eq!(all["meta"]["total"], 3);
    assert_eq!(all["data"][0]["id"], ongoing["id"], "newest first");
    // `from`/`to` keep the illnesses that overlap the range.
    let overlapping = app
        .read(
            &f.reader.access,
            &format!("{illnesses}?from=2025-02-04&to=2025-02-10"),
        )
        .await;
    assert_eq!(column(&overlapping, "id"), [&flu["id"]]);
    let lately = app
        .read(
            &f.reader.access,
            &format!("{illnesses}?from={}", from_today(-1)),
        )
        .await;
    assert_eq!(
        column(&lately, "id"),
        [&ongoing["id"]],
        "ongoing illnesses overlap today"
    );

    let path = format!("/api/illnesses/{}", id(&ongoing));
    let over = app
        .update_record(
            &f.parent.access,
            &path,
            json!({"end_date": from_today(0), "severity": 3, "updated_at": ongoing["updated_at"]}),
        )
        .await;
    assert_eq!(over["end_date"], from_today(0));
    assert_eq!(over["severity"], 3);
    assert_eq!(
        app.delete_as(&path, &f.parent.access).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&path, &f.reader.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn invalid_illnesses_are_refused_field_by_field() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let illnesses = format!("/api/children/{}/illnesses", f.child);
    let theirs = app
        .create_record(
            &f.outsider.access,
            &format!("/api/children/{}/visits", f.other_child),
            json!({"type": "wellness", "visit_date": "2025-01-01"}),
        )
        .await;
    let start = "2025-01-10";
    let with = |extra: Value| {
        let mut input = json!({"illness_types": ["cold"], "start_date": start});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        input
    };
    let cases = [
        (
            with(json!({"illness_types": []})),
            "illness_types",
            "no illness type",
        ),
        (
            with(json!({"end_date": "2025-01-09"})),
            "end_date",
            "ending before it started",
        ),
        (
            with(json!({"start_date": "2024-01-14"})),
            "start_date",
            "before birth",
        ),
        (
            with(json!({"start_date": from_today(1)})),
            "start_date",
            "starting tomorrow",
        ),
        (
            with(json!({"end_date": from_today(1)})),
            "end_date",
            "ending tomorrow",
        ),
        (
            with(json!({"max_temperature_c": 34.9})),
            "max_temperature_c",
            "34.9 °C",
        ),
        (
            with(json!({"max_temperature_c": 45.1})),
            "max_temperature_c",
            "45.1 °C",
        ),
        (with(json!({"severity": 0})), "severity", "severity 0"),
        (with(json!({"severity": 11})), "severity", "severity 11"),
        (
            with(json!({"visit_id": theirs["id"]})),
            "visit_id",
            "another family's visit",
        ),
        (
            with(json!({"symptoms": "x".repeat(2001)})),
            "symptoms",
            "symptoms of 2001 characters",
        ),
    ];
    for (input, field, case) in cases {
        let response = app.post_as(&illnesses, &f.owner.access, input).await;
        expect_invalid(response, field, case).await;
    }
    let mixed_up = [
        (
            with(json!({"illness_types": ["plague"]})),
            "an unknown illness type",
        ),
        (with(json!({"illness_types": "cold"})), "types as a string"),
        (with(json!({"severity": 5.5})), "a fractional severity"),
        (with(json!({"severity": "high"})), "severity in words"),
        (json!({"illness_types": ["cold"]}), "no start date"),
    ];
    for (input, case) in mixed_up {
        expect_mixed_up(app.post_as(&illnesses, &f.owner.access, input).await, case).await;
    }
    let edges = app
        .create_record(
            &f.owner.access,
            &illnesses,
            with(json!({"max_temperature_c": 35, "severity": 10, "end_date": start})),
        )
        .await;
    assert_eq!(edges["max_temperature_c"], 35.0);
}

#[tokio::test]
async fn deleting_a_record_removes_its_attachments_and_their_files() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let illness = app
        .create_record(
            &f.owner.access,
            &format!("/api/children/{}/illnesses", f.child),
            json!({"illness_types": ["croup"], "start_date": "2025-01-10"}),
        )
        .await;
    let illness_id: uuid::Uuid = id(&illness).parse().unwrap();
    let key = format!("attachments/{}/{}", f.child, uuid::Uuid::new_v4());
    let db = app.db().await;
    db.execute(
        "insert into attachments (child_id, owner_type, owner_id, object_key, filename, content_type, size_bytes)
         values ($1, 'illness', $2, $3, 'letter.pdf', 'application/pdf', 10)",
        &[&f.child, &illness_id, &key],
    )
    .await
    .unwrap();

    let deleted = app
        .delete_as(&format!("/api/illnesses/{illness_id}"), &f.parent.access)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let count = |sql: &'static str| {
        let db = &db;
        let key = key.clone();
        async move { db.query_one(sql, &[&key]).await.unwrap().get::<_, i64>(0) }
    };
    assert_eq!(
        count("select count(*) from attachments where object_key = $1").await,
        0
    );
    assert_eq!(
        count("select count(*) from object_deletions where object_key = $1").await,
        1,
        "the file waits for the scheduler"
    );
    app.tick().await;
    assert_eq!(
        count("select count(*) from object_deletions where object_key = $1").await,
        0
    );
}
