//! Typed configuration, read once from environment variables at cold start.
//! A missing or malformed value stops start-up with a message naming the variable.
//! AWS endpoints, region and credentials are read by the AWS SDK itself from its
//! standard variables (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`, `AWS_REGION`, ...).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::client_ip::TrustedProxies;
use crate::crypto::Keyring;
use crate::email::EmailTransport;

/// A configuration problem, naming the variable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is required but not set")]
    Missing(&'static str),
    #[error("environment variable {name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// Everything a function needs to know about its environment.
#[derive(Clone)]
pub struct Config {
    /// PostgreSQL connection URL.
    pub database_url: String,
    /// Most connections one instance keeps (Lambda serves one request at a time).
    pub db_pool_max_size: usize,
    /// How long to wait for a connection before answering 503.
    pub db_timeout: Duration,
    /// HS256 key for access tokens, at least 32 bytes.
    pub jwt_secret: Vec<u8>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    /// Lets the first account become SUPER_ADMIN; unset means nobody can claim it.
    pub setup_token: Option<String>,
    /// Bucket for media, avatars and attachments.
    pub media_bucket: String,
    /// Queue for email jobs and its dead-letter queue.
    pub email_queue_url: String,
    pub email_dlq_url: Option<String>,
    /// Queue for export jobs.
    pub export_queue_url: String,
    /// Queue for geocoding jobs (the map's addresses).
    pub geocode_queue_url: String,
    /// Queue for video jobs (probe, thumbnail) of the Media module.
    pub video_queue_url: String,
    /// Directory holding `ffprobe` and `ffmpeg` for the video worker; unset, they
    /// are looked up on `PATH` (Debian's package locally, `/opt/bin` of the
    /// ffmpeg Lambda layer on AWS).
    pub ffmpeg_dir: Option<String>,
    /// Sender of every email: an address, or `Name <address>`.
    pub email_from: String,
    /// How email leaves: SES or an SMTP relay (`EMAIL_TRANSPORT`, `SMTP_URL`).
    pub email_transport: EmailTransport,
    /// Where the SPA is served; links in emails point here.
    pub public_base_url: String,
    /// Whether the refresh cookie carries `Secure`.
    pub cookie_secure: bool,
    /// The keys of columns encrypted at rest (`DATA_ENCRYPTION_KEY`, and
    /// `DATA_ENCRYPTION_KEY_PREVIOUS` during a rotation); unset, functions that
    /// store such columns answer 503.
    pub data_keys: Option<Arc<Keyring>>,
    /// The map's settings (`MAP_*`, `GEOCODER*`).
    pub map: MapConfig,
    /// Requests per minute per client IP on `/api/auth/*`.
    pub auth_rate_limit_per_minute: u32,
    /// `json` for CloudWatch, `text` for a terminal.
    pub log_format: LogFormat,
    /// Requests slower than this are logged at warn level (`SLOW_REQUEST_MS`);
    /// faster successful ones only at debug.
    pub slow_request: Duration,
    /// Proxies (a CDN) whose `X-Forwarded-For` names the client; empty: none.
    pub trusted_proxies: TrustedProxies,
    /// Base URL of an Open North Represent API (`https://represent.opennorth.ca`)
    /// asked for the representatives of a postal code the imported data does not
    /// know; unset (the default), no provider is asked.
    pub represent_api_url: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Secrets are deliberately left out.
        f.debug_struct("Config")
            .field("db_pool_max_size", &self.db_pool_max_size)
            .field("jwt_issuer", &self.jwt_issuer)
            .field("media_bucket", &self.media_bucket)
            .field("email_queue_url", &self.email_queue_url)
            .field("email_transport", &self.email_transport)
            .field("public_base_url", &self.public_base_url)
            .finish_non_exhaustive()
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Text,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(std::env::vars().collect())
    }

    /// Reads from a map of variables (the environment, or a test's own).
    pub fn from_vars(vars: HashMap<String, String>) -> Result<Self, ConfigError> {
        let env = Vars(&vars);
        let jwt_secret = env.required("JWT_SECRET")?.into_bytes();
        if jwt_secret.len() < 32 {
            return Err(ConfigError::Invalid {
                name: "JWT_SECRET",
                reason: "must be at least 32 bytes".into(),
            });
        }
        let setup_token = env.optional("SETUP_TOKEN");
        if let Some(token) = &setup_token
            && token.len() < 16
        {
            return Err(ConfigError::Invalid {
                name: "SETUP_TOKEN",
                reason: "must be at least 16 characters".into(),
            });
        }
        let database_url = env.required("DATABASE_URL")?;
        if !(database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                reason: "must start with postgres:// or postgresql://".into(),
            });
        }
        let public_base_url = env
            .optional("PUBLIC_BASE_URL")
            .unwrap_or_else(|| "http://127.0.0.1:3000".into())
            .trim_end_matches('/')
            .to_string();
        let log_format = match env.optional("LOG_FORMAT").as_deref() {
            None | Some("json") => LogFormat::Json,
            Some("text") => LogFormat::Text,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    reason: format!("expected json or text, got {other:?}"),
                });
            }
        };
        Ok(Self {
            database_url,
            db_pool_max_size: env.parsed("DB_POOL_MAX_SIZE", 2)?,
            db_timeout: Duration::from_millis(env.parsed("DB_TIMEOUT_MS", 5_000)?),
            jwt_secret,
            jwt_issuer: env.optional("JWT_ISSUER").unwrap_or_else(|| "fleet".into()),
            jwt_audience: env
                .optional("JWT_AUDIENCE")
                .unwrap_or_else(|| "fleet-api".into()),
            setup_token,
            media_bucket: env.required("MEDIA_BUCKET")?,
            email_queue_url: env.required("EMAIL_QUEUE_URL")?,
            email_dlq_url: env.optional("EMAIL_DLQ_URL"),
            export_queue_url: env.required("EXPORT_QUEUE_URL")?,
            geocode_queue_url: env.required("GEOCODE_QUEUE_URL")?,
            video_queue_url: env.required("VIDEO_QUEUE_URL")?,
            ffmpeg_dir: env.optional("FFMPEG_DIR"),
            email_from: env.required("EMAIL_FROM")?,
            email_transport: email_transport(&vars)?,
            cookie_secure: env.parsed("COOKIE_SECURE", true)?,
            data_keys: data_keys(&env)?,
            map: MapConfig::from_vars(&env)?,
            auth_rate_limit_per_minute: env.parsed("AUTH_RATE_LIMIT_PER_MINUTE", 10)?,
            public_base_url,
            log_format,
            slow_request: Duration::from_millis(env.parsed("SLOW_REQUEST_MS", 500)?),
            trusted_proxies: TrustedProxies::parse(
                &env.optional("TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|reason| ConfigError::Invalid {
                name: "TRUSTED_PROXIES",
                reason,
            })?,
            represent_api_url: env.base_url("REPRESENT_API_URL")?,
        })
    }
}

