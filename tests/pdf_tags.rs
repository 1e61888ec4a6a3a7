//! Tagged PDF (issue 10): an independent structure checker on real PDFs, and the text a
//! screen reader gets (`pdfinfo -struct-text`) compared sentence by sentence with the source.
//!
//! The checker reads the PDF with lopdf, not with the renderer's own tables: it decodes every
//! page's content stream and walks the structure tree from the catalog. It checks that
//! - every painting operator is inside a marked-content sequence that is an `/Artifact` or
//!   has an MCID, and every MCID on a page is in the tree exactly once (and every MCID in the
//!   tree is on its page);
//! - the `ParentTree` maps each page's MCIDs and each annotation's `/StructParent` back to
//!   the element that holds it, and every element's `/P` is its parent;
//! - every link annotation is in the tree (an `OBJR` under a `Link`) and has `/Contents`, and
//!   pages with annotations have `/Tabs /S`;
//! - every `Figure` has a non-empty `/Alt`; every `Table` has a `TH`; rows hold only cells;
//! - headings start at `H1` and never go down more than one level at a time;
//! - the catalog has `/MarkInfo << /Marked true >>`, `/Lang`, `DisplayDocTitle` and XMP
//!   metadata with `pdfuaid:part` 1.
//!
//! `pdfinfo` comes from `poppler-utils`; missing, the reading-order test skips loudly unless
//! `GUIDEPRESS_REQUIRE_VALIDATORS=1`.
#![cfg(feature = "pdf")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use guidepress::parse::{self, Origin};
use guidepress::render::{Registry, RenderContext, RenderOptions};
use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};
use proptest::prelude::*;

/// Renders Markdown to PDF with `options`.
fn pdf_of(md: &str, options: RenderOptions) -> Vec<u8> {
    let guide = parse::parse_str(md, &Origin::named("t.md")).unwrap().guide;
    let mut ctx = RenderContext::for_input(PathBuf::from("t.md"), None, options);
    Registry::builtin()
        .get("pdf")
        .unwrap()
        .render(&guide, &mut ctx)
        .unwrap()
}

/// What the checker found (for further assertions).
#[derive(Debug, Default)]
struct Report {
    /// Structure types in tree order (depth first).
    roles: Vec<String>,
    /// Number of marked-content sequences in the tree.
    mcids: usize,
    /// Number of link annotations.
    links: usize,
    /// Elements with their own `/Lang`: (structure type, language).
    langs: Vec<(String, String)>,
    /// `/ActualText` of elements: (structure type, text).
    actual: Vec<(String, String)>,
}

fn name_of(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn deref<'a>(lo: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => lo.get_object(*id).unwrap_or(o),
        _ => o,
    }
}

/// Operators that paint (text showing, path painting, XObjects, shadings, inline images).
const PAINTING: &[&str] = &[
    "Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI",
];

/// Reads a number tree node (ISO 32000-1 §7.9.7) into `out`: a root or intermediate node has
/// `/Kids` or `/Nums`, every node but the root `/Limits` that hold its keys; keys ascend.
fn read_number_tree(
    lo: &Document,
    node: &lopdf::Dictionary,
    is_root: bool,
    out: &mut BTreeMap<i64, Object>,
    errs: &mut Vec<String>,
) {
    let before = out.len();
    let last = out.keys().next_back().copied();
    if let Ok(nums) = node.get(b"Nums").and_then(Object::as_array) {
        let mut prev = last;
        for pair in nums.chunks(2) {
            match pair {
                [Object::Integer(k), v] => {
                    if prev.is_some_and(|p| p >= *k) {
                        errs.push(format!("number tree keys out of order at {k}"));
                    }
                    prev = Some(*k);
                    out.insert(*k, v.clone());
                }
                _ => errs.push("number tree /Nums is not key-value pairs".to_owned()),
            }
        }
    } else if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
        for k in kids {
            match k.as_reference().and_then(|id| lo.get_dictionary(id)) {
                Ok(kid) => read_number_tree(lo, kid, false, out, errs),
                Err(_) => errs.push("number tree kid is not a dictionary".to_owned()),
            }
        }
    } else {
        errs.push("number tree node without /Nums or /Kids".to_owned());
    }
    let keys: Vec<i64> = out.keys().copied().skip(before).collect();
    if !is_root {
        let limits = node
            .get(b"Limits")
            .and_then(Object::as_array)
            .ok()
            .and_then(|l| Some((l.first()?.as_i64().ok()?, l.get(1)?.as_i64().ok()?)));
        if limits != keys.first().zip(keys.last()).map(|(a, b)| (*a, *b)) {
            errs.push(format!(
                "number tree /Limits {limits:?} do not match its keys"
            ));
        }
    }
}

