//! Black-box tests of the fleet over HTTP, each against its own database, queues
//! and server. Run through `local/test.sh`, which starts PostgreSQL and the emulator.

mod admin;
mod attachments;
mod campaign_admin;
mod campaign_helpers;
mod campaigns;
mod children;
mod database_tls;
mod edges;
mod email;
mod export;
mod export_retention;
mod export_streaming;
mod families;
mod family_helpers;
mod hashing;
mod health;
mod helpers;
mod influence_access;
mod jobs;
mod lambda;
mod login;
mod mail;
mod mail_limits;
mod outage;
mod passwords;
mod proxy;
mod registration;
mod representatives;
mod responses;
mod runtime;
mod sessions;
mod template;
mod uploads;
