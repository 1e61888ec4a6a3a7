//! What is printed is what was written (issue 9): text extraction of code, characters the
//! bundled fonts lack, user fonts, Han–Latin spacing and hyphenation, checked on real PDFs
//! with two independent extractors (poppler's `pdftotext` and pypdf).
//!
//! `pdftotext`/`pdffonts` come from `poppler-utils`, pypdf from `pip install pypdf`. A missing
//! tool skips the check with a loud message, unless `GUIDEPRESS_REQUIRE_VALIDATORS=1` (set by
//! `.ci/run`), which makes it a failure.

// PDF output: only in builds with the `pdf` feature.
#![cfg(feature = "pdf")]

use std::path::{Path, PathBuf};
use std::process::Command;

use guidepress::parse::{self, Origin};
use guidepress::render::{Registry, RenderContext, RenderOptions};

/// Renders Markdown `md` to PDF with `options`; returns the bytes and the warnings.
fn pdf_of(md: &str, options: RenderOptions) -> (Vec<u8>, Vec<String>) {
    let guide = parse::parse_str(md, &Origin::named("t.md")).unwrap().guide;
    let mut ctx = RenderContext::for_input(PathBuf::from("t.md"), None, options);
    let bytes = Registry::builtin()
        .get("pdf")
        .unwrap()
        .render(&guide, &mut ctx)
        .unwrap();
    let warnings = ctx.warnings.iter().map(|d| format!("{d:?}")).collect();
    (bytes, warnings)
}

