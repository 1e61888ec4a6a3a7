//! HTML tables: the cells read into a [`Container::Table`], then made a guide's table
//! ([`table_of`]) when no cell spans rows or columns.

use super::*;

impl BlockBuilder {
    /// Whether the innermost container is a table.
    pub(super) fn in_table(&self) -> bool {
        matches!(self.stack.last(), Some((Container::Table { .. }, _)))
    }

    /// Ends the cell being read, if any, as the last cell of the table's last row.
    pub(super) fn end_cell(&mut self) {
        let Collect::Cell(header) = self.collect else {
            return;
        };
        self.collect = Collect::Paragraph;
        let mut sink = |_: &str, _: Dropped| {};
        let content = trim_inlines(self.take_inlines(&mut sink));
        if let Some((Container::Table { rows, .. }, _)) = self.stack.last_mut() {
            if rows.is_empty() {
                rows.push(Vec::new());
            }
            if let Some(row) = rows.last_mut() {
                row.push((header, content));
            }
        }
    }
}

/// A guide's table from an HTML table's rows: the first row is the header when it has a
/// header cell (`<th>`); a table of `<td>` cells only (a README's grid of images) has no
/// header row. Every row gets as many cells as the widest (the missing ones empty). `None`
/// for a table without cells.
pub(super) fn table_of(rows: Vec<Vec<(bool, Vec<Inline>)>>, span: Option<Span>) -> Option<Block> {
    use crate::model::{Column, ColumnAlign, TableCell, TableRow};
    let headed = rows
        .iter()
        .find(|r| !r.is_empty())
        .is_some_and(|r| r.iter().any(|(th, _)| *th));
    let mut rows: Vec<Vec<Vec<Inline>>> = rows
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.into_iter().map(|(_, c)| c).collect())
        .collect();
    let n = rows.iter().map(Vec::len).max()?;
    for r in &mut rows {
        r.resize(n, Vec::new());
    }
    let row = |cells: Vec<Vec<Inline>>| TableRow {
        cells: cells
            .into_iter()
            .map(|content| TableCell { content })
            .collect(),
    };
    let mut rows = rows.into_iter();
    let header = if headed {
        row(rows.next()?)
    } else {
        TableRow { cells: Vec::new() }
    };
    Some(Block::Table {
        span,
        columns: vec![
            Column {
                align: ColumnAlign::None
            };
            n
        ],
        header,
        rows: rows.map(row).collect(),
    })
}
