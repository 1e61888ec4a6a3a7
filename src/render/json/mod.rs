//! The JSON format: the guide model as a documented, versioned wire format.
//!
//! This module is the reference for consumers (help centres, chatbots, search indexes); the
//! same text, with examples, is in `docs/json.md`, and the JSON Schema (draft 2020-12) that
//! `guidepress schema` prints is kept in `docs/guide.schema.json`.
//!
//! # Versioning
//!
//! Every document carries `schema_version`, a semantic version (currently
//! [`SCHEMA_VERSION`]; numbers without leading zeros). Adding a field or a new `type` of block or inline bumps the minor
//! version; renaming, removing or changing the meaning of anything bumps the major version.
//! Consumers should accept any document whose major version they know and ignore block and
//! inline types they do not recognise. guidepress itself reads documents of its own major
//! version whose minor version is not newer than its own, and rejects anything else with an
//! error that names the version found. A UTF-8 byte-order mark before the document is
//! accepted.
//!
//! The schema picks a block's or inline's variant by its `type` first (one `if`/`then` per
//! variant, see [`super::schema_tags`]), so validating deeply nested content is linear.
//!
//! # Document
//!
//! ```text
//! {
//!   "schema_version": "1.4.0",
//!   "meta":      { "title": "…", "authors": ["…"], "lang": "zh-CN", … },
//!   "blocks":    [ block, … ],      // content before the first heading
//!   "sections":  [ section, … ],    // top-level sections
//!   "footnotes": [ footnote, … ]    // in order of first reference
//! }
//! ```
//!
//! Fields are always named, never positional. Optional fields are left out when absent (never
//! `null`); lists are always present, possibly empty, except in `meta`, where empty lists are
//! left out.
//!
//! * `meta`: `title` (string, always present; plain text), `title_content` (inlines, since
//!   1.1: the title with its formatting, present only when the title heading had some), and
//!   when known `subtitle`, `authors` (list),
//!   `lang` (BCP 47), `date`, `description`, `keywords` (list), `version`, `license`, `cover`
//!   (path relative to the source), `identifier`, and `extra`: front-matter keys guidepress does
//!   not interpret, as JSON values, keys sorted.
//! * `section`: `id` (unique in the document; a slug that keeps CJK characters, e.g.
//!   `"解绑步骤"`), `level` (the source heading level 1–6), `title` (inlines), `span`, `blocks`,
//!   `sections` (nested), and in a book `source` (since 1.2: the chapter file the top-level
//!   section was made from, relative to the project folder; spans inside are its lines).
//! * `footnote`: `label` (as in the source), `number` (display number), `span`, `blocks`.
//! * `span`: `{"start_line": n, "end_line": m}`, 1-based inclusive lines of the source
//!   Markdown, present on every block parsed from Markdown.
//!
//! # Blocks
//!
//! Each block is an object with a `type` and, where known, a `span`:
//!
//! | `type` | fields |
//! |---|---|
//! | `paragraph` | `content`: inlines |
//! | `heading` | `level`, `content`: a heading inside a list, quote or alert (section headings are sections) |
//! | `list` | `ordered` (bool), `start` (ordered only), `tight` (bool), `items`: `[{span, checked?, blocks}]`; `checked` is present only on task-list items |
//! | `steps` | a procedure: `steps`: `[{number, span, title: inlines, body: blocks}]`; `title` may be empty for steps marked by a directive |
//! | `key_points` | since 1.1: terms with their explanations that are not a procedure: `ordered` (bool), `start` (ordered only), `points`: `[{span, term: inlines, body: blocks}]` |
//! | `details` | since 1.1: a collapsible block (`<details>`): `open` (present and `true` when it starts open), `summary`: inlines, `blocks` |
//! | `question_answers` | `entries`: `[{id, span, question: inlines, answer: blocks}]` |
//! | `quote` | `blocks` |
//! | `alert` | `kind` (`note`, `tip`, `important`, `warning`, `caution`), `title` (optional custom title), `blocks` |
//! | `code` | `language` (optional), `code` (verbatim text) |
//! | `table` | `columns`: `[{align}]` with `align` one of `none`, `left`, `center`, `right`; `header`: `{cells}`; `rows`: `[{cells}]`; a cell is `{content: inlines}`; every row has one cell per column, except that since 1.3 `header` may have no cells: a table with no header row |
//! | `thematic_break` | — |
//! | `raw_html` | `html`: raw HTML, untrusted: never insert it into a page unsanitised. Since 1.1 the parser no longer makes it (raw HTML is mapped into blocks and inlines, or kept as text); a document read from JSON (1.0, or a filter's) may hold it, and keeps it |
//!
//! # Inlines
//!
//! | `type` | fields |
//! |---|---|
//! | `text` | `text` |
//! | `emphasis`, `strong`, `strikethrough` | `content`: inlines |
//! | `code` | `code` |
//! | `link` | `url` (`#id` for a link to a section or question), `title` (optional), `content` |
//! | `image` | `url`, `alt` (plain text), `title` (optional) |
//! | `line_break` | — |
//! | `footnote_ref` | `label`, `number` |
//! | `raw_html` | `html` (untrusted; not made from Markdown since 1.1) |
//! | `keyboard` | since 1.1: a key to press (`<kbd>`): `content` |
//! | `superscript`, `subscript` | since 1.1: raised or lowered text (`<sup>`, `<sub>`): `content` |
//! | `highlight` | since 1.1: marked text (`<mark>`): `content` |
//! | `abbreviation` | since 1.1: `title` (the expansion, optional), `content` |
//! | `inserted` | since 1.1: inserted text (`<ins>`): `content`; deleted text (`<del>`) is `strikethrough` |
//! | `small` | since 1.1: fine print (`<small>`): `content` |
//!
//! Source soft line breaks are already resolved: they are a space in the text, or nothing
//! between two CJK characters. Adjacent `text` inlines never occur.
//!
//! # Output
//!
//! UTF-8, pretty-printed with two-space indentation, keys in the order documented here, a final
//! newline. The same guide always gives the same bytes, and reading a document back and
//! writing it again gives identical bytes.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize};