fn write_tmp(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Whether a missing outside tool must fail the test instead of skipping it.
fn required() -> bool {
    std::env::var("GUIDEPRESS_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// Runs `program args`; `None` (after a loud message) when the program is missing and
/// validators are not required.
fn run(program: &str, args: &[&str], install: &str) -> Option<String> {
    match Command::new(program).args(args).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{program} {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if !required() => {
            eprintln!(
                "\n*** SKIPPED: `{program}` is not available ({e}); install it with: {install}\n\
                 *** (set GUIDEPRESS_REQUIRE_VALIDATORS=1 to make this a failure)\n"
            );
            None
        }
        Err(e) => panic!("`{program}` is required ({install}): {e}"),
    }
}

/// Text of every page by poppler.
fn pdftotext(path: &Path) -> Option<String> {
    run(
        "pdftotext",
        &["-enc", "UTF-8", "-raw", path.to_str().unwrap(), "-"],
        "apt-get install poppler-utils",
    )
}

/// Text of every page by pypdf (an extractor independent of poppler).
fn pypdf(path: &Path) -> Option<String> {
    python_text(
        "pypdf",
        "'\\n'.join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages)",
        path,
    )
}

/// Text of every page by MuPDF (through PyMuPDF), the engine of SumatraPDF, zathura's and
/// many phones' viewers: it reads an element's `/ActualText` too, one character per glyph.
fn mupdf(path: &Path) -> Option<String> {
    python_text(
        "pymupdf",
        "''.join(p.get_text() for p in pymupdf.open(sys.argv[1]))",
        path,
    )
}

/// The value of the Python expression `text` (which reads the PDF `sys.argv[1]` with the
/// PyPI package `module`) for `path`; `None` (after a loud message) when Python or the
/// package is missing and validators are not required.
fn python_text(module: &str, text: &str, path: &Path) -> Option<String> {
    let script = format!(
        "import sys\ntry:\n    import {module}\nexcept ImportError:\n    sys.exit(3)\n\
         sys.stdout.buffer.write(({text}).encode())\n"
    );
    let out = Command::new("python3")
        .args(["-c", &script, path.to_str().unwrap()])
        .output();
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) if o.status.code() == Some(3) && !required() => {
            eprintln!(
                "\n*** SKIPPED: {module} is not available; install it with: pip install {module}\n\
                 *** (set GUIDEPRESS_REQUIRE_VALIDATORS=1 to make this a failure)\n"
            );
            None
        }
        Ok(o) => panic!(
            "{module} failed or is missing (pip install {module}): {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) if !required() => {
            eprintln!("\n*** SKIPPED: python3 is not available ({e})\n");
            None
        }
        Err(e) => panic!("python3 with {module} is required: {e}"),
    }
}

/// Both extractors' text, for the ones that are installed.
fn extractions(bytes: &[u8]) -> Vec<(&'static str, String)> {
    let (_d, path) = write_tmp(bytes);
    let mut out = Vec::new();
    if let Some(t) = pdftotext(&path) {
        out.push(("pdftotext", t));
    }
    if let Some(t) = pypdf(&path) {
        out.push(("pypdf", t));
    }
    out
}

#[test]
fn code_extracts_as_typed_without_ligatures() {
    // JetBrains Mono's programming ligatures drew these as ≠ → ⩽ ═ and extraction gave
    // `a *= b`, `*-to all`.
    let lines = [
        "if a != b { return a -> b; }",
        "while a <= b && a == c {}",
        "guidepress export --to all",
        "x >= y || x =>; <!-- c --> www ::",
    ];
    let md = format!(
        "# Code\n\nInline: `{}` and `{}`.\n\n```\n{}\n```\n",
        lines[0],
        lines[2],
        lines.join("\n")
    );
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    for (tool, text) in extractions(&bytes) {
        for l in lines {
            assert!(text.contains(l), "{tool} lost `{l}`:\n{text}");
        }
    }
}

#[test]
fn a_glyph_never_has_two_meanings_in_the_tounicode_map() {
    // Prose keeps the font's ligatures and contextual forms. With JetBrains Mono as the body
    // font, `!=` and `==` become contextual glyphs that also stand for other characters
    // elsewhere; every extractor must still give back the text as written.
    let dir = tempfile::tempdir().unwrap();
    let font = dir.path().join("mono.ttf");
    std::fs::write(&font, guidepress::fonts::JETBRAINS_MONO_REGULAR.data).unwrap();
    let mut options = RenderOptions::default();
    options.fonts = vec![font.display().to_string()];
    let prose = [
        "Compare a != b and a == b, then a <= b and a -> b.",
        "Run it with --to all or -- alone; www and ::.",
    ];
    let (bytes, _) = pdf_of(&format!("{}\n\n{}\n", prose[0], prose[1]), options);
    for (tool, text) in extractions(&bytes) {
        for l in prose {
            assert!(text.contains(l), "{tool} lost `{l}`:\n{text}");
        }
    }
}

#[test]
fn code_with_han_extracts_byte_for_byte() {
    // Han–Latin autospace and justification gaps used to land inside code: `第1行` came out
    // as `第 1 行`.
    let inline = ["echo \"第1行\"", "printf(\"%d个\", n);"];
    let block = ["let 名字 = \"张三abc\";", "printf(\"%d个，共%s\", n, s);"];
    let md = format!(
        "# 代码\n\n在终端里运行`{}`，然后在程序里写`{}`就可以了，这一段文字足够长，需要两端对齐排版才能看出问题所在。\n\n```\n{}\n```\n",
        inline[0],
        inline[1],
        block.join("\n")
    );
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    for (tool, text) in extractions(&bytes) {
        let flat: String = text.lines().collect();
        for c in inline.iter().chain(&block) {
            assert!(flat.contains(c), "{tool} changed `{c}`:\n{text}");
        }
    }
}

/// A block of code copies back line for line, every space where it was written, from all
/// three extractors: its indentation, the runs of spaces inside it (aligned comments), its
/// tabs. Before, each line's spaces were rebuilt from the gaps between glyphs (pdftotext
/// dropped indentation and squeezed `x  # c` to `x # c`), and MuPDF spread the element's
/// replacement text over the glyphs one character per glyph, so that every line end in it
/// pushed the later lines one glyph along (`if [ -f x ]; the` / `n`, `fi` twice).
#[test]
fn code_copies_back_line_for_line_in_every_extractor() {
    let lines = [
        "cargo build --release",
        "if [ -f x ]; then",
        "    echo \"你好，世界\"  # 注释",
        "\tprintf '%s\\n' \"$x\"    # tab, then four spaces",
        "fi",
    ];
    let md = format!(
        "# 代码\n\n运行下面的命令：\n\n```bash\n{}\n```\n\n然后继续。\n",
        lines.join("\n")
    );
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    let (_d, path) = write_tmp(&bytes);
    let texts = [
        ("pdftotext", pdftotext(&path)),
        ("pypdf", pypdf(&path)),
        ("MuPDF", mupdf(&path)),
    ];
    for (tool, text) in texts {
        let Some(text) = text else { continue };
        assert!(
            text.contains(&lines.join("\n")),
            "{tool} did not give the code back as written:\n{text}"
        );
    }
}

/// Blank lines inside code (between two functions, in a heredoc, a YAML block) have no
/// glyphs, so extractors left them out: the code came back with its blank lines gone.
/// poppler gives them back now (the line before carries them as line ends in its
/// replacement text); MuPDF and pypdf read no such text and still leave them out.
#[test]
fn blank_lines_in_code_copy_back() {
    // Blank lines of nothing, of spaces (editors leave the indentation) and of a tab.
    let code = "def one():\n    return 1\n\n\ndef two():\n    return 2\n    \n\t\nx = one()";
    let md = format!("# 代码\n\n```python\n{code}\n```\n\n然后继续。\n");
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    let (_d, path) = write_tmp(&bytes);
    let Some(text) = pdftotext(&path) else { return };
    assert!(text.contains(code), "{text:?}");
}

/// Spaces a code line ends with are code (a Markdown hard break in a sample, a diff's context
/// line): they copy back, every one of them. pypdf gives a line's text as painted; pdftotext
/// gives what each line's replacement text says (it trims the spaces it rebuilds itself).
#[test]
fn code_keeps_the_spaces_its_lines_end_with() {
    let lines = ["one ", "two  ", "three   ", "five     ", "end"];
    let md = format!("# 代码\n\n```text\n{}\n```\n", lines.join("\n"));
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    let (_d, path) = write_tmp(&bytes);
    for (tool, text) in [("pypdf", pypdf(&path)), ("pdftotext", pdftotext(&path))] {
        let Some(text) = text else { continue };
        assert!(text.contains(&lines.join("\n")), "{tool}: {text:?}");
    }
}

/// A tab in code copies back as a tab (a Makefile's recipe lines need theirs), and a tab
/// in running text shows as a space: before, code tabs copied as spaces and a tab anywhere
/// else was painted as a crossed box (.notdef) and extracted as nothing. pdftotext leaves
/// out the tabs of running text by design (poppler skips U+0009), so there it can only show
/// the words are there; in code it reads each line's replacement text, tabs and all.
#[test]
fn tabs_copy_back_as_tabs() {
    // Two tabs in a row too (Go's nesting, an empty TSV field): the second was placed four
    // times too far, and pypdf read a space between them.
    let recipe = [
        "all: app",
        "\tcc -o app main.c",
        "\techo\t\"done\"",
        "name\t\tvalue",
        "\t\t\treturn",
    ];
    let md = format!(
        "# Make\n\nRun `make\tall` now. Text\twith a tab.\n\n```make\n{}\n```\n",
        recipe.join("\n")
    );
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    let (_d, path) = write_tmp(&bytes);
    if let Some(text) = pypdf(&path) {
        assert!(text.contains(&recipe.join("\n")), "{text:?}");
        assert!(text.contains("make\tall"), "{text:?}");
    }
    if let Some(text) = pdftotext(&path) {
        assert!(text.contains("Text with a tab."), "{text:?}");
        assert!(text.contains(&recipe.join("\n")), "{text:?}");
    }
}

/// Hangul, an ideograph outside Noto Sans SC (U+20BB7) and one outside every usual font
/// (U+2A6D6, Extension B's last).
const UNCOVERED: &str = "한국어 문장도 있습니다. 𠮷野家 and 𪛖.";

#[test]
fn characters_no_font_has_still_extract_as_themselves() {
    // Without installed fonts, the bundled ones lack Hangul: the characters are drawn as
    // empty boxes, warned about, and must still extract as themselves (they came out as
    // `다다다 다다다 다다다다.` when .notdef had one ToUnicode entry).
    let mut options = RenderOptions::default();
    options.system_fonts = false;
    let (bytes, warnings) = pdf_of(&format!("{UNCOVERED}\n"), options);
    assert!(
        warnings.iter().any(|w| w.contains("U+D55C")),
        "한 is warned about: {warnings:?}"
    );
    for (tool, text) in extractions(&bytes) {
        assert!(text.contains(UNCOVERED), "{tool}:\n{text}");
    }
}

#[test]
fn installed_fonts_set_what_the_bundled_ones_lack() {
    let Some(list) = run(
        "fc-list",
        &[":charset=d55c", "family"],
        "apt-get install fontconfig fonts-noto-cjk",
    ) else {
        return;
    };
    if list.trim().is_empty() {
        assert!(
            !required(),
            "no installed font has Hangul: apt-get install fonts-noto-cjk"
        );
        eprintln!(
            "\n*** SKIPPED: no installed font has Hangul; install one with: apt-get install fonts-noto-cjk\n"
        );
        return;
    }
    let (bytes, warnings) = pdf_of(&format!("{UNCOVERED}\n"), RenderOptions::default());
    assert!(
        !warnings.iter().any(|w| w.contains("U+D55C")),
        "an installed font has 한: {warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("installed font")),
        "the use of an installed font is reported: {warnings:?}"
    );
    for (tool, text) in extractions(&bytes) {
        assert!(text.contains("한국어 문장도 있습니다."), "{tool}:\n{text}");
    }
    // The Hangul glyphs come from a font that is neither bundled nor .notdef: a fourth face.
    let (_d, path) = write_tmp(&bytes);
    if let Some(fonts) = run(
        "pdffonts",
        &[path.to_str().unwrap()],
        "apt-get install poppler-utils",
    ) {
        let names: Vec<&str> = fonts
            .lines()
            .skip(2)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        assert!(
            names.iter().any(|n| !n.contains("NotoSansSC")
                && !n.contains("JetBrains")
                && !n.contains("NotoEmoji")),
            "{fonts}"
        );
    }
}

const ROLES_MD: &str = "# 标题 Heading\n\n正文 body text with **粗体 strong** and `let x = 1;`.\n\n```\nfn main() {}\n```\n";

/// Font names `pdffonts` lists (without the subset tag), `None` when it is not installed.
fn pdf_font_names(bytes: &[u8]) -> Option<Vec<String>> {
    let (_d, path) = write_tmp(bytes);
    let out = run(
        "pdffonts",
        &[path.to_str().unwrap()],
        "apt-get install poppler-utils",
    )?;
    Some(
        out.lines()
            .skip(2)
            .filter_map(|l| l.split_whitespace().next())
            .map(|n| n.split_once('+').map_or(n, |x| x.1).to_owned())
            .collect(),
    )
}

/// Whether any page draws text with synthetic bold (fill and stroke, `2 Tr`).
fn has_synthetic_bold(bytes: &[u8]) -> bool {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages().values().any(|&id| {
        let content = doc.get_page_content(id);
        lopdf::content::Content::decode(&content)
            .unwrap()
            .operations
            .iter()
            .any(|op| {
                op.operator == "Tr" && op.operands.first().and_then(|o| o.as_i64().ok()) == Some(2)
            })
    })
}

#[test]
fn a_body_font_keeps_bold_and_monospace_faces() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.ttf");
    std::fs::write(&body, guidepress::fonts::NOTO_SANS_SC_REGULAR.data).unwrap();
    let bold = dir.path().join("bold.ttf");
    std::fs::write(&bold, guidepress::fonts::NOTO_SANS_SC_BOLD.data).unwrap();

    // --font alone: code stays in the monospaced face, bold text is emboldened.
    let mut options = RenderOptions::default();
    options.fonts = vec![body.display().to_string()];
    options.system_fonts = false;
    let (bytes, _) = pdf_of(ROLES_MD, options.clone());
    if let Some(names) = pdf_font_names(&bytes) {
        assert!(
            names.iter().any(|n| n == "JetBrainsMono-Regular"),
            "code lost its monospaced face: {names:?}"
        );
    }
    assert!(
        has_synthetic_bold(&bytes),
        "bold text set in the body font must be emboldened"
    );

    // --font-bold gives bold text a real bold face: nothing to embolden.
    options.fonts_bold = vec![bold.display().to_string()];
    let (bytes, _) = pdf_of(ROLES_MD, options.clone());
    if let Some(names) = pdf_font_names(&bytes) {
        assert!(names.iter().any(|n| n == "NotoSansSC-Bold"), "{names:?}");
        assert!(
            names.iter().any(|n| n == "JetBrainsMono-Regular"),
            "{names:?}"
        );
    }
    assert!(!has_synthetic_bold(&bytes));

    // --font-mono takes code.
    options.fonts_mono = vec![body.display().to_string()];
    let (bytes, _) = pdf_of(ROLES_MD, options);
    if let Some(names) = pdf_font_names(&bytes) {
        assert!(
            !names.iter().any(|n| n.starts_with("JetBrainsMono")),
            "{names:?}"
        );
    }
}

