//! Books: `guidepress.toml`, `init`, `build`, chapters joined into one guide, and `--watch`.
//!
//! The book under test has three chapters in three folders, each with an image beside it, equal
//! section titles and equal footnote labels, and links between chapters: everything that must
//! stay apart or be rewritten when chapters become one guide. Expected values are written here
//! by hand from those files, not taken from the code.

// Builds PDF, EPUB and HTML: only in builds with every format.
#![cfg(all(feature = "pdf", feature = "epub", feature = "html"))]

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Std, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

fn gp() -> Command {
    let mut c = Command::cargo_bin("guidepress").unwrap();
    c.env("SOURCE_DATE_EPOCH", "0").env("NO_COLOR", "1");
    c
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Three chapters in three folders, each with its own image named alike.
fn three_chapter_book(dir: &Path) {
    write(
        &dir.join("guidepress.toml"),
        r#"[book]
title = "三章之书"
authors = ["测试者"]
language = "zh-CN"
identifier = "urn:uuid:0f4c9d5e-1d3b-4c55-8d2f-3a3e8f1b2c4d"
chapters = ["intro/intro.md", "steps/steps.md", "faq/faq.md"]

[build]
formats = ["json", "epub", "pdf", "txt"]
name = "book"
"#,
    );
    write(
        &dir.join("intro/intro.md"),
        "# 引言\n\n本书的开头。见[第二章的准备](../steps/steps.md#准备)。\n\n![引言图](pic.png)\n\n## 准备\n\n引言里的准备[^1]。\n\n[^1]: 引言的脚注。\n",
    );
    write(&dir.join("intro/pic.png"), common::tiny_png(40));
    write(
        &dir.join("steps/steps.md"),
        "# 操作\n\n![操作图](pic.png)\n\n## 准备\n\n操作里的准备[^1]，回到[本章准备](#准备)。\n\n## 操作步骤\n\n1. **打开应用**：启动应用。\n2. **点击设置**：进入设置页。\n\n[^1]: 操作的脚注。\n",
    );
    write(&dir.join("steps/pic.png"), common::tiny_png(200));
    write(
        &dir.join("faq/faq.md"),
        "# 常见问题\n\n## 可以撤销吗？\n\n可以，见[引言](../intro/intro.md)。\n\n## 要付费吗？\n\n不要。[回到顶部](#top)\n",
    );
}

fn json_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

#[test]
fn three_chapters_become_one_guide() {
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    gp().arg("build").arg(dir.path()).assert().success();
    let out = dir.path().join("build");
    let g = json_of(&out.join("book.json"));
    let chapters: Vec<(&str, &str, &str)> = g["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap(),
                s["source"].as_str().unwrap(),
                s["title"][0]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        chapters,
        [
            ("引言", "intro/intro.md", "引言"),
            ("操作", "steps/steps.md", "操作"),
            ("常见问题", "faq/faq.md", "常见问题"),
        ]
    );
    assert_eq!(g["meta"]["title"], "三章之书");
    // Both chapters' `## 准备` keep their own ids; the second one's link follows it.
    assert_eq!(g["sections"][0]["sections"][0]["id"], "准备");
    assert_eq!(g["sections"][1]["sections"][0]["id"], "准备-2");
    let text = serde_json::to_string(&g).unwrap();
    // The second chapter's `#准备`, and the first chapter's link to `../steps/steps.md#准备`
    // (another chapter's file: now a link inside the book), both lead to `准备-2`; the third
    // chapter's link to `../intro/intro.md` leads to the first chapter.
    assert_eq!(text.matches(r##""url":"#准备-2""##).count(), 2, "{text}");
    assert!(text.contains(r##""url":"#引言""##), "{text}");
    // A link to the top of a chapter (`#top`, which the chapter's parser made `#`) leads to
    // that chapter, not to the top of the book.
    assert!(text.contains(r##""url":"#常见问题""##), "{text}");
    // Images resolve against their own chapter's folder.
    assert!(text.contains(r#""url":"intro/pic.png""#), "{text}");
    assert!(text.contains(r#""url":"steps/pic.png""#), "{text}");
    // Two `[^1]`s stay two notes, numbered through the book.
    let notes: Vec<(String, u64)> = g["footnotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["label"].as_str().unwrap().to_owned(),
                f["number"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(notes, [("1".to_owned(), 1), ("1-2".to_owned(), 2)]);
    // A chapter of questions reads as questions and answers.
    assert_eq!(g["sections"][2]["blocks"][0]["type"], "question_answers");
    // The JSON is valid against the schema and reads back.
    gp().args(["export", "--to", "txt", "-o", "-"])
        .arg(out.join("book.json"))
        .assert()
        .success()
        .stdout(contains("引言的脚注").and(contains("操作的脚注")));

    // EPUB: one spine document per chapter after the title page, both images, valid.
    let epub = fs::read(out.join("book.epub")).unwrap();
    let mut zip = zip_names(&epub);
    zip.sort();
    let chapters: Vec<_> = zip.iter().filter(|n| n.contains("chapter-")).collect();
    assert_eq!(chapters.len(), 3, "{zip:?}");
    assert_eq!(
        zip.iter().filter(|n| n.ends_with(".png")).count(),
        2,
        "{zip:?}"
    );
    common::assert_epubcheck_clean(&epub, "three-chapter book");

    // PDF: the outline shows the three chapters at the top level.
    let pdf = fs::read(out.join("book.pdf")).unwrap();
    assert_eq!(pdf_outline_top(&pdf), ["引言", "操作", "常见问题"]);
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    // The central directory's file names, read by hand (the zip crate is not a dev-dependency).
    let mut names = Vec::new();
    let mut i = 0;
    while i + 46 <= bytes.len() {
        if bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let n = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            let m = u16::from_le_bytes([bytes[i + 30], bytes[i + 31]]) as usize;
            let k = u16::from_le_bytes([bytes[i + 32], bytes[i + 33]]) as usize;
            names.push(String::from_utf8_lossy(&bytes[i + 46..i + 46 + n]).into_owned());
            i += 46 + n + m + k;
        } else {
            i += 1;
        }
    }
    names
}

/// The titles of the PDF outline's top level.
fn pdf_outline_top(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut next = outlines
        .get(b"First")
        .ok()
        .and_then(|o| o.as_reference().ok());
    let mut titles = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let raw = item.get(b"Title").unwrap().as_str().unwrap();
        let title = if raw.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = raw[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(raw).into_owned()
        };
        titles.push(title);
        next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
    }
    titles
}

#[test]
fn each_chapter_starts_a_page_after_the_title_page() {
    if !common::have_pdf_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    gp().arg("build")
        .arg(dir.path())
        .args(["--to", "pdf"])
        .assert()
        .success();
    let pdf = dir.path().join("build/book.pdf");
    let page = |k: usize| {
        let out = Std::new("pdftotext")
            .args(["-enc", "UTF-8", "-f", &k.to_string(), "-l", &k.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // Page 1: the title alone; page 2: the contents; then one page per (short) chapter,
    // each opening with its title (after the running header, the book's title).
    assert!(page(1).contains("三章之书") && !page(1).contains("本书的开头"));
    assert!(page(2).contains("目录"), "{}", page(2));
    for (k, (title, first)) in [
        ("引言", "本书的开头"),
        ("操作", "操作里的准备"),
        ("常见问题", "可以撤销吗"),
    ]
    .iter()
    .enumerate()
    {
        let text = page(3 + k);
        let body: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != "三章之书")
            .collect();
        assert_eq!(body.first(), Some(title), "page {}: {text}", 3 + k);
        assert!(text.contains(first), "page {}: {text}", 3 + k);
    }
}

#[test]
fn init_then_build_works_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("handbook");
    gp().arg("init")
        .arg(&book)
        .assert()
        .success()
        .stderr(contains("guidepress build"));
    gp().current_dir(&book).arg("build").assert().success();
    for ext in ["pdf", "epub", "html", "json"] {
        let p = book.join(format!("build/handbook.{ext}"));
        assert!(p.is_file(), "{} missing", p.display());
    }
    common::assert_epubcheck_clean(&fs::read(book.join("build/handbook.epub")).unwrap(), "init");
    // A second init refuses and changes nothing.
    let before = fs::read(book.join("guidepress.toml")).unwrap();
    gp().arg("init")
        .arg(&book)
        .assert()
        .failure()
        .stderr(contains("already exists"));
    assert_eq!(fs::read(book.join("guidepress.toml")).unwrap(), before);
    // The English starter builds too.
    let en = dir.path().join("en");
    gp().args(["init", "--lang", "en", "--title", "Field manual"])
        .arg(&en)
        .assert()
        .success();
    gp().arg("build")
        .arg(&en)
        .args(["--to", "json"])
        .assert()
        .success();
    let g = json_of(&en.join("build/en.json"));
    assert_eq!(g["meta"]["title"], "Field manual");
    assert_eq!(g["sections"].as_array().unwrap().len(), 2);
}

#[test]
fn errors_name_the_chapter_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    // Bad front matter on line 3 of the second chapter.
    write(
        &dir.path().join("steps/steps.md"),
        "---\ntitle: 操作\ndate: [1, 2]\n---\n\n正文\n",
    );
    gp().arg("build")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(contains("steps/steps.md:3:"));
    // Two bad chapters: one run reports both, in chapter order, and writes nothing.
    write(
        &dir.path().join("faq/faq.md"),
        "---
title: 问题
tags: {a: [}
---

正文
",
    );
    let out = gp()
        .arg("build")
        .arg(dir.path())
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    let (steps, faq) = (err.find("steps/steps.md:3:"), err.find("faq/faq.md:3:"));
    assert!(
        steps.is_some() && faq.is_some() && steps < faq,
        "both chapters' errors, in order:\n{err}"
    );
    let written = fs::read_dir(dir.path().join("build")).map_or(0, |d| d.count());
    assert_eq!(written, 0, "{err}");
    // A misspelt key in the project file, at its line.
    write(
        &dir.path().join("guidepress.toml"),
        "[book]\ntitle = \"x\"\nchapterz = [\"intro/intro.md\"]\n",
    );
    gp().arg("build")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(contains("guidepress.toml:3:1").and(contains("chapterz")));
    // A chapter that is not there, at its entry.
    write(
        &dir.path().join("guidepress.toml"),
        "[book]\ntitle = \"x\"\nchapters = [\n  \"intro/intro.md\",\n  \"gone.md\",\n]\n",
    );
    gp().arg("build")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(contains("guidepress.toml:5:3").and(contains("gone.md")));
    // An unknown format in the project file, at its place there (it was a usage error
    // without a place).
    write(
        &dir.path().join("guidepress.toml"),
        "[book]\ntitle = \"x\"\nchapters = [\"intro/intro.md\"]\n\n[build]\nformats = [\"pdf\", \"docx\"]\n",
    );
    gp().arg("build")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(contains(
            "guidepress.toml:6:11: error: unknown format `docx`",
        ));
    // A date that is no date: a warning at its value (it had no line), and the book builds.
    write(
        &dir.path().join("guidepress.toml"),
        "[book]\ntitle = \"x\"\ndate = \"next tuesday\"\nchapters = [\"intro/intro.md\"]\n\n[build]\nformats = [\"json\"]\n",
    );
    gp().arg("build")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains(
            "guidepress.toml:3:8: warning: `date` `next tuesday` is not a date",
        ));
    // No project at all: say how to start one.
    let empty = tempfile::tempdir().unwrap();
    gp().arg("build")
        .arg(empty.path())
        .assert()
        .failure()
        .stderr(contains("guidepress init"));
}

#[test]
fn export_and_check_read_a_project_file_as_its_book() {
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    let out = tempfile::tempdir().unwrap();
    gp().args(["export", "--to", "json", "-o"])
        .arg(out.path())
        .arg(dir.path().join("guidepress.toml"))
        .assert()
        .success();
    // Named by the project, not `guidepress.json`.
    let g = json_of(&out.path().join("book.json"));
    assert_eq!(g["sections"].as_array().unwrap().len(), 3);
    gp().arg("check")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(contains("§ 引言").and(contains("§ 常见问题")));
    // Its folder is the book too, for `export` as for `check`: one output named by the
    // project, and the book's earlier outputs in the folder are not read as guides. Before,
    // each chapter was exported on its own (`intro/intro.txt`…) and `build/book.json` too.
    write(
        &dir.path().join("build/book.json"),
        fs::read(out.path().join("book.json")).unwrap(),
    );
    let again = tempfile::tempdir().unwrap();
    gp().args(["export", "--to", "txt", "-o"])
        .arg(again.path())
        .arg(dir.path())
        .assert()
        .success();
    let mut made: Vec<String> = walkdir(again.path());
    made.sort();
    assert_eq!(made, ["book.txt"]);
}

/// The files under `dir`, relative to it.
fn walkdir(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out
}

/// A running `--watch` process, killed when dropped.
struct Watching {
    child: Child,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Watching {
    fn start(args: &[&str], dir: &Path) -> Watching {
        let mut child = Std::new(assert_cmd::cargo::cargo_bin("guidepress"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watching { child, stderr: rx }
    }

    /// Waits (up to a timeout) for a line of standard error containing `what`.
    fn said(&self, what: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.stderr.recv_timeout(Duration::from_millis(100)) {
                let hit = line.contains(what);
                seen.push(line);
                if hit {
                    return seen;
                }
            }
        }
        panic!("no `{what}` on standard error within 30 s; saw {seen:#?}");
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (up to a timeout) until `path` holds `what`.
fn until_contains(w: &Watching, path: &Path, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if fs::read_to_string(path).is_ok_and(|t| t.contains(what)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let said: Vec<String> = w.stderr.try_iter().collect();
    panic!(
        "{} did not come to hold `{what}` within 30 s: {:?}\nstandard error: {said:#?}",
        path.display(),
        fs::read_to_string(path)
    );
}

#[test]
fn export_watch_picks_up_a_change_and_survives_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("g.md"), "# 指南\n\n第一版。\n");
    write(&d.join("other.md"), "# 另一篇\n\n不变。\n");
    let w = Watching::start(
        &[
            "export", "g.md", "other.md", "--to", "txt", "-o", "out", "--watch",
        ],
        d,
    );
    w.said("watching for changes");
    until_contains(&w, &d.join("out/g.txt"), "第一版");
    let other_before = fs::metadata(d.join("out/other.txt"))
        .unwrap()
        .modified()
        .unwrap();
    write(&d.join("g.md"), "# 指南\n\n第二版。\n");
    until_contains(&w, &d.join("out/g.txt"), "第二版");
    // Only the changed input was exported again.
    assert_eq!(
        fs::metadata(d.join("out/other.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        other_before
    );
    // An error is reported, the old output stays, and watching goes on.
    write(&d.join("g.md"), "---\ntitle: [\n---\n");
    w.said("malformed YAML");
    assert!(
        fs::read_to_string(d.join("out/g.txt"))
            .unwrap()
            .contains("第二版")
    );
    write(&d.join("g.md"), "# 指南\n\n第三版。\n");
    until_contains(&w, &d.join("out/g.txt"), "第三版");
}

/// Outputs written beside the inputs (`-o .`) are the run's own writes, also those of a guide
/// that appears while watching: otherwise writing them looks like a change and the run goes
/// round for ever.
#[test]
fn watch_does_not_chase_its_own_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("docs/a.md"), "# A\n\n甲。\n");
    let w = Watching::start(
        &["export", "docs", "--to", "txt", "-o", "docs", "--watch"],
        d,
    );
    w.said("watching for changes");
    write(&d.join("docs/b.md"), "# B\n\n乙。\n");
    until_contains(&w, &d.join("docs/b.txt"), "乙");
    // Quiet now: at most the one change (b.md) was handled, and nothing more comes.
    std::thread::sleep(Duration::from_secs(2));
    let changes = w
        .stderr
        .try_iter()
        .filter(|l| l.starts_with("changed:"))
        .count();
    assert!(changes <= 1, "{changes} rounds after one new guide");
}

#[test]
fn watch_refuses_what_it_cannot_watch() {
    gp().args(["export", "-", "--to", "txt", "-o", "out", "--watch"])
        .write_stdin("# x\n")
        .assert()
        .code(2)
        .stderr(contains("standard input"));
    gp().args(["export", "x.md", "--to", "txt", "-o", "-", "--watch"])
        .assert()
        .code(2)
        .stderr(contains("output folder"));
}

#[test]
fn build_watch_rebuilds_when_a_chapter_or_image_changes() {
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    let project: PathBuf = dir.path().to_path_buf();
    let w = Watching::start(&["build", "--to", "txt,html", "--watch"], &project);
    w.said("watching for changes");
    let out = project.join("build/book.txt");
    until_contains(&w, &out, "操作里的准备");
    // An image changes: the HTML page (which inlines it) is made again.
    let html = project.join("build/book.html");
    let before = fs::read(&html).unwrap();
    write(&project.join("steps/pic.png"), common::tiny_png(99));
    let deadline = Instant::now() + Duration::from_secs(30);
    while fs::read(&html).unwrap() == before {
        assert!(
            Instant::now() < deadline,
            "the HTML was not rebuilt after the image changed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    write(
        &project.join("faq/faq.md"),
        "# 常见问题\n\n## 可以撤销吗？\n\n现在不可以了。\n",
    );
    until_contains(&w, &out, "现在不可以了");
    // A new chapter listed in the project file is picked up.
    write(&project.join("extra.md"), "# 附录\n\n新加的一章。\n");
    let toml = fs::read_to_string(project.join("guidepress.toml"))
        .unwrap()
        .replace("\"faq/faq.md\"]", "\"faq/faq.md\", \"extra.md\"]");
    write(&project.join("guidepress.toml"), toml);
    until_contains(&w, &out, "新加的一章");
}

/// A format's warning about a chapter names the chapter file, its line and the column of
/// the link as written (the book rewrote `manual.md` to `steps/manual.md`, which the line
/// does not hold, so the column was left out), also when another chapter is JSON (whose
/// spans are lines of another file: every chapter's warnings lost their place).
#[test]
fn check_names_the_chapter_of_a_formats_warning() {
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    let chapter = "steps/steps.md";
    let path = dir.path().join(chapter);
    let text = fs::read_to_string(&path).unwrap();
    let line = text.lines().count() + 2;
    fs::write(&path, format!("{text}\nSee [the manual](manual.md).\n")).unwrap();
    let said = format!("{chapter}:{line}:18: warning: link to `");
    gp().args(["check", "--to", "epub"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains(said.clone()));
    // The FAQ chapter as JSON, exported from its Markdown (its spans are the Markdown's).
    let faq = dir.path().join("faq/faq.md");
    gp().args(["export", "--to", "json", "-o"])
        .arg(dir.path().join("faq"))
        .arg(&faq)
        .assert()
        .success();
    fs::remove_file(&faq).unwrap();
    let toml = dir.path().join("guidepress.toml");
    let project = fs::read_to_string(&toml)
        .unwrap()
        .replace("faq/faq.md", "faq/faq.json");
    fs::write(&toml, project).unwrap();
    gp().args(["check", "--to", "epub"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr(contains(said));
}

/// A link into another chapter at a heading it does not have is warned about at the link,
/// in the chapter that holds it, and once (it was said by the EPUB alone, about the project
/// file); a link to a heading the chapter has is not.
#[test]
fn a_link_to_a_missing_heading_of_another_chapter_is_warned_about_at_the_link() {
    let dir = tempfile::tempdir().unwrap();
    three_chapter_book(dir.path());
    let intro = dir.path().join("intro/intro.md");
    let text = fs::read_to_string(&intro).unwrap();
    // Line 3 of the intro already links to `../steps/steps.md#准备`, which is there. The new
    // link's URL starts at column 9: `另见 [别处](` is eight characters.
    fs::write(
        &intro,
        format!("{text}\n另见 [别处](../faq/faq.md#没有这一节)。\n"),
    )
    .unwrap();
    let line = text.lines().count() + 2;
    let out = gp().arg("check").arg(dir.path()).assert().success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let said = format!(
        "intro/intro.md:{line}:9: warning: link to `../faq/faq.md#没有这一节`: the chapter `../faq/faq.md` has no heading with the id `没有这一节`"
    );
    assert!(stderr.contains(&said), "{said}\nnot in\n{stderr}");
    assert_eq!(
        stderr.matches("warning: link to").count(),
        1,
        "said once: {stderr}"
    );
    assert!(!stderr.contains("准备"), "{stderr}");
}
