//! `spawn_app()`: a fresh database (cloned from a migrated template), fresh queues
//! in the emulator, and the real local server on port 0, plus helpers that read
//! like what a user does.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_sdk_sqs::config::{Credentials, Region};
use local::provision::{self, Resources};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use shared::AppState;
use shared::config::Config;
use shared::email::EmailTransport;
use shared::state::AwsClients;
use uuid::Uuid;

pub use crate::mail::{Emulator, SentEmail, emulator_url};
use crate::proxy::TcpProxy;

/// A password that meets the policy.
pub const PASSWORD: &str = "Correct-Horse-9";
/// The app's `DATA_ENCRYPTION_KEY` (32 bytes in base64).
pub const TEST_DATA_KEY: &str = "dGVzdC1kYXRhLWtleS10aGF0LWlzLTMyLWJ5dGVzISE=";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests through local/test.sh, which starts PostgreSQL and the AWS emulator")
    })
}

fn admin_url() -> String {
    env("TEST_DATABASE_ADMIN_URL")
}

fn url_for_database(name: &str) -> String {
    let admin = admin_url();
    let (base, _) = admin.rsplit_once('/').expect("a database URL with a path");
    format!("{base}/{name}")
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    tokio::spawn(connection);
    client
}

/// The migrated template every test database is cloned from; made once per run.
fn template_database() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Runtime::new().unwrap().block_on(async {
                let name = format!("test_template_{}", std::process::id());
                let admin = connect(&admin_url()).await;
                drop_databases_of_finished_runs(&admin).await;
                admin
                    .batch_execute(&format!("drop database if exists {name}"))
                    .await
                    .unwrap();
                admin
                    .batch_execute(&format!("create database {name}"))
                    .await
                    .unwrap();
                migrate::run(&url_for_database(&name))
                    .await
                    .expect("migrations apply");
                name
            })
        })
        .join()
        .unwrap()
    })
}

/// The process that made test database `name` (`test_template_<pid>`,
/// `test_<pid>_<uuid>`).
fn maker_of(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("test_")?;
    let rest = rest.strip_prefix("template_").unwrap_or(rest);
    rest.split('_').next()?.parse().ok()
}

/// Drops the databases earlier test runs left behind (every test clones one,
/// and nothing drops it when the run ends), so a developer's disk does not
/// fill up run after run. Databases of a run still going are kept.
async fn drop_databases_of_finished_runs(admin: &tokio_postgres::Client) {
    let Ok(rows) = admin
        .query(
            "select datname from pg_database where datname like 'test\\_%'",
            &[],
        )
        .await
    else {
        return;
    };
    for row in rows {
        let name: String = row.get(0);
        let finished = match maker_of(&name) {
            Some(pid) => pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists(),
            // Named before databases carried their run: in use means not finished.
            None => true,
        };
        if finished {
            // Refused while someone is connected; that database is left alone.
            let _ = admin
                .batch_execute(&format!("drop database if exists \"{name}\""))
                .await;
        }
    }
}

async fn fresh_database() -> String {
    let template = template_database();
    let name = format!("test_{}_{}", std::process::id(), Uuid::new_v4().simple());
    let admin = connect(&admin_url()).await;
    let mut tries = 0;
    loop {
        match admin
            .batch_execute(&format!("create database {name} template {template}"))
            .await
        {
            Ok(()) => break,
            // Two clones at the same instant can collide on the template's lock.
            Err(e) if tries < 20 => {
                tries += 1;
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot clone the template database: {e}"),
        }
    }
    name
}

pub async fn sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test-secret", None, None, "tests"))
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(Duration::from_secs(5))
                .build(),
        )
        .load()
        .await
}

/// What a test may change about the app it spawns.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub auth_rate_limit: u32,
    /// Route the app's SQS traffic through a proxy the test can cut.
    pub sqs_proxy: bool,
    /// Reuse another app's database (several instances of one deployment).
    pub database: Option<String>,
    /// `TRUSTED_PROXIES`: address ranges whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Option<String>,
    /// `REPRESENT_API_URL`: where representatives are looked up when no import knows a postal code.
    pub represent_api_url: Option<String>,
    /// Further variables, set last (the map's keys and geocoder).
    pub env: Vec<(&'static str, String)>,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            auth_rate_limit: 1000,
            sqs_proxy: false,
            database: None,
            trusted_proxies: None,
            represent_api_url: None,
            env: Vec::new(),
        }
    }
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub http: reqwest::Client,
    pub state: AppState,
    pub setup_token: String,
    pub database: String,
    pub resources: Resources,
    /// Present when spawned with `sqs_proxy`.
    pub sqs_proxy: Option<TcpProxy>,
    /// The SUPER_ADMIN, once registered (see [`TestApp::register_admin`]).
    admin: tokio::sync::OnceCell<TestUser>,
    _server: local::Server,
}

