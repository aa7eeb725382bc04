//! Landing pages: an editor builds a page from typed blocks, each checked by its
//! own schema; the public sees it at `/p/{slug}` once published; visitors write
//! through its contact form and the page's recipient is emailed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::pages_helpers::*;

/// One block of each kind, in the order the editor placed them.
fn every_kind_of_block() -> Value {
    json!([
        {"type": "hero", "title": "Save Riverside Park", "subtitle": "The city votes in June.",
         "image_url": "https://example.org/park.jpg", "button_label": "Act now", "button_url": "/p/act"},
        {"type": "text", "heading": "Why", "html": "<p>The park is <strong>ours</strong>.</p>"},
        {"type": "features", "heading": "What we ask", "items": [
            {"title": "Keep the trees", "body": "All 300 of them."},
            {"title": "Keep the pond"}]},
        {"type": "call_to_action", "heading": "Write to council", "body": "It takes a minute.",
         "button_label": "Write now", "button_url": "https://example.org/write"},
        {"type": "testimonials", "items": [{"quote": "I walk here daily.", "author": "Ada", "role": "Neighbour"}]},
        {"type": "contact_form", "heading": "Questions?", "recipient_email": "team@riverside.test"},
        {"type": "video", "title": "The park", "url": "https://www.youtube.com/watch?v=abc123"},
        {"type": "campaign_embed", "campaign_slug": "save-riverside-park"},
    ])
}

/// Creates a page as `editor`; answers its `data`.
pub async fn create_page(app: &TestApp, editor: &TestUser, page: Value) -> Value {
    let response = app.post_as("/api/pages", &editor.access, page).await;
    let status = response.status();
    let json = body(response).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    json["data"].clone()
}

/// A published page with a contact form (recipient `recipient`, empty for the
/// page's author); answers its slug.
pub async fn page_with_form(app: &TestApp, editor: &TestUser, recipient: &str) -> String {
    let page = create_page(
        app,
        editor,
        json!({"title": unique("Contact "), "status": "published", "blocks": [
            {"type": "contact_form", "recipient_email": recipient}]}),
    )
    .await;
    page["slug"].as_str().unwrap().to_string()
}

async fn public(app: &TestApp, slug: &str) -> reqwest::Response {
    call(
        app,
        Method::GET,
        &format!("/api/public/pages/{slug}"),
        None,
        None,
    )
    .await
}

