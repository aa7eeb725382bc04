//! Helpers for Trajectory stories: families with members of every role, children.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// A family with a child and one member of each role, plus an outsider who has a
/// family and child of their own.
pub struct FamilyFixture {
    pub owner: TestUser,
    pub parent: TestUser,
    pub reader: TestUser,
    pub outsider: TestUser,
    pub family: Uuid,
    pub child: Uuid,
    pub other_family: Uuid,
    pub other_child: Uuid,
}

impl FamilyFixture {
    /// Every member and the outsider, with whether they may read and write.
    pub fn cast(&self) -> [(&TestUser, &'static str); 4] {
        [
            (&self.owner, "owner"),
            (&self.parent, "parent"),
            (&self.reader, "read_only"),
            (&self.outsider, "outsider"),
        ]
    }
}

impl TestApp {
    pub async fn put_as(&self, path: &str, token: &str, json: Value) -> Response {
        self.http
            .put(self.url(path))
            .bearer_auth(token)
            .json(&json)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete_as(&self, path: &str, token: &str) -> Response {
        self.http
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// Creates a family owned by `owner`.
    pub async fn create_family(&self, owner: &TestUser, name: &str) -> Uuid {
        let response = self
            .post_as("/api/families", &owner.access, json!({"name": name}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        body(response).await["data"]["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Invites `email` into `family` with `role` (as `by`); answers the token of
    /// the link the invitation email carries (the only place it is).
    pub async fn invite(&self, family: Uuid, by: &TestUser, email: &str, role: &str) -> String {
        let subject = "invites you to the family";
        let before = self.emails(email, subject).await.len();
        let invite = self
            .post_as(
                &format!("/api/families/{family}/invites"),
                &by.access,
                json!({"email": email, "role": role}),
            )
            .await;
        assert_eq!(invite.status(), StatusCode::CREATED);
        self.wait_for_nth_email(email, subject, before + 1)
            .await
            .link_param("token")
    }

    /// Invites `user` into `family` with `role` (as `by`) and accepts the invitation.
    pub async fn join(&self, family: Uuid, by: &TestUser, user: &TestUser, role: &str) {
        let token = self.invite(family, by, &user.email, role).await;
        let accepted = self
            .post_as("/api/invites/accept", &user.access, json!({"token": token}))
            .await;
        assert_eq!(accepted.status(), StatusCode::OK);
    }

    /// Adds a child born on `date_of_birth` to `family`.
    pub async fn create_child(
        &self,
        by: &TestUser,
        family: Uuid,
        name: &str,
        date_of_birth: &str,
        sex: &str,
    ) -> Uuid {
        let response = self
            .post_as(
                "/api/children",
                &by.access,
                json!({"family_id": family, "name": name, "date_of_birth": date_of_birth, "sex": sex}),
            )
            .await;
        let status = response.status();
        let json = body(response).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json["data"]["id"].as_str().unwrap().parse().unwrap()
    }

    /// The standard cast: owner, parent, read-only member and an outsider.
    pub async fn family_fixture(&self) -> FamilyFixture {
        let owner = self.register("owner").await;
        let parent = self.register("parent").await;
        let reader = self.register("reader").await;
        let outsider = self.register("outsider").await;
        let family = self.create_family(&owner, "The Lovelaces").await;
        self.join(family, &owner, &parent, "parent").await;
        self.join(family, &owner, &reader, "read_only").await;
        let child = self
            .create_child(&owner, family, "Ada", "2024-01-15", "female")
            .await;
        let other_family = self.create_family(&outsider, "The Babbages").await;
        let other_child = self
            .create_child(&outsider, other_family, "Charles", "2023-06-01", "male")
            .await;
        FamilyFixture {
            owner,
            parent,
            reader,
            outsider,
            family,
            child,
            other_family,
            other_child,
        }
    }
}
