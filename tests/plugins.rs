//! External renderers (`guidepress-<id>` on `PATH`) through the command line: the two shipped
//! examples (Rust and Python) and every failure mode, none of which may leave an output file.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder for `PATH` with the example plugins and the test's own scripts.
fn plugin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_guidepress"));
    // `cargo test` builds the examples next to the binary's folder.
    let rust = bin.parent().unwrap().join("examples/guidepress-steps-csv");
    assert!(
        rust.exists(),
        "{} missing: `cargo test` builds examples",
        rust.display()
    );
    fs::copy(&rust, dir.path().join("guidepress-steps-csv")).unwrap();
    fs::copy(
        common::root().join("examples/plugins/guidepress-anki"),
        dir.path().join("guidepress-anki"),
    )
    .unwrap();
    dir
}

fn script(dir: &Path, id: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(format!("guidepress-{id}"));
    fs::write(
        &p,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --describe ]; then echo '{{\"extension\": \"out\", \"media_type\": \"text/plain\", \"description\": \"{id}\"}}'; exit 0; fi\n{body}\n"
        ),
    )
    .unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
}

fn gp(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_guidepress"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    c.env("PATH", std::env::join_paths(paths).unwrap());
    c
}

fn guide() -> PathBuf {
    common::root().join("source/unbind-digital-wallet-alipay.zh-CN.md")
}

#[test]
fn formats_lists_external_renderers() {
    let dir = plugin_dir();
    let out = gp(dir.path()).arg("formats").output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("steps-csv  .csv     the guide's steps as CSV"),
        "{s}"
    );
    assert!(
        s.contains("anki       .tsv     questions and answers as Anki cards"),
        "{s}"
    );
}

#[test]
fn the_example_renderers_write_their_files() {
    let dir = plugin_dir();
    let out_dir = tempfile::tempdir().unwrap();
    let out = gp(dir.path())
        .args(["export", "--to", "steps-csv,anki", "-o"])
        .arg(out_dir.path())
        .arg(guide())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = fs::read_to_string(
        out_dir
            .path()
            .join("unbind-digital-wallet-alipay.zh-CN.csv"),
    )
    .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 7, "a header and the six steps:\n{csv}");
    assert!(lines[1].starts_with("1,打开数字钱包应用,首先"), "{csv}");
    let tsv = fs::read_to_string(
        out_dir
            .path()
            .join("unbind-digital-wallet-alipay.zh-CN.tsv"),
    )
    .unwrap();
    let cards: Vec<&str> = tsv.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(cards.len(), 5, "five questions:\n{tsv}");
    assert!(
        cards[0].starts_with("绑定支付宝的数字钱包无法找到解绑选项\t"),
        "{tsv}"
    );
}

/// Exports with plugin `id` and expects a failure whose message contains `says`, and no file.
fn fails(id: &str, body: &str, says: &str) {
    let dir = tempfile::tempdir().unwrap();
    script(dir.path(), id, body);
    let out_dir = tempfile::tempdir().unwrap();
    let out = gp(dir.path())
        .env("GUIDEPRESS_PLUGIN_TIMEOUT", "1")
        .args(["export", "--to", id, "-o"])
        .arg(out_dir.path())
        .arg(guide())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{id}: {stderr}");
    assert!(stderr.contains(says), "{id}: {says:?} not in {stderr}");
    let written: Vec<_> = fs::read_dir(out_dir.path()).unwrap().flatten().collect();
    assert!(written.is_empty(), "{id}: left {written:?}");
}

#[test]
fn a_failing_renderer_is_an_error_with_its_message() {
    fails(
        "fail",
        "echo partial; echo 'boom: no licence' >&2; exit 3",
        "exited with status 3; it said:\nboom: no licence",
    );
}

#[test]
fn a_crashing_renderer_is_an_error() {
    fails(
        "crash",
        "echo partial; kill -SEGV $$",
        "was killed by a signal",
    );
}

#[test]
fn a_hanging_renderer_is_stopped() {
    let start = std::time::Instant::now();
    fails(
        "hang",
        "echo partial; sleep 30",
        "did not finish within 1 s",
    );
    assert!(
        start.elapsed().as_secs() < 20,
        "the child's sleep kept us waiting"
    );
}

#[test]
fn a_silent_renderer_is_an_error() {
    fails("silent", "cat >/dev/null; exit 0", "wrote nothing");
}

