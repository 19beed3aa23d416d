//! One typed configuration, resolved once: command-line flags, then environment, then a TOML file.
//!
//! Each environment variable is read once, in [`Settings::from_env`]; a value that does not parse
//! names the variable. Secrets (the admin token, a database password) never appear in `Debug`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::logs::cost::{PriceTable, Prices};

/// Default address the dashboard listens on.
pub const DEFAULT_BIND: &str = "127.0.0.1:3000";
/// Default largest manifest accepted, in bytes (5 MiB).
pub const DEFAULT_MAX_MANIFEST_BYTES: u64 = 5 * 1024 * 1024;

/// A settings source that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// An environment variable holds a value that does not parse.
    #[error("environment variable {var}: {message}")]
    Env {
        /// The variable's name.
        var: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The configuration file is missing or malformed.
    #[error("config file {path}: {message}")]
    File {
        /// The file given with --config.
        path: PathBuf,
        /// What is wrong, with line and column where known.
        message: String,
    },
    /// No data directory could be chosen.
    #[error("no data directory: set --data-dir or SWITCHBOARD_DATA_DIR")]
    NoDataDir,
}

/// A value that must never be printed.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for comparison or use; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Settings from one source; unset fields fall through to the next source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Address to listen on, e.g. `127.0.0.1:3000`.
    pub bind: Option<SocketAddr>,
    /// `sqlite:…` or `postgres://…`; default: a SQLite file in the data directory.
    pub database_url: Option<String>,
    /// Folder for the default SQLite database and other local state.
    pub data_dir: Option<PathBuf>,
    /// Token that grants admin rights on the REST API (manifest and log push).
    pub admin_token: Option<Secret>,
    /// Largest manifest accepted, in bytes.
    pub max_manifest_bytes: Option<u64>,
    /// Where function logs are read from: `local` (pushed to the API) or `cloudwatch`.
    pub log_source: Option<LogSourceKind>,
    /// Days pushed log events are kept.
    pub log_retention_days: Option<u64>,
    /// Seconds between CloudWatch pulls; 0 turns the puller off.
    pub log_pull_interval_secs: Option<u64>,
    /// Log groups pulled at once.
    pub log_pull_concurrency: Option<usize>,
    /// Calls per CloudWatch request when throttled or failing (5xx, timeout), the first included.
    pub log_pull_attempts: Option<u32>,
    /// Bound on every CloudWatch call, in ms.
    pub logs_timeout_ms: Option<u64>,
    /// CloudWatch Logs endpoint to call instead of AWS's (any compatible server).
    pub aws_endpoint_url: Option<String>,
    /// AWS profile; default: the SDK's chain (`AWS_PROFILE`, then `default`).
    pub aws_profile: Option<String>,
    /// Region of functions whose service names none; default: the SDK's (`AWS_REGION`, profile).
    pub aws_region: Option<String>,
    /// List prices per region (file only), e.g. `[prices.eu-central-1]` with
    /// `request_per_million`, `gb_second_x86_64`, `gb_second_arm64`.
    pub prices: Option<std::collections::BTreeMap<String, Prices>>,
}

/// Where function logs come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogSourceKind {
    /// Logs pushed to `POST /api/v1/logs`, kept in the database.
    #[default]
    Local,
    /// CloudWatch Logs, pulled in the background and read through on demand.
    Cloudwatch,
}

impl std::str::FromStr for LogSourceKind {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "local" => Ok(LogSourceKind::Local),
            "cloudwatch" => Ok(LogSourceKind::Cloudwatch),
            _ => Err(()),
        }
    }
}

