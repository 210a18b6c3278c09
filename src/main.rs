use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = apunte::cli::parse(apunte::commands::help_lang());
    match apunte::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // An error may quote what the user or a file gave (a folder name, an id):
            // never a control character on the terminal.
            let text = format!("{err:#}");
            eprintln!("apunte: {}", apunte::text::sanitize_lines(&text));
            ExitCode::from(2)
        }
    }
}