#[test]
fn a_collection_body_font_finds_its_installed_bold() {
    // The issue's case: `--font NotoSansCJK-Regular.ttc#2` (fonts-noto-cjk).
    let ttc = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if !ttc.exists() {
        assert!(
            !required(),
            "{} is required: apt-get install fonts-noto-cjk",
            ttc.display()
        );
        eprintln!(
            "\n*** SKIPPED: {} missing; install it with: apt-get install fonts-noto-cjk\n",
            ttc.display()
        );
        return;
    }
    let mut options = RenderOptions::default();
    options.fonts = vec![format!("{}#2", ttc.display())];
    let (bytes, warnings) = pdf_of(ROLES_MD, options);
    if let Some(names) = pdf_font_names(&bytes) {
        assert!(
            names.iter().any(|n| n == "NotoSansCJKsc-Regular"),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n == "NotoSansCJKsc-Bold"),
            "{names:?} {warnings:?}"
        );
        assert!(
            names.iter().any(|n| n == "JetBrainsMono-Regular"),
            "{names:?}"
        );
    }
}

/// `/CreationDate` and `/ModDate` of the document information dictionary.
fn pdf_dates(bytes: &[u8]) -> (Option<String>, Option<String>) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(id).unwrap();
    let get = |k: &[u8]| {
        info.get(k)
            .ok()
            .map(|o| String::from_utf8_lossy(o.as_str().unwrap()).into_owned())
    };
    (get(b"CreationDate"), get(b"ModDate"))
}

