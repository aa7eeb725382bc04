//! Black-box tests of the fleet over HTTP, each against its own database, queues
//! and server. Run through `local/test.sh`, which starts PostgreSQL and the emulator.

mod admin;
mod attachments;
mod children;
mod database_tls;
mod edges;
mod email;
mod email_templates;
mod export;
mod export_retention;
mod export_streaming;
mod families;
mod family_helpers;
mod hashing;
mod health;
mod helpers;
mod jobs;
mod lambda;
mod login;
mod mail;
mod mail_limits;
mod media;
mod media_access;
mod media_helpers;
mod media_library;
mod outage;
mod pages;
mod pages_helpers;
mod passwords;
mod proxy;
mod registration;
mod runtime;
mod sessions;
mod statements;
mod template;
mod uploads;