use super::{RenderContext, RenderError, Renderer};
use crate::diagnostic::Diagnostic;
use crate::model::{Block, Footnote, Guide, Meta, Section};
use schemars::JsonSchema;
use std::path::Path;

mod locate;

/// The version of the JSON format this build writes.
pub const SCHEMA_VERSION: &str = "1.4.0";

/// A JSON document as read: the version plus the guide's fields. The schema is generated
/// from this type.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "guidepress guide",
    description = "A guide exported by guidepress."
)]
pub struct Document {
    /// Semantic version of the format (see the versioning rules).
    #[schemars(regex(pattern = r"^1\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"))]
    pub schema_version: String,
    /// Metadata.
    pub meta: Meta,
    /// Blocks before the first section.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Top-level sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Footnote definitions.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
}

/// Serialises a guide with the version first, without copying it.
struct Envelope<'a>(&'a Guide);

impl Serialize for Envelope<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut s = serializer.serialize_struct("Document", 5)?;
        s.serialize_field("schema_version", SCHEMA_VERSION)?;
        s.serialize_field("meta", &g.meta)?;
        s.serialize_field("blocks", &g.blocks)?;
        s.serialize_field("sections", &g.sections)?;
        s.serialize_field("footnotes", &g.footnotes)?;
        s.end()
    }
}

/// The `json` renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn id(&self) -> &str {
        "json"
    }
    fn extension(&self) -> &str {
        "json"
    }
    fn media_type(&self) -> &str {
        "application/json"
    }
    fn description(&self) -> &str {
        "the guide model as versioned JSON (see docs/json.md)"
    }
    fn render(&self, guide: &Guide, _ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        Ok(to_json(guide))
    }
}

/// The guide as JSON bytes (pretty, final newline).
pub fn to_json(guide: &Guide) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    serde_json::to_writer_pretty(&mut out, &Envelope(guide))
        .expect("serialising plain data to memory cannot fail");
    out.push(b'\n');
    out
}

/// The JSON Schema (draft 2020-12) of the format, pretty-printed with a final newline.
pub fn schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Document)).expect("a schema");
    super::schema_tags::discriminate_on_type(&mut schema);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    s.push('\n');
    s
}

