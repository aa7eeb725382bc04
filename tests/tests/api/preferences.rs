//! Display preferences: a parent picks a dark theme and day-first dates on one
//! device, and finds them again wherever they sign in.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_new_account_starts_with_the_default_preferences() {
    let app = spawn_app().await;
    let user = app.register("prefs-new").await;
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(
        me["data"]["preferences"],
        json!({"units": "metric", "theme": "system", "date_format": "auto"})
    );
}

#[tokio::test]
async fn preferences_are_kept_on_the_account_and_come_back_at_sign_in() {
    let app = spawn_app().await;
    let user = app.register("prefs-keep").await;
    let updated = app
        .patch_as(
            "/api/me",
            &user.access,
            json!({"preferences": {"theme": "dark", "date_format": "dmy"}}),
        )
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    let prefs = body(updated).await["data"]["preferences"].clone();
    assert_eq!(
        prefs,
        json!({"units": "metric", "theme": "dark", "date_format": "dmy"})
    );

    // Only what is given changes.
    let updated = app
        .patch_as(
            "/api/me",
            &user.access,
            json!({"preferences": {"units": "imperial"}}),
        )
        .await;
    assert_eq!(
        body(updated).await["data"]["preferences"],
        json!({"units": "imperial", "theme": "dark", "date_format": "dmy"})
    );

    // Signing in on another device returns them with the user.
    let login = app.login(&user.username, PASSWORD).await;
    assert_eq!(login.status(), StatusCode::OK);
    assert_eq!(
        body(login).await["data"]["user"]["preferences"],
        json!({"units": "imperial", "theme": "dark", "date_format": "dmy"})
    );
}

#[tokio::test]
async fn an_unknown_theme_or_date_format_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let user = app.register("prefs-bad").await;
    for (field, value) in [("theme", "sepia"), ("date_format", "YYYY/DD/MM")] {
        let bad = app
            .patch_as(
                "/api/me",
                &user.access,
                json!({"preferences": {field: value}}),
            )
            .await;
        let error = expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;
        let details = error["details"].to_string();
        assert!(details.contains(field), "{field} not named: {error}");
    }
    // Nothing changed.
    let me = body(app.get("/api/me", &user.access).await).await;
    assert_eq!(me["data"]["preferences"]["theme"], "system");
    assert_eq!(me["data"]["preferences"]["date_format"], "auto");
}
