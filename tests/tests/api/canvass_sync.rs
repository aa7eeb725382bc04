//! Stories of canvassing without signal: the phone queues visits and track
//! points and sends them in one batch when it is back online. Each visit is
//! judged alone, a replayed batch changes nothing, a session completed in the
//! meantime still takes them, and the scheduler ends sessions left idle.

use chrono::{DateTime, Duration, DurationRound, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::canvass_helpers::*;
use crate::helpers::*;

/// Everything the map and the canvass tables hold, to compare before and after.
async fn snapshot(app: &TestApp) -> Value {
    let db = app.db().await;
    db.query_one(
        "select json_build_object(
             'locations', (select json_agg(json_build_object('id', id, 'last_visited_at', last_visited_at,
                 'outcome', last_visit_outcome, 'support', support_level, 'sign', lawn_sign,
                 'size', lawn_sign_size, 'updated_at', updated_at) order by id) from locations),
             'visits', (select count(*) from canvass_visits),
             'history', (select count(*) from location_history),
             'points', (select count(*) from canvass_track_points),
             'sessions', (select json_agg(json_build_object('id', id, 'distance', distance_m,
                 'last_activity_at', last_activity_at) order by id) from canvass_sessions))",
        &[],
    )
    .await
    .unwrap()
    .get(0)
}

/// A visit knocked at `at`.
fn visit_at(session: &Value, location: &str, outcome: &str, at: DateTime<Utc>) -> Value {
    let mut v = visit(session, location, outcome);
    v["visited_at"] = json!(time(at));
    v
}

#[tokio::test]
async fn a_batch_recorded_offline_syncs_once_and_a_replay_changes_nothing() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Offline Street", 6).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let t0 = Utc::now() - Duration::minutes(4);
    let outcomes = [
        "not_home",
        "refused",
        "spoke_with",
        "moved",
        "left_literature",
        "come_back_later",
    ];
    let mut visits: Vec<Value> = doors
        .iter()
        .zip(outcomes)
        .enumerate()
        .map(|(n, (door, outcome))| {
            visit_at(
                &session,
                door,
                outcome,
                t0 + Duration::seconds(n as i64 * 20),
            )
        })
        .collect();
    visits[2]["support_level"] = json!(2);
    visits[2]["sign_requested"] = json!(true);
    let batch = json!({
        "visits": visits,
        "track": [{"session_id": session["id"], "points": [
            {"lat": 45.405, "lng": -75.699, "accuracy_m": 4.0, "recorded_at": time(t0)},
            {"lat": 45.405, "lng": -75.698, "recorded_at": time(t0 + Duration::seconds(60))},
        ]}],
    });
    let first = sync(&app, &ada.access, batch.clone()).await;
    assert_eq!(statuses(&first), vec!["recorded"; 6]);
    assert_eq!(first["track_accepted"], 2);
    for (result, sent) in first["results"].as_array().unwrap().iter().zip(&visits) {
        assert_eq!(result["id"], sent["id"]);
        assert_eq!(result["code"], Value::Null);
        assert_eq!(result["error"], Value::Null);
    }
    assert_eq!(household(&app, &doors[2]).await["support_level"], 2);
    assert_eq!(household(&app, &doors[2]).await["lawn_sign"], true);
    let before = snapshot(&app).await;
    assert_eq!(before["visits"], 6);
    assert_eq!(before["points"], 2);

    let replay = sync(&app, &ada.access, batch).await;
    assert_eq!(statuses(&replay), vec!["duplicate"; 6]);
    assert_eq!(replay["track_accepted"], 0);
    assert_eq!(snapshot(&app).await, before, "a replay changes nothing");

    // A replayed id with other content is still the first write.
    let mut changed = visits[1].clone();
    changed["outcome"] = json!("spoke_with");
    changed["support_level"] = json!(4);
    let again = sync(&app, &ada.access, json!({"visits": [changed]})).await;
    assert_eq!(statuses(&again), ["duplicate"]);
    assert_eq!(snapshot(&app).await, before);
}

