//! Every query goes through the connection's statement cache: PostgreSQL parses
//! and plans a statement once per connection, and later calls only execute it.

use shared::db;

use crate::helpers::*;

/// How often this session's prepared statement `sql` was prepared and run.
async fn prepared(client: &db::Client, sql: &str) -> (i64, i64) {
    let row = client
        .query_one(
            "select count(*), coalesce(sum(generic_plans + custom_plans), 0)::bigint
             from pg_prepared_statements where statement = $1",
            &[&sql],
        )
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

#[tokio::test]
async fn a_statement_is_prepared_once_per_connection_and_then_only_executed() {
    let app = spawn_app().await;
    let client = db::client(&app.state.db).await.unwrap();
    let sql = "select count(*) from users where role = $1";
    let before = client.cached_statements();

    for _ in 0..3 {
        client.query_one(sql, &[&"USER"]).await.unwrap();
    }
    // One statement on the server, run three times; one entry in the cache.
    assert_eq!(prepared(&client, sql).await, (1, 3));
    assert_eq!(
        client.cached_statements(),
        before + 2,
        "the query and the check"
    );

    // A transaction on the same connection uses the same statement.
    let mut client = client;
    let tx = client.transaction().await.unwrap();
    tx.query_one(sql, &[&"USER"]).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(prepared(&client, sql).await, (1, 4));
}

/// The statements cached on every connection of the app's pool, counted while
/// all of them are held.
async fn cached_in_pool(app: &TestApp) -> usize {
    let connections = app.state.db.status().size;
    let mut held = Vec::new();
    for _ in 0..connections {
        held.push(db::client(&app.state.db).await.unwrap());
    }
    held.iter().map(db::Client::cached_statements).sum()
}

#[tokio::test]
async fn requests_after_the_first_prepare_nothing_new() {
    let app = spawn_app().await;
    let user = app.register("cache").await;
    let family = app
        .post_as(
            "/api/families",
            &user.access,
            serde_json::json!({"name": "Cache"}),
        )
        .await;
    assert_eq!(family.status(), 201);
    let warm = |n| {
        let app = &app;
        let user = &user;
        async move {
            for _ in 0..n {
                assert_eq!(app.get("/api/me", &user.access).await.status(), 200);
                assert_eq!(app.get("/api/families", &user.access).await.status(), 200);
            }
        }
    };
    warm(3).await;
    let before = cached_in_pool(&app).await;
    assert!(before > 0, "the requests' statements are cached");
    warm(10).await;
    assert_eq!(cached_in_pool(&app).await, before);
}

/// How many statements the pool's connections have run so far, this count aside.
async fn executed_in_pool(app: &TestApp) -> i64 {
    const COUNT: &str = "select coalesce(sum(generic_plans + custom_plans), 0)::bigint
        from pg_prepared_statements where statement <> $1";
    let connections = app.state.db.status().size;
    let mut held = Vec::new();
    for _ in 0..connections {
        held.push(db::client(&app.state.db).await.unwrap());
    }
    let mut total = 0;
    for client in &held {
        let row = client.query_one(COUNT, &[&COUNT]).await.unwrap();
        total += row.get::<_, i64>(0);
    }
    total
}

/// The statements one GET of `path` runs once its statements are prepared.
async fn statements_of(app: &TestApp, token: &str, path: &str) -> i64 {
    assert_eq!(app.get(path, token).await.status(), 200, "{path}");
    let before = executed_in_pool(app).await;
    let response = app.get(path, token).await;
    assert_eq!(response.status(), 200, "{path}");
    executed_in_pool(app).await - before
}

#[tokio::test]
async fn a_record_or_a_page_is_read_in_the_same_statement_as_the_callers_access() {
    let app = spawn_app().await;
    let owner = app.register("reader").await;
    let outsider = app.register("stranger").await;
    let family = app.create_family(&owner, "Statements").await;
    let child = app
        .create_child(&owner, family, "Ada", "2024-01-15", "female")
        .await;
    let empty_child = app
        .create_child(&owner, family, "Grace", "2024-02-01", "female")
        .await;
    let created = app
        .post_as(
            &format!("/api/children/{child}/visits"),
            &owner.access,
            serde_json::json!({"type": "wellness", "visit_date": "2025-01-15"}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let visit = body(created).await["data"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let measured = app
        .post_as(
            &format!("/api/children/{child}/measurements"),
            &owner.access,
            serde_json::json!({"measured_on": "2025-01-15", "weight_kg": 9.4}),
        )
        .await;
    assert_eq!(measured.status(), 201);

    // The caller's account check, then one statement that reads and checks.
    let reads = [
        format!("/api/visits/{visit}"),
        format!("/api/children/{child}/measurements"),
        format!("/api/children?family_id={family}"),
    ];
    for path in &reads {
        assert_eq!(
            statements_of(&app, &owner.access, path).await,
            2,
            "{path}: the account check and the read"
        );
    }

    // Nothing of it reaches someone outside the family.
    for path in &reads {
        let response = app.get(path, &outsider.access).await;
        assert_eq!(response.status(), 404, "{path}");
    }
    // An empty page is asked about once more: empty for a member, 404 otherwise.
    let empty = format!("/api/children/{empty_child}/measurements");
    let page = body(app.get(&empty, &owner.access).await).await;
    assert_eq!(page["data"].as_array().map(Vec::len), Some(0), "{page}");
    assert_eq!(page["meta"]["total"], 0, "{page}");
    assert_eq!(app.get(&empty, &outsider.access).await.status(), 404);
    let outsiders_family = app.create_family(&outsider, "Elsewhere").await;
    let others = format!("/api/children?family_id={outsiders_family}");
    assert_eq!(app.get(&others, &owner.access).await.status(), 404);
    let own = body(app.get(&others, &outsider.access).await).await;
    assert_eq!(own["meta"]["total"], 0, "{own}");
}
