//! `guidepress init`: a starter book that builds as it is.
//!
//! The starter is a project file that shows every key (the optional ones commented out) and
//! two short chapters in a `chapters/` folder: one with steps, one with questions, so the first
//! `guidepress build` shows what the structure rules do. Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

use super::PROJECT_FILE;
use crate::output::write_atomic;

/// Why a starter project was not written.
#[derive(Debug)]
pub struct InitError(pub String);

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InitError {}

/// Writes a starter project into `dir` (created if missing): `guidepress.toml` and two
/// chapters, in Chinese when `lang` starts with `zh`, else in English. Refuses, writing
/// nothing, when any of those files exists. Returns the files written.
pub fn init(dir: &Path, title: Option<&str>, lang: &str) -> Result<Vec<PathBuf>, InitError> {
    let zh = lang.to_ascii_lowercase().starts_with("zh");
    let title = title.map_or_else(
        || if zh { "我的手册" } else { "My handbook" }.to_owned(),
        str::to_owned,
    );
    let files: [(PathBuf, String); 3] = if zh {
        [
            (
                PathBuf::from(PROJECT_FILE),
                project(&title, lang, ZH_CHAPTERS),
            ),
            (PathBuf::from("chapters/01-开始.md"), ZH_ONE.to_owned()),
            (PathBuf::from("chapters/02-常见问题.md"), ZH_TWO.to_owned()),
        ]
    } else {
        [
            (
                PathBuf::from(PROJECT_FILE),
                project(&title, lang, EN_CHAPTERS),
            ),
            (
                PathBuf::from("chapters/01-getting-started.md"),
                EN_ONE.to_owned(),
            ),
            (PathBuf::from("chapters/02-faq.md"), EN_TWO.to_owned()),
        ]
    };
    if let Some((existing, _)) = files.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(InitError(format!(
            "{} already exists; nothing was written (init never overwrites; choose an empty folder)",
            dir.join(existing).display()
        )));
    }
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)
            .and_then(|()| write_atomic(&path, text.as_bytes()))
            .map_err(|e| InitError(format!("cannot write {}: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

const ZH_CHAPTERS: &str = r#"["chapters/01-开始.md", "chapters/02-常见问题.md"]"#;
const EN_CHAPTERS: &str = r#"["chapters/01-getting-started.md", "chapters/02-faq.md"]"#;

/// The project file, with every key; optional ones commented out.
fn project(title: &str, lang: &str, chapters: &str) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let lang = lang.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"# guidepress book project: `guidepress build` in this folder builds it.
# Every key is described in docs/book.md. Paths are relative to this file.

[book]
title = "{title}"
# subtitle = ""
authors = ["Your Name"]
language = "{lang}"
# identifier = "urn:isbn:9780000000000"   # default: a UUID derived from the content
# publisher = ""
# rights = "© 2026 Your Name"
# cover = "images/cover.png"
# date = 2026-01-01
# description = ""
# The chapters in reading order (or a folder: chapters = "chapters", taken in name order).
chapters = {chapters}

[build]
formats = ["pdf", "epub", "html", "json"]
output = "build"
# name = "handbook"                        # output file names; default: this folder's name

[options]
paper = "a4"          # a4, letter or a5
toc = true            # table of contents in the PDF
title-page = true     # the title on a page of its own in the PDF
# width = 72          # text output line width
# fonts = ["fonts/MyFont.ttf"]
# tags = true         # tagged (accessible) PDF
"#
    )
}

const ZH_ONE: &str = "# 开始使用

本章介绍如何准备和完成第一次操作。

## 操作步骤

1. **打开应用**：在手机上启动应用，登录你的账号。
2. **进入设置**：点击右下角的“我的”，再点击“设置”。
3. **完成操作**：按页面提示确认，看到“成功”即表示完成。

> [!TIP]
> 每一章都是一个独立的 Markdown 文件，图片放在章节自己的文件夹里即可。
";

const ZH_TWO: &str = "# 常见问题

## 操作失败怎么办？

先检查网络连接，然后重试。仍然失败时，请联系客服[^1]。

## 可以撤销吗？

可以。在“设置”中找到对应选项，重新开启即可。

[^1]: 客服电话和在线客服入口在应用的“帮助”页面。
";

const EN_ONE: &str = "# Getting started

This chapter shows how to prepare and complete your first task.

## Steps

1. **Open the app**: start the app on your phone and sign in.
2. **Open the settings**: tap *Me* in the bottom right corner, then *Settings*.
3. **Finish**: confirm as the page asks; *Done* means it worked.

> [!TIP]
> Each chapter is a Markdown file of its own; keep its images in its own folder.
";

const EN_TWO: &str = "# FAQ

## What if it fails?

Check the network connection first, then try again. If it still fails, contact support[^1].

## Can I undo it?

Yes. Find the option in *Settings* and turn it back on.

[^1]: The support phone number and chat are on the app's *Help* page.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_project_that_reads_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let written = init(dir.path(), Some("手\"册"), "zh-CN").unwrap();
        assert_eq!(written.len(), 3);
        let p = super::super::Project::load(dir.path()).unwrap();
        assert_eq!(p.meta.title, "手\"册");
        assert_eq!(p.chapters.len(), 2);
        let before = std::fs::read(dir.path().join(PROJECT_FILE)).unwrap();
        let e = init(dir.path(), Some("other"), "en").unwrap_err();
        assert!(e.0.contains("already exists"), "{e}");
        assert_eq!(
            std::fs::read(dir.path().join(PROJECT_FILE)).unwrap(),
            before
        );
    }
}
