//! Stories of geocoding: a household without a point goes through the geocode
//! queue to the worker, which places it from the imported address points
//! offline, or asks a Nominatim server (here a local one answering with
//! recorded `/search?format=jsonv2` answers). An unknown address is marked
//! failed for an organiser to place by hand.

use std::net::SocketAddr;

use axum::extract::Query;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::map_helpers::*;

/// The shipped fictional address points.
const FICTIONAL_TOWN: &str =
    include_str!("../../../functions/geocode-worker/data/fictional-town.csv");

#[tokio::test]
async fn a_new_address_is_placed_from_the_imported_address_points() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let response = app
        .post_as(
            "/api/locations/address-points",
            &admin.access,
            json!({"csv": FICTIONAL_TOWN, "source": "fictional-town"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report = body(response).await["data"].clone();
    assert!(report["imported"].as_u64().unwrap() >= 20, "{report}");

    let placed = add_location(&app, &admin.access, json!({"address": "12 imaginary lane"})).await;
    assert_eq!(placed["geocode_status"], "pending");
    let unknown = add_location(
        &app,
        &admin.access,
        json!({"address": "999 Nowhere At All"}),
    )
    .await;

    let placed = wait_until_geocoded(&app, &admin.access, placed["id"].as_str().unwrap()).await;
    assert_eq!(placed["geocode_status"], "geocoded");
    assert_eq!(placed["geocode_provider"], "offline");
    assert_eq!(placed["geocode_confidence"], 1.0);
    assert!(placed["point"]["lng"].is_f64());
    let unknown = wait_until_geocoded(&app, &admin.access, unknown["id"].as_str().unwrap()).await;
    assert_eq!(unknown["geocode_status"], "failed");
    assert_eq!(unknown["point"], serde_json::Value::Null);

    let history = body(
        app.get(
            &format!("/api/locations/{}/history", placed["id"].as_str().unwrap()),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(history["data"][0]["action"], "geocode");
    assert_eq!(history["data"][0]["actor_id"], serde_json::Value::Null);
}

/// A stand-in Nominatim answering recorded `/search?format=jsonv2` results.
async fn nominatim() -> SocketAddr {
    async fn search(
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> axum::response::Response {
        use axum::response::IntoResponse;
        if q.get("format").map(String::as_str) != Some("jsonv2") {
            return (axum::http::StatusCode::BAD_REQUEST, "format").into_response();
        }
        let answer = match q.get("q").map(String::as_str) {
            Some("1 Recorded Road") => json!([{
                "place_id": 184_467, "licence": "Data © OpenStreetMap contributors, ODbL 1.0. https://osm.org/copyright",
                "osm_type": "way", "osm_id": 40_000_001, "lat": "45.4231064", "lon": "-75.6831164",
                "category": "building", "type": "house", "place_rank": 30, "importance": 0.41,
                "addresstype": "building", "name": "", "display_name": "1, Recorded Road, Fictionville",
                "boundingbox": ["45.4230564", "45.4231564", "-75.6831664", "-75.6830664"]
            }]),
            Some("500 Broken Road") => {
                return (axum::http::StatusCode::SERVICE_UNAVAILABLE, "busy").into_response();
            }
            _ => json!([]),
        };
        axum::Json(answer).into_response()
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            axum::Router::new().route("/search", axum::routing::get(search)),
        )
        .await
        .unwrap();
    });
    addr
}

#[tokio::test]
async fn the_nominatim_adapter_reads_jsonv2_answers() {
    let server = nominatim().await;
    let app = spawn_app_with(AppOptions {
        env: vec![
            ("GEOCODER", "nominatim".into()),
            ("GEOCODER_URL", format!("http://{server}")),
        ],
        ..AppOptions::default()
    })
    .await;
    let admin = organiser(&app).await;
    let found = add_location(&app, &admin.access, json!({"address": "1 Recorded Road"})).await;
    let missing = add_location(&app, &admin.access, json!({"address": "2 Unrecorded Road"})).await;
    let found = wait_until_geocoded(&app, &admin.access, found["id"].as_str().unwrap()).await;
    assert_eq!(found["geocode_status"], "geocoded");
    assert_eq!(found["geocode_provider"], "nominatim");
    assert_eq!(
        found["point"],
        json!({"lng": -75.6831164, "lat": 45.4231064})
    );
    assert!((found["geocode_confidence"].as_f64().unwrap() - 0.41).abs() < 1e-6);
    let missing = wait_until_geocoded(&app, &admin.access, missing["id"].as_str().unwrap()).await;
    assert_eq!(missing["geocode_status"], "failed");

    // A server that does not answer leaves the job to be retried (and, after
    // five receives, to the dead-letter queue): the location stays pending.
    let broken = add_location(&app, &admin.access, json!({"address": "500 Broken Road"})).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let still = body(
        app.get(
            &format!("/api/locations/{}", broken["id"].as_str().unwrap()),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(still["data"]["geocode_status"], "pending");
}

#[tokio::test]
async fn a_location_placed_by_hand_meanwhile_keeps_its_point() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    app.post_as(
        "/api/locations/address-points",
        &admin.access,
        json!({"csv": FICTIONAL_TOWN, "source": "fictional-town"}),
    )
    .await;
    // Stop the worker from seeing the job before the organiser moves it: the
    // placement comes in the same request as the address.
    let placed = add_location(
        &app,
        &admin.access,
        json!({"address": "12 Imaginary Lane", "point": {"lng": 1.0, "lat": 1.0}}),
    )
    .await;
    assert_eq!(placed["geocode_status"], "manual");
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let read = body(
        app.get(
            &format!("/api/locations/{}", placed["id"].as_str().unwrap()),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(read["data"]["point"], json!({"lng": 1.0, "lat": 1.0}));
    assert_eq!(read["data"]["geocode_status"], "manual");
}
