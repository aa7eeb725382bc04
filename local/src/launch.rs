//! How the `local` server is launched, read from the environment before anything
//! starts: where it listens, how long shutdown may drain, how it logs, and which
//! mode it runs in.
//!
//! `FLEET_ENV=production` is the self-host mode of `infra/README.md` ("One box").
//! In it the server refuses to start unless the settings a development machine
//! gets away with are replaced: every problem is reported at once, naming the
//! variable and never its value. Unset (or `development`), nothing is checked and
//! the server behaves as `local/run.sh` expects.

use std::collections::HashMap;
use std::time::Duration;

use shared::config::LogFormat;

/// Values a development machine, a test or an example file uses; a production
/// secret must not contain any of them.
const PLACEHOLDERS: [&str; 6] = [
    "change-me",
    "changeme",
    "replace-me",
    "example",
    "test-jwt-secret",
    "development",
];

/// Fewest characters of a production setup token (configuration asks for 16).
const SETUP_TOKEN_MIN: usize = 24;

/// Which behaviour the operator chose (`FLEET_ENV`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

/// Where and how the server runs; built only from settings that passed the
/// checks of its mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub mode: Mode,
    /// `HOST`, default `127.0.0.1` (behind a proxy on the same box).
    pub host: String,
    /// `PORT`, default 3000.
    pub port: u16,
    /// `DRAIN_TIMEOUT_SECS` (default 20): how long shutdown waits for in-flight
    /// requests and queue batches before it gives up on them.
    pub drain_timeout: Duration,
    /// Text in development (a terminal); `LOG_FORMAT`, default JSON, in production.
    pub log_format: LogFormat,
}

/// One reason not to start: the variable and what is wrong, never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub variable: &'static str,
    pub reason: &'static str,
}

