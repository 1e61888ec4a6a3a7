//! The `guidepress` command line: export guides, list formats, check inputs, print the JSON
//! Schema. See `guidepress --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
