//! Helpers for the Changemaker Pages stories: accounts with each role, requests
//! by any method, and the authorization matrix every route is checked against.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// The roles the matrix runs through; `None` is a visitor without a session.
pub const ROLES: [Option<&str>; 7] = [
    Some("SUPER_ADMIN"),
    Some("INFLUENCE_ADMIN"),
    Some("PAGES_ADMIN"),
    Some("MAP_ADMIN"),
    Some("USER"),
    Some("TEMP"),
    None,
];

/// A user whose role the SUPER_ADMIN set to `role` (the SUPER_ADMIN itself for
/// `SUPER_ADMIN`).
pub async fn user_with_role(app: &TestApp, role: &str) -> TestUser {
    if role == "SUPER_ADMIN" {
        return app.register_admin().await;
    }
    let admin = app.register_admin().await;
    let user = app.register(&role.to_lowercase()).await;
    let response = app
        .patch_as(
            &format!("/api/admin/users/{}", user.id),
            &admin.access,
            json!({"role": role}),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{}",
        body(response).await
    );
    user
}

/// A request with any method, with a session when `token` is given and a JSON
/// body when `json` is.
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    json: Option<Value>,
) -> reqwest::Response {
    let mut request = app.http.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(json) = json {
        request = request.json(&json);
    }
    request.send().await.unwrap()
}

pub async fn delete_as(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    call(app, Method::DELETE, path, Some(token), None).await
}

/// One account per role of [`ROLES`], with its session (none for the visitor).
pub async fn callers(app: &TestApp) -> Vec<(&'static str, Option<String>)> {
    callers_of(app, &ROLES).await
}

/// One account per role of `roles`, with its session (none for the visitor).
pub async fn callers_of(
    app: &TestApp,
    roles: &[Option<&'static str>],
) -> Vec<(&'static str, Option<String>)> {
    let mut callers = Vec::new();
    for &role in roles {
        match role {
            Some(role) => {
                let user = user_with_role(app, role).await;
                callers.push((role, Some(user.access)));
            }
            None => callers.push(("anonymous", None)),
        }
    }
    callers
}

/// Calls `method path` as every caller: those `allowed` names must get past
/// authorization (any answer but 401 and 403), a signed-in caller who is not
/// allowed gets 403, a visitor without a session 401. Denied callers go first,
/// so a route that changes something is refused before it is done.
pub async fn check_matrix(
    app: &TestApp,
    callers: &[(&'static str, Option<String>)],
    method: Method,
    path: &str,
    json: Option<Value>,
    allowed: &[&str],
) {
    let (granted, denied): (Vec<_>, Vec<_>) =
        callers.iter().partition(|(role, _)| allowed.contains(role));
    for (role, token) in denied.into_iter().chain(granted) {
        let response = call(app, method.clone(), path, token.as_deref(), json.clone()).await;
        let status = response.status();
        let expected = match (allowed.contains(role), token) {
            (true, _) => None,
            (false, Some(_)) => Some(StatusCode::FORBIDDEN),
            (false, None) => Some(StatusCode::UNAUTHORIZED),
        };
        match expected {
            Some(expected) => assert_eq!(
                status,
                expected,
                "{role} on {method} {path}: {}",
                body(response).await
            ),
            None => assert!(
                status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                "{role} on {method} {path} answered {status}: {}",
                body(response).await
            ),
        }
    }
}

/// The editors of pages and templates.
pub const EDITORS: &[&str] = &["SUPER_ADMIN", "PAGES_ADMIN"];
/// Everyone, including visitors without a session.
pub const EVERYONE: &[&str] = &[
    "SUPER_ADMIN",
    "INFLUENCE_ADMIN",
    "PAGES_ADMIN",
    "MAP_ADMIN",
    "USER",
    "TEMP",
    "anonymous",
];
