//! Command-line behaviour: outputs, standard output, every error path and exit code.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn gp() -> Command {
    let mut c = Command::cargo_bin("guidepress").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    c
}

fn zh() -> std::path::PathBuf {
    common::guides()[0].clone()
}

#[test]
fn export_all_writes_one_file_per_format() {
    let dir = tempfile::tempdir().unwrap();
    gp().args(["export", "--to", "json,txt", "-o"])
        .arg(dir.path())
        .arg(zh())
        .assert()
        .success();
    for ext in ["json", "txt"] {
        let p = dir
            .path()
            .join(format!("unbind-digital-wallet-alipay.zh-CN.{ext}"));
        assert!(p.is_file(), "{} missing", p.display());
    }
    // Nothing else, in particular no temporary files.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn export_to_stdout() {
    gp().args(["export", "--to", "txt", "-o", "-"])
        .arg(zh())
        .assert()
        .success()
        .stdout(contains("步骤 1：打开数字钱包应用"));
}

#[test]
fn stdout_needs_one_input_and_one_format() {
    gp().args(["export", "--to", "json,txt", "-o", "-"])
        .arg(zh())
        .assert()
        .code(2)
        .stderr(contains("exactly one input and one format"));
}

#[test]
fn unknown_format_lists_known_ones() {
    gp().args(["export", "--to", "docx"])
        .arg(zh())
        .assert()
        .code(2)
        .stderr(
            contains("unknown format `docx`")
                .and(contains("json"))
                .and(contains("txt")),
        );
    // Near misses say what was meant.
    gp().args(["export", "--to", "TXT"])
        .arg(zh())
        .assert()
        .code(2)
        .stderr(contains("format ids are lower case: `txt`"));
    gp().args(["export", "--to", "all,txt"])
        .arg(zh())
        .assert()
        .code(2)
        .stderr(contains("`all` stands alone"));
}

#[test]
fn usage_errors_exit_2() {
    gp().assert().code(2);
    gp().args(["export"]).assert().code(2);
    gp().args(["export", "--width", "3"])
        .arg(zh())
        .assert()
        .code(2);
    gp().args(["frobnicate"]).assert().code(2);
}

#[test]
fn missing_input_exits_1_and_names_it() {
    gp().args(["export", "-o", "-", "--to", "txt", "no/such/guide.md"])
        .assert()
        .code(1)
        .stderr(contains("no/such/guide.md: error: cannot read the file"));
}