#[test]
fn pdf_dates_are_given_or_absent() {
    // Neither a front-matter date nor SOURCE_DATE_EPOCH: no dates (they used to claim
    // 2000-01-01).
    let (bytes, _) = pdf_of("# 无日期\n\n正文。\n", RenderOptions::default());
    assert_eq!(pdf_dates(&bytes), (None, None));
    // SOURCE_DATE_EPOCH when the guide has no date.
    let mut sde = RenderOptions::default();
    sde.source_date_epoch = Some(1_700_000_000);
    let (bytes, _) = pdf_of("# 无日期\n\n正文。\n", sde.clone());
    let d = Some("D:20231114221320Z".to_owned());
    assert_eq!(pdf_dates(&bytes), (d.clone(), d));
    // The front-matter date first.
    let (bytes, _) = pdf_of("---\ntitle: T\ndate: 2026-11-25\n---\n\n正文。\n", sde);
    let d = Some("D:20261125000000Z".to_owned());
    assert_eq!(pdf_dates(&bytes), (d.clone(), d));
}

#[test]
fn english_is_hyphenated_evenly_and_copies_back_whole() {
    // A justified English column with long words: without hyphenation the word gaps swing
    // widely. Hyphens go only between letters of plain words (never URLs or code), are soft
    // hyphens in the text layer, and the words extract whole once U+00AD is dropped.
    let para = "Internationalisation, accessibility and interoperability considerations \
        frequently complicate straightforward implementations; documentation maintainers \
        nevertheless appreciate comprehensible, unambiguous explanations of configuration \
        responsibilities, notwithstanding organisational idiosyncrasies and extraordinarily \
        heterogeneous environments. See https://example.com/documentation/internationalisation \
        and `configuration_responsibilities` for the implementation.";
    let md = format!("---\ntitle: Hyphenation\nlang: en\n---\n\n{para}\n\n{para}\n");
    let mut options = RenderOptions::default();
    options.paper = guidepress::render::Paper::A5;
    let (bytes, _) = pdf_of(&md, options);
    let expected: String = para.replace('`', "").split_whitespace().collect();
    for (tool, text) in extractions(&bytes) {
        assert!(
            text.contains('\u{ad}'),
            "{tool}: no hyphenation at all:\n{text}"
        );
        let hyphenated: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.contains('\u{ad}'))
            .collect();
        for w in &hyphenated {
            assert!(
                !w.contains('/') && !w.contains('_') && !w.contains(':'),
                "{tool}: hyphen inside a URL or code: {w}"
            );
            // Two letters at least before the hyphen.
            let before = w.split('\u{ad}').next().unwrap();
            let letters = before
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .count();
            assert!(letters >= 2, "{tool}: {w}");
        }
        let flat: String = text
            .split_whitespace()
            .collect::<String>()
            .replace('\u{ad}', "");
        assert!(flat.contains(&expected), "{tool} lost text:\n{text}");
    }
}

