//! Reading record files into raw rows: a CSV with a header row (Chinese or English names, any
//! column order), or a workbook sheet by sheet (the table found by its header row, the date and
//! checker by the labels above it). Nothing is validated here; each value keeps where it was read.
use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;

use crate::error::{Diagnostic, Error, Result, SourceFile};

/// Largest record file read (a year of records for a large plant is a few MiB).
const MAX_FILE_BYTES: u64 = 256 << 20;
/// A column of the record, and the header names that mean it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
    Date,
    No,
    Id,
    Result,
    Problem,
    Handling,
    Checker,
}

const HEADERS: &[(Field, &[&str])] = &[
    (Field::Date, &["日期", "检查日期", "date"]),
    (Field::No, &["序号", "no", "no.", "number"]),
    (Field::Id, &["风险点编号", "item", "item_id", "id"]),
    (Field::Result, &["结果", "检查结果", "result"]),
    (
        Field::Problem,
        &["问题", "问题描述", "存在问题", "存在主要问题", "problem"],
    ),
    (
        Field::Handling,
        &["处置", "处置结果", "处理结果", "handling"],
    ),
    (Field::Checker, &["检查人", "检查人员", "checker"]),
];

pub(super) fn field_of(header: &str) -> Option<Field> {
    let h: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && !"*：:（）()".contains(*c))
        .collect::<String>()
        .to_lowercase();
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

/// Where a value was read.
#[derive(Debug, Clone)]
pub(super) enum Place {
    Csv { line: usize, column: usize },
    Sheet { sheet: String, row: u32, col: u32 },
}

impl Place {
    pub(super) fn describe(&self) -> String {
        match self {
            Place::Csv { line, .. } => format!("row {line}"),
            Place::Sheet { sheet, row, .. } => format!("{sheet}!{}", row + 1),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) at: Place,
}

/// One record row as read, before validation.
#[derive(Debug, Default)]
pub(super) struct Raw {
    pub(super) fields: HashMap<Field, Cell>,
    /// The row itself (for messages about the whole row).
    pub(super) at: Option<Place>,
    /// A sheet's name, where the checker may be found when no cell names one.
    pub(super) sheet: Option<String>,
}

/// The file's rows, and how to name its places in messages.
pub(super) struct Read {
    pub(super) rows: Vec<Raw>,
    pub(super) source: Option<SourceFile>,
    pub(super) name: String,
    /// Sheets left out because nothing was filled in.
    pub(super) blank_sheets: Vec<String>,
}

pub(super) fn read(path: &Path) -> Result<Read> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, name),
        _ => read_csv(crate::input::read_text(path, MAX_FILE_BYTES)?),
    }
}

fn read_csv(file: SourceFile) -> Result<Read> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut columns: Vec<Option<Field>> = Vec::new();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            file.diagnostic(line, 1, format!("not a CSV row: {e}"))
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        if columns.is_empty() {
            columns = record.iter().map(field_of).collect();
            check_header(&columns, |missing| {
                file.diagnostic(
                    line,
                    1,
                    format!(
                        "the header names no {missing} column (expected 日期,序号,结果,问题,处置,检查人)"
                    ),
                )
            })?;
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut raw = Raw {
            at: Some(Place::Csv { line, column: 1 }),
            ..Raw::default()
        };
        let mut column = 1;
        for (i, value) in record.iter().enumerate() {
            if let Some(Some(field)) = columns.get(i) {
                raw.fields.insert(
                    *field,
                    Cell {
                        text: value.trim().to_string(),
                        at: Place::Csv { line, column },
                    },
                );
            }
            column += value.chars().count() + 1;
        }
        rows.push(raw);
    }
    Ok(Read {
        rows,
        name: file.name.clone(),
        source: Some(file),
        blank_sheets: Vec::new(),
    })
}

