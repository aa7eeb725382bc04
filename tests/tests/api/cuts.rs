//! Stories of cuts: an organiser draws turf, bad shapes are refused with the
//! reason, the households inside are found by PostGIS (boundary points count,
//! holes do not, multipolygons hold all their parts), and each cut has stats
//! and a walk sheet in walking order.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::map_helpers::*;
use crate::pages_helpers::delete_as;

#[tokio::test]
async fn an_organiser_draws_changes_and_deletes_a_cut() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let response = app
        .post_as(
            "/api/cuts",
            &admin.access,
            json!({"name": " Ward 7 ", "category": "ward", "colour": "#FF0000",
                   "geometry": {"type": "Polygon", "coordinates": [square(-75.7, 45.4, 0.01)]}}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cut = body(response).await["data"].clone();
    assert_eq!(cut["name"], "Ward 7");
    assert_eq!(cut["category"], "ward");
    assert_eq!(cut["colour"], "#ff0000");
    assert_eq!(
        cut["geometry"]["type"], "MultiPolygon",
        "stored as a MultiPolygon"
    );
    let area = cut["area_m2"].as_f64().unwrap();
    assert!(
        (area - 870_000.0).abs() < 20_000.0,
        "about 0.87 km² at 45°N: {area}"
    );
    let path = format!("/api/cuts/{}", cut["id"].as_str().unwrap());

    let changed = body(
        app.patch_as(
            &path,
            &admin.access,
            json!({"name": "Ward 8", "category": "district"}),
        )
        .await,
    )
    .await;
    assert_eq!(changed["data"]["name"], "Ward 8");
    assert_eq!(changed["data"]["geometry"], cut["geometry"]);
    let list = body(app.get("/api/cuts?category=district", &admin.access).await).await;
    assert_eq!(list["meta"]["total"], 1);
    let list = body(app.get("/api/cuts?category=ward", &admin.access).await).await;
    assert_eq!(list["meta"]["total"], 0);

    assert_eq!(
        delete_as(&app, &path, &admin.access).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&path, &admin.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn bad_shapes_are_refused_with_the_reason() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let bowtie = json!([
        [0.0, 0.0],
        [0.01, 0.01],
        [0.01, 0.0],
        [0.0, 0.01],
        [0.0, 0.0]
    ]);
    let open = json!([[0.0, 0.0], [0.01, 0.0], [0.01, 0.01], [0.0, 0.01]]);
    let cases = [
        (
            json!({"type": "Polygon", "coordinates": [bowtie]}),
            "Self-intersection",
        ),
        (
            json!({"type": "Polygon", "coordinates": [open]}),
            "not closed",
        ),
        (
            json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.00001)]}),
            "too small",
        ),
        (
            json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 5.0)]}),
            "too large",
        ),
        (
            json!({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
            "Polygon",
        ),
        (
            json!({"type": "Polygon", "coordinates": [[[0, 0], ["a", 1], [1, 1], [0, 0]]]}),
            "longitude",
        ),
        // A hole that pokes outside its shell.
        (
            json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01), square(0.005, 0.005, 0.01)]}),
            "not valid",
        ),
    ];
    for (geometry, reason) in cases {
        let response = app
            .post_as(
                "/api/cuts",
                &admin.access,
                json!({"name": "Bad", "geometry": geometry}),
            )
            .await;
        let error = expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
        let message = error["details"]["geometry"].as_str().unwrap_or_default();
        assert!(message.contains(reason), "{reason}: {error}");
    }
    let response = app
        .post_as("/api/cuts", &admin.access, json!({"name": "", "colour": "red", "geometry": {"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01)]}}))
        .await;
    let error = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        error["details"]["name"].is_string() && error["details"]["colour"].is_string(),
        "{error}"
    );
}

async fn inside(app: &TestApp, token: &str, cut: &serde_json::Value) -> Vec<String> {
    let page = body(
        app.get(
            &format!(
                "/api/cuts/{}/locations?limit=200",
                cut["id"].as_str().unwrap()
            ),
            token,
        )
        .await,
    )
    .await;
    let mut names: Vec<String> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["address"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn households_inside_count_the_boundary_and_not_the_holes() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    for (name, lng, lat) in [
        ("centre", 0.005, 0.005),
        ("corner", 0.0, 0.0),
        ("edge", 0.01, 0.005),
        ("in the hole", 0.0045, 0.0045),
        ("hole edge", 0.004, 0.0045),
        ("outside", 0.02, 0.02),
        ("second part", 0.0305, 0.0305),
    ] {
        add_location(&app, &admin.access, household(name, lng, lat)).await;
    }
    add_location(&app, &admin.access, json!({"address": "unplaced"})).await;

    let plain = draw_cut(
        &app,
        &admin.access,
        "Plain",
        json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01)]}),
    )
    .await;
    assert_eq!(
        inside(&app, &admin.access, &plain).await,
        ["centre", "corner", "edge", "hole edge", "in the hole"]
    );

    let holed = draw_cut(
        &app,
        &admin.access,
        "Holed",
        json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01), square(0.004, 0.004, 0.001)]}),
    )
    .await;
    assert_eq!(
        inside(&app, &admin.access, &holed).await,
        ["centre", "corner", "edge", "hole edge"],
        "the hole's edge is the shape's boundary"
    );

    let multi = draw_cut(
        &app,
        &admin.access,
        "Two parts",
        json!({"type": "MultiPolygon", "coordinates": [[square(0.0, 0.0, 0.01), square(0.004, 0.004, 0.001)], [square(0.03, 0.03, 0.001)]]}),
    )
    .await;
    assert_eq!(
        inside(&app, &admin.access, &multi).await,
        ["centre", "corner", "edge", "hole edge", "second part"]
    );
}