#[test]
fn footnotes_link_both_ways() {
    let (bytes, warnings) = pdf_of(
        "# 标题\n\n正文里有一个脚注[^1]，再引用一次[^1]。\n\n[^1]: 脚注的内容。\n",
        RenderOptions::default(),
    );
    assert!(
        !warnings.iter().any(|w| w.contains("no such")),
        "{warnings:?}"
    );
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    // (top of the link's rectangle, top of its destination) of every internal link.
    let mut links = Vec::new();
    for (_, page) in doc.get_pages() {
        let dict = doc.get_dictionary(page).unwrap();
        // The list may be an indirect object (it is: it goes into an object stream).
        let Ok(annots) = dict
            .get(b"Annots")
            .and_then(|a| doc.dereference(a))
            .and_then(|(_, a)| a.as_array())
        else {
            continue;
        };
        for a in annots {
            let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
            let Ok(dest) = a.get(b"Dest").and_then(|d| d.as_array()) else {
                continue;
            };
            let rect = a.get(b"Rect").unwrap().as_array().unwrap();
            let top = rect[3].as_float().unwrap();
            links.push((top, dest[3].as_float().unwrap()));
        }
    }
    // Two references down to the note, one link from the note up to the first reference.
    assert_eq!(links.len(), 3, "{links:?}");
    let up: Vec<_> = links.iter().filter(|(from, to)| to > from).collect();
    let down: Vec<_> = links.iter().filter(|(from, to)| to < from).collect();
    assert_eq!((up.len(), down.len()), (1, 2), "{links:?}");
}

