//! Command-line interface: argument definitions (clap derive) and the commands.
//!
//! Exit codes: 0 success, 1 an input or output failed, 2 a usage error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use guidepress::diagnostic::{Diagnostic, Repeats, SHOWN_PER_KIND, Severity};
use guidepress::input;
use guidepress::job::{Destination, Job};
use guidepress::render::{BUILTIN_IDS, Paper, Registry, RenderOptions, Renderer, json};

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
    #[command(after_help = "Examples:
  guidepress export guide.md                      # every format, into the current folder
  guidepress export guide.md --to pdf,epub -o out --toc
  guidepress export guide.md --to txt -o -        # to standard output
  guidepress export guide.md --filter ./number-figures --to html")]
    Export(ExportArgs),
    /// Build a book: the chapters listed in guidepress.toml, as one guide, to the formats the
    /// project names.
    #[command(after_help = "Examples:
  guidepress init handbook && cd handbook
  guidepress build                     # the project in the current folder
  guidepress build handbook --to pdf   # one format; -o changes the output folder
  guidepress build --watch             # rebuild whenever a chapter, image or the project changes")]
    Build(BuildArgs),
    /// Write a starter book (guidepress.toml and two chapters) that builds as it is.
    #[command(after_help = "Examples:
  guidepress init handbook
  guidepress init --lang en --title \"Field manual\"")]
    Init {
        /// The folder to write it in (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The book's title.
        #[arg(long)]
        title: Option<String>,
        /// The book's language (BCP 47): `zh-CN` writes Chinese chapters, anything else English.
        #[arg(long, default_value = "zh-CN")]
        lang: String,
    },
    /// List the available output formats (built in, and `guidepress-<id>` programs on PATH).
    #[command(after_help = "Example:\n  guidepress formats")]
    Formats,
    /// Parse guides, print the outline recognised (steps, key points, questions) and report
    /// every warning and error with file:line:column, those of the formats too: each is
    /// rendered in memory and nothing is written.
    #[command(after_help = "Examples:
  guidepress check guide.md
  guidepress check docs/ --to pdf,epub
  guidepress check \"docs/**/*.md\" --to none   # parse only")]
    Check(CheckArgs),
    /// Print the JSON Schema (draft 2020-12) of the JSON format.
    #[command(after_help = "Example:\n  guidepress schema > guide.schema.json")]
    Schema,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Examples:
  guidepress completions bash > ~/.local/share/bash-completion/completions/guidepress
  guidepress completions zsh > ~/.zfunc/_guidepress")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  guidepress man > guidepress.1 && man -l guidepress.1")]
    Man,
}

/// What a run reads, and the filters it runs over each guide: the same for `export` and
/// `check`.
#[derive(Debug, clap::Args)]
struct SourceArgs {
    /// Markdown (.md) or guidepress JSON (.json) files, folders of guides, glob patterns
    /// (`"docs/**/*.md"`), or a book's project file (guidepress.toml); `-` reads standard
    /// input (Markdown, or guidepress JSON, recognised by its `schema_version`).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// What the inputs are: by extension (`auto`), or all `markdown` or all `json`.
    #[arg(long, value_enum, default_value = "auto")]
    from: FromArg,
    /// A program that changes the guide between parsing and rendering: it reads the guide's
    /// JSON on standard input and writes the changed guide's JSON (see docs/plugins.md).
    /// Repeatable; filters run in order.
    #[arg(long = "filter", value_name = "PROGRAM")]
    filters: Vec<String>,
    /// Read images and theme files (logo, cover, fonts, CSS) relative to DIR instead of each
    /// input's own folder, and only inside it: for standard input (which has no folder) and
    /// for JSON written away from its Markdown (`… -o - | my-filter | guidepress export -
    /// --base-dir docs`).
    #[arg(long = "base-dir", value_name = "DIR")]
    base_dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    #[command(flatten)]
    sources: SourceArgs,
    /// Comma-separated format ids (see `guidepress formats`), or `all`.
    #[arg(
        short = 't',
        long = "to",
        value_name = "FORMATS",
        default_value = "all"
    )]
    to: String,
    /// Where outputs go: a folder (created if missing; an existing folder or a path ending in
    /// `/` is always one), or, when the run makes one output, a file name with an extension
    /// (`-o handout.pdf`); `-` writes to standard output (one input and one format only).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR|FILE",
        default_value = "."
    )]
    output: PathBuf,
    /// Write binary output (PDF, EPUB) to standard output even when it is a terminal.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    render: RenderArgs,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    sources: SourceArgs,
    /// The formats whose warnings are reported too (an SVG image a PDF cannot show, a link an
    /// ebook cannot carry): comma-separated ids, `all`, or `none` to parse only.
    #[arg(
        short = 't',
        long = "to",
        value_name = "FORMATS",
        default_value = "all"
    )]
    to: String,
    #[command(flatten)]
    render: RenderArgs,
    /// How many inputs to check at once (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Print every warning and note. By default a file's warnings (or notes) of one kind
    /// stop after ten, and a note says how many more there were.
    #[arg(long)]
    all_warnings: bool,
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The book's folder (holding guidepress.toml), or the project file itself.
    #[arg(default_value = ".")]
    project: PathBuf,
    /// Comma-separated format ids, or `all` (default: the project's `[build] formats`).
    #[arg(short = 't', long = "to", value_name = "FORMATS")]
    to: Option<String>,
    /// The output folder (default: the project's `[build] output`).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    #[command(flatten)]
    render: RenderArgs,
    #[command(flatten)]
    run: RunArgs,
}