fn data_keys(env: &Vars<'_>) -> Result<Option<Arc<Keyring>>, ConfigError> {
    let Some(current) = env.optional("DATA_ENCRYPTION_KEY") else {
        return Ok(None);
    };
    let previous = env.optional("DATA_ENCRYPTION_KEY_PREVIOUS");
    Keyring::from_base64(&current, previous.as_deref())
        .map(|keys| Some(Arc::new(keys)))
        .map_err(|(is_current, reason)| ConfigError::Invalid {
            name: if is_current {
                "DATA_ENCRYPTION_KEY"
            } else {
                "DATA_ENCRYPTION_KEY_PREVIOUS"
            },
            reason,
        })
}

/// The map's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MapConfig {
    /// The tile URL template the SPA's maps load (`MAP_TILE_URL`); tiles come
    /// from outside, so this is configuration. Default: OpenStreetMap's.
    pub tile_url: String,
    /// The attribution shown with those tiles (`MAP_TILE_ATTRIBUTION`).
    pub tile_attribution: String,
    /// Two locations of one unit closer than this many metres are one
    /// household (`MAP_DEDUP_RADIUS_METERS`, default 15).
    pub dedup_radius_m: f64,
    /// Which geocoder the geocode worker asks (`GEOCODER`): `offline` (the
    /// imported address points, the default) or `nominatim`.
    pub geocoder: Geocoder,
}

/// Where addresses become points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Geocoder {
    /// The address points imported into the database.
    Offline,
    /// A Nominatim server at this base URL (`GEOCODER_URL`).
    Nominatim { base_url: String },
}

impl MapConfig {
    /// The origin the map's tiles come from (`https://tile.openstreetmap.org`),
    /// which the SPA's Content Security Policy lets images load from.
    pub fn tile_origin(&self) -> Option<String> {
        let url = url::Url::parse(&self.tile_url.replace(['{', '}'], "")).ok()?;
        let origin = url.origin();
        origin.is_tuple().then(|| origin.ascii_serialization())
    }

