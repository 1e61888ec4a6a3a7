//! The HTML page laid out by a real browser engine (headless Chromium, the engine of Readium
//! and Thorium, which read the EPUB with the same stylesheet): what was written is what the
//! reader sees. A table with a long token stays inside a narrow screen, all of it shown, with
//! its words whole; inline code
//! keeps its runs of spaces, and a tab in code reaches the same column as in the PDF (4).
//!
//! Needs `chromium`; without it the test says SKIPPED, and CI
//! (`GUIDEPRESS_REQUIRE_VALIDATORS=1`) fails instead.

// HTML output: only in builds with the `html` feature.
#![cfg(feature = "html")]

mod common;

use std::process::Command;

/// Measures, in the page, what the stylesheet must get right (see [`laid_out`]).
const PROBE: &str = r#"
  const out = {};
  const table = document.querySelector('table');
  out.tableRight = Math.round(table.getBoundingClientRect().right);
  out.viewport = document.documentElement.clientWidth;
  // A table may scroll sideways on a narrow screen: then its content is wider than its box.
  out.tableContent = table.scrollWidth;
  out.tableBox = table.clientWidth;
  // Inline code as laid out, against the same text with every space kept.
  const code = document.querySelector('p code');
  const kept = code.cloneNode(true);
  kept.style.whiteSpace = 'pre';
  code.parentNode.appendChild(kept);
  out.code = code.getBoundingClientRect().width;
  out.codeKept = kept.getBoundingClientRect().width;
  // Where the character after a tab starts, against four spaces.
  const pre = document.querySelector('pre code') || document.querySelector('pre');
  const at = (el, index) => {
    const node = el.firstChild;
    const r = document.createRange();
    r.setStart(node, index); r.setEnd(node, index + 1);
    return r.getBoundingClientRect().left - el.getBoundingClientRect().left;
  };
  const spaces = document.createElement('pre');
  spaces.className = pre.className;
  spaces.style.cssText = getComputedStyle(pre).cssText;
  const inner = document.createElement('code');
  inner.textContent = '    X';
  spaces.appendChild(inner);
  pre.parentNode.parentNode.appendChild(spaces);
  out.tab = at(pre, pre.textContent.indexOf('X'));
  out.fourSpaces = at(inner, 4);
  // Words of table cells set over two lines (`Spe|ed`): every short word of every cell but
  // those of a bare URL, which may break anywhere.
  out.brokenWords = [];
  for (const cell of document.querySelectorAll('th, td')) {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      if (node.parentElement.closest('a.url')) continue;
      for (const m of node.textContent.matchAll(/[A-Za-z]{2,12}/g)) {
        const r = document.createRange();
        r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) out.brokenWords.push(m[0]);
      }
    }
  }
"#;

#[test]
fn the_browser_shows_tables_code_spaces_and_tabs_as_written() {
    let Some(m) = laid_out(
        "# 布局\n\n格式：`printf(\"%-8s  %s\")` 即可。\n\n\
         | 项目 | 值 |\n|---|---|\n\
         | 令牌 | sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz |\n\
         | 网址 | https://example.com/very/long/path/segment/another/segment/and/more?alpha=1&beta=2 |\n\n\
         ```\n\tX\n```\n\n\
         | Port | Speed | Duplex | Notes |\n|---|---|---|---|\n\
         | ge-0/0/0 | 1 Gbit/s | full | Supports SFP fallback when the copper link is down for more \
         than 30 seconds, and also when the remote side stops answering keepalives |\n",
        PROBE,
    ) else {
        return;
    };
    let num = |k: &str| m[k].as_f64().unwrap_or_else(|| panic!("{k}: {m}"));
    assert!(
        num("tableRight") <= num("viewport") && num("tableContent") <= num("tableBox") + 1.0,
        "the table runs off a narrow screen, or hides part of itself: {m}"
    );
    assert_eq!(
        m["brokenWords"],
        serde_json::json!([]),
        "words in table cells broken over two lines: {m}"
    );
    assert!(
        (num("code") - num("codeKept")).abs() < 0.5,
        "inline code lost a space: {m}"
    );
    assert!(
        (num("tab") - num("fourSpaces")).abs() < 0.5,
        "a tab is not four columns: {m}"
    );
}

