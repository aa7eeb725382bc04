//! A real OpenID Connect provider for the single sign-on tests (the npm package
//! `oidc-provider`, run by `local/scripts/oidc-provider.mjs`, one per test), and
//! helpers that walk a browser's part of the flow: follow the app's redirect to
//! the provider, sign in there, and bring the answer back to the app's callback.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, body, unique};

/// The redirect URIs the app gives providers (its PUBLIC_BASE_URL in the tests).
const SITE: &str = "http://127.0.0.1:5173";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the repository")
        .to_path_buf()
}

/// One running provider; stopped when dropped (and when the test process
/// ends, since it exits once its standard input closes).
pub struct TestProvider {
    pub issuer: String,
    http: reqwest::Client,
    child: Child,
    _stdin: ChildStdin,
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a test wants its provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderOptions {
    /// Offer only `client_secret_post` for client authentication.
    pub post_only: bool,
}

impl TestProvider {
    pub async fn start() -> Self {
        Self::start_with(ProviderOptions::default()).await
    }

    pub async fn start_with(options: ProviderOptions) -> Self {
        let root = repo_root();
        let modules = std::env::var("OIDC_PROVIDER_MODULES")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root.join(".local/oidc-provider/node_modules"));
        assert!(
            modules.join("oidc-provider/package.json").is_file(),
            "oidc-provider is not installed in {}: run local/test.sh, or \
             `source local/scripts/services.sh && oidc_provider_install`",
            modules.display()
        );
        // Node has been seen, rarely and under load, to hang before it listens:
        // such a start is killed and tried again.
        let mut attempts = 0;
        let (child, stdin, line, stdout) = loop {
            attempts += 1;
            let mut command = Command::new("node");
            command
                .arg(root.join("local/scripts/oidc-provider.mjs"))
                .env("OIDC_PROVIDER_MODULES", &modules)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            if options.post_only {
                command.args(["--auth-methods", "client_secret_post"]);
            }
            let mut child = command.spawn().expect("node runs the provider");
            let stdin = child.stdin.take().expect("a stdin pipe");
            let stdout = child.stdout.take().expect("a stdout pipe");
            let first_line = tokio::task::spawn_blocking(move || {
                let mut stdout = BufReader::new(stdout);
                let mut line = String::new();
                stdout.read_line(&mut line).map(|_| (line, stdout))
            });
            match tokio::time::timeout(Duration::from_secs(30), first_line).await {
                Ok(read) => {
                    let (line, stdout) = read.unwrap().expect("the provider says where it listens");
                    break (child, stdin, line, stdout);
                }
                Err(_) if attempts < 3 => {
                    // Killing it closes its stdout, which ends the blocked read.
                    let _ = child.kill();
                    let _ = child.wait();
                }
                Err(_) => panic!("the provider did not start in {attempts} attempts"),
            }
        };
        // The rest (the package's notices) is read and dropped: a full pipe
        // would stop the provider mid-answer.
        std::thread::spawn(move || stdout.lines().map_while(Result::ok).for_each(drop));
        let started: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the provider did not start ({e}): {line:?}"));
        Self {
            issuer: started["issuer"].as_str().unwrap().to_string(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            child,
            _stdin: stdin,
        }
    }

