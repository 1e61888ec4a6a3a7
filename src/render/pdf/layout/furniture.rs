//! Page furniture: the running header and the footer, from the theme's templates
//! (`{title}`, `{page}`, `{pages}`, `{date}`) or the defaults (the title; "page N of M").
//!
//! Each line is fitted to the width it has by measuring it, not by counting characters: a
//! 58-character Chinese title in `{title} · Appnox 帮助中心` ran 4 pt off the page, taking the
//! rest of the template with it, because a Han character is twice as wide as the Latin ones
//! a character count was tuned for. When a line is too wide, the title is cut (with `…`)
//! to the longest start that fits, and the rest of the template stays whole.

use super::*;
use crate::model::Meta;

/// Longest title shaped: at the header's small size more characters than this never fit the
/// text width, so a longer title is cut without shaping it all (a 3 MB title used to be
/// shaped in full on every page).
const MAX_TITLE_CHARS: usize = 200;

/// `template` with its fields filled in; the title as given.
fn fill(template: &str, title: &str, meta: &Meta, page: usize, pages: usize) -> String {
    template
        .replace("{title}", title)
        .replace("{page}", &page.to_string())
        .replace("{pages}", &pages.to_string())
        .replace("{date}", meta.date.as_deref().unwrap_or(""))
}

/// The title's first `n` characters and `…`, or the whole title when it has no more.
fn title_start(title: &str, n: usize) -> String {
    let mut chars = title.char_indices();
    match chars.nth(n) {
        None => title.to_owned(),
        Some((at, _)) => format!("{}…", title[..at].trim_end()),
    }
}

/// `template` filled in and set in `style` on one line no wider than `max_w`: the whole title
/// when it fits, else its longest start that does, with `…`. `None` when the line is empty.
/// The rest of the template is never cut; a template too wide without any title is set as
/// it is.
pub(super) fn fitted(
    fonts: &mut FontSet<'_>,
    template: &str,
    meta: &Meta,
    (page, pages): (usize, usize),
    style: &Style,
    max_w: f32,
) -> Option<Line> {
    let with = |n: usize| fill(template, &title_start(&meta.title, n), meta, page, pages);
    let text = with(MAX_TITLE_CHARS);
    if text.trim().is_empty() {
        return None;
    }
    let line = single(fonts, &text, style);
    let chars = meta.title.chars().count().min(MAX_TITLE_CHARS);
    if line.width <= max_w || !template.contains("{title}") || chars == 0 {
        return Some(line);
    }
    // The longest start that fits: `lo` characters fit (none always "fits": the template is
    // set as it is then), `hi` do not.
    let (mut lo, mut hi) = (0, chars);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if single(fonts, &with(mid), style).width <= max_w {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(single(fonts, &with(lo), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_start_ends_in_an_ellipsis_only_when_cut() {
        assert_eq!(title_start("标题", 5), "标题");
        assert_eq!(title_start("标题很长", 2), "标题…");
        assert_eq!(title_start("A long title", 2), "A…");
        assert_eq!(title_start("A long title", 0), "…");
    }
}