#[test]
fn not_utf8_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.md");
    fs::write(&p, b"# T\n\nok\n\xe4\xb8\xad\xff\n").unwrap();
    gp().args(["check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains("bad.md:4:2: error: the file is not valid UTF-8"));
    // A UTF-16 file says so with its byte-order mark: the advice names UTF-16.
    fs::write(&p, b"\xff\xfe#\x00 \x00T\x00").unwrap();
    gp().args(["check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains("iconv -f UTF-16 -t UTF-8"));
}

#[test]
fn malformed_front_matter_names_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fm.md");
    fs::write(&p, "---\ntitle: T\ndate: [1, 2]\n---\n\ntext\n").unwrap();
    gp().args(["check"]).arg(&p).assert().code(1).stderr(
        contains("fm.md:3:7: error: front matter `date` must be a date string, found a list")
            .and(contains("help:")),
    );
    fs::write(&p, "---\ntitle: [unclosed\n---\n").unwrap();
    gp().args(["check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains("error: malformed YAML front matter"));
}

#[test]
fn check_reports_warnings_with_positions_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("w.md");
    fs::write(
        &p,
        "## Steps\n\n![x](missing.png)\n\n[y](#nowhere)\n\n1. **S**：\n2. **T**：body\n",
    )
    .unwrap();
    gp().args(["check"]).arg(&p).assert().success().stderr(
        contains("w.md:3:1: warning: image `missing.png` cannot be used: not found")
            .and(contains(
                "w.md:5:1: warning: internal link `#nowhere` points to no heading",
            ))
            .and(contains(
                "w.md:7:1: warning: step 1 has a title but no body",
            ))
            .and(contains(
                "w.md:1:1: warning: the guide has no title: using the file name `w`",
            ))
            .and(contains("ok, 4 warning(s), 0 note(s)")),
    );
}

#[test]
fn repeated_warnings_stop_after_ten_and_are_counted() {
    // 25 broken internal links, two missing images: one kind floods, the other does not.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("many.md");
    let links: String = (0..25).map(|i| format!("[l{i}](#x{i}) ")).collect();
    fs::write(&p, format!("# T\n\n{links}\n\n![a](a.png) ![b](b.png)\n")).unwrap();
    let count = |stderr: &[u8], what: &str| String::from_utf8_lossy(stderr).matches(what).count();
    let held = "many.md: note: 15 more warnings like \"internal link `#x0` points to no heading\" \
                not shown (25 in all)\n  help: pass --all-warnings to print every one";

    let out = gp()
        .args(["export", "--to", "txt", "-o"])
        .arg(dir.path().join("o"))
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(count(&out.stderr, "points to no heading"), 10 + 1);
    assert_eq!(count(&out.stderr, "many.md:1:"), 0);
    assert_eq!(count(&out.stderr, "cannot be used: not found"), 2);
    assert_eq!(
        count(&out.stderr, held),
        1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The eleventh link (`#x10`) is the first held back.
    assert_eq!(count(&out.stderr, "`#x9`"), 1);
    assert_eq!(count(&out.stderr, "`#x10`"), 0);

    let all = gp()
        .args(["export", "--all-warnings", "--to", "txt", "-o"])
        .arg(dir.path().join("o"))
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(count(&all.stderr, "points to no heading"), 25);
    assert_eq!(count(&all.stderr, "more warnings like"), 0);

    let check = gp().arg("check").arg(&p).output().unwrap();
    assert_eq!(count(&check.stderr, "points to no heading"), 10 + 1);
    assert_eq!(count(&check.stderr, held), 1);
    // The total still counts every warning (25 links, 2 images).
    assert_eq!(count(&check.stderr, "ok, 27 warning(s)"), 1);
    let check_all = gp()
        .args(["check", "--all-warnings"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(count(&check_all.stderr, "points to no heading"), 25);
}

/// A refused theme stylesheet or font is named as what it is (not as an image), and the
/// stylesheet, which EPUB and HTML both read, is reported once.
#[cfg(all(feature = "html", feature = "epub", feature = "pdf"))]
#[test]
fn refused_theme_files_are_reported_once_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("th.md");
    fs::write(
        &p,
        "---\ntitle: T\ncss: /etc/x.css\nfonts:\n  body: /etc/f.ttf\n---\n\n# T\n\nx\n",
    )
    .unwrap();
    let out = gp()
        .args(["export", "--to", "html,epub,pdf", "-o"])
        .arg(dir.path().join("o"))
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .matches("theme stylesheet `/etc/x.css` left out")
            .count(),
        1,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("theme font `/etc/f.ttf` left out").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("image"), "{stderr}");
}

#[test]
fn check_prints_the_outline_it_recognised() {
    let guide = common::root().join("source/unbind-digital-wallet-alipay.zh-CN.md");
    let out = gp().arg("check").arg(&guide).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // Written out by hand from the guide: one procedure, the reasons and the five answers'
    // points as key points, five questions.
    for line in [
        "  § 解绑数字钱包与支付宝的步骤\n      steps: 6 (line 23)\n",
        "  § 解绑数字钱包的原因\n      key points: 4 (line 34)\n",
        "      questions: 5 (line 43)\n        ? 绑定支付宝的数字钱包无法找到解绑选项\n          key points: 3 (line 47)\n",
    ] {
        assert!(stdout.contains(line), "{line:?} not in\n{stdout}");
    }
    assert_eq!(stdout.matches("steps:").count(), 1, "{stdout}");
    assert_eq!(stdout.matches("key points: 3").count(), 5, "{stdout}");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("taken as a question, though it does not end with a question mark"),
        "{stderr}"
    );
    assert!(stderr.contains("ok, 1 warning(s), 6 note(s)"), "{stderr}");
}

#[test]
fn several_inputs_are_all_attempted() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.md");
    fs::write(&bad, b"\xff").unwrap();
    let out = dir.path().join("out");
    gp().args(["export", "--to", "txt", "-o"])
        .arg(&out)
        .arg(&bad)
        .arg(zh())
        .arg("missing.md")
        .assert()
        .code(1)
        .stderr(
            contains("bad.md:1:1: error")
                .and(contains("missing.md: error"))
                .and(contains("2 failure(s)")),
        );
    assert!(out.join("unbind-digital-wallet-alipay.zh-CN.txt").is_file());
    assert!(!out.join("bad.txt").exists());
}

#[test]
fn failed_write_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    // The target name is taken by a non-empty folder, so the final rename fails.
    fs::create_dir_all(
        dir.path()
            .join("unbind-digital-wallet-alipay.zh-CN.txt/keep"),
    )
    .unwrap();
    gp().args(["export", "--to", "txt", "-o"])
        .arg(dir.path())
        .arg(zh())
        .assert()
        .code(1)
        .stderr(contains("cannot write the output"));
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "temporary file left behind: {names:?}");
    assert!(
        dir.path()
            .join("unbind-digital-wallet-alipay.zh-CN.txt/keep")
            .is_dir()
    );
}

