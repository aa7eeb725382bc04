//! Helpers for the shift stories: a map admin, shifts a few days ahead in
//! Edmonton, public sign-ups from an address of their own, and the emails.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::mail::SentEmail;

/// The organisers' zone in these stories.
pub const ZONE: &str = "America/Edmonton";

/// The local date `days` from now in Edmonton, `YYYY-MM-DD`.
pub fn in_days(days: i64) -> String {
    let zone: chrono_tz::Tz = ZONE.parse().unwrap();
    (Utc::now().with_timezone(&zone) + Duration::days(days))
        .date_naive()
        .to_string()
}

/// A single shift `days` ahead, 10:00 to 13:00.
pub fn shift_body(title: &str, days: i64, capacity: i32) -> Value {
    json!({
        "title": title,
        "description": "Clipboards provided.",
        "location": "Riverside Community Centre",
        "capacity": capacity,
        "time_zone": ZONE,
        "date": in_days(days),
        "start_time": "10:00",
        "end_time": "13:00",
    })
}

impl TestApp {
    pub async fn map_admin(&self) -> TestUser {
        self.user_with_role("mapper", "MAP_ADMIN").await
    }

    /// Creates shifts; answers `{series_id, shifts}`.
    pub async fn create_shifts(&self, admin: &TestUser, body_json: Value) -> Value {
        let response = self.post_as("/api/shifts", &admin.access, body_json).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        body(response).await["data"].clone()
    }

    /// One new shift's id.
    pub async fn create_shift(&self, admin: &TestUser, body_json: Value) -> String {
        let made = self.create_shifts(admin, body_json).await;
        made["shifts"][0]["id"].as_str().unwrap().to_string()
    }

    /// A public sign-up from client address `ip`; asserts the usual 202.
    pub async fn volunteer(&self, shift: &str, name: &str, email: &str, ip: &str) {
        let response = self
            .public_post(
                &format!("/api/public/shifts/{shift}/signups"),
                json!({"name": name, "email": email, "phone": "780 555 0123"}),
                Some(ip),
            )
            .await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }

    /// The shift with its sign-ups, as its admins see it.
    pub async fn shift_detail(&self, admin: &TestUser, shift: &str) -> Value {
        let response = self
            .get(&format!("/api/shifts/{shift}"), &admin.access)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        body(response).await["data"].clone()
    }
}

/// The statuses of a shift's sign-ups by email.
pub fn statuses(detail: &Value) -> Vec<(String, String)> {
    detail["signups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["email"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The `.ics` attachment of an email, parsed.
pub fn invitation(email: &SentEmail) -> icalendar::Calendar {
    let at = email
        .attachments
        .iter()
        .position(|name| name.ends_with(".ics"))
        .expect("an .ics attachment");
    let text = String::from_utf8(email.attachment_contents[at].clone()).unwrap();
    text.parse().expect("a calendar")
}
