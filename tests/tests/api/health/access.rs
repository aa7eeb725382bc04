//! Who may read and write health records: every route against every role.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use super::*;
use crate::family_helpers::FamilyFixture;
use crate::helpers::*;

/// One request to a health route.
struct Call {
    method: Method,
    path: String,
    body: Option<Value>,
}

impl Call {
    fn get(path: String) -> Self {
        Self {
            method: Method::GET,
            path,
            body: None,
        }
    }

    fn with(method: Method, path: String, body: Option<Value>) -> Self {
        Self { method, path, body }
    }

    async fn send(&self, app: &TestApp, token: Option<&str>) -> Response {
        let mut request = app.http.request(self.method.clone(), app.url(&self.path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = &self.body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    fn name(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

const KINDS: [&str; 4] = ["visits", "measurements", "medical-events", "illnesses"];

/// A valid new record of each kind.
fn new_record(kind: &str) -> Value {
    match kind {
        "visits" => json!({"type": "wellness", "visit_date": "2025-01-15"}),
        "measurements" => json!({"measured_on": "2025-01-15", "weight_kg": 9.4}),
        "medical-events" => json!({"kind": "vaccine", "name": "MMR", "date": "2025-01-15"}),
        _ => json!({"illness_types": ["cold"], "start_date": "2025-01-15"}),
    }
}

/// One record of each kind, created by the owner; their ids in [`KINDS`] order.
async fn one_of_each(app: &TestApp, f: &FamilyFixture) -> Vec<String> {
    let mut ids = Vec::new();
    for kind in KINDS {
        let path = format!("/api/children/{}/{kind}", f.child);
        ids.push(id(&app
            .create_record(&f.owner.access, &path, new_record(kind))
            .await));
    }
    ids
}

/// Every read route, on the fixture's child and the records in `ids`.
fn reads(f: &FamilyFixture, ids: &[String]) -> Vec<Call> {
    let child = format!("/api/children/{}", f.child);
    let mut calls: Vec<Call> = KINDS
        .iter()
        .map(|k| Call::get(format!("{child}/{k}")))
        .collect();
    calls.push(Call::get(format!(
        "{child}/growth?indicator=weight_for_age"
    )));
    calls.push(Call::get(format!("{child}/history")));
    calls.push(Call::get(format!(
        "/api/illnesses/heatmap?child_id={}",
        f.child
    )));
    for (kind, id) in KINDS.iter().zip(ids) {
        calls.push(Call::get(format!("/api/{kind}/{id}")));
        calls.push(Call::get(format!("/api/{kind}/{id}/history")));
    }
    calls
}

/// Every write route: creations, then changes, then deletions.
fn writes(f: &FamilyFixture, ids: &[String]) -> Vec<Call> {
    let mut calls: Vec<Call> = KINDS
        .iter()
        .map(|k| {
            let path = format!("/api/children/{}/{k}", f.child);
            Call::with(Method::POST, path, Some(new_record(k)))
        })
        .collect();
    for (kind, id) in KINDS.iter().zip(ids) {
        let body = Some(json!({"notes": "changed"}));
        calls.push(Call::with(Method::PATCH, format!("/api/{kind}/{id}"), body));
    }
    for (kind, id) in KINDS.iter().zip(ids) {
        calls.push(Call::with(
            Method::DELETE,
            format!("/api/{kind}/{id}"),
            None,
        ));
    }
    calls
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_access_model_says() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let f = app.family_fixture().await;
    let ids = one_of_each(&app, &f).await;
    let (reads, writes) = (reads(&f, &ids), writes(&f, &ids));

    for call in reads.iter().chain(&writes) {
        let anonymous = call.send(&app, None).await;
        expect_error(anonymous, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
        // Neither the outsider nor the site's admin can even learn that these exist.
        for (user, who) in [(&f.outsider, "outsider"), (&admin, "super admin")] {
            let response = call.send(&app, Some(&user.access)).await;
            let status = response.status();
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {}", call.name());
            expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
        }
    }
    for call in &reads {
        for user in [&f.owner, &f.parent, &f.reader] {
            let response = call.send(&app, Some(&user.access)).await;
            assert_eq!(
                response.status(),
                StatusCode::OK,
                "{}: {}",
                user.username,
                call.name()
            );
        }
    }
    for call in &writes {
        let response = call.send(&app, Some(&f.reader.access)).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "reader: {}",
            call.name()
        );
        expect_error(response, StatusCode::FORBIDDEN, "READ_ONLY").await;
    }
    // Owner and parent take turns at every write; deletions come last.
    for (i, call) in writes.iter().enumerate() {
        let user = if i % 2 == 0 { &f.owner } else { &f.parent };
        let expected = match call.method {
            Method::POST => StatusCode::CREATED,
            Method::PATCH => StatusCode::OK,
            _ => StatusCode::NO_CONTENT,
        };
        let response = call.send(&app, Some(&user.access)).await;
        assert_eq!(
            response.status(),
            expected,
            "{}: {}",
            user.username,
            call.name()
        );
    }
    // The outsider's own heatmap leaves this family out.
    let theirs = app
        .read(&f.outsider.access, "/api/illnesses/heatmap?year=2025")
        .await;
    assert_eq!(theirs["data"]["days"], json!([]));
}

#[tokio::test]
async fn a_demoted_or_removed_member_loses_access_at_once() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let ids = one_of_each(&app, &f).await;
    let family = format!("/api/families/{}/members/{}", f.family, f.parent.id);
    let visit = format!("/api/visits/{}", ids[0]);
    app.update_record(&f.parent.access, &visit, json!({"notes": "still a parent"}))
        .await;

    let demoted = app
        .patch_as(&family, &f.owner.access, json!({"role": "read_only"}))
        .await;
    assert_eq!(demoted.status(), StatusCode::OK);
    for call in writes(&f, &ids) {
        let response = call.send(&app, Some(&f.parent.access)).await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "demoted: {}",
            call.name()
        );
    }

    assert_eq!(
        app.delete_as(&family, &f.owner.access).await.status(),
        StatusCode::NO_CONTENT
    );
    for call in reads(&f, &ids).iter().chain(&writes(&f, &ids)) {
        let response = call.send(&app, Some(&f.parent.access)).await;
        assert_eq!(
            response.status(),
            StatusCode::NOT_FOUND,
            "removed: {}",
            call.name()
        );
    }
    let heatmap = app
        .read(&f.parent.access, "/api/illnesses/heatmap?year=2025")
        .await;
    assert_eq!(heatmap["data"]["days"], json!([]));
}
