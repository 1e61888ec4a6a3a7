//! Filters: programs that change a guide between parsing and rendering, in the spirit of
//! pandoc's JSON filters and mdBook's preprocessors.
//!
//! A filter reads the guide as guidepress JSON (the format of `--to json`) on standard input
//! and writes a guide in the same format to standard output. It gets `GUIDEPRESS_SOURCE` (the
//! input's path), `GUIDEPRESS_TO` (the formats being made, comma-separated) and
//! `GUIDEPRESS_VERSION`. Its result is read as JSON input is: schema version, structure and the
//! model's rules ([`crate::model::validate`]) are checked before any renderer sees it, and a
//! failure names the filter. Time limit and failure handling are those of external renderers
//! (`docs/plugins.md`).

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use crate::process;
use crate::render::{external, json};

/// Where a filter program is: a path (anything with a `/`) as it is, else a name on `PATH`.
pub fn resolve(filter: &str) -> Option<PathBuf> {
    if filter.contains(std::path::MAIN_SEPARATOR) || filter.contains('/') {
        let p = PathBuf::from(filter);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(filter))
        .find(|p| p.is_file())
}

/// Runs `filters` in order over `guide`. `source` is the input's path (for messages and the
/// filter's environment), `to` the formats being made. Returns the changed guide and, as
/// warnings, what the filters said on standard error.
pub fn apply(
    guide: Guide,
    filters: &[String],
    source: &Path,
    to: &str,
) -> Result<(Guide, Vec<Diagnostic>), Diagnostic> {
    let mut guide = guide;
    let mut said = Vec::new();
    for f in filters {
        let Some(program) = resolve(f) else {
            return Err(
                Diagnostic::file_error(source, format!("filter `{f}` not found"))
                    .with_hint("give a path to the filter program, or put it on PATH"),
            );
        };
        let env = [
            ("GUIDEPRESS_SOURCE", source.display().to_string()),
            ("GUIDEPRESS_TO", to.to_owned()),
            ("GUIDEPRESS_VERSION", env!("CARGO_PKG_VERSION").to_owned()),
        ];
        let done = process::run(&program, &[], &env, &json::to_json(&guide), external::timeout())
            .map_err(|e| {
                Diagnostic::file_error(source, format!("filter `{f}` {e}"))
                    .with_hint("a filter reads the guide's JSON on standard input and writes the changed guide's JSON to standard output")
            })?;
        // Errors in the result point into the filter's output, which has no file of its own.
        let name = PathBuf::from(format!("<output of filter `{f}`>"));
        guide = json::from_json(&done.stdout, &name).map_err(|mut e| {
            // Named by its input too: in a batch, which guide the filter failed on.
            e.message = format!(
                "filter `{f}` returned an invalid guide for {}: {}",
                source.display(),
                e.message
            );
            e
        })?;
        for line in done.stderr.lines().filter(|l| !l.trim().is_empty()) {
            // One kind of warning per filter, however many lines it writes.
            said.push(
                Diagnostic::file_warning(source, format!("filter `{f}`: {line}"))
                    .with_hint(format!("the filter `{f}` wrote this to its standard error")),
            );
        }
        if done.stderr_dropped > 0 {
            // A kind of its own, so that the cap on the lines above does not hide it.
            said.push(Diagnostic::file_warning(
                source,
                format!(
                    "filter `{f}` wrote {} more bytes to its standard error, not shown",
                    done.stderr_dropped
                ),
            ));
        }
    }
    Ok((guide, said))
}