    fn from_vars(env: &Vars<'_>) -> Result<Self, ConfigError> {
        let dedup_radius_m: f64 = env.parsed("MAP_DEDUP_RADIUS_METERS", 15.0)?;
        if !(0.0..=1000.0).contains(&dedup_radius_m) {
            return Err(ConfigError::Invalid {
                name: "MAP_DEDUP_RADIUS_METERS",
                reason: "expected metres between 0 and 1000".into(),
            });
        }
        let geocoder = match env.optional("GEOCODER").as_deref() {
            None | Some("offline") => Geocoder::Offline,
            Some("nominatim") => Geocoder::Nominatim {
                base_url: env
                    .base_url("GEOCODER_URL")?
                    .ok_or(ConfigError::Missing("GEOCODER_URL"))?,
            },
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "GEOCODER",
                    reason: format!("expected offline or nominatim, got {other:?}"),
                });
            }
        };
        Ok(Self {
            tile_url: env
                .optional("MAP_TILE_URL")
                .unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
            tile_attribution: env.optional("MAP_TILE_ATTRIBUTION").unwrap_or_else(|| {
                "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors".into()
            }),
            dedup_radius_m,
            geocoder,
        })
    }
}

/// How email leaves, from `EMAIL_TRANSPORT` and `SMTP_URL` alone: the local
/// runner asks before it provisions, to know whether SES needs a sender identity.
pub fn email_transport(vars: &HashMap<String, String>) -> Result<EmailTransport, ConfigError> {
    let env = Vars(vars);
    EmailTransport::from_vars(
        env.optional("EMAIL_TRANSPORT").as_deref(),
        env.optional("SMTP_URL").as_deref(),
        env.optional("SMTP_CA_FILE").as_deref(),
    )
}

struct Vars<'a>(&'a HashMap<String, String>);