#[test]
fn existing_output_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("unbind-digital-wallet-alipay.zh-CN.txt");
    fs::write(
        &target,
        "old content that is longer than nothing".repeat(1000),
    )
    .unwrap();
    gp().args(["export", "--to", "txt", "-o"])
        .arg(dir.path())
        .arg(zh())
        .assert()
        .success();
    let text = fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("如何解绑") && !text.contains("old content"));
}

#[test]
fn json_input_exports_like_markdown() {
    let dir = tempfile::tempdir().unwrap();
    gp().args(["export", "--to", "json,txt", "-o"])
        .arg(dir.path())
        .arg(zh())
        .assert()
        .success();
    let json = dir.path().join("unbind-digital-wallet-alipay.zh-CN.json");
    let again = dir.path().join("again");
    gp().args(["export", "--to", "json,txt", "-o"])
        .arg(&again)
        .arg(&json)
        .assert()
        .success();
    for ext in ["json", "txt"] {
        let a = fs::read(
            dir.path()
                .join(format!("unbind-digital-wallet-alipay.zh-CN.{ext}")),
        )
        .unwrap();
        let b = fs::read(again.join(format!("unbind-digital-wallet-alipay.zh-CN.{ext}"))).unwrap();
        assert!(a == b, "{ext} differs between Markdown and JSON input");
    }
}

#[test]
fn json_input_never_overwrites_itself() {
    let dir = tempfile::tempdir().unwrap();
    gp().args(["export", "--to", "json", "-o"])
        .arg(dir.path())
        .arg(zh())
        .assert()
        .success();
    let json = dir.path().join("unbind-digital-wallet-alipay.zh-CN.json");
    let before = fs::read(&json).unwrap();
    gp().args(["export", "--to", "json", "-o"])
        .arg(dir.path())
        .arg(&json)
        .assert()
        .code(1)
        .stderr(contains("would overwrite its own input"));
    assert_eq!(fs::read(&json).unwrap(), before);
}

#[test]
fn wrong_schema_version_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.json");
    fs::write(
        &p,
        "{\n  \"schema_version\": \"2.0.0\",\n  \"meta\": {\"title\": \"t\"}\n}\n",
    )
    .unwrap();
    gp().args(["export", "--to", "txt", "-o", "-"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains(
            "g.json:2:3: error: unsupported schema_version \"2.0.0\"",
        ));
    fs::write(&p, "{\"meta\": {\"title\": \"t\"}}").unwrap();
    gp().args(["check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains("missing `schema_version`"));
    fs::write(&p, "{\"schema_version\": \"1.0.0\", \"meta\": {\"title\": \"t\"}, \"blocks\": [{\"type\": \"paragraf\"}]}").unwrap();
    gp().args(["check"]).arg(&p).assert().code(1).stderr(
        contains("g.json:1:").and(contains("invalid guide JSON: unknown variant `paragraf`")),
    );
}

#[test]
fn json_that_breaks_the_model_rules_is_rejected_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.json");
    // Line 4, column 5: the second section, where the repeated id is.
    let doc = r#"{"schema_version": "1.0.0", "meta": {"title": "t"},
  "sections": [
    {"id": "a", "level": 2, "title": []},
    {"id": "a", "level": 2, "title": []}
  ]}"#;
    fs::write(&p, doc).unwrap();
    gp().args(["check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(contains(
            "g.json:4:5: error: invalid guide: sections[1]: the id `a` is used twice",
        ));
    // Two text inlines before the bad reference: the place counts inlines as written (the
    // third, line 4), not as they are after being joined into one.
    let doc = r#"{"schema_version": "1.0.0", "meta": {"title": "t"},
  "blocks": [{"type": "paragraph", "content": [
    {"type": "text", "text": "a"}, {"type": "text", "text": "b"},
      {"type": "footnote_ref", "label": "zz", "number": 1}]}]}"#;
    fs::write(&p, doc).unwrap();
    gp().args(["check"]).arg(&p).assert().code(1).stderr(contains(
        "g.json:4:7: error: invalid guide: blocks[0].content[2]: footnote reference `zz` names no footnote",
    ));
}

