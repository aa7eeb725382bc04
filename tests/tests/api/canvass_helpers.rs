//! Helpers for the Canvass stories: a turf with households at known points, a
//! volunteer's session, visits as the phone sends them, and the household's
//! support fields read straight from the database.

use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;
use crate::map_helpers::{draw_cut, organiser, square};
use crate::pages_helpers::user_with_role;

/// The south-west corner of the test turf (Ottawa) and its side in degrees.
pub const LNG: f64 = -75.70;
pub const LAT: f64 = 45.40;
pub const SIDE: f64 = 0.01;

/// An organiser and a cut to walk.
pub struct Turf {
    pub admin: TestUser,
    pub cut: String,
}

/// A MAP_ADMIN and a square cut of [`SIDE`] degrees at ([`LNG`], [`LAT`]).
pub async fn turf(app: &TestApp) -> Turf {
    let admin = organiser(app).await;
    let cut = draw_cut(
        app,
        &admin.access,
        &unique("Ward "),
        json!({"type": "Polygon", "coordinates": [square(LNG, LAT, SIDE)]}),
    )
    .await;
    Turf {
        admin,
        cut: cut["id"].as_str().unwrap().to_string(),
    }
}

/// A volunteer (role USER) with a session.
pub async fn volunteer(app: &TestApp) -> TestUser {
    user_with_role(app, "USER").await
}

/// Households at the given points (lng, lat) with addresses `{n} {street}`,
/// inserted straight into the database (as an import would); answers their ids.
pub async fn seed(app: &TestApp, street: &str, points: &[(f64, f64)]) -> Vec<String> {
    let db = app.db().await;
    let mut ids = Vec::new();
    for (n, (lng, lat)) in points.iter().enumerate() {
        let row = db
            .query_one(
                "insert into locations (address, point, geocode_status, geocode_provider)
                 values ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), 'manual', 'manual')
                 returning id::text",
                &[&format!("{} {street}", n + 1), lng, lat],
            )
            .await
            .unwrap();
        ids.push(row.get(0));
    }
    ids
}

/// `n` households on a row inside the turf, 0.0002° (about 16 m) apart.
pub async fn street(app: &TestApp, name: &str, n: usize) -> Vec<String> {
    let points: Vec<(f64, f64)> = (0..n)
        .map(|k| (LNG + 0.001 + k as f64 * 0.0002, LAT + 0.005))
        .collect();
    seed(app, name, &points).await
}

/// Starts a session on `cut`; answers it.
pub async fn start(app: &TestApp, token: &str, cut: &str) -> Value {
    let response = app
        .post_as("/api/canvass/sessions", token, json!({"cut_id": cut}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body(response).await["data"].clone()
}

/// A time as the phone sends it.
pub fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A visit with a fresh id, knocked now.
pub fn visit(session: &Value, location: &str, outcome: &str) -> Value {
    json!({
        "id": Uuid::new_v4(),
        "session_id": session["id"],
        "location_id": location,
        "outcome": outcome,
        "visited_at": time(Utc::now()),
    })
}

/// Records a visit through the single route.
pub async fn record(app: &TestApp, token: &str, visit: &Value) -> reqwest::Response {
    app.post_as("/api/canvass/visits", token, visit.clone())
        .await
}

/// Sends a sync batch; answers `data`.
pub async fn sync(app: &TestApp, token: &str, batch: Value) -> Value {
    let response = app.post_as("/api/canvass/sync", token, batch).await;
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await["data"].clone()
}

/// The statuses of a sync's results, in order.
pub fn statuses(outcome: &Value) -> Vec<String> {
    outcome["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_string())
        .collect()
}

/// The support fields of a household, from the database.
pub async fn household(app: &TestApp, id: &str) -> Value {
    let db = app.db().await;
    let row = db
        .query_one(
            "select json_build_object('last_visited_at', last_visited_at,
                 'last_visit_outcome', last_visit_outcome, 'support_level', support_level,
                 'lawn_sign', lawn_sign, 'lawn_sign_size', lawn_sign_size,
                 'updated_by', updated_by)
             from locations where id = $1::text::uuid",
            &[&id],
        )
        .await
        .unwrap();
    row.get(0)
}

/// The `visit` entries of a household's history.
pub async fn visit_history(app: &TestApp, id: &str) -> Vec<Value> {
    let db = app.db().await;
    db.query(
        "select json_build_object('actor_id', actor_id, 'changes', changes)
         from location_history where location_id = $1::text::uuid and action = 'visit'
         order by created_at",
        &[&id],
    )
    .await
    .unwrap()
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// How many rows `sql` (a `select count(*)`) counts.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db().await.query_one(sql, &[]).await.unwrap().get(0)
}

/// Waits, if needed, until a clock minute has at least `secs` seconds left, so
/// a test counting requests per minute does not straddle two windows.
pub async fn minute_with_room(secs: u32) {
    let second = Utc::now().second();
    if second + secs > 59 {
        let wait = 60 - second;
        tokio::time::sleep(std::time::Duration::from_secs(u64::from(wait) + 1)).await;
    }
}