/// A registered user and their session.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Uuid,
    pub username: String,
    pub email: String,
    pub access: String,
    pub refresh: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(AppOptions::default()).await
}

pub async fn spawn_app_with(options: AppOptions) -> TestApp {
    let database = match options.database {
        Some(name) => name,
        None => fresh_database().await,
    };
    let emulator = emulator_url();
    let sdk = sdk_config(&emulator).await;
    let aws = AwsClients::from_sdk_config(&sdk);
    let prefix = format!("t{}-", &Uuid::new_v4().simple().to_string()[..12]);
    let resources = provision::ensure(
        &aws,
        &provision::Spec {
            bucket: "test-media".into(),
            queue_prefix: prefix,
            visibility_timeout_secs: 2,
            max_receive_count: 5,
            ses_sender: (!crate::mail::smtp()).then(|| "noreply@fleet.test".into()),
            site_origin: "http://127.0.0.1".into(),
        },
    )
    .await
    .expect("the emulator accepts the resources");

    let (aws, sqs_proxy) = if options.sqs_proxy {
        let target: SocketAddr = emulator
            .trim_start_matches("http://")
            .parse()
            .expect("emulator address");
        let proxy = TcpProxy::start(target).await;
        let sqs_config = aws_sdk_sqs::config::Builder::from(&sdk)
            .endpoint_url(format!("http://{}", proxy.addr))
            .build();
        let aws = aws.with_sqs(aws_sdk_sqs::Client::from_conf(sqs_config));
        (aws, Some(proxy))
    } else {
        (aws, None)
    };

    let setup_token = format!("setup-{}", Uuid::new_v4().simple());
    let vars: HashMap<String, String> = [
        ("DATABASE_URL", url_for_database(&database)),
        (
            "JWT_SECRET",
            "test-jwt-secret-that-is-long-enough-0123456789".to_string(),
        ),
        ("SETUP_TOKEN", setup_token.clone()),
        ("MEDIA_BUCKET", "test-media".to_string()),
        ("EMAIL_QUEUE_URL", resources.email_queue_url.clone()),
        ("EMAIL_DLQ_URL", resources.email_dlq_url.clone()),
        ("EXPORT_QUEUE_URL", resources.export_queue_url.clone()),
        ("GEOCODE_QUEUE_URL", resources.geocode_queue_url.clone()),
        ("DATA_ENCRYPTION_KEY", TEST_DATA_KEY.to_string()),
        ("VIDEO_QUEUE_URL", resources.video_queue_url.clone()),
        ("EMAIL_FROM", "noreply@fleet.test".to_string()),
        ("PUBLIC_BASE_URL", "http://127.0.0.1:5173".to_string()),
        (
            "AUTH_RATE_LIMIT_PER_MINUTE",
            options.auth_rate_limit.to_string(),
        ),
        ("DB_POOL_MAX_SIZE", "4".to_string()),
        (
            "TRUSTED_PROXIES",
            options.trusted_proxies.clone().unwrap_or_default(),
        ),
        (
            "REPRESENT_API_URL",
            options.represent_api_url.clone().unwrap_or_default(),
        ),
    ]
    .into_iter()
    // The email transport of the run (local/test.sh's SMTP pass sets these).
    .chain(
        ["EMAIL_TRANSPORT", "SMTP_URL", "SMTP_CA_FILE"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok().map(|value| (name, value))),
    )
    .chain(options.env.iter().map(|(k, v)| (*k, v.clone())))
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = Config::from_vars(vars).expect("test configuration is valid");
    let state = AppState::new(config, aws).expect("state builds");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = local::start(
        listener,
        state.clone(),
        local::Options {
            spa_dir: None,
            storage_origin: None,
            poll_wait_secs: 1,
            scheduler_every: None,
        },
        std::future::pending(),
    )
    .unwrap();
    TestApp {
        addr: server.addr,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        state,
        setup_token,
        database,
        resources,
        sqs_proxy,
        admin: tokio::sync::OnceCell::new(),
        _server: server,
    }
}

