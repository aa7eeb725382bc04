//! Measurements with their WHO scores.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

/// The score of `indicator` in a measurement.
fn score<'a>(measurement: &'a Value, indicator: &str) -> &'a Value {
    measurement["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .find(|s| s["indicator"] == indicator)
        .unwrap_or_else(|| panic!("no {indicator} score in {measurement}"))
}

fn indicators(measurement: &Value) -> Vec<&str> {
    measurement["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .map(|s| s["indicator"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_one_year_old_boy_of_9_65_kg_sits_on_the_median() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let born = today() - chrono::Duration::days(400);
    let ben = app
        .create_child(&f.owner, f.family, "Ben", &born.to_string(), "male")
        .await;
    let first_birthday = (born + chrono::Duration::days(365)).to_string();
    let path = format!("/api/children/{ben}/measurements");
    let created = app
        .create_record(
            &f.parent.access,
            &path,
            json!({"measured_on": first_birthday, "weight_kg": 9.65}),
        )
        .await;
    assert_eq!(created["weight_kg"], 9.65);
    assert_eq!(
        indicators(&created),
        ["weight_for_age"],
        "only weight was measured"
    );
    let weight = score(&created, "weight_for_age");
    assert!(weight["z"].as_f64().unwrap().abs() <= 0.01, "{weight}");
    assert!(
        (weight["percentile"].as_f64().unwrap() - 50.0).abs() <= 0.5,
        "{weight}"
    );

    let listed = app.read(&f.reader.access, &path).await;
    assert_eq!(listed["data"][0]["scores"], created["scores"]);
    let one = format!("/api/measurements/{}", id(&created));
    assert_eq!(
        app.read(&f.reader.access, &one).await["data"]["scores"],
        created["scores"]
    );

    // With length and head circumference every indicator applies.
    let updated = app
        .update_record(
            &f.owner.access,
            &one,
            json!({"height_cm": 75.7, "head_circumference_cm": 46.3, "updated_at": created["updated_at"]}),
        )
        .await;
    assert_eq!(
        indicators(&updated),
        [
            "weight_for_age",
            "length_height_for_age",
            "head_circumference_for_age",
            "bmi_for_age",
            "weight_for_length_height"
        ]
    );
    let length = score(&updated, "length_height_for_age");
    assert!(
        length["z"].as_f64().unwrap().abs() < 0.05,
        "75.7 cm is the median: {length}"
    );
    for s in updated["scores"].as_array().unwrap() {
        for value in [&s["z"], &s["percentile"]] {
            let v = value.as_f64().unwrap();
            assert_eq!((v * 100.0).round() / 100.0, v, "two decimals: {s}");
        }
    }
}

#[tokio::test]
async fn invalid_measurements_are_refused_field_by_field() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let path = format!("/api/children/{}/measurements", f.child);
    let theirs = app
        .create_record(
            &f.outsider.access,
            &format!("/api/children/{}/visits", f.other_child),
            json!({"type": "wellness", "visit_date": "2025-01-01"}),
        )
        .await;
    let day = "2025-01-15";
    let cases = [
        (json!({"measured_on": day}), "weight_kg", "no value at all"),
        (
            json!({"measured_on": day, "weight_kg": 0.1}),
            "weight_kg",
            "100 g",
        ),
        (
            json!({"measured_on": day, "weight_kg": 300}),
            "weight_kg",
            "300 kg",
        ),
        (
            json!({"measured_on": day, "height_cm": 10}),
            "height_cm",
            "10 cm tall",
        ),
        (
            json!({"measured_on": day, "height_cm": 260}),
            "height_cm",
            "2.6 m tall",
        ),
        (
            json!({"measured_on": day, "head_circumference_cm": 80}),
            "head_circumference_cm",
            "an 80 cm head",
        ),
        (
            json!({"measured_on": from_today(1), "weight_kg": 10}),
            "measured_on",
            "measured tomorrow",
        ),
        (
            json!({"measured_on": "2024-01-01", "weight_kg": 3}),
            "measured_on",
            "measured before birth",
        ),
        (
            json!({"measured_on": day, "weight_kg": 10, "visit_id": theirs["id"]}),
            "visit_id",
            "another family's visit",
        ),
        (
            json!({"measured_on": day, "weight_kg": 10, "visit_id": uuid::Uuid::new_v4()}),
            "visit_id",
            "a visit that does not exist",
        ),
        (
            json!({"measured_on": day, "weight_kg": 10, "notes": "x".repeat(5001)}),
            "notes",
            "notes of 5001 characters",
        ),
        (
            json!({"measured_on": day, "weight_kg": 10, "notes": "\u{0}"}),
            "notes",
            "a NUL character",
        ),
    ];
    for (input, field, case) in cases {
        let response = app.post_as(&path, &f.owner.access, input).await;
        expect_invalid(response, field, case).await;
    }
    let mixed_up = [
        (
            json!({"measured_on": day, "weight_kg": "heavy"}),
            "a weight in words",
        ),
        (
            json!({"measured_on": "yesterday", "weight_kg": 10}),
            "a date in words",
        ),
        (
            json!({"measured_on": day, "weight": 10}),
            "an unknown field",
        ),
        (json!({"weight_kg": 10}), "no date"),
    ];
    for (input, case) in mixed_up {
        expect_mixed_up(app.post_as(&path, &f.owner.access, input).await, case).await;
    }
    let only_weight = app
        .create_record(
            &f.owner.access,
            &path,
            json!({"measured_on": day, "weight_kg": 10}),
        )
        .await;
    let response = app
        .patch_as(
            &format!("/api/measurements/{}", id(&only_weight)),
            &f.owner.access,
            json!({"weight_kg": null}),
        )
        .await;
    expect_invalid(response, "weight_kg", "clearing the only value").await;
}

