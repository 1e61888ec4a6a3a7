//! External renderers: a program named `guidepress-<id>` on `PATH` is one more format.
//!
//! The protocol (documented for plugin authors in `docs/plugins.md`):
//!
//! - **Describe.** `guidepress-<id> --describe` prints one JSON object
//!   `{"extension": "tsv", "media_type": "text/tab-separated-values", "description": "…"}` and
//!   exits 0 (within 10 seconds).
//! - **Render.** `guidepress-<id>` (no arguments) reads the guide as guidepress JSON (the
//!   format of `--to json`, see [`super::json`]) on standard input and writes the output file
//!   to standard output. Options come as environment variables: `GUIDEPRESS_WIDTH`,
//!   `GUIDEPRESS_PAPER` (`a4`, `letter`, `a5`), `GUIDEPRESS_LANG` (the guide's language),
//!   `GUIDEPRESS_SOURCE` (the input's path), `GUIDEPRESS_OUTPUT` (the output's file name, or
//!   `-` for standard output), `GUIDEPRESS_VERSION`, and `SOURCE_DATE_EPOCH` when set.
//!   Standard error is for messages.
//! - **Failure.** A non-zero exit, a crash, no output at all, or running longer than the time
//!   limit (`GUIDEPRESS_PLUGIN_TIMEOUT` seconds, default 60) is an error that quotes the
//!   program's standard error; nothing is written.
//!
//! An id is lower-case letters, digits and `-`; a program whose id is a built-in format's is
//! ignored (built-ins cannot be replaced from `PATH`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::{RenderContext, RenderError, Renderer, json};
use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use crate::process;

/// The prefix of plugin program names.
pub const PREFIX: &str = "guidepress-";

/// A program on `PATH` that renders guides.
#[derive(Debug, Clone)]
pub struct ExternalRenderer {
    id: String,
    program: PathBuf,
    extension: String,
    media_type: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Describe {
    extension: String,
    media_type: String,
    description: String,
}

/// How long `--describe` may take.
const DESCRIBE_TIMEOUT: Duration = Duration::from_secs(10);

impl ExternalRenderer {
    /// Asks `program` to describe itself. `id` is the part of its name after the prefix.
    pub fn describe(id: &str, program: &Path) -> Result<ExternalRenderer, String> {
        let done = process::run(program, &["--describe"], &[], b"", DESCRIBE_TIMEOUT)
            .map_err(|e| format!("`{} --describe` {e}", program.display()))?;
        let d: Describe = serde_json::from_slice(&done.stdout).map_err(|e| {
            format!(
                "`{} --describe` must print one JSON object {{\"extension\", \"media_type\", \"description\"}}: {e}",
                program.display()
            )
        })?;
        let ext_ok = !d.extension.is_empty()
            && d.extension
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_')
            && !d.extension.starts_with('.');
        if !ext_ok {
            return Err(format!(
                "`{} --describe`: extension `{}` must be letters, digits, `-`, `_` or inner dots (no leading dot)",
                program.display(),
                d.extension
            ));
        }
        Ok(ExternalRenderer {
            id: id.to_owned(),
            program: program.to_path_buf(),
            extension: d.extension,
            media_type: d.media_type,
            description: d.description.lines().next().unwrap_or("").to_owned(),
        })
    }

    /// The program's path.
    pub fn program(&self) -> &Path {
        &self.program
    }
}

/// Whether `id` may name a plugin.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The programs `guidepress-<id>` on `PATH`, first one of each id, sorted by id.
pub fn discover() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    let Some(path) = std::env::var_os("PATH") else {
        return found;
    };
    for dir in std::env::split_paths(&path) {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<_> = entries.flatten().collect();
        names.sort_by_key(|e| e.file_name());
        for e in names {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_prefix(PREFIX) else {
                continue;
            };
            let id = id.strip_suffix(".exe").unwrap_or(id);
            if valid_id(id) && is_executable(&e.path()) && !found.iter().any(|(f, _)| f == id) {
                found.push((id.to_owned(), e.path()));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The program for one id on `PATH`, if any.
pub fn find(id: &str) -> Option<PathBuf> {
    if !valid_id(id) {
        return None;
    }
    discover()
        .into_iter()
        .find(|(f, _)| f == id)
        .map(|(_, p)| p)
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// The render time limit: `GUIDEPRESS_PLUGIN_TIMEOUT` seconds, default 60.
pub fn timeout() -> Duration {
    std::env::var("GUIDEPRESS_PLUGIN_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(Duration::from_secs(60), Duration::from_secs_f64)
}

impl Renderer for ExternalRenderer {
    fn id(&self) -> &str {
        &self.id
    }

    fn extension(&self) -> &str {
        &self.extension
    }

    fn media_type(&self) -> &str {
        &self.media_type
    }

    fn description(&self) -> &str {
        &self.description
    }

    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let input = json::to_json(guide);
        let o = &ctx.options;
        let mut env = vec![
            ("GUIDEPRESS_WIDTH", o.width.to_string()),
            ("GUIDEPRESS_PAPER", o.paper.name().to_owned()),
            ("GUIDEPRESS_LANG", guide.language()),
            ("GUIDEPRESS_SOURCE", ctx.source.display().to_string()),
            (
                "GUIDEPRESS_OUTPUT",
                o.output_name.clone().unwrap_or_else(|| "-".to_owned()),
            ),
            ("GUIDEPRESS_VERSION", env!("CARGO_PKG_VERSION").to_owned()),
        ];
        if let Some(epoch) = o.source_date_epoch {
            env.push(("SOURCE_DATE_EPOCH", epoch.to_string()));
        }
        let what = format!("renderer `{}` ({})", self.id, self.program.display());
        let done = process::run(&self.program, &[], &env, &input, timeout())
            .map_err(|e| RenderError(format!("{what} {e}")))?;
        if done.stdout.is_empty() {
            let said = done.stderr.trim();
            return Err(RenderError(if said.is_empty() {
                format!("{what} wrote nothing")
            } else {
                format!("{what} wrote nothing; it said:\n{said}")
            }));
        }
        for line in done.stderr.lines().filter(|l| !l.trim().is_empty()) {
            // One kind of warning per renderer, however many lines it writes.
            ctx.warnings.push(
                Diagnostic::file_warning(&ctx.source, format!("{}: {line}", self.id)).with_hint(
                    format!(
                        "the renderer `{}` wrote this to its standard error",
                        self.program.display()
                    ),
                ),
            );
        }
        if done.stderr_dropped > 0 {
            // A kind of its own, so that the cap on the lines above does not hide it.
            ctx.warn(format!(
                "{}: the renderer wrote {} more bytes to its standard error, not shown",
                self.id, done.stderr_dropped
            ));
        }
        Ok(done.stdout)
    }
}
