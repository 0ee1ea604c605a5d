//! `audit.xlsx`: the audit checklist as a workbook to fill in at the client, in the house style of
//! the other workbooks (frozen header, filters, wrapped text, A4 landscape with the header row
//! repeated, the document date as creation time so the same input gives the same bytes). Only the
//! entry cells are unlocked: 结果 (a drop-down), 证据记录, 备注, the auditor's name and the
//! signatures. The last column, hidden, holds each row's id so that `audit report` can read the
//! filled workbook back; the same column of the facts row holds the audit date.
use rust_xlsxwriter::{DataValidation, ProtectionOptions, XlsxError};

use super::items::{AuditItem, chinese_date};
use crate::export::xlsx::{Formats, fit_row, print_setup, workbook as new_workbook};
use crate::model::Checklist;

/// The sheet `audit report` reads.
pub const SHEET: &str = "审核检查表";
/// The results an auditor can record, in the order of the drop-down.
pub const RESULTS: [&str; 4] = ["符合", "不符合", "不适用", "观察项"];
/// The columns: header and width. The id column comes last and is hidden.
pub const COLUMNS: [(&str, f64); 13] = [
    ("序号", 11.0),
    ("产品线", 12.0),
    ("风险环节", 9.0),
    ("风险点", 16.0),
    ("管控措施", 30.0),
    ("管控频次", 8.0),
    ("责任岗位", 10.0),
    ("检查方法", 26.0),
    ("证据要求", 24.0),
    ("结果", 9.0),
    ("证据记录", 22.0),
    ("备注", 12.0),
    (ID, 24.0),
];
/// The header of the hidden id column.
pub const ID: &str = "编号";
/// The header of the result column, and of the evidence and remark columns after it.
pub const RESULT: &str = "结果";
pub const EVIDENCE: &str = "证据记录";
pub const REMARK: &str = "备注";
/// The row of the table header (0-based).
pub const HEADER_ROW: u32 = 3;
/// The row of the facts (company, date, auditor); its id cell holds `date=YYYY-MM-DD`.
pub const FACTS_ROW: u32 = 1;
/// The prefix of the date marker in the hidden column.
pub const DATE_MARK: &str = "date=";

/// The filled-in columns: 结果, 证据记录, 备注.
const ENTRY: std::ops::RangeInclusive<u16> = 9..=11;
const ID_COL: u16 = 12;
const LAST_PRINTED: u16 = 11;