#[test]
fn a_renderer_that_cannot_describe_itself_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.path().join("guidepress-mute");
        fs::write(&p, "#!/bin/sh\necho not json\n").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = gp(dir.path())
        .args(["export", "--to", "mute", "-o", "-"])
        .arg(guide())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--describe` must print one JSON object"),
        "{stderr}"
    );
}

#[test]
fn options_reach_the_renderer() {
    let dir = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        "env",
        "cat >/dev/null; echo \"$GUIDEPRESS_WIDTH $GUIDEPRESS_PAPER $GUIDEPRESS_LANG $GUIDEPRESS_OUTPUT\"",
    );
    let out_dir = tempfile::tempdir().unwrap();
    let out = gp(dir.path())
        .args([
            "export", "--to", "env", "--width", "50", "--paper", "a5", "-o",
        ])
        .arg(out_dir.path())
        .arg(guide())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = fs::read_to_string(
        out_dir
            .path()
            .join("unbind-digital-wallet-alipay.zh-CN.out"),
    )
    .unwrap();
    assert_eq!(got, "50 a5 zh-CN unbind-digital-wallet-alipay.zh-CN.out\n");
}

// ---- filters and JSON on standard input ----------------------------------------------------

fn export_txt(dir: &Path, args: &[&str], md: &str) -> std::process::Output {
    let input = dir.join("g.md");
    fs::write(&input, md).unwrap();
    gp(dir)
        .args(["export", "--to", "txt", "-o", "-"])
        .args(args)
        .arg(&input)
        .output()
        .unwrap()
}

const INTERNAL: &str =
    "# Guide\n\n## Public\n\nFor everyone.\n\n## Escalation (internal)\n\nCall Bob.\n";

#[test]
fn the_example_filter_drops_internal_sections() {
    let dir = tempfile::tempdir().unwrap();
    let filter = common::root().join("examples/plugins/drop-internal");
    let out = export_txt(
        dir.path(),
        &["--filter", filter.to_str().unwrap()],
        INTERNAL,
    );
    let txt = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        txt.contains("For everyone.") && !txt.contains("Bob"),
        "{txt}"
    );
    assert!(
        stderr.contains("dropped internal section: Escalation (internal)"),
        "{stderr}"
    );
}

#[test]
fn filters_run_in_order_and_their_failures_name_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, body) in [
        ("upper", "sed 's/For everyone/FOR EVERYONE/'"),
        ("fail", "cat >/dev/null; echo 'no rules file' >&2; exit 2"),
        (
            "garbage",
            "cat >/dev/null; echo '{\"schema_version\": \"1.1.0\", \"meta\": 5}'",
        ),
        (
            "chatty",
            "i=0; while [ $i -lt 30 ]; do echo \"note $i\" >&2; i=$((i+1)); done; cat",
        ),
        (
            "noisy",
            "i=0; while [ $i -lt 3000 ]; do echo \"noise line $i of a chatty filter\" >&2; i=$((i+1)); done; cat",
        ),
        (
            "dupes",
            "python3 -c 'import json,sys; g=json.load(sys.stdin); g[\"sections\"].append(g[\"sections\"][0]); json.dump(g,sys.stdout)'",
        ),
    ] {
        use std::os::unix::fs::PermissionsExt;
        let p = d.join(name);
        fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = |n: &str| d.join(n).to_string_lossy().into_owned();
    let out = export_txt(d, &["--filter", &path("upper")], INTERNAL);
    assert!(String::from_utf8_lossy(&out.stdout).contains("FOR EVERYONE"));

    let out = export_txt(
        d,
        &["--filter", &path("upper"), "--filter", &path("fail")],
        INTERNAL,
    );
    let e = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{e}");
    assert!(
        e.contains(&format!(
            "filter `{}` exited with status 2; it said:\nno rules file",
            path("fail")
        )),
        "{e}"
    );
    assert!(out.stdout.is_empty());

    let out = export_txt(d, &["--filter", &path("garbage")], INTERNAL);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("returned an invalid guide for ")
            && e.contains("g.md: ")
            && e.contains("garbage"),
        "which input the filter failed on is said: {e}"
    );

    // Thirty lines on standard error are one kind of warning: ten shown, the rest counted.
    let out = export_txt(d, &["--filter", &path("chatty")], INTERNAL);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{e}");
    assert_eq!(e.matches("warning: filter").count(), 10, "{e}");
    assert!(e.contains("20 more warnings like"), "{e}");

    // More than is kept of its standard error: the filter still succeeds, and what was left
    // out is said in a warning of its own, which the cap on its lines does not hide.
    let out = export_txt(d, &["--filter", &path("noisy")], INTERNAL);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{e}");
    assert!(
        e.contains("more bytes to its standard error, not shown"),
        "{e}"
    );

    let out = export_txt(d, &["--filter", &path("dupes")], INTERNAL);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("returned an invalid guide") && e.contains("used twice"),
        "{e}"
    );

    let out = export_txt(d, &["--filter", "no-such-filter-xyz"], INTERNAL);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("filter `no-such-filter-xyz` not found"), "{e}");
}

#[test]
fn json_on_standard_input_is_recognised() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let json = gp(dir.path())
        .args(["export", "--to", "json", "-o", "-"])
        .arg(guide())
        .output()
        .unwrap()
        .stdout;
    for args in [
        &["export", "-", "--to", "txt", "-o", "-"][..],
        &["export", "-", "--from", "json", "--to", "txt", "-o", "-"],
    ] {
        let mut child = gp(dir.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&json).unwrap();
        let out = child.wait_with_output().unwrap();
        let txt = String::from_utf8(out.stdout).unwrap();
        assert!(
            txt.starts_with("如何解绑数字钱包与支付宝的详细步骤\n"),
            "{args:?}: {txt}"
        );
        assert!(txt.contains("步骤 6："), "{txt}");
    }
}