    async fn control(&self, path: &str, payload: Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.issuer))
            .json(&payload)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        body(response).await
    }

    /// Registers a client whose redirect URI is the app's callback for `slug`:
    /// its id and secret.
    pub async fn register_client(&self, slug: &str, method: &str) -> (String, String) {
        let client = self
            .control(
                "/reg",
                json!({
                    "redirect_uris": [format!("{SITE}/api/auth/oidc/{slug}/callback")],
                    "token_endpoint_auth_method": method,
                }),
            )
            .await;
        (
            client["client_id"].as_str().unwrap().into(),
            client["client_secret"].as_str().unwrap().into(),
        )
    }

    /// A person who can sign in at the provider as `sub`.
    pub async fn add_account(&self, sub: &str, email: &str, email_verified: bool) {
        self.control(
            "/test/accounts",
            json!({"sub": sub, "email": email, "email_verified": email_verified,
                   "name": "Ada Lovelace", "preferred_username": sub}),
        )
        .await;
    }

    /// Spoils the ID tokens the provider issues to `client_id` (`signature`,
    /// `payload`, `none`, `hs256`; `off` stops).
    pub async fn tamper(&self, client_id: &str, mode: &str) {
        self.control(
            "/test/tamper",
            json!({"client_id": client_id, "mode": mode}),
        )
        .await;
    }

    /// A new signing key (and `kid`) from now on.
    pub async fn rotate_keys(&self) {
        self.control("/test/rotate-keys", json!({})).await;
    }

    /// The authorization requests the provider received from `client_id`.
    pub async fn authorizations(&self, client_id: &str) -> Vec<Value> {
        let response = self
            .http
            .get(format!("{}/test/authorizations", self.issuer))
            .query(&[("client_id", client_id)])
            .send()
            .await
            .unwrap();
        body(response).await.as_array().unwrap().clone()
    }

    /// Plays the browser at the provider: opens `authorization_url`, signs in
    /// as `sub`, and answers where the provider sends the browser back (the
    /// app's callback, with `code` and `state`).
    pub async fn authorize(&self, authorization_url: &str, sub: &str) -> String {
        let mut jar: HashMap<String, String> = HashMap::new();
        let mut url = authorization_url.to_string();
        let mut form = None;
        for _ in 0..6 {
            let request = match form.take() {
                Some(fields) => self.http.post(&url).form(&fields),
                None => self.http.get(&url),
            };
            let cookies: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let response = request
                .header(COOKIE, cookies.join("; "))
                .send()
                .await
                .unwrap();
            for cookie in response.headers().get_all(SET_COOKIE) {
                let pair = cookie.to_str().unwrap().split(';').next().unwrap();
                if let Some((name, value)) = pair.split_once('=') {
                    jar.insert(name.into(), value.into());
                }
            }
            match response.headers().get(LOCATION) {
                Some(location) => {
                    let location = location.to_str().unwrap();
                    if location.starts_with(SITE) {
                        return location.to_string();
                    }
                    url = if location.starts_with("http") {
                        location.to_string()
                    } else {
                        format!("{}{location}", self.issuer)
                    };
                }
                // The sign-in form: post the account's name to it.
                None => {
                    let status = response.status();
                    assert_eq!(status, StatusCode::OK, "{url}: {}", body(response).await);
                    url = format!("{url}/login");
                    form = Some([("login", sub.to_string())]);
                }
            }
        }
        panic!("the provider never sent the browser back");
    }
}

/// A provider configured in the app, and the client registered for it.
pub struct Sso {
    pub provider: TestProvider,
    pub slug: String,
    pub id: String,
    pub client_id: String,
    pub client_secret: String,
}

/// What a started sign-in handed the browser.
pub struct Started {
    /// Where the app sent the browser (the provider's authorization endpoint).
    pub authorization_url: String,
    /// The `oidc_state` cookie, as the browser sends it back.
    pub cookie: String,
}

/// The redirect target of a response.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location in a {} answer", response.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// The value of cookie `name` that a response sets.
pub fn set_cookie(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next()?.split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// The `error` code of a redirect back to the SPA, if it is one.
pub fn error_code(response: &Response) -> Option<String> {
    let location = location(response);
    let url = reqwest::Url::parse(&location).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == "error")
        .map(|(_, v)| v.into_owned())
}

/// A parameter of a URL's query.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    reqwest::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Asserts the callback refused with `code` and started no session.
pub fn assert_refused(response: &Response, code: &str) {
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        error_code(response).as_deref(),
        Some(code),
        "{}",
        location(response)
    );
    assert_eq!(set_cookie(response, "refresh_token"), None, "no session");
}

impl Sso {
    /// Starts a provider, registers a client there (`client_secret_basic`, or
    /// `client_secret_post` when the provider offers only that), and lets the
    /// app's SUPER_ADMIN configure it.
    pub async fn configure(app: &TestApp, auto_register: bool) -> Self {
        Self::configure_with(app, auto_register, ProviderOptions::default()).await
    }

