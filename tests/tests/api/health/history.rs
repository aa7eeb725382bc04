//! The history of every change, and updates refused when someone else got there first.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::*;
use crate::helpers::*;

/// The history entries about one record, newest first.
fn about<'a>(history: &'a Value, entity_id: &Value) -> Vec<&'a Value> {
    history["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| &e["entity_id"] == entity_id)
        .collect()
}

#[tokio::test]
async fn every_change_is_in_the_history_with_who_made_it() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let child = format!("/api/children/{}", f.child);
    let measurement = app
        .create_record(
            &f.owner.access,
            &format!("{child}/measurements"),
            json!({"measured_on": "2025-01-15", "weight_kg": 9.0}),
        )
        .await;
    let path = format!("/api/measurements/{}", id(&measurement));
    app.update_record(
        &f.parent.access,
        &path,
        json!({"weight_kg": 9.5, "notes": "after lunch", "updated_at": measurement["updated_at"]}),
    )
    .await;
    // Saving the same values again changes nothing and records nothing.
    app.update_record(&f.parent.access, &path, json!({"weight_kg": 9.5}))
        .await;

    let own = app.read(&f.reader.access, &format!("{path}/history")).await;
    assert_eq!(own["meta"]["total"], 2);
    let update = &own["data"][0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["entity_type"], "measurement");
    assert_eq!(update["actor_id"], f.parent.id.to_string());
    assert_eq!(update["actor_username"], f.parent.username);
    assert_eq!(
        update["changes"],
        json!({"weight_kg": {"before": 9.0, "after": 9.5}, "notes": {"before": "", "after": "after lunch"}})
    );
    let create = &own["data"][1];
    assert_eq!(create["action"], "create");
    assert_eq!(create["actor_username"], f.owner.username);
    assert_eq!(
        create["changes"]["weight_kg"],
        json!({"before": null, "after": 9.0})
    );
    assert_eq!(
        create["changes"]["measured_on"],
        json!({"before": null, "after": "2025-01-15"})
    );
    assert!(
        create["changes"].get("scores").is_none(),
        "scores are derived, not audited"
    );

    assert_eq!(
        app.delete_as(&path, &f.owner.access).await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&format!("{path}/history"), &f.owner.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let history = app
        .read(&f.reader.access, &format!("{child}/history"))
        .await;
    let trail = about(&history, &measurement["id"]);
    let actions: Vec<(&Value, &Value)> = trail
        .iter()
        .map(|e| (&e["action"], &e["actor_username"]))
        .collect();
    assert_eq!(
        actions,
        [
            (&json!("delete"), &json!(f.owner.username)),
            (&json!("update"), &json!(f.parent.username)),
            (&json!("create"), &json!(f.owner.username)),
        ]
    );
    assert_eq!(
        trail[0]["changes"]["weight_kg"],
        json!({"before": 9.5, "after": null})
    );
    assert_eq!(
        trail[0]["changes"]["notes"],
        json!({"before": "after lunch", "after": null})
    );
    // The child's own creation is the oldest entry.
    let last = &history["data"][history["meta"]["total"].as_u64().unwrap() as usize - 1];
    assert_eq!(
        (&last["entity_type"], &last["action"]),
        (&json!("child"), &json!("create"))
    );
}

#[tokio::test]
async fn each_record_type_keeps_its_own_history() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let child = format!("/api/children/{}", f.child);
    let records = [
        (
            "visits",
            json!({"type": "wellness", "visit_date": "2025-01-15", "title": "One year"}),
            json!({"title": "First birthday"}),
            "title",
        ),
        (
            "medical-events",
            json!({"kind": "vaccine", "name": "MMR", "date": "2025-01-15"}),
            json!({"name": "MMR 1"}),
            "name",
        ),
        (
            "illnesses",
            json!({"illness_types": ["cold"], "start_date": "2025-01-15"}),
            json!({"illness_types": ["cold", "croup"]}),
            "illness_types",
        ),
    ];
    for (kind, input, patch, field) in records {
        let record = app
            .create_record(&f.parent.access, &format!("{child}/{kind}"), input.clone())
            .await;
        let path = format!("/api/{kind}/{}", id(&record));
        let updated = app.update_record(&f.owner.access, &path, patch).await;
        let history = app.read(&f.reader.access, &format!("{path}/history")).await;
        let entries = history["data"].as_array().unwrap();
        assert_eq!(entries.len(), 2, "{kind}: {history}");
        assert_eq!(entries[0]["actor_username"], f.owner.username, "{kind}");
        assert_eq!(
            entries[0]["changes"][field],
            json!({"before": record[field], "after": updated[field]}),
            "{kind}"
        );
        assert_eq!(entries[1]["action"], "create", "{kind}");
        assert_eq!(entries[1]["actor_username"], f.parent.username, "{kind}");
        assert_eq!(
            entries[1]["changes"][field]["after"], record[field],
            "{kind}"
        );
    }
}

#[tokio::test]
async fn an_update_from_a_stale_copy_is_refused() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let child = format!("/api/children/{}", f.child);
    let records = [
        (
            "visits",
            json!({"type": "wellness", "visit_date": "2025-01-15"}),
        ),
        (
            "measurements",
            json!({"measured_on": "2025-01-15", "weight_kg": 9.1}),
        ),
        (
            "medical-events",
            json!({"kind": "vaccine", "name": "MMR", "date": "2025-01-15"}),
        ),
        (
            "illnesses",
            json!({"illness_types": ["cold"], "start_date": "2025-01-15"}),
        ),
    ];
    for (kind, input) in records {
        let seen = app
            .create_record(&f.owner.access, &format!("{child}/{kind}"), input)
            .await;
        let path = format!("/api/{kind}/{}", id(&seen));
        let first = app
            .update_record(
                &f.parent.access,
                &path,
                json!({"notes": "parent", "updated_at": seen["updated_at"]}),
            )
            .await;
        // The owner still holds the copy from before the parent's change.
        let stale = app
            .patch_as(
                &path,
                &f.owner.access,
                json!({"notes": "owner", "updated_at": seen["updated_at"]}),
            )
            .await;
        expect_error(stale, StatusCode::CONFLICT, "STALE").await;
        let stale_header = app
            .http
            .patch(app.url(&path))
            .bearer_auth(&f.owner.access)
            .header(
                "if-match",
                format!("\"{}\"", seen["updated_at"].as_str().unwrap()),
            )
            .json(&json!({"notes": "owner"}))
            .send()
            .await
            .unwrap();
        expect_error(stale_header, StatusCode::CONFLICT, "STALE").await;
        let fresh_header = app
            .http
            .patch(app.url(&path))
            .bearer_auth(&f.owner.access)
            .header("if-match", first["updated_at"].as_str().unwrap())
            .json(&json!({"notes": "owner"}))
            .send()
            .await
            .unwrap();
        assert_eq!(fresh_header.status(), StatusCode::OK, "{kind}");
        let now = app.read(&f.reader.access, &path).await;
        assert_eq!(now["data"]["notes"], "owner", "{kind}");
    }
}
