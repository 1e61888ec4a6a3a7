//! Command-line interface: argument definitions (clap derive) and the commands.
//!
//! Exit codes: 0 success, 1 an input or output failed, 2 a usage error.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use guidepress::diagnostic::{Diagnostic, Severity};
use guidepress::input;
use guidepress::output::write_atomic;
use guidepress::render::{Paper, Registry, RenderContext, RenderOptions, Renderer, json};

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
    /// Add a body font to the front of the fallback chain (TTF/OTF/TTC; `file.ttc#N` picks
    /// face N). Repeatable. Bold text and code keep their own faces.
    #[arg(long = "font", value_name = "PATH")]
    fonts: Vec<String>,
    /// Add a bold font for strong text and headings (default: the installed bold of the
    /// `--font` family, else `--font` emboldened, else the bundled bold). Repeatable.
    #[arg(long = "font-bold", value_name = "PATH")]
    fonts_bold: Vec<String>,
    /// Add a monospaced font for code (default: the bundled JetBrains Mono). Repeatable.
    #[arg(long = "font-mono", value_name = "PATH")]
    fonts_mono: Vec<String>,
    /// Do not embed the Chinese font in EPUB output.
    #[arg(long)]
    no_embed_fonts: bool,
    /// Never use fonts installed on this machine (PDF): characters the bundled and `--font`
    /// fonts lack are then empty boxes, and the output does not depend on the machine.
    #[arg(long)]
    no_system_fonts: bool,
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
    options.fonts_bold = args.fonts_bold.clone();
    options.fonts_mono = args.fonts_mono.clone();
    options.embed_fonts = !args.no_embed_fonts;
    options.system_fonts = !args.no_system_fonts;
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
    if !to_stdout && let Err(e) = std::fs::create_dir_all(&args.output) {
        eprintln!(
            "error: cannot create output folder {}: {e}",
            args.output.display()
        );
        return ExitCode::from(1);
    }

    let mut failures = 0usize;
    let mut written: HashSet<PathBuf> = HashSet::new();
    for path in &args.inputs {
        let loaded = match input::load(path) {
            Ok(l) => l,
            Err(e) => {
                styler.print(&e);
                failures += 1;
                continue;
            }
        };
        for w in &loaded.warnings {
            styler.print(w);
        }
        let base_dir = if path == Path::new("-") {
            None
        } else {
            Some(
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf(),
            )
        };
        let stem = if path == Path::new("-") {
            "stdin".to_owned()
        } else {
            path.file_stem()
                .map_or_else(|| "guide".to_owned(), |s| s.to_string_lossy().into_owned())
        };
        for r in &formats {
            let mut ctx = RenderContext::for_input(path.clone(), base_dir.clone(), options.clone());
            let result = r.render(&loaded.guide, &mut ctx);
            for w in &ctx.warnings {
                styler.print(w);
            }
            let bytes = match result {
                Ok(b) => b,
                Err(e) => {
                    styler.print(&Diagnostic::file_error(
                        path,
                        format!("{} export failed: {e}", r.id()),
                    ));
                    failures += 1;
                    continue;
                }
            };
            if to_stdout {
                if let Err(e) = std::io::stdout().lock().write_all(&bytes) {
                    eprintln!("error: cannot write to standard output: {e}");
                    failures += 1;
                }
                continue;
            }
            let target = args.output.join(format!("{stem}.{}", r.extension()));
            if same_file(&target, path) {
                styler.print(
                    &Diagnostic::file_error(
                        path,
                        format!("the {} output would overwrite its own input", r.id()),
                    )
                    .with_hint("choose another output folder with -o"),
                );
                failures += 1;
                continue;
            }
            if !written.insert(target.clone()) {
                styler.print(
                    &Diagnostic::file_error(
                        path,
                        format!(
                            "{} was already written by another input in this run",
                            target.display()
                        ),
                    )
                    .with_hint("export inputs with the same file name to different folders"),
                );
                failures += 1;
                continue;
            }
            if let Err(e) = write_atomic(&target, &bytes) {
                styler.print(&Diagnostic::file_error(
                    &target,
                    format!("cannot write the output: {e}"),
                ));
                failures += 1;
            }
        }
    }
    if failures > 0 {
        eprintln!("{failures} failure(s)");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
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
