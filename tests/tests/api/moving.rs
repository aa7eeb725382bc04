//! Moving a child to another family: an owner of two families moves a child with
//! its records, files and history; nobody else can, and the family it left no
//! longer sees it.

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::attachments::PDF;
use crate::health::expect_invalid;
use crate::helpers::*;

async fn move_child(app: &TestApp, token: &str, child: Uuid, family: Uuid) -> reqwest::Response {
    app.post_as(
        &format!("/api/children/{child}/move"),
        token,
        json!({"family_id": family}),
    )
    .await
}

#[tokio::test]
async fn an_owner_of_both_families_moves_a_child_with_its_records_files_and_history() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let records = app.create_records(f.child).await;
    let (file, _) = app
        .attach(
            &f.parent.access,
            ("visit", records.visit),
            "lab.pdf",
            "application/pdf",
            PDF,
        )
        .await;
    let renamed = app
        .patch_as(
            &format!("/api/children/{}", f.child),
            &f.owner.access,
            json!({"notes": "Loves boats"}),
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let second = app.create_family(&f.owner, "The Byrons").await;

    let moved = move_child(&app, &f.owner.access, f.child, second).await;
    assert_eq!(moved.status(), StatusCode::OK);
    let child = body(moved).await["data"].clone();
    assert_eq!(child["family_id"], second.to_string());
    assert_eq!(child["notes"], "Loves boats");

    // Its records and files came along.
    let visits = body(
        app.get(
            &format!("/api/children/{}/visits", f.child),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert_eq!(visits["data"][0]["id"], records.visit.to_string());
    let (_, bytes) = app
        .download(file["id"].as_str().unwrap(), &f.owner.access)
        .await;
    assert_eq!(bytes, PDF);
    // Its history too, with the move at the top.
    let history = body(
        app.get(
            &format!("/api/children/{}/history", f.child),
            &f.owner.access,
        )
        .await,
    )
    .await;
    let entries = history["data"].as_array().unwrap();
    assert_eq!(
        entries[0]["changes"]["family_id"],
        json!({"before": f.family, "after": second})
    );
    assert!(entries.len() >= 3, "{history}");

    // The family it left no longer sees it; its list of children is empty.
    let gone = app
        .get(&format!("/api/children/{}", f.child), &f.parent.access)
        .await;
    expect_error(gone, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let left = body(
        app.get(
            &format!("/api/children?family_id={}", f.family),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert_eq!(left["meta"]["total"], 0);
    // ...and can now be deleted.
    let deleted = app
        .delete_as(&format!("/api/families/{}", f.family), &f.owner.access)
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn both_families_keep_an_audit_entry_of_the_move() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let second = app.create_family(&f.owner, "The Byrons").await;
    assert_eq!(
        move_child(&app, &f.owner.access, f.child, second)
            .await
            .status(),
        StatusCode::OK
    );
    let db = app.db().await;
    let scopes: Vec<Uuid> = db
        .query(
            "select scope_id from audit_events
             where entity_type = 'child' and entity_id = $1 and changes ? 'family_id' order by scope_id",
            &[&f.child],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut expected = vec![f.child, f.family];
    expected.sort();
    assert_eq!(scopes, expected);
}

#[tokio::test]
async fn only_an_owner_of_both_families_may_move_a_child() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    // The parent owns a family of their own; the outsider owns theirs.
    let parents_own = app.create_family(&f.parent, "The Parent's").await;
    let owners_second = app.create_family(&f.owner, "The Byrons").await;
    // Owner of the child's family, but only a parent in the target.
    app.join(parents_own, &f.parent, &f.owner, "parent").await;

    expect_invalid(
        move_child(&app, &f.owner.access, f.child, parents_own).await,
        "family_id",
        "owner of one: the target is not theirs",
    )
    .await;
    expect_invalid(
        move_child(&app, &f.owner.access, f.child, f.other_family).await,
        "family_id",
        "a family the owner is not in answers like any other",
    )
    .await;
    expect_invalid(
        move_child(&app, &f.owner.access, f.child, f.family).await,
        "family_id",
        "the family it is in",
    )
    .await;
    let parent = move_child(&app, &f.parent.access, f.child, parents_own).await;
    expect_error(parent, StatusCode::FORBIDDEN, "OWNER_ONLY").await;
    let reader = move_child(&app, &f.reader.access, f.child, owners_second).await;
    expect_error(reader, StatusCode::FORBIDDEN, "OWNER_ONLY").await;
    let stranger = move_child(&app, &f.outsider.access, f.child, f.other_family).await;
    expect_error(stranger, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let unknown = move_child(&app, &f.owner.access, Uuid::new_v4(), owners_second).await;
    expect_error(unknown, StatusCode::NOT_FOUND, "NOT_FOUND").await;

    // Nothing moved.
    let child = body(
        app.get(&format!("/api/children/{}", f.child), &f.owner.access)
            .await,
    )
    .await;
    assert_eq!(child["data"]["family_id"], f.family.to_string());
    assert_eq!(
        move_child(&app, &f.owner.access, f.child, owners_second)
            .await
            .status(),
        StatusCode::OK
    );
}