/// The workbook of `rows`, the audit of `checklist`.
pub fn workbook(checklist: &Checklist, rows: &[AuditItem]) -> Result<Vec<u8>, XlsxError> {
    let title = "工业产品质量安全审核检查表";
    let mut workbook = new_workbook(checklist, title)?;
    let f = Formats::new();
    let entry = f.cell.clone().set_unlocked();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    sheet.set_row_height(0, 30)?;
    sheet.merge_range(0, 0, 0, LAST_PRINTED, title, &f.title)?;
    let facts: [(u16, &str, String, u16); 3] = [
        (0, "受审核方", checklist.company.name.clone(), 4),
        (5, "审核日期", chinese_date(checklist.date), 7),
        (8, "审核员", String::new(), LAST_PRINTED),
    ];
    for (at, label, value, to) in facts {
        sheet.write_string_with_format(FACTS_ROW, at, label, &f.head)?;
        let format = if value.is_empty() { &entry } else { &f.cell };
        sheet.merge_range(FACTS_ROW, at + 1, FACTS_ROW, to, &value, format)?;
    }
    sheet.write_string(FACTS_ROW, ID_COL, format!("{DATE_MARK}{}", checklist.date))?;
    let note = format!(
        "依据：《{}》（{}）生成的风险管控清单（{}，{}项）及市场监管总局令第75号。结果从下拉列表选择：符合、不符合、不适用、观察项；判“不符合”须在证据记录中写明所见事实（记录编号、日期、地点）。",
        checklist.catalog.title,
        checklist.catalog.edition,
        chinese_date(checklist.date),
        checklist.item_count()
    );
    sheet.merge_range(2, 0, 2, LAST_PRINTED, &note, &f.cell)?;
    sheet.set_row_height(2, 30)?;
    for (col, (title, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *title, &f.head)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let mut row = HEADER_ROW;
    for item in rows {
        row += 1;
        let owner = if item.responsible.is_empty() {
            item.owner.clone()
        } else {
            format!("{}（{}）", item.owner, item.responsible)
        };
        let measures = numbered(&item.measures);
        let number = item.number();
        let values = [
            number.as_str(),
            &item.line,
            &item.stage,
            &item.point,
            &measures,
            &item.frequency,
            &owner,
            &item.method,
            &item.evidence,
        ];
        for (col, value) in values.iter().enumerate() {
            let format = if col == 0 { &f.centered } else { &f.cell };
            sheet.write_string_with_format(row, col as u16, *value, format)?;
        }
        let cells: Vec<(&str, f64)> = values
            .iter()
            .zip(COLUMNS)
            .map(|(v, (_, width))| (*v, width))
            .collect();
        fit_row(sheet, row, &cells)?;
        for col in ENTRY {
            sheet.write_blank(row, col, &entry)?;
        }
        sheet.write_string_with_format(row, ID_COL, &item.key, &f.cell)?;
    }
    let last_item = row;
    if last_item > HEADER_ROW {
        let results = DataValidation::new()
            .allow_list_strings(&RESULTS)?
            .set_error_message("请选择：符合、不符合、不适用或观察项")?;
        let col = *ENTRY.start();
        sheet.add_data_validation(HEADER_ROW + 1, col, last_item, col, &results)?;
    }
    let mut sign = last_item + 2;
    for who in ["审核员", "受审核方代表"] {
        sheet.merge_range(sign, 0, sign, 2, &format!("{who}签字"), &f.head)?;
        sheet.merge_range(sign, 3, sign, 6, "", &entry)?;
        sheet.write_string_with_format(sign, 7, "日期", &f.head)?;
        sheet.merge_range(sign, 8, sign, LAST_PRINTED, "", &entry)?;
        sheet.set_row_height(sign, 28)?;
        sign += 1;
    }
    sheet.set_column_hidden(ID_COL)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.autofilter(HEADER_ROW, 0, last_item.max(HEADER_ROW + 1), LAST_PRINTED)?;
    sheet.set_print_area(0, 0, sign - 1, LAST_PRINTED)?;
    sheet.protect_with_options(&ProtectionOptions {
        use_autofilter: true,
        format_rows: true,
        ..ProtectionOptions::new()
    });
    let header = format!("{} · {title}", checklist.company.name);
    print_setup(sheet, HEADER_ROW, &header)?;
    workbook.save_to_buffer()
}

/// An auditor's verdict on one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Conform,
    Nonconform,
    NotApplicable,
    Observation,
}

impl Verdict {
    /// The word in the workbook, or one of the marks the older forms use (√ × ○).
    fn parse(word: &str) -> Option<Verdict> {
        Some(match word {
            "符合" | "√" | "✓" => Verdict::Conform,
            "不符合" | "×" | "✗" => Verdict::Nonconform,
            "不适用" | "○" => Verdict::NotApplicable,
            "观察项" => Verdict::Observation,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Conform => RESULTS[0],
            Verdict::Nonconform => RESULTS[1],
            Verdict::NotApplicable => RESULTS[2],
            Verdict::Observation => RESULTS[3],
        }
    }
}

/// One filled row, as read back.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The row's id (the hidden column).
    pub key: String,
    /// None: left blank.
    pub verdict: Option<Verdict>,
    pub evidence: String,
    pub remark: String,
    /// `审核检查表!J7`: the result cell, for messages.
    pub cell: String,
    /// The id cell, for messages about the id.
    pub id_cell: String,
}

/// What a filled workbook holds: the audit date it was made for and its rows.
#[derive(Debug)]
pub struct Filled {
    pub date: Option<chrono::NaiveDate>,
    /// The 受审核方 the workbook names (empty if the cell is).
    pub company: String,
    pub answers: Vec<Answer>,
}

