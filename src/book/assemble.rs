//! Chapters → one guide.
//!
//! Each chapter file is loaded as a guide of its own (so its diagnostics name the chapter file
//! and line, and its images are checked against its own folder), then becomes one top-level
//! section of the book:
//!
//! - the section's title is the chapter's title, its `source` the chapter file; the chapter's
//!   own sections nest inside it, moved down a level when the chapter used `#` for them;
//! - ids (sections, questions) stay as written unless an earlier chapter took them, in which
//!   case they get a suffix and every `#id` link of that chapter follows; links to another
//!   chapter's file (`setup.md`, `setup.md#install`) become links inside the book;
//! - footnote labels get a suffix when an earlier chapter used them, and numbers run on
//!   through the book, so two chapters' `[^1]` stay two notes;
//! - relative image and link paths are rewritten from the chapter's folder to the project
//!   folder, which is what renderers resolve against.
//!
//! Chapter front matter other than the title is not used (the book's metadata is in
//! `guidepress.toml`); each key set there is reported once, with the chapter file.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::Project;
use crate::diagnostic::Diagnostic;
use crate::input::{self, LoadError, Loaded};
use crate::model::{Block, Guide, Inline, Meta, Section, Span};

/// One chapter, loaded, with what is needed to rewrite it.
struct Chapter {
    /// The chapter file as found (for diagnostics).
    path: PathBuf,
    /// Its canonical path, to recognise links to it.
    canonical: Option<PathBuf>,
    /// Its folder relative to the project folder, `/`-separated, percent-encoded for URLs;
    /// empty for a chapter in the project folder itself.
    url_prefix: String,
    loaded: Loaded,
    /// The chapter's section id in the book.
    id: String,
    /// Old id → id in the book, for the ids that had to change.
    ids: HashMap<String, String>,
    /// Every id the chapter has (its sections' and questions'), as written in it.
    own: HashSet<String>,
    /// Old footnote label → label in the book, for the labels that had to change.
    labels: HashMap<String, String>,
}

