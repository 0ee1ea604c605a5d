//! `daily-record-<date>.xlsx`: the day's checks as a form to fill in, one sheet per officer and
//! working day (the daily items of the product lines the officer covers and the company's). Only the entry cells are unlocked:
//! the result (a drop-down of 符合/不符合/不适用), the problem found, its handling and the signature.
use chrono::NaiveDate;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

use super::{Formats, print_setup};
use crate::forms::{Plan, Span, cn_date};
use crate::model::{Checklist, Item};

/// The results an officer can pick.
pub const RESULTS: [&str; 3] = ["符合", "不符合", "不适用"];

/// The record table's columns: header and width. The item id comes last, for re-import; it does
/// not print.
pub const COLUMNS: [(&str, f64); 8] = [
    ("序号", 6.0),
    ("产品线", 14.0),
    ("风险点", 24.0),
    ("检查内容", 44.0),
    ("检查结果", 10.0),
    ("问题描述", 30.0),
    ("处置结果", 30.0),
    ("风险点编号", 18.0),
];
/// The entry columns: 检查结果 (a drop-down), 问题描述, 处置结果.
const ENTRY: std::ops::RangeInclusive<u16> = 4..=6;
/// The row of the table header.
pub const HEADER_ROW: u32 = 3;

pub(super) fn workbook(checklist: &Checklist, plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = super::workbook(checklist, "每日工业产品质量安全检查记录")?;
    let mut names: Vec<String> = Vec::new();
    let month = matches!(plan.span, Span::Month(_));
    for keeper in &plan.keepers {
        let items = keeper.daily_items(checklist);
        for &date in &plan.days {
            let wanted = if month {
                format!("{} {}", date.format("%m-%d"), keeper.name)
            } else {
                keeper.name.clone()
            };
            let name = sheet_name(&wanted, &names);
            names.push(name.clone());
            let day = Day {
                sheet: &name,
                officer: &keeper.name,
                date,
            };
            daily_sheet(&mut workbook, checklist, &day, &items)?;
        }
    }
    workbook.save_to_buffer()
}

/// One sheet of the record: whose and which day.
pub struct Day<'a> {
    pub sheet: &'a str,
    pub officer: &'a str,
    pub date: NaiveDate,
}

/// Adds the record sheet of one officer for one day.
pub fn daily_sheet(
    workbook: &mut Workbook,
    checklist: &Checklist,
    day: &Day,
    items: &[&Item],
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let entry = f.cell.clone().set_unlocked();
    let label = f.head.clone();
    let sheet = workbook.add_worksheet();
    sheet.set_name(day.sheet)?;
    let last = *ENTRY.end();
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, last, "每日工业产品质量安全检查记录", &f.title)?;
    let facts: [(&str, String, u16, u16); 3] = [
        ("企业名称", checklist.company.name.clone(), 1, 2),
        ("检查日期", cn_date(day.date), 4, 4),
        ("质量安全员", day.officer.to_string(), 6, 6),
    ];
    for (text, value, at, to) in facts {
        sheet.write_string_with_format(1, at - 1, text, &label)?;
        if to > at {
            sheet.merge_range(1, at, 1, to, &value, &f.cell)?;
        } else {
            sheet.write_string_with_format(1, at, &value, &f.cell)?;
        }
    }
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *title, &f.head)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = HEADER_ROW;
    for item in items {
        row += 1;
        let values = [
            item.no.to_string(),
            item.scope.clone(),
            item.point.clone(),
            item.check.clone(),
        ];
        for (col, value) in values.iter().enumerate() {
            let format = if col == 0 { &f.centered } else { &f.cell };
            sheet.write_string_with_format(row, col as u16, value, format)?;
        }
        let cells: Vec<(&str, f64)> = values
            .iter()
            .zip(COLUMNS)
            .map(|(v, (_, width))| (v.as_str(), width))
            .collect();
        super::fit_row(sheet, row, &cells)?;
        for col in ENTRY {
            sheet.write_blank(row, col, &entry)?;
        }
        sheet.write_string_with_format(row, last + 1, &item.id, &f.cell)?;
    }
    if row > HEADER_ROW {
        let results = DataValidation::new()
            .allow_list_strings(&RESULTS)?
            .set_error_message("请选择：符合、不符合或不适用")?;
        let col = *ENTRY.start();
        sheet.add_data_validation(HEADER_ROW + 1, col, row, col, &results)?;
    }
    let sign = row + 2;
    let sign_format: &Format = &label;
    sheet.write_string_with_format(sign, 2, "质量安全员签字", sign_format)?;
    sheet.write_blank(sign, 3, &entry)?;
    sheet.write_string_with_format(sign, 4, "质量安全总监", sign_format)?;
    sheet.merge_range(sign, 5, sign, 6, "", &entry)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_print_area(0, 0, sign, last)?;
    sheet.protect();
    let header = format!("{} · 每日工业产品质量安全检查记录", checklist.company.name);
    print_setup(sheet, HEADER_ROW, &header)
}

/// A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`, not blank), unique in `taken`.
fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim().trim_matches('\'');
    let base: String = if clean.is_empty() {
        "质量安全员".into()
    } else {
        clean.chars().take(28).collect()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == name.to_lowercase())
    {
        name = format!("{base}({n})");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let taken = vec!["王芳".to_string()];
        assert_eq!(sheet_name("王芳", &taken), "王芳(2)");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 28);
        assert_eq!(sheet_name("  ", &[]), "质量安全员");
    }
}
