//! Who may use which Influence route: every route of the `campaigns` function,
//! called by SUPER_ADMIN, INFLUENCE_ADMIN, PAGES_ADMIN, MAP_ADMIN, USER, TEMP
//! and an anonymous visitor. Admin routes are refused before anything is looked
//! up, so an id that does not exist shows the rule alone: 403 for the wrong
//! role, 401 without a session, and the route's own answer (often 404) for an
//! admin. A campaign's own page answers 404 to all but admins (authors see only
//! their own submissions); public routes answer everyone alike.

use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::campaign_helpers::*;
use crate::helpers::*;

/// Who may call a route.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// INFLUENCE_ADMIN and SUPER_ADMIN; 403 for other accounts.
    Admin,
    /// Admins, and the record's author; 404 for other accounts (the ids here
    /// are nobody's, so every account gets the route's own answer).
    Owned,
    /// Any account but TEMP (403).
    Member,
    /// Any account.
    SignedIn,
    /// Everyone, with or without a session.
    Public,
}

const ROLES: [&str; 6] = [
    "SUPER_ADMIN",
    "INFLUENCE_ADMIN",
    "PAGES_ADMIN",
    "MAP_ADMIN",
    "USER",
    "TEMP",
];

fn is_admin(role: &str) -> bool {
    matches!(role, "SUPER_ADMIN" | "INFLUENCE_ADMIN")
}

/// What `role` (`None`: anonymous) gets from a route with `rule` whose own
/// answer to an allowed caller is `allowed`.
fn expected(rule: Rule, role: Option<&str>, allowed: u16) -> u16 {
    match (rule, role) {
        (Rule::Public, _) => allowed,
        (_, None) => 401,
        (Rule::Admin, Some(role)) if !is_admin(role) => 403,
        (Rule::Owned, Some(role)) if !is_admin(role) => 404,
        (Rule::Member, Some("TEMP")) => 403,
        _ => allowed,
    }
}

