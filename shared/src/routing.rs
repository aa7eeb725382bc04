//! [`ApiRouter`]: a function's routes, each written once with its OpenAPI
//! description (`#[utoipa::path]`), and the description built only when asked
//! for.
//!
//! A Lambda function serves [`ApiRouter::into_router`], which routes every
//! handler at the path and methods of its `#[utoipa::path]` and never calls the
//! description's code, so that code (operations, schemas) is left out of the
//! function's binary and its cold start. The `openapi` binary and the local
//! server call [`ApiRouter::split_for_parts`] for both.
//!
//! ```ignore
//! fn routes() -> ApiRouter<impl Docs> {
//!     ApiRouter::new()
//!         .routes(routes!(children::list, children::create))
//!         .routes(routes!(children::get))
//! }
//! ```

use axum::Router;
use axum::handler::Handler;
use axum::routing::MethodRouter;
use utoipa::openapi::OpenApi;
use utoipa_axum::PathItemExt;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};

use crate::AppState;

/// Routes with their description, which is built only by [`ApiRouter::split_for_parts`].
pub struct ApiRouter<D = (), S = AppState> {
    router: Router<S>,
    docs: D,
}

/// A description not built yet.
pub trait Docs<S = AppState> {
    /// Adds this description to `into`.
    fn add_to(self, into: OpenApiRouter<S>) -> OpenApiRouter<S>;
}

impl<S> Docs<S> for () {
    fn add_to(self, into: OpenApiRouter<S>) -> OpenApiRouter<S> {
        into
    }
}

impl<S, A: Docs<S>, B: Docs<S>> Docs<S> for (A, B) {
    fn add_to(self, into: OpenApiRouter<S>) -> OpenApiRouter<S> {
        self.1.add_to(self.0.add_to(into))
    }
}

/// The description of handlers annotated with `#[utoipa::path]`, as [`routes!`] writes it.
pub struct Annotated<F>(pub F);

impl<S, F> Docs<S> for Annotated<F>
where
    S: Clone + Send + Sync + 'static,
    F: FnOnce() -> UtoipaMethodRouter<S>,
{
    fn add_to(self, into: OpenApiRouter<S>) -> OpenApiRouter<S> {
        into.routes((self.0)())
    }
}

/// A description written by hand (routes generic over a kind of record).
pub struct Described<F>(pub F);

impl<S, F> Docs<S> for Described<F>
where
    S: Clone + Send + Sync + 'static,
    F: FnOnce() -> OpenApi,
{
    fn add_to(self, into: OpenApiRouter<S>) -> OpenApiRouter<S> {
        into.merge(OpenApiRouter::with_openapi((self.0)()))
    }
}

/// Handlers routed at their `#[utoipa::path]`, with their description; made by [`routes!`].
pub struct Routes<F, S = AppState> {
    pub router: Router<S>,
    pub docs: Annotated<F>,
}

impl<S: Clone + Send + Sync + 'static> ApiRouter<(), S> {
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            docs: (),
        }
    }
}

impl<S: Clone + Send + Sync + 'static> Default for ApiRouter<(), S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static, D: Docs<S>> ApiRouter<D, S> {
    /// Adds handlers made into [`Routes`] by [`routes!`].
    pub fn routes<F>(self, routes: Routes<F, S>) -> ApiRouter<(D, Annotated<F>), S>
    where
        Annotated<F>: Docs<S>,
    {
        ApiRouter {
            router: self.router.merge(routes.router),
            docs: (self.docs, routes.docs),
        }
    }

    /// Adds a plain router whose description `describe` writes.
    pub fn described<F>(self, router: Router<S>, describe: F) -> ApiRouter<(D, Described<F>), S>
    where
        Described<F>: Docs<S>,
    {
        ApiRouter {
            router: self.router.merge(router),
            docs: (self.docs, Described(describe)),
        }
    }

    /// Adds another [`ApiRouter`]'s routes and description.
    pub fn merge<E: Docs<S>>(self, other: ApiRouter<E, S>) -> ApiRouter<(D, E), S> {
        ApiRouter {
            router: self.router.merge(other.router),
            docs: (self.docs, other.docs),
        }
    }

    /// The routes alone; the description is never built.
    pub fn into_router(self) -> Router<S> {
        self.router
    }

    /// The routes and their OpenAPI description.
    pub fn split_for_parts(self) -> (Router<S>, OpenApi) {
        let (_, doc) = self.docs.add_to(OpenApiRouter::new()).split_for_parts();
        (self.router, doc)
    }
}

