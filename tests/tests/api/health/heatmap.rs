//! The illness heatmap: ongoing illnesses per calendar day.

use chrono::{Datelike, Duration};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

/// `(date, count)` of every day the heatmap lists.
fn days(heatmap: &Value) -> Vec<(String, i64)> {
    heatmap["data"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["date"].as_str().unwrap().to_string(),
                d["count"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn expected(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(d, c)| (d.to_string(), *c)).collect()
}

#[tokio::test]
async fn the_heatmap_counts_ongoing_illnesses_per_day() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let byron = app
        .create_child(&f.owner, f.family, "Byron", "2024-06-01", "male")
        .await;
    let ada = f.child;
    for (child, start, end) in [
        (ada, "2025-03-01", Some("2025-03-03")),
        (ada, "2025-03-03", Some("2025-03-04")),
        (ada, "2024-12-30", Some("2025-01-02")),
        (byron, "2025-03-02", Some("2025-03-02")),
    ] {
        app.create_record(
            &f.parent.access,
            &format!("/api/children/{child}/illnesses"),
            json!({"illness_types": ["cold"], "start_date": start, "end_date": end}),
        )
        .await;
    }
    let ongoing_since = today() - Duration::days(3);
    app.create_record(
        &f.parent.access,
        &format!("/api/children/{byron}/illnesses"),
        json!({"illness_types": ["rsv"], "start_date": ongoing_since}),
    )
    .await;

    let ada_2025 = app
        .read(
            &f.reader.access,
            &format!("/api/illnesses/heatmap?year=2025&child_id={ada}"),
        )
        .await;
    assert_eq!(
        days(&ada_2025),
        expected(&[
            ("2025-01-01", 1),
            ("2025-01-02", 1),
            ("2025-03-01", 1),
            ("2025-03-02", 1),
            ("2025-03-03", 2),
            ("2025-03-04", 1)
        ])
    );
    assert_eq!(ada_2025["data"]["max_count"], 2);
    let everyone = app
        .read(&f.reader.access, "/api/illnesses/heatmap?year=2025")
        .await;
    assert_eq!(
        days(&everyone),
        expected(&[
            ("2025-01-01", 1),
            ("2025-01-02", 1),
            ("2025-03-01", 1),
            ("2025-03-02", 2),
            ("2025-03-03", 2),
            ("2025-03-04", 1)
        ])
    );
    let ada_2024 = app
        .read(
            &f.owner.access,
            &format!("/api/illnesses/heatmap?year=2024&child_id={ada}"),
        )
        .await;
    assert_eq!(
        days(&ada_2024),
        expected(&[("2024-12-30", 1), ("2024-12-31", 1)])
    );

    // Without an end date, an illness counts every day until today.
    let year = ongoing_since.year();
    let now = app
        .read(
            &f.owner.access,
            &format!("/api/illnesses/heatmap?year={year}&child_id={byron}"),
        )
        .await;
    let until_today: Vec<(String, i64)> = (0..=3)
        .map(|n| ongoing_since + Duration::days(n))
        .filter(|d| d.year() == year)
        .map(|d| (d.to_string(), 1))
        .collect();
    assert_eq!(days(&now), until_today);
    let this_year = app.read(&f.owner.access, "/api/illnesses/heatmap").await;
    assert_eq!(this_year["data"]["year"], today().year());

    // The outsider sees only their own family's children.
    let theirs = app
        .read(&f.outsider.access, "/api/illnesses/heatmap?year=2025")
        .await;
    assert_eq!(days(&theirs), []);
    expect_error(
        app.get(
            &format!("/api/illnesses/heatmap?year=2025&child_id={ada}"),
            &f.outsider.access,
        )
        .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    expect_invalid(
        app.get("/api/illnesses/heatmap?year=1800", &f.owner.access)
            .await,
        "year",
        "the year 1800",
    )
    .await;
    expect_error(
        app.get("/api/illnesses/heatmap?year=last", &f.owner.access)
            .await,
        StatusCode::BAD_REQUEST,
        "INVALID_QUERY",
    )
    .await;
}