#[tokio::test]
async fn every_influence_route_admits_exactly_the_roles_it_should() {
    let app = spawn_behind_proxy().await;
    let influence = app.influence_admin().await;
    app.seed_district(&influence).await;
    let mut wall = campaign_body("Access matrix");
    wall["show_response_wall"] = json!(true);
    let campaign = app.launch_campaign(&influence, wall).await;
    let slug = campaign["slug"].as_str().unwrap().to_string();
    let rep = app.representatives_of(&campaign).await[0]["id"].clone();
    let nobody = Uuid::new_v4();
    let mut submission = campaign_body("A user's idea");
    submission["allow_server_send"] = json!(false);

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
            "/api/campaigns".into(),
            Value::Null,
            Rule::Admin,
            200,
        ),
        (
            Method::POST,
            "/api/campaigns".into(),
            campaign_body("Made by an admin"),
            Rule::Admin,
            201,
        ),
        (
            Method::GET,
            format!("/api/campaigns/{nobody}"),
            Value::Null,
            Rule::Owned,
            404,
        ),
        (
            Method::PATCH,
            format!("/api/campaigns/{nobody}"),
            json!({}),
            Rule::Owned,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/campaigns/{nobody}"),
            Value::Null,
            Rule::Owned,
            404,
        ),
        (
            Method::POST,
            format!("/api/campaigns/{nobody}/status"),
            json!({"status": "active"}),
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            format!("/api/campaigns/{nobody}/review"),
            json!({"decision": "approve"}),
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            format!("/api/campaigns/{nobody}/duplicate"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            format!("/api/campaigns/{nobody}/cover/upload"),
            json!({"content_type": "image/png", "size": 10}),
            Rule::Admin,
            404,
        ),
        (
            Method::PUT,
            format!("/api/campaigns/{nobody}/cover"),
            json!({"key": "covers/x"}),
            Rule::Admin,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/campaigns/{nobody}/cover"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::GET,
            format!("/api/campaigns/{nobody}/stats"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::GET,
            "/api/campaigns/emails".into(),
            Value::Null,
            Rule::Admin,
            200,
        ),
        (
            Method::POST,
            "/api/campaigns/emails/retry".into(),
            json!({"ids": []}),
            Rule::Admin,
            200,
        ),
        (
            Method::POST,
            "/api/campaigns/submissions".into(),
            submission,
            Rule::Member,
            201,
        ),
        (
            Method::GET,
            "/api/campaigns/mine".into(),
            Value::Null,
            Rule::SignedIn,
            200,
        ),
        (
            Method::GET,
            "/api/representatives".into(),
            Value::Null,
            Rule::Admin,
            200,
        ),
        (
            Method::POST,
            "/api/representatives".into(),
            json!({"name": "Hand Made", "elected_office": "MP", "level": "federal", "district": "Nowhere"}),
            Rule::Admin,
            201,
        ),
        (
            Method::GET,
            format!("/api/representatives/{nobody}"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::PATCH,
            format!("/api/representatives/{nobody}"),
            json!({}),
            Rule::Admin,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/representatives/{nobody}"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            "/api/representatives/import".into(),
            json!({"csv": "name,elected_office,level,district\nA,MP,federal,X\n", "dry_run": true}),
            Rule::Admin,
            200,
        ),
        (
            Method::POST,
            "/api/representatives/postal-codes/import".into(),
            json!({"csv": "postal_code,level,district\nK1A,federal,X\n", "dry_run": true}),
            Rule::Admin,
            200,
        ),
        (
            Method::GET,
            "/api/responses".into(),
            Value::Null,
            Rule::Admin,
            200,
        ),
        (
            Method::PATCH,
            format!("/api/responses/{nobody}"),
            json!({}),
            Rule::Admin,
            404,
        ),
        (
            Method::DELETE,
            format!("/api/responses/{nobody}"),
            Value::Null,
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            format!("/api/responses/{nobody}/verification"),
            json!({}),
            Rule::Admin,
            404,
        ),
        (
            Method::POST,
            format!("/api/responses/{nobody}/screenshot/upload"),
            json!({"content_type": "image/png", "size": 10}),
            Rule::Owned,
            404,
        ),
        (
            Method::PUT,
            format!("/api/responses/{nobody}/screenshot"),
            json!({"key": "screenshots/x"}),
            Rule::Owned,
            404,
        ),
        (
            Method::GET,
            format!("/api/responses/{nobody}/screenshot"),
            Value::Null,
            Rule::Owned,
            404,
        ),
        (
            Method::GET,
            "/api/public/campaigns".into(),
            Value::Null,
            Rule::Public,
            200,
        ),
        (
            Method::GET,
            format!("/api/public/campaigns/{slug}"),
            Value::Null,
            Rule::Public,
            200,
        ),
        (
            Method::GET,
            format!("/api/public/campaigns/{slug}/cover"),
            Value::Null,
            Rule::Public,
            404,
        ),
        (
            Method::POST,
            "/api/public/representatives/lookup".into(),
            json!({"postal_code": POSTAL_CODE, "campaign": slug}),
            Rule::Public,
            200,
        ),
        (
            Method::POST,
            format!("/api/public/campaigns/{slug}/send"),
            Value::Null,
            Rule::Public,
            201,
        ),
        (
            Method::POST,
            format!("/api/public/campaigns/{slug}/mailto"),
            Value::Null,
            Rule::Public,
            201,
        ),
        (
            Method::GET,
            format!("/api/public/campaigns/{slug}/responses"),
            Value::Null,
            Rule::Public,
            200,
        ),
        (
            Method::POST,
            format!("/api/public/campaigns/{slug}/responses"),
            json!({"representative_id": rep, "response_type": "letter", "text": "Thanks"}),
            Rule::Public,
            201,
        ),
        (
            Method::POST,
            format!("/api/public/responses/{nobody}/upvote"),
            Value::Null,
            Rule::Public,
            404,
        ),
        (
            Method::POST,
            "/api/public/responses/verify".into(),
            json!({"token": "unknown"}),
            Rule::Public,
            404,
        ),
        (
            Method::GET,
            format!("/api/public/responses/{nobody}/screenshot"),
            Value::Null,
            Rule::Public,
            404,
        ),
    ];
    // Every operation the function documents is in the table, and nothing else.
    let documented = operations(&serde_json::to_value(campaigns::openapi()).unwrap());
    let tested: std::collections::BTreeSet<String> = routes
        .iter()
        .map(|(method, path, ..)| {
            let path = path
                .replace(&nobody.to_string(), "{id}")
                .replace(&slug, "{slug}");
            format!("{method} {path}")
        })
        .collect();
    assert_eq!(documented, tested);

    let mut wrong = Vec::new();
    for (n, (role, user)) in callers.iter().enumerate() {
        // Each caller from an address of its own, so per-address limits stay out of it.
        let ip = format!("198.18.0.{}", n + 1);
        for (method, path, body_json, rule, allowed) in &routes {
            let mut body_json = body_json.clone();
            if path.ends_with("/send") || path.ends_with("/mailto") {
                body_json = supporter(&format!("{}@example.org", unique("matrix")));
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