#[test]
fn stdin_input() {
    gp().args(["export", "--to", "json", "-o", "-", "-"])
        .write_stdin("# 标题\n\n正文\n")
        .assert()
        .success()
        .stdout(contains("\"title\": \"标题\""));
}

#[test]
fn output_is_deterministic() {
    let a = gp()
        .args(["export", "--to", "json", "-o", "-"])
        .arg(zh())
        .output()
        .unwrap()
        .stdout;
    let b = gp()
        .args(["export", "--to", "json", "-o", "-"])
        .arg(zh())
        .output()
        .unwrap()
        .stdout;
    assert!(!a.is_empty() && a == b);
}

#[test]
fn formats_and_schema_commands() {
    gp().arg("formats")
        .assert()
        .success()
        .stdout(contains("json").and(contains("txt")).and(contains(".json")));
    let kept = fs::read_to_string(common::root().join("docs/guide.schema.json")).unwrap();
    gp().arg("schema")
        .assert()
        .success()
        .stdout(predicate::eq(kept));
}

#[test]
fn no_colour_when_not_a_terminal() {
    let mut c = Command::cargo_bin("guidepress").unwrap();
    c.env_remove("NO_COLOR")
        .args(["check", "nope.md"])
        .assert()
        .code(1)
        .stderr(contains("\x1b[").not());
}

#[test]
fn width_option_is_honoured() {
    let out = gp()
        .args(["export", "--to", "txt", "--width", "30", "-o", "-"])
        .arg(zh())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 30,
            "{line:?}"
        );
    }
}

#[test]
fn hostile_inputs_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("nul.md", b"a\0b\x01c\n".to_vec()),
        ("quotes.md", "> ".repeat(20_000).into_bytes()),
        ("lists.md", "- ".repeat(20_000).into_bytes()),
        ("line.md", "字a ".repeat(40_000).into_bytes()),
        (
            "table.md",
            format!("|a|b|c|\n|-|-|-|\n{}", "|x|y|z|\n".repeat(10_000)).into_bytes(),
        ),
        (
            "notes.md",
            (0..2000)
                .map(|i| format!("x[^{i}]\n\n[^{i}]: n\n\n"))
                .collect::<String>()
                .into_bytes(),
        ),
        ("brackets.md", "[".repeat(50_000).into_bytes()),
        ("empty.md", Vec::new()),
        ("fm-only.md", b"---\n---\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        gp().args(["export", "--to", "json,txt", "-o"])
            .arg(dir.path().join("out"))
            .arg(&p)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .success();
    }
    let _ = Path::new(".");
}