/// Reads a filled `audit.xlsx`. Every cell that cannot be read is reported at once, each naming
/// its sheet and cell (`审核检查表!J7`); `name` is the file as the user gave it.
pub fn read(bytes: &[u8], name: &str) -> Result<Filled, Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| vec![format!("{name}: not a readable XLSX workbook: {e}")])?;
    let range = book.worksheet_range(SHEET).map_err(|_| {
        vec![format!(
            "{name}: no sheet `{SHEET}` (the sheets are {}); is this the workbook `riskctl audit` wrote?",
            book.sheet_names().join(", ")
        )]
    })?;
    let text = |row: u32, col: u32| -> String {
        range
            .get_value((row, col))
            .map(|v| v.to_string().trim().to_string())
            .unwrap_or_default()
    };
    let (end_row, end_col) = range.end().unwrap_or((0, 0));
    let header = (0..=end_row)
        .find(|&r| text(r, 0) == COLUMNS[0].0 && (0..=end_col).any(|c| text(r, c) == RESULT))
        .ok_or_else(|| {
            vec![format!(
                "{name}: {SHEET}: no header row with `序号` and `{RESULT}`"
            )]
        })?;
    let column = |title: &str| (0..=end_col).find(|&c| text(header, c) == title);
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for title in [ID, RESULT, EVIDENCE, REMARK] {
        match column(title) {
            Some(c) => columns.push(c),
            None => errors.push(format!(
                "{name}: {SHEET}: the header row {} has no column `{title}`",
                header + 1
            )),
        }
    }
    let [id_col, result_col, evidence_col, remark_col] = columns[..] else {
        return Err(errors);
    };
    let date = (0..header)
        .find_map(|r| text(r, id_col).strip_prefix(DATE_MARK).map(str::to_string))
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let mut answers: Vec<Answer> = Vec::new();
    for row in header + 1..=end_row {
        let key = text(row, id_col);
        if key.is_empty() {
            continue;
        }
        let cell = format!("{SHEET}!{}", cell_name(row, result_col));
        let word = text(row, result_col);
        let verdict = if word.is_empty() {
            None
        } else if let Some(v) = Verdict::parse(&word) {
            Some(v)
        } else {
            let hint = suggest(&word)
                .map(|d| format!("; did you mean `{d}`?"))
                .unwrap_or_default();
            errors.push(format!(
                "{name}: {cell}: `{word}` is not a result (符合, 不符合, 不适用 or 观察项){hint}"
            ));
            continue;
        };
        if let Some(first) = answers.iter().find(|a| a.key == key) {
            errors.push(format!(
                "{name}: {SHEET}!{}: the row id `{key}` appears twice (first at {})",
                cell_name(row, id_col),
                first.cell
            ));
            continue;
        }
        answers.push(Answer {
            key,
            verdict,
            evidence: text(row, evidence_col),
            remark: text(row, remark_col),
            cell,
            id_cell: format!("{SHEET}!{}", cell_name(row, id_col)),
        });
    }
    if errors.is_empty() {
        Ok(Filled {
            date,
            company: text(FACTS_ROW, 1),
            answers,
        })
    } else {
        Err(errors)
    }
}

/// The result a mistyped word most likely meant: the one sharing most characters with it (ties go
/// to the closer length), so `不合格` suggests 不符合 and `符和` 符合. Edit distance would not do:
/// the words are two or three characters long.
fn suggest(word: &str) -> Option<&'static str> {
    let len = word.chars().count() as i64;
    RESULTS
        .iter()
        .map(|r| {
            let shared = r.chars().filter(|c| word.contains(*c)).count() as i64;
            (shared, -(r.chars().count() as i64 - len).abs(), *r)
        })
        .filter(|(shared, ..)| *shared > 0)
        .max_by_key(|(shared, closeness, _)| (*shared, *closeness))
        .map(|(.., r)| r)
}

/// Measures one a line, numbered when there are several.
fn numbered(measures: &[String]) -> String {
    if measures.len() < 2 {
        return measures.join("\n");
    }
    measures
        .iter()
        .enumerate()
        .map(|(i, m)| format!("{}. {m}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `J7`: the A1 name of a 0-based cell.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 9), "J7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 27 * 26), "AAA1");
    }

    #[test]
    fn mistyped_results_suggest_the_word_meant() {
        assert_eq!(suggest("符和"), Some("符合"));
        assert_eq!(suggest("不合格"), Some("不符合"));
        assert_eq!(suggest("适用"), Some("不适用"));
        assert_eq!(suggest("观察"), Some("观察项"));
        assert_eq!(suggest("OK"), None);
        assert_eq!(Verdict::parse("√"), Some(Verdict::Conform));
    }
}
