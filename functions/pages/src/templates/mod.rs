//! Email templates for their editors: PAGES_ADMIN reads every template and
//! changes those of the influence, map and payment categories; the platform's own
//! emails (category `system`) are changed by SUPER_ADMIN only. Rendering them is
//! `shared::email_templates`'s business.

pub mod diff;
pub mod manage;
pub mod model;
pub mod trial;
pub mod versions;
