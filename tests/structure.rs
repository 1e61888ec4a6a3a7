//! Real-shaped guides and the outline a human reads in them, written out by hand: which lists
//! are procedures, which are key points, which sections are questions. `guidepress check`
//! prints the same outline.

mod common;

use guidepress::parse::{Origin, parse_str};

fn outline(rel: &str) -> (String, Vec<String>) {
    let path = common::root().join(rel);
    let md = std::fs::read_to_string(&path).unwrap();
    let parsed = parse_str(&md, &Origin::file(&path)).unwrap();
    let warnings = parsed.warnings.iter().map(|w| w.message.clone()).collect();
    (parsed.guide.outline(), warnings)
}

#[test]
fn english_how_to_with_prerequisites_reasons_and_troubleshooting() {
    let (o, w) = outline("tests/fixtures/guides/howto-en.md");
    assert_eq!(
        o,
        "How to Back Up Your Phone
  § Before you start
      key points: 3 (line 11)
  § How to back up
      steps: 3 (line 17)
  § Why back up at all
      key points: 2 (line 23)
  § Troubleshooting
      questions: 2 (line 28)
        ? The backup never finishes
        ? Can I back up without Wi-Fi?
"
    );
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("`The backup never finishes` taken as a question"));
}

#[test]
fn faq_page_by_question_marks() {
    let (o, w) = outline("tests/fixtures/guides/faq.md");
    assert_eq!(
        o,
        "常见问题解答
  § 账户
      questions: 3 (line 7)
        ? 如何修改密码？
        ? 忘记密码怎么办？
        ? 可以注销账户吗
  § 支付
      questions: 2 (line 21)
        ? 支持哪些支付方式？
        ? 退款多久到账？
"
    );
    assert_eq!(w.len(), 1, "{w:?}");
}