impl Vars<'_> {
    fn optional(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// An optional `http(s)://` base URL, without its trailing slash.
    fn base_url(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        let Some(raw) = self.optional(name) else {
            return Ok(None);
        };
        match url::Url::parse(&raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
                Ok(Some(raw.trim_end_matches('/').to_string()))
            }
            _ => Err(ConfigError::Invalid {
                name,
                reason: "expected an http:// or https:// URL".into(),
            }),
        }
    }

    fn required(&self, name: &'static str) -> Result<String, ConfigError> {
        self.optional(name).ok_or(ConfigError::Missing(name))
    }

    fn parsed<T>(&self, name: &'static str, default: T) -> Result<T, ConfigError>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        match self.optional(name) {
            None => Ok(default),
            Some(raw) => raw.parse().map_err(|e: T::Err| ConfigError::Invalid {
                name,
                reason: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> HashMap<String, String> {
        [
            ("DATABASE_URL", "postgres://app@127.0.0.1:5432/app"),
            ("JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("MEDIA_BUCKET", "media"),
            (
                "EMAIL_QUEUE_URL",
                "http://127.0.0.1:4566/000000000000/email-jobs",
            ),
            ("EMAIL_FROM", "noreply@example.org"),
            (
                "EXPORT_QUEUE_URL",
                "http://127.0.0.1:4566/000000000000/export-jobs",
            ),
            (
                "GEOCODE_QUEUE_URL",
                "http://127.0.0.1:4566/000000000000/geocode-jobs",
            ),
            (
                "VIDEO_QUEUE_URL",
                "http://127.0.0.1:4566/000000000000/video-jobs",
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn reads_a_complete_environment_with_defaults() {
        let config = Config::from_vars(base()).unwrap();
        assert_eq!(config.db_pool_max_size, 2);
        assert_eq!(config.auth_rate_limit_per_minute, 10);
        assert!(config.cookie_secure);
        assert_eq!(config.setup_token, None);
        assert_eq!(config.log_format, LogFormat::Json);
        assert_eq!(config.email_transport, EmailTransport::Ses);
        assert_eq!(
            config.represent_api_url, None,
            "no provider unless asked for"
        );
    }

    #[test]
    fn smtp_is_chosen_by_one_variable_and_needs_its_url() {
        let mut vars = base();
        vars.insert("EMAIL_TRANSPORT".into(), "smtp".into());
        let err = Config::from_vars(vars.clone()).unwrap_err();
        assert!(matches!(err, ConfigError::Missing("SMTP_URL")), "{err}");
        vars.insert(
            "SMTP_URL".into(),
            "smtp://fleet:secret@127.0.0.1:2525?tls=none".into(),
        );
        let config = Config::from_vars(vars).unwrap();
        let EmailTransport::Smtp(smtp) = config.email_transport else {
            panic!("not smtp: {:?}", config.email_transport);
        };
        assert_eq!((smtp.host.as_str(), smtp.port), ("127.0.0.1", 2525));
    }

    #[test]
    fn the_data_key_is_optional_and_must_be_32_bytes() {
        assert!(Config::from_vars(base()).unwrap().data_keys.is_none());
        let mut vars = base();
        vars.insert(
            "DATA_ENCRYPTION_KEY".into(),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".into(),
        );
        assert!(Config::from_vars(vars.clone()).unwrap().data_keys.is_some());
        vars.insert("DATA_ENCRYPTION_KEY_PREVIOUS".into(), "c2hvcnQ=".into());
        let err = Config::from_vars(vars).unwrap_err();
        assert!(
            err.to_string().contains("DATA_ENCRYPTION_KEY_PREVIOUS"),
            "{err}"
        );
    }

    #[test]
    fn the_map_has_defaults_and_refuses_bad_settings() {
        let config = Config::from_vars(base()).unwrap();
        assert_eq!(config.map.geocoder, Geocoder::Offline);
        assert_eq!(config.map.dedup_radius_m, 15.0);
        assert!(config.data_keys.is_none(), "no key unless configured");
        assert_eq!(
            config.map.tile_origin().as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        let mut vars = base();
        vars.insert(
            "MAP_TILE_URL".into(),
            "http://127.0.0.1:8080/{z}/{x}/{y}.png".into(),
        );
        vars.insert("GEOCODER".into(), "nominatim".into());
        vars.insert(
            "GEOCODER_URL".into(),
            "https://nominatim.example.org/".into(),
        );
        let config = Config::from_vars(vars).unwrap();
        assert_eq!(
            config.map.tile_origin().as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            config.map.geocoder,
            Geocoder::Nominatim {
                base_url: "https://nominatim.example.org".into()
            }
        );
        for (name, value) in [
            ("MAP_DEDUP_RADIUS_METERS", "-1"),
            ("GEOCODER", "google"),
            ("DATA_ENCRYPTION_KEY", "c2hvcnQ="),
        ] {
            let mut vars = base();
            vars.insert(name.into(), value.into());
            let err = Config::from_vars(vars).unwrap_err();
            assert!(err.to_string().contains(name), "{err}");
        }
        let mut vars = base();
        vars.insert("GEOCODER".into(), "nominatim".into());
        let err = Config::from_vars(vars).unwrap_err();
        assert!(err.to_string().contains("GEOCODER_URL"), "{err}");
    }

    #[test]
    fn names_the_missing_variable() {
        for name in [
            "DATABASE_URL",
            "JWT_SECRET",
            "MEDIA_BUCKET",
            "EMAIL_QUEUE_URL",
            "EMAIL_FROM",
            "EXPORT_QUEUE_URL",
            "GEOCODE_QUEUE_URL",
            "VIDEO_QUEUE_URL",
        ] {
            let mut vars = base();
            vars.remove(name);
            let err = Config::from_vars(vars).unwrap_err();
            assert!(err.to_string().contains(name), "{err}");
        }
    }

    #[test]
    fn rejects_malformed_values_naming_them() {
        let cases = [
            ("JWT_SECRET", "short"),
            ("DB_POOL_MAX_SIZE", "many"),
            ("COOKIE_SECURE", "maybe"),
            ("DATABASE_URL", "mysql://x"),
            ("LOG_FORMAT", "xml"),
            ("SETUP_TOKEN", "abc"),
            ("EMAIL_TRANSPORT", "sendmail"),
            ("SMTP_URL", "mail.example.org:587"),
            ("SMTP_URL", "smtp://mail.example.org?tls=maybe"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, not-a-range"),
            ("REPRESENT_API_URL", "represent.opennorth.ca"),
            ("REPRESENT_API_URL", "ftp://represent.example.org"),
        ];
        for (name, value) in cases {
            let mut vars = base();
            vars.insert("EMAIL_TRANSPORT".into(), "smtp".into());
            vars.insert("SMTP_URL".into(), "smtp://mail.example.org".into());
            vars.insert(name.into(), value.into());
            let err = Config::from_vars(vars).unwrap_err();
            assert!(err.to_string().contains(name), "{name}: {err}");
        }
    }

    #[test]
    fn debug_output_hides_secrets() {
        let mut vars = base();
        vars.insert("SETUP_TOKEN".into(), "setup-token-secret-value".into());
        vars.insert("EMAIL_TRANSPORT".into(), "smtp".into());
        vars.insert(
            "SMTP_URL".into(),
            "smtp://me:smtp-password-value@mail.example.org".into(),
        );
        let shown = format!("{:?}", Config::from_vars(vars).unwrap());
        assert!(!shown.contains("smtp-password-value"));
        assert!(!shown.contains("0123456789abcdef"));
        assert!(!shown.contains("setup-token-secret-value"));
        assert!(!shown.contains("postgres://"));
    }
}
