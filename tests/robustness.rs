//! No input makes any renderer panic: random Markdown-like text (CJK, Latin, markup
//! characters, HTML, control characters) goes through the parser and every built-in renderer.

use std::path::PathBuf;

use guidepress::parse::{Origin, parse_str};
use guidepress::render::{Registry, RenderContext, RenderOptions};
use proptest::prelude::*;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[一-龥，。？！“”（）]{1,12}",
        3 => "[a-zA-Z0-9 ]{1,12}",
        // Korean and Japanese beside Chinese and Latin: each script is its own run in the
        // formats that mark languages, and digits join the words on both sides (`HTML5가`).
        2 => "[가-힣ᄀ-ᄒ ]{1,8}",
        1 => "[ぁ-ゔァ-ヴ]{1,6}",
        2 => prop::sample::select(vec![
            "\n", "\n\n", "# ", "## ", "### ", "> ", "- ", "1. ", "* ", "**", "*", "_", "`", "```\n",
            "~~", "[", "]", "(", ")", "![", "](", "#", "|", "|---|", "\n---\n", "[^1]", "[^1]: ",
            "<b>", "</b>", "<script>", "> [!NOTE]\n", "- [ ] ", "- [x] ", "\\", "&amp;", "\t",
            "：", "**步骤**：", "？\n", "\u{0}", "\u{7}", "😀", "𠀀", "https://example.com/x",
        ]).prop_map(String::from),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_renderer_survives_random_markdown(md in document()) {
        let parsed = parse_str(&md, &Origin::named("random.md")).expect("Markdown without front matter always parses");
        // The parser only ever produces guides that follow the model's rules.
        prop_assert_eq!(guidepress::model::validate(&parsed.guide), Ok(()));
        let registry = Registry::builtin();
        for renderer in registry.iter() {
            let mut options = RenderOptions::default();
            options.width = 20;
            let mut ctx = RenderContext::for_input(PathBuf::from("random.md"), None, options);
            let out = renderer.render(&parsed.guide, &mut ctx);
            prop_assert!(out.is_ok(), "{} failed: {:?}", renderer.id(), out.err());
            prop_assert!(!out.unwrap().is_empty(), "{} wrote nothing", renderer.id());
        }
    }
}
