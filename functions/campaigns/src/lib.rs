//! `campaigns`: Changemaker Influence, advocacy campaigns whose supporters email
//! their elected representatives.
//!
//! - `/api/campaigns/*`: campaigns for Influence admins (CRUD, status moves,
//!   review of submitted campaigns, duplication, cover image, statistics, the
//!   email queue); `POST /api/campaigns/submissions` and `GET /api/campaigns/mine`
//!   for any user but TEMP
//! - `/api/representatives/*`: representatives and postal code mappings, with
//!   CSV imports (dry run first)
//! - `/api/responses/*`: moderation of the response wall, verification emails,
//!   screenshots
//! - `/api/public/*`: what strangers use: campaign pages, the representative
//!   lookup, "Send now", `mailto:` links, the response wall and its upvotes
//!
//! AWS: the email queue (supporters' emails, verification emails) and the bucket
//! (cover images, response screenshots, through `shared::uploads`). With
//! `REPRESENT_API_URL` set, Open North's Represent API over HTTPS.

mod campaign;
mod campaigns;
mod cover;
mod email_queue;
mod emails;
mod fields;
mod images;
mod import;
mod lifecycle;
mod lookup;
mod mailto;
mod public;
mod represent;
mod representative;
mod representatives;
mod responses;
mod send;
mod stats;
mod submissions;
mod supporter;

pub use represent::{Found, Provider, ProviderError, Represent, parse as parse_represent};

use axum::Router;
use shared::AppState;
use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// The API Gateway route keys this function owns, exactly as in `template.yaml`.
pub const ROUTES: &[&str] = &[
    "ANY /api/campaigns",
    "ANY /api/campaigns/{proxy+}",
    "ANY /api/representatives",
    "ANY /api/representatives/{proxy+}",
    "ANY /api/responses",
    "ANY /api/responses/{proxy+}",
    "ANY /api/public/campaigns",
    "ANY /api/public/campaigns/{proxy+}",
    "ANY /api/public/representatives/{proxy+}",
    "ANY /api/public/responses/{proxy+}",
];

/// The routes, each with its OpenAPI description.
fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(campaigns::list, campaigns::create))
        .routes(routes!(
            campaigns::get,
            campaigns::update,
            campaigns::delete
        ))
        .routes(routes!(email_queue::list))
        .routes(routes!(email_queue::retry))
        .routes(routes!(stats::get))
        .routes(routes!(submissions::submit))
        .routes(routes!(submissions::mine))
        .routes(routes!(lifecycle::transition))
        .routes(routes!(lifecycle::review))
        .routes(routes!(lifecycle::duplicate))
        .routes(routes!(cover::upload))
        .routes(routes!(cover::confirm, cover::remove))
        .routes(routes!(public::list))
        .routes(routes!(public::get))
        .routes(routes!(cover::view))
        .routes(routes!(lookup::lookup))
        .routes(routes!(send::send))
        .routes(routes!(mailto::mailto))
        .routes(routes!(representatives::list, representatives::create))
        .routes(routes!(
            representatives::get,
            representatives::update,
            representatives::delete
        ))
        .routes(routes!(import::representatives::import_representatives))
        .routes(routes!(import::postal_codes::import_postal_codes))
        .routes(routes!(responses::wall::list, responses::wall::submit))
        .routes(routes!(responses::upvote::upvote))
        .routes(routes!(responses::moderation::list))
        .routes(routes!(
            responses::moderation::update,
            responses::moderation::delete
        ))
        .routes(routes!(responses::verification::request))
        .routes(routes!(responses::verification::answer))
        .routes(routes!(responses::screenshot::upload))
        .routes(routes!(
            responses::screenshot::confirm,
            responses::screenshot::view
        ))
        .routes(routes!(responses::screenshot::public_view))
}

/// The router and its OpenAPI description.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    routes().split_for_parts()
}

/// The router alone: the description is never built.
pub fn router() -> Router<AppState> {
    routes().into_router()
}

pub fn openapi() -> utoipa::openapi::OpenApi {
    api().1
}
