//! Tables: content-based column widths, repeated header rows, rows that move whole to the next
//! page (or split between lines when taller than a page).
use super::*;

/// The least height of a row with a blank cell, written in by hand: 8 mm.
pub(super) const WRITING_ROW: f32 = 8.0 / 25.4 * 72.0;

/// A table's columns and spacing, shared by every row it draws.
#[derive(Debug, Clone)]
pub(super) struct Grid {
    /// Left edge of each column.
    col_x: Vec<f32>,
    widths: Vec<f32>,
    aligns: Vec<Align>,
    /// Font size and line height.
    size: f32,
    lh: f32,
    /// Cell padding.
    pad_x: f32,
    pad_y: f32,
}

impl Layouter<'_> {
    #[allow(clippy::too_many_lines)]
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f32,
        width: f32,
    ) {
        let size = self.setup.table_font_size;
        let lh = size * 1.4;
        let pad_x = size * 0.45;
        let pad_y = size * 0.3;
        let ncols = header
            .len()
            .max(aligns.len())
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let keep = self.no_break.clone();
        let empty: Vec<Inline> = Vec::new();
        let shape_row = |this: &mut Self, cells: &[Vec<Inline>], bold: bool| -> Vec<Cell> {
            (0..ncols)
                .map(|c| {
                    Cell::new(
                        this.shape(cells.get(c).unwrap_or(&empty), size, bold),
                        &keep,
                    )
                })
                .collect()
        };
        let mut head = if header.is_empty() {
            None
        } else {
            Some(shape_row(self, header, true))
        };
        let mut body: Vec<Vec<Cell>> = rows.iter().map(|r| shape_row(self, r, false)).collect();

        // Column widths from content.
        let mut min = vec![0.0f32; ncols];
        let mut max = vec![0.0f32; ncols];
        let mut body_max = vec![0.0f32; ncols];
        let mut weight = vec![0.0f32; ncols];
        let measure = |cell: &Cell| {
            let narrow = widest_unbreakable(&cell.chars, &cell.widths, &cell.opps);
            let mut natural = 0.0f32;
            let mut line = 0.0f32;
            for item in &cell.items {
                if item.kind == Kind::Break {
                    natural = natural.max(line);
                    line = 0.0;
                } else {
                    line += item.width;
                }
            }
            (narrow, natural.max(line))
        };
        for (r, row) in head.iter().chain(body.iter()).enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (narrow, natural) = measure(cell);
                min[c] = min[c].max(narrow);
                max[c] = max[c].max(natural);
                weight[c] += natural;
                if r > 0 || head.is_none() {
                    body_max[c] = body_max[c].max(natural);
                }
            }
        }
        let pad = 2.0 * pad_x;
        for c in 0..ncols {
            let natural = max[c].max(2.0 * size);
            max[c] = natural + pad;
            min[c] = min[c].max(2.0 * size).min(natural) + pad;
        }
        // A column blank in every body row is for handwriting: it gets the room of an average
        // column of text (at least eight characters), not the width of its header.
        if head.is_some() && !body.is_empty() {
            let written: Vec<usize> = (0..ncols).filter(|&c| body_max[c] > 0.0).collect();
            let mean =
                |v: &[f32]| written.iter().map(|&c| v[c]).sum::<f32>() / written.len() as f32;
            if !written.is_empty() {
                let (room, share) = (mean(&max).max(8.0 * size + pad), mean(&weight));
                for c in (0..ncols).filter(|&c| body_max[c] == 0.0) {
                    max[c] = max[c].max(room);
                    weight[c] = weight[c].max(share);
                }
            }
        }
        let widths = column_widths(&min, &max, &weight, width, 7.0 * size + pad);
        let aligns: Vec<Align> = (0..ncols)
            .map(|c| match aligns.get(c).copied().unwrap_or(Align::Auto) {
                // Short entries (numbers, 是/否, □) read best centred.
                Align::Auto if body_max[c] <= 3.0 * size && !body.is_empty() => Align::Center,
                Align::Auto => Align::Left,
                a => a,
            })
            .collect();
        let mut col_x = Vec::with_capacity(ncols);
        let mut acc = x;
        for w in &widths {
            col_x.push(acc);
            acc += w;
        }

        // Break every cell into lines.
        let break_row = |row: &mut Vec<Cell>| {
            for (c, cell) in row.iter_mut().enumerate() {
                cell.lines =
                    break_lines(&cell.chars, &cell.widths, widths[c] - pad, true, &cell.opps);
                if cell.lines.is_empty() {
                    cell.lines.push((0, 0));
                }
            }
        };
        if let Some(h) = head.as_mut() {
            break_row(h);
        }
        for row in &mut body {
            break_row(row);
        }
        let grid = Grid {
            col_x,
            widths,
            aligns,
            size,
            lh,
            pad_x,
            pad_y,
        };
        let row_lines = |row: &[Cell]| row.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        let blank_cells = |row: &[Cell]| {
            row.iter()
                .filter(|c| c.items.iter().all(|i| i.c.is_whitespace()))
                .count()
        };
        let blank_h = (lh + 2.0 * pad_y).max(2.2 * lh).max(WRITING_ROW);
        let head_h = head
            .as_ref()
            .map_or(0.0, |h| row_lines(h) as f32 * lh + 2.0 * pad_y);
        let page_room = self.bottom() - self.top();
        // A header taller than half a page is not repeated.
        let repeat_head = head_h <= page_room / 2.0;

        let first_h = body.first().map_or(0.0, |r| {
            let h = row_lines(r) as f32 * lh + 2.0 * pad_y;
            h.min(page_room - head_h).max(lh + 2.0 * pad_y)
        });
        self.ensure(head_h + first_h);
        self.placed();
        if let Some(h) = head.as_ref() {
            let n = row_lines(h);
            self.table_row(&grid, h, 0..n, true, head_h);
        }
        for row in &body {
            let total = row_lines(row);
            let natural_h = total as f32 * lh + 2.0 * pad_y;
            let h = match blank_cells(row) {
                0 => natural_h,
                n if n == ncols => natural_h.max(blank_h),
                _ => natural_h.max(WRITING_ROW),
            };
            if self.y + h > self.bottom() + 0.01
                && h <= page_room - if repeat_head { head_h } else { 0.0 }
            {
                self.new_page();
                if let (Some(hd), true) = (head.as_ref(), repeat_head) {
                    let n = row_lines(hd);
                    self.table_row(&grid, hd, 0..n, true, head_h);
                }
            }
            if self.y + h <= self.bottom() + 0.01 {
                self.table_row(&grid, row, 0..total, false, h);
                continue;
            }
            // Taller than a page: split between lines.
            let mut from = 0;
            let mut fresh = false;
            while from < total {
                let room = ((self.bottom() - self.y - 2.0 * pad_y) / lh)
                    .floor()
                    .max(0.0) as usize;
                if room == 0 && !fresh {
                    self.new_page();
                    if let (Some(hd), true) = (head.as_ref(), repeat_head) {
                        let n = row_lines(hd);
                        self.table_row(&grid, hd, 0..n, true, head_h);
                    }
                    fresh = true;
                    continue;
                }
                // At least one line per page, so that the loop always ends.
                let count = room.max(1).min(total - from);
                let seg_h = count as f32 * lh + 2.0 * pad_y;
                self.table_row(&grid, row, from..from + count, false, seg_h);
                from += count;
                fresh = false;
            }
        }
        self.last_table = Some(TableEnd {
            grid,
            ncols,
            blank_h,
            page: self.pages.len() - 1,
            y: self.y,
        });
        self.y += self.setup.font_size * 0.8;
    }

    /// Blank rows of the table just laid out, down to `reserve` above the bottom of the page.
    pub(super) fn fill_table(&mut self, reserve: f32) -> bool {
        let Some(end) = self.last_table.take() else {
            return false;
        };
        if end.page + 1 != self.pages.len() {
            return false;
        }
        self.y = end.y;
        let blank: Vec<Cell> = (0..end.ncols)
            .map(|_| Cell {
                items: Vec::new(),
                chars: Vec::new(),
                widths: Vec::new(),
                opps: Vec::new(),
                lines: vec![(0, 0)],
            })
            .collect();
        while self.y + end.blank_h + reserve <= self.bottom() + 0.01 {
            self.table_row(&end.grid, &blank, 0..1, false, end.blank_h);
        }
        self.y += self.setup.font_size * 0.8;
        true
    }

    /// Draws `lines` of every cell of a row, `h` high, at the current position.
    fn table_row(
        &mut self,
        grid: &Grid,
        row: &[Cell],
        lines: std::ops::Range<usize>,
        header: bool,
        h: f32,
    ) {
        let (col_x, widths, aligns) = (&grid.col_x[..], &grid.widths[..], &grid.aligns[..]);
        let (size, lh, pad_x, pad_y) = (grid.size, grid.lh, grid.pad_x, grid.pad_y);
        let (from, count) = (lines.start, lines.len());
        let y = self.y;
        if header {
            let total: f32 = widths.iter().sum();
            self.draw(Draw::Rect {
                x: col_x[0],
                y,
                w: total,
                h,
                fill: Some(HEADER_SHADE),
                stroke: None,
            });
        }
        if let Some(marker) = self.marker.take() {
            let base = y + pad_y + Self::baseline(self.setup.font_size, lh);
            self.draw_marker(marker, base, self.setup.font_size);
        }
        for (c, cell) in row.iter().enumerate() {
            let lines = cell.lines.len();
            let shown = lines.saturating_sub(from).min(count);
            let dy = if header {
                (h - 2.0 * pad_y - shown as f32 * lh) / 2.0
            } else {
                0.0
            };
            for (k, &(s, e)) in cell.lines.iter().skip(from).take(count).enumerate() {
                let line = &cell.items[s..e];
                let w: f32 = {
                    let mut end = line.len();
                    while end > 0 && matches!(line[end - 1].c, ' ' | '\n' | '\u{3000}') {
                        end -= 1;
                    }
                    line[..end].iter().map(|i| i.width).sum()
                };
                let align = if header { Align::Center } else { aligns[c] };
                let inner = widths[c] - 2.0 * pad_x;
                let lx = match align {
                    Align::Center => col_x[c] + pad_x + ((inner - w) / 2.0).max(0.0),
                    Align::Right => col_x[c] + pad_x + (inner - w).max(0.0),
                    _ => col_x[c] + pad_x,
                };
                let base = y + pad_y + dy + k as f32 * lh + Self::baseline(size, lh);
                self.draw_line(line, lx, base, size, 0.0);
            }
        }
        for (c, &w) in widths.iter().enumerate() {
            self.draw(Draw::Rect {
                x: col_x[c],
                y,
                w,
                h,
                fill: None,
                stroke: Some((0.5, BORDER)),
            });
        }
        self.y += h;
    }
}