/// How a run goes: parallelism, what is printed, watching.
#[derive(Debug, clap::Args)]
struct RunArgs {
    /// How many inputs to work on at once (default: one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Print errors only: no warnings, progress bar or summary.
    #[arg(short = 'q', long)]
    quiet: bool,
    /// Print every warning. By default a file's warnings of one kind stop after ten, and a
    /// note says how many more there were.
    #[arg(long)]
    all_warnings: bool,
    /// Keep running and do it again when an input, chapter, image or project file changes
    /// (Ctrl-C stops). Errors are reported and watching goes on.
    #[arg(short = 'w', long)]
    watch: bool,
}

/// Renderer options. For `build`, each one given overrides the project's `[options]`.
#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// Line width of text output, in display columns (CJK characters count two) [default: 72].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(16..=1000))]
    width: Option<u16>,
    /// Paper size of paged output [default: a4].
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,
    /// Add a table of contents with page numbers (PDF).
    #[arg(long)]
    toc: bool,
    /// Give the title its own page (PDF; books have one unless the project says otherwise).
    #[arg(long)]
    title_page: bool,
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
    /// Leave the PDF untagged: no structure tree for screen readers and reflow. Saves about
    /// a quarter of the time and half the size on very long documents; the PDF is then no
    /// longer accessible (not PDF/UA).
    #[arg(long)]
    no_tags: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FromArg {
    Auto,
    Markdown,
    Json,
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
    let mut styler = Styler::for_stderr();
    styler.all = match &cli.command {
        Command::Check(args) => args.all_warnings,
        Command::Export(args) => args.run.all_warnings,
        Command::Build(args) => args.run.all_warnings,
        _ => false,
    };
    match cli.command {
        Command::Formats => {
            // External renderers (`guidepress-<id>` on PATH) are listed too.
            let mut registry = registry;
            for problem in registry.add_all_plugins() {
                eprintln!("warning: {problem}");
            }
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
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "guidepress", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            // The main page, then one page per command (guidepress-export(1), …) in the same
            // roff stream, so that one file documents every option.
            let cmd = Cli::command();
            let mut page = Vec::new();
            let mut result = clap_mangen::Man::new(cmd.clone()).render(&mut page);
            for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
                let name = format!("guidepress-{}", sub.get_name());
                let sub = sub.clone().name(name.clone()).bin_name(name);
                result = result.and_then(|()| clap_mangen::Man::new(sub).render(&mut page));
            }
            if let Err(e) = result {
                eprintln!("error: cannot write the man page: {e}");
                return ExitCode::from(1);
            }
            let _ = std::io::stdout().lock().write_all(&page);
            ExitCode::SUCCESS
        }
        Command::Check(args) => check(args, &styler),
        Command::Export(args) => export(args, &styler),
        Command::Build(args) => build(args, &styler),
        Command::Init { dir, title, lang } => {
            match guidepress::book::init(&dir, title.as_deref(), &lang) {
                Ok(files) => {
                    for f in &files {
                        eprintln!("wrote {}", f.display());
                    }
                    let cd = if dir == Path::new(".") {
                        String::new()
                    } else {
                        format!("cd {} && ", dir.display())
                    };
                    eprintln!("next: {cd}guidepress build");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// Why the formats a run names cannot be had: what to say, and the exit code (1 for a plugin
/// that cannot be used, 2 for a usage error).
struct FormatError(String, u8);

impl FormatError {
    /// Prints it as a command-line error and gives its exit code.
    fn report(self) -> ExitCode {
        eprintln!("error: {}", self.0);
        ExitCode::from(self.1)
    }
}

/// The registry a run picks its formats from: the built-in renderers, plus the external
/// renderer of every id in `to` that is not built in (`all` is the built-in formats only).
fn registry_for(to: &str) -> Result<Registry, FormatError> {
    let builtin = Registry::builtin();
    let mut registry = Registry::builtin();
    for id in to.split(',').map(str::trim) {
        if id != "all"
            && !id.is_empty()
            && builtin.get(id).is_none()
            && !BUILTIN_IDS.contains(&id)
            && let Err(e) = registry.add_plugin(id)
        {
            return Err(FormatError(e.to_string(), 1));
        }
    }
    Ok(registry)
}

/// The renderers `to` names (each once, in the order given), or `all` built-in ones.
fn pick_formats<'a>(
    registry: &'a Registry,
    to: &str,
) -> Result<Vec<&'a dyn Renderer>, FormatError> {
    if to.trim() == "all" {
        return Ok(registry
            .iter()
            .filter(|r| BUILTIN_IDS.contains(&r.id()))
            .collect());
    }
    let usage = |msg: String| Err(FormatError(msg, 2));
    let mut list: Vec<&dyn Renderer> = Vec::new();
    for id in to.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match registry.get(id) {
            Some(r) => {
                if !list.iter().any(|x| x.id() == r.id()) {
                    list.push(r)
                }
            }
            None if BUILTIN_IDS.contains(&id) => {
                return usage(format!(
                    "format `{id}` is not compiled into this guidepress (it was built without the Cargo feature `{id}`); known formats: {}",
                    registry.ids().join(", ")
                ));
            }
            None if id == "all" => {
                return usage(format!(
                    "`all` stands alone: write `--to all`, or list the formats you want ({})",
                    registry.ids().join(", ")
                ));
            }
            None if registry.get(&id.to_ascii_lowercase()).is_some() => {
                return usage(format!(
                    "unknown format `{id}`; format ids are lower case: `{}`",
                    id.to_ascii_lowercase()
                ));
            }
            None => {
                return usage(format!(
                    "unknown format `{id}`; known formats: {}, or `all` (an external renderer is a program named `guidepress-{id}` on PATH)",
                    registry.ids().join(", ")
                ));
            }
        }
    }
    if list.is_empty() {
        return usage(format!(
            "--to names no format; known formats: {}",
            registry.ids().join(", ")
        ));
    }
    Ok(list)
}

impl RenderArgs {
    /// Sets on `options` what the command line gives; the rest stays as it is.
    fn apply(&self, options: &mut RenderOptions) {
        if let Some(w) = self.width {
            options.width = usize::from(w);
        }
        if let Some(p) = self.paper {
            options.paper = match p {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
                PaperArg::A5 => Paper::A5,
            };
        }
        options.toc |= self.toc;
        options.title_page |= self.title_page;
        options.checklist |= self.checklist;
        options.fonts.extend(self.fonts.iter().cloned());
        options.fonts_bold.extend(self.fonts_bold.iter().cloned());
        options.fonts_mono.extend(self.fonts_mono.iter().cloned());
        options.embed_fonts &= !self.no_embed_fonts;
        options.system_fonts &= !self.no_system_fonts;
        options.tags &= !self.no_tags;
    }
}

/// `SOURCE_DATE_EPOCH`, when set: the build date of reproducible outputs.
fn source_date_epoch(options: &mut RenderOptions) -> Result<(), ExitCode> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => match v.trim().parse::<i64>() {
            Ok(secs) => {
                options.source_date_epoch = Some(secs);
                Ok(())
            }
            Err(_) => {
                eprintln!(
                    "error: SOURCE_DATE_EPOCH must be a whole number of seconds, found `{v}`"
                );
                Err(ExitCode::from(2))
            }
        },
        _ => Ok(()),
    }
}

