//! What keeps parsing linear on hostile input: our own conversion of source columns, and caps
//! (each with a warning) where comrak itself is superlinear.
//!
//! Measured (issue 8, release build): comrak's `sourcepos_chars` option converts every node's
//! byte column to a character column by counting the line's characters from its start, once
//! per node: a single 270 KB line of 16,000 links took 20 s, 16,000 references to one
//! footnote 6 s, a 16,000-column table 3 s. guidepress only needs character columns for the
//! warnings it reports, so comrak keeps byte columns and [`byte_columns_to_chars`] converts
//! the warnings' columns afterwards, one pass per line that has a warning.

use crate::diagnostic::Diagnostic;

/// Turns the 1-based byte columns of `warnings` (as comrak reports them) into 1-based
/// character columns of `text`, the way comrak's `sourcepos_chars` does, in one pass over
/// each line that has a warning.
pub(crate) fn byte_columns_to_chars(text: &str, warnings: &mut [Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..warnings.len()).collect();
    order.sort_by_key(|&i| (warnings[i].line, warnings[i].column));
    let mut lines = text.lines().enumerate();
    let mut current: Option<(usize, &str)> = None;
    // Within a line: the byte offset and character count reached so far.
    let (mut byte, mut chars) = (0usize, 0usize);
    for i in order {
        let w = &mut warnings[i];
        let (Some(line_no), Some(column)) = (w.line, w.column) else {
            continue;
        };
        if column == 0 || line_no == 0 {
            continue;
        }
        let want = line_no - 1;
        if current.is_none_or(|(n, _)| n != want) {
            current = lines.by_ref().find(|(n, _)| *n == want);
            (byte, chars) = (0, 0);
        }
        let Some((_, line)) = current else {
            // Lines run out (a position past the end): leave the rest as they are.
            break;
        };
        if column > line.len() {
            w.column = Some(line.chars().count() + 1);
            continue;
        }
        // Count the characters that start at or before the byte column.
        let idx = column - 1;
        for (off, _) in line[byte..].char_indices() {
            if byte + off > idx {
                break;
            }
            chars += 1;
        }
        // Remember where counting stopped: the next character boundary after `idx`.
        byte = line.ceil_char_boundary_compat(idx + 1);
        w.column = Some(chars);
    }
}

/// `str::ceil_char_boundary` for our rust-version (stable only since 1.91).
trait CeilBoundary {
    fn ceil_char_boundary_compat(&self, i: usize) -> usize;
}

impl CeilBoundary for str {
    fn ceil_char_boundary_compat(&self, mut i: usize) -> usize {
        while i < self.len() && !self.is_char_boundary(i) {
            i += 1;
        }
        i.min(self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn at(line: usize, column: usize) -> Diagnostic {
        Diagnostic::warning(Path::new("t.md"), line, column, "m")
    }

    #[test]
    fn converts_like_comrak_sourcepos_chars() {
        // Byte columns written by hand: "a解b" is a(1) 解(2..4) b(5); "😀x" is 😀(1..4) x(5).
        let text = "a解b\n😀x\nplain\n";
        let mut w = vec![
            at(1, 5),
            at(1, 2),
            at(2, 5),
            at(1, 1),
            at(3, 3),
            at(2, 99),
            at(9, 1),
        ];
        byte_columns_to_chars(text, &mut w);
        let cols: Vec<usize> = w.iter().map(|d| d.column.unwrap()).collect();
        assert_eq!(cols, [3, 2, 2, 1, 3, 3, 1]);
    }
}
