//! schema.org JSON-LD (`jsonld`): the guide described for search engines and other apps.
//!
//! The same document is embedded in the `<head>` of the [HTML page](crate::render::html) and
//! offered alone by this renderer (media type `application/ld+json`).
//!
//! # Format
//! One object `{"@context": "https://schema.org", "@graph": [...]}` whose graph holds:
//! - a `HowTo` when the guide has steps (from [`Guide::procedures`]), else an `Article`:
//!   `name`/`headline` (title), `description`, `inLanguage`, `author` (each a `Person` with a
//!   `name`), `keywords` (comma-separated), `datePublished` (front matter `date`), `license`,
//!   `version`, and for a `HowTo` its `step`: `HowToStep`s with `position` (the step's number),
//!   `name` (its title) and `text` (its body as plain text, or the title when it has none).
//!   A guide whose procedure is its headings (`## Step 1: Connect`, `## 第一步：连接`, two or
//!   more in a row) is a `HowTo` with those sections as its steps (a step's text holds its
//!   subsections); several such runs (a deployment, then its rollback) are `HowToSection`s
//!   as below, each named after the section just before it, else the one it is in.
//!   A guide with several procedures (install, then uninstall) has one `HowToSection` per
//!   procedure instead, in order, with `position` (1, 2, …), `name` (the title of the section it
//!   stands in, else the guide's) and its `HowToStep`s as `itemListElement`;
//! - a `FAQPage` when the guide has questions and answers: `mainEntity` lists `Question`s with
//!   `name` and an `acceptedAnswer` `Answer` with the answer's plain `text`; a question
//!   without an answer is left out (the parser warns about it).
//!
//! Absent metadata is left out rather than written empty. Keys are sorted, so the output is
//! byte-stable. More properties may be added over time; none will be renamed.

use serde_json::{Map, Value, json};

use crate::model::{Block, Guide, Step, plain_text};
use crate::render::sanitize::bcp47;
use crate::render::{RenderContext, RenderError, Renderer};

/// The JSON-LD renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonLdRenderer;

impl Renderer for JsonLdRenderer {
    fn id(&self) -> &str {
        "jsonld"
    }

    fn extension(&self) -> &str {
        "jsonld"
    }

    fn media_type(&self) -> &str {
        "application/ld+json"
    }

    fn description(&self) -> &str {
        "schema.org JSON-LD: HowTo with steps, FAQPage with questions and answers"
    }

    fn render(&self, guide: &Guide, ctx: &mut RenderContext) -> Result<Vec<u8>, RenderError> {
        let guide = &*crate::render::sanitize::for_output(guide, ctx);
        if let Some(d) = guide.meta.date.as_deref()
            && crate::dates::epoch(d).is_none()
        {
            // Keyed as the front matter's warning about the same date: said once.
            ctx.warnings.push(
                crate::diagnostic::Diagnostic::file_warning(
                    &ctx.source,
                    format!("date `{d}` is not a date: `datePublished` is left out of the JSON-LD"),
                )
                .with_key(crate::dates::warning_key(d)),
            );
        }
        // A question whose answer holds only what has no text (an image without alt text,
        // a rule) is left out of the FAQPage as one with no answer is; the parser warns
        // about the empty ones, this about those.
        guide.walk_blocks(&mut |b| {
            if let Block::QuestionAnswers { entries, .. } = b {
                for qa in entries {
                    if !qa.answer.is_empty() && blocks_text(&qa.answer).trim().is_empty() {
                        ctx.warnings.push(
                            crate::diagnostic::Diagnostic::file_warning(
                                &ctx.source,
                                format!(
                                    "question `{}` is left out of the JSON-LD FAQPage: its answer has no text",
                                    plain_text(&qa.question).trim()
                                ),
                            )
                            .with_hint("write the answer in words (an image needs its alt text)"),
                        );
                    }
                }
            }
        });
        let mut out = serde_json::to_vec_pretty(&json_ld(guide))
            .map_err(|e| RenderError(format!("cannot write JSON-LD: {e}")))?;
        out.push(b'\n');
        Ok(out)
    }
}