fn jobs(run: &RunArgs) -> usize {
    run.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    )
}

fn export(args: ExportArgs, styler: &Styler) -> ExitCode {
    let registry = match registry_for(&args.to) {
        Ok(r) => r,
        Err(e) => return e.report(),
    };
    let formats = match pick_formats(&registry, &args.to) {
        Ok(f) => f,
        Err(e) => return e.report(),
    };
    let to_stdout = args.output == Path::new("-");
    if to_stdout && args.run.watch {
        eprintln!(
            "error: --watch writes files again on every change; name an output folder with -o"
        );
        return ExitCode::from(2);
    }
    if args.run.watch && args.sources.inputs.iter().any(|i| i == Path::new("-")) {
        eprintln!("error: --watch cannot watch standard input; name the input files");
        return ExitCode::from(2);
    }
    let inputs =
        match guidepress::inputs::expand_arguments(&args.sources.inputs, Some(&args.output)) {
            Ok(i) => i,
            Err(errors) => {
                for e in &errors {
                    styler.print(e);
                }
                return ExitCode::from(1);
            }
        };
    // What `-o` means depends on how many outputs the run makes (folders count their guides).
    let destination = match Destination::from_arg(&args.output, inputs.len() * formats.len()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Destination::File(file) = &destination
        && let Some(r) = formats.first()
        && !file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case(r.extension()))
    {
        // `-o build.v2` is a file here; say so, since a folder may have been meant.
        eprintln!(
            "warning: `-o {}` is taken as the output file (a {} file); end it with `/` to make it a folder",
            file.display(),
            r.id()
        );
    }
    if to_stdout && (inputs.len() != 1 || formats.len() != 1) {
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
    args.render.apply(&mut options);
    if let Err(code) = source_date_epoch(&mut options) {
        return code;
    }
    let job = Job {
        inputs,
        formats,
        destination,
        options,
        from: from_arg(args.sources.from),
        filters: args.sources.filters,
        base_dir: args.sources.base_dir,
        to: args.to.clone(),
        jobs: jobs(&args.run),
    };
    let code = run_job(&job, args.run.quiet, styler);
    if !args.run.watch {
        return code;
    }
    watch_export(
        job,
        &args.sources.inputs,
        &args.output,
        args.run.quiet,
        styler,
    )
}

/// `guidepress check`: an export run that writes nothing (see [`Destination::Check`]), with a
/// line per input saying how it went.
fn check(args: CheckArgs, styler: &Styler) -> ExitCode {
    let parse_only = args.to.trim() == "none";
    let registry = match registry_for(if parse_only { "all" } else { &args.to }) {
        Ok(r) => r,
        Err(e) => return e.report(),
    };
    let formats = if parse_only {
        Vec::new()
    } else {
        match pick_formats(&registry, &args.to) {
            Ok(f) => f,
            Err(e) => return e.report(),
        }
    };
    let inputs = match guidepress::inputs::expand_arguments(&args.sources.inputs, None) {
        Ok(i) => i,
        Err(errors) => {
            for e in &errors {
                styler.print(e);
            }
            return ExitCode::from(1);
        }
    };
    let mut options = RenderOptions::default();
    args.render.apply(&mut options);
    if let Err(code) = source_date_epoch(&mut options) {
        return code;
    }
    let run = RunArgs {
        jobs: args.jobs,
        quiet: false,
        all_warnings: args.all_warnings,
        watch: false,
    };
    let job = Job {
        inputs,
        formats,
        destination: Destination::Check,
        options,
        from: from_arg(args.sources.from),
        filters: args.sources.filters,
        base_dir: args.sources.base_dir,
        to: args.to,
        jobs: jobs(&run),
    };
    let mut repeats = styler.repeats();
    // Counts of the input being reported: (warnings, notes, errors).
    let counts = std::cell::Cell::new((0, 0, 0));
    let summary = job.run(
        &mut std::io::stdout().lock(),
        &mut |d| {
            let (w, n, e) = counts.get();
            counts.set(match d.severity {
                Severity::Warning => (w + 1, n, e),
                Severity::Note => (w, n + 1, e),
                Severity::Error => (w, n, e + 1),
            });
            if repeats.admit(d) {
                styler.print(d);
            }
        },
        &mut |_, _, input| {
            let (warnings, notes, errors) = counts.replace((0, 0, 0));
            if errors == 0 {
                eprintln!(
                    "{}: ok, {warnings} warning(s), {notes} note(s)",
                    input.display()
                );
            } else {
                eprintln!("{}: {errors} error(s)", input.display());
            }
        },
    );
    for held in repeats.held_back(SHOW_ALL) {
        styler.print(&held);
    }
    if summary.failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn from_arg(from: FromArg) -> input::InputFormat {
    match from {
        FromArg::Auto => input::InputFormat::Auto,
        FromArg::Markdown => input::InputFormat::Markdown,
        FromArg::Json => input::InputFormat::Json,
    }
}

fn build(args: BuildArgs, styler: &Styler) -> ExitCode {
    let project = match guidepress::book::Project::load(&args.project) {
        Ok(p) => p,
        Err(e) => {
            styler.print(&e);
            return ExitCode::from(1);
        }
    };
    let to = args.to.clone().unwrap_or_else(|| project.formats.join(","));
    // A format the project file names is its mistake: said at its place there.
    let failed = |e: FormatError| match (&args.to, project.formats_at) {
        (None, Some((line, column))) => {
            styler.print(
                &Diagnostic::error(&project.file, line, column, e.0)
                    .with_hint("`guidepress formats` lists the format ids"),
            );
            ExitCode::from(1)
        }
        _ => e.report(),
    };
    let registry = match registry_for(&to) {
        Ok(r) => r,
        Err(e) => return failed(e),
    };
    let formats = match pick_formats(&registry, &to) {
        Ok(f) => f,
        Err(e) => return failed(e),
    };
    let mut options = project.options();
    args.render.apply(&mut options);
    if let Err(code) = source_date_epoch(&mut options) {
        return code;
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| project.output.clone());
    let mut job = Job {
        inputs: vec![guidepress::inputs::Input {
            path: project.file.clone(),
            subdir: PathBuf::new(),
            name: Some(project.name.clone()),
        }],
        formats,
        destination: Destination::Folder(output.clone()),
        options,
        from: input::InputFormat::Auto,
        filters: Vec::new(),
        base_dir: None,
        to: to.clone(),
        jobs: jobs(&args.run),
    };
    let code = run_job(&job, args.run.quiet, styler);
    if !args.run.watch {
        return code;
    }
    // Everything under the project folder but the outputs: chapters, images, the project
    // file (re-read on each change, so new chapters and options count).
    let ignore = guidepress::watch::Outputs::default();
    ignore.set(planned_outputs(&job));
    let roots = vec![project.dir.clone()];
    watch_loop(&roots, &ignore, Some(&output), styler, &mut |_changed| {
        match guidepress::book::Project::load(&project.file) {
            Ok(p) => {
                let mut options = p.options();
                args.render.apply(&mut options);
                let _ = source_date_epoch(&mut options);
                job.options = options;
                job.inputs[0].name = Some(p.name.clone());
            }
            Err(e) => {
                styler.print(&e);
                return;
            }
        }
        run_job(&job, args.run.quiet, styler);
    })
}

/// Runs a job with a progress bar for batches on a terminal, the diagnostics, and a summary.
fn run_job(job: &Job<'_>, quiet: bool, styler: &Styler) -> ExitCode {
    let started = std::time::Instant::now();
    // A progress bar for batches, on a terminal only; nothing but diagnostics elsewhere.
    let terminal = std::io::stderr().is_terminal() && !quiet;
    let bar = (terminal && job.inputs.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(job.inputs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut repeats = styler.repeats();
    let summary = job.run(
        &mut std::io::stdout().lock(),
        &mut |d| {
            if quiet && d.severity != Severity::Error || !repeats.admit(d) {
                return;
            }
            match &bar {
                Some(bar) => bar.suspend(|| styler.print(d)),
                None => styler.print(d),
            }
        },
        &mut |done, _total, input| {
            if let Some(bar) = &bar {
                bar.set_position(done as u64);
                bar.set_message(input.display().to_string());
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for held in repeats.held_back(SHOW_ALL) {
        styler.print(&held);
    }
    if terminal && job.inputs.len() > 1 {
        eprintln!(
            "{} file(s), {} output(s), {} warning(s), {} failure(s) in {:.1} s",
            summary.inputs,
            summary.outputs,
            summary.warnings,
            summary.failures,
            started.elapsed().as_secs_f64()
        );
    }
    if summary.failures > 0 {
        eprintln!("{} failure(s)", summary.failures);
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files a run writes: their changes are not changes of its inputs.
fn planned_outputs(job: &Job<'_>) -> Vec<PathBuf> {
    job.plan()
        .map(|targets| targets.into_iter().filter_map(|t| t.path).collect())
        .unwrap_or_default()
}

/// Watches `roots` and calls `again` with the changed paths after each burst of changes.
fn watch_loop(
    roots: &[PathBuf],
    ignore: &guidepress::watch::Outputs,
    output: Option<&Path>,
    styler: &Styler,
    again: &mut dyn FnMut(&[PathBuf]),
) -> ExitCode {
    let ready = &mut || eprintln!("watching for changes (Ctrl-C stops)");
    let result = guidepress::watch::watch(roots, ignore, output, ready, &mut |changed| {
        if let Some(first) = changed.first() {
            eprintln!(
                "changed: {}{}",
                first.display(),
                if changed.len() > 1 {
                    format!(" and {} more", changed.len() - 1)
                } else {
                    String::new()
                }
            );
        }
        again(changed);
        true
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            styler.print(&e);
            ExitCode::from(1)
        }
    }
}

/// `export --watch`: after the first run, re-runs the inputs a change concerns (see
/// [`guidepress::watch::affected`]); a new guide in a watched folder is picked up.
fn watch_export(
    mut job: Job<'_>,
    args: &[PathBuf],
    output: &Path,
    quiet: bool,
    styler: &Styler,
) -> ExitCode {
    let roots = guidepress::watch::roots(args);
    let ignore = guidepress::watch::Outputs::default();
    ignore.set(planned_outputs(&job));
    let mut current = job.inputs.clone();
    watch_loop(&roots, &ignore, Some(output), styler, &mut |changed| {
        // Folders and patterns are expanded again: guides may have come or gone, and the
        // outputs of new ones are the run's own writes from now on.
        if let Ok(now) = guidepress::inputs::expand_arguments(args, Some(output)) {
            current = now;
            job.inputs = current.clone();
            ignore.set(planned_outputs(&job));
        }
        let picked = guidepress::watch::affected(&current, changed);
        if picked.is_empty() {
            return;
        }
        job.inputs = picked.into_iter().map(|i| current[i].clone()).collect();
        run_job(&job, quiet, styler);
    })
}

/// Prints diagnostics to standard error: in colour on a terminal or with `CLICOLOR_FORCE`
/// (as clap's own messages), never with `NO_COLOR`.
struct Styler {
    color: bool,
    /// `--all-warnings`: no warning is held back as a repeat.
    all: bool,
}

/// What a note about held-back repeats tells the reader to do.
const SHOW_ALL: &str = "pass --all-warnings to print every one";

impl Styler {
    fn for_stderr() -> Self {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
        Styler {
            color: !set("NO_COLOR") && (set("CLICOLOR_FORCE") || std::io::stderr().is_terminal()),
            all: false,
        }
    }

    /// What keeps repeated warnings of one kind from flooding the terminal.
    fn repeats(&self) -> Repeats {
        Repeats::new((!self.all).then_some(SHOWN_PER_KIND))
    }

    fn print(&self, d: &Diagnostic) {
        let text = d.to_string();
        if !self.color {
            eprintln!("{text}");
            return;
        }
        let (word, code) = match d.severity {
            Severity::Note => ("note", "36"),
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
