//! Stories of a volunteer out canvassing: they start a session on a cut (one at
//! a time), get its households in walking order without anyone's contacts, send
//! their GPS track, record what happened at each door, and complete the
//! session; the map keeps each household's latest visit only.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::canvass_helpers::*;
use crate::helpers::*;
use crate::map_helpers::{add_location, household as located};
use crate::pages_helpers::delete_as;

#[tokio::test]
async fn a_volunteer_starts_a_session_completes_it_and_may_start_another() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let ada = volunteer(&app).await;

    let none = body(app.get("/api/canvass/sessions/current", &ada.access).await).await;
    assert_eq!(none["data"], Value::Null);

    let session = start(&app, &ada.access, &turf.cut).await;
    assert_eq!(session["status"], "active");
    assert_eq!(session["cut_id"], turf.cut.as_str());
    assert_eq!(session["volunteer_id"], ada.id.to_string());
    assert_eq!(session["volunteer_name"], ada.username.as_str());
    assert!(session["cut_name"].as_str().unwrap().starts_with("Ward "));
    assert_eq!(session["ended_at"], Value::Null);
    assert_eq!(session["visits"], 0);
    assert_eq!(session["distance_m"], 0.0);
    assert_eq!(session["last_activity_at"], session["started_at"]);
    let id = session["id"].as_str().unwrap();

    let current = body(app.get("/api/canvass/sessions/current", &ada.access).await).await;
    assert_eq!(current["data"], session);
    let read = body(
        app.get(&format!("/api/canvass/sessions/{id}"), &ada.access)
            .await,
    )
    .await;
    assert_eq!(read["data"], session);

    // One active session at a time: the second start names the first.
    let again = app
        .post_as(
            "/api/canvass/sessions",
            &ada.access,
            json!({"cut_id": turf.cut}),
        )
        .await;
    let refused = expect_error(again, StatusCode::CONFLICT, "SESSION_ACTIVE").await;
    assert_eq!(refused["details"]["session_id"], id);

    let unknown = app
        .post_as(
            "/api/canvass/sessions",
            &ada.access,
            json!({"cut_id": Uuid::new_v4()}),
        )
        .await;
    expect_error(unknown, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    let done = app
        .post_as(
            &format!("/api/canvass/sessions/{id}/complete"),
            &ada.access,
            json!({}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let done = body(done).await["data"].clone();
    assert_eq!(done["status"], "completed");
    assert!(done["ended_at"].is_string());
    let twice = app
        .post_as(
            &format!("/api/canvass/sessions/{id}/complete"),
            &ada.access,
            json!({}),
        )
        .await;
    expect_error(twice, StatusCode::CONFLICT, "SESSION_NOT_ACTIVE").await;
    let none = body(app.get("/api/canvass/sessions/current", &ada.access).await).await;
    assert_eq!(none["data"], Value::Null);

    let next = start(&app, &ada.access, &turf.cut).await;
    let mine = body(app.get("/api/canvass/sessions", &ada.access).await).await;
    assert_eq!(mine["meta"]["total"], 2);
    assert_eq!(mine["data"][0]["id"], next["id"], "newest first");
    let completed = body(
        app.get("/api/canvass/sessions?status=completed", &ada.access)
            .await,
    )
    .await;
    assert_eq!(completed["meta"]["total"], 1);
    assert_eq!(completed["data"][0]["id"], id);
    let elsewhere = body(
        app.get(
            &format!("/api/canvass/sessions?cut_id={}", Uuid::new_v4()),
            &ada.access,
        )
        .await,
    )
    .await;
    assert_eq!(elsewhere["meta"]["total"], 0);
}

#[tokio::test]
async fn two_starts_at_the_same_moment_make_exactly_one_session() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let ada = volunteer(&app).await;
    let body_json = json!({"cut_id": turf.cut});
    let (a, b) = tokio::join!(
        app.post_as("/api/canvass/sessions", &ada.access, body_json.clone()),
        app.post_as("/api/canvass/sessions", &ada.access, body_json.clone()),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    let sessions = count(&app, "select count(*) from canvass_sessions").await;
    assert_eq!(sessions, 1);
}

#[tokio::test]
async fn households_come_without_any_contact_and_only_from_the_cut() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let mut inside = Vec::new();
    for (n, unit) in ["", "2"].iter().enumerate() {
        let location = add_location(
            &app,
            &turf.admin.access,
            json!({
                "address": format!("{} Private Road", n + 1), "unit": unit,
                "occupant_name": "Grace Example", "occupant_email": "grace@example.org",
                "occupant_phone": "555-0199", "notes": "Secret organiser note",
                "support_level": 2, "lawn_sign": true, "lawn_sign_size": "small",
                "point": {"lng": LNG + 0.002 + n as f64 * 0.001, "lat": LAT + 0.002}
            }),
        )
        .await;
        inside.push(location["id"].as_str().unwrap().to_string());
    }
    add_location(
        &app,
        &turf.admin.access,
        located("9 Far Away", LNG + 0.5, LAT),
    )
    .await;
    add_location(
        &app,
        &turf.admin.access,
        json!({"address": "10 Nowhere Yet", "point": null}),
    )
    .await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;

    let path = format!(
        "/api/canvass/sessions/{}/households",
        session["id"].as_str().unwrap()
    );
    let response = app.get(&path, &ada.access).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    for secret in ["grace@example.org", "555-0199", "Secret organiser note"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let households: Value = serde_json::from_str(&text).unwrap();
    let rows = households["data"].as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.len(),
        2,
        "only the cut's households with a point: {rows:?}"
    );
    let mut expected_keys = [
        "address",
        "distance_m",
        "id",
        "lat",
        "last_visit_outcome",
        "last_visited_at",
        "lawn_sign",
        "lng",
        "occupant_name",
        "order",
        "support_level",
        "unit",
    ];
    expected_keys.sort_unstable();
    for (n, row) in rows.iter().enumerate() {
        assert!(inside.contains(&row["id"].as_str().unwrap().to_string()));
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, expected_keys, "every field of every row");
        assert_eq!(row["occupant_name"], "Grace Example");
        assert_eq!(row["support_level"], 2);
        assert_eq!(row["lawn_sign"], true);
        assert_eq!(row["last_visited_at"], Value::Null);
        assert_eq!(row["last_visit_outcome"], Value::Null);
        assert_eq!(row["order"], n + 1);
        assert_eq!(row["distance_m"], Value::Null, "no position given");
    }
}

