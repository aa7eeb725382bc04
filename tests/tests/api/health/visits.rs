//! Visits of every type, appointments, and what each type needs.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

#[tokio::test]
async fn a_parent_records_each_kind_of_visit_and_the_family_reads_them() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let visits = format!("/api/children/{}/visits", f.child);
    let wellness = app
        .create_record(
            &f.parent.access,
            &visits,
            json!({"type": "wellness", "visit_date": "2025-01-15", "visit_time": "09:30:00",
                   "provider": "  Dr Quinn ", "location": "Riverside clinic", "tags": ["checkup", "checkup", " 1y "],
                   "vaccines": ["MMR"],
                   "prescriptions": [{"medication": "Vitamin D", "dosage": "400 IU", "duration": "daily"}]}),
        )
        .await;
    assert_eq!(wellness["provider"], "Dr Quinn");
    assert_eq!(wellness["visit_time"], "09:30");
    assert_eq!(wellness["tags"], json!(["checkup", "1y"]));
    assert_eq!(wellness["prescriptions"][0]["dosage"], "400 IU");
    assert_eq!(wellness["created_by"], f.parent.id.to_string());
    assert_eq!(
        (&wellness["vision"], &wellness["dental"]),
        (&Value::Null, &Value::Null)
    );

    let sick = app
        .create_record(
            &f.parent.access,
            &visits,
            json!({"type": "sick", "visit_date": "2025-02-10",
                   "illness_types": ["flu", "ear_infection"], "symptoms": "fever"}),
        )
        .await;
    app.create_record(
        &f.owner.access,
        &visits,
        json!({"type": "injury", "visit_date": "2025-03-05", "injury_type": "cut",
               "injury_location": "knee", "treatment": "two stitches"}),
    )
    .await;
    let vision = app
        .create_record(
            &f.owner.access,
            &visits,
            json!({"type": "vision", "visit_date": "2025-04-01",
                   "vision": {"right_eye": {"sphere": -1.25, "cylinder": -0.5, "axis": 90},
                              "left_eye": {"sphere": -1.0}, "glasses_ordered": true}}),
        )
        .await;
    app.create_record(
        &f.owner.access,
        &visits,
        json!({"type": "dental", "visit_date": "2025-05-01",
               "dental": {"procedures": ["cleaning"], "cleaning": true, "cavities_found": 1,
                          "cavities_filled": 1, "xrays": true, "fluoride": true}}),
    )
    .await;
    // An appointment: a sick visit ahead does not need its illness types yet.
    app.create_record(
        &f.parent.access,
        &visits,
        json!({"type": "sick", "visit_date": from_today(30), "title": "Follow-up"}),
    )
    .await;

    let all = app.read(&f.reader.access, &visits).await;
    assert_eq!(all["meta"]["total"], 6);
    let types: Vec<&str> = column(&all, "type")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert_eq!(
        types,
        ["sick", "dental", "vision", "injury", "sick", "wellness"],
        "newest first, the appointment ahead on top"
    );
    let spring = app
        .read(
            &f.reader.access,
            &format!("{visits}?from=2025-02-01&to=2025-04-30"),
        )
        .await;
    assert_eq!(spring["meta"]["total"], 3);
    let dental = app
        .read(&f.reader.access, &format!("{visits}?type=dental"))
        .await;
    assert_eq!(column(&dental, "type"), [&json!("dental")]);
    let second_page = app
        .read(&f.reader.access, &format!("{visits}?limit=4&page=2"))
        .await;
    assert_eq!(second_page["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        second_page["meta"],
        json!({"page": 2, "limit": 4, "total": 6})
    );

    let read = app
        .read(&f.reader.access, &format!("/api/visits/{}", id(&vision)))
        .await;
    assert_eq!(read["data"]["vision"]["right_eye"]["axis"], 90);
    assert_eq!(read["data"]["vision"]["contacts_ordered"], false);

    // Turning the sick visit into a wellness visit drops what only sick visits have.
    let changed = app
        .update_record(
            &f.owner.access,
            &format!("/api/visits/{}", id(&sick)),
            json!({"type": "wellness", "visit_time": "16:05", "updated_at": sick["updated_at"]}),
        )
        .await;
    assert_eq!(changed["type"], "wellness");
    assert_eq!(changed["illness_types"], json!([]));
    assert_eq!(changed["symptoms"], "");
    assert_eq!(changed["visit_time"], "16:05");
    let cleared = app
        .update_record(
            &f.owner.access,
            &format!("/api/visits/{}", id(&sick)),
            json!({"visit_time": null}),
        )
        .await;
    assert_eq!(cleared["visit_time"], Value::Null);
}