/// A cluster shaped as several glyphs (a symbol and its emoji variation selector, a keycap, a
/// zero-width joiner in code) copies back as written: no glyph without a meaning in the text
/// layer, which extractors gave as a control character (`⚠️\u{1}`).
#[test]
fn multi_glyph_clusters_copy_back_as_written() {
    let md = "# 提示\n\n⚠️ 注意：请先备份。✔️ 对 1️⃣ 完\n\n```\nc\u{200d}d e\u{200c}f\n```\n";
    let (bytes, _) = pdf_of(md, RenderOptions::default());
    for (tool, text) in extractions(&bytes) {
        assert!(
            !text.chars().any(|c| c.is_control() && !c.is_whitespace()),
            "{tool} extracted a control character: {text:?}"
        );
        // pdftotext moves emoji about on its own (its layout analysis); pypdf keeps the
        // order, so it is held to the exact text.
        let expected: &[&str] = if tool == "pypdf" {
            &["⚠️ 注意：请先备份。✔️ 对 1️⃣ 完", "c\u{200d}d e\u{200c}f"]
        } else {
            &["⚠️", "注意：请先备份。", "1️⃣", "c\u{200d}d"]
        };
        for e in expected {
            assert!(text.contains(e), "{tool} lost {e:?}: {text:?}");
        }
    }
}

/// Two footnote references side by side (`1938[^a][^b]`) read as two numbers, `1,2`, not as
/// note 12, in the text a reader copies.
#[test]
fn adjacent_footnote_references_are_two_numbers() {
    let md = "# T\n\nIntroduced in 1938[^a][^b]. Once more[^a].\n\n[^a]: First.\n\n[^b]: Second.\n";
    let (bytes, _) = pdf_of(md, RenderOptions::default());
    for (tool, text) in extractions(&bytes) {
        let flat: String = text.split_whitespace().collect();
        assert!(flat.contains("19381,2."), "{tool}:\n{text}");
        assert!(flat.contains("more1."), "{tool}:\n{text}");
    }
}