/// Checks the tagged structure of `bytes`; returns every violation.
fn check(bytes: &[u8]) -> Result<Report, Vec<String>> {
    let lo = Document::load_mem(bytes).map_err(|e| vec![format!("does not load: {e}")])?;
    let mut errs = Vec::new();
    let catalog = lo.catalog().unwrap();
    let marked = catalog
        .get(b"MarkInfo")
        .map(|o| deref(&lo, o))
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"Marked"))
        .and_then(Object::as_bool);
    if marked.ok() != Some(true) {
        errs.push("no /MarkInfo << /Marked true >>".to_owned());
    }
    if catalog.get(b"Lang").is_err() {
        errs.push("no /Lang in the catalog".to_owned());
    }
    let dt = catalog
        .get(b"ViewerPreferences")
        .map(|o| deref(&lo, o))
        .and_then(Object::as_dict)
        .and_then(|d| d.get(b"DisplayDocTitle"))
        .and_then(Object::as_bool);
    if dt.ok() != Some(true) {
        errs.push("DisplayDocTitle is not true".to_owned());
    }
    match catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .and_then(|id| lo.get_object(id))
        .and_then(Object::as_stream)
    {
        Ok(st) => {
            let xml = String::from_utf8_lossy(&st.content);
            for needle in [
                "<pdfuaid:part>1</pdfuaid:part>",
                "<dc:title>",
                "<dc:language>",
            ] {
                if !xml.contains(needle) {
                    errs.push(format!("XMP metadata lacks {needle}"));
                }
            }
        }
        Err(_) => errs.push("no XMP /Metadata stream".to_owned()),
    }
    let Ok(root_id) = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
    else {
        errs.push("no /StructTreeRoot".to_owned());
        return Err(errs);
    };
    let root = lo.get_dictionary(root_id).unwrap();
    let pages: BTreeMap<u32, ObjectId> = lo.get_pages();

    // Walk the tree: (page, mcid) → element, annotation → element, roles in order.
    let mut report = Report::default();
    let mut mcid_owner: BTreeMap<(ObjectId, i64), ObjectId> = BTreeMap::new();
    let mut annot_owner: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let mut headings = Vec::new();
    let mut stack: Vec<(ObjectId, ObjectId)> = Vec::new(); // (element, expected parent)
    if let Ok(Object::Array(kids)) = root.get(b"K") {
        for k in kids.iter().rev() {
            if let Ok(id) = k.as_reference() {
                stack.push((id, root_id));
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some((id, parent)) = stack.pop() {
        if !seen.insert(id) {
            errs.push(format!("element {id:?} is in the tree twice"));
            continue;
        }
        let Ok(el) = lo.get_dictionary(id) else {
            errs.push(format!("element {id:?} is not a dictionary"));
            continue;
        };
        let role = el.get(b"S").ok().and_then(name_of).unwrap_or_default();
        if el.get(b"P").and_then(Object::as_reference).ok() != Some(parent) {
            errs.push(format!("{role} {id:?}: /P is not its parent"));
        }
        report.roles.push(role.clone());
        let text_of = |key: &[u8]| {
            el.get(key).ok().and_then(|o| o.as_str().ok()).map(|b| {
                if b.starts_with(&[0xFE, 0xFF]) {
                    let u: Vec<u16> = b[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&u)
                } else {
                    String::from_utf8_lossy(b).into_owned()
                }
            })
        };
        if let Some(l) = text_of(b"Lang") {
            report.langs.push((role.clone(), l));
        }
        if let Some(t) = text_of(b"ActualText") {
            report.actual.push((role.clone(), t));
        }
        if let Some(level) = role.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) {
            headings.push(level);
        }
        if role == "Figure" {
            let alt = el.get(b"Alt").ok().and_then(|o| o.as_str().ok());
            if alt.is_none_or(|a| a.is_empty()) {
                errs.push(format!("Figure {id:?} has no /Alt"));
            }
        }
        let el_page = el.get(b"Pg").and_then(Object::as_reference).ok();
        let kids: Vec<Object> = match el.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        let mut child_roles = Vec::new();
        let mut children = Vec::new();
        for kid in &kids {
            match kid {
                Object::Integer(m) => match el_page {
                    Some(pg) => {
                        if mcid_owner.insert((pg, *m), id).is_some() {
                            errs.push(format!("MCID {m} on {pg:?} is in the tree twice"));
                        }
                    }
                    None => errs.push(format!("{role} {id:?}: MCID {m} without /Pg")),
                },
                Object::Reference(c) => {
                    if let Ok(cd) = lo.get_dictionary(*c)
                        && cd.get(b"S").is_ok()
                    {
                        child_roles.push(cd.get(b"S").ok().and_then(name_of).unwrap_or_default());
                        children.push(*c);
                    }
                }
                Object::Dictionary(d) => {
                    let ty = d.get(b"Type").ok().and_then(name_of).unwrap_or_default();
                    let pg = d.get(b"Pg").and_then(Object::as_reference).ok().or(el_page);
                    match ty.as_str() {
                        "MCR" => {
                            let m = d.get(b"MCID").and_then(Object::as_i64).unwrap_or(-1);
                            match pg {
                                Some(pg) => {
                                    if mcid_owner.insert((pg, m), id).is_some() {
                                        errs.push(format!(
                                            "MCID {m} on {pg:?} is in the tree twice"
                                        ));
                                    }
                                }
                                None => errs.push(format!("{role}: MCR without a page")),
                            }
                        }
                        "OBJR" => {
                            if role != "Link" {
                                errs.push(format!("an OBJR under {role}, not Link"));
                            }
                            match d.get(b"Obj").and_then(Object::as_reference) {
                                Ok(a) => {
                                    annot_owner.insert(a, id);
                                }
                                Err(_) => errs.push("OBJR without /Obj".to_owned()),
                            }
                        }
                        other => errs.push(format!("unknown kid type {other:?} in {role}")),
                    }
                }
                other => errs.push(format!("{role}: odd kid {other:?}")),
            }
        }
        if role == "TR" && child_roles.iter().any(|r| r != "TH" && r != "TD") {
            errs.push(format!("TR with {child_roles:?}"));
        }
        if role == "Table" {
            // Cells are grandchildren (Table > TR > TH).
            let has_th = children.iter().any(|tr| {
                lo.get_dictionary(*tr)
                    .ok()
                    .and_then(|d| d.get(b"K").ok())
                    .and_then(|k| k.as_array().ok())
                    .is_some_and(|cells| {
                        cells.iter().any(|c| {
                            c.as_reference()
                                .ok()
                                .and_then(|c| lo.get_dictionary(c).ok())
                                .and_then(|d| d.get(b"S").ok().and_then(name_of))
                                .as_deref()
                                == Some("TH")
                        })
                    })
            });
            if !has_th {
                errs.push(format!("Table {id:?} has no TH"));
            }
        }
        for c in children.into_iter().rev() {
            stack.push((c, id));
        }
    }
    report.mcids = mcid_owner.len();
    if report.roles.first().map(String::as_str) != Some("Document") {
        errs.push(format!(
            "the tree does not start with Document: {:?}",
            report.roles.first()
        ));
    }
    // Headings: H1 first, never more than one level deeper than the one before.
    let mut prev = 0u8;
    for &h in &headings {
        if h > prev + 1 {
            errs.push(format!(
                "heading level skips from H{prev} to H{h}: {headings:?}"
            ));
            break;
        }
        prev = h;
    }

    // Parent tree: a number tree, its entries in the root's /Nums or in leaves under /Kids.
    let mut nums: BTreeMap<i64, Object> = BTreeMap::new();
    match root
        .get(b"ParentTree")
        .map(|o| deref(&lo, o))
        .and_then(Object::as_dict)
    {
        Ok(tree) => read_number_tree(&lo, tree, true, &mut nums, &mut errs),
        Err(_) => errs.push("no ParentTree".to_owned()),
    }

    // Pages: content marking, MCIDs, parent tree entries, annotations.
    for (&n, &pid) in &pages {
        let page = lo.get_dictionary(pid).unwrap();
        let content = Content::decode(&lo.get_page_content(pid)).ok();
        let Some(content) = content else {
            errs.push(format!("page {n}: content does not decode"));
            continue;
        };
        // Stack of open sequences: Some(mcid), None for an artifact, or "other" (-2).
        let mut open: Vec<Option<i64>> = Vec::new();
        let mut page_mcids = BTreeSet::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" | "BDC" => {
                    let tag = op.operands.first().and_then(name_of).unwrap_or_default();
                    let mcid = op
                        .operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    if tag == "Artifact" {
                        open.push(None);
                    } else if let Some(m) = mcid {
                        if !open.is_empty() {
                            errs.push(format!("page {n}: MCID {m} nested in another sequence"));
                        }
                        if !page_mcids.insert(m) {
                            errs.push(format!("page {n}: MCID {m} used twice"));
                        }
                        open.push(Some(m));
                    } else {
                        open.push(Some(-2));
                    }
                }
                "EMC" if open.pop().is_none() => {
                    errs.push(format!("page {n}: EMC without BMC/BDC"));
                }
                op_name if PAINTING.contains(&op_name) => {
                    let ok = open
                        .iter()
                        .any(|o| o.is_none() || o.is_some_and(|m| m >= 0));
                    if !ok {
                        errs.push(format!(
                            "page {n}: `{op_name}` outside any artifact or tagged content"
                        ));
                    }
                }
                _ => {}
            }
        }
        if !open.is_empty() {
            errs.push(format!("page {n}: unclosed marked content"));
        }
        for &m in &page_mcids {
            if !mcid_owner.contains_key(&(pid, m)) {
                errs.push(format!("page {n}: MCID {m} is not reachable from the tree"));
            }
        }
        for (&(pg, m), _) in mcid_owner.range((pid, i64::MIN)..=(pid, i64::MAX)) {
            if pg == pid && !page_mcids.contains(&m) {
                errs.push(format!(
                    "page {n}: the tree names MCID {m}, the page has none"
                ));
            }
        }
        // Parent tree entry of the page.
        match page.get(b"StructParents").and_then(Object::as_i64) {
            Ok(key) => match nums.get(&key).map(|o| deref(&lo, o)) {
                Some(Object::Array(arr)) => {
                    for &m in &page_mcids {
                        let owner = mcid_owner.get(&(pid, m));
                        let listed = arr.get(m as usize).and_then(|o| o.as_reference().ok());
                        if owner.is_some() && owner.copied() != listed {
                            errs.push(format!(
                                "page {n}: ParentTree[{key}][{m}] is not its element"
                            ));
                        }
                    }
                }
                _ => errs.push(format!("page {n}: no ParentTree array for key {key}")),
            },
            Err(_) if !page_mcids.is_empty() => errs.push(format!("page {n}: no /StructParents")),
            Err(_) => {}
        }
        // Annotations.
        let annots: Vec<ObjectId> = match page.get(b"Annots").map(|o| deref(&lo, o)) {
            Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => Vec::new(),
        };
        if !annots.is_empty() && page.get(b"Tabs").ok().and_then(name_of).as_deref() != Some("S") {
            errs.push(format!("page {n}: annotations but no /Tabs /S"));
        }
        for a in annots {
            report.links += 1;
            let ad = lo.get_dictionary(a).unwrap();
            if ad.get(b"Contents").is_err() {
                errs.push(format!("page {n}: annotation {a:?} has no /Contents"));
            }
            let Some(owner) = annot_owner.get(&a) else {
                errs.push(format!(
                    "page {n}: annotation {a:?} is not in the structure tree"
                ));
                continue;
            };
            match ad.get(b"StructParent").and_then(Object::as_i64) {
                Ok(k) => {
                    if nums.get(&k).and_then(|o| o.as_reference().ok()) != Some(*owner) {
                        errs.push(format!(
                            "page {n}: ParentTree[{k}] is not the annotation's Link"
                        ));
                    }
                }
                Err(_) => errs.push(format!("page {n}: annotation without /StructParent")),
            }
        }
    }
    if errs.is_empty() {
        Ok(report)
    } else {
        Err(errs)
    }
}