    pub async fn configure_with(
        app: &TestApp,
        auto_register: bool,
        options: ProviderOptions,
    ) -> Self {
        let provider = TestProvider::start_with(options).await;
        let slug = unique("idp-");
        let method = if options.post_only {
            "client_secret_post"
        } else {
            "client_secret_basic"
        };
        let (client_id, secret) = provider.register_client(&slug, method).await;
        let admin = app.register_admin().await;
        let response = app
            .post_as(
                "/api/admin/oidc-providers",
                &admin.access,
                json!({
                    "slug": slug, "display_name": "Test IdP", "issuer": provider.issuer,
                    "client_id": client_id, "client_secret": secret,
                    "auto_register": auto_register,
                }),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let created = body(response).await;
        Self {
            provider,
            slug,
            id: created["data"]["id"].as_str().unwrap().into(),
            client_id,
            client_secret: secret,
        }
    }

    /// Opens `/start` as a browser would.
    pub async fn start(&self, app: &TestApp, return_to: Option<&str>) -> Started {
        let mut request = app
            .http
            .get(app.url(&format!("/api/auth/oidc/{}/start", self.slug)));
        if let Some(path) = return_to {
            request = request.query(&[("return_to", path)]);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FOUND);
        Started {
            authorization_url: location(&response),
            cookie: set_cookie(&response, "oidc_state").expect("the state cookie"),
        }
    }

    /// Brings the provider's answer (`{SITE}/api/auth/oidc/…/callback?…`) to the app.
    pub async fn callback(&self, app: &TestApp, answer: &str, cookie: Option<&str>) -> Response {
        let path = answer.strip_prefix(SITE).expect("a callback on the site");
        let mut request = app.http.get(app.url(path));
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, format!("oidc_state={cookie}"));
        }
        request.send().await.unwrap()
    }

    /// Starts a sign-in and signs in at the provider as `sub`: what the browser
    /// holds, and the provider's answer for the callback.
    pub async fn answer(
        &self,
        app: &TestApp,
        sub: &str,
        return_to: Option<&str>,
    ) -> (Started, String) {
        let started = self.start(app, return_to).await;
        let answer = self
            .provider
            .authorize(&started.authorization_url, sub)
            .await;
        (started, answer)
    }

    /// A whole sign-in as `sub`: the callback's answer.
    pub async fn sign_in(&self, app: &TestApp, sub: &str) -> Response {
        let (started, answer) = self.answer(app, sub, None).await;
        self.callback(app, &answer, Some(&started.cookie)).await
    }

    /// The path of this provider in the admin API.
    pub fn admin_path(&self) -> String {
        format!("/api/admin/oidc-providers/{}", self.id)
    }

    /// A signed-in user links the provider identity `sub` from their account
    /// settings: the callback's answer.
    pub async fn link(&self, app: &TestApp, access: &str, sub: &str) -> Response {
        let response = app
            .post_as(
                &format!("/api/auth/oidc/{}/link", self.slug),
                access,
                json!({}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = set_cookie(&response, "oidc_state").expect("the state cookie");
        let started = body(response).await;
        let url = started["data"]["authorization_url"].as_str().unwrap();
        let answer = self.provider.authorize(url, sub).await;
        self.callback(app, &answer, Some(&cookie)).await
    }

    /// A person at the provider with a fresh subject and address.
    pub async fn new_person(&self, verified: bool) -> (String, String) {
        let sub = unique("person-");
        let email = format!("{sub}@example.org");
        self.provider.add_account(&sub, &email, verified).await;
        (sub, email)
    }
}

/// What the sign-in page is told: `local_login` and the enabled providers.
pub async fn sign_in_options(app: &TestApp) -> Value {
    let response = app
        .http
        .get(app.url("/api/auth/oidc/providers"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await["data"].clone()
}

/// The session a signed-in callback started: refreshed with its cookie.
pub async fn session_of(app: &TestApp, response: &Response) -> Value {
    let token = set_cookie(response, "refresh_token").expect("a refresh cookie");
    let refreshed = app.refresh(&token).await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    body(refreshed).await
}

/// The linked identities and sign-in methods of whoever holds `access`.
pub async fn sign_in_methods(app: &TestApp, access: &str) -> Value {
    let response = app.get("/api/auth/oidc/identities", access).await;
    assert_eq!(response.status(), StatusCode::OK);
    body(response).await["data"].clone()
}