/// The header must name 序号 (or 风险点编号) and 结果.
fn check_header(columns: &[Option<Field>], err: impl Fn(&str) -> Diagnostic) -> Result<()> {
    let has = |f| columns.contains(&Some(f));
    if !has(Field::No) && !has(Field::Id) {
        return Err(err("序号 (no)").into());
    }
    if !has(Field::Result) {
        return Err(err("结果 (result)").into());
    }
    Ok(())
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::DateTime(d) => serial_date(d.as_f64()).map_or_else(String::new, |d| d.to_string()),
        other => other.to_string().trim().to_string(),
    }
}

/// An Excel date serial (days since 1899-12-30).
fn serial_date(days: f64) -> Option<NaiveDate> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    (1.0..2_958_466.0)
        .contains(&days)
        .then(|| base + chrono::Days::new(days as u64))
}

fn read_workbook(path: &Path, name: String) -> Result<Read> {
    let bad = |m: String| Error::from(Diagnostic::new(format!("{name}: {m}")));
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| bad(format!("not a workbook riskctl can read: {e}")))?;
    let mut rows = Vec::new();
    let mut blank_sheets = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| bad(format!("sheet {sheet}: {e}")))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let grid: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let Some(header) = grid.iter().position(|r| {
            let fields: Vec<Option<Field>> = r.iter().map(|c| field_of(c)).collect();
            fields.contains(&Some(Field::No)) && fields.contains(&Some(Field::Result))
        }) else {
            continue;
        };
        let columns: Vec<Option<Field>> = grid[header].iter().map(|c| field_of(c)).collect();
        let place = |row: usize, col: usize| Place::Sheet {
            sheet: sheet.clone(),
            row: r0 + row as u32,
            col: c0 + col as u32,
        };
        // Labels above the table: the value is the rest of the label cell or the next filled cell.
        let labelled = |wanted: &dyn Fn(&str) -> bool, accept: &dyn Fn(&str) -> bool| {
            grid[..header].iter().enumerate().find_map(|(r, cells)| {
                cells.iter().enumerate().find_map(|(c, text)| {
                    let (label, rest) = text.split_once(['：', ':']).unwrap_or((text, ""));
                    if !wanted(label.trim()) {
                        return None;
                    }
                    if accept(rest.trim()) {
                        return Some(Cell {
                            text: rest.trim().to_string(),
                            at: place(r, c),
                        });
                    }
                    let (c, text) = cells
                        .iter()
                        .enumerate()
                        .skip(c + 1)
                        .find(|(_, t)| !t.is_empty())?;
                    if !accept(text) {
                        return None;
                    }
                    Some(Cell {
                        text: text.clone(),
                        at: place(r, c),
                    })
                })
            })
        };
        let is_label =
            |t: &str| t.ends_with("日期") || t.ends_with("签字") || field_of(t).is_some();
        let date = labelled(&|l| l.ends_with("日期"), &|v| find_date(v).is_some());
        let checker = labelled(
            &|l| ["质量安全员", "检查人", "检查人员", "记录人"].contains(&l),
            &|v| !v.is_empty() && !is_label(v),
        );
        let mut filled = Vec::new();
        for (r, cells) in grid.iter().enumerate().skip(header + 1) {
            let mut raw = Raw {
                at: Some(place(r, 0)),
                sheet: Some(sheet.clone()),
                ..Raw::default()
            };
            for (c, field) in columns.iter().enumerate() {
                if let (Some(field), Some(text)) = (field, cells.get(c)) {
                    raw.fields.insert(
                        *field,
                        Cell {
                            text: text.clone(),
                            at: place(r, c),
                        },
                    );
                }
            }
            let text = |f| raw.fields.get(&f).map_or("", |c: &Cell| c.text.as_str());
            // Rows below the table (signatures) have no item number.
            if text(Field::No).parse::<usize>().is_err() && text(Field::Id).is_empty() {
                continue;
            }
            if [Field::Result, Field::Problem, Field::Handling]
                .iter()
                .all(|f| text(*f).is_empty())
            {
                continue;
            }
            for (field, cell) in [(Field::Date, &date), (Field::Checker, &checker)] {
                if let Some(cell) = cell
                    && raw.fields.get(&field).is_none_or(|c| c.text.is_empty())
                {
                    raw.fields.insert(field, cell.clone());
                }
            }
            filled.push(raw);
        }
        if filled.is_empty() {
            blank_sheets.push(sheet.clone());
        }
        rows.extend(filled);
    }
    if rows.is_empty() && blank_sheets.is_empty() {
        return Err(bad(
            "no sheet has a record table (a header row naming 序号 and 检查结果)".into(),
        ));
    }
    Ok(Read {
        rows,
        source: None,
        name,
        blank_sheets,
    })
}

