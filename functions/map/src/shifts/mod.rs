//! Volunteer shifts: admins' planning (`admin`, `edit`), sign-ups with an exact
//! capacity and a waitlist (`signups`), the public page (`public`), signed-in
//! volunteers' own shifts and calendar feed (`volunteer`, `feed`), and the
//! upgrade of an account made by a public sign-up (`upgrade`).

mod admin;
mod edit;
mod feed;
mod fields;
mod public;
mod shift;
mod signups;
mod upgrade;
mod volunteer;

use shared::routes;
use shared::routing::{ApiRouter, Docs};

/// Every shift route, with its OpenAPI description.
pub fn routes() -> ApiRouter<impl Docs> {
    ApiRouter::new()
        .routes(routes!(admin::list, admin::create))
        .routes(routes!(admin::get, edit::update, edit::delete))
        .routes(routes!(admin::remove_signup))
        .routes(routes!(upgrade::upgrade))
        .routes(routes!(volunteer::upcoming))
        .routes(routes!(volunteer::mine))
        .routes(routes!(volunteer::sign_up, volunteer::cancel))
        .routes(routes!(feed::create, feed::revoke))
        .routes(routes!(public::list))
        .routes(routes!(public::get))
        .routes(routes!(public::sign_up))
        .routes(routes!(public::cancel_view, public::cancel))
        .routes(routes!(feed::calendar))
}
