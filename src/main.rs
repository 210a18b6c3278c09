use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = apunte::cli::Cli::parse();
    match apunte::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("apunte: {err:#}");
            ExitCode::from(2)
        }
    }
}