fn assert_tagged(bytes: &[u8], what: &str) -> Report {
    match check(bytes) {
        Ok(r) => r,
        Err(errs) => panic!("{what}: {} structure problems:\n{errs:#?}", errs.len()),
    }
}

/// A Chinese guide with English, Japanese and Korean runs, emoji and a table with links.
const MIXED: &str = "---\ntitle: 混排文档 Mixed\nlang: zh-CN\nauthor: 测试\n---\n\n\
# 混排文档 Mixed\n\n中文段落 with an English sentence. かな交じり文もある。한국어 문장도 있다. 😀 结束。\n\n\
## 表格\n\n| 名称 | Name | 链接 |\n|---|---|---|\n| 甲 | A | [例](https://example.com) |\n| 乙 | B | [#表格](#表格) |\n\n\
![一张图](tests/fixtures/images/none.png)\n\n1. 第一步\n2. 第二 step\n";

#[test]
fn guides_and_fixtures_are_fully_tagged() {
    let mut inputs = common::guides().to_vec();
    inputs.push(common::all_blocks());
    inputs.push(common::root().join("tests/fixtures/raw-html.md"));
    for dir in ["tests/fixtures/guides"] {
        for e in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                inputs.push(p);
            }
        }
    }
    for path in &inputs {
        let bytes = common::render(path, "pdf");
        let r = assert_tagged(&bytes, &path.display().to_string());
        assert!(
            r.mcids > 10,
            "{}: only {} tagged sequences",
            path.display(),
            r.mcids
        );
    }
    // With a table of contents (TOC/TOCI with links) and the checklist.
    for path in &inputs[..3] {
        let mut options = RenderOptions::default();
        options.toc = true;
        options.checklist = true;
        let (bytes, _) = common::render_with(path, "pdf", options);
        let r = assert_tagged(&bytes, &format!("{} with --toc", path.display()));
        assert!(r.roles.iter().any(|x| x == "TOCI"), "no TOCI with --toc");
    }
}

