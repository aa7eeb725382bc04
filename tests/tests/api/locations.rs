//! Stories of households on the map: an organiser adds, reads, changes and
//! deletes them; contacts are encrypted at rest under a rotating key; every
//! change is in the history without a contact's text; duplicates are refused.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::map_helpers::*;
use crate::pages_helpers::{call, delete_as};

#[tokio::test]
async fn an_organiser_adds_reads_changes_and_deletes_a_household() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let created = add_location(
        &app,
        &admin.access,
        json!({
            "address": " 12 Imaginary Lane ", "unit": "3", "occupant_name": "Ada Example",
            "occupant_email": "ada@example.org", "occupant_phone": "555-0100",
            "support_level": 2, "lawn_sign": true, "lawn_sign_size": "large",
            "notes": "Dog in the yard", "point": {"lng": -75.7, "lat": 45.42}
        }),
    )
    .await;
    assert_eq!(created["address"], "12 Imaginary Lane");
    assert_eq!(created["occupant_email"], "ada@example.org");
    assert_eq!(created["geocode_status"], "manual");
    assert_eq!(created["geocode_provider"], "manual");
    assert_eq!(created["point"], json!({"lng": -75.7, "lat": 45.42}));
    let id = created["id"].as_str().unwrap();

    let read = body(
        app.get(&format!("/api/locations/{id}"), &admin.access)
            .await,
    )
    .await;
    assert_eq!(read["data"], created);

    let changed = app
        .patch_as(
            &format!("/api/locations/{id}"),
            &admin.access,
            json!({"support_level": 1, "occupant_phone": null, "lawn_sign": false, "lawn_sign_size": null}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed = body(changed).await["data"].clone();
    assert_eq!(changed["support_level"], 1);
    assert_eq!(changed["occupant_phone"], Value::Null);
    assert_eq!(changed["occupant_email"], "ada@example.org");

    let list = body(
        app.get("/api/locations?support_level=1&q=imaginary", &admin.access)
            .await,
    )
    .await;
    assert_eq!(list["meta"]["total"], 1);
    let none = body(
        app.get("/api/locations?support_level=4", &admin.access)
            .await,
    )
    .await;
    assert_eq!(none["meta"]["total"], 0);

    let gone = delete_as(&app, &format!("/api/locations/{id}"), &admin.access).await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let missing = app
        .get(&format!("/api/locations/{id}"), &admin.access)
        .await;
    expect_error(missing, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[tokio::test]
async fn every_bad_field_is_named_at_once() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let response = app
        .post_as(
            "/api/locations",
            &admin.access,
            json!({
                "address": "", "occupant_email": "nope", "occupant_phone": "call me",
                "support_level": 7, "lawn_sign_size": "small", "point": {"lng": 0, "lat": 95}
            }),
        )
        .await;
    let error = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    for field in [
        "address",
        "occupant_email",
        "occupant_phone",
        "support_level",
        "lawn_sign_size",
        "point.lat",
    ] {
        assert!(error["details"][field].is_string(), "{field}: {error}");
    }
}

#[tokio::test]
async fn contacts_are_encrypted_at_rest_and_history_never_holds_them() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let created = add_location(
        &app,
        &admin.access,
        json!({"address": "7 Nowhere Road", "occupant_email": "grace@example.org",
               "occupant_phone": "+1 613 555 0199", "point": {"lng": -75.0, "lat": 45.0}}),
    )
    .await;
    let id = created["id"].as_str().unwrap();
    app.patch_as(
        &format!("/api/locations/{id}"),
        &admin.access,
        json!({"occupant_email": "hopper@example.org"}),
    )
    .await;

    let db = app.db().await;
    let row = db
        .query_one(
            "select occupant_email, occupant_phone, row_to_json(l)::text as whole from locations l where id = $1::text::uuid",
            &[&id],
        )
        .await
        .unwrap();
    let email: Vec<u8> = row.get(0);
    let phone: Vec<u8> = row.get(1);
    let whole: String = row.get(2);
    for (raw, plain) in [(&email, "hopper@example.org"), (&phone, "+1 613 555 0199")] {
        assert!(raw.len() > plain.len(), "sealed with a nonce and a tag");
        assert!(!String::from_utf8_lossy(raw).contains(plain));
        assert!(!raw.windows(5).any(|w| w == &plain.as_bytes()[..5]));
    }
    for secret in ["grace@", "hopper@", "555 0199", "hopper", "grace"] {
        assert!(!whole.contains(secret), "{secret} in {whole}");
    }

    let history = body(
        app.get(&format!("/api/locations/{id}/history"), &admin.access)
            .await,
    )
    .await;
    assert_eq!(history["meta"]["total"], 2);
    let text = history.to_string();
    for secret in ["grace@", "hopper@", "555 0199"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let update = &history["data"][0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["actor_id"], admin.id.to_string());
    assert_eq!(
        update["changes"]["occupant_email"],
        json!({"before": "[encrypted]", "after": "[encrypted]"})
    );
    assert_eq!(history["data"][1]["action"], "create");
    assert_eq!(
        history["data"][1]["changes"]["address"]["after"],
        "7 Nowhere Road"
    );
}

#[tokio::test]
async fn a_sealed_contact_moved_to_another_row_does_not_open() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let a = add_location(&app, &admin.access, json!({"address": "1 Copy St", "occupant_email": "a@example.org", "point": {"lng": 1.0, "lat": 1.0}})).await;
    let b = add_location(&app, &admin.access, household("2 Copy St", 2.0, 2.0)).await;
    app.db()
        .await
        .execute(
            "update locations set occupant_email = (select occupant_email from locations where id = $1::text::uuid) where id = $2::text::uuid",
            &[&a["id"].as_str().unwrap(), &b["id"].as_str().unwrap()],
        )
        .await
        .unwrap();
    let response = app
        .get(
            &format!("/api/locations/{}", b["id"].as_str().unwrap()),
            &admin.access,
        )
        .await;
    expect_error(response, StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL").await;
}

const KEY_A: &str = TEST_DATA_KEY;
const KEY_B: &str = "c2Vjb25kLWRhdGEta2V5LWZvci1yb3RhdGlvbi0zMiE=";

fn keys(current: &str, previous: Option<&str>) -> AppOptions {
    let mut env = vec![("DATA_ENCRYPTION_KEY", current.to_string())];
    env.push((
        "DATA_ENCRYPTION_KEY_PREVIOUS",
        previous.unwrap_or_default().to_string(),
    ));
    AppOptions {
        env,
        ..AppOptions::default()
    }
}

#[tokio::test]
async fn a_key_rotation_reads_both_keys_writes_the_new_one_and_reseals_the_rest() {
    let old = spawn_app().await;
    let admin = old.register_admin().await;
    let before = add_location(&old, &admin.access, json!({"address": "3 Rotation Row", "occupant_email": "old@example.org", "occupant_phone": "555-0101", "point": {"lng": 3.0, "lat": 3.0}})).await;
    let id = before["id"].as_str().unwrap().to_string();

    // The new key is current, the old one still readable.
    let rotating = spawn_app_with(AppOptions {
        database: Some(old.database.clone()),
        ..keys(KEY_B, Some(KEY_A))
    })
    .await;
    let admin = body(rotating.login(&admin.username, PASSWORD).await).await["data"]["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let read = body(rotating.get(&format!("/api/locations/{id}"), &admin).await).await;
    assert_eq!(read["data"]["occupant_email"], "old@example.org");
    let added = add_location(&rotating, &admin, json!({"address": "4 Rotation Row", "occupant_email": "new@example.org", "point": {"lng": 4.0, "lat": 4.0}})).await;

    // The old key alone cannot read what the new key sealed.
    let response = old
        .get(
            &format!("/api/locations/{}", added["id"].as_str().unwrap()),
            &old.register_admin().await.access,
        )
        .await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let report = body(
        call(
            &rotating,
            Method::POST,
            "/api/locations/rotate-keys",
            Some(&admin),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        report["data"]["resealed"], 2,
        "the old email and phone; the new email was current"
    );
    let again = body(
        call(
            &rotating,
            Method::POST,
            "/api/locations/rotate-keys",
            Some(&admin),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(again["data"]["resealed"], 0);

    // The previous key retired: everything still reads.
    let retired = spawn_app_with(AppOptions {
        database: Some(old.database.clone()),
        ..keys(KEY_B, None)
    })
    .await;
    for (id, email) in [
        (id.as_str(), "old@example.org"),
        (added["id"].as_str().unwrap(), "new@example.org"),
    ] {
        let read = body(retired.get(&format!("/api/locations/{id}"), &admin).await).await;
        assert_eq!(read["data"]["occupant_email"], email);
    }
}

#[tokio::test]
async fn the_same_household_is_refused_by_address_or_nearby_point() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let first = add_location(
        &app,
        &admin.access,
        json!({"address": "5 Twin Court", "unit": "A", "point": {"lng": -75.0, "lat": 45.0}}),
    )
    .await;
    for duplicate in [
        json!({"address": "5  twin court.", "unit": "a"}),
        // About 5 m away, within the default 15 m.
        json!({"address": "5 Twin Ct", "unit": "A", "point": {"lng": -75.00005, "lat": 45.00002}}),
    ] {
        let response = app
            .post_as("/api/locations", &admin.access, duplicate)
            .await;
        let error = expect_error(response, StatusCode::CONFLICT, "DUPLICATE_LOCATION").await;
        assert_eq!(error["details"]["existing_id"], first["id"]);
    }
    // Another unit of the building, and a house 100 m away, are other households.
    add_location(
        &app,
        &admin.access,
        json!({"address": "5 Twin Court", "unit": "B", "point": {"lng": -75.0, "lat": 45.0}}),
    )
    .await;
    add_location(
        &app,
        &admin.access,
        json!({"address": "6 Twin Court", "unit": "A", "point": {"lng": -75.0013, "lat": 45.0}}),
    )
    .await;

    let narrow = spawn_app_with(AppOptions {
        env: vec![("MAP_DEDUP_RADIUS_METERS", "1".into())],
        ..AppOptions::default()
    })
    .await;
    let admin = organiser(&narrow).await;
    add_location(
        &narrow,
        &admin.access,
        json!({"address": "5 Twin Court", "unit": "A", "point": {"lng": -75.0, "lat": 45.0}}),
    )
    .await;
    add_location(
        &narrow,
        &admin.access,
        json!({"address": "5 Twin Ct", "unit": "A", "point": {"lng": -75.00005, "lat": 45.00002}}),
    )
    .await;
}

#[tokio::test]
async fn a_stale_edit_is_refused() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let created = add_location(&app, &admin.access, household("8 Stale St", 1.0, 1.0)).await;
    let path = format!("/api/locations/{}", created["id"].as_str().unwrap());
    let fresh = app
        .patch_as(
            &path,
            &admin.access,
            json!({"notes": "one", "updated_at": created["updated_at"]}),
        )
        .await;
    assert_eq!(fresh.status(), StatusCode::OK);
    let stale = app
        .patch_as(
            &path,
            &admin.access,
            json!({"notes": "two", "updated_at": created["updated_at"]}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;
}

#[tokio::test]
async fn markers_carry_no_contacts() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    add_location(&app, &admin.access, json!({"address": "9 Marker Way", "occupant_email": "m@example.org", "support_level": 3, "point": {"lng": 9.0, "lat": 9.0}})).await;
    add_location(&app, &admin.access, json!({"address": "10 Unplaced Way"})).await;
    let markers = body(app.get("/api/locations/points", &admin.access).await).await["data"].clone();
    assert_eq!(
        markers.as_array().unwrap().len(),
        1,
        "only placed locations"
    );
    let keys: Vec<&String> = markers[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "address",
            "id",
            "lat",
            "lawn_sign",
            "lng",
            "support_level",
            "unit",
            "visited"
        ]
    );
    assert_eq!(markers[0]["visited"], false);
}