#[test]
fn one_missing_image_is_one_warning_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("img.md");
    fs::write(&p, "# T\n\n![a](gone.png)\n\nagain ![b](gone.png)\n").unwrap();
    let out = gp()
        .args(["export", "--to", "all", "-o"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let reports = stderr
        .lines()
        .filter(|l| l.contains("warning:") && l.contains("gone.png"))
        .count();
    assert_eq!(reports, 1, "{stderr}");
}

#[test]
fn clicolor_force_colours_diagnostics_unless_no_color() {
    let run = |force: &str, no: Option<&str>| {
        let mut c = Command::cargo_bin("guidepress").unwrap();
        c.env("CLICOLOR_FORCE", force).env_remove("NO_COLOR");
        if let Some(v) = no {
            c.env("NO_COLOR", v);
        }
        let out = c.args(["check", "nope.md"]).output().unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(run("1", None).contains("\x1b[1;31merror\x1b[0m"));
    assert!(!run("0", None).contains("\x1b["));
    assert!(!run("1", Some("1")).contains("\x1b["));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    let out = gp().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("--filter") && script.contains("export"),
        "{script}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gp.bash");
    fs::write(&path, &script).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    for shell in ["zsh", "fish", "powershell"] {
        gp().args(["completions", shell])
            .assert()
            .success()
            .stdout(contains("guidepress"));
    }
    let out = gp().arg("man").output().unwrap();
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(
        roff.starts_with(".ie \\n(.g .ds Aq") || roff.contains(".TH guidepress 1"),
        "{roff}"
    );
    assert!(
        roff.contains(".TH guidepress-export 1"),
        "one page per command"
    );
    assert!(
        roff.contains("\\-\\-filter"),
        "export's options are documented"
    );
    // `man -l` renders it (where man is installed).
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok()
    {
        let page = dir.path().join("guidepress.1");
        fs::write(&page, &roff).unwrap();
        let shown = std::process::Command::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(
            shown.status.success() && text.contains("guidepress-export"),
            "{text}"
        );
    }
}

// Needs an output larger than a pipe's buffer: the PDF.
#[cfg(feature = "pdf")]
#[test]
fn a_closed_output_pipe_is_a_quiet_exit() {
    use std::process::Stdio;
    // The PDF (about 100 KB) is larger than a pipe's buffer, so writing it must meet the
    // closed end.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guidepress"))
        .args(["export", "--to", "pdf", "-o", "-"])
        .arg(zh())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[cfg(feature = "pdf")]
#[test]
fn dash_o_with_a_file_name_writes_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("handout.pdf");
    gp().args(["export", "--to", "pdf", "-o"])
        .arg(&target)
        .arg(zh())
        .assert()
        .success();
    assert!(target.is_file(), "a file, not a folder named handout.pdf");
    assert_eq!(&fs::read(&target).unwrap()[..5], b"%PDF-");
    // The same name for a run of several outputs is refused, with what to do, and nothing is
    // written.
    let many = dir.path().join("both.pdf");
    gp().args(["export", "--to", "pdf,txt", "-o"])
        .arg(&many)
        .arg(zh())
        .assert()
        .code(2)
        .stderr(contains(
            "looks like a file name, but this run makes 2 outputs",
        ));
    assert!(!many.exists());
}

#[test]
fn a_folder_of_guides_keeps_its_structure_and_equal_names_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    for (rel, title) in [("a/guide.md", "A"), ("b/guide.md", "B"), ("top.md", "Top")] {
        let p = docs.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, format!("# {title}\n\ntext\n")).unwrap();
    }
    let out = dir.path().join("out");
    gp().args(["export", "--to", "txt", "-o"])
        .arg(&out)
        .arg(&docs)
        .assert()
        .success();
    assert!(
        fs::read_to_string(out.join("a/guide.txt"))
            .unwrap()
            .starts_with("A\n")
    );
    assert!(
        fs::read_to_string(out.join("b/guide.txt"))
            .unwrap()
            .starts_with("B\n")
    );
    assert!(out.join("top.txt").is_file());
    // A quoted glob is expanded by guidepress itself, relative to its fixed part.
    let out2 = dir.path().join("out2");
    let pattern = format!("{}/*/guide.md", docs.display());
    gp().args(["export", "--to", "txt", "-o"])
        .arg(&out2)
        .arg(&pattern)
        .assert()
        .success();
    assert!(out2.join("a/guide.txt").is_file() && out2.join("b/guide.txt").is_file());
    assert!(!out2.join("top.txt").exists());
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn a_parallel_batch_writes_the_same_bytes_and_reports_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    let zh_text = fs::read_to_string(zh()).unwrap();
    for k in 0..8 {
        let sub = docs.join(format!("g{k}"));
        fs::create_dir_all(&sub).unwrap();
        // Each guide names a missing image of its own, so each has a warning to report.
        fs::write(
            sub.join("guide.md"),
            format!("{zh_text}\n\n![图{k}](missing-{k}.png)\n"),
        )
        .unwrap();
    }
    let run = |jobs: &str, out: &str| {
        let out_dir = dir.path().join(out);
        let o = gp()
            .args(["export", "--to", "all", "--jobs", jobs, "-o"])
            .arg(&out_dir)
            .arg(&docs)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (out_dir, String::from_utf8(o.stderr).unwrap())
    };
    let (seq, seq_err) = run("1", "seq");
    let (par, par_err) = run("4", "par");
    assert_eq!(
        seq_err.replace("/seq", "/out"),
        par_err.replace("/par", "/out")
    );
    let order: Vec<usize> = (0..8)
        .map(|k| {
            par_err
                .find(&format!("missing-{k}.png"))
                .expect("a warning per guide")
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "input order: {order:?}"
    );
    let mut compared = 0;
    for k in 0..8 {
        for ext in ["json", "txt", "pdf", "epub", "html", "jsonld"] {
            let rel = format!("g{k}/guide.{ext}");
            assert!(
                fs::read(seq.join(&rel)).unwrap() == fs::read(par.join(&rel)).unwrap(),
                "{rel}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 48);
}

/// The formats behind Cargo features: listed when compiled in; when not, `--to` says so
/// instead of calling the format unknown (runs both ways: `cargo test` and
/// `cargo test --no-default-features`).
#[test]
fn formats_behind_cargo_features_are_listed_or_named_as_not_compiled_in() {
    let listed = gp().arg("formats").output().unwrap();
    assert!(listed.status.success());
    let listed = String::from_utf8(listed.stdout).unwrap();
    let ids: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    // Always built in, whatever the features.
    for id in ["json", "txt", "jsonld"] {
        assert!(ids.contains(&id), "{id} missing from:\n{listed}");
    }
    let compiled = [
        ("pdf", cfg!(feature = "pdf")),
        ("epub", cfg!(feature = "epub")),
        ("html", cfg!(feature = "html")),
    ];
    for (id, on) in compiled {
        assert_eq!(ids.contains(&id), on, "{id} in:\n{listed}");
        if !on {
            gp().env("PATH", "/nonexistent")
                .args(["export", "--to", id, "-o", "-"])
                .arg(zh())
                .assert()
                .code(2)
                .stderr(
                    contains(format!(
                        "format `{id}` is not compiled into this guidepress"
                    ))
                    .and(contains(format!("Cargo feature `{id}`")))
                    .and(contains("unknown").not()),
                );
        }
    }
}

#[test]
fn an_output_name_with_another_extension_is_a_file_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("notes.v2");
    gp().args(["export", "--to", "txt", "-o"])
        .arg(&target)
        .arg(zh())
        .assert()
        .success()
        .stderr(contains(
            "is taken as the output file (a txt file); end it with `/`",
        ));
    assert!(target.is_file());
    // A folder given for one guide found in a folder: `-o` counts the guides, not the
    // arguments.
    let docs = dir.path().join("docs");
    fs::create_dir_all(docs.join("a")).unwrap();
    fs::create_dir_all(docs.join("b")).unwrap();
    fs::write(docs.join("a/x.md"), "# A\n").unwrap();
    fs::write(docs.join("b/x.md"), "# B\n").unwrap();
    gp().args(["export", "--to", "txt", "-o"])
        .arg(dir.path().join("one.txt"))
        .arg(&docs)
        .assert()
        .code(2)
        .stderr(contains("this run makes 2 outputs"));
}

#[cfg(all(feature = "pdf", feature = "epub"))]
/// `check` reports what `export` would, the formats' warnings too, at the line of the block
/// of the image, link or character (the URL's column when it is written as it is): the lines
/// below and the columns of `other.md` and `a.svg` are counted by hand.
#[test]
fn check_reports_the_formats_warnings_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("a.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>"#,
    )
    .unwrap();
    let guide = dir.path().join("g.md");
    fs::write(
        &guide,
        concat!(
            "# T\n",                                    // 1
            "\n",                                       // 2
            "Intro.\n",                                 // 3
            "Read [the other guide](other.md) next.\n", // 4
            "\n",                                       // 5
            "![diagram](a.svg)\n",                      // 6
            "\n",                                       // 7
            "A rare character: \u{20000}.\n",           // 8
        ),
    )
    .unwrap();
    let before: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let out = gp()
        .args(["check", "--no-system-fonts"])
        .arg(&guide)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for expected in [
        "g.md:4:24: warning: link to `other.md` is shown as text in the EPUB",
        "g.md:6:12: warning: image `a.svg` left out",
        "g.md:8: warning: no font has a glyph for U+20000",
        "g.md: ok, 3 warning(s), 0 note(s)",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in\n{stderr}");
    }
    // Nothing is written.
    let after: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(before.len(), after.len(), "{after:?}");
    // `export` names the same lines.
    let out_dir = tempfile::tempdir().unwrap();
    gp().args(["export", "--no-system-fonts", "--to", "pdf,epub", "-o"])
        .arg(out_dir.path())
        .arg(&guide)
        .assert()
        .success()
        .stderr(contains("g.md:4:24: warning: link").and(contains("g.md:8: warning: no font")));
    // `--to none` parses only: the SVG cannot be told from a good image without decoding it.
    gp().args(["check", "--to", "none"])
        .arg(&guide)
        .assert()
        .success()
        .stderr(contains("ok, 0 warning(s)").and(contains("EPUB").not()));
}

/// A team checks a folder, or a pattern, as it exports one.
#[test]
fn check_takes_folders_and_patterns() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    fs::write(dir.path().join("sub/b.md"), "# B\n\n![gone](gone.png)\n").unwrap();
    let out = gp()
        .args(["check", "--to", "json"])
        .arg(dir.path())
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stdout, "A\nB\n", "the outlines, in input order");
    assert!(stderr.contains("a.md: ok, 0 warning(s)"), "{stderr}");
    assert!(
        stderr.contains("b.md:3:1: warning: image `gone.png`"),
        "{stderr}"
    );
    let pattern = dir.path().join("**").join("*.md");
    gp().arg("check")
        .arg(&pattern)
        .assert()
        .success()
        .stderr(contains("a.md: ok").and(contains("b.md: ok, 1 warning(s)")));
}