#[tokio::test]
async fn an_editor_builds_a_page_of_every_kind_of_block_and_the_public_sees_it_once_published() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let page = create_page(
        &app,
        &editor,
        json!({"title": "Save Riverside Park",
               "seo": {"title": "Riverside", "description": "Help us", "image_url": "/img/park.jpg"},
               "blocks": every_kind_of_block()}),
    )
    .await;
    assert_eq!(page["slug"], "save-riverside-park");
    assert_eq!(page["status"], "draft");
    assert_eq!(page["published_at"], Value::Null);
    let kinds: Vec<&str> = page["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "hero",
            "text",
            "features",
            "call_to_action",
            "testimonials",
            "contact_form",
            "video",
            "campaign_embed"
        ]
    );
    assert_eq!(page["blocks"][5]["recipient_email"], "team@riverside.test");

    // A draft is not public.
    expect_error(
        public(&app, "save-riverside-park").await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;

    let id = page["id"].as_str().unwrap();
    let published = app
        .patch_as(
            &format!("/api/pages/{id}"),
            &editor.access,
            json!({"status": "published"}),
        )
        .await;
    let published = body(published).await["data"].clone();
    assert_eq!(published["status"], "published");
    assert!(published["published_at"].is_string());
    assert_eq!(
        published["blocks"], page["blocks"],
        "publishing keeps the blocks"
    );

    let response = public(&app, "save-riverside-park").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    let shown = body(response).await["data"].clone();
    assert_eq!(shown["title"], "Save Riverside Park");
    assert_eq!(shown["seo"]["image_url"], "/img/park.jpg");
    assert_eq!(shown["blocks"].as_array().unwrap().len(), 8);
    assert_eq!(shown["blocks"][0]["title"], "Save Riverside Park");
    assert_eq!(shown["blocks"][2]["items"][1]["title"], "Keep the pond");
    assert_eq!(
        shown["blocks"][5]["recipient_email"], "",
        "the public never sees where messages go"
    );
    assert!(shown.get("id").is_none(), "{shown}");

    // Unpublished, it is gone again.
    app.patch_as(
        &format!("/api/pages/{id}"),
        &editor.access,
        json!({"status": "draft"}),
    )
    .await;
    assert_eq!(
        public(&app, "save-riverside-park").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn each_bad_block_is_named_by_its_place_and_field() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let response = app
        .post_as(
            "/api/pages",
            &editor.access,
            json!({"title": "Bad blocks", "blocks": [
                {"type": "hero", "title": "Fine"},
                {"type": "text", "html": "<p>ok</p>"},
                {"type": "hero", "title": ""},
                {"type": "carousel", "images": []},
                {"type": "testimonials", "items": [{"quote": "Nice", "author": "Ada"}, {"quote": "", "author": "Bo"}]},
                {"type": "call_to_action", "heading": "Go", "button_label": "Go", "button_url": "javascript:alert(1)"},
                {"type": "video", "url": "https://youtu.be/x", "autoplay": true},
                {"heading": "no type"},
            ]}),
        )
        .await;
    let json = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    let details = json["details"].as_object().unwrap();
    let mut fields: Vec<&str> = details.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "blocks[2].title",
            "blocks[3].type",
            "blocks[4].items[1].quote",
            "blocks[5].button_url",
            "blocks[6].autoplay",
            "blocks[7].type",
        ],
        "{json}"
    );
    assert!(
        details["blocks[3].type"]
            .as_str()
            .unwrap()
            .contains("carousel")
    );

    // The page's own fields are named the same way, and nothing was stored.
    let response = app
        .post_as(
            "/api/pages",
            &editor.access,
            json!({"title": " ", "slug": "Not a slug", "seo": {"image_url": "ftp://x"}}),
        )
        .await;
    let json = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    for field in ["title", "slug", "seo.image_url"] {
        assert!(json["details"][field].is_string(), "{field}: {json}");
    }
    let list = body(app.get("/api/pages", &editor.access).await).await;
    assert_eq!(list["meta"]["total"], 0);

    // A block of the wrong shape altogether is refused by the body's reader.
    let response = app
        .post_as(
            "/api/pages",
            &editor.access,
            json!({"title": "x", "blocks": {"type": "hero"}}),
        )
        .await;
    expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
}

#[tokio::test]
async fn rich_text_is_cleaned_on_save_and_every_other_field_stays_plain_text() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let page = create_page(
        &app,
        &editor,
        json!({"title": "Clean", "status": "published", "blocks": [
            {"type": "text", "html": concat!(
                "<p onclick=\"steal()\">Hi <a href=\"javascript:alert(1)\">there</a></p>",
                "<script>alert(1)</script><img src=x onerror=alert(1)>",
                "<p>{{ADMIN_PASSWORD}} <a href=\"https://example.org\">ok</a></p>")},
            {"type": "hero", "title": "<script>alert(1)</script> {{TITLE}}"},
        ]}),
    )
    .await;
    let html = page["blocks"][0]["html"].as_str().unwrap();
    assert_eq!(
        html,
        concat!(
            "<p>Hi <a rel=\"noopener noreferrer nofollow\">there</a></p>",
            "<p>{{ADMIN_PASSWORD}} <a href=\"https://example.org\" rel=\"noopener noreferrer nofollow\">ok</a></p>"
        )
    );
    // Plain fields are stored as written: the SPA shows them as text.
    let shown = body(public(&app, page["slug"].as_str().unwrap()).await).await;
    assert_eq!(
        shown["data"]["blocks"][1]["title"],
        "<script>alert(1)</script> {{TITLE}}"
    );
    assert_eq!(shown["data"]["blocks"][0]["html"], html);

    // Rich text that is nothing but what was removed is no text at all.
    let response = app
        .post_as(
            "/api/pages",
            &editor.access,
            json!({"title": "Empty", "blocks": [{"type": "text", "html": "<script>x</script>"}]}),
        )
        .await;
    let json = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    assert!(json["details"]["blocks[0].html"].is_string(), "{json}");
}

