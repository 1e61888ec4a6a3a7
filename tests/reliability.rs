//! Regression tests for hostile inputs (issue 8): images that would crash or exhaust memory,
//! corrupt images, runs that would overwrite an input, metadata that makes invalid ebooks.
//! Each test reproduces an input that once crashed, lost a file or produced invalid output.

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn gp() -> Command {
    let mut c = Command::cargo_bin("guidepress").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    c
}

/// zlib stream of one zero byte: a valid but far too short IDAT.
#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
const TINY_IDAT: [u8; 9] = [0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01];

#[cfg(feature = "epub")]
fn zip_names(epub: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().to_owned())
        .collect()
}

#[cfg(feature = "epub")]
fn zip_text(epub: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Exports `md` (with the given files beside it) to PDF, EPUB and HTML; returns the folder and
/// standard error.
#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
fn export_with_images(md: &str, files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("g.md"), md).unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = gp()
        .args(["export", "--to", "pdf,epub,html", "-o"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("g.md"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (dir, stderr)
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
fn assert_left_out_everywhere(dir: &Path, stderr: &str, url: &str) {
    let warning = format!("image `{url}` left out, its alt text shown");
    // Every format refuses it (the outputs show the alt text, checked by the callers); the
    // warning is said once per run, not once per format.
    assert_eq!(
        stderr.matches(&warning).count(),
        1,
        "one warning per run for {url}:\n{stderr}"
    );
    let epub = fs::read(dir.join("out/g.epub")).unwrap();
    assert!(
        !zip_names(&epub).iter().any(|n| n.contains("images/")),
        "{url} must not be in the EPUB"
    );
    let html = fs::read_to_string(dir.join("out/g.html")).unwrap();
    assert!(
        !html.contains("data:image"),
        "{url} must not be in the HTML"
    );
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn image_claiming_huge_dimensions_is_a_warning_not_an_abort() {
    // 68 bytes that claim 100000×100000 RGB pixels: the PDF renderer tried to allocate 30 GB
    // and aborted (exit 134).
    let bomb = common::png(100_000, 100_000, 2, &TINY_IDAT);
    assert!(bomb.len() < 70);
    let (dir, stderr) =
        export_with_images("# T\n\n![the diagram](big.png)\n", &[("big.png", bomb)]);
    assert_left_out_everywhere(dir.path(), &stderr, "big.png");
    assert!(stderr.contains("megapixels"), "{stderr}");
    let html = fs::read_to_string(dir.path().join("out/g.html")).unwrap();
    assert!(html.contains("the diagram"));
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn decompression_bomb_dimensions_are_refused_before_decoding() {
    // 50000×50000 grey: a 2.4 MB file once took 29.5 s and 4.9 GB in the PDF path. The header
    // alone decides; its data stream never gets decoded.
    let bomb = common::png(50_000, 50_000, 0, &TINY_IDAT);
    let (dir, stderr) = export_with_images("# T\n\n![grey](grey.png)\n", &[("grey.png", bomb)]);
    assert_left_out_everywhere(dir.path(), &stderr, "grey.png");
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn oversized_file_is_not_read_by_any_format() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse 33 MB file: over the cap in every format (the PDF path used to read it whole).
    let f = fs::File::create(dir.path().join("x.png")).unwrap();
    f.set_len(33 * 1024 * 1024).unwrap();
    fs::write(dir.path().join("g.md"), "# T\n\n![x](x.png)\n").unwrap();
    let out = gp()
        .args(["export", "--to", "pdf,epub,html", "-o"])
        .arg(dir.path().join("out"))
        .arg(dir.path().join("g.md"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr
            .matches("more than the 33554432 bytes guidepress embeds")
            .count(),
        1,
        "{stderr}"
    );
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn corrupt_images_are_refused_in_every_format() {
    let jpg = fs::read(common::root().join("tests/fixtures/images/photo.jpg")).unwrap();
    let png_ok = fs::read(common::root().join("tests/fixtures/images/diagram.png")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut.jpg", jpg[..jpg.len() / 2].to_vec()),
        ("header-only.png", png_ok[..33].to_vec()),
        ("short-data.png", common::png(64, 64, 2, &TINY_IDAT)),
        ("page.gif", b"<html><body>not a gif</body></html>".to_vec()),
        ("sig-only.gif", b"GIF89a".to_vec()),
    ];
    for (name, bytes) in cases {
        let md = format!("# T\n\n![alt of {name}]({name})\n");
        let (dir, stderr) = export_with_images(&md, &[(name, bytes)]);
        assert_left_out_everywhere(dir.path(), &stderr, name);
    }
}

#[cfg(all(feature = "pdf", feature = "epub", feature = "html"))]
#[test]
fn good_images_still_reach_every_format() {
    let jpg = fs::read(common::root().join("tests/fixtures/images/photo.jpg")).unwrap();
    let png_ok = fs::read(common::root().join("tests/fixtures/images/diagram.png")).unwrap();
    let (dir, stderr) = export_with_images(
        "# T\n\n![a](a.jpg)\n\n![b](b.png)\n",
        &[("a.jpg", jpg), ("b.png", png_ok)],
    );
    assert!(!stderr.contains("left out"), "{stderr}");
    let epub = fs::read(dir.path().join("out/g.epub")).unwrap();
    let names = zip_names(&epub);
    assert_eq!(names.iter().filter(|n| n.contains("images/")).count(), 2);
    let opf = zip_text(&epub, "OEBPS/content.opf");
    assert!(opf.contains("image/jpeg") && opf.contains("image/png"));
    let pdf = fs::read(dir.path().join("out/g.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .is_ok_and(|v| v.as_name().is_ok_and(|n| n == b"Image"))
            })
        })
        .count();
    assert!(images >= 2, "{images} image streams in the PDF");
}

#[test]
fn an_input_is_never_overwritten_by_another_inputs_output() {
    // `export x.md x.json --to json,txt -o .` replaced the hand-written x.json with x.md's
    // output before reading it. Now the run is planned first and refused with nothing written.
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("x.md");
    let json = dir.path().join("x.json");
    fs::write(&md, "# X\n\nfrom markdown\n").unwrap();
    gp().args(["export", "--to", "json", "-o"])
        .arg(dir.path().join("made"))
        .arg(&md)
        .assert()
        .success();
    let hand_written = fs::read_to_string(dir.path().join("made/x.json"))
        .unwrap()
        .replace("from markdown", "HAND WRITTEN");
    fs::write(&json, &hand_written).unwrap();
    let out = gp()
        .current_dir(dir.path())
        .args(["export", "x.md", "x.json", "--to", "json,txt", "-o", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(fs::read_to_string(&json).unwrap(), hand_written);
    assert!(stderr.contains("would overwrite"), "{stderr}");
    // Nothing was written: no x.txt either.
    assert!(!dir.path().join("x.txt").exists(), "{stderr}");
}

fn render_file(id: &str, path: &Path) -> (Vec<u8>, Vec<String>) {
    let loaded = guidepress::input::load(path).unwrap_or_else(|e| panic!("{e}"));
    let mut ctx = guidepress::render::RenderContext::for_input(
        path.to_path_buf(),
        path.parent().map(Path::to_path_buf),
        guidepress::render::RenderOptions::default(),
    );
    let bytes = guidepress::render::Registry::builtin()
        .get(id)
        .unwrap()
        .render(&loaded.guide, &mut ctx)
        .unwrap();
    (bytes, ctx.warnings.iter().map(|w| w.to_string()).collect())
}

#[cfg(all(feature = "epub", feature = "html"))]
#[test]
fn empty_and_control_character_metadata_makes_a_valid_epub() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("meta.md");
    fs::write(
        &path,
        "---\ntitle: \"\\x01\\x02\"\nauthor: \"\"\ndescription: \"  \"\nkeywords: [\"\", \"\\x01\"]\n\
         license: \"\\x01\"\nidentifier: \" \"\nsubtitle: \"\\t\"\nlang: en\n---\n\n\
         ## \\x01\n\ntext\n",
    )
    .unwrap();
    let (epub, _) = render_file("epub", &path);
    let opf = zip_text(&epub, "OEBPS/content.opf");
    for empty in [
        "<dc:creator></dc:creator>",
        "<dc:subject></dc:subject>",
        "<dc:rights></dc:rights>",
        "<dc:description></dc:description>",
        "<dc:title></dc:title>",
    ] {
        assert!(!opf.contains(empty), "{empty} in\n{opf}");
    }
    for name in zip_names(&epub).iter().filter(|n| n.ends_with(".xhtml")) {
        assert!(!zip_text(&epub, name).contains("<title></title>"), "{name}");
    }
    common::assert_epubcheck_clean(&epub, "control-metadata");
    // The other formats get the same cleaned metadata: no empty author in the page.
    let (html, _) = render_file("html", &path);
    let html = String::from_utf8(html).unwrap();
    assert!(
        !html.contains("<meta name=\"author\" content=\"\""),
        "{html}"
    );
    assert!(!html.contains("<title></title>"));
}

/// Exports the same one-paragraph guide from Markdown (`g.md`, with `front_matter` lines)
/// and from JSON (`j.json`, with `meta` members) `--to` `formats`, into `out/` of a fresh
/// folder: the run's output, its standard error, and the folder (kept alive).
fn export_md_and_json(
    front_matter: &str,
    meta: &str,
    formats: &str,
) -> (std::process::Output, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("g.md");
    fs::write(&md, format!("---\ntitle: T\n{front_matter}---\n\nHello.\n")).unwrap();
    let json = dir.path().join("j.json");
    fs::write(
        &json,
        format!(
            r#"{{"schema_version":"1.2.0","meta":{{"title":"T",{meta}}},"blocks":[{{"type":"paragraph","content":[{{"type":"text","text":"Hello."}}]}}],"sections":[],"footnotes":[]}}"#
        ),
    )
    .unwrap();
    let run = gp()
        .args(["export", "--to", formats, "-o"])
        .arg(dir.path().join("out"))
        .arg(&md)
        .arg(&json)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    (run, stderr, dir)
}

/// A bad tag in the front matter is a warning at its line, said once for all formats, and
/// the guide exports (it was an error); from JSON, which has no lines, it is said once too
/// (it was said once per format).
#[cfg(feature = "epub")]
#[test]
fn a_bad_language_tag_is_said_once_and_the_guide_exports() {
    let (run, stderr, dir) = export_md_and_json(
        "lang: \"not a lang!!\"\n",
        r#""lang":"not a lang!!""#,
        "all",
    );
    assert!(run.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("not a well-formed BCP 47 tag").count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("g.md:3:7: warning: language tag `not a lang!!`"),
        "{stderr}"
    );
    let out = dir.path().join("out");
    assert!(out.join("g.epub").is_file() && out.join("j.epub").is_file());
}

/// A `date` that is no date, from JSON as from front matter, is said once (at its line and
/// column in either), and the JSON-LD leaves `datePublished` out rather than pass it on.
#[test]
fn a_date_that_is_no_date_is_said_once_and_left_out_of_the_json_ld() {
    let (run, stderr, dir) = export_md_and_json(
        "date: next tuesday\n",
        r#""date":"next tuesday""#,
        "json,jsonld,txt",
    );
    assert!(run.status.success(), "{stderr}");
    assert_eq!(stderr.matches("is not a date").count(), 2, "{stderr}");
    assert!(
        stderr.contains("g.md:3:7: warning: front matter `date`"),
        "{stderr}"
    );
    // From JSON at the member's place too (it had no line): `"date"` starts at column 47.
    assert!(
        stderr.contains("j.json:1:47: warning: `date` `next tuesday` is not a date"),
        "{stderr}"
    );
    for name in ["g.jsonld", "j.jsonld"] {
        let ld = fs::read_to_string(dir.path().join("out").join(name)).unwrap();
        assert!(!ld.contains("datePublished"), "{name}: {ld}");
    }
}

#[cfg(all(feature = "epub", feature = "html"))]
#[test]
fn malformed_language_tags_fall_back_with_a_warning() {
    // Each was accepted and gave OPF-092; expected fallbacks are the longest well-formed
    // prefix under RFC 5646 (written by hand).
    let dir = tempfile::tempdir().unwrap();
    for (tag, want) in [
        ("en-a", "en"),
        ("en-x", "en"),
        ("en-GB-GB", "en-GB"),
        ("zh_CN_a", "zh-CN"),
    ] {
        let path = dir.path().join(format!("{tag}.md"));
        fs::write(&path, format!("---\ntitle: T\nlang: {tag}\n---\n\nText.\n")).unwrap();
        let (epub, warnings) = render_file("epub", &path);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("not a well-formed BCP 47 tag")),
            "{tag}: {warnings:?}"
        );
        let opf = zip_text(&epub, "OEBPS/content.opf");
        assert!(
            opf.contains(&format!(">{want}</dc:language>")),
            "{tag}: {opf}"
        );
        common::assert_epubcheck_clean(&epub, tag);
        let (html, _) = render_file("html", &path);
        assert!(
            String::from_utf8(html)
                .unwrap()
                .contains(&format!("lang=\"{want}\""))
        );
    }
}

#[cfg(all(feature = "epub", feature = "html"))]
#[test]
fn urls_and_fragments_are_encoded_once_for_every_markup_format() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("links.md");
    fs::write(
        &md,
        "# Book\n\nSee [a](http://a.example/[a]), [b](http://a.example/%zz), \
         [c](http://a.example/a\"b) and [one](#one), [two](#two), [none](#).\n\n\
         ## One\n\nx\n\n## Two\n\ny\n",
    )
    .unwrap();
    // JSON input may hold ids Markdown never makes: quotes and angle brackets, controls.
    let (json, _) = render_file("json", &md);
    let text = String::from_utf8(json)
        .unwrap()
        .replace("\"one\"", r#""a\"<>b""#)
        .replace("\"#one\"", r##""#a\"<>b""##)
        .replace("\"two\"", r#""\u0001\u0002""#)
        .replace("\"#two\"", r##""#\u0001\u0002""##)
        // A section title of nothing but a control character.
        .replace("\"text\": \"Two\"", r#""text": "\u0001""#);
    let json_path = dir.path().join("ids.json");
    fs::write(&json_path, text).unwrap();
    for path in [&md, &json_path] {
        let (epub, _) = render_file("epub", path);
        let (html, _) = render_file("html", path);
        let html = String::from_utf8(html).unwrap();
        let mut docs = vec![html];
        for name in zip_names(&epub) {
            if name.ends_with(".xhtml") || name.ends_with(".ncx") {
                docs.push(zip_text(&epub, &name));
            }
        }
        for doc in &docs {
            for bad in ["/[a]", "%zz", "a\"b", "#\"", "xhtml#\"", ".xhtml#<"] {
                assert!(!doc.contains(bad), "{bad} in {}:\n{doc}", path.display());
            }
            // No empty fragment, in an href or a nav/ncx src.
            assert!(!doc.contains("#\""), "empty fragment in {}", path.display());
            assert!(
                !doc.contains("<title></title>"),
                "empty title in {}",
                path.display()
            );
            assert!(
                !doc.contains("<text></text>"),
                "empty NCX label in {}",
                path.display()
            );
        }
        assert!(docs[0].contains("http://a.example/%5Ba%5D"));
        assert!(docs[0].contains("http://a.example/%25zz"));
        common::assert_epubcheck_clean(&epub, "links");
    }
}

/// Every `oneOf`/`anyOf` of the schema with a branch that is an object tagged by a `type`
/// const: a validator must try each such branch in full, which is exponential for nested
/// inlines. Written here, independently of the code that rewrites the schema.
fn alternatives_over_tagged_objects(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for key in ["oneOf", "anyOf"] {
                if let Some(serde_json::Value::Array(branches)) = map.get(key)
                    && branches
                        .iter()
                        .any(|b| b["properties"]["type"]["const"].is_string())
                {
                    out.push(format!("{at}/{key}"));
                }
            }
            for (k, x) in map {
                alternatives_over_tagged_objects(x, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                alternatives_over_tagged_objects(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn schema_discriminates_on_type_before_looking_deeper() {
    let schema: serde_json::Value =
        serde_json::from_str(&guidepress::render::json::schema()).unwrap();
    let mut found = Vec::new();
    alternatives_over_tagged_objects(&schema, String::new(), &mut found);
    assert!(
        found.is_empty(),
        "alternatives over tagged objects: {found:?}"
    );
    // Inline and Block name their variants in a `type` enum, each checked by one if/then.
    for def in ["Inline", "Block"] {
        let d = &schema["$defs"][def];
        let tags = d["properties"]["type"]["enum"].as_array().unwrap();
        assert!(tags.len() >= 10, "{def}: {tags:?}");
        assert_eq!(d["allOf"].as_array().unwrap().len(), tags.len(), "{def}");
    }
    // The rewritten schema still accepts what we write and rejects a wrong variant.
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut inner = serde_json::json!({"type": "text", "text": "x"});
    for _ in 0..30 {
        inner = serde_json::json!({"type": "emphasis", "content": [inner]});
    }
    let mut doc = serde_json::json!({
        "schema_version": "1.0.0", "meta": {"title": "T"},
        "blocks": [{"type": "paragraph", "content": [inner]}],
        "sections": [], "footnotes": []
    });
    assert!(validator.is_valid(&doc));
    doc["blocks"][0]["content"][0]["type"] = "shouting".into();
    assert!(!validator.is_valid(&doc));
    doc["blocks"][0]["content"][0]["type"] = "text".into();
    assert!(
        !validator.is_valid(&doc),
        "a text inline with content is not a text inline"
    );
}

#[test]
fn one_long_line_of_many_links_parses_in_one_pass_with_character_columns() {
    // 16,000 links to missing headings on one CJK line: comrak's own byte→character column
    // conversion counted the line from its start once per node (20 s in release, minutes in
    // a debug build). The timeout guards against a hang; the benchmark (bench/hostile.py)
    // holds the speed target. Columns in the warnings are still characters, not bytes.
    let dir = tempfile::tempdir().unwrap();
    let n = 16_000;
    let line: String = (0..n).map(|i| format!("字[l](#x{i}) ")).collect();
    let path = dir.path().join("links.md");
    fs::write(&path, format!("# T\n\n{line}\n")).unwrap();
    let out = gp()
        .args(["check", "--all-warnings"])
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Each link `字[l](#xI) ` starts after `字`; in characters, link k (0-based) starts at
    // column 2 + the characters before it.
    let mut expected = Vec::new();
    let mut col = 1;
    for i in 0..n {
        expected.push(format!(
            "links.md:3:{}: warning: internal link `#x{i}`",
            col + 1
        ));
        col += format!("字[l](#x{i}) ").chars().count();
    }
    for (k, e) in expected.iter().enumerate().step_by(997) {
        assert!(stderr.contains(e.as_str()), "link {k}: {e}");
    }
    // Three footnote-heavy and table-heavy lines of the issue, under the same guard.
    for (name, md) in [
        ("refs.md", format!("{}\n\n[^a]: note\n", "x[^a] ".repeat(n))),
        (
            "table.md",
            format!(
                "|{}\n|{}\n|{}\n",
                "a|".repeat(n),
                "-|".repeat(n),
                "x|".repeat(n)
            ),
        ),
    ] {
        let p = dir.path().join(name);
        fs::write(&p, md).unwrap();
        gp().arg("check")
            .arg(&p)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .success();
    }
}

#[cfg(feature = "pdf")]
#[test]
fn a_long_title_is_shaped_once_for_the_running_header() {
    // A 40,000-character CJK title over ~40 pages: the running header shaped the whole title
    // on every page before cutting it to 40 characters (7 s in release). The timeout guards
    // against that; the header still shows the title's start and an ellipsis.
    let dir = tempfile::tempdir().unwrap();
    let title = "标题".repeat(20_000);
    let body = "正文段落。\n\n".repeat(2_000);
    let path = dir.path().join("long-title.md");
    fs::write(&path, format!("# {title}\n\n{body}")).unwrap();
    gp().args(["export", "--to", "pdf", "-o"])
        .arg(dir.path())
        .arg(&path)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    let pdf = fs::read(dir.path().join("long-title.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(doc.get_pages().len() > 20);
}

#[cfg(feature = "pdf")]
#[test]
fn binary_output_is_not_written_to_a_terminal_unless_forced() {
    // `script` runs the command with a pseudo-terminal as its standard output.
    if !common::validators::have(
        &["script"],
        "install util-linux (`apt-get install bsdutils`)",
    ) {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_guidepress");
    let guide = common::guides()[1].clone();
    let run = |extra: &str| {
        let cmd = format!(
            "{bin} export {} --to pdf -o - {extra} > /dev/null; echo EXIT=$?",
            guide.display()
        );
        // With the redirection inside, stdout is /dev/null: not a terminal. Without it, the
        // pseudo-terminal.
        let cmd_tty = cmd.replace(" > /dev/null", "");
        let out = std::process::Command::new("script")
            .args(["-qec", &cmd_tty, "/dev/null"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let refused = run("");
    assert!(refused.contains("EXIT=2"), "{refused}");
    assert!(
        refused.contains("standard output is a terminal"),
        "{refused}"
    );
    assert!(!refused.contains("%PDF"), "no PDF bytes on the terminal");
    let forced = run("--force");
    assert!(
        forced.contains("EXIT=0") && forced.contains("%PDF"),
        "{}",
        &forced[..200.min(forced.len())]
    );
    // Text formats go to a terminal as before.
    let txt = std::process::Command::new("script")
        .args([
            "-qec",
            &format!(
                "{bin} export {} --to txt -o -; echo EXIT=$?",
                guide.display()
            ),
            "/dev/null",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&txt.stdout).contains("EXIT=0"));
}

#[test]
fn json_input_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (json, _) = render_file("json", &common::guides()[1]);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&json);
    let path = dir.path().join("bom.json");
    fs::write(&path, with_bom).unwrap();
    let (again, _) = render_file("json", &path);
    assert_eq!(again, json);
}

#[test]
fn schema_version_must_match_the_schemas_own_pattern() {
    let schema: serde_json::Value =
        serde_json::from_str(&guidepress::render::json::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (json, _) = render_file("json", &common::guides()[1]);
    let mut doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    for (version, ok) in [
        ("1.0.0", true),
        ("01.0.0", false),
        ("1.00.0", false),
        ("1.0.01", false),
        ("+1.0.0", false),
        ("1.0", false),
    ] {
        doc["schema_version"] = version.into();
        // The reader and the schema agree, on every version.
        assert_eq!(validator.is_valid(&doc), ok, "schema on {version}");
        let path = dir.path().join("v.json");
        fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
        let read = guidepress::input::load(&path);
        assert_eq!(read.is_ok(), ok, "reader on {version}: {:?}", read.err());
    }
}

#[test]
fn every_format_is_identical_across_processes_started_at_different_times() {
    // Two separate runs, more than two seconds apart (zip timestamps have a two-second
    // resolution), of a guide with no date and no SOURCE_DATE_EPOCH: a wall-clock date
    // anywhere in any format makes the bytes differ. (Rendering twice within one process and
    // one second could not tell.)
    let dir = tempfile::tempdir().unwrap();
    let png = fs::read(common::root().join("tests/fixtures/images/diagram.png")).unwrap();
    fs::write(dir.path().join("d.png"), png).unwrap();
    let md = dir.path().join("g.md");
    fs::write(
        &md,
        "---\ntitle: 没有日期\nlang: zh-CN\n---\n\n# 没有日期\n\n## 步骤\n\n1. **打开**：启动。\n\n\
         ![图](d.png)\n\n正文[^1]。\n\n[^1]: 注释。\n",
    )
    .unwrap();
    let export = |out: &str| {
        gp().args(["export", "--to", "all", "-o"])
            .arg(dir.path().join(out))
            .arg(&md)
            .assert()
            .success();
    };
    export("first");
    std::thread::sleep(std::time::Duration::from_millis(2_200));
    export("second");
    let registry = guidepress::render::Registry::builtin();
    let mut compared = 0;
    for r in registry.iter() {
        let name = format!("g.{}", r.extension());
        let a = fs::read(dir.path().join("first").join(&name)).unwrap();
        let b = fs::read(dir.path().join("second").join(&name)).unwrap();
        assert!(a == b, "{name} differs between two runs");
        compared += 1;
    }
    // json, txt and jsonld always; pdf, epub and html in builds with their Cargo features.
    let features = [
        cfg!(feature = "pdf"),
        cfg!(feature = "epub"),
        cfg!(feature = "html"),
    ];
    assert_eq!(compared, 3 + features.iter().filter(|on| **on).count());
}

#[cfg(feature = "html")]
#[test]
fn percent_encoded_internal_links_are_decoded_to_their_heading() {
    // Replaces an empty `fn percent_decoding() {}` in the XHTML writer: `#%E6%AD%A5%E9%AA%A4`
    // is `#步骤`, and must link to that heading (hand-encoded UTF-8 of 步骤).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.md");
    fs::write(
        &path,
        "# T\n\nSee [the steps](#%E6%AD%A5%E9%AA%A4) and [nowhere](#%E6%AD%A5).\n\n## 步骤\n\nx\n",
    )
    .unwrap();
    let (html, _) = render_file("html", &path);
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("id=\"步骤\""), "{html}");
    assert!(html.contains("href=\"#步骤\">the steps</a>"), "{html}");
    // `#%E6%AD%A5` decodes to `#步`, which is no heading: a page keeps the link as written
    // (the parser warns), an ebook could not.
    assert!(html.contains("href=\"#步\">nowhere</a>"), "{html}");
}

/// An address whose scheme needs a host but is not followed by `//` (`https:/host/x`,
/// `https:\\host`, from ailearning's README) is said at its line and column, and its text
/// is kept without the link: written as is, it made the EPUB fail EPUBCheck (RSC-020) and
/// the HTML fail the Nu checker, with no warning.
#[cfg(all(feature = "epub", feature = "html"))]
#[test]
fn an_address_without_slashes_after_its_scheme_is_no_link() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slash.md");
    fs::write(
        &path,
        "# 资料\n\n见[学习路线图](https:/docs.apachecn.org/map)和[另一处](https:\\\\example.com/x)。\n",
    )
    .unwrap();
    let loaded = guidepress::input::load(&path).unwrap();
    let said: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.iter().any(|w| w.contains("slash.md:3:2:")
            && w.contains("`https:/docs.apachecn.org/map`")
            && w.contains("not followed by `//`")),
        "{said:?}"
    );
    let (epub, _) = render_file("epub", &path);
    common::assert_epubcheck_clean(&epub, "slash");
    let (html, _) = render_file("html", &path);
    let html = String::from_utf8(html).unwrap();
    assert!(!html.contains("href=\"https:/d"), "{html}");
    assert!(!html.contains("href=\"https:%5C"), "{html}");
    assert!(
        html.contains("学习路线图") && html.contains("另一处"),
        "{html}"
    );
}
