//! Representatives and postal codes: an admin imports them from CSV (a dry run
//! first, every bad row reported by line), re-imports after an election, edits
//! one by hand; a postal code nobody imported is asked of the Represent API
//! (here a local server answering with recorded responses) and cached.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use axum::extract::{Path, State};
use axum::http::StatusCode as AxumStatus;
use axum::response::IntoResponse;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::campaign_helpers::*;
use crate::helpers::*;

const REPS: &str = "/api/representatives/import";
const CODES: &str = "/api/representatives/postal-codes/import";

fn errors(report: &Value) -> Vec<(u64, String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["code"].as_str().unwrap().to_string(),
                e["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn expected(rows: &[(u64, &str, &str)]) -> Vec<(u64, String, String)> {
    rows.iter()
        .map(|(line, code, column)| (*line, code.to_string(), column.to_string()))
        .collect()
}

async fn representative_count(app: &TestApp) -> i64 {
    app.db()
        .await
        .query_one("select count(*) from representatives", &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn every_bad_row_is_reported_by_line_and_nothing_is_imported() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let csv = "key,name,elected_office,level,district,email,photo_url\n\
               a,Avery Lee,MP,federal,Riverside,avery@example.org,\n\
               b,,MP,federal,Hills,,\n\
               c,Cy Doe,MP,senate,Lake,,\n\
               d,Di Doe,MP,federal,Bay,not-an-email,\n\
               e,Ed Doe,MP,federal,Cove,,http://example.org/ed.jpg\n\
               a,Flo Doe,MP,federal,Dale,,\n\
               g,Gus\u{7}Doe,MP,federal,Glen,,\n\
               h,Hal Doe,MP,federal\n\
               \n\
               i,Ida Doe,MP,provincial,Glen,,\n";
    for dry_run in [true, false] {
        let report = app.import_csv(&admin, REPS, csv, dry_run).await;
        assert_eq!(report["applied"], false);
        assert_eq!(report["rows"], 9, "{report}");
        assert_eq!(
            errors(&report),
            expected(&[
                (3, "required", "name"),
                (4, "invalid_level", "level"),
                (5, "invalid_email", "email"),
                (6, "invalid_url", "photo_url"),
                (7, "duplicate_key", "key"),
                (8, "invalid_text", "name"),
                (9, "field_count", ""),
            ])
        );
        assert!(report["errors"][0]["message"].as_str().unwrap().len() > 3);
    }
    assert_eq!(
        representative_count(&app).await,
        0,
        "nothing changes while a row is wrong"
    );

    // Wrong headers stop the reading at line 1; an empty file says so.
    let cases = [
        (
            "name,level,district\nA,federal,X\n",
            vec![(1, "missing_column", "elected_office")],
        ),
        (
            "name,elected_office,level,district,colour\n",
            vec![(1, "unknown_column", "colour")],
        ),
        (
            "name,name,elected_office,level,district\n",
            vec![(1, "duplicate_column", "name")],
        ),
        (
            "name,elected_office,level,district\n",
            vec![(1, "empty", "")],
        ),
        (
            "name,elected_office,level,district\n\"Ann,MP,federal,X\n",
            vec![(2, "field_count", "")],
        ),
    ];
    for (csv, wanted) in cases {
        let report = app.import_csv(&admin, REPS, csv, true).await;
        assert_eq!(errors(&report), expected(&wanted), "{csv:?}");
    }
    let mut huge = String::from("postal_code,level,district\n");
    huge.push_str(&"K1A,federal,X\n".repeat(50_001));
    let report = app.import_csv(&admin, CODES, &huge, true).await;
    assert_eq!(errors(&report), expected(&[(50_002, "too_many_rows", "")]));
    let codes = "postal_code,level,district\nD1A 0B1,federal,X\nK1A 0B1,senate,X\nK1A 0B1,federal,\nK1Z,federal,Y\n";
    let report = app.import_csv(&admin, CODES, codes, false).await;
    assert_eq!(
        errors(&report),
        expected(&[
            (2, "invalid_postal_code", "postal_code"),
            (3, "invalid_level", "level"),
            (4, "required", "district")
        ])
    );
    assert_eq!(report["applied"], false);
}

#[tokio::test]
async fn a_re_import_after_an_election_reports_what_it_adds_changes_and_removes() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    let before = "name,elected_office,level,district,email\n\
                  Avery Lee,MP,federal,Riverside,avery@example.org\n\
                  Bo Hill,MP,federal,Hills,bo@example.org\n\
                  Cy Lake,MP,federal,Lake,cy@example.org\n\
                  Di Ward,Councillor,municipal,Ward 1,di@example.org\n";
    let first = app.import_csv(&admin, REPS, before, false).await;
    assert_eq!(
        (first["added"].as_u64(), first["applied"].as_bool()),
        (Some(4), Some(true))
    );
    let manual = app
        .post_as(
            "/api/representatives",
            &admin.access,
            json!({"name": "Eve Senate", "elected_office": "MP", "level": "federal", "district": "Islands"}),
        )
        .await;
    assert_eq!(manual.status(), StatusCode::CREATED);

    // The election: Riverside's seat changes hands, Lake's district is gone,
    // Dale is new. Municipal seats are not in this file and stay.
    let after = "name,elected_office,level,district,email\n\
                 Avery Lee,MP,federal,Hills,bo@example.org\n\
                 Rae Newman,MP,federal,Riverside,rae@example.org\n\
                 Sol Dale,MP,federal,Dale,sol@example.org\n";
    let dry = app.import_csv(&admin, REPS, after, true).await;
    let summary = |r: &Value| {
        (
            r["added"].as_u64(),
            r["changed"].as_u64(),
            r["removed"].as_u64(),
            r["unchanged"].as_u64(),
        )
    };
    assert_eq!(summary(&dry), (Some(1), Some(2), Some(1), Some(0)), "{dry}");
    assert_eq!(
        representative_count(&app).await,
        5,
        "a dry run changes nothing"
    );
    let applied = app.import_csv(&admin, REPS, after, false).await;
    assert_eq!(summary(&applied), summary(&dry));
    let names: Vec<String> = app
        .db()
        .await
        .query("select name from representatives order by name", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        names,
        [
            "Avery Lee",
            "Di Ward",
            "Eve Senate",
            "Rae Newman",
            "Sol Dale"
        ]
    );
    let again = app.import_csv(&admin, REPS, after, false).await;
    assert_eq!(summary(&again), (Some(0), Some(0), Some(0), Some(3)));

    // Postal codes: several districts per code are kept; a re-import replaces them.
    let codes = "postal_code,level,district\nK1A 0B1,federal,Hills\nk1a0b1,federal,Riverside\nK1A,municipal,Ward 1\n";
    let report = app.import_csv(&admin, CODES, codes, false).await;
    assert_eq!(
        (report["added"].as_u64(), report["applied"].as_bool()),
        (Some(3), Some(true))
    );
    let replaced = app
        .import_csv(
            &admin,
            CODES,
            "postal_code,level,district\nK1A 0B1,federal,Dale\n",
            false,
        )
        .await;
    assert_eq!(
        (replaced["added"].as_u64(), replaced["removed"].as_u64()),
        (Some(1), Some(2)),
        "the federal rows only: {replaced}"
    );
}

#[tokio::test]
async fn admins_list_search_and_edit_representatives() {
    let app = spawn_app().await;
    let admin = app.influence_admin().await;
    app.seed_district(&admin).await;
    let all = body(app.get("/api/representatives", &admin.access).await).await;
    assert_eq!(all["meta"]["total"], 4);
    assert_eq!(all["data"][0]["level"], "federal", "by level first");
    let found = body(
        app.get("/api/representatives?q=ward%207", &admin.access)
            .await,
    )
    .await;
    assert_eq!(found["data"][0]["name"], "Casey Roy");
    let school = body(
        app.get("/api/representatives?level=school_board", &admin.access)
            .await,
    )
    .await;
    assert_eq!(
        (
            school["meta"]["total"].as_i64(),
            school["data"][0]["email"].as_str()
        ),
        (Some(1), Some(""))
    );

    let id = school["data"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/representatives/{id}");
    let edited = app
        .patch_as(
            &path,
            &admin.access,
            json!({"email": "jordan.park@example.org", "party": "Independent"}),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let edited = body(edited).await["data"].clone();
    assert_eq!(
        (edited["email"].as_str(), edited["source"].as_str()),
        (Some("jordan.park@example.org"), Some("csv"))
    );
    let stale = app
        .patch_as(
            &path,
            &admin.access,
            json!({"party": "X", "updated_at": "2020-01-01T00:00:00Z"}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;
    let bad = app
        .patch_as(
            &path,
            &admin.access,
            json!({"email": "nope", "photo_url": "http://x", "level": "senate"}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app
        .patch_as(
            &path,
            &admin.access,
            json!({"email": "nope", "photo_url": "http://x"}),
        )
        .await;
    let details = body(ok).await["details"].clone();
    assert!(
        details["email"].is_string() && details["photo_url"].is_string(),
        "{details}"
    );
    assert_eq!(
        app.delete_as(&path, &admin.access).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&path, &admin.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

/// A stand-in for Represent: `/postcodes/{code}/` answers the recorded file of
/// that code (404 for others), or 503 while `down`; counts its requests.
struct FakeRepresent {
    url: String,
    hits: Arc<AtomicUsize>,
    down: Arc<AtomicBool>,
}

#[derive(Clone)]
struct Fake {
    hits: Arc<AtomicUsize>,
    down: Arc<AtomicBool>,
}

async fn postcode(State(fake): State<Fake>, Path(code): Path<String>) -> axum::response::Response {
    fake.hits.fetch_add(1, Ordering::SeqCst);
    if fake.down.load(Ordering::SeqCst) {
        return AxumStatus::SERVICE_UNAVAILABLE.into_response();
    }
    let path = format!(
        "{}/../functions/campaigns/fixtures/represent/{code}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read_to_string(path) {
        Ok(text) => ([("content-type", "application/json")], text).into_response(),
        Err(_) => (AxumStatus::NOT_FOUND, "{\"error\": \"Not found\"}").into_response(),
    }
}

async fn fake_represent() -> FakeRepresent {
    let fake = Fake {
        hits: Arc::new(AtomicUsize::new(0)),
        down: Arc::new(AtomicBool::new(false)),
    };
    let router = axum::Router::new()
        .route("/postcodes/{code}/", axum::routing::get(postcode))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    FakeRepresent {
        url,
        hits: fake.hits,
        down: fake.down,
    }
}

#[tokio::test]
async fn an_unknown_postal_code_is_asked_of_represent_once_and_cached() {
    let represent = fake_represent().await;
    let app = spawn_app_with(AppOptions {
        represent_api_url: Some(represent.url.clone()),
        ..AppOptions::default()
    })
    .await;
    let admin = app.influence_admin().await;
    let mut body_json = campaign_body("Provider");
    body_json["target_levels"] = json!(["federal", "provincial", "school_board"]);
    let campaign = app.launch_campaign(&admin, body_json).await;
    let lookup = |code: &'static str| {
        app.public_post(
            "/api/public/representatives/lookup",
            json!({"postal_code": code, "campaign": campaign["slug"]}),
            None,
        )
    };
    let found = body(lookup("k0h 9z0").await).await;
    let names: Vec<&str> = found["data"]["representatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Robin Concordia", "Morgan Provincial", "Jordan Trustee"],
        "the concordance's MP, and only the campaign's levels"
    );
    assert_eq!(
        found["data"]["representatives"][1]["photo_url"],
        "https://www.example.org/photos/morgan.jpg"
    );
    assert_eq!(represent.hits.load(Ordering::SeqCst), 1);
    lookup("K0H9Z0").await;
    assert_eq!(
        represent.hits.load(Ordering::SeqCst),
        1,
        "answered from the cache"
    );

    // A supporter of that postal code writes through the server like any other.
    let mut request = supporter(&format!("{}@example.org", unique("far")));
    request["postal_code"] = json!("K0H 9Z0");
    let sent = app.send_campaign(&campaign["slug"], request, None).await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    app.wait_for_email("robin.concordia@example.org", "Keep Lakeshore")
        .await;

    // Codes Represent does not know, or knows with nobody, are cached too.
    assert_eq!(
        body(lookup("K0H 9Z1").await).await["data"]["representatives"],
        json!([])
    );
    assert_eq!(
        body(lookup("K0H 9Z2").await).await["data"]["representatives"],
        json!([])
    );
    lookup("K0H 9Z2").await;
    assert_eq!(represent.hits.load(Ordering::SeqCst), 3);

    // When it is down: what it said before still answers; a new code is a 503.
    represent.down.store(true, Ordering::SeqCst);
    app.db()
        .await
        .execute(
            "update representative_lookups set expires_at = now() - interval '1 day'",
            &[],
        )
        .await
        .unwrap();
    let stale = body(lookup("K0H 9Z0").await).await;
    assert_eq!(
        stale["data"]["representatives"].as_array().unwrap().len(),
        3
    );
    let new_code = lookup("K0H 9Z3").await;
    expect_error(new_code, StatusCode::SERVICE_UNAVAILABLE, "UNAVAILABLE").await;

    // Once an import knows the code, Represent is not asked about it again.
    represent.down.store(false, Ordering::SeqCst);
    let hits = represent.hits.load(Ordering::SeqCst);
    app.import_csv(
        &admin,
        REPS,
        "name,elected_office,level,district,email\nLocal Member,MP,federal,Lakeshore,local@example.org\n",
        false,
    )
    .await;
    app.import_csv(
        &admin,
        CODES,
        "postal_code,level,district\nK0H 9Z0,federal,Lakeshore\n",
        false,
    )
    .await;
    let imported = body(lookup("K0H 9Z0").await).await;
    let first = &imported["data"]["representatives"][0];
    assert_eq!(first["name"], "Local Member");
    assert_eq!(
        represent.hits.load(Ordering::SeqCst),
        hits,
        "imported data is not asked of Represent"
    );
}
