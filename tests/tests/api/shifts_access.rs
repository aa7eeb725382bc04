//! Who may use which shift route: every route of the shifts, called by
//! SUPER_ADMIN, MAP_ADMIN, INFLUENCE_ADMIN, USER, TEMP and an anonymous
//! visitor. Admin routes are refused before anything is looked up, so an id
//! that does not exist shows the rule alone: 403 for the wrong role, 401
//! without a session, the route's own answer (often 404) for an admin.
//! Volunteer routes take any account; public routes take everyone.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::campaign_helpers::spawn_behind_proxy;
use crate::helpers::*;
use crate::shift_helpers::*;

#[derive(Debug, Clone, Copy)]
enum Rule {
    /// MAP_ADMIN and SUPER_ADMIN; 403 for other accounts.
    Admin,
    /// Any account.
    SignedIn,
    /// Everyone.
    Public,
}

const ROLES: [&str; 5] = [
    "SUPER_ADMIN",
    "MAP_ADMIN",
    "INFLUENCE_ADMIN",
    "USER",
    "TEMP",
];

fn expected(rule: Rule, role: Option<&str>, allowed: u16) -> u16 {
    match (rule, role) {
        (Rule::Public, _) => allowed,
        (_, None) => 401,
        (Rule::Admin, Some(role)) if !matches!(role, "SUPER_ADMIN" | "MAP_ADMIN") => 403,
        _ => allowed,
    }
}

#[tokio::test]
async fn every_shift_route_admits_exactly_the_roles_it_should() {
    let app = spawn_behind_proxy().await;
    let admin = app.map_admin().await;
    let shift = app.create_shift(&admin, shift_body("Matrix", 4, 100)).await;
    let nobody = Uuid::new_v4();

    let mut callers: Vec<(Option<&str>, Option<TestUser>)> = vec![(None, None)];
    for role in ROLES {
        let user = if role == "SUPER_ADMIN" {
            app.register_admin().await
        } else {
            app.user_with_role(&role.to_lowercase(), role).await
        };
        callers.push((Some(role), Some(user)));
    }

    let routes: Vec<(Method, String, Value, Rule, u16)> = vec![
        (
            Method::GET,
            "/api/shifts".into(),
            Value::Null,
            Rule::Admin,
            200,
        ),
        (
            Method::POST,
            "/api/shifts".into(),
            shift_body("Made", 5, 3),
            Rule::Admin,
            201,
        ),
        (
            Method::GET,
            format!("/api/shifts/{nobody}"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::PATCH,
            format!("/api/shifts/{nobody}"),
            json!({"title": "X"}),
            Rule::Admin,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/shifts/{nobody}"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/shifts/{nobody}/signups/{nobody}"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            format!("/api/shifts/volunteers/{nobody}/upgrade"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::GET,
            "/api/shifts/upcoming".into(),
            Value::Null,
            Rule::SignedIn,
            200,
        ),
        (
            Method::GET,
            "/api/shifts/mine".into(),
            Value::Null,
            Rule::SignedIn,
            200,
        ),
        (
            Method::POST,
            format!("/api/shifts/{nobody}/signup"),
            Value::Null,
            Rule::SignedIn,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/shifts/{shift}/signup"),
            Value::Null,
            Rule::SignedIn,
            404,
        ),
        (
            Method::POST,
            "/api/shifts/feed".into(),
            Value::Null,
            Rule::SignedIn,
            201,
        ),
        (
            Method::DELETE,
            "/api/shifts/feed".into(),
            Value::Null,
            Rule::SignedIn,
            204,
        ),
        (
            Method::GET,
            "/api/public/shifts".into(),
            Value::Null,
            Rule::Public,
            200,
        ),
        (
            Method::GET,
            format!("/api/public/shifts/{shift}"),
            Value::Null,
            Rule::Public,
            200,
        ),
        (
            Method::POST,
            format!("/api/public/shifts/{shift}/signups"),
            Value::Null,
            Rule::Public,
            202,
        ),
        (
            Method::GET,
            "/api/public/shifts/cancel?token=unknown".into(),
            Value::Null,
            Rule::Public,
            404,
        ),
        (
            Method::POST,
            "/api/public/shifts/cancel".into(),
            json!({"token": "unknown"}),
            Rule::Public,
            404,
        ),
        (
            Method::GET,
            "/api/public/shifts/feed/unknown".into(),
            Value::Null,
            Rule::Public,
            404,
        ),
    ];

    // Every operation of the shifts is in the table, and nothing else (the map
    // function also serves locations and cuts, which `map_access` covers).
    let documented: std::collections::BTreeSet<String> =
        operations(&serde_json::to_value(map::openapi()).unwrap())
            .into_iter()
            .filter(|operation| operation.contains("/shifts"))
            .collect();
    let tested: std::collections::BTreeSet<String> = routes
        .iter()
        .map(|(method, path, ..)| {
            let path = path.split('?').next().unwrap_or_default();
            let path = path
                .replace(&format!("signups/{nobody}"), "signups/{signup_id}")
                .replace(&format!("volunteers/{nobody}"), "volunteers/{user_id}")
                .replace(&nobody.to_string(), "{id}")
                .replace(&shift, "{id}")
                .replace("feed/unknown", "feed/{token}");
            format!("{method} {path}")
        })
        .collect();
    assert_eq!(documented, tested);

    let mut wrong = Vec::new();
    for (n, (role, user)) in callers.iter().enumerate() {
        let ip = format!("198.18.9.{}", n + 1);
        for (method, path, body_json, rule, allowed) in &routes {
            let mut body_json = body_json.clone();
            if path.ends_with("/signups") {
                body_json =
                    json!({"name": "Matrix", "email": format!("{}@example.org", unique("m"))});
            }
            let token = user.as_ref().map(|u| u.access.as_str());
            let got = app.status_as(method, path, &body_json, &ip, token).await;
            let want = expected(*rule, *role, *allowed);
            if got != want {
                wrong.push(format!(
                    "{} {method} {path}: {got}, expected {want}",
                    role.unwrap_or("anonymous")
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