/// A numbered task list keeps its numbers, the box after each (`5. [ ] Pack the tent`): only
/// the boxes were drawn.
#[test]
fn a_numbered_task_list_keeps_its_numbers() {
    let md = "# T\n\n5. [ ] Pack the tent\n6. [x] Check the weather\n";
    let (bytes, _) = pdf_of(md, RenderOptions::default());
    for (tool, text) in extractions(&bytes) {
        let flat: String = text.split_whitespace().collect();
        assert!(
            flat.contains("5.Packthetent6.Checktheweather"),
            "{tool}:\n{text}"
        );
    }
}

/// A long URL breaks where style manuals break one (here before `/kb`), no hyphen added: it
/// moved whole to the next line, which left the line before it two-thirds empty. Joined
/// back, its lines give the URL as written.
#[test]
fn a_long_url_breaks_inside_itself() {
    let url = "https://support.acme.example.com/kb/articles/000123456-recovering-a-bricked-x200-after-an-interrupted-firmware-upgrade";
    let md = format!(
        "---\nlang: en\n---\n# T\n\n- Never power-cycle the unit during a firmware upgrade. See {url} for the recovery procedure.\n"
    );
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    for (tool, text) in extractions(&bytes) {
        let first = text.lines().find(|l| l.contains("Never")).unwrap_or("");
        assert!(
            first.contains("See https://support.acme"),
            "{tool}:\n{text}"
        );
        let joined: String = text.lines().collect();
        assert!(joined.contains(url), "{tool}:\n{text}");
    }
}

/// Hebrew and Arabic read in order: each right-to-left run is shown from right to left
/// (Arabic in its joining forms), inside a left-to-right line too, so that extractors that
/// read by position give back the words as typed. Before, the letters were set left to right
/// in typed order and came back reversed (`םולש`). Characters no font has still stand in
/// their place, so this holds without Hebrew or Arabic fonts.
#[test]
fn right_to_left_text_reads_in_order() {
    let (hebrew, arabic) = ("שלום עולם", "مرحبا بالعالم");
    let md = format!("# T\n\n{hebrew}\n\n{arabic}\n\nEnglish, then {hebrew}, then English.\n");
    let (bytes, _) = pdf_of(&md, RenderOptions::default());
    let (_d, path) = write_tmp(&bytes);
    let poppler = run(
        "pdftotext",
        &["-enc", "UTF-8", path.to_str().unwrap(), "-"],
        "apt-get install poppler-utils",
    );
    for (tool, text) in [("pdftotext", poppler), ("MuPDF", mupdf(&path))] {
        let Some(text) = text else { continue };
        // pdftotext marks direction changes with U+202A–U+202E: not text.
        let text: String = text
            .chars()
            .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
            .collect();
        for want in [hebrew, arabic] {
            assert!(text.contains(want), "{tool} lost `{want}`:\n{text}");
        }
        // MuPDF rebuilds a line of both directions its own way (`English, then  ,שלום
        // עולםthen English.`), whatever the order on the page: poppler's reading is the check.
        let mixed = format!("English, then {hebrew}, then English.");
        assert!(
            tool == "MuPDF" || text.contains(&mixed),
            "{tool} lost `{mixed}`:\n{text}"
        );
    }
}

/// What the PDF cannot yet do with right-to-left text (start its paragraphs at the right,
/// mirror its brackets) is said, once, naming a letter. Text with no such letter (Chinese,
/// English, Greek, Cyrillic, an invisible right-to-left mark) says nothing of it.
#[test]
fn right_to_left_text_is_warned_about() {
    for (md, letter) in [
        ("# T\n\nEnglish, then עברית in the middle.\n", "U+05E2"),
        ("# 标题\n\n正文。\n\nالعربية هنا.\n", "U+0627"),
    ] {
        let (_, warnings) = pdf_of(md, RenderOptions::default());
        let said: Vec<_> = warnings
            .iter()
            .filter(|w| w.contains("right-to-left"))
            .collect();
        assert_eq!(said.len(), 1, "{warnings:#?}");
        assert!(said[0].contains(letter), "{said:?}");
    }
    let (_, warnings) = pdf_of(
        "# 标题\n\n正文 English Ελληνικά Русский 日本語のテキスト。\u{200f}\n",
        RenderOptions::default(),
    );
    assert!(
        !warnings.iter().any(|w| w.contains("right-to-left")),
        "{warnings:#?}"
    );
}