/// The guide's JSON-LD document.
pub fn json_ld(guide: &Guide) -> Value {
    let meta = &guide.meta;
    let procedures = guide.procedures();
    let how_to_steps = |steps: &[Step]| -> Vec<Value> {
        steps
            .iter()
            .map(|s| {
                let name = plain_text(&s.title);
                let text = blocks_text(&s.body);
                json!({
                    "@type": "HowToStep",
                    "position": s.number,
                    "name": name,
                    "text": if text.is_empty() { name.clone() } else { text },
                })
            })
            .collect()
    };
    let mut main = Map::new();
    match procedures.as_slice() {
        [] => {
            let mut runs = Vec::new();
            step_sections(&guide.sections, None, &mut runs);
            match runs.len() {
                0 => {
                    main.insert("@type".into(), json!("Article"));
                    main.insert("headline".into(), json!(meta.title));
                }
                1 => {
                    main.insert("@type".into(), json!("HowTo"));
                    let steps = runs.pop().map(|r| r.1).unwrap_or_default();
                    main.insert("step".into(), Value::Array(steps));
                }
                // Several procedures as headings (a deployment, then its rollback): one
                // `HowToSection` each, as for procedures written as lists.
                _ => {
                    main.insert("@type".into(), json!("HowTo"));
                    let list: Vec<Value> = runs
                        .into_iter()
                        .enumerate()
                        .map(|(k, (name, steps))| {
                            json!({
                                "@type": "HowToSection",
                                "position": k + 1,
                                "name": name.unwrap_or_else(|| meta.title.clone()),
                                "itemListElement": steps,
                            })
                        })
                        .collect();
                    main.insert("step".into(), Value::Array(list));
                }
            }
        }
        [(_, steps)] => {
            main.insert("@type".into(), json!("HowTo"));
            main.insert("step".into(), Value::Array(how_to_steps(steps)));
        }
        // Two procedures are two lists of steps, each numbered from 1: one list would repeat
        // its positions and lose what each procedure is for.
        several => {
            main.insert("@type".into(), json!("HowTo"));
            let list: Vec<Value> = several
                .iter()
                .enumerate()
                .map(|(k, (section, steps))| {
                    let name = section.map_or_else(|| meta.title.clone(), |s| plain_text(&s.title));
                    json!({
                        "@type": "HowToSection",
                        "position": k + 1,
                        "name": name,
                        "itemListElement": how_to_steps(steps),
                    })
                })
                .collect();
            main.insert("step".into(), Value::Array(list));
        }
    }
    main.insert("name".into(), json!(meta.title));
    main.insert("inLanguage".into(), json!(bcp47(&guide.language())));
    if let Some(d) = &meta.description {
        main.insert("description".into(), json!(d));
    }
    if !meta.authors.is_empty() {
        let authors: Vec<Value> = meta
            .authors
            .iter()
            .map(|a| json!({"@type": "Person", "name": a}))
            .collect();
        main.insert("author".into(), Value::Array(authors));
    }
    if !meta.keywords.is_empty() {
        main.insert("keywords".into(), json!(meta.keywords.join(", ")));
    }
    // schema.org wants an ISO 8601 date: a `date` that is none (`next tuesday`, from JSON
    // or a project file) is left out, not passed on for a search engine to misread.
    if let Some(d) = meta
        .date
        .as_deref()
        .filter(|d| crate::dates::epoch(d).is_some())
    {
        main.insert("datePublished".into(), json!(d));
    }
    if let Some(l) = &meta.license {
        main.insert("license".into(), json!(l));
    }
    if let Some(v) = &meta.version {
        main.insert("version".into(), json!(v));
    }
    let mut graph = vec![Value::Object(main)];

    let mut questions = Vec::new();
    guide.walk_blocks(&mut |b| {
        if let Block::QuestionAnswers { entries, .. } = b {
            for qa in entries {
                // Every Question of an FAQPage needs its answer's text: one without (the
                // parser warns about it) is left out rather than given an empty answer.
                let answer = blocks_text(&qa.answer);
                if answer.trim().is_empty() {
                    continue;
                }
                questions.push(json!({
                    "@type": "Question",
                    "name": plain_text(&qa.question),
                    "acceptedAnswer": {"@type": "Answer", "text": answer},
                }));
            }
        }
    });
    if !questions.is_empty() {
        graph.push(json!({"@type": "FAQPage", "mainEntity": questions}));
    }
    json!({"@context": "https://schema.org", "@graph": graph})
}

