//! The common library of the function fleet. One module per concern.

pub mod audit;
pub mod auth;
pub mod client_ip;
pub mod config;
pub mod crypto;
pub mod csv_table;
pub mod db;
pub mod domain;
pub mod email;
pub mod email_confirmations;
pub mod email_templates;
pub mod error;
pub mod http;
pub mod jobs;
pub mod lambda;
pub mod migrations;
pub mod oidc;
pub mod outbound;
pub mod paging;
pub mod rate_limit;
pub mod records;
pub mod routing;
pub mod settings;
pub mod slug;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod templates;
pub mod uploads;
pub mod visitors;

pub use error::{ApiError, ApiResult};
pub use state::AppState;