#[tokio::test]
async fn invalid_visits_are_refused_field_by_field() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let visits = format!("/api/children/{}/visits", f.child);
    let past = "2025-01-01";
    let cases = [
        (
            json!({"type": "sick", "visit_date": past}),
            "illness_types",
            "a sick visit that happened names its illness",
        ),
        (
            json!({"type": "injury", "visit_date": past}),
            "injury_type",
            "an injury that happened names its type",
        ),
        (
            json!({"type": "wellness", "visit_date": "2024-01-14"}),
            "visit_date",
            "the day before Ada was born",
        ),
        (
            json!({"type": "wellness", "visit_date": from_today(3 * 366)}),
            "visit_date",
            "three years ahead",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "symptoms": "cough"}),
            "symptoms",
            "symptoms belong to sick visits",
        ),
        (
            json!({"type": "sick", "visit_date": past, "illness_types": ["cold"], "injury_type": "cut"}),
            "injury_type",
            "injury fields on a sick visit",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "dental": {"cleaning": true}}),
            "dental",
            "dental findings on a wellness visit",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "title": "x".repeat(201)}),
            "title",
            "a title of 201 characters",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "notes": "x".repeat(5001)}),
            "notes",
            "notes of 5001 characters",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "tags": (0..21).map(|i| format!("t{i}")).collect::<Vec<_>>()}),
            "tags",
            "21 tags",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "tags": [" "]}),
            "tags",
            "a blank tag",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "tags": ["two\nlines"]}),
            "tags",
            "a tag on two lines",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "notes": "nul \u{0} inside"}),
            "notes",
            "a NUL character in the notes",
        ),
        (
            json!({"type": "vision", "visit_date": past, "vision": {"right_eye": {"axis": 200}}}),
            "vision.right_eye.axis",
            "an axis past 180 degrees",
        ),
        (
            json!({"type": "vision", "visit_date": past, "vision": {"left_eye": {"sphere": 40}}}),
            "vision.left_eye.sphere",
            "a sphere of 40 dioptres",
        ),
        (
            json!({"type": "dental", "visit_date": past, "dental": {"cavities_found": -1}}),
            "dental.cavities_found",
            "negative cavities",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "prescriptions": [{"medication": ""}]}),
            "prescriptions",
            "a prescription without medication",
        ),
    ];
    for (input, field, case) in cases {
        let response = app.post_as(&visits, &f.owner.access, input).await;
        expect_invalid(response, field, case).await;
    }
    let mixed_up = [
        (
            json!({"type": "checkup", "visit_date": past}),
            "an unknown visit type",
        ),
        (
            json!({"type": "wellness", "visit_date": "2025-02-30"}),
            "a date that does not exist",
        ),
        (
            json!({"type": "wellness", "visit_date": 20250101}),
            "a date as a number",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "visit_time": "noon"}),
            "a time in words",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "colour": "red"}),
            "an unknown field",
        ),
        (
            json!({"type": "sick", "visit_date": past, "illness_types": ["plague"]}),
            "an unknown illness type",
        ),
        (
            json!({"type": "wellness", "visit_date": past, "tags": "checkup"}),
            "tags as a string",
        ),
        (json!({"visit_date": past}), "no type"),
    ];
    for (input, case) in mixed_up {
        expect_mixed_up(app.post_as(&visits, &f.owner.access, input).await, case).await;
    }
    let malformed = app
        .http
        .post(app.url(&visits))
        .bearer_auth(&f.owner.access)
        .header("content-type", "application/json")
        .body("{\"type\": ")
        .send()
        .await
        .unwrap();
    expect_error(malformed, StatusCode::BAD_REQUEST, "MALFORMED_JSON").await;

    // A change that breaks a rule is refused and leaves the visit as it was.
    let visit = app
        .create_record(
            &f.owner.access,
            &visits,
            json!({"type": "injury", "visit_date": past, "injury_type": "burn"}),
        )
        .await;
    let path = format!("/api/visits/{}", id(&visit));
    let response = app
        .patch_as(&path, &f.owner.access, json!({"injury_type": "  "}))
        .await;
    expect_invalid(response, "injury_type", "clearing what an injury needs").await;
    let unchanged = app.read(&f.owner.access, &path).await;
    assert_eq!(unchanged["data"]["injury_type"], "burn");
    assert_eq!(unchanged["data"]["updated_at"], visit["updated_at"]);
}

#[tokio::test]
async fn deleting_a_visit_keeps_its_measurements_and_illnesses_unlinked() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let child = format!("/api/children/{}", f.child);
    let visit = app
        .create_record(
            &f.owner.access,
            &format!("{child}/visits"),
            json!({"type": "sick", "visit_date": "2025-03-01", "illness_types": ["strep"]}),
        )
        .await;
    let measurement = app
        .create_record(
            &f.owner.access,
            &format!("{child}/measurements"),
            json!({"measured_on": "2025-03-01", "weight_kg": 11.2, "visit_id": visit["id"]}),
        )
        .await;
    let illness = app
        .create_record(
            &f.owner.access,
            &format!("{child}/illnesses"),
            json!({"illness_types": ["strep"], "start_date": "2025-02-27", "visit_id": visit["id"]}),
        )
        .await;
    assert_eq!(measurement["visit_id"], visit["id"]);

    let deleted = app
        .delete_as(&format!("/api/visits/{}", id(&visit)), &f.parent.access)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.get(&format!("/api/visits/{}", id(&visit)), &f.owner.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    for path in [
        format!("/api/measurements/{}", id(&measurement)),
        format!("/api/illnesses/{}", id(&illness)),
    ] {
        let record = app.read(&f.owner.access, &path).await;
        assert_eq!(record["data"]["visit_id"], Value::Null, "{path}");
        let history = app.read(&f.owner.access, &format!("{path}/history")).await;
        let unlinked = &history["data"][0];
        assert_eq!(unlinked["action"], "update", "{path}");
        assert_eq!(unlinked["actor_username"], f.parent.username);
        assert_eq!(
            unlinked["changes"],
            json!({"visit_id": {"before": visit["id"], "after": null}})
        );
    }
}