#[tokio::test]
async fn one_refused_visit_does_not_hold_back_the_others() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Mixed Mews", 3).await;
    let outside = seed(&app, "Beyond Road", &[(LNG - 0.02, LAT)]).await;
    let ada = volunteer(&app).await;
    let bob = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let bobs_session = start(&app, &bob.access, &turf.cut).await;
    let bobs = visit(&bobs_session, &doors[2], "refused");
    assert_eq!(
        record(&app, &bob.access, &bobs).await.status(),
        StatusCode::CREATED
    );

    let mut wrong_level = visit(&session, &doors[1], "refused");
    wrong_level["support_level"] = json!(2);
    let mut stolen = bobs.clone();
    stolen["session_id"] = session["id"].clone();
    let into_bobs = visit(&bobs_session, &doors[1], "moved");
    let batch = json!({"visits": [
        visit(&session, &doors[0], "not_home"),
        wrong_level,
        visit(&session, &outside[0], "refused"),
        stolen,
        into_bobs,
        visit(&session, &doors[1], "already_voted"),
    ]});
    let outcome = sync(&app, &ada.access, batch).await;
    assert_eq!(
        statuses(&outcome),
        [
            "recorded", "rejected", "rejected", "rejected", "rejected", "recorded"
        ]
    );
    let results = outcome["results"].as_array().unwrap();
    assert_eq!(results[1]["code"], "VALIDATION_FAILED");
    assert!(
        results[1]["error"]
            .as_str()
            .unwrap()
            .contains("support_level")
    );
    assert_eq!(results[2]["code"], "VALIDATION_FAILED");
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .contains("location_id")
    );
    // Another volunteer's id tells nothing about their visit.
    assert_eq!(results[3]["code"], "CONFLICT");
    let told = results[3]["error"].as_str().unwrap();
    assert!(
        !told.contains(&bob.username) && !told.contains("Mixed Mews"),
        "{told}"
    );
    assert_eq!(results[4]["code"], "NOT_FOUND");
    assert_eq!(
        household(&app, &doors[1]).await["last_visit_outcome"],
        "already_voted"
    );
    assert_eq!(
        household(&app, &doors[2]).await["last_visit_outcome"],
        "refused"
    );
    assert_eq!(count(&app, "select count(*) from canvass_visits").await, 3);
}

#[tokio::test]
async fn visits_sync_into_a_session_completed_while_the_phone_was_offline() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Late Lane", 2).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let id = session["id"].as_str().unwrap();
    let queued = visit_at(
        &session,
        &doors[0],
        "refused",
        Utc::now() - Duration::seconds(30),
    );
    let done = app
        .post_as(
            &format!("/api/canvass/sessions/{id}/complete"),
            &ada.access,
            json!({}),
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);

    let live = record(&app, &ada.access, &visit(&session, &doors[1], "refused")).await;
    expect_error(live, StatusCode::CONFLICT, "SESSION_NOT_ACTIVE").await;
    let synced = sync(
        &app,
        &ada.access,
        json!({"visits": [queued], "track": [{"session_id": id, "points": [
            {"lat": 45.405, "lng": -75.699, "recorded_at": time(Utc::now() - Duration::seconds(40))}
        ]}]}),
    )
    .await;
    assert_eq!(statuses(&synced), ["recorded"]);
    assert_eq!(synced["track_accepted"], 1);
    assert_eq!(
        household(&app, &doors[0]).await["last_visit_outcome"],
        "refused"
    );
    let s = body(
        app.get(&format!("/api/canvass/sessions/{id}"), &ada.access)
            .await,
    )
    .await;
    assert_eq!(s["data"]["status"], "completed");
    assert_eq!(s["data"]["visits"], 1);

    // Another volunteer's session takes none of this volunteer's points.
    let bob = volunteer(&app).await;
    let theirs = sync(
        &app,
        &bob.access,
        json!({"visits": [], "track": [{"session_id": id, "points": [
            {"lat": 45.405, "lng": -75.698, "recorded_at": time(Utc::now())}
        ]}]}),
    )
    .await;
    assert_eq!(theirs["track_accepted"], 0);
    assert_eq!(
        count(&app, "select count(*) from canvass_track_points").await,
        1
    );
}