/// A book (title page, contents, chapters on new pages) is tagged like a guide: the forced
/// page breaks and the title page's padding add no untagged content.
#[test]
fn a_book_is_fully_tagged() {
    let dir = tempfile::tempdir().unwrap();
    guidepress::book::init(dir.path(), Some("书"), "zh-CN").unwrap();
    let project = guidepress::book::Project::load(dir.path()).unwrap();
    let (bytes, _) = common::render_with(&project.file, "pdf", project.options());
    let r = assert_tagged(&bytes, "the starter book");
    assert!(
        r.roles.iter().any(|x| x == "TOCI"),
        "no contents in the book"
    );
}

#[test]
fn all_blocks_has_the_expected_elements() {
    let bytes = common::render(&common::all_blocks(), "pdf");
    let r = assert_tagged(&bytes, "all-blocks");
    // Written from the fixture, not from the renderer: it has every kind of block.
    for role in [
        "Document",
        "H1",
        "H2",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "BlockQuote",
        "Code",
        "Table",
        "TR",
        "TH",
        "TD",
        "Link",
        "Note",
        "Sect",
    ] {
        assert!(
            r.roles.iter().any(|x| x == role),
            "no {role} in {:?}",
            r.roles
        );
    }
    assert!(r.links > 0);
    // English runs in the Chinese document are spans in English.
    assert!(
        r.langs.contains(&("Span".to_owned(), "en".to_owned())),
        "{:?}",
        r.langs
    );
    // The two task boxes say their state in words.
    let boxes: Vec<&str> = r
        .actual
        .iter()
        .filter(|(role, _)| role == "Lbl")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(boxes, ["已完成", "未完成"]);
}

