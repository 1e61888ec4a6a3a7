//! Code blocks across formats: a fence's title (the file the code belongs in) reaches the
//! reader in every format.

mod common;

use guidepress::model::Block;
use guidepress::parse::{Origin, parse_str};

const MD: &str = "# 配置\n\n写入：\n\n```json [tsconfig.json]\n{ \"types\": [] }\n```\n\n\
                  ```js title=\"vite.config.js\" {2}\nexport default {}\n```\n\n```sh\nls\n```\n";

/// The titles of VitePress (`[name]`) and Docusaurus (`title="…"`) fences are kept: in the
/// model and its JSON, as a line before the code in text, as the code's caption in HTML. Before, only the language was read and the file
/// names were lost without a word.
#[test]
fn a_fence_title_reaches_every_format() {
    let parsed = parse_str(MD, &Origin::named("t.md")).unwrap();
    let code: Vec<_> = parsed
        .guide
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Code {
                language, title, ..
            } => Some((language.as_deref(), title.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(
        code,
        [
            (Some("json"), Some("tsconfig.json")),
            (Some("js"), Some("vite.config.js")),
            (Some("sh"), None),
        ]
    );
    let json = common::render_guide("json", &parsed.guide, 72);
    let back = guidepress::render::json::from_json(&json, std::path::Path::new("t.json"));
    assert_eq!(back.unwrap(), parsed.guide);

    let txt = String::from_utf8(common::render_guide("txt", &parsed.guide, 72)).unwrap();
    assert!(
        txt.contains("tsconfig.json：\n    { \"types\": [] }\n"),
        "{txt}"
    );
    assert!(
        txt.contains("vite.config.js：\n    export default {}\n"),
        "{txt}"
    );
    assert!(txt.contains("\n    ls\n"), "{txt}");

    #[cfg(feature = "html")]
    {
        let html = String::from_utf8(common::render_guide("html", &parsed.guide, 72)).unwrap();
        assert!(
            html.contains(
                "<figure class=\"code\"><figcaption>vite.config.js</figcaption><pre><code \
                 class=\"language-js\">export default {}\n</code></pre></figure>"
            ),
            "{html}"
        );
        assert_eq!(html.matches("<figcaption>").count(), 2, "{html}");
    }
    // The PDF: see `render::pdf::layout::tests::a_code_title_is_a_line_above_its_code`.
}
