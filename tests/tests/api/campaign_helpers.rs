//! Helpers for Influence stories: accounts of every role, a district's
//! representatives and postal codes imported by an admin, campaigns, and a
//! supporter's requests from an address of their own.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// The postal code the seeded representatives answer for.
pub const POSTAL_CODE: &str = "K1A 0B1";

/// Representatives of [`POSTAL_CODE`] imported by an admin: one per level, the
/// school trustee without an email address. Addresses are unique to the test,
/// so its emails can be told from other tests'.
pub struct District {
    /// Federal, provincial and municipal representatives (who have email).
    pub emails: [String; 3],
    pub names: [&'static str; 3],
}

/// The body of a campaign that sends through the server to every level.
pub fn campaign_body(title: &str) -> Value {
    json!({
        "title": title,
        "description": "The park on Elm Street is to be sold.",
        "email_subject": "Keep {{REPRESENTATIVE_DISTRICT}}'s park, from {{POSTAL_CODE}}",
        "email_body": "Dear {{REPRESENTATIVE_TITLE}} {{REPRESENTATIVE_NAME}},\n\nPlease keep the park.\n\n{{SUPPORTER_NAME}}",
        "call_to_action": "Write to your representatives",
        "target_levels": ["federal", "provincial", "municipal", "school_board"],
        "allow_server_send": true,
        "allow_mailto": true,
    })
}

/// What a supporter types: their postal code, name and email.
pub fn supporter(email: &str) -> Value {
    json!({
        "postal_code": " k1a-0b1 ",
        "supporter_name": "Sam Supporter",
        "supporter_email": email,
    })
}

impl TestApp {
    /// A new account whose role the SUPER_ADMIN set to `role`.
    pub async fn user_with_role(&self, name: &str, role: &str) -> TestUser {
        let user = self.register(name).await;
        if role != "USER" {
            let admin = self.register_admin().await;
            let response = self
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
        }
        user
    }

    pub async fn influence_admin(&self) -> TestUser {
        self.user_with_role("influence", "INFLUENCE_ADMIN").await
    }

    /// Sends a CSV import to `path` and answers its report.
    pub async fn import_csv(
        &self,
        admin: &TestUser,
        path: &str,
        csv: &str,
        dry_run: bool,
    ) -> Value {
        let response = self
            .post_as(path, &admin.access, json!({"csv": csv, "dry_run": dry_run}))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        body(response).await["data"].clone()
    }

    /// Imports the representatives of [`POSTAL_CODE`] and its districts.
    pub async fn seed_district(&self, admin: &TestUser) -> District {
        let tag = unique("");
        let emails = [
            format!("avery.lee.{tag}@example.org"),
            format!("morgan.chen.{tag}@example.org"),
            format!("casey.roy.{tag}@example.org"),
        ];
        let reps = format!(
            "key,name,elected_office,level,district,email,party\n\
             fed-riverside,Avery Lee,MP,federal,Riverside,{},Fictional Party\n\
             prov-riverside,Morgan Chen,MPP,provincial,Riverside North,{},\n\
             city-ward-7,Casey Roy,Councillor,municipal,Ward 7,{},\n\
             school-zone-3,Jordan Park,Trustee,school_board,Zone 3,,\n",
            emails[0], emails[1], emails[2]
        );
        let report = self
            .import_csv(admin, "/api/representatives/import", &reps, false)
            .await;
        assert_eq!(
            (report["applied"].as_bool(), report["added"].as_u64()),
            (Some(true), Some(4)),
            "{report}"
        );
        let codes = "postal_code,level,district\n\
                     K1A 0B1,federal,Riverside\n\
                     K1A 0B1,provincial,Riverside North\n\
                     K1A,municipal,Ward 7\n\
                     K1A 0B1,school_board,Zone 3\n";
        let report = self
            .import_csv(
                admin,
                "/api/representatives/postal-codes/import",
                codes,
                false,
            )
            .await;
        assert_eq!(report["applied"], true, "{report}");
        District {
            emails,
            names: ["Avery Lee", "Morgan Chen", "Casey Roy"],
        }
    }

    /// Creates a campaign from `body` (see [`campaign_body`]); answers it.
    pub async fn create_campaign(&self, admin: &TestUser, body_json: Value) -> Value {
        let response = self
            .post_as("/api/campaigns", &admin.access, body_json)
            .await;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "{}",
            body(response).await
        );
        body(response).await["data"].clone()
    }

    /// Moves campaign `id` to `status`.
    pub async fn set_campaign_status(
        &self,
        admin: &TestUser,
        id: &Value,
        status: &str,
    ) -> Response {
        self.post_as(
            &format!("/api/campaigns/{}/status", id.as_str().unwrap()),
            &admin.access,
            json!({"status": status}),
        )
        .await
    }

    /// Creates and activates a campaign; answers it.
    pub async fn launch_campaign(&self, admin: &TestUser, body_json: Value) -> Value {
        let campaign = self.create_campaign(admin, body_json).await;
        let response = self
            .set_campaign_status(admin, &campaign["id"], "active")
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        body(response).await["data"].clone()
    }

    /// A public POST from client address `ip` (the app must trust 127.0.0.1 as a
    /// proxy, see [`AppOptions::trusted_proxies`]), or from the test's own.
    pub async fn public_post(&self, path: &str, json: Value, ip: Option<&str>) -> Response {
        let mut request = self.http.post(self.url(path)).json(&json);
        if let Some(ip) = ip {
            request = request.header("x-forwarded-for", ip);
        }
        request.send().await.unwrap()
    }

    /// Who the lookup answers for [`POSTAL_CODE`] on `campaign`.
    pub async fn representatives_of(&self, campaign: &Value) -> Vec<Value> {
        let lookup = self
            .public_post(
                "/api/public/representatives/lookup",
                json!({"postal_code": POSTAL_CODE, "campaign": campaign["slug"]}),
                None,
            )
            .await;
        assert_eq!(lookup.status(), StatusCode::OK);
        body(lookup).await["data"]["representatives"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A supporter's "Send now" on campaign `slug`.
    pub async fn send_campaign(&self, slug: &Value, json: Value, ip: Option<&str>) -> Response {
        self.public_post(
            &format!("/api/public/campaigns/{}/send", slug.as_str().unwrap()),
            json,
            ip,
        )
        .await
    }

    /// The status of each of campaign `id`'s server emails once none is queued
    /// (waits up to 20 s for the worker).
    pub async fn settled_emails(&self, admin: &TestUser, id: &Value) -> Vec<Value> {
        let path = format!(
            "/api/campaigns/emails?campaign_id={}&limit=200",
            id.as_str().unwrap()
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let emails = body(self.get(&path, &admin.access).await).await["data"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if emails.iter().all(|e| e["status"] != "queued") {
                return emails;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "emails still queued: {emails:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// An app that trusts 127.0.0.1 as its CDN, so tests can send as many clients.
pub async fn spawn_behind_proxy() -> TestApp {
    spawn_app_with(AppOptions {
        trusted_proxies: Some("127.0.0.1/32".into()),
        ..AppOptions::default()
    })
    .await
}