/// The other direction: Chinese (and Japanese) words in an English document are spans in
/// their language; no English span appears in an English document.
#[test]
fn chinese_words_in_an_english_document_are_spans_in_chinese() {
    let md =
        "---\ntitle: Mixed\nlang: en\n---\n\nOpen the 支付宝 app and tap **设置**, then すぐ OK.\n";
    let r = assert_tagged(
        &pdf_of(md, RenderOptions::default()),
        "english with chinese",
    );
    for lang in ["zh", "ja"] {
        assert!(
            r.langs.contains(&("Span".to_owned(), lang.to_owned())),
            "no {lang} span: {:?}",
            r.langs
        );
    }
    assert!(!r.langs.iter().any(|(_, l)| l == "en"), "{:?}", r.langs);
}

#[test]
fn mixed_script_document_is_tagged() {
    let bytes = pdf_of(MIXED, RenderOptions::default());
    let r = assert_tagged(&bytes, "mixed");
    assert!(r.roles.iter().any(|x| x == "TH"));
}

/// A long document: a `ParentTree` of more entries (pages and link annotations) than one
/// node holds is split into leaves, and the structure elements, one object each, are packed
/// into object streams rather than written as thousands of top-level objects.
#[test]
fn long_document_is_tagged_with_a_balanced_parent_tree_and_packed_elements() {
    let mut md = String::from("---\ntitle: Long\nlang: en\n---\n\n");
    for k in 1..=40 {
        md.push_str(&format!(
            "## Section {k}\n\nParagraph {k} with [a link](https://example.com/{k}) and \
             [another](#section-{k}). It goes on for a while so that pages fill up.\n\n\
             - item one of {k}\n- item two of {k}\n\n"
        ));
    }
    let bytes = pdf_of(&md, RenderOptions::default());
    let r = assert_tagged(&bytes, "long document");
    assert_eq!(r.links, 80);
    let lo = Document::load_mem(&bytes).unwrap();
    let root = lo
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .and_then(|id| lo.get_dictionary(id))
        .unwrap();
    let tree = root
        .get(b"ParentTree")
        .and_then(Object::as_reference)
        .and_then(|id| lo.get_dictionary(id))
        .unwrap();
    assert!(
        tree.get(b"Kids").is_ok(),
        "a flat ParentTree of {} entries",
        80 + lo.get_pages().len()
    );
    assert!(tree.get(b"Nums").is_err());
    // Top-level objects in the file (`n 0 obj`) against the elements in the tree.
    let top = bytes.windows(6).filter(|w| w == b" 0 obj").count();
    assert!(
        top * 4 < r.roles.len(),
        "{top} top-level objects for {} structure elements",
        r.roles.len()
    );
}