#[tokio::test]
async fn slugs_come_from_titles_and_never_collide_even_when_pages_are_created_at_once() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let creations = (0..8).map(|_| {
        app.post_as(
            "/api/pages",
            &editor.access,
            json!({"title": "Sauvez l'école!"}),
        )
    });
    let mut slugs = Vec::new();
    for response in futures::future::join_all(creations).await {
        let status = response.status();
        let json = body(response).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        slugs.push(json["data"]["slug"].as_str().unwrap().to_string());
    }
    slugs.sort();
    let mut expected: Vec<String> = std::iter::once("sauvez-l-ecole".to_string())
        .chain((2..=8).map(|n| format!("sauvez-l-ecole-{n}")))
        .collect();
    expected.sort();
    assert_eq!(slugs, expected);

    // A slug asked for is used as it is, or refused when taken.
    let chosen = create_page(&app, &editor, json!({"title": "Other", "slug": "join-us"})).await;
    assert_eq!(chosen["slug"], "join-us");
    let taken = app
        .post_as(
            "/api/pages",
            &editor.access,
            json!({"title": "Again", "slug": "join-us"}),
        )
        .await;
    let json = expect_error(taken, StatusCode::CONFLICT, "SLUG_TAKEN").await;
    assert!(json["details"]["slug"].is_string());
    let id = chosen["id"].as_str().unwrap();
    let moved = app
        .patch_as(
            &format!("/api/pages/{id}"),
            &editor.access,
            json!({"slug": "sauvez-l-ecole"}),
        )
        .await;
    expect_error(moved, StatusCode::CONFLICT, "SLUG_TAKEN").await;
    let moved = app
        .patch_as(
            &format!("/api/pages/{id}"),
            &editor.access,
            json!({"slug": "join-us-now"}),
        )
        .await;
    assert_eq!(body(moved).await["data"]["slug"], "join-us-now");
}

