//! The contact center's shared record: every agent's journals shipped to a PostgreSQL
//! database the center already runs, and read back for reports over the whole center.
//!
//! * [`Settings`] is the `[center]` section (`url`, `password_file`, `team`);
//!   `APUNTE_CENTER_URL` overrides the url. The password comes from
//!   `APUNTE_CENTER_PASSWORD`, `PGPASSWORD` or a `0600` file, never from the url, the
//!   journal or a log. With no url nothing is shipped and nothing changes.
//! * [`schema`]: versioned migrations built into the binary (`apunte center migrate`).
//! * [`ship`]: exactly-once shipping of the local journals (each line keyed by agent,
//!   journal and line number, inserted with `ON CONFLICT DO NOTHING`, the acknowledged
//!   position per journal written atomically after the commit).
//! * [`shipper`]: the workspace's background shipper thread.
//! * [`fetch`]: the records read back into journal files, so the local reports run
//!   unchanged over the center.
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::text::Lang;

pub mod fetch;
pub mod schema;
pub mod ship;
pub mod shipper;

pub(crate) use crate::i18n::Msg;

/// The `[center]` section of the config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `postgres://user@host:port/database` (or `host=… user=… dbname=…`); empty: no
    /// center. `APUNTE_CENTER_URL` overrides it.
    pub url: String,
    /// A file holding the password on its first line, readable by its owner only
    /// (`chmod 600`). `APUNTE_CENTER_PASSWORD` or `PGPASSWORD` take precedence.
    pub password_file: String,
    /// The agent's team, shipped with every record (reports filter on it).
    pub team: String,
    /// A PEM file with the certificate authority that signed the server's certificate
    /// (a center's own CA, or the server's self-signed certificate), trusted besides
    /// the system's. `APUNTE_CENTER_CA` overrides it.
    pub ca_file: String,
}

/// A center that is configured: where and as whom, ready to connect.
#[derive(Clone)]
pub struct Target {
    config: postgres::Config,
    /// The url without any password, for messages.
    pub shown: String,
    /// The team of this machine's agent.
    pub team: String,
    /// The extra certificate authority (its file, its PEM text).
    ca: Option<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("shown", &self.shown)
            .field("team", &self.team)
            .finish()
    }
}

/// Why the center cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Setup(String),
    #[error("{message}")]
    Db {
        message: String,
        /// The connection itself failed or dropped (the center is unreachable), as
        /// opposed to the database refusing a statement.
        unreachable: bool,
    },
    #[error("{0}")]
    Io(String),
}

impl Error {
    /// The center could not be reached (worth trying again later).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Error::Db {
                unreachable: true,
                ..
            }
        )
    }

    pub(crate) fn db(lang: Lang, target: &str, e: postgres::Error) -> Error {
        let unreachable = e.is_closed() || e.as_db_error().is_none_or(|db| is_shutdown(db.code()));
        let detail = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => chain(&e),
        };
        Error::Db {
            message: Msg::CenterDbError.fill(lang, &[&target, &detail]),
            unreachable,
        }
    }
}

/// An error with its causes, `: `-separated.
fn chain(e: &postgres::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s = format!("{s}: {inner}");
        src = inner.source();
    }
    s
}

fn is_shutdown(code: &postgres::error::SqlState) -> bool {
    use postgres::error::SqlState;
    [
        SqlState::ADMIN_SHUTDOWN,
        SqlState::CRASH_SHUTDOWN,
        SqlState::CANNOT_CONNECT_NOW,
        SqlState::CONNECTION_FAILURE,
        SqlState::CONNECTION_EXCEPTION,
    ]
    .contains(code)
}

/// The environment variable that overrides `[center] url`.
pub const URL_VAR: &str = "APUNTE_CENTER_URL";
/// The environment variable that overrides `[center] ca_file`.
pub const CA_VAR: &str = "APUNTE_CENTER_CA";
/// The environment variables read for the password, in order.
pub const PASSWORD_VARS: [&str; 2] = ["APUNTE_CENTER_PASSWORD", "PGPASSWORD"];

impl Settings {
    /// The center to ship to, `None` when none is configured. `env` reads an environment
    /// variable (the process environment in production).
    pub fn target_with(
        &self,
        lang: Lang,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Option<Target>, Error> {
        let url = env(URL_VAR)
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| self.url.clone());
        let url = url.trim();
        if url.is_empty() {
            return Ok(None);
        }
        let mut config: postgres::Config = url
            .parse()
            .map_err(|e| Error::Setup(Msg::CenterBadUrl.fill(lang, &[&shown_url(url), &e])))?;
        if config.get_password().is_some() {
            return Err(Error::Setup(
                Msg::CenterPasswordInUrl.fill(lang, &[&shown_url(url)]),
            ));
        }
        let from_env = PASSWORD_VARS
            .iter()
            .find_map(|v| env(v).filter(|p| !p.is_empty()));
        let password = match from_env {
            Some(p) => Some(p),
            None if !self.password_file.trim().is_empty() => Some(read_password_file(
                lang,
                &expand_home(Path::new(self.password_file.trim())),
            )?),
            None => None,
        };
        if let Some(p) = password {
            config.password(p);
        }
        if config.get_application_name().is_none() {
            config.application_name("apunte");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.keepalives(true);
        let ca_file = env(CA_VAR)
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| self.ca_file.clone());
        let ca = match ca_file.trim() {
            "" => None,
            f => {
                let path = expand_home(Path::new(f));
                let shown = path.display().to_string();
                let pem = std::fs::read(&path)
                    .map_err(|e| Error::Setup(Msg::CenterCaFile.fill(lang, &[&shown, &e])))?;
                Some((shown, pem))
            }
        };
        Ok(Some(Target {
            config,
            shown: shown_url(url),
            team: self.team.trim().to_string(),
            ca,
        }))
    }