#[test]
fn the_checker_finds_untagged_content() {
    // The oracle must fail on a PDF without marking: the same PDF with its marked-content
    // operators removed from every page.
    let bytes = common::render(&common::guides()[1], "pdf");
    let mut lo = Document::load_mem(&bytes).unwrap();
    for (_, pid) in lo.get_pages() {
        let c = Content::decode(&lo.get_page_content(pid)).unwrap();
        let ops: Vec<_> = c
            .operations
            .into_iter()
            .filter(|o| !matches!(o.operator.as_str(), "BMC" | "BDC" | "EMC"))
            .collect();
        let enc = Content { operations: ops }.encode().unwrap();
        lo.change_page_content(pid, enc).unwrap();
    }
    let mut out = Vec::new();
    lo.save_to(&mut out).unwrap();
    let errs = check(&out).expect_err("untagged content must be found");
    assert!(
        errs.iter().any(|e| e.contains("outside any artifact")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.contains("not reachable") || e.contains("the page has none"))
    );
}

/// Quoted text lines of `pdfinfo -struct-text`, in order.
fn struct_text(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = match Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&path)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            assert!(
                std::env::var("GUIDEPRESS_REQUIRE_VALIDATORS").as_deref() != Ok("1"),
                "pdfinfo is required (apt-get install poppler-utils): {e}"
            );
            eprintln!(
                "\n*** SKIPPED: `pdfinfo` is not available ({e}); install it with: \
                 apt-get install poppler-utils\n\
                 *** (set GUIDEPRESS_REQUIRE_VALIDATORS=1 to make this a failure)\n"
            );
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut s = String::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(q) = t.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            s.push_str(q);
            s.push('\n');
        }
    }
    Some(s)
}

