//! Stories of the CSV import and export: the organiser maps the file's own
//! columns, a dry run reports every bad row by line and changes nothing, a
//! clean file is applied with duplicates skipped, and the export reads back.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::map_helpers::*;

async fn import(app: &TestApp, token: &str, request: Value) -> Value {
    let response = app.post_as("/api/locations/import", token, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await["data"].clone()
}

async fn count(app: &TestApp, token: &str) -> i64 {
    body(app.get("/api/locations", token).await).await["meta"]["total"]
        .as_i64()
        .unwrap()
}

const MAPPING: &str = r#"{"address": "Street", "unit": "Apt", "occupant_name": "Who", "occupant_email": "E-mail",
    "support_level": "Support", "lawn_sign": "Sign?", "lng": "X", "lat": "Y"}"#;

#[tokio::test]
async fn a_dry_run_reports_every_bad_row_by_line_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let csv = "Street,Apt,Who,E-mail,Support,Sign?,X,Y,Ignored\n\
               1 Good St,,Ada,ada@example.org,1,yes,-75.1,45.1,x\n\
               ,,No Address,,,,,,x\n\
               3 Bad St,,,not-an-email,9,maybe,-75.1,,x\n\
               4 Far St,,,,,,200,45,x\n\
               5 Short St,1\n\
               6 Good St,,,,,,,,x\n";
    let report = import(&app, &admin.access, json!({"csv": csv, "mapping": serde_json::from_str::<Value>(MAPPING).unwrap(), "dry_run": true})).await;
    assert_eq!(report["rows"], 6);
    assert_eq!(report["applied"], false);
    let problems: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_str().unwrap_or(""),
            )
        })
        .collect();
    for expected in [
        (3, "address"),
        (4, "occupant_email"),
        (4, "support_level"),
        (4, "lawn_sign"),
        (4, "lat"),
        (5, "lng"),
        (6, ""),
    ] {
        assert!(
            problems.contains(&expected),
            "{expected:?} missing from {problems:?}"
        );
    }
    assert!(
        problems.iter().all(|(line, _)| ![2, 7].contains(line)),
        "{problems:?}"
    );
    assert_eq!(count(&app, &admin.access).await, 0);

    // Not a dry run, but with errors: still nothing.
    let report = import(
        &app,
        &admin.access,
        json!({"csv": csv, "mapping": serde_json::from_str::<Value>(MAPPING).unwrap()}),
    )
    .await;
    assert_eq!(report["applied"], false);
    assert_eq!(count(&app, &admin.access).await, 0);
}

#[tokio::test]
async fn a_wrong_header_or_mapping_is_reported_on_line_one() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let report = import(
        &app,
        &admin.access,
        json!({"csv": "street,colour\n1 A St,red\n"}),
    )
    .await;
    let codes: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["unknown_column", "unknown_column", "missing_column"]
    );
    let report = import(
        &app,
        &admin.access,
        json!({"csv": "Street\n1 A St\n", "mapping": {"unit": "Street", "shoe": "Street"}}),
    )
    .await;
    let codes: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"unknown_column") && codes.contains(&"missing_column"),
        "{codes:?}"
    );
    let report = import(&app, &admin.access, json!({"csv": "address\n"})).await;
    assert_eq!(report["errors"][0]["code"], "empty");
}

#[tokio::test]
async fn an_import_applies_skips_duplicates_geocodes_and_exports_back() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let existing = add_location(
        &app,
        &admin.access,
        json!({"address": "1 Known St", "point": {"lng": -75.0, "lat": 45.0}}),
    )
    .await;
    let csv = "address,unit,occupant_email,occupant_phone,support_level,lawn_sign,lawn_sign_size,notes,lng,lat\n\
               1 Known St,,,,,,,,,\n\
               2 New St,A,new@example.org,555-0111,2,yes,medium,\"Ring twice, please\",-75.01,45.01\n\
               2 new st.,a,,,,,,,,\n\
               3 Unplaced St,,,,,,,,,\n";
    let dry = import(&app, &admin.access, json!({"csv": csv, "dry_run": true})).await;
    assert_eq!(
        (
            dry["added"].as_u64(),
            dry["to_geocode"].as_u64(),
            dry["applied"].as_bool()
        ),
        (Some(2), Some(1), Some(false))
    );
    assert_eq!(count(&app, &admin.access).await, 1);

    let report = import(&app, &admin.access, json!({"csv": csv})).await;
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["added"], 2);
    assert_eq!(
        report["skipped"],
        json!([{"line": 2, "existing_id": existing["id"], "same_as_line": null},
               {"line": 4, "existing_id": null, "same_as_line": 3}])
    );
    assert_eq!(count(&app, &admin.access).await, 3);
    let history =
        body(app.get("/api/locations?q=2%20new", &admin.access).await).await["data"][0].clone();
    assert_eq!(history["occupant_email"], "new@example.org");
    assert_eq!(history["lawn_sign_size"], "medium");

    let export = app.get("/api/locations/export", &admin.access).await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = export.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "address,unit,occupant_name,occupant_email,occupant_phone,support_level,lawn_sign,lawn_sign_size,notes,lng,lat"
    );
    assert!(
        text.contains(
            "2 New St,A,,new@example.org,555-0111,2,yes,medium,\"Ring twice, please\",-75.01,45.01"
        ),
        "{text}"
    );

    // The export imports back into an empty map as the same households.
    let other = spawn_app().await;
    let other_admin = organiser(&other).await;
    let back = import(&other, &other_admin.access, json!({"csv": text})).await;
    assert_eq!(
        (back["applied"].as_bool(), back["added"].as_u64()),
        (Some(true), Some(3)),
        "{back}"
    );
}