/// A folder exported into itself can be exported again: the JSON written beside each guide
/// (or into the output folder) is that guide's export, not a second input whose outputs
/// would collide with the guide's. Before, every run after the first failed, and so did
/// `--watch` after the first change.
#[test]
fn a_folder_exported_into_itself_exports_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("guide.md"), "# Guide\n\nText.\n").unwrap();
    fs::create_dir_all(d.join("sub")).unwrap();
    fs::write(d.join("sub/other.md"), "# Other\n\nText.\n").unwrap();
    for to in ["json,txt", "json,txt", "txt"] {
        gp().args(["export", "--to", to, "-o"])
            .arg(d)
            .arg(d)
            .assert()
            .success();
    }
    assert!(d.join("guide.txt").is_file() && d.join("sub/other.txt").is_file());
    // An output folder inside the inputs: its JSON is skipped, its Markdown is a guide.
    let out = d.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("kept.md"), "# Kept\n\nA guide someone put here.\n").unwrap();
    for _ in 0..2 {
        gp().args(["export", "--to", "json", "-o"])
            .arg(&out)
            .arg(d)
            .assert()
            .success();
    }
    assert!(
        out.join("out/kept.json").is_file(),
        "the guide in the output folder is exported"
    );
    assert!(
        !out.join("out/out").exists(),
        "the last run's outputs are not read back"
    );
}