/// Every reason not to start, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refusing to start; fix these settings:")?;
        for problem in &self.0 {
            write!(f, "\n  - {}: {}", problem.variable, problem.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl Launch {
    /// Reads the launch settings, and in production checks the secrets and
    /// public settings the rest of the configuration would accept as they are.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, Problems> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        let mut problems = Vec::new();
        let mut problem = |variable, reason| problems.push(Problem { variable, reason });
        let mode = match get("FLEET_ENV") {
            None | Some("development") => Mode::Development,
            Some("production") => Mode::Production,
            Some(_) => {
                problem("FLEET_ENV", "expected production or development");
                Mode::Production
            }
        };
        let port = get("PORT").map_or(Some(3000), |p| p.parse().ok());
        if port.is_none() {
            problem("PORT", "expected a port number");
        }
        let drain = get("DRAIN_TIMEOUT_SECS").map_or(Some(20), |s| s.parse().ok());
        if drain.is_none() {
            problem("DRAIN_TIMEOUT_SECS", "expected whole seconds");
        }
        let log_format = match (mode, get("LOG_FORMAT")) {
            (Mode::Development, _) => LogFormat::Text,
            (Mode::Production, None | Some("json")) => LogFormat::Json,
            (Mode::Production, Some("text")) => LogFormat::Text,
            (Mode::Production, Some(_)) => {
                problem("LOG_FORMAT", "expected json or text");
                LogFormat::Json
            }
        };
        if mode == Mode::Production {
            for (variable, reason) in production_problems(&get) {
                problem(variable, reason);
            }
        }
        match (port, drain) {
            (Some(port), Some(drain)) if problems.is_empty() => Ok(Self {
                mode,
                host: get("HOST").unwrap_or("127.0.0.1").to_string(),
                port,
                drain_timeout: Duration::from_secs(drain),
                log_format,
            }),
            _ => Err(Problems(problems)),
        }
    }
}

/// What production refuses that development accepts.
fn production_problems<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Vec<(&'static str, &'static str)> {
    let mut found = Vec::new();
    match get("JWT_SECRET") {
        None => found.push(("JWT_SECRET", "required")),
        Some(secret) if secret.len() < 32 => {
            found.push(("JWT_SECRET", "must be at least 32 bytes"));
        }
        Some(secret) if looks_made_up(secret) => {
            found.push((
                "JWT_SECRET",
                "is a development or example value; generate one (openssl rand -base64 48)",
            ));
        }
        Some(_) => {}
    }
    match get("DATA_ENCRYPTION_KEY") {
        None => found.push((
            "DATA_ENCRYPTION_KEY",
            "required: 32 random bytes in base64 (openssl rand -base64 32)",
        )),
        Some(key) if is_placeholder(key) => found.push((
            "DATA_ENCRYPTION_KEY",
            "is an example value; generate one (openssl rand -base64 32)",
        )),
        Some(_) => {}
    }
    if get("COOKIE_SECURE").is_some_and(|v| v != "true") {
        found.push((
            "COOKIE_SECURE",
            "must be true (or unset): the site is served over https",
        ));
    }
    match get("PUBLIC_BASE_URL").map(url::Url::parse) {
        None => found.push((
            "PUBLIC_BASE_URL",
            "required: the https:// address of the site",
        )),
        Some(Ok(url)) if url.scheme() == "https" && url.has_host() => {}
        Some(_) => found.push(("PUBLIC_BASE_URL", "must be an https:// URL")),
    }
    match get("SETUP_TOKEN") {
        // Unset: nobody can claim the first account, which is safe.
        None => {}
        Some(token) if token.len() < SETUP_TOKEN_MIN => {
            found.push((
                "SETUP_TOKEN",
                "must be at least 24 characters (or unset once the first administrator exists)",
            ));
        }
        Some(token) if looks_made_up(token) => {
            found.push((
                "SETUP_TOKEN",
                "is a development or example value; generate one (openssl rand -hex 24)",
            ));
        }
        Some(_) => {}
    }
    found
}

/// A placeholder, or too repetitive to be random.
fn looks_made_up(secret: &str) -> bool {
    let mut distinct: Vec<u8> = secret.bytes().collect();
    distinct.sort_unstable();
    distinct.dedup();
    is_placeholder(secret) || distinct.len() < 10
}

fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    PLACEHOLDERS.iter().any(|p| lower.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "q8Zr1vN3xK0pT6wY2bE9mH4sJ7cL5aD0fG8uR3iO";
    const TOKEN: &str = "9f2c6b1e8a4d7f3c0b5e2a9d";

    fn production() -> HashMap<String, String> {
        [
            ("FLEET_ENV", "production"),
            ("JWT_SECRET", JWT),
            (
                "DATA_ENCRYPTION_KEY",
                "dGVzdC1kYXRhLWtleS10aGF0LWlzLTMyLWJ5dGVzISE=",
            ),
            ("PUBLIC_BASE_URL", "https://fleet.example.org"),
            ("SETUP_TOKEN", TOKEN),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn variables(vars: HashMap<String, String>) -> Vec<&'static str> {
        let Err(Problems(problems)) = Launch::from_vars(&vars) else {
            panic!("started with {vars:?}");
        };
        problems.iter().map(|p| p.variable).collect()
    }

    #[test]
    fn development_checks_nothing_and_logs_text() {
        let launch = Launch::from_vars(&HashMap::new()).unwrap();
        assert_eq!(
            launch,
            Launch {
                mode: Mode::Development,
                host: "127.0.0.1".into(),
                port: 3000,
                drain_timeout: Duration::from_secs(20),
                log_format: LogFormat::Text,
            }
        );
        let mut vars = HashMap::new();
        vars.insert("COOKIE_SECURE".to_string(), "false".to_string());
        vars.insert("LOG_FORMAT".to_string(), "json".to_string());
        assert_eq!(
            Launch::from_vars(&vars).unwrap().log_format,
            LogFormat::Text
        );
    }

    #[test]
    fn production_starts_with_real_secrets_and_logs_json() {
        let mut vars = production();
        vars.insert("HOST".into(), "0.0.0.0".into());
        vars.insert("PORT".into(), "8080".into());
        vars.insert("DRAIN_TIMEOUT_SECS".into(), "45".into());
        let launch = Launch::from_vars(&vars).unwrap();
        assert_eq!(launch.mode, Mode::Production);
        assert_eq!((launch.host.as_str(), launch.port), ("0.0.0.0", 8080));
        assert_eq!(launch.drain_timeout, Duration::from_secs(45));
        assert_eq!(launch.log_format, LogFormat::Json);
        vars.remove("SETUP_TOKEN");
        assert!(
            Launch::from_vars(&vars).is_ok(),
            "no setup token: nobody can claim the site"
        );
    }

    #[test]
    fn production_lists_every_problem_at_once() {
        let vars: HashMap<String, String> = [
            ("FLEET_ENV", "production"),
            ("JWT_SECRET", "short"),
            ("COOKIE_SECURE", "false"),
            ("PUBLIC_BASE_URL", "http://fleet.example.org"),
            ("SETUP_TOKEN", "abc"),
            ("PORT", "http"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            variables(vars),
            [
                "PORT",
                "JWT_SECRET",
                "DATA_ENCRYPTION_KEY",
                "COOKIE_SECURE",
                "PUBLIC_BASE_URL",
                "SETUP_TOKEN"
            ]
        );
    }

    #[test]
    fn production_refuses_development_and_example_values() {
        let cases = [
            (
                "JWT_SECRET",
                "test-jwt-secret-that-is-long-enough-0123456789",
            ),
            ("JWT_SECRET", "change-me-change-me-change-me-change-me"),
            ("JWT_SECRET", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            ("SETUP_TOKEN", "CHANGE-ME-to-a-random-token-of-24"),
            ("DATA_ENCRYPTION_KEY", "CHANGE-ME"),
            ("PUBLIC_BASE_URL", "fleet.example.org"),
            ("COOKIE_SECURE", "0"),
            ("LOG_FORMAT", "xml"),
            ("FLEET_ENV", "prod"),
            ("DRAIN_TIMEOUT_SECS", "soon"),
        ];
        for (name, value) in cases {
            let mut vars = production();
            vars.insert(name.into(), value.into());
            assert_eq!(variables(vars), [name], "{name}={value}");
        }
        for name in ["JWT_SECRET", "DATA_ENCRYPTION_KEY", "PUBLIC_BASE_URL"] {
            let mut vars = production();
            vars.remove(name);
            assert_eq!(variables(vars), [name], "without {name}");
        }
    }

    #[test]
    fn the_example_environment_file_is_refused_until_filled_in() {
        let example = include_str!("../../infra/selfhost/fleet.env.example");
        let vars: HashMap<String, String> = example
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(vars["FLEET_ENV"], "production");
        assert_eq!(
            variables(vars),
            ["JWT_SECRET", "DATA_ENCRYPTION_KEY", "SETUP_TOKEN"]
        );
    }

    #[test]
    fn the_message_names_variables_but_never_their_values() {
        let mut vars = production();
        vars.insert("SETUP_TOKEN".into(), "change-me-setup-token-value".into());
        vars.insert(
            "JWT_SECRET".into(),
            "example-jwt-secret-value-of-forty-chars!".into(),
        );
        let Err(problems) = Launch::from_vars(&vars) else {
            panic!("started");
        };
        let shown = problems.to_string();
        assert!(
            shown.contains("SETUP_TOKEN") && shown.contains("JWT_SECRET"),
            "{shown}"
        );
        assert!(
            !shown.contains("setup-token-value") && !shown.contains("jwt-secret-value"),
            "{shown}"
        );
    }
}
