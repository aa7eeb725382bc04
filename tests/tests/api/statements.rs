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
