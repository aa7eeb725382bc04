//! Stories of the public map: anyone sees where lawn signs stand, the cuts'
//! outlines and the tile settings, and nothing that names a household.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::map_helpers::*;

async fn public(app: &TestApp, path: &str) -> Value {
    let response = app.http.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    body(response).await["data"].clone()
}

#[tokio::test]
async fn the_public_map_shows_signs_and_cuts_and_no_personal_field() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let secrets = [
        "Secret Lane",
        "Ada Private",
        "ada@private.example",
        "555-0142",
        "Beware of dog",
        "Apt 9",
    ];
    add_location(
        &app,
        &admin.access,
        json!({"address": "1 Secret Lane", "unit": "Apt 9", "occupant_name": "Ada Private",
               "occupant_email": "ada@private.example", "occupant_phone": "555-0142",
               "support_level": 4, "lawn_sign": true, "lawn_sign_size": "small",
               "notes": "Beware of dog", "point": {"lng": 1.5, "lat": 2.5}}),
    )
    .await;
    add_location(
        &app,
        &admin.access,
        json!({"address": "2 Secret Lane", "support_level": 1, "point": {"lng": 1.6, "lat": 2.6}}),
    )
    .await;
    draw_cut(
        &app,
        &admin.access,
        "North",
        json!({"type": "Polygon", "coordinates": [square(1.0, 2.0, 0.01)]}),
    )
    .await;

    let signs = public(&app, "/api/public/map/signs").await;
    assert_eq!(
        signs,
        json!([{"lng": 1.5, "lat": 2.5, "size": "small"}]),
        "only the sign, only its point and size"
    );
    let cuts = public(&app, "/api/public/map/cuts").await;
    assert_eq!(cuts.as_array().unwrap().len(), 1);
    for row in signs
        .as_array()
        .unwrap()
        .iter()
        .chain(cuts.as_array().unwrap())
    {
        for (field, _) in row.as_object().unwrap() {
            assert!(
                [
                    "lng", "lat", "size", "name", "category", "colour", "geometry"
                ]
                .contains(&field.as_str()),
                "unexpected public field {field}"
            );
        }
    }
    let settings = public(&app, "/api/public/map/settings").await;
    assert_eq!(
        settings["tile_url"],
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    );
    let everything = format!("{signs}{cuts}{settings}");
    for secret in secrets {
        assert!(!everything.contains(secret), "{secret} is public");
    }
}

#[tokio::test]
async fn the_tile_url_is_configuration() {
    let app = spawn_app_with(AppOptions {
        env: vec![(
            "MAP_TILE_URL",
            "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png".into(),
        )],
        ..AppOptions::default()
    })
    .await;
    let settings = public(&app, "/api/public/map/settings").await;
    assert_eq!(
        settings["tile_url"],
        "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"
    );
}