/// Column widths from each column's narrowest (`min`) and natural one-line (`max`) width and its
/// amount of text (`weight`, the natural widths of its cells added up).
///
/// Columns whose text fits on one line within their share keep their natural width; the others
/// share what is left in proportion to their amount of text, so that cells wrap to similar
/// numbers of lines, but none gets less than `comfort` (a few characters) when that can be had,
/// nor less than its `min`. A table narrower than `total` is stretched to fill it.
fn column_widths(min: &[f32], max: &[f32], weight: &[f32], total: f32, comfort: f32) -> Vec<f32> {
    let n = min.len();
    let sum_min: f32 = min.iter().sum();
    if sum_min >= total {
        // Even the minimums do not fit: shrink them all alike (long words will be cut).
        return min.iter().map(|m| m * total / sum_min.max(1e-3)).collect();
    }
    let mut lower: Vec<f32> = (0..n).map(|i| min[i].max(max[i].min(comfort))).collect();
    if lower.iter().sum::<f32>() > total {
        lower = min.to_vec();
    }
    let weight: Vec<f32> = (0..n).map(|i| weight[i].max(lower[i]).max(1e-3)).collect();
    let mut widths = vec![0.0f32; n];
    let mut fixed = vec![false; n];
    loop {
        let open: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
        if open.is_empty() {
            break;
        }
        let room = total - (0..n).filter(|&i| fixed[i]).map(|i| widths[i]).sum::<f32>();
        let w_sum: f32 = open.iter().map(|&i| weight[i]).sum();
        let share = |i: usize| room * weight[i] / w_sum;
        let mut changed = false;
        for &i in &open {
            if max[i] <= share(i) {
                widths[i] = max[i];
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            for &i in &open {
                if lower[i] >= share(i) {
                    widths[i] = lower[i];
                    fixed[i] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            for &i in &open {
                widths[i] = share(i);
            }
            break;
        }
    }
    let used: f32 = widths.iter().sum();
    if used > 0.0 && used < total {
        let extra = total - used;
        widths = widths.iter().map(|w| w + extra * w / used).collect();
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn short_columns_keep_their_natural_width_long_ones_share_by_text() {
        let w = column_widths(
            &[20.0, 20.0, 20.0],
            &[30.0, 400.0, 600.0],
            &[300.0, 2000.0, 6000.0],
            500.0,
            50.0,
        );
        assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.1, "{w:?}");
        assert!((w[0] - 30.0).abs() < 0.01, "{w:?}");
        assert!(w[2] > 2.0 * w[1], "{w:?}");
        // A key/value table: the key column is not stretched to half the page.
        let w = column_widths(&[20.0, 20.0], &[80.0, 900.0], &[600.0, 1600.0], 800.0, 50.0);
        assert!((w[0] - 80.0).abs() < 0.01, "{w:?}");
    }

    #[test]
    fn narrow_table_is_stretched_and_overfull_one_squeezed() {
        let w = column_widths(&[10.0, 10.0], &[50.0, 100.0], &[50.0, 100.0], 300.0, 40.0);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.1, "{w:?}");
        let w = column_widths(
            &[200.0, 200.0],
            &[300.0, 300.0],
            &[300.0, 300.0],
            300.0,
            40.0,
        );
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 0.1, "{w:?}");
    }

    /// A column left blank for handwriting is as wide as an average column of text, not as
    /// narrow as its header.
    #[test]
    fn a_blank_column_gets_room_to_write_in() {
        use super::super::{Draw, Layouter};
        use crate::document::Document;
        use crate::pdf::font::PdfFont;
        use crate::pdf::linebreak::NoBreak;
        let check = "现场查看不合格品区的标识、隔离和处置记录，核对数量与台账一致";
        let markdown = format!(
            "| 序号 | 检查内容 | 问题描述 |\n|---|---|---|\n| 1 | {check} |  |\n| 2 | {check} |  |\n"
        );
        let document = Document::parse(&markdown).expect("document");
        let font = PdfFont::builtin().expect("font");
        let mut layouter = Layouter::new(&document.setup, &font, NoBreak::default());
        let (x, width) = layouter.content_x();
        layouter.blocks(&document.blocks, x, width);
        let pages = layouter.finish("").pages;
        let mut widths: Vec<(f32, f32)> = pages[0]
            .items
            .iter()
            .filter_map(|d| match d {
                Draw::Rect {
                    x,
                    w,
                    stroke: Some(_),
                    ..
                } => Some((*x, *w)),
                _ => None,
            })
            .collect();
        widths.sort_by(|a, b| a.0.total_cmp(&b.0));
        widths.dedup_by(|a, b| (a.0 - b.0).abs() < 0.01);
        let (content, blank) = (widths[1].1, widths[2].1);
        assert!(blank >= 0.5 * content, "blank {blank} vs content {content}");
    }
}
