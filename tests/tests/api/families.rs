//! Trajectory: families, members and invitations, through the HTTP API.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_parent_creates_renames_and_lists_families() {
    let app = spawn_app().await;
    let user = app.register("mum").await;
    let family = app.create_family(&user, "  The Curies ").await;
    let listed = body(app.get("/api/families", &user.access).await).await;
    assert_eq!(listed["meta"]["total"], 1);
    assert_eq!(listed["data"][0]["name"], "The Curies");
    assert_eq!(listed["data"][0]["role"], "owner");
    assert_eq!(listed["data"][0]["member_count"], 1);

    let renamed = app
        .patch_as(
            &format!("/api/families/{family}"),
            &user.access,
            json!({"name": "Curie-Skłodowska"}),
        )
        .await;
    assert_eq!(body(renamed).await["data"]["name"], "Curie-Skłodowska");
    for bad in [json!({"name": ""}), json!({"name": "x".repeat(101)})] {
        let response = app.post_as("/api/families", &user.access, bad).await;
        expect_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "VALIDATION_FAILED",
        )
        .await;
    }
}

#[tokio::test]
async fn outsiders_get_404_and_members_see_their_role() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let family = format!("/api/families/{}", f.family);
    for (user, role) in f.cast() {
        let response = app.get(&family, &user.access).await;
        if role == "outsider" {
            expect_error(response, StatusCode::NOT_FOUND, "NOT_FOUND").await;
        } else {
            assert_eq!(body(response).await["data"]["role"], role);
        }
    }
    let members = body(
        app.get(&format!("{family}/members"), &f.reader.access)
            .await,
    )
    .await;
    let roles: Vec<&str> = members["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["owner", "parent", "read_only"]);
    expect_error(
        app.get(&format!("{family}/members"), &f.outsider.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    let anonymous = app.http.get(app.url(&family)).send().await.unwrap();
    expect_error(anonymous, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED").await;
}

#[tokio::test]
async fn only_owners_rename_or_delete_and_a_family_with_children_stays() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let family = format!("/api/families/{}", f.family);
    for user in [&f.parent, &f.reader] {
        let response = app
            .patch_as(&family, &user.access, json!({"name": "Mine now"}))
            .await;
        expect_error(response, StatusCode::FORBIDDEN, "OWNER_ONLY").await;
        expect_error(
            app.delete_as(&family, &user.access).await,
            StatusCode::FORBIDDEN,
            "OWNER_ONLY",
        )
        .await;
    }
    expect_error(
        app.delete_as(&family, &f.outsider.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
    expect_error(
        app.delete_as(&family, &f.owner.access).await,
        StatusCode::CONFLICT,
        "FAMILY_NOT_EMPTY",
    )
    .await;
    let empty = app.create_family(&f.owner, "Empty").await;
    assert_eq!(
        app.delete_as(&format!("/api/families/{empty}"), &f.owner.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&format!("/api/families/{empty}"), &f.owner.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn an_invitation_arrives_by_email_and_grants_the_invited_role_once() {
    let app = spawn_app().await;
    let owner = app.register("host").await;
    let family = app.create_family(&owner, "The Hoppers").await;
    let guest = app.register("guest").await;
    let response = app
        .post_as(
            &format!("/api/families/{family}/invites"),
            &owner.access,
            json!({"email": guest.email, "role": "read_only"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created = body(response).await;
    assert_eq!(
        created["data"]["invited_by"]["user_id"],
        owner.id.to_string()
    );
    let email = app
        .wait_for_email(&guest.email, "invites you to the family The Hoppers")
        .await;
    assert!(email.body.contains("http://127.0.0.1:5173/invite?token="));
    let token = email.link_param("token");
    assert!(
        !created.to_string().contains(&token),
        "the link goes only by email: {created}"
    );

    let pending = body(
        app.get(&format!("/api/families/{family}/invites"), &owner.access)
            .await,
    )
    .await;
    assert_eq!(pending["data"].as_array().unwrap().len(), 1);
    let preview = body(
        app.post("/api/invites/preview", json!({"token": token}))
            .await,
    )
    .await;
    assert_eq!(preview["data"]["family_name"], "The Hoppers");
    assert_eq!(preview["data"]["role"], "read_only");

    let accepted = app
        .post_as(
            "/api/invites/accept",
            &guest.access,
            json!({"token": token}),
        )
        .await;
    assert_eq!(body(accepted).await["data"]["role"], "read_only");
    let seen = body(
        app.get(&format!("/api/families/{family}"), &guest.access)
            .await,
    )
    .await;
    assert_eq!(seen["data"]["role"], "read_only");

    let again = app
        .post_as(
            "/api/invites/accept",
            &owner.access,
            json!({"token": token}),
        )
        .await;
    expect_error(again, StatusCode::GONE, "INVITE_EXPIRED").await;
    let unknown = app
        .post_as(
            "/api/invites/accept",
            &guest.access,
            json!({"token": "nope"}),
        )
        .await;
    expect_error(unknown, StatusCode::NOT_FOUND, "INVITE_NOT_FOUND").await;
    let pending = body(
        app.get(&format!("/api/families/{family}/invites"), &owner.access)
            .await,
    )
    .await;
    assert!(pending["data"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn expired_invitations_and_members_invited_twice_are_refused() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let invites = format!("/api/families/{}/invites", f.family);
    let member_again = app
        .post_as(
            &invites,
            &f.owner.access,
            json!({"email": f.parent.email, "role": "parent"}),
        )
        .await;
    expect_error(member_again, StatusCode::CONFLICT, "ALREADY_MEMBER").await;
    let by_reader = app
        .post_as(
            &invites,
            &f.reader.access,
            json!({"email": "x@example.org", "role": "parent"}),
        )
        .await;
    expect_error(by_reader, StatusCode::FORBIDDEN, "READ_ONLY").await;
    let as_owner = app
        .post_as(
            &invites,
            &f.owner.access,
            json!({"email": "x@example.org", "role": "owner"}),
        )
        .await;
    expect_error(as_owner, StatusCode::UNPROCESSABLE_ENTITY, "INVALID_BODY").await;

    let late = app.register("late").await;
    let token = app.invite(f.family, &f.parent, &late.email, "parent").await;
    app.db()
        .await
        .execute(
            "update family_invites set expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .unwrap();
    let response = app
        .post_as("/api/invites/accept", &late.access, json!({"token": token}))
        .await;
    expect_error(response, StatusCode::GONE, "INVITE_EXPIRED").await;

    // Someone invited twice accepts both: the second finds them a member.
    let twice = app.register("twice").await;
    let first = app.invite(f.family, &f.owner, &twice.email, "parent").await;
    let second = app
        .invite(f.family, &f.owner, &twice.email, "read_only")
        .await;
    let accepted = app
        .post_as(
            "/api/invites/accept",
            &twice.access,
            json!({"token": first}),
        )
        .await;
    assert_eq!(accepted.status(), StatusCode::OK);
    let response = app
        .post_as(
            "/api/invites/accept",
            &twice.access,
            json!({"token": second}),
        )
        .await;
    expect_error(response, StatusCode::CONFLICT, "ALREADY_MEMBER").await;

    let fresh = body(
        app.post_as(
            &invites,
            &f.owner.access,
            json!({"email": "someone@example.org", "role": "parent"}),
        )
        .await,
    )
    .await;
    let id = fresh["data"]["id"].as_str().unwrap();
    assert_eq!(
        app.delete_as(&format!("{invites}/{id}"), &f.parent.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.delete_as(&format!("{invites}/{id}"), &f.parent.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn roles_change_removal_takes_effect_at_once_and_the_last_owner_stays() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let members = format!("/api/families/{}/members", f.family);
    let child = format!("/api/children/{}", f.child);

    let promote = app
        .patch_as(
            &format!("{members}/{}", f.reader.id),
            &f.parent.access,
            json!({"role": "parent"}),
        )
        .await;
    assert_eq!(promote.status(), StatusCode::OK);
    let owner_change = app
        .patch_as(
            &format!("{members}/{}", f.owner.id),
            &f.parent.access,
            json!({"role": "read_only"}),
        )
        .await;
    expect_error(owner_change, StatusCode::CONFLICT, "OWNER_ROLE_FIXED").await;
    let remove_owner = app
        .delete_as(&format!("{members}/{}", f.owner.id), &f.parent.access)
        .await;
    expect_error(
        remove_owner,
        StatusCode::FORBIDDEN,
        "OWNER_CANNOT_BE_REMOVED",
    )
    .await;
    expect_error(
        app.delete_as(&format!("{members}/{}", f.owner.id), &f.owner.access)
            .await,
        StatusCode::CONFLICT,
        "LAST_OWNER",
    )
    .await;

    // Removed: the very next request is refused.
    assert_eq!(
        app.get(&child, &f.reader.access).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.delete_as(&format!("{members}/{}", f.reader.id), &f.parent.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&child, &f.reader.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;

    // Leaving.
    assert_eq!(
        app.delete_as(&format!("{members}/{}", f.parent.id), &f.parent.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.get(&child, &f.parent.access).await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn ownership_transfers_to_another_member() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let transfer = format!("/api/families/{}/transfer", f.family);
    let by_parent = app
        .post_as(&transfer, &f.parent.access, json!({"user_id": f.parent.id}))
        .await;
    expect_error(by_parent, StatusCode::FORBIDDEN, "OWNER_ONLY").await;
    let to_stranger = app
        .post_as(
            &transfer,
            &f.owner.access,
            json!({"user_id": f.outsider.id}),
        )
        .await;
    expect_error(to_stranger, StatusCode::NOT_FOUND, "NOT_FOUND").await;
    let done = app
        .post_as(&transfer, &f.owner.access, json!({"user_id": f.parent.id}))
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let family = format!("/api/families/{}", f.family);
    assert_eq!(
        body(app.get(&family, &f.parent.access).await).await["data"]["role"],
        "owner"
    );
    assert_eq!(
        body(app.get(&family, &f.owner.access).await).await["data"]["role"],
        "parent"
    );
    // The former owner may now leave; the new one may not.
    let members = format!("/api/families/{}/members", f.family);
    assert_eq!(
        app.delete_as(&format!("{members}/{}", f.owner.id), &f.owner.access)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        app.delete_as(&format!("{members}/{}", f.parent.id), &f.parent.access)
            .await,
        StatusCode::CONFLICT,
        "LAST_OWNER",
    )
    .await;
}

/// A parent who invites a second account of their own, then loses their place,
/// tries to come back through the invitation. `lose` takes the place away.
async fn comes_back_after(app: &TestApp, lose: &str) {
    let f = app.family_fixture().await;
    let members = format!("/api/families/{}/members", f.family);
    // The parent controls the mailbox of this second account.
    let sock = app.register("sock").await;
    let token = app.invite(f.family, &f.parent, &sock.email, "parent").await;
    let pending = body(
        app.get(
            &format!("/api/families/{}/invites", f.family),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert_eq!(pending["data"].as_array().unwrap().len(), 1, "{pending}");

    let lost = match lose {
        "removed" => {
            app.delete_as(&format!("{members}/{}", f.parent.id), &f.owner.access)
                .await
        }
        "leaves" => {
            app.delete_as(&format!("{members}/{}", f.parent.id), &f.parent.access)
                .await
        }
        "demoted" => {
            app.patch_as(
                &format!("{members}/{}", f.parent.id),
                &f.owner.access,
                json!({"role": "read_only"}),
            )
            .await
        }
        _ => unreachable!(),
    };
    assert!(lost.status().is_success(), "{lose}: {}", lost.status());

    let pending = body(
        app.get(
            &format!("/api/families/{}/invites", f.family),
            &f.owner.access,
        )
        .await,
    )
    .await;
    assert!(
        pending["data"].as_array().unwrap().is_empty(),
        "{lose}: the parent's invitation is withdrawn: {pending}"
    );
    let preview = app
        .post("/api/invites/preview", json!({"token": token}))
        .await;
    assert!(preview.status().is_client_error(), "{lose}");
    let back = app
        .post_as("/api/invites/accept", &sock.access, json!({"token": token}))
        .await;
    expect_error(back, StatusCode::NOT_FOUND, "INVITE_NOT_FOUND").await;
    expect_error(
        app.get(&format!("/api/children/{}", f.child), &sock.access)
            .await,
        StatusCode::NOT_FOUND,
        "NOT_FOUND",
    )
    .await;
}

#[tokio::test]
async fn a_removed_member_cannot_come_back_through_an_invitation_they_made() {
    comes_back_after(&spawn_app().await, "removed").await;
}

#[tokio::test]
async fn a_member_who_left_cannot_come_back_through_an_invitation_they_made() {
    comes_back_after(&spawn_app().await, "leaves").await;
}

#[tokio::test]
async fn a_member_made_read_only_cannot_grant_write_access_through_an_invitation_they_made() {
    comes_back_after(&spawn_app().await, "demoted").await;
}

#[tokio::test]
async fn an_invitation_of_a_disabled_account_no_longer_works() {
    let app = spawn_app().await;
    let admin = app.register_admin().await;
    let f = app.family_fixture().await;
    let sock = app.register("sock").await;
    let token = app.invite(f.family, &f.parent, &sock.email, "parent").await;
    let disabled = app
        .patch_as(
            &format!("/api/admin/users/{}", f.parent.id),
            &admin.access,
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let back = app
        .post_as("/api/invites/accept", &sock.access, json!({"token": token}))
        .await;
    expect_error(back, StatusCode::GONE, "INVITE_EXPIRED").await;
}

#[tokio::test]
async fn an_invitation_is_accepted_only_by_the_verified_account_it_was_sent_to() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let guest = app.register("guest").await;
    let token = app.invite(f.family, &f.owner, &guest.email, "parent").await;

    // The link, forwarded or overheard, lets no other account in.
    let other = app
        .post_as(
            "/api/invites/accept",
            &f.outsider.access,
            json!({"token": token}),
        )
        .await;
    expect_error(other, StatusCode::FORBIDDEN, "INVITE_FOR_ANOTHER_EMAIL").await;

    // An account whose address was never confirmed (one from before
    // confirmation existed) confirms it first.
    app.db()
        .await
        .execute(
            "update users set email_verified_at = null where id = $1",
            &[&guest.id],
        )
        .await
        .unwrap();
    let unverified = app
        .post_as(
            "/api/invites/accept",
            &guest.access,
            json!({"token": token}),
        )
        .await;
    expect_error(unverified, StatusCode::FORBIDDEN, "EMAIL_NOT_VERIFIED").await;
    let me = body(app.get("/api/me", &guest.access).await).await;
    assert_eq!(me["data"]["email_verified_at"], serde_json::Value::Null);
    let sent = app
        .post_as("/api/auth/verify-email/send", &guest.access, json!({}))
        .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let confirmed = body(app.confirm_email(&guest.email, 2).await).await;
    assert_eq!(confirmed["data"]["purpose"], "verification");
    let again = app
        .post_as("/api/auth/verify-email/send", &guest.access, json!({}))
        .await;
    expect_error(again, StatusCode::CONFLICT, "EMAIL_ALREADY_VERIFIED").await;

    let accepted = app
        .post_as(
            "/api/invites/accept",
            &guest.access,
            json!({"token": token}),
        )
        .await;
    assert_eq!(body(accepted).await["data"]["role"], "parent");
}

#[tokio::test]
async fn the_invitation_list_shows_who_invited_and_no_answer_carries_a_link() {
    let app = spawn_app().await;
    let f = app.family_fixture().await;
    let invites = format!("/api/families/{}/invites", f.family);
    let created = app
        .post_as(
            &invites,
            &f.parent.access,
            json!({"email": "grandma@example.org", "role": "read_only"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = body(created).await;
    let data = created["data"].as_object().unwrap();
    let mut fields: Vec<&str> = data.keys().map(String::as_str).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "created_at",
            "email",
            "expires_at",
            "id",
            "invited_by",
            "role"
        ]
    );
    let listed = body(app.get(&invites, &f.owner.access).await).await;
    let invite = &listed["data"][0];
    assert_eq!(invite["email"], "grandma@example.org");
    assert_eq!(
        invite["invited_by"],
        json!({"user_id": f.parent.id, "username": f.parent.username, "display_name": ""})
    );
    assert!(invite.get("token").is_none() && invite.get("invite_url").is_none());
}