/// A date as people write it: 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日, anywhere in
/// the text.
pub fn find_date(text: &str) -> Option<NaiveDate> {
    let re = regex_lite::Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})").ok()?;
    let c = re.captures(text)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// `E7` for row 6, column 4 (0-based).
pub(super) fn a1(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_found_as_people_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3);
        assert_eq!(find_date("2026-11-03"), d);
        assert_eq!(find_date("检查日期：2026年11月3日（星期二）"), d);
        assert_eq!(find_date("2026.11.03 王芳"), d);
        assert_eq!(find_date("王芳"), None);
    }

    #[test]
    fn headers_in_either_language_and_cells_in_a1() {
        assert_eq!(field_of(" 检查结果 "), Some(Field::Result));
        assert_eq!(field_of("Checker"), Some(Field::Checker));
        assert_eq!(field_of("备注"), None);
        assert_eq!(a1(6, 4), "E7");
        assert_eq!(a1(0, 27), "AB1");
    }

    /// A layout unlike `daily-record.xlsx`: the header lower down and in another column order, the
    /// date typed as an Excel date beside 日期, or only in the sheet name, the checker in a column.
    #[test]
    fn a_workbook_is_read_by_its_labels_not_its_layout() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("days.xlsx");
        let mut book = Workbook::new();
        let dated = book.add_worksheet().set_name("第一天").unwrap();
        dated.write_string(2, 1, "日期：").unwrap();
        let day = ExcelDateTime::from_ymd(2026, 11, 3).unwrap();
        let format = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
        dated
            .write_datetime_with_format(2, 3, &day, &format)
            .unwrap();
        for (c, h) in ["结果", "序号", "检查人", "问题"].iter().enumerate() {
            dated.write_string(5, c as u16 + 1, *h).unwrap();
        }
        dated.write_string(6, 1, "符合").unwrap();
        dated.write_number(6, 2, 12.0).unwrap();
        dated.write_string(6, 3, "王芳").unwrap();
        let named = book.add_worksheet().set_name("2026-11-04 王芳").unwrap();
        named.write_string(0, 0, "序号").unwrap();
        named.write_string(0, 1, "检查结果").unwrap();
        named.write_number(1, 0, 12.0).unwrap();
        named.write_string(1, 1, "不适用").unwrap();
        book.save(&path).unwrap();

        let read = read(&path).unwrap();
        assert_eq!(read.rows.len(), 2);
        let text = |r: &Raw, f| r.fields.get(&f).map(|c: &Cell| c.text.clone());
        let first = &read.rows[0];
        assert_eq!(text(first, Field::Date).as_deref(), Some("2026-11-03"));
        assert_eq!(text(first, Field::No).as_deref(), Some("12"));
        assert_eq!(text(first, Field::Checker).as_deref(), Some("王芳"));
        assert_eq!(first.at.as_ref().unwrap().describe(), "第一天!7");
        let second = &read.rows[1];
        assert_eq!(text(second, Field::Date), None);
        assert_eq!(
            second.sheet.as_deref().and_then(find_date),
            NaiveDate::from_ymd_opt(2026, 11, 4)
        );
    }
}