#[test]
fn struct_text_reads_every_sentence_in_order_without_furniture() {
    let mut inputs = common::guides().to_vec();
    inputs.push(common::all_blocks());
    for path in &inputs {
        let guide = common::load(path);
        let bytes = common::render(path, "pdf");
        let Some(text) = struct_text(&bytes) else {
            return;
        };
        let hay = common::squeeze(&text);
        let mut missing = Vec::new();
        let sentences = common::sentences(&guide);
        // Footnote references are read where they are (“脚注1”); the model's sentences
        // leave them out, so a sentence may also match with digits ignored.
        let digitless = |t: &str| {
            t.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        };
        let hay_digitless = digitless(&hay);
        for s in &sentences {
            if !hay.contains(s.as_str()) && !hay_digitless.contains(&digitless(s)) {
                missing.push(format!("missing: {s}"));
            }
        }
        // In reading order: the sentences that appear literally in the Markdown source (no
        // markup inside), ordered by where the source has them, must be read in that order.
        let source = common::squeeze(&std::fs::read_to_string(path).unwrap());
        let body = source
            .strip_prefix("---")
            .and_then(|r| r.split_once("---"))
            .map_or(source.as_str(), |(_, b)| b);
        // Only sentences long enough and found once in each, so that a short table cell that
        // also occurs inside a sentence cannot stand for it.
        let once = |h: &str, s: &str| h.matches(s).count() == 1;
        // Footnote texts are read next to their reference, not where the source defines them.
        let notes: String = std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("[^"))
            .map(common::squeeze)
            .collect();
        let mut ordered: Vec<(usize, &String)> = sentences
            .iter()
            .filter(|s| s.chars().count() >= 6 && once(body, s) && once(&hay, s))
            .filter(|s| !notes.contains(s.as_str()))
            .filter_map(|s| body.find(s.as_str()).map(|i| (i, s)))
            .collect();
        ordered.sort();
        assert!(
            ordered.len() * 2 > sentences.len(),
            "{}: too few literal sentences ({} of {})",
            path.display(),
            ordered.len(),
            sentences.len()
        );
        let mut at = 0;
        for (_, s) in ordered {
            match hay[at..].find(s.as_str()) {
                Some(i) => at += i + s.len(),
                None if hay.contains(s.as_str()) => missing.push(format!("out of order: {s}")),
                None => {}
            }
        }
        assert!(missing.is_empty(), "{}: {missing:#?}", path.display());
        // No running header, footer or page number: the title is read once (the title
        // block), and no footer text at all.
        let pages = Document::load_mem(&bytes).unwrap().get_pages().len();
        assert!(pages > 1, "{}: one page tests no header", path.display());
        let title = common::squeeze(&guide.meta.title);
        assert_eq!(
            hay.matches(title.as_str()).count(),
            1,
            "{}: title read more than once",
            path.display()
        );
        for footer in ["第1页", "Page1of", &format!("共{pages}页")] {
            assert!(
                !hay.contains(footer),
                "{}: footer {footer} is read",
                path.display()
            );
        }
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[一-龥]{1,8}。".prop_map(|s| s),
        2 => "[a-z]{1,8} [a-z]{1,8}\\.".prop_map(|s| s),
        1 => Just("[链接](https://example.com)".to_owned()),
        1 => Just("`code`".to_owned()),
        1 => Just("**粗体**".to_owned()),
        1 => Just("<kbd>Ctrl</kbd>".to_owned()),
        1 => Just("脚注[^1]".to_owned()),
    ]
}