/// Loads every chapter of `project` and joins them into one guide with the book's metadata.
/// When chapters cannot be loaded, the error is every one of theirs.
pub fn assemble(project: &Project) -> Result<Loaded, LoadError> {
    let mut chapters = Vec::with_capacity(project.chapters.len());
    let mut failed = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut labels_taken: HashSet<String> = HashSet::new();
    for path in &project.chapters {
        // Never `Auto`: a chapter is a guide, whatever its name, never a project.
        let format = if input::is_json(path) {
            input::InputFormat::Json
        } else {
            input::InputFormat::Markdown
        };
        let loaded = match input::load_as(path, format) {
            Ok(l) => l,
            Err(e) => {
                failed.extend(e.errors);
                continue;
            }
        };
        let rel = relative(path, &project.dir);
        let mut ids = HashMap::new();
        let chapter_title = title_text(&loaded.guide.meta);
        let id = unique(&crate::parse::slug::slugify(&chapter_title), &mut taken);
        let mut own = Vec::new();
        for s in &loaded.guide.sections {
            s.collect_ids(&mut own);
        }
        Block::walk_all(&loaded.guide.blocks, &mut |b| {
            if let Block::QuestionAnswers { entries, .. } = b {
                own.extend(entries.iter().map(|e| e.id.as_str()));
            }
        });
        let own_set: HashSet<String> = own.iter().map(|s| (*s).to_owned()).collect();
        for old in own {
            let new = unique(old, &mut taken);
            if new != old {
                ids.insert(old.to_owned(), new);
            }
        }
        let mut labels = HashMap::new();
        for note in &loaded.guide.footnotes {
            let new = unique(&note.label, &mut labels_taken);
            if new != note.label {
                labels.insert(note.label.clone(), new);
            }
        }
        chapters.push(Chapter {
            canonical: path.canonicalize().ok(),
            url_prefix: url_prefix(&rel),
            path: path.clone(),
            loaded,
            id,
            ids,
            own: own_set,
            labels,
        });
    }

    if !failed.is_empty() {
        return Err(LoadError { errors: failed });
    }

    // Where each chapter file leads in the book, for links between chapters.
    let targets: Vec<(PathBuf, usize)> = chapters
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.canonical.clone().map(|p| (p, k)))
        .collect();
    let maps: Vec<Target> = chapters
        .iter()
        .map(|c| Target {
            id: c.id.clone(),
            renamed: c.ids.clone(),
            own: c.own.clone(),
        })
        .collect();

    let mut guide = Guide {
        meta: project.meta.clone(),
        ..Guide::default()
    };
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    if let Some(d) = guide.meta.date.as_deref()
        && crate::dates::epoch(d).is_none()
    {
        let mut w = crate::dates::not_a_date(&project.file, d);
        // At the value, as an unknown key or format is.
        if let Some((line, col)) = project.date_at {
            (w.line, w.column) = (Some(line), Some(col));
        }
        warnings.push(w);
    }
    if guide.meta.title.trim().is_empty() {
        guide.meta.title = project.name.clone();
        warnings.push(
            Diagnostic::file_warning(
                &project.file,
                format!("the book has no title: using `{}`", project.name),
            )
            .with_hint("set `title` in the [book] table"),
        );
    }
    let mut offset = 0u32;
    for c in chapters {
        let Chapter {
            path,
            url_prefix,
            loaded,
            id,
            ids,
            labels,
            ..
        } = c;
        let Loaded {
            guide: mut chapter,
            warnings: chapter_warnings,
            notes: chapter_notes,
            located: chapter_located,
        } = loaded;
        // A JSON chapter's spans are lines of the Markdown it was made from, not of the
        // chapter file: forgotten, so that the formats' warnings about the other chapters
        // still get their chapter file, line and column (they all lost them).
        if !chapter_located {
            chapter.forget_spans();
        }
        if let Some(unused) = unused_meta(&chapter.meta) {
            warnings.push(
                Diagnostic::file_warning(
                    &path,
                    format!("front matter {unused} is not used in a book"),
                )
                .with_hint(
                    "set the book's metadata in guidepress.toml; a chapter keeps only its title",
                ),
            );
        }
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut moved_images = HashMap::new();
        // Links to a heading another chapter does not have: (as written, as rewritten).
        let mut dangling: Vec<(String, String)> = Vec::new();
        let rewrite = &mut |i: &mut Inline| match i {
            Inline::Image { url, .. } => {
                if let Some(new) = prefixed(&url_prefix, url) {
                    moved_images.insert(url.clone(), new.clone());
                    *url = new;
                }
            }
            Inline::Link { url, .. } => {
                if let Some((new, found)) = link(url, base, &id, &ids, &targets, &maps, &url_prefix)
                {
                    if !found {
                        dangling.push((url.clone(), new.clone()));
                    }
                    *url = new;
                }
            }
            Inline::FootnoteRef { label, number } => {
                if let Some(new) = labels.get(label.as_str()) {
                    *label = new.clone();
                }
                *number += offset;
            }
            _ => {}
        };
        chapter.for_each_inline_mut(rewrite);
        warnings.extend(dangling_links(&chapter, &path, &dangling));
        for s in &mut chapter.sections {
            s.for_each_section_mut(&mut |s| {
                if let Some(new) = ids.get(&s.id) {
                    s.id = new.clone();
                }
            });
        }
        let rename_entries = |blocks: &mut Vec<Block>| {
            crate::model::blocks_mut(blocks, &mut |b| {
                if let Block::QuestionAnswers { entries, .. } = b {
                    for e in entries {
                        if let Some(new) = ids.get(&e.id) {
                            e.id = new.clone();
                        }
                    }
                }
            })
        };
        rename_entries(&mut chapter.blocks);
        for s in &mut chapter.sections {
            s.for_each_section_mut(&mut |s| rename_entries(&mut s.blocks));
        }
        let mut count = 0;
        for mut note in chapter.footnotes {
            if let Some(new) = labels.get(&note.label) {
                note.label = new.clone();
            }
            note.number += offset;
            count = count.max(note.number - offset);
            guide.footnotes.push(note);
        }
        offset += count;
        // The chapter's headings sit below its title: `#` sections move down a level.
        let top = chapter.sections.iter().map(|s| s.level).min().unwrap_or(2);
        let shift = 2u8.saturating_sub(top);
        if shift > 0 {
            for s in &mut chapter.sections {
                s.for_each_section_mut(&mut |s| s.level = (s.level + shift).min(6));
            }
        }
        let title = if chapter.meta.title_content.is_empty() {
            vec![Inline::Text {
                text: chapter.meta.title.clone(),
            }]
        } else {
            std::mem::take(&mut chapter.meta.title_content)
        };
        let mut section = Section {
            id,
            level: 1,
            title,
            span: None,
            blocks: chapter.blocks,
            sections: chapter.sections,
            source: Some(relative(&path, &project.dir)),
        };
        // The chapter's H1 is a section heading now: a chapter of questions is a Q&A.
        let (qa_warnings, qa_notes) = crate::parse::recognise_chapter_qa(&mut section, &path);
        guide.sections.push(section);
        warnings.extend(qa_warnings);
        notes.extend(qa_notes);
        // The parser reported missing images under their old paths; renderers will report
        // them under the new ones: one key, so each is said once.
        for mut d in chapter_warnings {
            if let Some(key) = &d.key
                && let Some(old) = key.strip_prefix("image:")
                && let Some(new) = moved_images.get(old)
            {
                d.key = Some(Diagnostic::image_key(new));
            }
            warnings.push(d);
        }
        notes.extend(chapter_notes);
    }
    Ok(Loaded {
        guide,
        warnings,
        notes,
        located: true,
    })
}

