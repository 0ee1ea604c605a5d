//! The widths of a Word table's columns, shared out by the text of their cells as the PDF
//! typesetter does: short entries on one line, columns left blank for handwriting given room,
//! the rest by text.
use crate::document::Inline;

/// Text widths of table columns (in display columns: CJK counts 2) are clamped to this range
/// before the columns share the text width.
const MIN_COLUMN: usize = 4;
const MAX_COLUMN: usize = 48;
/// Cells up to this many display columns are kept on one line.
const SHORT: usize = 8;
/// Twips of cell padding (left and right margins of the table style) plus a little slack.
const PADDING: u32 = 240;

/// Column widths in twips. Each column first gets room for its header and short cells (up to
/// [`SHORT`] display columns: numbers, ticks, labels) so that they never wrap mid-word, plus the
/// cell padding; the rest of `total` is shared by the columns' widest text (clamped), except
/// the columns of short cells only, which keep their room.
pub(super) fn column_widths(
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    columns: usize,
    total: u32,
    em: u32,
) -> Vec<u32> {
    let half_em = em / 2;
    let mut floor = vec![0usize; columns];
    let mut want = vec![MIN_COLUMN; columns];
    let mut written = vec![false; columns];
    for (n, cells) in std::iter::once(header)
        .chain(rows.iter().map(Vec::as_slice))
        .enumerate()
    {
        for (i, cell) in cells.iter().enumerate().take(columns) {
            let width = display_width(cell);
            if n == 0 || width <= SHORT {
                floor[i] = floor[i].max(width.min(SHORT));
            }
            want[i] = want[i].max(width.min(MAX_COLUMN));
            if n > 0 && width > 0 {
                written[i] = true;
            }
        }
    }
    // As in the PDF: a column blank in every body row is for handwriting and gets the room of an
    // average written column (at least eight Chinese characters), not the width of its header.
    let filled: Vec<usize> = (0..columns).filter(|&i| written[i]).collect();
    if !rows.is_empty() && !filled.is_empty() {
        let mean = filled.iter().map(|&i| want[i]).sum::<usize>() / filled.len();
        for i in (0..columns).filter(|&i| !written[i]) {
            want[i] = want[i].max(mean.max(16));
        }
    }
    // As in the PDF: a column of short entries only (numbers, ticks, choices one under another)
    // keeps its natural width, its floor; the other columns share the rest.
    let short: Vec<bool> = (0..columns)
        .map(|i| written[i] && want[i] <= SHORT)
        .collect();
    if short.contains(&false) {
        for i in (0..columns).filter(|&i| short[i]) {
            want[i] = 0;
        }
    }
    let floors: Vec<u32> = floor
        .iter()
        .map(|w| *w as u32 * half_em + PADDING)
        .collect();
    let fixed: u32 = floors.iter().sum();
    if fixed >= total {
        return floors.iter().map(|f| f * total / fixed.max(1)).collect();
    }
    let rest = u64::from(total - fixed);
    let sum: usize = want.iter().sum();
    floors
        .iter()
        .zip(&want)
        .map(|(f, w)| f + (rest * *w as u64 / sum as u64) as u32)
        .collect()
}

/// Display columns of a cell's widest line (CJK and other wide characters count 2): the lines of
/// a cell with breaks (`□符合<br>□不符合`) stand under each other, not side by side.
pub(super) fn display_width(inlines: &[Inline]) -> usize {
    let mut widest = 0;
    let mut line = 0;
    for inline in inlines {
        match inline {
            Inline::Text(t, _) => {
                line += t
                    .chars()
                    .map(|c| if c as u32 >= 0x1100 { 2 } else { 1 })
                    .sum::<usize>()
            }
            Inline::Fill(n, _) => line += *n,
            Inline::Break => line = 0,
        }
        widest = widest.max(line);
    }
    widest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Style;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into(), Style::default())]
    }

    #[test]
    fn a_blank_column_gets_room_to_write_in() {
        let widths = column_widths(
            &[text("序号"), text("检查内容"), text("问题描述")],
            &[vec![text("1"), text(&"查".repeat(30)), Vec::new()]],
            3,
            10000,
            180,
        );
        assert!(2 * widths[2] >= widths[1], "{widths:?}");
    }

    /// The audit checklist's rows: a numbered item, long text, the results to tick one under
    /// another, and two columns left blank to write evidence and remarks in by hand.
    #[test]
    fn ticked_choices_stay_narrow_and_write_in_columns_get_room() {
        let choices = [
            text("□符合"),
            vec![Inline::Break],
            text("□不符合"),
            vec![Inline::Break],
            text("□不适用"),
            vec![Inline::Break],
            text("□观察项"),
        ]
        .concat();
        let header = [
            "序号",
            "风险点",
            "管控措施",
            "检查方法",
            "结果",
            "证据记录",
            "备注",
        ];
        let row = vec![
            [text("体系-2"), vec![Inline::Break], text("（清单第2项）")].concat(),
            text(&"险".repeat(40)),
            text(&"措".repeat(60)),
            text(&"查".repeat(60)),
            choices,
            Vec::new(),
            Vec::new(),
        ];
        let header: Vec<Vec<Inline>> = header.iter().map(|h| text(h)).collect();
        let widths = column_widths(&header, &[row.clone(), row], 7, 15000, 180);
        let (no, point, result, evidence, remark) =
            (widths[0], widths[1], widths[4], widths[5], widths[6]);
        assert!(
            result <= 8 * 90 + PADDING,
            "结果 is one choice wide: {widths:?}"
        );
        assert!(no < point / 2, "序号 is narrow: {widths:?}");
        for w in [evidence, remark] {
            assert!(
                w >= 16 * 90 + PADDING,
                "eight characters to write in: {widths:?}"
            );
            assert!(w > 2 * result, "{widths:?}");
        }
        assert!(widths.iter().sum::<u32>() <= 15000);
    }

    #[test]
    fn columns_share_the_width_by_their_text() {
        let widths = column_widths(
            &[text("序号"), text("风险点")],
            &[vec![text("12"), text(&"很".repeat(40))]],
            2,
            10000,
            180,
        );
        assert!(widths[1] > 5 * widths[0], "{widths:?}");
        assert!(
            widths[0] >= 4 * 90 + PADDING,
            "序号 fits on one line: {widths:?}"
        );
        assert!(widths.iter().sum::<u32>() <= 10000);
    }
}