    /// [`Settings::target_with`] over the process environment.
    pub fn target(&self, lang: Lang) -> Result<Option<Target>, Error> {
        self.target_with(lang, &|v| std::env::var(v).ok())
    }
}

fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

/// The password on the first line of `path`, refused when others may read the file.
pub fn read_password_file(lang: Lang, path: &Path) -> Result<String, Error> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::Setup(Msg::CenterPasswordFile.fill(lang, &[&shown, &e])))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Error::Setup(
                Msg::CenterPasswordFileOpen.fill(lang, &[&shown, &format!("{mode:04o}")]),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Setup(Msg::CenterPasswordFile.fill(lang, &[&shown, &e])))?;
    Ok(text
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string())
}

/// A url as shown in messages: any password replaced by `***`.
pub fn shown_url(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            let userinfo = &rest[..at];
            if let Some(colon) = userinfo.find(':') {
                return format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &rest[at..]
                );
            }
        }
        return url.to_string();
    }
    // key=value form: hide password=…
    url.split_whitespace()
        .map(|kv| {
            if kv.to_ascii_lowercase().starts_with("password=") {
                "password=***".to_string()
            } else {
                kv.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Target {
    /// Connects, with TLS when the server offers it (`sslmode=prefer`, the default;
    /// `sslmode=require` in the url insists on it). The server's certificate must be
    /// signed by an authority the system trusts or by `ca_file`, for the host named.
    pub fn connect(&self, lang: Lang) -> Result<postgres::Client, Error> {
        let mut tls = native_tls::TlsConnector::builder();
        if let Some((file, pem)) = &self.ca {
            let cert = native_tls::Certificate::from_pem(pem)
                .map_err(|e| Error::Setup(Msg::CenterCaFile.fill(lang, &[file, &e])))?;
            tls.add_root_certificate(cert);
        }
        let tls = tls
            .build()
            .map_err(|e| Error::Setup(Msg::CenterDbError.fill(lang, &[&self.shown, &e])))?;
        let tls = postgres_native_tls::MakeTlsConnector::new(tls);
        self.config.connect(tls).map_err(|e| {
            let why = chain(&e);
            let tls_refused = self.config.get_ssl_mode() == postgres::config::SslMode::Require
                && why.contains("server does not support TLS");
            let untrusted = !tls_refused && why.contains("certificate verify failed");
            match Error::db(lang, &self.shown, e) {
                Error::Db { unreachable, .. } if tls_refused => Error::Db {
                    message: Msg::CenterTlsRefused.fill(lang, &[&self.shown]),
                    unreachable,
                },
                Error::Db {
                    message,
                    unreachable,
                } if untrusted => Error::Db {
                    message: format!(
                        "{message}: {}",
                        Msg::CenterTlsUntrusted.fill(lang, &[&CA_VAR])
                    ),
                    unreachable,
                },
                other => other,
            }
        })
    }
}

/// The folder under the data dir where the shipper keeps its acknowledged positions.
pub const STATE_DIR: &str = "center";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_passwords() {
        assert_eq!(
            shown_url("postgres://ana:secret@db:5432/center"),
            "postgres://ana:***@db:5432/center"
        );
        assert_eq!(
            shown_url("postgres://ana@db/center"),
            "postgres://ana@db/center"
        );
        assert_eq!(
            shown_url("host=db password=x user=ana"),
            "host=db password=*** user=ana"
        );
    }

    #[test]
    fn no_url_no_center_and_passwords_never_from_the_url() {
        let none = |_: &str| None;
        assert!(
            Settings::default()
                .target_with(Lang::En, &none)
                .unwrap()
                .is_none()
        );
        let s = Settings {
            url: "postgres://ana:pw@db/center".into(),
            ..Settings::default()
        };
        let err = s.target_with(Lang::En, &none).unwrap_err().to_string();
        assert!(err.contains("APUNTE_CENTER_PASSWORD"), "{err}");
        assert!(!err.contains("pw@"), "{err}");
        let env = |v: &str| (v == URL_VAR).then(|| "postgres://ana@db/center".to_string());
        let t = Settings::default()
            .target_with(Lang::En, &env)
            .unwrap()
            .unwrap();
        assert_eq!(t.shown, "postgres://ana@db/center");
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("pw");
        std::fs::write(&f, "s3cret\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = read_password_file(Lang::En, &f).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_password_file(Lang::En, &f).unwrap(), "s3cret");
    }
}