/// The chapter title as plain text (for its id).
fn title_text(meta: &Meta) -> String {
    if meta.title_content.is_empty() {
        meta.title.clone()
    } else {
        crate::model::plain_text(&meta.title_content)
    }
}

/// `id` if no one has it yet, else `id-2`, `id-3`, …; the result is taken.
fn unique(id: &str, taken: &mut HashSet<String>) -> String {
    if taken.insert(id.to_owned()) {
        return id.to_owned();
    }
    (2u32..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| taken.insert(c.clone()))
        .expect("some suffix is free")
}

/// `path` relative to `dir`, `/`-separated (as written when it is not under `dir`).
fn relative(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The URL prefix of a chapter's folder (`part%201/`), from its relative path. Non-ASCII
/// characters stay as they are (the model's URLs are Unicode text, renderers encode them);
/// ASCII characters with a meaning in URLs (space, `%`, `#`, `?`) are escaped.
pub(crate) fn url_prefix(rel: &str) -> String {
    let Some((dir, _)) = rel.rsplit_once('/') else {
        return String::new();
    };
    let mut out = String::new();
    for c in dir.chars() {
        if !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~/".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{:02X}", c as u32));
        }
    }
    out.push('/');
    out
}

/// Whether a URL is a path relative to the chapter (not `#…`, not a scheme, not absolute).
fn is_relative(url: &str) -> bool {
    let u = url.trim();
    !u.is_empty()
        && !u.starts_with('#')
        && !u.starts_with('/')
        && !u.starts_with('\\')
        && !crate::assets::is_remote(u)
        && !has_scheme(u)
}