impl Settings {
    /// Reads the `SWITCHBOARD_*` and `DATABASE_URL` variables through `get`.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let get = |var: &'static str| get(var).filter(|value| !value.is_empty());
        Ok(Settings {
            bind: parse_env("SWITCHBOARD_BIND", get("SWITCHBOARD_BIND"), "an address like 127.0.0.1:3000")?,
            database_url: get("DATABASE_URL"),
            data_dir: get("SWITCHBOARD_DATA_DIR").map(PathBuf::from),
            admin_token: get("SWITCHBOARD_ADMIN_TOKEN").map(Secret),
            max_manifest_bytes: parse_env(
                "SWITCHBOARD_MAX_MANIFEST_BYTES",
                get("SWITCHBOARD_MAX_MANIFEST_BYTES"),
                "a whole number of bytes",
            )?,
            log_source: parse_env("SWITCHBOARD_LOG_SOURCE", get("SWITCHBOARD_LOG_SOURCE"), "local or cloudwatch")?,
            log_retention_days: parse_env(
                "SWITCHBOARD_LOG_RETENTION_DAYS",
                get("SWITCHBOARD_LOG_RETENTION_DAYS"),
                "a whole number of days",
            )?,
            log_pull_interval_secs: parse_env(
                "SWITCHBOARD_LOG_PULL_INTERVAL_SECS",
                get("SWITCHBOARD_LOG_PULL_INTERVAL_SECS"),
                "a whole number of seconds",
            )?,
            log_pull_concurrency: parse_env(
                "SWITCHBOARD_LOG_PULL_CONCURRENCY",
                get("SWITCHBOARD_LOG_PULL_CONCURRENCY"),
                "a whole number",
            )?,
            log_pull_attempts: parse_env(
                "SWITCHBOARD_LOG_PULL_ATTEMPTS",
                get("SWITCHBOARD_LOG_PULL_ATTEMPTS"),
                "a whole number",
            )?,
            logs_timeout_ms: parse_env(
                "SWITCHBOARD_LOGS_TIMEOUT_MS",
                get("SWITCHBOARD_LOGS_TIMEOUT_MS"),
                "a whole number of milliseconds",
            )?,
            aws_endpoint_url: get("SWITCHBOARD_AWS_ENDPOINT_URL"),
            aws_profile: get("SWITCHBOARD_AWS_PROFILE"),
            aws_region: get("SWITCHBOARD_AWS_REGION"),
            prices: None,
        })
    }

    /// Reads a TOML file whose keys are the field names above.
    pub fn from_file(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| ConfigError::File { path: path.to_owned(), message: error.to_string() })?;
        toml::from_str(&text).map_err(|error| ConfigError::File {
            path: path.to_owned(),
            message: error.to_string().trim_end().to_string(),
        })
    }

    /// Keeps every field set here and takes the rest from `lower`.
    pub fn or(self, lower: Settings) -> Settings {
        Settings {
            bind: self.bind.or(lower.bind),
            database_url: self.database_url.or(lower.database_url),
            data_dir: self.data_dir.or(lower.data_dir),
            admin_token: self.admin_token.or(lower.admin_token),
            max_manifest_bytes: self.max_manifest_bytes.or(lower.max_manifest_bytes),
            log_source: self.log_source.or(lower.log_source),
            log_retention_days: self.log_retention_days.or(lower.log_retention_days),
            log_pull_interval_secs: self.log_pull_interval_secs.or(lower.log_pull_interval_secs),
            log_pull_concurrency: self.log_pull_concurrency.or(lower.log_pull_concurrency),
            log_pull_attempts: self.log_pull_attempts.or(lower.log_pull_attempts),
            logs_timeout_ms: self.logs_timeout_ms.or(lower.logs_timeout_ms),
            aws_endpoint_url: self.aws_endpoint_url.or(lower.aws_endpoint_url),
            aws_profile: self.aws_profile.or(lower.aws_profile),
            aws_region: self.aws_region.or(lower.aws_region),
            prices: self.prices.or(lower.prices),
        }
    }
}

fn parse_env<T: std::str::FromStr>(
    var: &'static str,
    value: Option<String>,
    expected: &str,
) -> Result<Option<T>, ConfigError> {
    value
        .map(|value| {
            value.parse().map_err(|_| ConfigError::Env { var, message: format!("{value:?} is not {expected}") })
        })
        .transpose()
}

