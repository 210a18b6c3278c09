use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = apunte::cli::parse(apunte::commands::help_lang());
    match apunte::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("apunte: {err:#}");
            ExitCode::from(2)
        }
    }
}
