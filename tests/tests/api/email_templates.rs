//! Email templates: every email the platform sends comes from a versioned
//! template; editors change them through a validator that names the line and
//! column of a problem, read the history, compare and roll back versions, and
//! send themselves a test. Values never become template text.

use chrono::Duration;
use email_worker::{Message, render};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use shared::email_templates;

use crate::helpers::*;
use crate::pages_helpers::*;

/// The id of the template `key`.
async fn template_id(app: &TestApp, token: &str, key: &str) -> String {
    let list = body(app.get("/api/email-templates?limit=200", token).await).await;
    list["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == key)
        .unwrap_or_else(|| panic!("no template {key}: {list}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Saves a new version; answers the response.
async fn edit(app: &TestApp, token: &str, id: &str, version: Value) -> reqwest::Response {
    app.post_as(
        &format!("/api/email-templates/{id}/versions"),
        token,
        version,
    )
    .await
}

#[tokio::test]
async fn every_email_of_the_platform_is_a_seeded_template_that_renders_with_its_samples() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let list = body(
        app.get("/api/email-templates?limit=200", &admin.access)
            .await,
    )
    .await;
    let keys: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    for built_in in email_templates::BUILT_IN {
        assert!(
            keys.contains(&built_in.key),
            "{} is seeded: {keys:?}",
            built_in.key
        );
    }
    let system = body(
        app.get("/api/email-templates?category=system", &admin.access)
            .await,
    )
    .await;
    assert!(
        system["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["category"] == "system")
    );
    assert_eq!(list["data"][0]["version"], 1);
    assert_eq!(list["data"][0]["built_in"], true);
    assert_eq!(
        list["data"][0]["updated_by"],
        Value::Null,
        "the defaults have no author"
    );

    for built_in in email_templates::BUILT_IN {
        let id = template_id(&app, &admin.access, built_in.key).await;
        let template = body(
            app.get(&format!("/api/email-templates/{id}"), &admin.access)
                .await,
        )
        .await;
        let template = &template["data"];
        let offered: Vec<&str> = template["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        let mut expected = built_in.variables.to_vec();
        expected.sort_unstable();
        let mut offered_sorted = offered.clone();
        offered_sorted.sort_unstable();
        assert_eq!(offered_sorted, expected, "{}", built_in.key);
        let current = &template["current"];
        let preview = app
            .post_as(
                &format!("/api/email-templates/{id}/preview"),
                &admin.access,
                json!({"subject": current["subject"], "body_text": current["body_text"], "body_html": current["body_html"]}),
            )
            .await;
        assert_eq!(preview.status(), StatusCode::OK, "{}", built_in.key);
        let preview = body(preview).await;
        assert!(
            !preview["data"]["rendered"]["subject"]
                .as_str()
                .unwrap()
                .contains("{{")
        );
    }
}

/// What the email worker's own tests asserted when these emails were written
/// in code, now rendered from the seeded templates.
#[tokio::test]
async fn the_seeded_templates_say_what_the_platform_always_said() {
    let app = spawn_app().await;
    let client = shared::db::client(&app.state.db).await.unwrap();

    let reset = render(
        &client,
        &Message::PasswordReset {
            username: "ada".into(),
            reset_url: "http://127.0.0.1:3000/reset-password?token=abc&x=1".into(),
            expires_in: Duration::minutes(30),
        },
    )
    .await
    .unwrap();
    assert_eq!(reset.subject, "Reset your password");
    assert!(
        reset
            .text
            .contains("http://127.0.0.1:3000/reset-password?token=abc&x=1")
    );
    assert!(
        reset
            .html
            .contains("href=\"http://127.0.0.1:3000/reset-password?token=abc&amp;x=1\""),
        "{}",
        reset.html
    );
    assert!(reset.text.contains("30 minutes"));

    let invite = render(
        &client,
        &Message::RegistrationInvite {
            invited_by: "<script>alert(1)</script>".into(),
            register_url: "http://x/register?invite=t".into(),
            expires_in: Duration::days(7),
        },
    )
    .await
    .unwrap();
    assert!(!invite.html.contains("<script>"));
    assert!(invite.html.contains("&lt;script&gt;"));

    let notice = render(
        &client,
        &Message::EmailChangeRequested {
            username: "ada".into(),
            new_email: "new@example.org".into(),
        },
    )
    .await
    .unwrap();
    assert!(notice.text.contains("new@example.org"));
    assert!(!notice.html.contains("<a "));

    let read_only = render(
        &client,
        &Message::FamilyInvite {
            family_name: "Lovelace".into(),
            invited_by: "Ada".into(),
            role: "read_only".into(),
            invite_url: "http://x/invite?token=t".into(),
            expires_in: Duration::days(7),
        },
    )
    .await
    .unwrap();
    assert_eq!(read_only.subject, "Ada invites you to the family Lovelace");
    assert!(
        read_only.text.contains("where you can see the children's"),
        "{}",
        read_only.text
    );
}

#[tokio::test]
async fn a_sent_email_follows_the_templates_current_version_and_its_rollback() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let user = app.register("reader").await;
    let id = template_id(&app, &admin.access, "password_reset").await;
    let saved = edit(
        &app,
        &admin.access,
        &id,
        json!({"subject": "Your reset link, {{USERNAME}}",
               "body_text": "Use {{RESET_URL}} within {{EXPIRES_IN}}.",
               "note": "Shorter", "base_version": 1}),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::CREATED);
    let saved = body(saved).await["data"].clone();
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["author"], admin.username.as_str());
    assert_eq!(
        saved["variables"],
        json!(["USERNAME", "RESET_URL", "EXPIRES_IN"])
    );

    let reset = app
        .post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    assert_eq!(reset.status(), StatusCode::ACCEPTED);
    let email = app
        .wait_for_email(&user.email, &format!("Your reset link, {}", user.username))
        .await;
    assert!(
        email.body.contains("/reset-password?token="),
        "{}",
        email.body
    );
    // No HTML body was written: it is made from the text, link and all.
    assert!(email.html.contains("<p>Use http://"), "{}", email.html);

    let restored = app
        .post_as(
            &format!("/api/email-templates/{id}/versions/1/restore"),
            &admin.access,
            json!({}),
        )
        .await;
    assert_eq!(restored.status(), StatusCode::CREATED);
    let restored = body(restored).await["data"].clone();
    assert_eq!(restored["version"], 3);
    assert_eq!(restored["restored_from"], 1);
    assert_eq!(restored["note"], "Restored version 1");
    assert_eq!(restored["subject"], "Reset your password");

    app.post("/api/auth/password-reset", json!({"email": user.email}))
        .await;
    app.wait_for_email(&user.email, "Reset your password").await;
}

#[tokio::test]
async fn the_validator_names_the_part_line_and_column_of_each_problem() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let id = template_id(&app, &admin.access, "password_changed").await;
    let cases = [
        (
            json!({"subject": "Hi", "body_text": "Hello {{USERNAME}},\n  your {{PASSWORD}} changed"}),
            "body_text",
            "(line 2, column 8)",
            "{{PASSWORD}}",
        ),
        (
            json!({"subject": "Hi {{USERNAME", "body_text": "x"}),
            "subject",
            "(line ",
            "cannot be read",
        ),
        (
            json!({"subject": "Hi", "body_text": "x", "body_html": "<p>\n{{#if USERNAME}}Hello</p>"}),
            "body_html",
            "(line ",
            "cannot be read",
        ),
        (
            json!({"subject": "Hi", "body_text": "{{{USERNAME}}}"}),
            "body_text",
            "(line 1,",
            "escaping",
        ),
        (
            json!({"subject": "Hi", "body_text": "{{#each USERNAME}}x{{/each}}"}),
            "body_text",
            "(line 1,",
            "not allowed",
        ),
        (
            json!({"subject": "Hi", "body_text": "{{username}}"}),
            "body_text",
            "(line 1,",
            "UPPER_SNAKE_CASE",
        ),
    ];
    for (source, field, position, words) in cases {
        for path in ["versions", "preview"] {
            let response = app
                .post_as(
                    &format!("/api/email-templates/{id}/{path}"),
                    &admin.access,
                    source.clone(),
                )
                .await;
            let json = expect_error(
                response,
                StatusCode::UNPROCESSABLE_ENTITY,
                "VALIDATION_FAILED",
            )
            .await;
            let message = json["details"][field].as_str().unwrap_or_default();
            assert!(
                message.contains(position) && message.contains(words),
                "{path} {source}: {json}"
            );
        }
    }
    let missing = edit(
        &app,
        &admin.access,
        &id,
        json!({"subject": "", "body_text": ""}),
    )
    .await;
    let json = expect_error(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(json["details"]["subject"].is_string() && json["details"]["body_text"].is_string());

    // None of those became a version.
    let versions = body(
        app.get(
            &format!("/api/email-templates/{id}/versions"),
            &admin.access,
        )
        .await,
    )
    .await;
    assert_eq!(versions["meta"]["total"], 1);
}

#[tokio::test]
async fn the_history_lists_every_version_and_compares_any_two() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let id = template_id(&app, &admin.access, "password_changed").await;
    let v1 = body(
        app.get(
            &format!("/api/email-templates/{id}/versions/1"),
            &admin.access,
        )
        .await,
    )
    .await;
    let text1 = v1["data"]["body_text"].as_str().unwrap().to_string();
    let text2 = text1.replace("every device was signed out", "every session ended");
    assert_eq!(
        edit(
            &app,
            &admin.access,
            &id,
            json!({"subject": "Your password was changed", "body_text": text2, "note": "Wording"})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        edit(
            &app,
            &admin.access,
            &id,
            json!({"subject": "Password changed", "body_text": text2})
        )
        .await
        .status(),
        StatusCode::CREATED
    );
    let stale = edit(
        &app,
        &admin.access,
        &id,
        json!({"subject": "x", "body_text": "y", "base_version": 2}),
    )
    .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;

    let history = body(
        app.get(
            &format!("/api/email-templates/{id}/versions"),
            &admin.access,
        )
        .await,
    )
    .await;
    let numbers: Vec<i64> = history["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert_eq!(history["data"][1]["note"], "Wording");
    assert_eq!(history["data"][1]["author"], admin.username.as_str());

    let diff = body(
        app.get(
            &format!("/api/email-templates/{id}/diff?from=1&to=3"),
            &admin.access,
        )
        .await,
    )
    .await;
    let parts = diff["data"]["parts"].as_array().unwrap();
    let part = |field: &str| parts.iter().find(|p| p["field"] == field).unwrap().clone();
    let subject = part("subject");
    assert_eq!(subject["changed"], true);
    assert_eq!(
        subject["lines"][0],
        json!({"op": "delete", "text": "Your password was changed", "old_line": 1, "new_line": null})
    );
    assert_eq!(
        subject["lines"][1],
        json!({"op": "insert", "text": "Password changed", "old_line": null, "new_line": 1})
    );
    let text = part("body_text");
    let changed: Vec<&Value> = text["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["op"] != "equal")
        .collect();
    assert_eq!(changed.len(), 2, "{text}");
    assert!(
        changed[1]["text"]
            .as_str()
            .unwrap()
            .contains("every session ended")
    );
    assert_eq!(
        part("body_html")["changed"],
        true,
        "version 3 has no HTML of its own"
    );

    for bad in ["from=1&to=9", "from=0&to=1"] {
        let response = app
            .get(
                &format!("/api/email-templates/{id}/diff?{bad}"),
                &admin.access,
            )
            .await;
        expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
    let response = app
        .get(
            &format!("/api/email-templates/{id}/diff?from=x"),
            &admin.access,
        )
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "INVALID_QUERY").await;
}

#[tokio::test]
async fn a_test_email_of_any_version_reaches_the_editors_own_address() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let id = template_id(&app, &editor.access, "password_reset").await;
    let response = app
        .post_as(
            &format!("/api/email-templates/{id}/test"),
            &editor.access,
            json!({}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let sent = body(response).await;
    assert_eq!(sent["data"], json!({"to": editor.email, "version": 1}));
    let email = app
        .wait_for_email(&editor.email, "[Test] Reset your password")
        .await;
    assert!(
        email.body.contains("Hello sam,"),
        "sample values: {}",
        email.body
    );
    assert!(
        email.body.contains("reset-password?token=sample"),
        "{}",
        email.body
    );

    let response = app
        .post_as(
            &format!("/api/email-templates/{id}/test"),
            &editor.access,
            json!({"version": 7}),
        )
        .await;
    expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
}

#[tokio::test]
async fn values_come_out_literally_and_escaped_whatever_they_hold() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let created = app
        .post_as(
            "/api/email-templates",
            &editor.access,
            json!({"key": "rep_thanks", "category": "influence", "name": "Thanks",
                   "subject": "{{SUPPORTER_NAME}} wrote to {{REPRESENTATIVE_NAME}}",
                   "body_text": "{{MESSAGE}}\n{{#if SUPPORTER_POSTAL_CODE}}({{SUPPORTER_POSTAL_CODE}}){{/if}}",
                   "body_html": "<p title=\"{{SUPPORTER_NAME}}\">{{MESSAGE}}</p>"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let client = shared::db::client(&app.state.db).await.unwrap();
    let name = "Sam {{MESSAGE}} \"><script>alert(1)</script>";
    let values = email_templates::values([
        ("SUPPORTER_NAME", name),
        ("REPRESENTATIVE_NAME", "{{#if X}}Rep{{/if}}"),
        ("MESSAGE", "<b>{{SUPPORTER_EMAIL}}</b>"),
        ("SUPPORTER_POSTAL_CODE", ""),
    ]);
    let email = email_templates::render(&client, "rep_thanks", &values)
        .await
        .unwrap();
    assert_eq!(
        email.subject,
        format!("{name} wrote to {{{{#if X}}}}Rep{{{{/if}}}}")
    );
    assert_eq!(email.text, "<b>{{SUPPORTER_EMAIL}}</b>\n");
    assert!(
        email.html.contains(
            "<p title=\"Sam {{MESSAGE}} &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;b&gt;{{SUPPORTER_EMAIL}}&lt;/b&gt;</p>"
        ),
        "{}",
        email.html
    );
}

#[tokio::test]
async fn editors_add_rename_and_delete_their_own_templates_but_not_the_built_in_ones() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let new = json!({"key": "shift_reminder", "category": "map", "name": "Shift reminder",
                     "subject": "See you at {{SHIFT_TITLE}}", "body_text": "Hi {{VOLUNTEER_NAME}}"});
    let created = app
        .post_as("/api/email-templates", &editor.access, new.clone())
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = body(created).await["data"].clone();
    assert_eq!(created["built_in"], false);
    assert_eq!(created["editable"], true);
    assert_eq!(created["current"]["version"], 1);
    assert_eq!(
        created["variables"].as_array().unwrap().len(),
        6,
        "the whole map category"
    );
    let again = app
        .post_as("/api/email-templates", &editor.access, new.clone())
        .await;
    expect_error(again, StatusCode::CONFLICT, "KEY_TAKEN").await;

    let mut bad = new.clone();
    bad["key"] = json!("Bad Key");
    bad["category"] = json!("system");
    bad["body_text"] = json!("Hi {{USERNAME}}");
    let response = app
        .post_as("/api/email-templates", &editor.access, bad)
        .await;
    let json = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        json["details"]["key"].is_string() && json["details"]["category"].is_string(),
        "{json}"
    );
    let mut unknown = new.clone();
    unknown["key"] = json!("other");
    unknown["body_text"] = json!("Hi {{USERNAME}}");
    let response = app
        .post_as("/api/email-templates", &editor.access, unknown)
        .await;
    let json = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(
        json["details"]["body_text"]
            .as_str()
            .unwrap()
            .contains("{{USERNAME}}"),
        "{json}"
    );

    let id = created["id"].as_str().unwrap();
    let renamed = app
        .patch_as(
            &format!("/api/email-templates/{id}"),
            &editor.access,
            json!({"name": "Reminder"}),
        )
        .await;
    assert_eq!(body(renamed).await["data"]["name"], "Reminder");
    assert_eq!(
        delete_as(&app, &format!("/api/email-templates/{id}"), &editor.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );

    let admin = app.register_admin().await;
    let built_in = template_id(&app, &admin.access, "campaign_email").await;
    let response = delete_as(
        &app,
        &format!("/api/email-templates/{built_in}"),
        &admin.access,
    )
    .await;
    expect_error(response, StatusCode::CONFLICT, "BUILT_IN").await;
}

#[tokio::test]
async fn the_platforms_own_emails_are_changed_by_super_admin_only() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let reset = template_id(&app, &editor.access, "password_reset").await;
    let campaign = template_id(&app, &editor.access, "campaign_email").await;
    let shown = body(
        app.get(&format!("/api/email-templates/{reset}"), &editor.access)
            .await,
    )
    .await;
    assert_eq!(shown["data"]["editable"], false);

    let version = json!({"subject": "{{SUBJECT}}", "body_text": "{{MESSAGE}}"});
    let refused = edit(
        &app,
        &editor.access,
        &reset,
        json!({"subject": "x", "body_text": "{{RESET_URL}}"}),
    )
    .await;
    expect_error(refused, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let refused = app
        .post_as(
            &format!("/api/email-templates/{reset}/versions/1/restore"),
            &editor.access,
            json!({}),
        )
        .await;
    expect_error(refused, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    let refused = app
        .patch_as(
            &format!("/api/email-templates/{reset}"),
            &editor.access,
            json!({"name": "x"}),
        )
        .await;
    expect_error(refused, StatusCode::FORBIDDEN, "FORBIDDEN").await;
    assert_eq!(
        edit(&app, &editor.access, &campaign, version)
            .await
            .status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn only_page_editors_reach_the_template_routes() {
    let app = spawn_app().await;
    let callers = callers(&app).await;
    let admin = app.register_admin().await;
    let id = template_id(&app, &admin.access, "campaign_email").await;
    let system = template_id(&app, &admin.access, "password_changed").await;
    let source = json!({"subject": "{{SUBJECT}}", "body_text": "{{MESSAGE}}"});
    let routes: Vec<(Method, String, Option<Value>, &[&str])> = vec![
        (Method::GET, "/api/email-templates".into(), None, EDITORS),
        (
            Method::POST,
            "/api/email-templates".into(),
            Some(
                json!({"key": unique("k"), "category": "payment", "name": "N", "subject": "S", "body_text": "T"}),
            ),
            EDITORS,
        ),
        (
            Method::GET,
            format!("/api/email-templates/{id}"),
            None,
            EDITORS,
        ),
        (
            Method::PATCH,
            format!("/api/email-templates/{id}"),
            Some(json!({"name": "Campaign"})),
            EDITORS,
        ),
        (
            Method::GET,
            format!("/api/email-templates/{id}/versions"),
            None,
            EDITORS,
        ),
        (
            Method::POST,
            format!("/api/email-templates/{id}/versions"),
            Some(source.clone()),
            EDITORS,
        ),
        (
            Method::GET,
            format!("/api/email-templates/{id}/versions/1"),
            None,
            EDITORS,
        ),
        (
            Method::POST,
            format!("/api/email-templates/{id}/versions/1/restore"),
            Some(json!({})),
            EDITORS,
        ),
        (
            Method::GET,
            format!("/api/email-templates/{id}/diff?from=1&to=1"),
            None,
            EDITORS,
        ),
        (
            Method::POST,
            format!("/api/email-templates/{id}/preview"),
            Some(source),
            EDITORS,
        ),
        (
            Method::POST,
            format!("/api/email-templates/{id}/test"),
            Some(json!({})),
            EDITORS,
        ),
        (
            Method::DELETE,
            format!("/api/email-templates/{id}"),
            None,
            EDITORS,
        ),
        // The platform's own emails: SUPER_ADMIN changes them.
        (
            Method::POST,
            format!("/api/email-templates/{system}/versions"),
            Some(json!({"subject": "x", "body_text": "{{USERNAME}}"})),
            &["SUPER_ADMIN"],
        ),
        (
            Method::POST,
            format!("/api/email-templates/{system}/versions/1/restore"),
            Some(json!({})),
            &["SUPER_ADMIN"],
        ),
        (
            Method::PATCH,
            format!("/api/email-templates/{system}"),
            Some(json!({"name": "x"})),
            &["SUPER_ADMIN"],
        ),
        (
            Method::DELETE,
            format!("/api/email-templates/{system}"),
            None,
            &["SUPER_ADMIN"],
        ),
    ];
    for (method, path, json, allowed) in routes {
        check_matrix(&app, &callers, method, &path, json, allowed).await;
    }
}