/// A heading's title without its step label (`Step 2: Log in`, `Step 2 — Log in` → `Log in`;
/// `第二步：登录`, `步骤 2：登录` → `登录`), if it has one.
fn step_heading(title: &str) -> Option<&str> {
    let t = title.trim();
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇两兩".contains(c);
    let rest = if t.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("step")) {
        t[4..]
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit())
    } else if let Some(after) = ["步骤", "步驟", "ステップ"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
    {
        let after = after.trim_start();
        let rest = after.trim_start_matches(numeral);
        if rest.len() == after.len() {
            return None;
        }
        rest
    } else {
        let after = t.strip_prefix('第')?;
        let (num, rest) = after.split_once('步')?;
        if num.is_empty() || !num.trim().chars().all(numeral) {
            return None;
        }
        rest
    };
    // The label ends in marks (`:`, `：`, `.`, `、`, dashes, `——`) or spaces, all of which go.
    let mark = |c: char| {
        matches!(
            c,
            ':' | '：' | '.' | '．' | '、' | '-' | '–' | '—' | '―' | '|' | ' ' | '\u{3000}'
        )
    };
    if !rest.starts_with(mark) {
        return None;
    }
    Some(rest.trim_start_matches(mark).trim()).filter(|r| !r.is_empty())
}

/// The procedures a guide writes as headings (`## Step 1: Connect`, `## 第一步：连接`), for
/// a guide whose procedures are not lists: every run of two or more sections headed as
/// steps in a row, at any level, in document order. Each comes with what names it (the
/// section just before it at its level, else the one it is in), and its `HowToStep`s,
/// whose text holds the step's subsections too.
fn step_sections(
    sections: &[crate::model::Section],
    parent: Option<&crate::model::Section>,
    runs: &mut Vec<(Option<String>, Vec<Value>)>,
) {
    let titles: Vec<String> = sections.iter().map(|s| plain_text(&s.title)).collect();
    let mut i = 0;
    while i < sections.len() {
        let run: Vec<&str> = titles[i..].iter().map_while(|t| step_heading(t)).collect();
        if run.len() >= 2 {
            let named_by = if i > 0 { Some(&titles[i - 1]) } else { None };
            let name = named_by
                .cloned()
                .or_else(|| parent.map(|p| plain_text(&p.title)));
            let steps = sections[i..i + run.len()]
                .iter()
                .zip(run.iter())
                .enumerate()
                .map(|(k, (s, name))| {
                    let text = section_text(s);
                    json!({
                        "@type": "HowToStep",
                        "position": k + 1,
                        "name": name,
                        "text": if text.is_empty() { (*name).to_owned() } else { text },
                    })
                })
                .collect();
            runs.push((name, steps));
            i += run.len();
        } else {
            step_sections(&sections[i].sections, Some(&sections[i]), runs);
            i += 1;
        }
    }
}

/// Plain text of a section's blocks and of its subsections, each headed by its title.
fn section_text(section: &crate::model::Section) -> String {
    let mut lines = vec![blocks_text(&section.blocks)];
    for sub in &section.sections {
        lines.push(plain_text(&sub.title));
        lines.push(section_text(sub));
    }
    lines.retain(|l| !l.trim().is_empty());
    lines.join("\n")
}

/// Plain text of blocks: paragraphs and list items on their own lines, raw HTML left out.
pub fn blocks_text(blocks: &[Block]) -> String {
    let mut lines: Vec<String> = Vec::new();
    push_blocks(blocks, &mut lines);
    lines.join("\n")
}

