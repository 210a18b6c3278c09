//! `apunte center migrate|sync|status`, and the `--center` switch of the reports: the
//! center's records read back into a temporary data dir the report then reads as it
//! reads the local one ([`crate::center::fetch`]).
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::center::fetch::{self, Filter};
use crate::center::ship::{self, Shipper};
use crate::center::{Target, schema};
use crate::cli::{CenterAction, CenterArgs, CenterFilter};
use crate::commands::output::Out;
use crate::config::{Config, Paths};
use crate::i18n::Msg;
use crate::redact::Redactor;
use crate::text::Lang;

pub fn run(args: &CenterArgs) -> anyhow::Result<ExitCode> {
    let paths = Paths::from_env();
    let config = Config::load(&paths.config_file())?;
    let lang = config.ui_lang();
    let target = target(&config, lang)?;
    let mut out = Out::new();
    match args.action {
        CenterAction::Migrate => {
            let mut client = target.connect(lang)?;
            let m = schema::migrate(&mut client, lang, &target)?;
            if m.from == m.to {
                out.line(
                    &Msg::CenterUpToDate.fill(lang, &[&target.shown, &m.to, &m.partitions_added]),
                )?;
            } else {
                out.line(
                    &Msg::CenterMigrated
                        .fill(lang, &[&target.shown, &m.from, &m.to, &m.partitions_added]),
                )?;
            }
        }
        CenterAction::Sync => {
            let shipper = shipper(&config);
            let mut client = target.connect(lang)?;
            schema::check(&mut client, lang, &target)?;
            let shipped =
                shipper.ship_all(&mut client, lang, &target, &paths.data_dir, &mut |_| {})?;
            for d in &shipped.damaged {
                eprintln!(
                    "apunte: {}",
                    Msg::CenterDamaged.fill(lang, &[&d.path.display(), &d.line, &d.message])
                );
            }
            for p in &shipped.partial {
                eprintln!("apunte: {}", Msg::CenterPartial.fill(lang, &[&p.display()]));
            }
            out.line(
                &Msg::CenterShipped.fill(lang, &[&target.shown, &shipped.sent, &shipped.new]),
            )?;
        }
        CenterAction::Status => return status(&target, lang, &paths.data_dir, &mut out),
    }
    Ok(ExitCode::SUCCESS)
}

fn target(config: &Config, lang: Lang) -> anyhow::Result<Target> {
    config
        .center
        .target(lang)?
        .ok_or_else(|| anyhow::anyhow!(Msg::CenterNotConfigured.text(lang)))
}

/// The shipper of this machine's journals, from the settings.
pub fn shipper(config: &Config) -> Shipper {
    Shipper::new(
        config.agent(),
        &config.center.team,
        Redactor::new(&config.redact),
    )
}

fn status(target: &Target, lang: Lang, data_dir: &Path, out: &mut Out) -> anyhow::Result<ExitCode> {
    let mut code = ExitCode::SUCCESS;
    match target.connect(lang) {
        Ok(mut client) => {
            let server: String = client
                .query_one("SHOW server_version", &[])
                .map(|r| r.get(0))
                .unwrap_or_default();
            out.line(&Msg::CenterStatusDb.fill(lang, &[&target.shown, &server]))?;
            let v = schema::version(&mut client, lang, target)?;
            out.line(&Msg::CenterStatusSchema.fill(lang, &[&v, &schema::known()]))?;
            if v != schema::known() {
                out.line(
                    &schema::check(&mut client, lang, target)
                        .err()
                        .map(|e| e.to_string())
                        .unwrap_or_default(),
                )?;
                code = ExitCode::FAILURE;
            }
        }
        Err(e) => {
            out.line(&Msg::CenterStatusUnreachable.fill(lang, &[&target.shown, &e]))?;
            code = ExitCode::FAILURE;
        }
    }
    let pending = ship::pending(data_dir)?;
    if pending.is_empty() {
        out.line(Msg::CenterStatusPendingNone.text(lang))?;
    } else {
        let total: u64 = pending.iter().map(|(_, n, _)| *n).sum();
        out.line(&Msg::CenterStatusPending.fill(lang, &[&total, &pending.len()]))?;
        for (j, n, partial) in &pending {
            let tail = if *partial {
                format!(" ({})", Msg::CenterStatusPartial.text(lang))
            } else {
                String::new()
            };
            out.line(&format!("  {:>6}  {}{tail}", n, j.name))?;
        }
    }
    for j in ship::journals(data_dir)? {
        let damaged = j.position(data_dir).damaged;
        if !damaged.is_empty() {
            let lines: Vec<String> = damaged.iter().map(u64::to_string).collect();
            out.line(
                &Msg::CenterStatusDamaged.fill(lang, &[&j.path.display(), &lines.join(", ")]),
            )?;
        }
    }
    Ok(code)
}

/// A data dir of records read back from the center; removed when dropped.
pub struct CenterData {
    pub dir: PathBuf,
}

impl Drop for CenterData {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn date(lang: Lang, s: &Option<String>) -> anyhow::Result<Option<chrono::NaiveDate>> {
    s.as_deref()
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| anyhow::anyhow!(Msg::CenterBadDate.fill(lang, &[&format!("{d:?}")])))
        })
        .transpose()
}

/// With `--center`: the center's records (filtered) as a data dir under the cache
/// dir, for a report to read instead of the local one. Without: `None`.
pub fn data(
    paths: &Paths,
    config: &Config,
    filter: &CenterFilter,
) -> anyhow::Result<Option<CenterData>> {
    if !filter.center {
        return Ok(None);
    }
    let lang = config.ui_lang();
    let target = target(config, lang)?;
    let f = Filter {
        agent: filter.agent.clone(),
        team: filter.team.clone(),
        from: date(lang, &filter.from)?,
        to: date(lang, &filter.to)?,
    };
    let dir = paths
        .cache_dir
        .join(format!("center-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    crate::private::create_dir_all(&dir)?;
    let data = CenterData { dir };
    let mut client = target.connect(lang)?;
    schema::check(&mut client, lang, &target)?;
    let fetched = fetch::fetch(&mut client, lang, &target, &f, &data.dir)?;
    eprintln!(
        "apunte: {}",
        Msg::CenterFetched.fill(lang, &[&target.shown, &fetched.records, &fetched.journals])
    );
    Ok(Some(data))
}