/// The HTML page of Markdown `md` laid out by headless Chromium 400 px wide, measured by
/// `measure` (script statements that set `const out`, run once the page has loaded): `out`,
/// which the page writes into the DOM for `--dump-dom` to print. `None` (after a loud
/// message) without Chromium.
fn laid_out(md: &str, measure: &str) -> Option<serde_json::Value> {
    if !common::validators::have(&["chromium"], "install it with `apt-get install chromium`") {
        return None;
    }
    let probe = format!(
        "<script>\nwindow.addEventListener('load', () => {{\n{measure}\n  \
         const probe = document.createElement('div');\n  probe.id = 'probe';\n  \
         probe.textContent = JSON.stringify(out);\n  document.body.appendChild(probe);\n}});\n\
         </script>"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("layout.md");
    std::fs::write(&path, md).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_guidepress"))
        .args(["export", "--to", "html", "-q", "-o"])
        .arg(&out)
        .arg(&path)
        .env("SOURCE_DATE_EPOCH", "0")
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("layout.html")).unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, html.replace("</body>", &format!("{probe}</body>"))).unwrap();
    let run = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=400,900",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&run.stdout);
    let json = dom
        .split("<div id=\"probe\">")
        .nth(1)
        .and_then(|r| r.split("</div>").next())
        .unwrap_or_else(|| {
            panic!(
                "no probe in the page:\n{dom}\n{}",
                String::from_utf8_lossy(&run.stderr)
            )
        })
        .replace("&quot;", "\"");
    Some(serde_json::from_str(&json).unwrap())
}

/// Measures a right-to-left page (see [`laid_out`]): where headings, paragraphs, list
/// items, quotes and code sit against the page's content box.
const RTL_PROBE: &str = r#"
  const box = document.body.getBoundingClientRect();
  const pad = parseFloat(getComputedStyle(document.body).paddingRight);
  const right = box.right - pad, left = box.left + parseFloat(getComputedStyle(document.body).paddingLeft);
  const textEdges = el => {
    const r = document.createRange(); r.selectNodeContents(el);
    const rects = [...r.getClientRects()];
    return [Math.min(...rects.map(x => x.left)), Math.max(...rects.map(x => x.right))];
  };
  const out = {
    right, left,
    heading: textEdges(document.querySelector('h2')),
    para: textEdges(document.querySelector('p')),
    item: textEdges([...document.querySelectorAll('ol li')].find(li => !li.closest('nav'))),
    quote: textEdges(document.querySelector('blockquote p')),
    quoteBar: [getComputedStyle(document.querySelector('blockquote')).borderRightWidth,
               getComputedStyle(document.querySelector('blockquote')).borderLeftWidth],
    code: textEdges(document.querySelector('pre code')),
  };
"#;

/// A page in Hebrew starts its lines at the right: headings, short paragraphs, list items
/// (indented from the right, their numbers there) and quotes (their bar on the right) end at
/// the right edge and leave room on the left; code still starts at the left.
#[test]
fn a_right_to_left_page_is_set_from_the_right() {
    let Some(m) = laid_out(
        "---\ntitle: מדריך\nlang: he\n---\n\nמשפט קצר.\n\n## כותרת\n\n1. פריט.\n2. עוד פריט.\n\n> ציטוט.\n\n```sh\necho hi\n```\n",
        RTL_PROBE,
    ) else {
        return;
    };
    let n = |v: &serde_json::Value| v.as_f64().unwrap_or_else(|| panic!("{v}: {m}"));
    let (left, right) = (n(&m["left"]), n(&m["right"]));
    for what in ["heading", "para", "item", "quote"] {
        let (l, r) = (n(&m[what][0]), n(&m[what][1]));
        // Text that is right-aligned (or indented from the right) ends near the right edge
        // and leaves most of the line free on the left.
        assert!(
            r > right - 60.0 && l > left + 100.0,
            "{what} is not set from the right: {m}"
        );
    }
    // The list is indented from the right (its numbers stand in that room).
    assert!(
        n(&m["item"][1]) < right - 15.0,
        "list not indented from the right: {m}"
    );
    assert_eq!(m["quoteBar"], serde_json::json!(["3px", "0px"]), "{m}");
    let code = n(&m["code"][0]);
    assert!(code < left + 30.0, "code does not start at the left: {m}");
}