fn block() -> impl Strategy<Value = String> {
    let para = prop::collection::vec(piece(), 1..8)
        .prop_map(|v| v.concat())
        .boxed();
    prop_oneof![
        3 => para.clone(),
        1 => "[一-龥]{1,6}".prop_map(|t| format!("## {t}")),
        1 => "[一-龥]{1,6}".prop_map(|t| format!("### {t}")),
        1 => para.clone().prop_map(|p| format!("- {p}\n- [x] {p}\n- [ ] 二")),
        1 => para.clone().prop_map(|p| format!("1. {p}\n2. 第二")),
        1 => para.clone().prop_map(|p| format!("> {p}")),
        1 => para.clone().prop_map(|p| format!("> [!WARNING]\n> {p}")),
        1 => Just("```\nfn main() {}\n```".to_owned()),
        1 => para.prop_map(|p| format!("| 甲 | 乙 |\n|---|---|\n| {p} | x |")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn random_documents_are_fully_tagged(blocks in prop::collection::vec(block(), 1..40)) {
        let md = format!(
            "---\ntitle: 随机\nlang: zh-CN\n---\n\n# 随机\n\n{}\n\n[^1]: 注释内容。\n",
            blocks.join("\n\n")
        );
        let bytes = pdf_of(&md, RenderOptions::default());
        if let Err(errs) = check(&bytes) {
            prop_assert!(false, "{md}\n{errs:#?}");
        }
    }
}

#[test]
fn no_tags_leaves_the_pdf_untagged_and_the_checker_says_so() {
    let mut options = RenderOptions::default();
    options.tags = false;
    let md = std::fs::read_to_string(common::all_blocks()).unwrap();
    let bytes = pdf_of(&md, options);
    let lo = Document::load_mem(&bytes).unwrap();
    let catalog = lo.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_err());
    assert!(catalog.get(b"MarkInfo").is_err());
    for (_, pid) in lo.get_pages() {
        let c = Content::decode(&lo.get_page_content(pid)).unwrap();
        assert!(
            !c.operations
                .iter()
                .any(|o| o.operator == "BDC" || o.operator == "BMC")
        );
    }
    let errs = check(&bytes).expect_err("an untagged PDF must fail the checker");
    assert!(
        errs.iter().any(|e| e.contains("StructTreeRoot")),
        "{errs:?}"
    );
    // Everything else about the PDF stays: XMP and DisplayDocTitle are not tagging.
    assert!(
        !errs
            .iter()
            .any(|e| e.contains("XMP") || e.contains("DisplayDocTitle")),
        "{errs:?}"
    );
}

#[test]
fn struct_text_keeps_the_space_between_lines() {
    // An English guide: every paragraph, words separated as written, is in the structure
    // text; without the space a line ends at, the last word of a line would run into the
    // first of the next (“part ofeveryday”).
    let path = &common::guides()[1];
    let guide = common::load(path);
    let Some(text) = struct_text(&common::render(path, "pdf")) else {
        return;
    };
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let hay = norm(&text.replace('\n', " "));
    let mut paragraphs = Vec::new();
    guide.walk_blocks(&mut |b| {
        if let guidepress::model::Block::Paragraph { content, .. } = b {
            paragraphs.push(norm(&guidepress::model::plain_text(content)));
        }
    });
    assert!(paragraphs.len() > 5);
    let missing: Vec<&String> = paragraphs
        .iter()
        .filter(|p| !hay.contains(p.as_str()))
        .collect();
    assert!(missing.is_empty(), "{missing:#?}\nin\n{hay}");
}

/// What the structure reads where lines end without a space: a hard line break (two spaces,
/// a backslash, `<br>`, also in a table cell) reads as a space, as a wrapped line does, not
/// `Smith42`; a code block's element carries its text with its line ends as `/ActualText`
/// (the lines are painted one by one; poppler's `-struct-text` does not read ActualText, so
/// the code is checked in the tree).
#[test]
fn line_ends_do_not_run_words_together_in_the_structure() {
    let code = "name    value\nab  c";
    let md = format!(
        "# T\n\nAlice Smith  \n42 Main Street\\\nSpringfield\n\n| 姓名 |\n|---|\n| Bob<br>Jones[^n] |\n\n```\n{code}\n```\n\n[^n]: A note from a cell, under the cell.\n"
    );
    let bytes = pdf_of(&md, RenderOptions::default());
    let report = assert_tagged(&bytes, "line ends");
    assert!(
        report
            .actual
            .contains(&("Code".to_owned(), code.to_owned())),
        "{:?}",
        report.actual
    );
    let Some(text) = struct_text(&bytes) else {
        return;
    };
    let flat = text.replace('\n', "");
    for want in ["Alice Smith 42 Main Street Springfield", "Bob Jones"] {
        assert!(flat.contains(want), "{want}: {text}");
    }
}

/// A guide's PDF, checked fully tagged (`what` names it in a failure): its `Link` elements
/// and link annotations, counted.
fn link_counts(md: &str, what: &str) -> (Vec<u8>, usize, usize) {
    let bytes = pdf_of(md, RenderOptions::default());
    let report = assert_tagged(&bytes, what);
    let elements = report.roles.iter().filter(|r| *r == "Link").count();
    (bytes, elements, report.links)
}

/// A link to a section that is not there has no annotation to go with a `Link` element: it
/// is no link in the structure either (its text stays, and it is warned about).
#[test]
fn a_link_to_no_section_is_no_link_element() {
    let md = "# T\n\n见[不存在](#nowhere)和[有](#有的)。\n\n## 有的\n\n正文。\n";
    let (_, elements, annots) = link_counts(md, "dangling link");
    assert_eq!((elements, annots), (1, 1));
}

/// A link with no address (`[空链接]()`) has nothing to follow: it is no `Link` element and
/// no annotation, its text stays (and it is warned about, as in the EPUB).
#[test]
fn a_link_with_an_empty_target_is_no_link_element() {
    let md = "# T\n\n见[空链接]()和[有](https://example.com/)。\n";
    let (_, elements, annots) = link_counts(md, "empty link");
    assert_eq!((elements, annots), (1, 1));
}

/// A link set over two lines has an annotation on each, and is one `Link` element holding
/// both (a reader announces one link, not two), with the space between the lines inside it.
#[test]
fn a_link_over_two_lines_is_one_link_element() {
    let md = "# T\n\nSee the notes first, then follow [this link with a long text that goes on and \
              on and on until it has to wrap onto the next line of the page](https://example.com/x) now.\n";
    let (bytes, elements, annots) = link_counts(md, "wrapped link");
    assert_eq!((elements, annots), (1, 2));
    if let Some(text) = struct_text(&bytes) {
        let flat = text.replace('\n', "");
        assert!(
            flat.contains("until it has to wrap onto the next line of the page now."),
            "{text}"
        );
    }
}
