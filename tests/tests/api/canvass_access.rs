//! Who may canvass, and whose records they see: every route of the canvass,
//! called by SUPER_ADMIN, MAP_ADMIN, INFLUENCE_ADMIN, USER, TEMP and an
//! anonymous visitor. Volunteer routes take any account but TEMP (403 with a
//! word about upgrading); the dashboard takes MAP_ADMIN and SUPER_ADMIN. A
//! canvasser never sees nor writes another canvasser's session: 404.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::canvass_helpers::*;
use crate::helpers::*;
use crate::pages_helpers::{call, callers_of, check_matrix, user_with_role};

/// Canvassers: any account but TEMP.
const CANVASSERS: &[&str] = &["SUPER_ADMIN", "MAP_ADMIN", "INFLUENCE_ADMIN", "USER"];
/// Canvass admins.
const ADMINS: &[&str] = &["SUPER_ADMIN", "MAP_ADMIN"];

#[tokio::test]
async fn every_canvass_route_admits_exactly_the_roles_it_should() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let callers = callers_of(
        &app,
        &[
            Some("SUPER_ADMIN"),
            Some("MAP_ADMIN"),
            Some("INFLUENCE_ADMIN"),
            Some("USER"),
            Some("TEMP"),
            None,
        ],
    )
    .await;
    let nobody = Uuid::new_v4();
    let s = format!("/api/canvass/sessions/{nobody}");
    let point =
        json!({"points": [{"lat": 45.4, "lng": -75.7, "recorded_at": time(chrono::Utc::now())}]});
    let a_visit = json!({
        "id": Uuid::new_v4(), "session_id": nobody, "location_id": nobody,
        "outcome": "not_home", "visited_at": time(chrono::Utc::now()),
    });
    let routes: Vec<(Method, String, Option<Value>, &[&str])> = vec![
        (Method::GET, "/api/canvass/cuts".into(), None, CANVASSERS),
        (
            Method::GET,
            "/api/canvass/sessions".into(),
            None,
            CANVASSERS,
        ),
        (
            Method::POST,
            "/api/canvass/sessions".into(),
            Some(json!({"cut_id": turf.cut})),
            CANVASSERS,
        ),
        (
            Method::GET,
            "/api/canvass/sessions/current".into(),
            None,
            CANVASSERS,
        ),
        (Method::GET, s.clone(), None, CANVASSERS),
        (Method::POST, format!("{s}/complete"), None, CANVASSERS),
        (Method::GET, format!("{s}/households"), None, CANVASSERS),
        (Method::GET, format!("{s}/track"), None, CANVASSERS),
        (Method::POST, format!("{s}/track"), Some(point), CANVASSERS),
        (Method::GET, "/api/canvass/visits".into(), None, CANVASSERS),
        (
            Method::POST,
            "/api/canvass/visits".into(),
            Some(a_visit),
            CANVASSERS,
        ),
        (
            Method::POST,
            "/api/canvass/sync".into(),
            Some(json!({"visits": []})),
            CANVASSERS,
        ),
        (Method::GET, "/api/canvass/dashboard".into(), None, ADMINS),
    ];

    // Every operation of the canvass is in the table, and nothing else.
    let documented = operations(&serde_json::to_value(canvass::openapi()).unwrap());
    let tested: std::collections::BTreeSet<String> = routes
        .iter()
        .map(|(method, path, ..)| format!("{method} {}", path.replace(&nobody.to_string(), "{id}")))
        .collect();
    assert_eq!(documented, tested);

    for (method, path, json, allowed) in routes {
        check_matrix(&app, &callers, method, &path, json, allowed).await;
    }
}