#[test]
fn two_procedures_and_key_points_between_them() {
    let (o, w) = outline("tests/fixtures/guides/two-procedures.md");
    assert_eq!(
        o,
        "Install and remove the printer driver
  § Installing the driver
      steps: 3 (line 10)
  § Things to know
      key points: 2 (line 16)
  § Removing the driver
      steps: 2 (line 23)
"
    );
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn the_seed_shaped_chinese_guide() {
    let (o, _) = outline("source/unbind-digital-wallet-alipay.zh-CN.md");
    let expected_answers = "          key points: 3 (line ";
    assert_eq!(o.matches("steps:").count(), 1, "{o}");
    assert!(
        o.contains("  § 解绑数字钱包与支付宝的步骤\n      steps: 6 (line 23)\n"),
        "{o}"
    );
    assert!(
        o.contains("  § 解绑数字钱包的原因\n      key points: 4 (line 34)\n"),
        "{o}"
    );
    assert!(o.contains("      questions: 5 (line 43)\n"), "{o}");
    assert_eq!(o.matches(expected_answers).count(), 5, "{o}");
}

/// What each output publishes as steps and questions for the seed-shaped guide: JSON-LD
/// `HowTo` 6 steps and `FAQPage` 5 questions, the text labels exactly six 步骤, and the PDF
/// draws exactly six step badges.
#[cfg(feature = "pdf")]
#[test]
fn the_seed_shaped_guide_publishes_six_steps_and_five_questions_everywhere() {
    use guidepress::render::RenderOptions;
    use guidepress::render::pdf::fonts::{FontSet, UserFonts};
    use guidepress::render::pdf::layout::{Input, Prim, layout};

    let path = common::root().join("source/unbind-digital-wallet-alipay.zh-CN.md");
    let guide = common::load(&path);

    let ld: serde_json::Value =
        serde_json::from_slice(&common::render_guide("jsonld", &guide, 72)).unwrap();
    let graph = ld["@graph"].as_array().unwrap();
    let howto = graph.iter().find(|n| n["@type"] == "HowTo").unwrap();
    assert_eq!(howto["step"].as_array().unwrap().len(), 6);
    let faq = graph.iter().find(|n| n["@type"] == "FAQPage").unwrap();
    assert_eq!(faq["mainEntity"].as_array().unwrap().len(), 5);

    let txt = String::from_utf8(common::render_guide("txt", &guide, 72)).unwrap();
    let labels: Vec<&str> = txt.lines().filter(|l| l.starts_with("步骤 ")).collect();
    assert_eq!(labels.len(), 6, "{labels:?}");
    assert!(
        txt.contains("\n1. 安全考虑："),
        "reasons keep their own numbers:\n{txt}"
    );

    let mut warnings = Vec::new();
    let user = UserFonts::load(&[], &mut warnings);
    let mut faces = FontSet::new(&user, &mut warnings);
    let options = RenderOptions::default();
    let (doc, _) = layout(
        &Input {
            guide: &guide,
            options: &options,
            base_dir: None,
        },
        &mut faces,
    );
    let badges = doc
        .pages
        .iter()
        .flat_map(|p| &p.prims)
        .filter(|p| matches!(p, Prim::Disc { .. }))
        .count();
    assert_eq!(badges, 6);
}

/// A code fence written without the step's indentation ends the Markdown list; the next item,
/// numbered `3.`, says the procedure goes on. Read as one procedure of four steps, the fence in
/// step 2, with a note; lists numbered from 1, side by side, or apart by a rule or a directive
/// stay apart.
#[test]
fn a_list_that_carries_on_the_numbering_is_the_same_procedure() {
    let md = "# 安装 Node.js\n\n## 安装步骤\n\n\
        1. **下载**：从官网下载安装包。\n\
        2. **验证**：打开终端，运行：\n\
        ```sh\nnode -v\n```\n\
        3. **配置镜像**：运行：\n\
        ```sh\nnpm config set registry https://registry.npmmirror.com\n```\n\
        4. **完成**：开始使用。\n";
    let parsed = parse_str(md, &Origin::named("d.md")).unwrap();
    assert_eq!(
        parsed.guide.outline(),
        "安装 Node.js\n  § 安装步骤\n      steps: 4 (line 5)\n"
    );
    let guidepress::model::Block::Steps { steps, .. } = &parsed.guide.sections[0].blocks[0] else {
        panic!("{:?}", parsed.guide.sections[0].blocks);
    };
    let numbers: Vec<u64> = steps.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    let code_of = |k: usize| {
        steps[k]
            .body
            .iter()
            .filter_map(|b| match b {
                guidepress::model::Block::Code { code, .. } => Some(code.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(code_of(1), ["node -v\n"]);
    assert_eq!(
        code_of(2),
        ["npm config set registry https://registry.npmmirror.com\n"]
    );
    let notes: Vec<_> = parsed.notes.iter().map(|n| (n.line, &n.message)).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[0].0, Some(10), "{notes:?}");
    assert!(notes[0].1.contains("part of item 2"), "{notes:?}");

    // Apart on purpose: numbered from 1 again, a rule between, a directive, side by side with
    // another delimiter (CommonMark example 302).
    for (md, lists) in [
        ("1. a\n2. b\n\n```\nx\n```\n\n1. c\n", 2),
        ("1. a\n2. b\n\n---\n\n3. c\n", 2),
        (
            "1. a\n2. b\n\n```\nx\n```\n\n<!-- guidepress: list -->\n3. c\n",
            2,
        ),
        ("1. a\n2. b\n3) c\n", 2),
        ("1. a\n2. b\n\n```\nx\n```\n\n3. c\n", 1),
    ] {
        let parsed = parse_str(md, &Origin::named("d.md")).unwrap();
        let found = parsed
            .guide
            .blocks
            .iter()
            .filter(|b| matches!(b, guidepress::model::Block::List { .. }))
            .count();
        assert_eq!(found, lists, "{md:?}: {:?}", parsed.guide.blocks);
    }
}

/// A question written all in bold, mark and all (`**Q: Does it work?**`), the way GitHub
/// READMEs write their FAQs, is a question like `**Q:** Does it work?`; bold that ends before
/// the line does is not a mark.
#[test]
fn questions_all_in_bold_are_questions() {
    use guidepress::model::{Block, Inline, plain_text};
    let md = "# Acme\n\n## FAQ\n\n**Q: Does it work on Windows?**\nA: Yes, via WSL2.\n\n\
              **Q: Is it free?**\nA: Yes, MIT licensed.\n\n## More\n\n**Q: bold** and more?\nA: no.\n\n\
              **Q: again** and more?\nA: no.\n";
    let parsed = parse_str(md, &Origin::named("q.md")).unwrap();
    assert_eq!(
        parsed.guide.outline(),
        "Acme
  § FAQ
      questions: 2 (line 5)
        ? Does it work on Windows?
        ? Is it free?
  § More
"
    );
    let Block::QuestionAnswers { entries, .. } = &parsed.guide.sections[0].blocks[0] else {
        panic!("{:?}", parsed.guide.sections[0].blocks);
    };
    assert!(
        matches!(&entries[0].question[..], [Inline::Text { text }] if text == "Does it work on Windows?")
    );
    let answer = match &entries[1].answer[..] {
        [Block::Paragraph { content, .. }] => plain_text(content),
        other => panic!("{other:?}"),
    };
    assert_eq!(answer, "Yes, MIT licensed.");
}

/// A question in a lead-in asks; it does not announce the list: `不知道如何选择？下面是…：`
/// before a comparison of models is no procedure, though 如何 names one. A statement after
/// a question still can (`How to install? Follow these steps:`).
#[test]
fn a_question_in_a_lead_in_does_not_make_steps() {
    let md = "# 选购\n\n## 型号对比\n\n不知道如何选择？下面是三款型号的区别：\n\n\
              1. **基础版**：适合小户型，999 元。\n2. **标准版**：激光导航，1999 元。\n\n\
              ## Models\n\nNot sure how to choose? Here are the models:\n\n\
              1. **Basic**: small homes.\n2. **Plus**: laser navigation.\n\n\
              ## Setup\n\nHow to install? Follow these steps:\n\n\
              1. **Unpack**: the box.\n2. **Plug in**: the dock.\n";
    let parsed = parse_str(md, &Origin::named("m.md")).unwrap();
    assert_eq!(
        parsed.guide.outline(),
        "选购
  § 型号对比
      key points: 2 (line 7)
  § Models
      key points: 2 (line 14)
  § Setup
      steps: 2 (line 21)
"
    );
}

/// An interview's question asked by someone named (`记者问：`) keeps its lines: the `答：`
/// line after it used to run into the question (`…陶艺？答：大学二年级。`). It is not made a
/// question entry, which would drop the speaker.
#[test]
fn a_speakers_question_keeps_its_lines() {
    use guidepress::model::{Block, plain_text};
    let md = "# 访谈\n\n记者问：您什么时候开始做陶艺？\n答：大学二年级。\n\n网友问:Is it hard?\n答：不难。\n\n\
              记者们都来了。\n答：好。\n";
    let parsed = parse_str(md, &Origin::named("i.md")).unwrap();
    let texts: Vec<String> = parsed
        .guide
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => plain_text(content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "记者问：您什么时候开始做陶艺？\n答：大学二年级。",
            "网友问:Is it hard?\n答：不难。",
            "记者们都来了。答：好。"
        ]
    );
}

/// A FAQ grouped by category (`FAQ › Account › How do I…?`): each category holds questions,
/// and `FAQ` does not (a category is no question). It used to take `Account` and `Billing`
/// as questions whose answers were the real questions, which the FAQPage then listed twice.
#[test]
fn a_faq_grouped_by_category_has_each_question_once() {
    let md = "# Help\n\n## FAQ\n\n### Account\n\n#### How do I reset my password?\n\nUse the link.\n\n\
              #### How do I delete my account?\n\nContact us.\n\n### Billing\n\n#### Can I get a refund?\n\n\
              Yes, within 7 days.\n\n#### Do you take PayPal?\n\nYes.\n";
    let parsed = parse_str(md, &Origin::named("faq.md")).unwrap();
    assert_eq!(
        parsed.guide.outline(),
        "Help
  § FAQ
    § Account
        questions: 2 (line 7)
          ? How do I reset my password?
          ? How do I delete my account?
    § Billing
        questions: 2 (line 17)
          ? Can I get a refund?
          ? Do you take PayPal?
"
    );
    assert!(
        parsed.warnings.is_empty(),
        "no heading is taken as a question without a question mark: {:?}",
        parsed.warnings
    );
    let jsonld = String::from_utf8(common::render_guide("jsonld", &parsed.guide, 72)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&jsonld).unwrap();
    let names: Vec<&str> = v["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["@type"] == "FAQPage")
        .flat_map(|n| n["mainEntity"].as_array().unwrap())
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "How do I reset my password?",
            "How do I delete my account?",
            "Can I get a refund?",
            "Do you take PayPal?"
        ]
    );
}

/// A quiz is not questions and answers: after `A: 80` comes `B: 443`, so `A:` is the first
/// choice and publishing it as the accepted answer (FAQPage) would be wrong. The FAQ entries
/// before a quiz question stay questions; the choices stay one line each.
#[test]
fn a_quiz_is_not_questions_and_answers() {
    use guidepress::model::{Block, Inline};
    let md = "# Net\n\n## FAQ\n\n**Q: Is it free?**\nA: Yes.\n\n**Q: Is it open?**\nA: Yes, MIT.\n\n\
              **Q: Which port does HTTPS use?**\nA: 80\nB: 443\nC: 8080\n\n\
              ## Quiz\n\nQ: Which is connectionless?\n\nA: TCP\nB: UDP\n\n\
              问：哪个是默认端口？\nA：80\nB：443\n\n## 测验\n\n问：哪一项正确？\nA、甲\nB、乙\n答：B\n\n\
              问：第二题？\nA、丙\nB、丁\n答：A\n";
    let parsed = parse_str(md, &Origin::named("quiz.md")).unwrap();
    assert_eq!(
        parsed.guide.outline(),
        "Net
  § FAQ
      questions: 2 (line 5)
        ? Is it free?
        ? Is it open?
  § Quiz
  § 测验
      questions: 2 (line 29)
        ? 哪一项正确？ A、甲 B、乙
        ? 第二题？ A、丙 B、丁
"
    );
    // The quiz question keeps its lines: question, then one line per choice.
    let Block::Paragraph { content, .. } = &parsed.guide.sections[0].blocks[1] else {
        panic!("{:?}", parsed.guide.sections[0].blocks);
    };
    let lines: Vec<String> = content
        .split(|i| matches!(i, Inline::LineBreak))
        .map(guidepress::model::plain_text)
        .collect();
    assert_eq!(
        lines,
        [
            "Q: Which port does HTTPS use?",
            "A: 80",
            "B: 443",
            "C: 8080"
        ]
    );
    // Choices before a `答：` line are the question's, one line each; `答：` is the answer.
    let Block::QuestionAnswers { entries, .. } = &parsed.guide.sections[2].blocks[0] else {
        panic!("{:?}", parsed.guide.sections[2].blocks);
    };
    assert_eq!(
        guidepress::model::plain_text(&entries[0].question),
        "哪一项正确？\nA、甲\nB、乙"
    );
    assert!(
        matches!(&entries[0].answer[..], [Block::Paragraph { content, .. }] if guidepress::model::plain_text(content) == "B")
    );
}

/// `问：…` / `答：…` lines (and `Q:` / `A:`), the way Chinese FAQ pages are often written, are
/// questions and answers: the marks go, the answer runs to the next question, ids are unique.
/// One pair counts under a heading that names questions; elsewhere it takes two. A question
/// without its marked answer is not one, and the lines stay lines either way.
#[test]
fn question_and_answer_lines_are_questions_and_answers() {
    use guidepress::model::{Block, Inline, plain_text};
    let md = "# 会员\n\n## 常见问题\n\n问：忘记密码怎么办？\n答：在登录页点击“忘记密码”。\n\n然后按提示操作。\n\n\
              **问：**可以退款吗？\n\n**答：**可以，7 天内。\n\n## 常见问题\n\nQ: Is it free?\nA: Yes.\n\n\
              ## 说明\n\n问：只有一个？\n答：不在问答标题下。\n\n## 公告\n\n问：没有答案？\n正文。\n";
    let parsed = parse_str(md, &Origin::named("q.md")).unwrap();
    assert_eq!(
        parsed.guide.outline(),
        "会员
  § 常见问题
      questions: 2 (line 5)
        ? 忘记密码怎么办？
        ? 可以退款吗？
  § 常见问题
      questions: 1 (line 16)
        ? Is it free?
  § 说明
  § 公告
"
    );
    let Block::QuestionAnswers { entries, .. } = &parsed.guide.sections[0].blocks[0] else {
        panic!("{:?}", parsed.guide.sections[0].blocks);
    };
    let answers: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            e.answer
                .iter()
                .map(|b| match b {
                    Block::Paragraph { content, .. } => plain_text(content),
                    other => panic!("{other:?}"),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        answers,
        [
            vec!["在登录页点击“忘记密码”。", "然后按提示操作。"],
            vec!["可以，7 天内。"]
        ]
    );
    // Ids: the questions' slugs, clear of the sections' (`常见问题`, `常见问题-1`, …).
    let Block::QuestionAnswers { entries: more, .. } = &parsed.guide.sections[1].blocks[0] else {
        panic!()
    };
    let mut ids: Vec<&str> = parsed
        .guide
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    ids.extend(entries.iter().chain(more).map(|e| e.id.as_str()));
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // Not questions. A question line and an answer line stay two lines; a question line and
    // a line of prose are one paragraph, as Markdown reads them.
    let para = |k: usize| match &parsed.guide.sections[k].blocks[0] {
        Block::Paragraph { content, .. } => content.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        matches!(&para(2)[..], [Inline::Text { text }, Inline::LineBreak, ..] if text == "问：只有一个？"),
        "{:?}",
        para(2)
    );
    assert_eq!(plain_text(&para(3)), "问：没有答案？正文。");
}

/// Admonitions of other tools (`:::tip` of Docusaurus and VitePress, `!!! warning` of MkDocs,
/// `/// tip` of PyMdown, in FastAPI's docs) are not Markdown guidepress reads: their text is kept as written, and a warning at each
/// says so and how to write the note, rather than silence. `3:::1` in a sentence is none.
#[test]
fn admonitions_of_other_tools_are_warned_about() {
    let md = "# T\n\n!!! warning \"Check your disk space\"\n\n    Backups fail when the disk is full.\n\n\
              :::tip\nUse **rsync** carefully.\n:::\n\n::: warning 注意\n内容\n:::\n\n\
              A ratio of 3:::1 and !!!wow.\n\n/// tip | 提示\n\n在此示例中，该变量被命名为 `router`。\n\n///\n";
    let parsed = parse_str(md, &Origin::named("adm.md")).unwrap();
    let at: Vec<(Option<usize>, Option<usize>, bool)> = parsed
        .warnings
        .iter()
        .map(|w| {
            (
                w.line,
                w.column,
                w.hint.as_deref().is_some_and(|h| h.contains("> [!TIP]")),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            (Some(3), Some(1), true),
            (Some(7), Some(1), true),
            (Some(11), Some(1), true),
            (Some(17), Some(1), true)
        ],
        "{:?}",
        parsed.warnings
    );
}

/// A key point's term keeps the colon written after it when a nested list, not text,
/// follows: `- **入门**：` over two sub-items came out as `- 入门` in every format, while its
/// siblings kept `安装：`.
#[test]
fn a_key_point_term_keeps_its_colon_over_a_nested_list() {
    let md = "# 组织\n\n- **安装**：介绍如何安装。\n- **入门**：\n  - 十分钟概览。\n  - 半小时概览。\n- **迁移**：说明变更。\n";
    let guide = parse_str(md, &Origin::named("g.md")).unwrap().guide;
    assert!(
        matches!(
            &guide.blocks[..],
            [guidepress::model::Block::KeyPoints { .. }]
        ),
        "{:?}",
        guide.blocks
    );
    let txt = String::from_utf8(common::render_guide("txt", &guide, 72)).unwrap();
    assert!(txt.contains("- 入门：\n"), "{txt}");
    assert!(txt.contains("- 安装：介绍如何安装。"), "{txt}");
    #[cfg(feature = "html")]
    {
        let html = String::from_utf8(common::render_guide("html", &guide, 72)).unwrap();
        assert!(
            html.contains("<strong class=\"term\">入门</strong>：</p>"),
            "{html}"
        );
    }
    // The PDF lays key points out as the list this makes.
    {
        let guidepress::model::Block::KeyPoints { points, .. } = &guide.blocks[0] else {
            unreachable!()
        };
        let list = guidepress::render::key_points_as_list(None, false, None, points, "：");
        let guidepress::model::Block::List { items, .. } = list else {
            panic!("a list")
        };
        let lead = guidepress::model::plain_text(match &items[1].blocks[0] {
            guidepress::model::Block::Paragraph { content, .. } => content,
            other => panic!("{other:?}"),
        });
        assert_eq!(lead, "入门：");
    }
}

/// Pandoc's heading attributes name the section's id and are not part of its title; what is
/// not an attribute block (escaped, no id or class, text in braces) stays text.
#[test]
fn heading_attributes_name_the_section() {
    let md = "# 安装指南 {#guide}

见[下一步](#next)和[旧名](#setext)。

## 下一步 {#next .unnumbered}

## 下一步

## Setext {#setext .wide key=\"a b\"}
------

## 模板 {{ name }}

## Options {a=b}

## Escaped \\{#not-an-id}

## Again {#next}
";
    let parsed = parse_str(md, &Origin::named("attrs.md")).unwrap();
    let guide = &parsed.guide;
    assert_eq!(guide.meta.title, "安装指南");
    let sections: Vec<(String, String)> = guide
        .sections
        .iter()
        .map(|s| (s.id.clone(), guidepress::model::plain_text(&s.title)))
        .collect();
    let expected = [
        ("next", "下一步"),
        ("下一步", "下一步"),
        ("setext", "Setext"),
        ("模板-name", "模板 {{ name }}"),
        ("options-ab", "Options {a=b}"),
        ("escaped-not-an-id", "Escaped {#not-an-id}"),
        ("again", "Again"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(sections, expected);
    let warnings: Vec<&str> = parsed.warnings.iter().map(|w| w.message.as_str()).collect();
    // Both links find their heading; the second `#next` is named.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("`#next` is given twice"),
        "{warnings:?}"
    );
    assert_eq!(parsed.warnings[0].line, Some(18));
    let notes: Vec<&str> = parsed.notes.iter().map(|n| n.message.as_str()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("`.wide`, `key=\"a b\"` have no effect")),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.contains("unnumbered")), "{notes:?}");
}

/// A guide whose title names questions, or whose top-level headings are mostly questions, is
/// questions and answers on its own, as the same file is as a book's chapter. A how-to with a
/// question heading or two is not, and is told nothing about it.
#[test]
fn a_whole_guide_can_be_questions_and_answers() {
    let outline_of = |md: &str| {
        let parsed = parse_str(md, &Origin::named("faq.md")).unwrap();
        (parsed.guide.outline(), parsed.notes.len())
    };
    let (named, _) = outline_of(
        "# FAQ\n\nIntro.\n\n## Sign in\n\nUse your e-mail.\n\n## Can I undo it?\n\nYes.\n",
    );
    assert_eq!(
        named,
        "FAQ\n  questions: 2 (line 5)\n    ? Sign in\n    ? Can I undo it?\n"
    );
    let (asked, _) = outline_of("# 钱包\n\n## 怎么解绑？\n\n看设置。\n\n## 要多久？\n\n一天。\n");
    assert_eq!(
        asked,
        "钱包\n  questions: 2 (line 3)\n    ? 怎么解绑？\n    ? 要多久？\n"
    );
    let (how_to, notes) = outline_of(
        "# 解绑钱包\n\n## 准备\n\n正文。\n\n## 解绑\n\n正文。\n\n## 失败了怎么办？\n\n重试。\n",
    );
    assert_eq!(how_to, "解绑钱包\n  § 准备\n  § 解绑\n  § 失败了怎么办？\n");
    assert_eq!(notes, 0);
    let (opted_out, _) = outline_of(
        "<!-- guidepress: no-qa -->\n# FAQ\n\n## Why?\n\nBecause.\n\n## How?\n\nThus.\n",
    );
    assert_eq!(opted_out, "FAQ\n  § Why?\n  § How?\n");
    let (one, _) = outline_of("# 解绑\n\n## 为什么要解绑？\n\n因为安全。\n");
    assert_eq!(one, "解绑\n  § 为什么要解绑？\n");
}