#[tokio::test]
async fn a_sync_keeps_to_thirty_visits_in_any_minute_they_were_knocked() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Rush Road", 40).await;
    let db = app.db().await;
    db.execute(
        "insert into locations (address, unit, point, geocode_status, geocode_provider)
         values ('1 Rush Road', 'B', ST_SetSRID(ST_MakePoint($1, $2), 4326), 'manual', 'manual')",
        &[&(LNG + 0.001), &(LAT + 0.005)],
    )
    .await
    .unwrap();
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    // All in one clock minute a few minutes ago (within the five minutes of
    // grace before the session's start); a whole building counts once.
    let minute = (Utc::now() - Duration::minutes(3))
        .duration_trunc(Duration::minutes(1))
        .unwrap();
    let mut visits = Vec::new();
    let mut building = visit_at(&session, &doors[0], "not_home", minute);
    building["whole_building"] = json!(true);
    visits.push(building);
    for (n, door) in doors[1..32].iter().enumerate() {
        visits.push(visit_at(
            &session,
            door,
            "refused",
            minute + Duration::seconds(n as i64 + 1),
        ));
    }
    // The next minute has room again.
    visits.push(visit_at(
        &session,
        &doors[32],
        "refused",
        minute + Duration::minutes(1),
    ));
    let outcome = sync(&app, &ada.access, json!({"visits": visits})).await;
    let statuses = statuses(&outcome);
    assert_eq!(statuses[..30], vec!["recorded"; 30]);
    assert_eq!(statuses[30..32], ["rejected", "rejected"]);
    assert_eq!(statuses[32], "recorded");
    assert_eq!(outcome["results"][30]["code"], "RATE_LIMITED");
    assert_eq!(
        count(
            &app,
            "select count(*) from canvass_visits where whole_building_of is not null"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_malformed_batch_is_refused_whole_and_writes_nothing() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Strict Street", 1).await;
    let ada = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let one = visit(&session, &doors[0], "refused");

    let too_many: Vec<Value> = (0..501)
        .map(|_| visit(&session, &doors[0], "refused"))
        .collect();
    let response = app
        .post_as(
            "/api/canvass/sync",
            &ada.access,
            json!({"visits": too_many}),
        )
        .await;
    let refused = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(refused["details"]["visits"].is_string());

    let mut shapeless = one.clone();
    shapeless["mood"] = json!("sunny");
    let response = app
        .post_as(
            "/api/canvass/sync",
            &ada.access,
            json!({"visits": [one, shapeless]}),
        )
        .await;
    expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;

    let off_map = json!({"visits": [one], "track": [{"session_id": session["id"], "points": [
        {"lat": 0.0, "lng": 200.0, "recorded_at": time(Utc::now())}
    ]}]});
    let response = app.post_as("/api/canvass/sync", &ada.access, off_map).await;
    let refused = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(refused["details"]["track[0].points[0].lng"].is_string());

    let response = app
        .http
        .post(app.url("/api/canvass/sync"))
        .bearer_auth(&ada.access)
        .header("content-type", "application/json")
        .body("{\"visits\": [")
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::BAD_REQUEST, "MALFORMED_JSON").await;
    assert_eq!(count(&app, "select count(*) from canvass_visits").await, 0);
    assert_eq!(
        count(&app, "select count(*) from canvass_track_points").await,
        0
    );
}

#[tokio::test]
async fn the_scheduler_abandons_a_session_idle_for_twelve_hours_and_leaves_a_fresh_one() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let ada = volunteer(&app).await;
    let bob = volunteer(&app).await;
    let idle = start(&app, &ada.access, &turf.cut).await;
    let fresh = start(&app, &bob.access, &turf.cut).await;
    let db = app.db().await;
    db.execute(
        "update canvass_sessions set started_at = now() - interval '14 hours',
             last_activity_at = now() - interval '12 hours 5 minutes'
         where id = $1::text::uuid",
        &[&idle["id"].as_str().unwrap()],
    )
    .await
    .unwrap();
    db.execute(
        "update canvass_sessions set last_activity_at = now() - interval '11 hours 55 minutes'
         where id = $1::text::uuid",
        &[&fresh["id"].as_str().unwrap()],
    )
    .await
    .unwrap();

    let report = app.tick().await;
    assert_eq!(report.abandoned_canvass_sessions, 1);
    let abandoned = body(
        app.get(
            &format!("/api/canvass/sessions/{}", idle["id"].as_str().unwrap()),
            &ada.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    assert_eq!(abandoned["status"], "abandoned");
    assert_eq!(abandoned["ended_at"], abandoned["last_activity_at"]);
    let still = body(app.get("/api/canvass/sessions/current", &bob.access).await).await;
    assert_eq!(still["data"]["id"], fresh["id"]);
    assert_eq!(still["data"]["status"], "active");
    assert_eq!(app.tick().await.abandoned_canvass_sessions, 0);

    // The volunteer may start again at once.
    let next = start(&app, &ada.access, &turf.cut).await;
    assert_ne!(next["id"], idle["id"]);
}