#[tokio::test]
async fn a_temporary_account_is_told_to_ask_for_an_upgrade() {
    let app = spawn_app().await;
    let temp = user_with_role(&app, "TEMP").await;
    let response = app.get("/api/canvass/cuts", &temp.access).await;
    let refused = expect_error(response, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert!(refused["error"].as_str().unwrap().contains("upgrade"));
}

#[tokio::test]
async fn a_canvasser_cannot_see_or_write_another_canvassers_session() {
    let app = spawn_app().await;
    let turf = turf(&app).await;
    let doors = street(&app, "Private Path", 2).await;
    let ada = volunteer(&app).await;
    let bob = volunteer(&app).await;
    let session = start(&app, &ada.access, &turf.cut).await;
    let id = session["id"].as_str().unwrap();
    let adas_visit = visit(&session, &doors[0], "refused");
    assert_eq!(
        record(&app, &ada.access, &adas_visit).await.status(),
        StatusCode::CREATED
    );
    let s = format!("/api/canvass/sessions/{id}");
    let point =
        json!({"points": [{"lat": 45.4, "lng": -75.7, "recorded_at": time(chrono::Utc::now())}]});

    for (method, path, json) in [
        (Method::GET, s.clone(), None),
        (Method::GET, format!("{s}/households"), None),
        (Method::GET, format!("{s}/track"), None),
        (Method::POST, format!("{s}/track"), Some(point)),
        (Method::POST, format!("{s}/complete"), None),
        (
            Method::POST,
            "/api/canvass/visits".to_string(),
            Some(visit(&session, &doors[1], "moved")),
        ),
    ] {
        let response = call(&app, method.clone(), &path, Some(&bob.access), json).await;
        expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    // Reusing Ada's visit id tells Bob nothing about her visit.
    let bobs_session = start(&app, &bob.access, &turf.cut).await;
    let mut reused = visit(&bobs_session, &doors[1], "moved");
    reused["id"] = adas_visit["id"].clone();
    let response = record(&app, &bob.access, &reused).await;
    let refused = expect_error(response, StatusCode::CONFLICT, "CONFLICT").await;
    assert!(!refused.to_string().contains("Private Path"), "{refused}");

    let lists = [
        ("/api/canvass/sessions", id),
        ("/api/canvass/visits", adas_visit["id"].as_str().unwrap()),
    ];
    for (path, adas) in lists {
        let bobs = body(app.get(path, &bob.access).await).await;
        assert!(
            bobs["data"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["id"] != adas),
            "{path}"
        );
        let filtered = body(
            app.get(&format!("{path}?volunteer_id={}", ada.id), &bob.access)
                .await,
        )
        .await;
        assert_eq!(
            filtered["meta"]["total"], 0,
            "{path} for Bob, filtered on Ada"
        );
        let all = body(app.get(path, &turf.admin.access).await).await;
        assert!(
            all["data"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == adas),
            "{path}"
        );
    }

    // Nothing of Ada's changed, and the organiser sees it all.
    let hers = body(app.get(&s, &ada.access).await).await["data"].clone();
    assert_eq!(hers["status"], "active");
    assert_eq!(hers["visits"], 1);
    let admin_view = body(app.get(&s, &turf.admin.access).await).await["data"].clone();
    assert_eq!(admin_view, hers);
    let dashboard =
        body(app.get("/api/canvass/dashboard", &turf.admin.access).await).await["data"].clone();
    let active: Vec<&Value> = dashboard["active_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(active.len(), 2);
    assert!(active.iter().all(|a| a["last_point"].is_null()));
    assert_eq!(dashboard["totals"]["active_sessions"], 2);
    assert_eq!(dashboard["totals"]["visits_today"], 1);
    assert_eq!(dashboard["totals"]["volunteers_today"], 2);
    let leader = &dashboard["leaderboard"][0];
    assert_eq!(leader["volunteer_id"], ada.id.to_string());
    assert_eq!(leader["visits"], 1);
    assert_eq!(leader["spoke_with"], 0);
    assert_eq!(leader["sessions"], 1);
    let cut = dashboard["cuts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cut_id"] == turf.cut.as_str())
        .unwrap();
    assert_eq!(cut["addresses"], 2);
    assert_eq!(cut["visited"], 1);
    assert_eq!(cut["coverage_pct"], 50.0);
}
