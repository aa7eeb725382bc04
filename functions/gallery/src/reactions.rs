//! Reactions: one of six per viewer and video (a signed-in account, or an
//! anonymous visitor by their daily-salted address hash); reacting again
//! replaces it, and it can be taken back.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::db::GenericClient;
use shared::http::{ApiJson, ApiPath, ClientIp, Data, DataOf};
use shared::{ApiResult, AppState};
use uuid::Uuid;

use crate::model;

/// The six reactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Like,
    Love,
    Laugh,
    Wow,
    Sad,
    Angry,
}

impl Reaction {
    const ALL: [Reaction; 6] = [
        Reaction::Like,
        Reaction::Love,
        Reaction::Laugh,
        Reaction::Wow,
        Reaction::Sad,
        Reaction::Angry,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Reaction::Like => "like",
            Reaction::Love => "love",
            Reaction::Laugh => "laugh",
            Reaction::Wow => "wow",
            Reaction::Sad => "sad",
            Reaction::Angry => "angry",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

/// A video's reactions: how many of each, and the caller's.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Reactions {
    pub like: i64,
    pub love: i64,
    pub laugh: i64,
    pub wow: i64,
    pub sad: i64,
    pub angry: i64,
    /// The caller's reaction, if any.
    pub mine: Option<Reaction>,
}

/// The reactions of video `id`, with `viewer`'s.
pub async fn load(client: &impl GenericClient, id: Uuid, viewer: &[u8]) -> ApiResult<Reactions> {
    let rows = client
        .query(
            "select reaction, count(*), bool_or(viewer_hash = $2) from video_reactions
             where video_id = $1 group by reaction",
            &[&id, &viewer],
        )
        .await?;
    let mut counts = Reactions::default();
    for row in rows {
        let Some(reaction) = Reaction::parse(row.try_get(0)?) else {
            continue;
        };
        let count: i64 = row.try_get(1)?;
        if row.try_get::<_, bool>(2)? {
            counts.mine = Some(reaction);
        }
        *match reaction {
            Reaction::Like => &mut counts.like,
            Reaction::Love => &mut counts.love,
            Reaction::Laugh => &mut counts.laugh,
            Reaction::Wow => &mut counts.wow,
            Reaction::Sad => &mut counts.sad,
            Reaction::Angry => &mut counts.angry,
        } = count;
    }
    Ok(counts)
}

/// The reaction to leave.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReaction {
    reaction: Reaction,
}

/// Reacts to a published video, replacing the caller's earlier reaction (public).
#[utoipa::path(put, path = "/api/gallery/videos/{id}/reaction", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id")),
    request_body = NewReaction,
    responses((status = 200, description = "The video's reactions", body = DataOf<Reactions>),
              (status = 404, description = "No such published video"),
              (status = 422, description = "Not one of the six reactions")))]
pub async fn put(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<NewReaction>,
) -> ApiResult<Data<Reactions>> {
    let (client, viewer) = model::mark(
        &state,
        user,
        ip,
        id,
        "insert into video_reactions (video_id, viewer_hash, reaction) values ($1, $2, $3)
         on conflict on constraint video_reactions_pkey do update set reaction = excluded.reaction",
        &[&input.reaction.as_str()],
    )
    .await?;
    Ok(Data(load(&client, id, &viewer).await?))
}

/// Takes the caller's reaction back (public).
#[utoipa::path(delete, path = "/api/gallery/videos/{id}/reaction", tag = "gallery",
    params(("id" = Uuid, Path, description = "Video id")),
    responses((status = 200, description = "The video's reactions", body = DataOf<Reactions>),
              (status = 404, description = "No such published video")))]
pub async fn delete(
    user: Option<AuthUser>,
    State(state): State<AppState>,
    ip: ClientIp,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Data<Reactions>> {
    let sql = "delete from video_reactions where video_id = $1 and viewer_hash = $2";
    let (client, viewer) = model::mark(&state, user, ip, id, sql, &[]).await?;
    Ok(Data(load(&client, id, &viewer).await?))
}