/// Routes `handler` at the path and methods its `#[utoipa::path]` (`P`) names.
pub fn route<P, H, T, S>(router: Router<S>, handler: H) -> Router<S>
where
    P: utoipa::Path,
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let methods = P::methods()
        .iter()
        .fold(MethodRouter::new(), |methods, method| {
            methods.on(method.to_method_filter(), handler.clone())
        });
    router.route(&P::path(), methods)
}

/// Handlers annotated with `#[utoipa::path]` as [`Routes`] for [`ApiRouter::routes`]:
/// `routes!(list, create)` or `routes!(children::list, children::create)` (up to
/// two modules deep). Each handler is routed at its own path; the description is
/// `utoipa_axum::routes!` of the same handlers, called only when it is built.
#[macro_export]
macro_rules! routes {
    ($($($segment:ident)::+),+ $(,)?) => {
        $crate::routing::Routes {
            router: {
                let router = ::axum::Router::new();
                $( let router = $crate::routes!(@one router, $($segment)::+); )+
                router
            },
            docs: $crate::routing::Annotated(|| {
                $crate::routing::__utoipa_axum::routes!($($($segment)::+),+)
            }),
        }
    };
    (@one $router:ident, $handler:ident) => {
        $crate::routing::__paste! {
            $crate::routing::route::<[<__path_ $handler>], _, _, _>($router, $handler)
        }
    };
    (@one $router:ident, $module:ident :: $handler:ident) => {
        $crate::routing::__paste! {
            $crate::routing::route::<$module::[<__path_ $handler>], _, _, _>($router, $module::$handler)
        }
    };
    (@one $router:ident, $outer:ident :: $module:ident :: $handler:ident) => {
        $crate::routing::__paste! {
            $crate::routing::route::<$outer::$module::[<__path_ $handler>], _, _, _>(
                $router,
                $outer::$module::$handler
            )
        }
    };
}

#[doc(hidden)]
pub use utoipa_axum as __utoipa_axum;
#[doc(hidden)]
pub use utoipa_axum::paste as __paste;

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::extract::Path;
    use axum::http::{Method, Request, StatusCode};
    use tower::ServiceExt;

    use super::*;

    mod widgets {
        use super::*;

        /// A widget.
        #[utoipa::path(get, path = "/widgets/{id}", params(("id" = u32, Path)),
            responses((status = 200, description = "The widget")))]
        pub async fn get(Path(id): Path<u32>) -> String {
            format!("widget {id}")
        }

        /// Replaces a widget.
        #[utoipa::path(put, path = "/widgets/{id}", params(("id" = u32, Path)),
            responses((status = 204, description = "Replaced")))]
        pub async fn put(Path(_id): Path<u32>) -> StatusCode {
            StatusCode::NO_CONTENT
        }
    }

    /// Every widget.
    #[utoipa::path(get, path = "/widgets", responses((status = 200, description = "All")))]
    async fn list() -> &'static str {
        "all widgets"
    }

    fn api() -> ApiRouter<impl Docs<()>, ()> {
        ApiRouter::new()
            .routes(routes!(list))
            .routes(routes!(widgets::get, widgets::put))
    }

    async fn call(router: Router<()>, method: Method, uri: &str) -> (StatusCode, String) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let response = router.oneshot(request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn the_router_serves_each_handler_at_its_path_and_methods() {
        assert_eq!(
            call(api().into_router(), Method::GET, "/widgets/7").await,
            (StatusCode::OK, "widget 7".into())
        );
        assert_eq!(
            call(api().into_router(), Method::PUT, "/widgets/7").await.0,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            call(api().into_router(), Method::GET, "/widgets").await,
            (StatusCode::OK, "all widgets".into())
        );
        assert_eq!(
            call(api().into_router(), Method::DELETE, "/widgets/7")
                .await
                .0,
            StatusCode::METHOD_NOT_ALLOWED
        );
    }

    #[test]
    fn the_description_has_every_operation() {
        let (_, doc) = api().split_for_parts();
        let doc = serde_json::to_value(doc).unwrap();
        assert!(doc["paths"]["/widgets"]["get"].is_object(), "{doc}");
        assert!(doc["paths"]["/widgets/{id}"]["get"].is_object(), "{doc}");
        assert!(doc["paths"]["/widgets/{id}"]["put"].is_object(), "{doc}");
        assert_eq!(
            doc["paths"]["/widgets/{id}"]["put"]["summary"],
            "Replaces a widget."
        );
    }
}
