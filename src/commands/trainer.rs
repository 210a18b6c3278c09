//! `apunte trainer [ADDR] --code CODE`: the trainer's console on a hosted mock call.
use std::process::ExitCode;

use crate::cli::{Cli, TrainerArgs};
use crate::commands::setup::Setup;
use crate::config::Paths;
use crate::console::{Console, Keys};
use crate::runtime::console;
use crate::training::link::ToTrainee;
use crate::ui::Theme;

pub fn run(cli: &Cli, args: &TrainerArgs) -> anyhow::Result<ExitCode> {
    let setup = Setup::load(Paths::from_env(), &cli.kb.knowledge)?;
    let lang = setup.config.ui_lang();
    let keys = Keys::with_overrides(&setup.config.trainer_keys).map_err(anyhow::Error::msg)?;
    let theme_name = cli.theme.as_deref().unwrap_or(&setup.config.theme);
    let mut theme = Theme::load(theme_name, Some(&setup.paths.config_dir))?
        .at_depth(crate::theme::Depth::from_env())
        .for_training();
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        theme = theme.without_color();
    }
    let name = args.name.clone().unwrap_or_else(|| setup.config.agent());
    let hello = ToTrainee::Hello {
        code: args.code.clone(),
        name,
        observe: args.observe,
    };
    console::run(console::Options {
        console: Console::new(lang, keys, &args.addr, args.observe),
        theme,
        hello,
    })
}
