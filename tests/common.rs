//! Helpers shared by the test modules: running the real binary in a sandbox of
//! temporary apunte folders.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Temporary config, cache and data folders plus a working directory, so a test never
/// touches the user's real folders.
pub struct Sandbox {
    pub tmp: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            tmp: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn config_dir(&self) -> PathBuf {
        self.path().join("config")
    }

    /// A command for the real binary, run from `cwd` inside the sandbox, with no
    /// knowledge settings inherited from the environment.
    pub fn apunte(&self, cwd: &Path) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_apunte"));
        cmd.current_dir(cwd)
            .env("APUNTE_CONFIG_DIR", self.config_dir())
            .env("APUNTE_CACHE_DIR", self.path().join("cache"))
            .env("APUNTE_DATA_DIR", self.path().join("data"))
            .env_remove("APUNTE_KNOWLEDGE")
            .env("NO_COLOR", "1")
            .env("LANG", "en_US.UTF-8");
        cmd
    }
}

/// The repository's sample knowledge base.
pub fn sample_knowledge() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard output of a run that must succeed (its standard error fails the test).
pub fn success(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(out)
}

/// Writes a one-article knowledge root whose article title is `title`.
pub fn one_article_root(dir: &Path, title: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(
        dir.join("only.md"),
        format!("+++\ntitle = \"{title}\"\nlang = \"en\"\n+++\n\nThe {title} article body about zebras.\n"),
    )
    .expect("write article");
}