/// The settings a command runs with, every default applied.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// Where the database is; see [`Config::database_url`].
    database_url: Option<String>,
    /// Folder for local state, created when needed.
    pub data_dir: PathBuf,
    /// Admin token for the REST API; without it, write endpoints are closed.
    pub admin_token: Option<Secret>,
    /// Largest manifest accepted, in bytes.
    pub max_manifest_bytes: u64,
    /// Function logs, metrics and costs.
    pub logs: LogsConfig,
}

/// Settings of function logs, with every default applied.
#[derive(Debug, Clone)]
pub struct LogsConfig {
    /// Where logs are read from.
    pub source: LogSourceKind,
    /// How long pushed events are kept.
    pub retention: Duration,
    /// Time between CloudWatch pulls; `None`: the puller is off.
    pub pull_interval: Option<Duration>,
    /// Log groups pulled at once.
    pub pull_concurrency: usize,
    /// Calls per request when throttled or failing, the first included.
    pub pull_attempts: u32,
    /// Bound on every CloudWatch call.
    pub timeout: Duration,
    /// Endpoint override.
    pub aws_endpoint_url: Option<String>,
    /// AWS profile.
    pub aws_profile: Option<String>,
    /// Default region.
    pub aws_region: Option<String>,
    /// List prices per region.
    pub prices: PriceTable,
}

impl Default for LogsConfig {
    fn default() -> Self {
        LogsConfig {
            source: LogSourceKind::Local,
            retention: Duration::from_secs(14 * 86_400),
            pull_interval: Some(Duration::from_secs(60)),
            pull_concurrency: 4,
            pull_attempts: 4,
            timeout: Duration::from_secs(10),
            aws_endpoint_url: None,
            aws_profile: None,
            aws_region: None,
            prices: PriceTable::default(),
        }
    }
}

impl Config {
    /// Resolves flags over environment over the optional file, then applies defaults.
    pub fn load(flags: Settings, config_file: Option<&Path>) -> Result<Config, ConfigError> {
        let env = Settings::from_env(|var| std::env::var(var).ok())?;
        let file = match config_file {
            Some(path) => Settings::from_file(path)?,
            None => Settings::default(),
        };
        Config::resolve(flags.or(env).or(file))
    }

    /// Applies defaults to merged settings.
    pub fn resolve(settings: Settings) -> Result<Config, ConfigError> {
        let data_dir = match settings.data_dir {
            Some(dir) => dir,
            None => dirs::data_dir().map(|dir| dir.join("switchboard")).ok_or(ConfigError::NoDataDir)?,
        };
        Ok(Config {
            bind: settings.bind.unwrap_or_else(|| DEFAULT_BIND.parse().expect("the default address parses")),
            database_url: settings.database_url,
            data_dir,
            admin_token: settings.admin_token,
            max_manifest_bytes: settings.max_manifest_bytes.unwrap_or(DEFAULT_MAX_MANIFEST_BYTES),
            logs: LogsConfig {
                source: settings.log_source.unwrap_or_default(),
                retention: Duration::from_secs(settings.log_retention_days.unwrap_or(14).saturating_mul(86_400)),
                pull_interval: match settings.log_pull_interval_secs.unwrap_or(60) {
                    0 => None,
                    secs => Some(Duration::from_secs(secs)),
                },
                pull_concurrency: settings.log_pull_concurrency.unwrap_or(4).max(1),
                pull_attempts: settings.log_pull_attempts.unwrap_or(4).max(1),
                timeout: Duration::from_millis(settings.logs_timeout_ms.unwrap_or(10_000).max(1)),
                aws_endpoint_url: settings.aws_endpoint_url,
                aws_profile: settings.aws_profile,
                aws_region: settings.aws_region,
                prices: PriceTable::new(settings.prices.unwrap_or_default()),
            },
        })
    }

    /// The database URL, or a SQLite file named `default_file` in the data directory.
    pub fn database_url(&self, default_file: &str) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join(default_file).display()),
        }
    }

    /// Whether a database URL was configured explicitly.
    pub fn has_database_url(&self) -> bool {
        self.database_url.is_some()
    }
}