fn push_blocks(blocks: &[Block], lines: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                lines.push(plain_text(content));
            }
            Block::List { items, .. } => {
                for i in items {
                    push_blocks(&i.blocks, lines);
                }
            }
            Block::Steps { steps, .. } => {
                for s in steps {
                    lines.push(plain_text(&s.title));
                    push_blocks(&s.body, lines);
                }
            }
            Block::KeyPoints { points, .. } => {
                for p in points {
                    let term = plain_text(&p.term);
                    let mut rest = p.body.as_slice();
                    let mut line = term.clone();
                    if let Some((Block::Paragraph { content, .. }, tail)) = rest.split_first() {
                        let wide = term.chars().last().is_some_and(crate::cjk::is_cjk);
                        line.push_str(if wide { "：" } else { ": " });
                        line.push_str(&plain_text(content));
                        rest = tail;
                    }
                    lines.push(line);
                    push_blocks(rest, lines);
                }
            }
            Block::Details {
                summary, blocks, ..
            } => {
                lines.push(plain_text(summary));
                push_blocks(blocks, lines);
            }
            Block::QuestionAnswers { entries, .. } => {
                for e in entries {
                    lines.push(plain_text(&e.question));
                    push_blocks(&e.answer, lines);
                }
            }
            Block::Quote { blocks, .. } | Block::Alert { blocks, .. } => push_blocks(blocks, lines),
            Block::Code { code, .. } => lines.push(code.trim_end().to_owned()),
            Block::Table { header, rows, .. } => {
                for row in std::iter::once(header).chain(rows) {
                    let cells: Vec<String> =
                        row.cells.iter().map(|c| plain_text(&c.content)).collect();
                    lines.push(cells.join(" | "));
                }
            }
            Block::ThematicBreak { .. } | Block::RawHtml { .. } => {}
        }
    }
    lines.retain(|l| !l.trim().is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Origin, parse_str};

    #[test]
    fn howto_and_faq() {
        let md = "# T\n\n## 步骤\n\n1. **打开**：启动应用。\n2. **设置**：点击。\n\n## 问题\n\n### 为什么？\n\n因为。\n";
        let g = parse_str(md, &Origin::named("t.md")).unwrap().guide;
        let v = json_ld(&g);
        let graph = v["@graph"].as_array().unwrap();
        assert_eq!(graph[0]["@type"], "HowTo");
        assert_eq!(graph[0]["step"][1]["name"], "设置");
        assert_eq!(graph[0]["step"][1]["text"], "点击。");
        assert_eq!(graph[1]["@type"], "FAQPage");
        assert_eq!(
            graph[1]["mainEntity"][0]["acceptedAnswer"]["text"],
            "因为。"
        );
    }

    /// `datePublished` is a date or is left out: `next tuesday` from a JSON document or a
    /// project file is no ISO 8601 date, and the JSON-LD renderer says so, under the same key
    /// as the front matter's warning.
    #[test]
    fn a_date_that_is_no_date_is_left_out() {
        let mut g = parse_str("# T\n\nText.\n", &Origin::named("t.md"))
            .unwrap()
            .guide;
        for (date, kept) in [
            ("2024-01-08", true),
            ("2024-01-08T09:30:00+08:00", true),
            ("next tuesday", false),
        ] {
            g.meta.date = Some(date.into());
            let v = json_ld(&g);
            assert_eq!(
                v["@graph"][0].get("datePublished").is_some(),
                kept,
                "{date}"
            );
        }
        let mut ctx = RenderContext::default();
        JsonLdRenderer.render(&g, &mut ctx).unwrap();
        assert_eq!(ctx.warnings.len(), 1, "{:?}", ctx.warnings);
        assert_eq!(ctx.warnings[0].key.as_deref(), Some("date:next tuesday"));
    }

    /// Two procedures (install, then uninstall) are two `HowToSection`s named after their
    /// sections, each with its own steps from 1: one list gave positions 1, 2, 1, 2 and lost
    /// which procedure a step belongs to.
    #[test]
    fn several_procedures_are_sections() {
        let md = "# 软件\n\n## 安装步骤\n\n1. **下载**：下载。\n2. **安装**：安装。\n\n\
                  ## 卸载步骤\n\n1. **停止服务**：停止。\n2. **删除**：删除。\n";
        let g = parse_str(md, &Origin::named("t.md")).unwrap().guide;
        let v = json_ld(&g);
        let how_to = &v["@graph"][0];
        assert_eq!(how_to["@type"], "HowTo");
        // (type, position, name, [(position, name)] of its steps)
        type Shown = (String, u64, String, Vec<(u64, String)>);
        let sections: Vec<Shown> = how_to["step"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let steps = s["itemListElement"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| {
                        assert_eq!(x["@type"], "HowToStep");
                        (
                            x["position"].as_u64().unwrap(),
                            x["name"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect();
                (
                    s["@type"].as_str().unwrap().to_owned(),
                    s["position"].as_u64().unwrap(),
                    s["name"].as_str().unwrap().to_owned(),
                    steps,
                )
            })
            .collect();
        let step = |n: u64, t: &str| (n, t.to_owned());
        assert_eq!(
            sections,
            [
                (
                    "HowToSection".into(),
                    1,
                    "安装步骤".into(),
                    vec![step(1, "下载"), step(2, "安装")]
                ),
                (
                    "HowToSection".into(),
                    2,
                    "卸载步骤".into(),
                    vec![step(1, "停止服务"), step(2, "删除")]
                ),
            ]
        );
    }

    /// Two procedures written as headings (a deployment and its rollback, or steps under
    /// two parts) are two `HowToSection`s with every step: before, only the first run of
    /// step headings was read, and the rollback's steps were missing from the HowTo. A
    /// step's text holds its subsections.
    #[test]
    fn every_procedure_of_step_headings_is_kept() {
        let flat = "# Deploy\n\n## Step 1: Install\n\nRun it.\n\n### If it fails\n\nUnplug and wait ten seconds.\n\n\
                    ## Step 2: Configure\n\nEdit it.\n\n## Rollback\n\nWhen it breaks.\n\n\
                    ## Step 1: Stop\n\nStop it.\n\n## Step 2: Restore\n\nRestore it.\n";
        let parts = "# 部署\n\n## 安装\n\n### 第一步：下载\n\n下载。\n\n### 第二步：运行\n\n运行。\n\n\
                     ## 卸载\n\n### 第一步：停止\n\n停止。\n\n### 第二步：删除\n\n删除。\n";
        for (md, want) in [
            (
                flat,
                [
                    ("Deploy", ["Install", "Configure"]),
                    ("Rollback", ["Stop", "Restore"]),
                ],
            ),
            (
                parts,
                [("安装", ["下载", "运行"]), ("卸载", ["停止", "删除"])],
            ),
        ] {
            let g = parse_str(md, &Origin::named("t.md")).unwrap().guide;
            let v = json_ld(&g);
            let how_to = &v["@graph"][0];
            assert_eq!(how_to["@type"], "HowTo", "{md}");
            let got: Vec<(String, Vec<String>)> = how_to["step"]
                .as_array()
                .unwrap()
                .iter()
                .map(|sec| {
                    assert_eq!(sec["@type"], "HowToSection");
                    let steps = sec["itemListElement"].as_array().unwrap();
                    let names = steps.iter().map(|s| s["name"].as_str().unwrap().to_owned());
                    (sec["name"].as_str().unwrap().to_owned(), names.collect())
                })
                .collect();
            let want: Vec<(String, Vec<String>)> = want
                .iter()
                .map(|(n, s)| (n.to_string(), s.iter().map(|x| x.to_string()).collect()))
                .collect();
            assert_eq!(got, want, "{md}");
        }
        let g = parse_str(flat, &Origin::named("t.md")).unwrap().guide;
        let first = &json_ld(&g)["@graph"][0]["step"][0]["itemListElement"][0];
        assert_eq!(
            first["text"],
            "Run it.\nIf it fails\nUnplug and wait ten seconds."
        );
    }

    /// A question whose answer is only an image without alt text is left out too, and the
    /// renderer says so (the parser's warning is about empty answers only).
    #[test]
    fn a_question_whose_answer_has_no_text_is_said() {
        let md = "# Help\n\n## FAQ\n\n### Where is it?\n\n![](map.png)\n\n### Why?\n\nBecause.\n";
        let g = parse_str(md, &Origin::named("t.md")).unwrap().guide;
        let mut ctx = RenderContext::for_input("t.md".into(), None, Default::default());
        let bytes = JsonLdRenderer.render(&g, &mut ctx).unwrap();
        let v: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(v["@graph"][1]["mainEntity"].as_array().unwrap().len(), 1);
        let said: Vec<String> = ctx.warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(
            said,
            ["question `Where is it?` is left out of the JSON-LD FAQPage: its answer has no text"]
        );
    }

    /// A question without an answer is left out of the FAQPage (an empty `acceptedAnswer`
    /// is invalid there), and the parser warns about it at its line.
    #[test]
    fn a_question_without_an_answer_is_left_out() {
        let md = "# Help\n\n## FAQ\n\n### Does it need a screen?\n\nNo.\n\n### Can I return it?\n\n\
                  ### What about warranty?\n\nYes.\n";
        let p = parse_str(md, &Origin::named("t.md")).unwrap();
        let v = json_ld(&p.guide);
        let names: Vec<&str> = v["@graph"][1]["mainEntity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Does it need a screen?", "What about warranty?"]);
        let said: Vec<(Option<usize>, &str)> = p
            .warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [(Some(9), "question `Can I return it?` has no answer")]
        );
    }

    /// A guide whose procedure is its headings (`## Step 1: …`, `## 第一步：…`) is a `HowTo`
    /// with those sections as steps; headings that only start like one are not steps.
    #[test]
    fn step_headings_are_how_to_steps() {
        for (md, names) in [
            (
                "# How to Set Up Your Router\n\n## Step 1: Connect the hardware\n\nPlug it in.\n\n\
                 ## Step 2: Log in\n\nOpen the page.\n\n## Troubleshooting\n\nRestart it.\n",
                vec!["Connect the hardware", "Log in"],
            ),
            (
                "# 设置路由器\n\n## 第一步：连接\n\n插上电源。\n\n## 第二步：登录\n\n打开页面。\n",
                vec!["连接", "登录"],
            ),
            // The separators authors write, all dropped from the name.
            (
                "# Deploy\n\n## Step 1 — Install the packages\n\nRun it.\n\n## Step 2 - Configure Nginx\n\nEdit it.\n\n## Step 3. Start it\n\nStart.\n",
                vec!["Install the packages", "Configure Nginx", "Start it"],
            ),
            (
                "# 部署\n\n## 步骤 1：安装软件包\n\n运行。\n\n## 第二步——配置\n\n编辑。\n\n## 步驟3、啟動\n\n啟動。\n",
                vec!["安装软件包", "配置", "啟動"],
            ),
        ] {
            let g = parse_str(md, &Origin::named("t.md")).unwrap().guide;
            let v = json_ld(&g);
            let how_to = &v["@graph"][0];
            assert_eq!(how_to["@type"], "HowTo", "{md}");
            let got: Vec<(u64, &str)> = how_to["step"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["position"].as_u64().unwrap(), s["name"].as_str().unwrap()))
                .collect();
            let want: Vec<(u64, &str)> = names
                .iter()
                .enumerate()
                .map(|(k, n)| (k as u64 + 1, *n))
                .collect();
            assert_eq!(got, want);
        }
        for title in [
            "Steps to take",
            "Stepping stones",
            "第一步",
            "步骤",
            "步骤说明",
            "Step 1",
            "Step 1 —",
        ] {
            assert_eq!(step_heading(title), None, "{title}");
        }
        // One step heading alone is no procedure.
        let g = parse_str("# T\n\n## Step 1: Only\n\nText.\n", &Origin::named("t.md"))
            .unwrap()
            .guide;
        assert_eq!(json_ld(&g)["@graph"][0]["@type"], "Article");
    }
}