/// Reads a JSON document written by guidepress (or by hand, following the format). Checks the
/// version first, then the structure; errors name the file, line and column.
pub fn from_json(bytes: &[u8], file: &Path) -> Result<Guide, Diagnostic> {
    // A byte-order mark is not JSON, but editors on Windows write one: accept it, as the
    // Markdown reader does.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    #[derive(Deserialize)]
    struct Probe {
        schema_version: Option<serde_json::Value>,
    }
    let located = |e: &serde_json::Error, msg: String| {
        Diagnostic::error(file, e.line().max(1), e.column().max(1), msg)
    };
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| {
        located(
            &e,
            format!("not a guidepress JSON document: {}", strip_position(&e)),
        )
        .with_hint("the file must be a JSON object as written by `guidepress export --to json`")
    })?;
    let text = String::from_utf8_lossy(bytes);
    let version_at = || locate::locate(&text, "schema_version").unwrap_or((1, 1));
    let version = match probe.schema_version {
        Some(serde_json::Value::String(v)) => v,
        Some(other) => {
            let (l, c) = version_at();
            return Err(Diagnostic::error(
                file,
                l,
                c,
                format!("`schema_version` must be a string, found {other}"),
            )
            .with_hint(format!("write \"schema_version\": \"{SCHEMA_VERSION}\"")));
        }
        None => {
            return Err(
                Diagnostic::error(file, 1, 1, "missing `schema_version`").with_hint(format!(
                    "add \"schema_version\": \"{SCHEMA_VERSION}\" at the top level"
                )),
            );
        }
    };
    check_version(&version).map_err(|msg| {
        let (l, c) = version_at();
        Diagnostic::error(file, l, c, msg).with_hint(format!(
            "this guidepress reads schema versions 1.0 to {SCHEMA_VERSION}"
        ))
    })?;
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| {
        located(&e, format!("invalid guide JSON: {}", strip_position(&e)))
            .with_hint("compare the document with `guidepress schema` or docs/json.md")
    })?;
    let mut guide = Guide {
        meta: doc.meta,
        blocks: doc.blocks,
        sections: doc.sections,
        footnotes: doc.footnotes,
    };
    // Checked before text inlines are joined, so that the problem's path counts inlines as
    // they are written in the file.
    crate::model::check(&guide).map_err(|p| {
        let (line, col) = locate::locate(&text, &p.path).unwrap_or((1, 1));
        Diagnostic::error(file, line, col, format!("invalid guide: {}", p.message))
            .with_hint(format!("{} (see docs/json.md)", p.hint))
    })?;
    guide.for_each_inline_list_mut(&mut crate::model::merge_texts);
    Ok(guide)
}

/// Where `path` (`meta.date`, `blocks[2].content[0]`) is written in a JSON document, as a line
/// and column from 1: for warnings about what a JSON guide says. `None` when the bytes are not
/// JSON or the path cannot be read; where the document does not go as far as the path, the
/// deepest place it reaches.
pub fn position(bytes: &[u8], path: &str) -> Option<(usize, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    locate::locate(std::str::from_utf8(bytes).ok()?, path)
}

/// Accepts `MAJOR.MINOR.PATCH` with our major and a minor not newer than ours.
fn check_version(version: &str) -> Result<(), String> {
    let parse = |v: &str| -> Option<(u64, u64, u64)> {
        // Semantic versioning's numbers, as the schema's pattern says: digits only, no
        // leading zero (`parse` alone would take "01" and "+1").
        let number = |p: &str| -> Option<u64> {
            let digits = !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
            (digits && (p == "0" || !p.starts_with('0')))
                .then(|| p.parse().ok())
                .flatten()
        };
        let mut it = v.split('.').map(number);
        let t = (it.next()??, it.next()??, it.next()??);
        it.next().is_none().then_some(t)
    };
    let ours = parse(SCHEMA_VERSION).expect("our version is valid");
    let Some(theirs) = parse(version) else {
        return Err(format!(
            "`schema_version` \"{version}\" is not a version like \"{SCHEMA_VERSION}\""
        ));
    };
    if theirs.0 != ours.0 {
        return Err(format!(
            "unsupported schema_version \"{version}\": this guidepress reads major version {}",
            ours.0
        ));
    }
    if theirs.1 > ours.1 {
        return Err(format!(
            "schema_version \"{version}\" is newer than this guidepress ({SCHEMA_VERSION}); upgrade guidepress"
        ));
    }
    Ok(())
}

