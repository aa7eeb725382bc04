//! Black-box tests of the fleet over HTTP, each against its own database, queues
//! and server. Run through `local/test.sh`, which starts PostgreSQL and the emulator.

mod admin;
mod attachments;
mod children;
mod edges;
mod export;
mod families;
mod family_helpers;
mod health;
mod helpers;
mod jobs;
mod lambda;
mod login;
mod mail_limits;
mod passwords;
mod proxy;
mod registration;
mod runtime;
mod sessions;
mod template;
mod uploads;
