//! Helpers for the Map stories: an organiser, households and cuts drawn from
//! simple squares, and polling until the geocoder has placed a location.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::pages_helpers::user_with_role;

/// A MAP_ADMIN with a session.
pub async fn organiser(app: &TestApp) -> TestUser {
    user_with_role(app, "MAP_ADMIN").await
}

/// Creates a location and answers it (`data`).
pub async fn add_location(app: &TestApp, token: &str, fields: Value) -> Value {
    let response = app.post_as("/api/locations", token, fields).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body(response).await["data"].clone()
}

/// A household at (lng, lat).
pub fn household(address: &str, lng: f64, lat: f64) -> Value {
    json!({"address": address, "point": {"lng": lng, "lat": lat}})
}

/// A closed square ring with its south-west corner at (lng, lat).
pub fn square(lng: f64, lat: f64, side: f64) -> Value {
    json!([
        [lng, lat],
        [lng + side, lat],
        [lng + side, lat + side],
        [lng, lat + side],
        [lng, lat]
    ])
}

/// Draws a cut of `geometry` and answers it (`data`).
pub async fn draw_cut(app: &TestApp, token: &str, name: &str, geometry: Value) -> Value {
    let response = app
        .post_as(
            "/api/cuts",
            token,
            json!({"name": name, "geometry": geometry}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    body(response).await["data"].clone()
}

/// Waits (up to 20 s) until location `id` is no longer pending; answers it.
pub async fn wait_until_geocoded(app: &TestApp, token: &str, id: &str) -> Value {
    for _ in 0..200 {
        let location =
            body(app.get(&format!("/api/locations/{id}"), token).await).await["data"].clone();
        if location["geocode_status"] != "pending" {
            return location;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("location {id} was never geocoded");
}