#[tokio::test]
async fn the_walk_starts_at_the_nearest_door_and_leaves_visited_ones_for_last() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    // Five doors on an east-west street, listed out of order; 0.001° of
    // longitude at 45.405° N is about 78.3 m.
    let k = [3.0, 0.0, 4.0, 1.0, 2.0];
    let points: Vec<(f64, f64)> = k
        .iter()
        .map(|k| (LNG + 0.002 + k * 0.001, LAT + 0.005))
        .collect();
    let ids = seed(&app, "Walk Street", &points).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let path = format!(
        "/api/canvass/sessions/{}/households",
        session["id"].as_str().unwrap()
    );

    // Standing 0.001° west of the westernmost door.
    let walk = body(
        app.get(
            &format!("{path}?lat={}&lng={}", LAT + 0.005, LNG + 0.001),
            &ada.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    let order: Vec<&str> = walk
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, [&ids[1], &ids[3], &ids[4], &ids[0], &ids[2]]);
    for (n, h) in walk.as_array().unwrap().iter().enumerate() {
        assert_eq!(h["order"], n + 1);
        let metres = h["distance_m"].as_f64().unwrap();
        let expected = 78.3 * (n + 1) as f64;
        assert!(
            (metres - expected).abs() < 1.0,
            "{metres} m, expected about {expected}"
        );
    }

    // Standing east of the street: the walk runs the other way.
    let east = body(
        app.get(
            &format!("{path}?lat={}&lng={}", LAT + 0.005, LNG + 0.009),
            &ada.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    assert_eq!(east[0]["id"], ids[2].as_str());
    assert_eq!(east[4]["id"], ids[1].as_str());

    // The westernmost door visited in this session goes last.
    let knocked = record(&app, &ada.access, &visit(&session, &ids[1], "not_home")).await;
    assert_eq!(knocked.status(), StatusCode::CREATED);
    let walk = body(
        app.get(
            &format!("{path}?lat={}&lng={}", LAT + 0.005, LNG + 0.001),
            &ada.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    let order: Vec<&str> = walk
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(order, [&ids[3], &ids[4], &ids[0], &ids[2], &ids[1]]);
    assert_eq!(walk[4]["last_visit_outcome"], "not_home");

    // Without a position: from the cut's centre, no distances.
    let centre = body(app.get(&path, &ada.access).await).await["data"].clone();
    assert_eq!(centre.as_array().unwrap().len(), 5);
    assert!(
        centre
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["distance_m"].is_null())
    );

    let half = app.get(&format!("{path}?lat=45.4"), &ada.access).await;
    let refused = expect_error(half, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(refused["details"]["lng"].is_string());
    let off = app.get(&format!("{path}?lat=95&lng=0"), &ada.access).await;
    let refused = expect_error(off, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(refused["details"]["lat"].is_string());
}

#[tokio::test]
async fn the_track_is_stored_once_and_measured_on_accurate_points() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let id = session["id"].as_str().unwrap();
    let path = format!("/api/canvass/sessions/{id}/track");
    let t0 = Utc::now();
    // 0.009° of latitude at 45.40° N is 1,000.2 m on the spheroid.
    let batch = json!({"points": [
        {"lat": 45.400, "lng": -75.70, "accuracy_m": 5.0, "recorded_at": time(t0)},
        {"lat": 45.409, "lng": -75.70, "accuracy_m": 8.0, "recorded_at": time(t0 + Duration::seconds(1))},
    ]});
    let stored = body(app.post_as(&path, &ada.access, batch.clone()).await).await["data"].clone();
    assert_eq!(stored["accepted"], 2);
    let metres = stored["distance_m"].as_f64().unwrap();
    assert!((metres - 1000.2).abs() < 3.0, "{metres}");

    // A replay stores nothing and measures the same.
    let replay = body(app.post_as(&path, &ada.access, batch).await).await["data"].clone();
    assert_eq!(replay["accepted"], 0);
    assert_eq!(replay["distance_m"], stored["distance_m"]);

    // A wild fix far away is kept but not walked.
    let wild = json!({"points": [
        {"lat": 45.5, "lng": -75.70, "accuracy_m": 150.0, "recorded_at": time(t0 + Duration::seconds(2))},
    ]});
    let after = body(app.post_as(&path, &ada.access, wild).await).await["data"].clone();
    assert_eq!(after["accepted"], 1);
    assert_eq!(after["distance_m"], stored["distance_m"]);
    let track = body(app.get(&path, &ada.access).await).await["data"].clone();
    assert_eq!(track["points"].as_array().unwrap().len(), 3);
    assert_eq!(track["points"][2]["accuracy_m"], 150.0);
    assert_eq!(track["points"][0]["lat"], 45.4);
    assert_eq!(track["distance_m"], stored["distance_m"]);
    let session = body(
        app.get(&format!("/api/canvass/sessions/{id}"), &ada.access)
            .await,
    )
    .await;
    assert_eq!(session["data"]["distance_m"], stored["distance_m"]);
    assert!(
        session["data"]["last_activity_at"].as_str().unwrap()
            > session["data"]["started_at"].as_str().unwrap()
    );

    let bad = json!({"points": [{"lat": 91.0, "lng": 0.0, "recorded_at": time(t0)}]});
    let refused = expect_error(
        app.post_as(&path, &ada.access, bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(refused["details"]["points[0].lat"].is_string());
    let empty = app.post_as(&path, &ada.access, json!({"points": []})).await;
    expect_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;

    app.post_as(
        &format!("/api/canvass/sessions/{id}/complete"),
        &ada.access,
        json!({}),
    )
    .await;
    let late = json!({"points": [{"lat": 45.41, "lng": -75.70, "recorded_at": time(Utc::now())}]});
    let closed = app.post_as(&path, &ada.access, late).await;
    expect_error(closed, StatusCode::CONFLICT, "SESSION_NOT_ACTIVE").await;
}

#[tokio::test]
async fn every_outcome_is_recorded_and_a_conversation_records_support_and_a_sign() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let outcomes = [
        "not_home",
        "refused",
        "moved",
        "already_voted",
        "spoke_with",
        "left_literature",
        "come_back_later",
    ];
    let doors = street(&app, "Outcome Avenue", outcomes.len() + 1).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    for (outcome, door) in outcomes.iter().zip(&doors) {
        let mut knock = visit(&session, door, outcome);
        knock["notes"] = json!("  Nice garden  ");
        let response = record(&app, &ada.access, &knock).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{outcome}");
        let stored = body(response).await["data"].clone();
        assert_eq!(stored["id"], knock["id"]);
        assert_eq!(stored["outcome"], *outcome);
        assert_eq!(stored["notes"], "Nice garden");
        assert_eq!(stored["volunteer_id"], ada.id.to_string());
        assert_eq!(
            stored["address"].as_str().unwrap(),
            format!(
                "{} Outcome Avenue",
                doors.iter().position(|d| d == door).unwrap() + 1
            )
        );
        let h = household(&app, door).await;
        assert_eq!(h["last_visit_outcome"], *outcome);
        assert_eq!(h["updated_by"], ada.id.to_string());
    }

    // Someone answered: a strong supporter who wants a large sign.
    let door = doors.last().unwrap();
    let mut talk = visit(&session, door, "spoke_with");
    talk["support_level"] = json!(1);
    talk["sign_requested"] = json!(true);
    talk["sign_size"] = json!("large");
    let response = record(&app, &ada.access, &talk).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored = body(response).await["data"].clone();
    assert_eq!(stored["support_level"], 1);
    assert_eq!(stored["sign_requested"], true);
    assert_eq!(stored["sign_size"], "large");
    let h = household(&app, door).await;
    assert_eq!(h["support_level"], 1);
    assert_eq!(h["lawn_sign"], true);
    assert_eq!(h["lawn_sign_size"], "large");
    let history = visit_history(&app, door).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["actor_id"], ada.id.to_string());
    assert_eq!(
        history[0]["changes"]["support_level"],
        json!({"before": null, "after": 1})
    );
    assert_eq!(
        history[0]["changes"]["lawn_sign"],
        json!({"before": false, "after": true})
    );

    // The same id again: the stored visit, 200, and nothing changes.
    let mut replay = talk.clone();
    replay["support_level"] = json!(4);
    let again = record(&app, &ada.access, &replay).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(body(again).await["data"], stored);
    assert_eq!(household(&app, door).await, h);
    assert_eq!(visit_history(&app, door).await.len(), 1);

    let session = body(
        app.get(
            &format!("/api/canvass/sessions/{}", session["id"].as_str().unwrap()),
            &ada.access,
        )
        .await,
    )
    .await;
    assert_eq!(session["data"]["visits"], outcomes.len() + 1);
}

#[tokio::test]
async fn visits_that_break_a_rule_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Rule Road", 1).await;
    let outside = seed(&app, "Outside Lane", &[(LNG - 0.01, LAT)]).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let door = &doors[0];
    let with = |outcome: &str, extra: Value| {
        let mut v = visit(&session, door, outcome);
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        v
    };
    let long_ago = time(Utc::now() - Duration::hours(2));
    let cases = [
        (
            "support_level",
            with("refused", json!({"support_level": 2})),
        ),
        (
            "support_level",
            with("spoke_with", json!({"support_level": 5})),
        ),
        (
            "sign_requested",
            with("not_home", json!({"sign_requested": true})),
        ),
        (
            "sign_size",
            with("spoke_with", json!({"sign_size": "small"})),
        ),
        (
            "whole_building",
            with("refused", json!({"whole_building": true})),
        ),
        ("notes", with("refused", json!({"notes": "x".repeat(1001)}))),
        (
            "visited_at",
            with(
                "refused",
                json!({"visited_at": time(Utc::now() + Duration::minutes(10))}),
            ),
        ),
        (
            "visited_at",
            with("refused", json!({"visited_at": long_ago})),
        ),
        (
            "location_id",
            with("refused", json!({"location_id": outside[0]})),
        ),
    ];
    for (field, input) in cases {
        let response = record(&app, &ada.access, &input).await;
        let refused = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        assert!(refused["details"][field].is_string(), "{field}: {refused}");
    }
    let shape = with("asleep", json!({}));
    let refused = expect_error(
        record(&app, &ada.access, &shape).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "INVALID_BODY",
    )
    .await;
    assert!(refused["details"]["outcome"].is_string());
    let unknown = with("refused", json!({"session_id": Uuid::new_v4()}));
    expect_error(
        record(&app, &ada.access, &unknown).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;

    assert_eq!(count(&app, "select count(*) from canvass_visits").await, 0);
    assert_eq!(household(&app, door).await["last_visited_at"], Value::Null);

    app.post_as(
        &format!(
            "/api/canvass/sessions/{}/complete",
            session["id"].as_str().unwrap()
        ),
        &ada.access,
        json!({}),
    )
    .await;
    let late = record(&app, &ada.access, &visit(&session, door, "refused")).await;
    expect_error(late, StatusCode::CONFLICT, "SESSION_NOT_ACTIVE").await;
}

#[tokio::test]
async fn the_latest_visit_wins_even_when_an_older_one_arrives_later() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Latest Lane", 1).await;
    let door = &doors[0];
    let ada = volunteer(&app).await;
    let bob = volunteer(&app).await;
    let ada_session = start(&app, &ada.access, &turf.cut).await;
    let bob_session = start(&app, &bob.access, &turf.cut).await;

    let mut newer = visit(&ada_session, door, "spoke_with");
    newer["support_level"] = json!(3);
    assert_eq!(
        record(&app, &ada.access, &newer).await.status(),
        StatusCode::CREATED
    );
    let after_newer = household(&app, door).await;

    // Bob knocked a minute earlier, but his phone sends it only now.
    let mut older = visit(&bob_session, door, "spoke_with");
    older["support_level"] = json!(1);
    older["visited_at"] = json!(time(Utc::now() - Duration::minutes(1)));
    assert_eq!(
        record(&app, &bob.access, &older).await.status(),
        StatusCode::CREATED
    );

    assert_eq!(household(&app, door).await, after_newer);
    assert_eq!(after_newer["support_level"], 3);
    assert_eq!(after_newer["last_visit_outcome"], "spoke_with");
    let history = visit_history(&app, door).await;
    assert_eq!(
        history.len(),
        1,
        "the older visit has no history entry: {history:?}"
    );
    assert_eq!(history[0]["actor_id"], ada.id.to_string());
    assert_eq!(count(&app, "select count(*) from canvass_visits").await, 2);

    // The feed has both, newest recorded first; each volunteer sees their own.
    let feed = body(app.get("/api/canvass/visits", &turf.admin.access).await).await;
    assert_eq!(feed["meta"]["total"], 2);
    assert_eq!(feed["data"][0]["id"], older["id"]);
    let own = body(app.get("/api/canvass/visits", &bob.access).await).await;
    assert_eq!(own["meta"]["total"], 1);
    assert_eq!(own["data"][0]["volunteer_id"], bob.id.to_string());
    let spoke = body(
        app.get(
            &format!(
                "/api/canvass/visits?outcome=spoke_with&session_id={}",
                ada_session["id"].as_str().unwrap()
            ),
            &turf.admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(spoke["meta"]["total"], 1);
    assert_eq!(spoke["data"][0]["id"], newer["id"]);
}

#[tokio::test]
async fn nobody_home_in_a_whole_building_is_one_visit_for_every_unit() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let db = app.db().await;
    let mut units = Vec::new();
    for unit in ["1", "2", "3"] {
        let row = db
            .query_one(
                "insert into locations (address, unit, point, geocode_status, geocode_provider)
                 values ('5 Tower Street', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), 'manual', 'manual')
                 returning id::text",
                &[&unit, &(LNG + 0.004), &(LAT + 0.004)],
            )
            .await
            .unwrap();
        units.push(row.get::<_, String>(0));
    }
    let next_door = seed(&app, "Tower Street", &[(LNG + 0.0045, LAT + 0.004)]).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;

    let mut knock = visit(&session, &units[0], "not_home");
    knock["whole_building"] = json!(true);
    let response = record(&app, &ada.access, &knock).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    for unit in &units {
        assert_eq!(
            household(&app, unit).await["last_visit_outcome"],
            "not_home"
        );
        assert_eq!(visit_history(&app, unit).await.len(), 1);
    }
    assert_eq!(
        household(&app, &next_door[0]).await["last_visit_outcome"],
        Value::Null
    );
    let ids: Vec<String> = db
        .query("select id::text from canvass_visits order by id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ids.len(), 3);
    let primary = Uuid::parse_str(knock["id"].as_str().unwrap()).unwrap();
    for unit in &units[1..] {
        let derived = Uuid::new_v5(&primary, Uuid::parse_str(unit).unwrap().as_bytes());
        assert!(
            ids.contains(&derived.to_string()),
            "uuid_v5(visit, location) for {unit}"
        );
    }

    // A replay records nothing more, through either route.
    assert_eq!(
        record(&app, &ada.access, &knock).await.status(),
        StatusCode::OK
    );
    let synced = sync(&app, &ada.access, json!({"visits": [knock]})).await;
    assert_eq!(statuses(&synced), ["duplicate"]);
    assert_eq!(count(&app, "select count(*) from canvass_visits").await, 3);
    let s = body(
        app.get(
            &format!("/api/canvass/sessions/{}", session["id"].as_str().unwrap()),
            &ada.access,
        )
        .await,
    )
    .await;
    assert_eq!(s["data"]["visits"], 3);
}

#[tokio::test]
async fn thirty_visits_a_minute_and_a_whole_building_counts_once() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Busy Boulevard", 32).await;
    let db = app.db().await;
    for unit in ["A", "B"] {
        db.execute(
            "insert into locations (address, unit, point, geocode_status, geocode_provider)
             values ('1 Busy Boulevard', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), 'manual', 'manual')",
            &[&unit, &(LNG + 0.001), &(LAT + 0.005)],
        )
        .await
        .unwrap();
    }
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    minute_with_room(20).await;
    let mut building = visit(&session, &doors[0], "not_home");
    building["whole_building"] = json!(true);
    assert_eq!(
        record(&app, &ada.access, &building).await.status(),
        StatusCode::CREATED
    );
    for door in &doors[1..30] {
        let response = record(&app, &ada.access, &visit(&session, door, "refused")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let response = record(&app, &ada.access, &visit(&session, &doors[30], "refused")).await;
    let retry = response.headers().get("retry-after").cloned();
    expect_error(response, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
    assert!(retry.is_some(), "Retry-After");
    assert_eq!(count(&app, "select count(*) from canvass_visits").await, 32);
    // A replay is not a new visit: still answered.
    assert_eq!(
        record(&app, &ada.access, &building).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_canvassed_cut_cannot_be_deleted_but_an_untouched_one_can() {
    let app = spawn_app().await;
    let walked = turf(&app).await;
    let ada = volunteer(&app).await;
    start(&app, &ada.access, &walked.cut).await;
    let refused = delete_as(
        &app,
        &format!("/api/cuts/{}", walked.cut),
        &walked.admin.access,
    )
    .await;
    expect_error(refused, StatusCode::CONFLICT, "CUT_IN_USE").await;
    let cuts = body(app.get("/api/canvass/cuts", &ada.access).await).await;
    assert!(
        cuts["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == walked.cut.as_str())
    );

    let quiet = turf(&app).await;
    let deleted = delete_as(
        &app,
        &format!("/api/cuts/{}", quiet.cut),
        &quiet.admin.access,
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn volunteers_see_each_cuts_progress() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Progress Place", 3).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    record(&app, &ada.access, &visit(&session, &doors[0], "moved")).await;
    let cuts = body(app.get("/api/canvass/cuts", &ada.access).await).await["data"].clone();
    let cut = cuts
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == turf.cut.as_str())
        .unwrap();
    assert_eq!(cut["addresses"], 3);
    assert_eq!(cut["visited"], 1);
    assert_eq!(cut["coverage_pct"], 33.3);
    assert_eq!(cut["category"], "custom");
    assert_eq!(cut["geometry"]["type"], "MultiPolygon");
}