/// Markdown on standard input without a title is said to have none, as a file is (a file's
/// name stands in; standard input has none, and the outputs said `Untitled` in silence).
#[test]
fn untitled_standard_input_is_warned_about() {
    gp().args(["export", "-", "--to", "txt", "-o", "-"])
        .write_stdin("Just text.\n")
        .assert()
        .success()
        .stdout(contains("Untitled"))
        .stderr(contains("<stdin>:1:1: warning: the guide has no title"));
    gp().args(["export", "-", "--to", "txt", "-o", "-"])
        .write_stdin("# Named\n\nJust text.\n")
        .assert()
        .success()
        .stderr(contains("no title").not());
}

/// A missing logo or cover is said once, at its front-matter line and column, in every
/// format: it was a warning without a line from each format (the PDF's claiming an alt text
/// a logo does not have), and the EPUB's about the cover came on top.
#[cfg(all(feature = "pdf", feature = "epub"))]
#[test]
fn a_missing_logo_or_cover_is_said_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("logo.md");
    fs::write(
        &md,
        "---\ntitle: Logo\nauthor: A\nlogo: nologo.png\ncover-image: https://example.com/cover.png\n---\n\nText.\n",
    )
    .unwrap();
    let out = gp()
        .args(["export", "--to", "pdf,epub,html", "-o"])
        .arg(dir.path().join("out"))
        .arg(&md)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 2, "{stderr}");
    assert!(
        warnings[0].contains("logo.md:4:7: warning: image `nologo.png`"),
        "{stderr}"
    );
    assert!(
        warnings[1].contains(
            "logo.md:5:14: warning: image `https://example.com/cover.png` will be left out:"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("alt text"), "{stderr}");
}

/// `--base-dir` reads images from a folder of the user's choosing: for JSON written away
/// from its Markdown, and for standard input, which has no folder. Without it both left
/// every image out (the pipeline of docs/plugins.md did).
#[cfg(feature = "html")]
#[test]
fn base_dir_is_where_images_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("shot.png"), common::tiny_png(90)).unwrap();
    let md = "# 截图\n\n![设置页面](shot.png)\n";
    fs::write(docs.join("g.md"), md).unwrap();
    let json = dir.path().join("out/g.json");
    gp().args(["export", "--to", "json", "-o"])
        .arg(&json)
        .arg(docs.join("g.md"))
        .assert()
        .success();
    let html = |cmd: &mut Command| {
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        (text.contains("<img src=\"data:image/png;base64,"), stderr)
    };
    let from_json = |base: Option<&Path>| {
        let mut c = gp();
        c.args(["export", "--to", "html", "-o", "-"]).arg(&json);
        if let Some(b) = base {
            c.arg("--base-dir").arg(b);
        }
        html(&mut c)
    };
    let (shown, said) = from_json(None);
    assert!(!shown && said.contains("left out"), "{said}");
    let (shown, said) = from_json(Some(&docs));
    assert!(shown && !said.contains("warning"), "{said}");
    // Markdown on standard input: the parser checks the image in the same folder.
    let (shown, said) = html(
        gp().args(["export", "-", "--to", "html", "-o", "-", "--base-dir"])
            .arg(&docs)
            .write_stdin(md),
    );
    assert!(shown && !said.contains("warning"), "{said}");
}

