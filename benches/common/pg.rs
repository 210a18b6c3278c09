//! A throwaway PostgreSQL cluster for the center's tests and bench: `initdb` in a
//! temporary folder, a server on a free loopback port (its socket in the same folder),
//! password authentication, stopped and removed when dropped. As root the cluster runs
//! as the `postgres` user (initdb refuses root). The binaries are found under
//! `$APUNTE_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`, else `PATH`; when
//! none is there, [`Cluster::start`] says why, for the caller to print SKIPPED.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const USER: &str = "apunte";
pub const PASSWORD: &str = "center-test-pw";

pub struct Cluster {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
    /// Server options added at each start (TLS).
    extra: String,
}

fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("APUNTE_PG_BIN") {
        return Some(PathBuf::from(d));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, b)| b)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(54329)
}

impl Cluster {
    /// A fresh cluster with a database `apunte`, running; `Err` says why it could not
    /// start (no PostgreSQL binaries, …).
    pub fn start() -> Result<Cluster, String> {
        let bin = match bin_dir() {
            Some(b) => b,
            None => match Command::new("initdb").arg("--version").output() {
                Ok(_) => PathBuf::new(),
                Err(_) => {
                    return Err(
                        "PostgreSQL (initdb, pg_ctl) is not installed (CI installs it: apt-get install postgresql)"
                            .into(),
                    );
                }
            },
        };
        let as_postgres = is_root();
        let tmp = tempfile::Builder::new()
            .prefix("apunte-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let dir = tmp.path().to_path_buf();
        let pwfile = dir.join("pw");
        std::fs::write(&pwfile, PASSWORD).map_err(|e| e.to_string())?;
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(&dir)
                .status()
                .map(|s| s.success())
                .unwrap_or(false);
            if !ok {
                return Err(
                    "running as root and cannot hand the cluster to the postgres user".into(),
                );
            }
        }
        let mut c = Cluster {
            _tmp: tmp,
            dir,
            bin,
            as_postgres,
            port: free_port(),
            extra: String::new(),
        };
        let data = c.dir.join("data");
        let out = c
            .cmd("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                USER,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .arg(format!("--pwfile={}", pwfile.display()))
            .output()
            .map_err(|e| format!("initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        c.start_server()?;
        let mut client = c.client("postgres")?;
        client
            .batch_execute("CREATE DATABASE apunte")
            .map_err(|e| e.to_string())?;
        Ok(c)
    }

    fn cmd(&self, name: &str) -> Command {
        let exe = if self.bin.as_os_str().is_empty() {
            PathBuf::from(name)
        } else {
            self.bin.join(name)
        };
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        cmd
    }

    /// Starts the server (again, after [`Cluster::stop`]), waiting until it accepts
    /// connections. A port taken meanwhile by someone else moves it to another.
    pub fn start_server(&mut self) -> Result<(), String> {
        let mut last = String::new();
        for _ in 0..3 {
            let opts = format!(
                "-c port={} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off -c max_connections=400 -c shared_buffers=64MB{}",
                self.port,
                self.dir.display(),
                self.extra
            );
            let out = self
                .cmd("pg_ctl")
                .arg("-D")
                .arg(self.dir.join("data"))
                .arg("-l")
                .arg(self.dir.join("log"))
                .args(["-w", "-t", "60", "-o", &opts, "start"])
                .output()
                .map_err(|e| format!("pg_ctl: {e}"))?;
            if out.status.success() {
                return Ok(());
            }
            last = format!(
                "pg_ctl start failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
            );
            self.port = free_port();
        }
        Err(last)
    }

    /// Stops the server at once (`immediate`: like a crash of the database; what was
    /// committed stays).
    pub fn stop(&self) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// The url apunte is given (`APUNTE_CENTER_URL`); the password goes separately.
    pub fn url(&self) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/apunte", self.port)
    }

    /// A client on `db`.
    pub fn client(&self, db: &str) -> Result<postgres::Client, String> {
        format!(
            "host=127.0.0.1 port={} user={USER} password={PASSWORD} dbname={db}",
            self.port
        )
        .parse::<postgres::Config>()
        .map_err(|e| e.to_string())?
        .connect(postgres::NoTls)
        .map_err(|e| e.to_string())
    }

    /// Restarts the server with TLS: a certificate authority and a server certificate
    /// for `127.0.0.1` made with the `openssl` command. Returns the authority's PEM file
    /// (what `[center] ca_file` is given).
    pub fn enable_tls(&mut self) -> Result<PathBuf, String> {
        let tls = self.dir.join("tls");
        std::fs::create_dir_all(&tls).map_err(|e| e.to_string())?;
        std::fs::write(
            tls.join("server.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .map_err(|e| e.to_string())?;
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        let steps: [Vec<&str>; 3] = [
            [
                &["req", "-x509"][..],
                &ec[..],
                &[
                    "-days",
                    "2",
                    "-subj",
                    "/CN=apunte test CA",
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign",
                ][..],
            ]
            .concat(),
            [
                &["req"][..],
                &ec[..],
                &[
                    "-subj",
                    "/CN=127.0.0.1",
                    "-keyout",
                    "server.key",
                    "-out",
                    "server.csr",
                ][..],
            ]
            .concat(),
            vec![
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "server.ext",
                "-out",
                "server.pem",
            ],
        ];
        for args in steps {
            let out = Command::new("openssl")
                .args(&args)
                .current_dir(&tls)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("openssl is not installed (CI installs it): {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "openssl {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                tls.join("server.key"),
                std::fs::Permissions::from_mode(0o600),
            )
            .map_err(|e| e.to_string())?;
        }
        if self.as_postgres {
            let _ = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(&tls)
                .status();
        }
        self.extra = format!(
            " -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            tls.join("server.pem").display(),
            tls.join("server.key").display()
        );
        self.stop();
        self.start_server()?;
        Ok(tls.join("ca.pem"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}
