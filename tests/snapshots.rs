//! Snapshot tests of the JSON and text output of both bundled guides (reviewed by hand when
//! they change: `INSTA_UPDATE=always cargo test --test snapshots`, then read the diff).

mod common;

use common::{guides, load, render_guide};

#[test]
fn json_snapshots() {
    for path in guides() {
        let guide = load(&path);
        let json = String::from_utf8(render_guide("json", &guide, 72)).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("{name}.json"), json);
    }
}

#[test]
fn text_snapshots() {
    for path in guides() {
        let guide = load(&path);
        let text = String::from_utf8(render_guide("txt", &guide, 72)).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("{name}.txt"), text);
    }
}

#[test]
fn all_blocks_text_snapshot_narrow() {
    let text = String::from_utf8(render_guide("txt", &load(&common::all_blocks()), 40)).unwrap();
    insta::assert_snapshot!("all-blocks.w40.txt", text);
}