/// Warnings about places in a guide come in the order of those places, whichever stage
/// found them: the PDF's warning about an HTML image on line 3 came after the parser's
/// about a Markdown image on line 5 (helper-20).
#[cfg(feature = "pdf")]
#[test]
fn warnings_come_in_source_order() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.md");
    fs::write(
        &p,
        "# I\n\n<img src=\"https://example.com/shot.png\" width=640>\n\n![](https://example.com/b.png)\n",
    )
    .unwrap();
    let out = gp()
        .args(["export", "--to", "pdf", "-o"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let (three, five) = (err.find("g.md:3:"), err.find("g.md:5:"));
    assert!(three.is_some() && five.is_some() && three < five, "{err}");
}

/// A warning about a reference link's address names where that address is written, its
/// definition's line and column: it had the line of the paragraph alone, no column
/// (helper-19, on every page of rust-by-example's Chinese translation).
#[cfg(feature = "epub")]
#[test]
fn a_reference_links_warning_is_at_its_definition() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.md");
    fs::write(
        &p,
        "# 打印\n\n打印由一系列[宏][macros]来处理。\n\n[macros]:  ../macros.md \"宏\"\n",
    )
    .unwrap();
    gp().args(["export", "--to", "epub", "-o"])
        .arg(dir.path().join("out"))
        .arg(&p)
        .assert()
        .success()
        .stderr(contains("g.md:5:12: warning: link to `../macros.md`"));
}

/// An image in a title written in HTML (`<h1><img …> Name</h1>`, as READMEs open) has no
/// lines in the model; its warning still names the line and column where its file is written.
/// (The formats that embed images report them: not built with `--no-default-features`.)
#[cfg(any(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn an_image_in_an_html_title_is_warned_about_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("readme.md");
    fs::write(
        &guide,
        "<h1 align=\"center\"><img src=\"logo.png\" width=\"100\"><br>MyTool</h1>\n\nText.\n\n<h2>Sub <img src=\"x.png\"></h2>\n",
    )
    .unwrap();
    let out = gp().arg("check").arg(&guide).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for expected in [
        "readme.md:1:30: warning: image `logo.png` left out",
        "readme.md:5:19: warning: image `x.png` left out",
    ] {
        assert!(stderr.contains(expected), "{expected:?} not in\n{stderr}");
    }
}

/// A link no format can follow is said at its line and column: a `file:` address (a file on
/// the reader's own disk) by the parser, once for every format, its text kept; an empty
/// target by the PDF, which shows it as text (at its line: an empty address has no column).
/// Before, the PDF's warnings named the file only, and the HTML turned a `file:` link into
/// text without a word.
#[cfg(all(feature = "html", feature = "pdf"))]
#[test]
fn links_no_format_can_follow_are_said_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("links.md");
    fs::write(
        &p,
        "# 标题\n\n第一段。\n\n* [空的]() 推荐\n* [文件](file:///etc/hosts) 与 <a href=\"FILE:///x\">另一个</a>\n",
    )
    .unwrap();
    let out = gp()
        .args(["check", "--to", "pdf,html"])
        .arg(&p)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    let at = |place: &str, what: &str| {
        said.lines()
            .any(|l| l.contains(&format!("links.md:{place}: warning: ")) && l.contains(what))
    };
    // An empty target cannot be found in the line: the line alone.
    assert!(
        at(
            "5",
            "a link with an empty target is shown as text in the PDF"
        ),
        "{said}"
    );
    assert!(at("6:3", "`file:` target: its text is kept"), "{said}");
    assert!(!said.contains("shown as text in the HTML"), "{said}");
    // A protocol-relative address (`//host/x`), whose scheme cannot be checked, is text in
    // the HTML too: said at its place.
    let q = dir.path().join("rel.md");
    fs::write(&q, "# 标题\n\n见 [CDN](//cdn.example/x)。\n").unwrap();
    let out = gp()
        .args(["check", "--to", "html"])
        .arg(&q)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "rel.md:3:9: warning: link to `//cdn.example/x` is shown as text in the HTML"
        ),
        "{said}"
    );
    let json = gp()
        .args(["export", "--to", "json", "-o", "-"])
        .arg(&p)
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&json.stdout);
    assert!(!json.contains("file:"), "{json}");
    assert!(json.contains("文件") && json.contains("另一个"), "{json}");
}