/// `url` with any password replaced by `***`, safe to print.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |var| pairs.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone())
    }

    #[test]
    fn flags_win_over_environment_which_wins_over_the_file() {
        let flags = Settings { bind: Some("127.0.0.1:1111".parse().unwrap()), ..Settings::default() };
        let env =
            Settings::from_env(env(&[("SWITCHBOARD_BIND", "127.0.0.1:2222"), ("SWITCHBOARD_DATA_DIR", "/from-env")]))
                .unwrap();
        let file: Settings =
            toml::from_str("bind = \"127.0.0.1:3333\"\ndata_dir = \"/from-file\"\nmax_manifest_bytes = 10\n").unwrap();
        let config = Config::resolve(flags.or(env).or(file)).unwrap();
        assert_eq!(config.bind, "127.0.0.1:1111".parse().unwrap());
        assert_eq!(config.data_dir, PathBuf::from("/from-env"));
        assert_eq!(config.max_manifest_bytes, 10);
    }

    #[test]
    fn a_malformed_environment_value_names_the_variable() {
        let error = Settings::from_env(env(&[("SWITCHBOARD_BIND", "not-an-address")])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "environment variable SWITCHBOARD_BIND: \"not-an-address\" is not an address like 127.0.0.1:3000"
        );
    }

    #[test]
    fn an_unknown_key_in_the_config_file_is_an_error_naming_it() {
        let dir = std::env::temp_dir().join(format!("sb-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "bind = \"127.0.0.1:1\"\ndatabse_url = \"x\"\n").unwrap();
        let message = Settings::from_file(&path).unwrap_err().to_string();
        assert!(message.contains("databse_url"), "{message}");
        assert!(message.contains("line 2"), "{message}");
    }

    #[test]
    fn secrets_and_passwords_are_never_printed() {
        let settings = Settings { admin_token: Some(Secret::new("hunter2")), ..Settings::default() };
        assert!(!format!("{settings:?}").contains("hunter2"));
        assert_eq!(redact_url("postgres://app:hunter2@db:5432/x"), "postgres://app:***@db:5432/x");
        assert_eq!(redact_url("postgres://nobody@127.0.0.1:1/x"), "postgres://nobody@127.0.0.1:1/x");
    }

    #[test]
    fn a_price_table_in_the_file_overrides_one_region_and_log_settings_parse() {
        let file: Settings = toml::from_str(
            "log_source = \"cloudwatch\"\nlogs_timeout_ms = 2500\n[prices.eu-central-1]\nrequest_per_million = 0.24\ngb_second_x86_64 = 0.00002\ngb_second_arm64 = 0.000016\n",
        )
        .unwrap();
        let from_env = Settings::from_env(env(&[("SWITCHBOARD_LOG_PULL_INTERVAL_SECS", "0")])).unwrap();
        let config =
            Config::resolve(from_env.or(file).or(Settings { data_dir: Some("/x".into()), ..Settings::default() }))
                .unwrap();
        assert_eq!(config.logs.source, LogSourceKind::Cloudwatch);
        assert_eq!(config.logs.timeout, Duration::from_millis(2500));
        assert_eq!(config.logs.pull_interval, None);
        assert_eq!(config.logs.prices.for_region("eu-central-1").request_per_million, 0.24);
        assert_eq!(config.logs.prices.for_region("us-west-2"), Prices::US_EAST_1);
        let error = Settings::from_env(env(&[("SWITCHBOARD_LOG_SOURCE", "s3")])).unwrap_err();
        assert!(error.to_string().contains("SWITCHBOARD_LOG_SOURCE"), "{error}");
    }

    #[test]
    fn the_default_database_is_a_sqlite_file_in_the_data_directory() {
        let config = Config::resolve(Settings { data_dir: Some("/var/sb".into()), ..Settings::default() }).unwrap();
        assert_eq!(config.database_url("switchboard.sqlite"), "sqlite:///var/sb/switchboard.sqlite");
    }
}