#[tokio::test]
async fn an_edit_replaces_the_blocks_and_refuses_a_stale_copy_or_an_empty_published_page() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let page = create_page(
        &app,
        &editor,
        json!({"title": "Edits", "blocks": every_kind_of_block()}),
    )
    .await;
    let id = page["id"].as_str().unwrap();
    let path = format!("/api/pages/{id}");

    let edited = app
        .patch_as(
            &path,
            &editor.access,
            json!({"updated_at": page["updated_at"], "title": "Edited",
                   "blocks": [{"type": "text", "html": "<p>Only this</p>"}]}),
        )
        .await;
    let edited = body(edited).await["data"].clone();
    assert_eq!(edited["title"], "Edited");
    assert_eq!(edited["blocks"].as_array().unwrap().len(), 1);
    assert_eq!(edited["slug"], page["slug"], "the address stays");

    let stale = app
        .patch_as(
            &path,
            &editor.access,
            json!({"updated_at": page["updated_at"], "title": "Lost"}),
        )
        .await;
    expect_error(stale, StatusCode::CONFLICT, "STALE").await;

    let empty = app
        .patch_as(
            &path,
            &editor.access,
            json!({"blocks": [], "status": "published"}),
        )
        .await;
    let json = expect_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION_FAILED").await;
    assert!(json["details"]["blocks"].is_string(), "{json}");

    let got = body(app.get(&path, &editor.access).await).await["data"].clone();
    assert_eq!(got["title"], "Edited");

    // Each change is in the audit trail.
    let db = app.db().await;
    let events: i64 = db
        .query_one(
            "select count(*) from audit_events where entity_type = 'landing_page' and entity_id = $1::text::uuid",
            &[&id],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(events, 2, "created and edited");

    let deleted = delete_as(&app, &path, &editor.access).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    expect_error(
        app.get(&path, &editor.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn the_list_filters_by_status_and_text() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let block = json!([{"type": "hero", "title": "x"}]);
    create_page(
        &app,
        &editor,
        json!({"title": "Spring Rally", "status": "published", "blocks": block}),
    )
    .await;
    create_page(&app, &editor, json!({"title": "Fall rally"})).await;
    create_page(&app, &editor, json!({"title": "Volunteers"})).await;
    let titles = |json: Value| -> Vec<String> {
        json["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().to_string())
            .collect()
    };
    let all = body(app.get("/api/pages", &editor.access).await).await;
    assert_eq!(all["meta"]["total"], 3);
    assert_eq!(titles(all)[0], "Volunteers", "most recently changed first");
    let rallies = body(app.get("/api/pages?q=RALLY", &editor.access).await).await;
    assert_eq!(rallies["meta"]["total"], 2);
    let published = body(app.get("/api/pages?status=published", &editor.access).await).await;
    assert_eq!(titles(published), ["Spring Rally"]);
    assert_eq!(
        app.get("/api/pages?status=archived", &editor.access)
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_visitor_writes_through_the_contact_form_and_the_recipient_is_emailed_with_reply_to() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let recipient = format!("{}@riverside.test", unique("team_"));
    let slug = page_with_form(&app, &editor, &recipient).await;
    let message = "Can I help?\n<script>alert(1)</script> {{PAGE_TITLE}} & co";
    let response = app
        .post(
            &format!("/api/public/pages/{slug}/contact"),
            json!({"name": "Sam {{CONTACT_EMAIL}}", "email": "sam@example.org", "message": message}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert_eq!(body(response).await["data"]["received"], true);

    let email = app.wait_for_email(&recipient, "New message from").await;
    assert_eq!(email.to, std::slice::from_ref(&recipient));
    assert_eq!(email.from, "noreply@fleet.test");
    assert_eq!(email.reply_to.as_deref(), Some("sam@example.org"));
    assert!(
        email.subject.contains("Sam {{CONTACT_EMAIL}}"),
        "{}",
        email.subject
    );
    // The visitor's words come out as written: never read as a template, and
    // escaped in the HTML part.
    assert!(
        email.body.replace("\r\n", "\n").contains(message),
        "{}",
        email.body
    );
    assert!(
        email
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; {{PAGE_TITLE}} &amp; co"),
        "{}",
        email.html
    );
    assert!(!email.html.contains("<script>"));
    assert!(email.html.contains(&format!("/p/{slug}")), "{}", email.html);

    // The editor finds the message beside the page.
    let list = body(app.get("/api/pages", &editor.access).await).await;
    let page = &list["data"][0];
    assert_eq!(page["submission_count"], 1);
    let id = page["id"].as_str().unwrap();
    let messages = body(
        app.get(&format!("/api/pages/{id}/submissions"), &editor.access)
            .await,
    )
    .await;
    assert_eq!(messages["meta"]["total"], 1);
    assert_eq!(messages["data"][0]["message"], message);
    assert_eq!(messages["data"][0]["notify_email"], recipient.as_str());

    // Deleting the page keeps what it received.
    delete_as(&app, &format!("/api/pages/{id}"), &editor.access).await;
    let kept: i64 = app
        .db()
        .await
        .query_one("select count(*) from contact_submissions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn without_a_recipient_the_pages_author_is_emailed() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let slug = page_with_form(&app, &editor, "").await;
    let response = app
        .post(
            &format!("/api/public/pages/{slug}/contact"),
            json!({"name": "Bo", "email": "bo@example.org", "message": "Hello"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let email = app
        .wait_for_email(&editor.email, "New message from Bo")
        .await;
    assert_eq!(email.reply_to.as_deref(), Some("bo@example.org"));
}

#[tokio::test]
async fn the_contact_form_checks_its_fields_and_answers_only_on_published_pages_with_a_form() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let slug = page_with_form(&app, &editor, "team@riverside.test").await;
    let path = format!("/api/public/pages/{slug}/contact");

    let response = app
        .post(
            &path,
            json!({"name": " ", "email": "not-an-address", "message": "  "}),
        )
        .await;
    let json = expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "VALIDATION_FAILED",
    )
    .await;
    for field in ["name", "email", "message"] {
        assert!(json["details"][field].is_string(), "{field}: {json}");
    }
    let response = app
        .post(&path, json!({"name": "x", "email": "x@example.org"}))
        .await;
    expect_error(response, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;

    // A bot that fills the hidden field is thanked, and nothing is kept.
    let response = app
        .post(
            &path,
            json!({"name": "Bot", "email": "bot@example.org", "message": "Buy", "website": "http://spam.test"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let kept: i64 = app
        .db()
        .await
        .query_one("select count(*) from contact_submissions", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(kept, 0);

    let ok = json!({"name": "Ada", "email": "ada@example.org", "message": "Hi"});
    let no_form = create_page(
        &app,
        &editor,
        json!({"title": "No form", "status": "published", "blocks": [{"type": "hero", "title": "x"}]}),
    )
    .await;
    let draft = create_page(
        &app,
        &editor,
        json!({"title": "Draft", "blocks": [{"type": "contact_form"}]}),
    )
    .await;
    for other in [
        &no_form["slug"],
        &draft["slug"],
        &json!("no-such-page"),
        &json!("Bad_Slug"),
    ] {
        let other = other.as_str().unwrap();
        let response = app
            .post(&format!("/api/public/pages/{other}/contact"), ok.clone())
            .await;
        expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    }
}

#[tokio::test]
async fn one_address_may_send_only_a_few_messages_in_ten_minutes() {
    let app = spawn_app().await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let slug = page_with_form(&app, &editor, "team@riverside.test").await;
    let path = format!("/api/public/pages/{slug}/contact");
    let message = json!({"name": "Ada", "email": "ada@example.org", "message": "Hi"});
    for _ in 0..5 {
        assert_eq!(
            app.post(&path, message.clone()).await.status(),
            StatusCode::ACCEPTED
        );
    }
    let refused = app.post(&path, message).await;
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    expect_error(refused, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED").await;
}

#[tokio::test]
async fn only_page_editors_reach_the_admin_routes_and_everyone_the_public_ones() {
    let app = spawn_app().await;
    let callers = callers(&app).await;
    let editor = user_with_role(&app, "PAGES_ADMIN").await;
    let page = create_page(
        &app,
        &editor,
        json!({"title": "Matrix", "status": "published", "blocks": [{"type": "contact_form"}]}),
    )
    .await;
    let id = page["id"].as_str().unwrap();
    let slug = page["slug"].as_str().unwrap();
    let routes: Vec<(Method, String, Option<Value>, &[&str])> = vec![
        (Method::GET, "/api/pages".into(), None, EDITORS),
        (
            Method::POST,
            "/api/pages".into(),
            Some(json!({"title": "New"})),
            EDITORS,
        ),
        (Method::GET, format!("/api/pages/{id}"), None, EDITORS),
        (
            Method::PATCH,
            format!("/api/pages/{id}"),
            Some(json!({"title": "Renamed"})),
            EDITORS,
        ),
        (
            Method::GET,
            format!("/api/pages/{id}/submissions"),
            None,
            EDITORS,
        ),
        (
            Method::GET,
            format!("/api/public/pages/{slug}"),
            None,
            EVERYONE,
        ),
        (
            Method::POST,
            format!("/api/public/pages/{slug}/contact"),
            Some(json!({"name": "Ada", "email": "ada@example.org", "message": "Hi"})),
            EVERYONE,
        ),
        (Method::DELETE, format!("/api/pages/{id}"), None, EDITORS),
    ];
    for (method, path, json, allowed) in routes {
        check_matrix(&app, &callers, method, &path, json, allowed).await;
    }
}