#[tokio::test]
async fn two_hundred_measurements_list_quickly_with_their_scores() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    app.db()
        .await
        .execute(
            "insert into measurements (child_id, measured_on, weight_kg, height_cm, head_circumference_cm)
             select $1, date '2024-01-15' + i * 3, 3.3 + i * 0.04, 50 + i * 0.12, 34 + i * 0.05
             from generate_series(1, 200) as i",
            &[&f.child],
        )
        .await
        .unwrap();
    let path = format!("/api/children/{}/measurements", f.child);
    app.read(&f.owner.access, &format!("{path}?limit=1")).await;

    let started = Instant::now();
    let all = app
        .read(&f.reader.access, &format!("{path}?limit=200"))
        .await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(1500),
        "listing 200 took {took:?}"
    );
    assert_eq!(all["meta"], json!({"page": 1, "limit": 200, "total": 200}));
    let items = all["data"].as_array().unwrap();
    assert_eq!(items.len(), 200);
    assert!(
        items
            .iter()
            .all(|m| m["scores"].as_array().is_some_and(|s| s.len() >= 3))
    );
    let dates: Vec<&str> = items
        .iter()
        .map(|m| m["measured_on"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] > w[1]), "newest first");

    let rest = app
        .read(&f.reader.access, &format!("{path}?limit=150&page=2"))
        .await;
    assert_eq!(rest["data"].as_array().unwrap().len(), 50);
    let beyond = app
        .read(&f.reader.access, &format!("{path}?limit=100&page=5"))
        .await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(
        beyond["meta"]["total"], 200,
        "the total survives a page past the end"
    );
    let window = app
        .read(
            &f.reader.access,
            &format!("{path}?from=2024-02-01&to=2024-02-29"),
        )
        .await;
    assert_eq!(window["meta"]["total"], 10);
    for bad in [
        "limit=0",
        "limit=201",
        "page=0",
        "page=9223372036854775807",
        "from=2024-03-01&to=2024-02-01",
        "from=1800-01-01",
        "to=9999-12-31",
    ] {
        let response = app.get(&format!("{path}?{bad}"), &f.owner.access).await;
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
    }
    expect_error(
        app.get(&format!("{path}?from=soon"), &f.owner.access).await,
        StatusCode::BAD_REQUEST,
        "INVALID_QUERY",
    )
    .await;
}
