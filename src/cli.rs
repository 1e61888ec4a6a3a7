//! Command-line interface: argument definitions (clap derive) and the commands.
//!
//! Exit codes: 0 success, 1 an input or output failed, 2 a usage error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use guidepress::diagnostic::{Diagnostic, Severity};
use guidepress::input;
use guidepress::job::{Destination, Job};
use guidepress::render::{Paper, Registry, RenderOptions, Renderer, json};

/// Turn one Markdown guide into PDF, EPUB, JSON and plain text, with first-class Chinese.
#[derive(Debug, Parser)]
#[command(name = "guidepress", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Export guides (Markdown or guidepress JSON) to one or more formats.
    Export(ExportArgs),
    /// List the available output formats.
    Formats,
    /// Parse guides and report every warning and error with file:line:column.
    Check {
        /// Markdown or JSON files to check.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
    },
    /// Print the JSON Schema (draft 2020-12) of the JSON format.
    Schema,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// Markdown (.md) or guidepress JSON (.json) files; `-` reads Markdown from standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Comma-separated format ids (see `guidepress formats`), or `all`.
    #[arg(
        short = 't',
        long = "to",
        value_name = "FORMATS",
        default_value = "all"
    )]
    to: String,
    /// Output folder (created if missing); `-` writes to standard output (one input and one
    /// format only).
    #[arg(short = 'o', long = "output", value_name = "DIR", default_value = ".")]
    output: PathBuf,
    /// Line width of text output, in display columns (CJK characters count two).
    #[arg(long, value_name = "N", default_value_t = 72, value_parser = clap::value_parser!(u16).range(16..=1000))]
    width: u16,
    /// Paper size of paged output.
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
    /// Add a table of contents with page numbers (PDF).
    #[arg(long)]
    toc: bool,
    /// Add a tick box to every step, for printed checklists (PDF).
    #[arg(long)]
    checklist: bool,
    /// Add a font to the front of the fallback chain (TTF/OTF/TTC; `file.ttc#N` picks face N).
    /// Repeatable.
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<String>,
    /// Do not embed the Chinese font in EPUB output.
    #[arg(long)]
    no_embed_fonts: bool,
    /// Write binary output (PDF, EPUB) to standard output even when it is a terminal.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    A4,
    Letter,
    A5,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let registry = Registry::builtin();
    let styler = Styler::for_stderr();
    match cli.command {
        Command::Formats => {
            let mut out = std::io::stdout().lock();
            let id_w = registry.iter().map(|r| r.id().len()).max().unwrap_or(0);
            let ext_w = registry
                .iter()
                .map(|r| r.extension().len() + 1)
                .max()
                .unwrap_or(0);
            for r in registry.iter() {
                let ext = format!(".{}", r.extension());
                let _ = writeln!(out, "{:<id_w$}  {ext:<ext_w$}  {}", r.id(), r.description());
            }
            ExitCode::SUCCESS
        }
        Command::Schema => {
            let _ = std::io::stdout()
                .lock()
                .write_all(json::schema().as_bytes());
            ExitCode::SUCCESS
        }
        Command::Check { inputs } => {
            let mut failed = false;
            for path in &inputs {
                match input::load(path) {
                    Ok(loaded) => {
                        for w in &loaded.warnings {
                            styler.print(w);
                        }
                        eprintln!(
                            "{}: ok, {} warning(s)",
                            path.display(),
                            loaded.warnings.len()
                        );
                    }
                    Err(e) => {
                        failed = true;
                        styler.print(&e);
                    }
                }
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Export(args) => export(args, &registry, &styler),
    }
}

fn export(args: ExportArgs, registry: &Registry, styler: &Styler) -> ExitCode {
    let formats: Vec<&dyn Renderer> = if args.to.trim() == "all" {
        registry.iter().collect()
    } else {
        let mut list = Vec::new();
        for id in args.to.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match registry.get(id) {
                Some(r) => {
                    if !list.iter().any(|x: &&dyn Renderer| x.id() == r.id()) {
                        list.push(r)
                    }
                }
                None => {
                    eprintln!(
                        "error: unknown format `{id}`; known formats: {}, or `all`",
                        registry.ids().join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
        if list.is_empty() {
            eprintln!(
                "error: --to names no format; known formats: {}",
                registry.ids().join(", ")
            );
            return ExitCode::from(2);
        }
        list
    };
    let to_stdout = args.output == Path::new("-");
    if to_stdout && (args.inputs.len() != 1 || formats.len() != 1) {
        eprintln!(
            "error: `-o -` writes to standard output and needs exactly one input and one format"
        );
        return ExitCode::from(2);
    }
    if to_stdout
        && !args.force
        && std::io::stdout().is_terminal()
        && guidepress::job::is_binary(formats[0].media_type())
    {
        eprintln!(
            "error: {} output is binary and standard output is a terminal; redirect it \
             (`> file`), write it to a folder with -o, or pass --force",
            formats[0].id()
        );
        return ExitCode::from(2);
    }
    let mut options = RenderOptions::default();
    options.width = usize::from(args.width);
    options.paper = match args.paper {
        PaperArg::A4 => Paper::A4,
        PaperArg::Letter => Paper::Letter,
        PaperArg::A5 => Paper::A5,
    };
    options.toc = args.toc;
    options.checklist = args.checklist;
    options.fonts = args.fonts.clone();
    options.embed_fonts = !args.no_embed_fonts;
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => match v.trim().parse::<i64>() {
            Ok(secs) => options.source_date_epoch = Some(secs),
            Err(_) => {
                eprintln!(
                    "error: SOURCE_DATE_EPOCH must be a whole number of seconds, found `{v}`"
                );
                return ExitCode::from(2);
            }
        },
        _ => {}
    }
    let job = Job {
        inputs: args.inputs,
        formats,
        destination: if to_stdout {
            Destination::Stdout
        } else {
            Destination::Folder(args.output)
        },
        options,
    };
    let failures = job.run(&mut std::io::stdout().lock(), &mut |d| styler.print(d));
    if failures > 0 {
        eprintln!("{failures} failure(s)");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints diagnostics to standard error, in colour only on a terminal and never with NO_COLOR.
struct Styler {
    color: bool,
}

impl Styler {
    fn for_stderr() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Styler {
            color: !no_color && std::io::stderr().is_terminal(),
        }
    }

    fn print(&self, d: &Diagnostic) {
        let text = d.to_string();
        if !self.color {
            eprintln!("{text}");
            return;
        }
        let (word, code) = match d.severity {
            Severity::Warning => ("warning", "33"),
            Severity::Error => ("error", "31"),
        };
        let colored = text.replacen(
            &format!(": {word}: "),
            &format!(": \x1b[1;{code}m{word}\x1b[0m: "),
            1,
        );
        eprintln!("{colored}");
    }
}
