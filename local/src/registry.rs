//! The function registry: every crate in `functions/`, once, with how it is
//! triggered. The local server, its queue pollers and scheduler, the OpenAPI
//! document ([`crate::openapi`]) and the template test are all derived from [`FUNCTIONS`], so adding a
//! function is one line here plus its crate and its `template.yaml` block.

use std::future::Future;
use std::pin::Pin;

use axum::Router;
use shared::AppState;
use shared::config::Config;
use shared::lambda::{SqsBatchResponse, SqsEvent};
use utoipa::openapi::OpenApi;

/// A boxed future, for the handlers kept in the table.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// One function of the fleet: its crate (and binary) name and its trigger.
#[derive(Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    pub trigger: Trigger,
}

/// How a function is invoked on AWS, and what the local runner does for it.
#[derive(Clone, Copy)]
pub enum Trigger {
    /// API Gateway routes: the route keys it owns (exactly as in `template.yaml`),
    /// and its router with its OpenAPI part.
    Http {
        routes: &'static [&'static str],
        api: fn() -> (Router<AppState>, OpenApi),
    },
    /// An SQS queue (`queue` is its logical id in `template.yaml`), polled locally
    /// with Lambda's batch semantics.
    Queue {
        queue: &'static str,
        queue_url: fn(&Config) -> &str,
        handle: fn(AppState, SqsEvent) -> BoxFuture<SqsBatchResponse>,
    },
    /// The EventBridge schedule; locally a timer.
    Schedule {
        tick: fn(AppState) -> BoxFuture<Result<(), shared::ApiError>>,
    },
    /// Invoked directly (once per deploy); locally at start-up.
    Invoke,
}

macro_rules! http {
    ($name:literal, $krate:ident) => {
        Function {
            name: $name,
            trigger: Trigger::Http {
                routes: $krate::ROUTES,
                api: $krate::api,
            },
        }
    };
}

macro_rules! worker {
    ($name:literal, $krate:ident, $queue:literal, $url:ident) => {
        Function {
            name: $name,
            trigger: Trigger::Queue {
                queue: $queue,
                queue_url: |config| &config.$url,
                handle: |state, event| Box::pin(async move { $krate::handle(&state, event).await }),
            },
        }
    };
}

/// Every function, in `template.yaml` order.
pub const FUNCTIONS: &[Function] = &[
    http!("auth", auth),
    http!("users", users),
    http!("docs", docs),
    http!("families", families),
    http!("children", children),
    http!("health", health),
    http!("attachments", attachments),
    http!("export", export),
    http!("pages", pages),
    http!("campaigns", campaigns),
    http!("map", map),
    http!("canvass", canvass),
    http!("media", media),
    http!("gallery", gallery),
    worker!("email-worker", email_worker, "EmailQueue", email_queue_url),
    worker!(
        "export-worker",
        export_worker,
        "ExportQueue",
        export_queue_url
    ),
    worker!(
        "geocode-worker",
        geocode_worker,
        "GeocodeQueue",
        geocode_queue_url
    ),
    worker!("video-worker", video_worker, "VideoQueue", video_queue_url),
    Function {
        name: "scheduler",
        trigger: Trigger::Schedule {
            tick: |state| {
                // The tick logs its own report.
                Box::pin(async move { scheduler::tick(&state).await.map(|_| ()) })
            },
        },
    },
    Function {
        name: "migrate",
        trigger: Trigger::Invoke,
    },
];

/// The HTTP functions with their route keys.
pub fn http_functions() -> impl Iterator<Item = (&'static str, &'static [&'static str])> {
    FUNCTIONS.iter().filter_map(|f| match f.trigger {
        Trigger::Http { routes, .. } => Some((f.name, routes)),
        _ => None,
    })
}

/// Every HTTP function's router and OpenAPI part, by name.
pub fn apis() -> impl Iterator<Item = (&'static str, (Router<AppState>, OpenApi))> {
    FUNCTIONS.iter().filter_map(|f| match f.trigger {
        Trigger::Http { api, .. } => Some((f.name, api())),
        _ => None,
    })
}
