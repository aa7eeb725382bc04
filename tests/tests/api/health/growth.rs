//! Growth charts: the child's points and the WHO reference curves.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

fn numbers(list: &Value, field: &str) -> Vec<f64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p[field].as_f64().unwrap())
        .collect()
}

/// Every curve point has P3 < P15 < P50 < P85 < P97, and x only grows.
fn assert_ordered_curves(curves: &Value) {
    let points = curves.as_array().unwrap();
    for p in points {
        let ps: Vec<f64> = ["p3", "p15", "p50", "p85", "p97"]
            .iter()
            .map(|k| p[*k].as_f64().unwrap())
            .collect();
        assert!(ps.windows(2).all(|w| w[0] < w[1]), "{p}");
    }
    let xs = numbers(curves, "x");
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "x ascending");
}

#[tokio::test]
async fn a_growth_chart_has_the_childs_points_and_five_reference_curves() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let born = today() - Duration::days(400);
    let ben = app
        .create_child(&f.owner, f.family, "Ben", &born.to_string(), "male")
        .await;
    let on = |days: i64| (born + Duration::days(days)).to_string();
    for input in [
        json!({"measured_on": on(365), "weight_kg": 9.65, "height_cm": 75.7}),
        json!({"measured_on": on(30), "weight_kg": 4.5, "height_cm": 54.0, "head_circumference_cm": 37.0}),
        json!({"measured_on": on(180), "weight_kg": 7.9, "height_cm": 67.6}),
    ] {
        app.create_record(
            &f.owner.access,
            &format!("/api/children/{ben}/measurements"),
            input,
        )
        .await;
    }
    let chart = |indicator: &str| format!("/api/children/{ben}/growth?indicator={indicator}");

    let weight = app.read(&f.reader.access, &chart("weight_for_age")).await["data"].clone();
    assert_eq!(
        (&weight["axis"], &weight["unit"]),
        (&json!("age_days"), &json!("kg"))
    );
    assert_eq!(
        numbers(&weight["points"], "x"),
        [30.0, 180.0, 365.0],
        "oldest first"
    );
    let year = &weight["points"][2];
    assert_eq!(year["value"], 9.65);
    assert!(year["z"].as_f64().unwrap().abs() <= 0.01, "{year}");
    assert!(
        (year["percentile"].as_f64().unwrap() - 50.0).abs() <= 0.5,
        "{year}"
    );
    let curves = &weight["curves"];
    assert_ordered_curves(curves);
    let xs = numbers(curves, "x");
    assert!((100..=200).contains(&xs.len()), "{} points", xs.len());
    assert_eq!((xs[0], xs[xs.len() - 1]), (0.0, 400.0), "birth to today");
    let near_year = curves
        .as_array()
        .unwrap()
        .iter()
        .min_by_key(|p| ((p["x"].as_f64().unwrap() - 365.0).abs() * 100.0) as i64)
        .unwrap();
    assert!(
        (near_year["p50"].as_f64().unwrap() - 9.65).abs() < 0.05,
        "{near_year}"
    );

    let head = app
        .read(&f.reader.access, &chart("head_circumference_for_age"))
        .await["data"]
        .clone();
    assert_eq!(
        numbers(&head["points"], "value"),
        [37.0],
        "only one head measured"
    );
    let bmi = app.read(&f.reader.access, &chart("bmi_for_age")).await["data"].clone();
    assert_eq!(bmi["unit"], "kg/m²");
    assert_eq!(bmi["points"].as_array().unwrap().len(), 3);

    // Weight-for-length charts against length, over the lengths measured.
    let wfl = app
        .read(&f.reader.access, &chart("weight_for_length_height"))
        .await["data"]
        .clone();
    assert_eq!(
        (&wfl["axis"], &wfl["unit"]),
        (&json!("length_cm"), &json!("kg"))
    );
    assert_eq!(numbers(&wfl["points"], "x"), [54.0, 67.6, 75.7]);
    assert_ordered_curves(&wfl["curves"]);
    let lengths = numbers(&wfl["curves"], "x");
    assert_eq!((lengths[0], lengths[lengths.len() - 1]), (49.0, 80.7));

    // A child without measurements still gets the curves for their age.
    let empty = app
        .read(
            &f.owner.access,
            &format!(
                "/api/children/{}/growth?indicator=length_height_for_age",
                f.child
            ),
        )
        .await["data"]
        .clone();
    assert_eq!(empty["points"], json!([]));
    assert_ordered_curves(&empty["curves"]);
    let age = (today() - chrono::NaiveDate::from_ymd_opt(2024, 1, 15).unwrap()).num_days() as f64;
    let xs = numbers(&empty["curves"], "x");
    assert_eq!(xs[xs.len() - 1], age);

    for bad in ["?indicator=shoe_size", ""] {
        let response = app
            .get(&format!("/api/children/{ben}/growth{bad}"), &f.owner.access)
            .await;
        expect_error(response, StatusCode::BAD_REQUEST, "INVALID_QUERY").await;
    }
}