/// Reads a response as JSON (or `null` for an empty body).
pub async fn body(response: Response) -> Value {
    let text = response.text().await.unwrap();
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

/// Asserts status and error code of a failed response, returning its body.
pub async fn expect_error(response: Response, status: StatusCode, code: &str) -> Value {
    let actual = response.status();
    let json = body(response).await;
    assert_eq!(actual, status, "unexpected status, body: {json}");
    assert_eq!(json["code"], code, "unexpected code, body: {json}");
    assert!(
        json["error"].as_str().is_some_and(|e| !e.is_empty()),
        "no message: {json}"
    );
    assert!(json["details"].is_object(), "no details object: {json}");
    json
}

pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", &Uuid::new_v4().simple().to_string()[..10])
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn post(&self, path: &str, json: Value) -> Response {
        self.http
            .post(self.url(path))
            .json(&json)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_as(&self, path: &str, token: &str, json: Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(&json)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch_as(&self, path: &str, token: &str, json: Value) -> Response {
        self.http
            .patch(self.url(path))
            .bearer_auth(token)
            .json(&json)
            .send()
            .await
            .unwrap()
    }

    /// Registers with a unique username and email derived from `name`, after the
    /// site's SUPER_ADMIN (nobody else may register before it exists).
    pub async fn register(&self, name: &str) -> TestUser {
        self.register_admin().await;
        self.register_with(name, None).await
    }

    /// The SUPER_ADMIN: registered with the setup token on the first call, the
    /// same account on every later one.
    pub async fn register_admin(&self) -> TestUser {
        self.admin
            .get_or_init(|| async {
                let token = self.setup_token.clone();
                self.register_with("admin", Some(&token)).await
            })
            .await
            .clone()
    }

    /// Registers as a person does: with the setup token the account is signed in
    /// at once; on an open site, the link emailed to the address creates it and
    /// the person then signs in.
    async fn register_with(&self, name: &str, setup_token: Option<&str>) -> TestUser {
        let username = unique(&format!("{name}_"));
        let email = format!("{username}@example.org");
        let response = self
            .post(
                "/api/auth/register",
                json!({"username": username, "email": email, "password": PASSWORD, "setup_token": setup_token}),
            )
            .await;
        let session = match response.status() {
            StatusCode::CREATED => body(response).await,
            StatusCode::ACCEPTED => {
                let confirmed = self.confirm_email(&email, 1).await;
                assert_eq!(confirmed.status(), StatusCode::OK);
                let signed_in = self.login(&username, PASSWORD).await;
                assert_eq!(signed_in.status(), StatusCode::OK);
                body(signed_in).await
            }
            other => panic!("registration answered {other}: {}", body(response).await),
        };
        TestUser {
            id: session["data"]["user"]["id"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap(),
            username,
            email,
            access: session["data"]["access_token"].as_str().unwrap().into(),
            refresh: session["data"]["refresh_token"].as_str().unwrap().into(),
        }
    }

    /// The SUPER_ADMIN sets the registration mode (`open`, `invite_only`, `closed`).
    pub async fn set_registration(&self, admin: &TestUser, mode: &str) {
        let response = self
            .patch_as(
                "/api/admin/settings",
                &admin.access,
                json!({"registration": mode}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    /// Opens the `n`th (from 1) address confirmation link emailed to `to`.
    pub async fn confirm_email(&self, to: &str, n: usize) -> Response {
        let token = self
            .wait_for_nth_email(to, "Confirm your", n)
            .await
            .link_param("token");
        self.post("/api/auth/verify-email", json!({"token": token}))
            .await
    }

    pub async fn login(&self, login: &str, password: &str) -> Response {
        self.post(
            "/api/auth/login",
            json!({"login": login, "password": password}),
        )
        .await
    }

    pub async fn refresh(&self, token: &str) -> Response {
        self.post("/api/auth/refresh", json!({"refresh_token": token}))
            .await
    }

    /// A direct connection to this app's database, for checks and sabotage.
    pub async fn db(&self) -> tokio_postgres::Client {
        connect(&url_for_database(&self.database)).await
    }

    /// A connection to the cluster's maintenance database, for sabotage.
    pub async fn admin_db(&self) -> tokio_postgres::Client {
        connect(&admin_url()).await
    }

    /// Runs one scheduler pass now.
    pub async fn tick(&self) -> scheduler::TickReport {
        scheduler::tick(&self.state).await.expect("scheduler tick")
    }

    /// Emails sent to `to`, as the mail service in use recorded them.
    pub async fn sent_emails(&self, to: &str) -> Vec<SentEmail> {
        crate::mail::sent_to(to).await
    }

    /// Where this app's email goes: the AWS emulator (SES) or the SMTP relay.
    pub fn mail_service(&self) -> SocketAddr {
        match &self.state.config.email_transport {
            EmailTransport::Ses => emulator_url()
                .trim_start_matches("http://")
                .parse()
                .expect("emulator address"),
            // The catcher listens on loopback; the URL names it localhost for TLS.
            EmailTransport::Smtp(smtp) => SocketAddr::from(([127, 0, 0, 1], smtp.port)),
        }
    }

    /// Another instance of this app whose mail service says no: SES to a sender
    /// it never verified, the SMTP relay to a wrong password.
    pub fn state_whose_mail_is_refused(&self) -> AppState {
        let mut config = (*self.state.config).clone();
        match &mut config.email_transport {
            EmailTransport::Ses => config.email_from = "Nobody <unverified@elsewhere.test>".into(),
            EmailTransport::Smtp(smtp) => {
                let user = smtp.credentials.as_ref().map(|(user, _)| user.clone());
                smtp.credentials = Some((user.unwrap_or_default(), "wrong-password".into()));
            }
        }
        AppState::new(config, self.state.aws.clone()).expect("state builds")
    }

    /// A second instance of this app whose email goes through `addr` (a proxy in
    /// front of [`TestApp::mail_service`]).
    pub async fn state_with_mail_through(&self, addr: SocketAddr) -> AppState {
        let mut config = (*self.state.config).clone();
        let mut aws = self.state.aws.clone();
        match &mut config.email_transport {
            EmailTransport::Ses => {
                aws = aws.with_ses(
                    AwsClients::from_sdk_config(&sdk_config(&format!("http://{addr}")).await)
                        .ses()
                        .clone(),
                );
            }
            EmailTransport::Smtp(smtp) => smtp.port = addr.port(),
        }
        AppState::new(config, aws).expect("state builds")
    }

    /// Emails the emulator accepted for `to` whose subject contains `subject`,
    /// oldest first.
    pub async fn emails(&self, to: &str, subject: &str) -> Vec<SentEmail> {
        self.sent_emails(to)
            .await
            .into_iter()
            .filter(|e| e.subject.contains(subject))
            .collect()
    }

    /// Waits (up to 20 s) for an email to `to` whose subject contains `subject`.
    pub async fn wait_for_email(&self, to: &str, subject: &str) -> SentEmail {
        self.wait_for_nth_email(to, subject, 1).await
    }

    /// Waits (up to 20 s) for the `n`th email (from 1) to `to` whose subject
    /// contains `subject`.
    pub async fn wait_for_nth_email(&self, to: &str, subject: &str, n: usize) -> SentEmail {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(email) = self.emails(to, subject).await.into_iter().nth(n - 1) {
                return email;
            }
            assert!(
                Instant::now() < deadline,
                "no email \"{subject}\" (number {n}) reached {to}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Every operation an OpenAPI document (as JSON) describes, as `METHOD /path`:
/// what an authorization matrix must cover.
pub fn operations(spec: &Value) -> std::collections::BTreeSet<String> {
    spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k)
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(|k| format!("{} {path}", k.to_uppercase()))
                .collect::<Vec<_>>()
        })
        .collect()
}

impl TestApp {
    /// The status a route answers a caller (`token`, or anonymous) from client
    /// address `ip`; a POST without a body sends `{}`.
    pub async fn status_as(
        &self,
        method: &reqwest::Method,
        path: &str,
        body_json: &Value,
        ip: &str,
        token: Option<&str>,
    ) -> u16 {
        let mut request = self
            .http
            .request(method.clone(), self.url(path))
            .header("x-forwarded-for", ip);
        if !body_json.is_null() {
            request = request.json(body_json);
        } else if *method == reqwest::Method::POST {
            request = request.json(&json!({}));
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap().status().as_u16()
    }
}

/// Polls `GET path` as `token` until its `data.status` is `ready` or `failed`
/// (at most 60 s): the record a worker finished.
pub async fn wait_until_finished(app: &TestApp, token: &str, path: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let json = body(app.get(path, token).await).await;
        let status = json["data"]["status"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if status == "ready" || status == "failed" {
            return json["data"].clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {status}: {json}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