/// serde_json's message without its " at line N column M" tail (we print the position).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the Markdown parser accepts reads back from its own JSON, at the parser's
    /// deepest nesting (where it flattens the rest) in the deepest section: lists (four JSON
    /// levels a level), quotes, emphasis. serde_json refuses more than 128 levels of JSON.
    #[test]
    fn the_deepest_markdown_reads_back_from_its_json() {
        let sections = "# T\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6\n\n";
        let n = crate::parse::MAX_DEPTH + 5;
        let list: String = (0..n)
            .map(|k| format!("{}- item{k} *a **b [c](#x) d** e*\n", "  ".repeat(k)))
            .collect();
        let quotes = format!("{} x *a **b** c*\n", "> ".repeat(n));
        let mixed = format!("{}x\n", "- > ".repeat(n));
        // A table in every item: a cell is six JSON levels below its table.
        let tables: String = (0..n)
            .map(|k| {
                let pad = "  ".repeat(k + 1);
                format!(
                    "{}- item{k}\n\n{pad}| a | b |\n{pad}|---|---|\n{pad}| *x **y [z](#q)*** | 2 |\n\n",
                    "  ".repeat(k)
                )
            })
            .collect();
        let emphasis = format!("{}x\n", "*a ".repeat(n));
        for (name, body) in [
            ("list", list),
            ("quotes", quotes),
            ("mixed", mixed),
            ("emphasis", emphasis),
            ("tables", tables),
        ] {
            let md = format!("{sections}{body}");
            let guide = crate::parse::parse_str(&md, &crate::parse::Origin::named("t.md"))
                .unwrap()
                .guide;
            let json = to_json(&guide);
            let back =
                from_json(&json, Path::new("t.json")).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                to_json(&back),
                json,
                "{name}: the round trip changed the guide"
            );
        }
    }

    #[test]
    fn versions() {
        assert!(check_version("1.0.0").is_ok(), "1.0 documents still read");
        assert!(check_version("1.1.0").is_ok());
        assert!(check_version("2.0.0").unwrap_err().contains("unsupported"));
        assert!(check_version("1.9.0").unwrap_err().contains("newer"));
        assert!(check_version("1.0").is_err());
        assert!(check_version("v1").is_err());
    }

    #[test]
    fn a_1_0_document_with_raw_html_still_reads() {
        let doc = br#"{"schema_version": "1.0.0", "meta": {"title": "t"},
            "blocks": [{"type": "raw_html", "html": "<div>x</div>"},
                       {"type": "paragraph", "content": [{"type": "raw_html", "html": "<b>"}]}]}"#;
        let g = from_json(doc, Path::new("old.json")).unwrap();
        assert!(matches!(g.blocks[0], Block::RawHtml { .. }));
    }

    /// Text inlines that stand next to each other in a hand-edited document are joined on
    /// reading (and empty ones dropped), at every depth, so the JSON written back keeps the
    /// contract's promise that two never do.
    #[test]
    fn adjacent_text_inlines_are_joined_on_reading() {
        let doc = br#"{"schema_version": "1.2.0", "meta": {"title": "t"},
            "blocks": [{"type": "paragraph", "content": [
                {"type": "text", "text": "Hello "}, {"type": "text", "text": ""},
                {"type": "text", "text": "world"},
                {"type": "strong", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}]}]}"#;
        let g = from_json(doc, Path::new("edited.json")).unwrap();
        let Block::Paragraph { content, .. } = &g.blocks[0] else {
            panic!("{:?}", g.blocks)
        };
        assert_eq!(
            content,
            &[
                crate::model::Inline::Text {
                    text: "Hello world".into()
                },
                crate::model::Inline::Strong {
                    content: vec![crate::model::Inline::Text { text: "ab".into() }]
                }
            ]
        );
    }

    #[test]
    fn version_comes_first() {
        let json = String::from_utf8(to_json(&Guide::default())).unwrap();
        assert!(
            json.starts_with("{\n  \"schema_version\": \"1.4.0\",\n  \"meta\""),
            "{json}"
        );
    }

    #[test]
    fn wrong_version_is_located() {
        let e = from_json(
            b"{\n  \"schema_version\": \"2.1.0\",\n  \"meta\": {\"title\": \"t\"}\n}",
            Path::new("g.json"),
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        assert!(e.message.contains("2.1.0"));
    }

    #[test]
    fn structural_error_is_located() {
        let e = from_json(
            b"{\"schema_version\": \"1.0.0\",\n\"meta\": {\"title\": 5}}",
            Path::new("g.json"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("invalid guide JSON"), "{e}");
    }
}