#[tokio::test]
async fn a_cut_has_stats_from_its_households_and_their_visits() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    let cut = draw_cut(
        &app,
        &admin.access,
        "Stats",
        json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01)]}),
    )
    .await;
    let stats_path = format!("/api/cuts/{}/stats", cut["id"].as_str().unwrap());
    let empty = body(app.get(&stats_path, &admin.access).await).await["data"].clone();
    assert_eq!(empty["addresses"], 0);
    assert_eq!(empty["coverage_percent"], 0.0);

    let mut ids = Vec::new();
    for (i, level) in [Some(1), Some(1), Some(2), Some(4), None, None]
        .into_iter()
        .enumerate()
    {
        let mut fields = household(&format!("{i} Stat St"), 0.001 * (i as f64 + 1.0), 0.005);
        fields["support_level"] = json!(level);
        fields["lawn_sign"] = json!(i == 0);
        ids.push(
            add_location(&app, &admin.access, fields).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    add_location(&app, &admin.access, household("Outside", 0.5, 0.5)).await;
    // Canvassing records visits on the location; two of six are visited.
    app.db()
        .await
        .execute(
            "update locations set last_visited_at = now(), last_visit_outcome = 'spoke_with' where id = any($1::text[]::uuid[])",
            &[&vec![ids[0].clone(), ids[4].clone()]],
        )
        .await
        .unwrap();
    let stats = body(app.get(&stats_path, &admin.access).await).await["data"].clone();
    assert_eq!(stats["addresses"], 6);
    assert_eq!(stats["visited"], 2);
    assert_eq!(stats["coverage_percent"], 33.3);
    assert_eq!(
        stats["support"],
        json!({"level_1": 2, "level_2": 1, "level_3": 0, "level_4": 1, "unknown": 2})
    );
    assert_eq!(stats["lawn_signs"], 1);

    let missing = app
        .get(
            &format!("/api/cuts/{}/stats", uuid::Uuid::new_v4()),
            &admin.access,
        )
        .await;
    expect_error(missing, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[tokio::test]
async fn the_walk_sheet_follows_a_walking_route_and_prints() {
    let app = spawn_app().await;
    let admin = organiser(&app).await;
    // The cut starts at its first vertex (0, 0); the doors are along a street.
    let cut = draw_cut(
        &app,
        &admin.access,
        "Main <Street>",
        json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 0.01)]}),
    )
    .await;
    for (name, lng) in [
        ("30 Main", 0.003),
        ("10 Main", 0.001),
        ("50 Main", 0.005),
        ("20 Main", 0.002),
    ] {
        let mut fields = household(name, lng, 0.0001);
        fields["occupant_email"] = json!("door@example.org");
        add_location(&app, &admin.access, fields).await;
    }
    let sheet = body(
        app.get(
            &format!("/api/cuts/{}/walk-sheet", cut["id"].as_str().unwrap()),
            &admin.access,
        )
        .await,
    )
    .await["data"]
        .clone();
    let order: Vec<&str> = sheet["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["address"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["10 Main", "20 Main", "30 Main", "50 Main"]);
    assert_eq!(sheet["stops"][3]["order"], 4);
    let total = sheet["total_distance_m"].as_f64().unwrap();
    assert!((total - 557.0).abs() < 5.0, "{total}");
    assert!(
        !sheet.to_string().contains("door@example.org"),
        "no contacts on the sheet"
    );

    let page = app
        .get(
            &format!("/api/cuts/{}/walk-sheet/print", cut["id"].as_str().unwrap()),
            &admin.access,
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("Main &lt;Street&gt;") && html.find("10 Main") < html.find("50 Main"));

    // The same route as a PDF to download, named after the cut.
    let pdf = app
        .get(
            &format!("/api/cuts/{}/walk-sheet/pdf", cut["id"].as_str().unwrap()),
            &admin.access,
        )
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert_eq!(
        pdf.headers()["content-disposition"],
        "attachment; filename=\"walk-sheet-main-street.pdf\""
    );
    let bytes = pdf.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("%PDF-") && text.trim_end().ends_with("%%EOF"));
    let (first, last) = (text.find("(10 Main)"), text.find("(50 Main)"));
    assert!(first.is_some() && first < last, "stops in walking order");
    assert!(
        !text.contains("door@example.org"),
        "no contacts on the sheet"
    );
}