/// `scheme:` as RFC 3986 defines it (a letter, then letters, digits, `+`, `-`, `.`).
fn has_scheme(u: &str) -> bool {
    match u.split_once(':') {
        Some((s, _)) => {
            let mut chars = s.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// A relative URL moved from the chapter's folder to the project folder, or `None` when it
/// need not change.
fn prefixed(prefix: &str, url: &str) -> Option<String> {
    (!prefix.is_empty() && is_relative(url)).then(|| format!("{prefix}{}", url.trim()))
}

/// A chapter as a link from another chapter sees it.
struct Target {
    /// Its section id in the book.
    id: String,
    /// Its ids that had to change in the book.
    renamed: HashMap<String, String>,
    /// Every id it has, as written in it.
    own: HashSet<String>,
}

/// Where a chapter's link leads in the book: `#id` renamed, `#` (the top of the chapter) to
/// the chapter's own section `chapter_id`, a link to a chapter file made a link inside the
/// book, another relative path moved to the project folder. With it, whether the heading it
/// names was found (`false` for a link into a chapter that has no such id).
fn link(
    url: &str,
    base: &Path,
    chapter_id: &str,
    ids: &HashMap<String, String>,
    targets: &[(PathBuf, usize)],
    chapters: &[Target],
    prefix: &str,
) -> Option<(String, bool)> {
    let lookup = |map: &HashMap<String, String>, frag: &str| {
        map.get(frag)
            .or_else(|| map.get(&crate::assets::percent_decode(frag)))
            .cloned()
    };
    if let Some(frag) = url.strip_prefix('#') {
        if frag.is_empty() {
            return Some((format!("#{chapter_id}"), true));
        }
        // The chapter's own links: the parser has said which name nothing.
        return lookup(ids, frag).map(|new| (format!("#{new}"), true));
    }
    if !is_relative(url) {
        return None;
    }
    let (path_part, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let file = base.join(crate::assets::percent_decode(path_part.trim()));
    if let Ok(canonical) = file.canonicalize()
        && let Some(&(_, k)) = targets.iter().find(|(p, _)| *p == canonical)
    {
        let target = &chapters[k];
        return Some(match frag.filter(|f| !f.is_empty()) {
            Some(f) => {
                let found = target.own.contains(f)
                    || target.own.contains(&crate::assets::percent_decode(f));
                let id = lookup(&target.renamed, f).unwrap_or_else(|| f.to_owned());
                (format!("#{id}"), found)
            }
            None => (format!("#{}", target.id), true),
        });
    }
    prefixed(prefix, url).map(|u| (u, true))
}

/// Warnings for links into another chapter at a heading it does not have, at the link's line
/// and column in `path` (the chapter holding them): the formats could only say that the
/// rewritten `#id` names nothing, and not where it was written. Keyed by the rewritten URL,
/// so the formats' own warnings about it are not repeated.
fn dangling_links(chapter: &Guide, path: &Path, dangling: &[(String, String)]) -> Vec<Diagnostic> {
    let mut text = None;
    let mut out = Vec::new();
    let mut said = HashSet::new();
    // Where each rewritten link first is: one walk of the chapter for them all.
    let mut places: HashMap<&str, Span> = HashMap::new();
    if !dangling.is_empty() {
        let wanted: HashSet<&str> = dangling.iter().map(|(_, new)| new.as_str()).collect();
        chapter.visit_located(&mut |i, at| {
            if let Inline::Link { url, .. } = i
                && let Some(&u) = wanted.get(url.as_str())
            {
                places.entry(u).or_insert(at.span);
            }
            places.len() == wanted.len()
        });
    }
    for (written, new) in dangling {
        if !said.insert(written) {
            continue;
        }
        let (file_part, frag) = written.split_once('#').unwrap_or((written, ""));
        let message = format!(
            "link to `{written}`: the chapter `{file_part}` has no heading with the id `{frag}`"
        );
        let at = places.get(new.as_str()).copied();
        let text = text.get_or_insert_with(|| std::fs::read_to_string(path).unwrap_or_default());
        let d = match at {
            Some(span) => {
                let (line, col) =
                    crate::diagnostic::find_in_lines(text, span.start_line, span.end_line, written)
                        .unwrap_or((span.start_line as usize, 1));
                Diagnostic::warning(path, line, col, message)
            }
            None => Diagnostic::file_warning(path, message),
        };
        out.push(
            d.with_hint("link to a heading's id in that chapter (`guidepress check` on the chapter prints its headings)")
                .with_key(Diagnostic::link_key(new)),
        );
    }
    out
}

/// The chapter front-matter keys that a book does not use, as `` `a`, `b` ``, or `None`.
fn unused_meta(meta: &Meta) -> Option<String> {
    let mut keys = Vec::new();
    let mut set = |on: bool, key: &str| {
        if on {
            keys.push(format!("`{key}`"));
        }
    };
    set(meta.subtitle.is_some(), "subtitle");
    set(!meta.authors.is_empty(), "authors");
    set(meta.lang.is_some(), "lang");
    set(meta.date.is_some(), "date");
    set(meta.description.is_some(), "description");
    set(!meta.keywords.is_empty(), "keywords");
    set(meta.version.is_some(), "version");
    set(meta.license.is_some(), "license");
    set(meta.cover.is_some(), "cover");
    set(meta.identifier.is_some(), "identifier");
    set(meta.publisher.is_some(), "publisher");
    set(meta.series.is_some(), "series");
    set(meta.rights.is_some(), "rights");
    set(meta.theme != crate::model::Theme::default(), "theme");
    for k in meta.extra.keys() {
        set(true, k);
    }
    (!keys.is_empty()).then(|| keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_move_to_the_project_folder() {
        assert_eq!(url_prefix("a.md"), "");
        assert_eq!(url_prefix("part 1/a.md"), "part%201/");
        assert_eq!(url_prefix("第一章/a.md"), "第一章/");
        assert_eq!(
            prefixed("ch/", "img/x.png").as_deref(),
            Some("ch/img/x.png")
        );
        for kept in [
            "https://x.org/a.png",
            "#top",
            "/abs.png",
            "mailto:a@b",
            "data:x",
        ] {
            assert_eq!(prefixed("ch/", kept), None, "{kept}");
        }
        assert_eq!(prefixed("", "img/x.png"), None);
    }

    #[test]
    fn suffixes_make_ids_unique() {
        let mut taken = HashSet::new();
        assert_eq!(unique("intro", &mut taken), "intro");
        assert_eq!(unique("intro", &mut taken), "intro-2");
        taken.insert("x-2".into());
        assert_eq!(unique("x", &mut taken), "x");
        assert_eq!(unique("x", &mut taken), "x-3");
    }
}
