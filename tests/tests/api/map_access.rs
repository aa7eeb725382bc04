//! Who may use which map route: organisers (MAP_ADMIN, and SUPER_ADMIN who
//! passes every check) use every route but the key rotation (SUPER_ADMIN);
//! every other signed-in role is refused with 403 and a visitor with 401; the
//! public map is open to anyone.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::map_helpers::*;
use crate::pages_helpers::{call, callers, check_matrix};

#[tokio::test]
async fn every_map_route_checks_its_callers_role() {
    let app = spawn_app().await;
    let callers = callers(&app).await;
    let admin = organiser(&app).await;
    let location = add_location(&app, &admin.access, household("1 Matrix Way", 0.005, 0.005)).await;
    let cut = draw_cut(
        &app,
        &admin.access,
        "Matrix",
        json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01)]}),
    )
    .await;
    let l = format!("/api/locations/{}", location["id"].as_str().unwrap());
    let c = format!("/api/cuts/{}", cut["id"].as_str().unwrap());
    let organisers: &[&str] = &["SUPER_ADMIN", "MAP_ADMIN"];
    let routes = vec![
        (Method::GET, "/api/locations".to_string(), None),
        (
            Method::POST,
            "/api/locations".to_string(),
            Some(json!({"address": "2 Matrix Way"})),
        ),
        (Method::GET, l.clone(), None),
        (Method::PATCH, l.clone(), Some(json!({"notes": "checked"}))),
        (Method::GET, format!("{l}/history"), None),
        (Method::GET, "/api/locations/points".to_string(), None),
        (
            Method::POST,
            "/api/locations/import".to_string(),
            Some(json!({"csv": "address\n3 Matrix Way\n", "dry_run": true})),
        ),
        (Method::GET, "/api/locations/export".to_string(), None),
        (
            Method::POST,
            "/api/locations/address-points".to_string(),
            Some(json!({"csv": "address,lng,lat\n1 Matrix Way,0.005,0.005\n", "source": "matrix"})),
        ),
        (Method::GET, "/api/cuts".to_string(), None),
        (
            Method::POST,
            "/api/cuts".to_string(),
            Some(
                json!({"name": "M2", "geometry": {"type": "Polygon", "coordinates": [square(1.0, 1.0, 0.01)]}}),
            ),
        ),
        (Method::GET, c.clone(), None),
        (Method::PATCH, c.clone(), Some(json!({"colour": "#00ff00"}))),
        (Method::GET, format!("{c}/locations"), None),
        (Method::GET, format!("{c}/stats"), None),
        (Method::GET, format!("{c}/walk-sheet"), None),
        (Method::GET, format!("{c}/walk-sheet/print"), None),
        (Method::GET, format!("{c}/walk-sheet/pdf"), None),
    ];
    for (method, path, json) in routes {
        check_matrix(&app, &callers, method, &path, json, organisers).await;
    }
    check_matrix(
        &app,
        &callers,
        Method::POST,
        "/api/locations/rotate-keys",
        None,
        &["SUPER_ADMIN"],
    )
    .await;
    let everyone: Vec<&str> = callers.iter().map(|(role, _)| *role).collect();
    for path in [
        "/api/public/map/settings",
        "/api/public/map/signs",
        "/api/public/map/cuts",
    ] {
        check_matrix(&app, &callers, Method::GET, path, None, &everyone).await;
    }
    // Deletions last: each caller but the organisers is refused first.
    check_matrix(&app, &callers, Method::DELETE, &l, None, organisers).await;
    check_matrix(&app, &callers, Method::DELETE, &c, None, organisers).await;
    let gone = call(&app, Method::GET, &c, Some(&admin.access), None).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}
