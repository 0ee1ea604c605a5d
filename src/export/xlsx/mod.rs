//! XLSX, written with rust_xlsxwriter: `checklist.xlsx` (one row per item with every field of the
//! model, ids and codes included so that a workbook can be read back; a second sheet for the points
//! taken off) and `daily-record-<date>.xlsx`, a fillable record with one protected sheet per officer
//! and working day
//! ([`daily`]). Both carry the document date as creation time and rust_xlsxwriter writes its zip
//! entries with a fixed timestamp, so the same input gives the same bytes.
mod daily;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::{Artifact, Exported, Exporter, Input};
use crate::error::{Error, Result};
use crate::model::{Checklist, Item};

pub struct XlsxExporter;

impl Exporter for XlsxExporter {
    fn export(&self, input: &Input) -> Result<Exported> {
        let checklist = input.checklist;
        let mut out = Exported::default();
        let daily = format!("daily-record-{}.xlsx", input.plan.label());
        for (name, built) in [
            ("checklist.xlsx".to_string(), checklist_workbook(checklist)),
            (daily, daily::workbook(checklist, input.plan)),
        ] {
            let bytes = built.map_err(|e| Error::Office {
                format: "XLSX",
                document: name.clone(),
                message: e.to_string(),
            })?;
            out.files.push(Artifact { name, bytes });
        }
        Ok(out)
    }

    fn reads_pages(&self) -> bool {
        false
    }
}

/// The face of every cell: 宋体, as in the DOCX (Excel and WPS on a Chinese system have it;
/// elsewhere the spreadsheet substitutes a CJK face).
pub(crate) const FONT: &str = "宋体";

/// The shared cell formats.
pub(crate) struct Formats {
    pub title: Format,
    pub head: Format,
    pub cell: Format,
    pub centered: Format,
}

/// A bordered, wrapped, top-aligned 10-point body cell: the base of every workbook's cells.
pub(crate) fn body_cell() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

impl Formats {
    pub fn new() -> Formats {
        let base = body_cell();
        Formats {
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            head: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xE7E6E6))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            centered: base.clone().set_align(FormatAlign::Center),
            cell: base,
        }
    }
}

/// A workbook with the checklist's document properties.
pub(crate) fn workbook(checklist: &Checklist, title: &str) -> Result<Workbook, XlsxError> {
    let date = checklist.date;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&date)).unwrap_or(1970),
        chrono::Datelike::month(&date) as u8,
        chrono::Datelike::day(&date) as u8,
    )?;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author(&checklist.company.name)
            .set_company(&checklist.company.name)
            .set_subject(format!("{}（{}）", checklist.catalog.title, checklist.date))
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// A4 landscape, the header row repeated, fitted to one page wide, running header and footer.
pub(crate) fn print_setup(
    sheet: &mut Worksheet,
    header_row: u32,
    header: &str,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_repeat_rows(header_row, header_row)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.5, 0.5, 0.7, 0.7, 0.3, 0.3);
    sheet.set_header(format!("&C{}", header.replace('&', "&&")));
    sheet.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// A cell's value from an item and its group id.
type Value = fn(&Item, &str) -> String;

/// The checklist sheet's columns: header, width, and the item's value. The first
/// [`PRINTED`] are what a reader needs and what prints; the ids and codes after them are there for
/// re-import and filters.
pub const CHECKLIST_COLUMNS: &[(&str, f64, Value)] = &[
    ("序号", 5.0, |i, _| i.no.to_string()),
    ("适用范围", 12.0, |i, _| i.scope.clone()),
    ("风险环节", 9.0, |i, _| i.stage_label.clone()),
    ("风险点", 18.0, |i, _| i.point.clone()),
    ("风险描述", 28.0, |i, _| i.hazard.clone()),
    ("管控措施", 40.0, |i, _| i.measures.join("\n")),
    ("检查内容", 28.0, |i, _| i.check.clone()),
    ("管控频次", 9.0, |i, _| i.frequency_label.clone()),
    ("责任岗位", 10.0, |i, _| i.owner_label.clone()),
    ("责任人", 9.0, |i, _| i.responsible.clone()),
    ("依据", 20.0, |i, _| i.basis.clone()),
    ("风险点编号", 18.0, |i, _| i.id.clone()),
    ("分组编号", 12.0, |_, g| g.to_string()),
    ("环节代码", 12.0, |i, _| code(&i.stage)),
    ("频次代码", 10.0, |i, _| code(&i.frequency)),
    ("岗位代码", 10.0, |i, _| code(&i.owner)),
    ("来源类型", 9.0, |i, _| code(&i.provenance.kind)),
    ("来源编号", 18.0, |i, _| i.provenance.source.clone()),
    ("来源说明", 24.0, |i, _| i.provenance.label.clone()),
    ("来源产品线", 12.0, |i, _| {
        i.provenance.line.clone().unwrap_or_default()
    }),
    ("来源目录产品", 14.0, |i, _| {
        i.provenance.product.clone().unwrap_or_default()
    }),
    ("定义位置", 24.0, |i, _| {
        i.provenance.defined_at.clone().unwrap_or_default()
    }),
    ("调整记录", 30.0, |i, _| {
        i.provenance.adjustments.join("\n")
    }),
    ("适用依据", 30.0, |i, _| i.provenance.facts.join("\n")),
    ("合并来源", 30.0, |i, _| i.provenance.merged.join("\n")),
    ("管控目标", 28.0, |i, _| i.target.clone()),
    ("风险等级", 8.0, |i, _| i.risk_level.clone()),
    ("危害程度代码", 10.0, |i, _| {
        i.severity.as_ref().map(code).unwrap_or_default()
    }),
    ("职责（负责人/总监/安全员）", 14.0, |i, _| {
        let d = &i.duties;
        format!("{}{}{}", d.principal, d.director, d.officer)
    }),
];
/// How many of [`CHECKLIST_COLUMNS`] print.
const PRINTED: u16 = 11;

/// Sets a row's height to fit its wrapped text (in 10 pt cells), since not every spreadsheet
/// grows rows when it opens a file: `cells` are each cell's text and column width.
pub(crate) fn fit_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width - 1.0).max(1.0);
            text.split('\n')
                .map(|line| {
                    let w: f64 = line
                        .chars()
                        .map(|c| if c as u32 >= 0x1100 { 2.0 } else { 1.0 })
                        .sum();
                    (w / per_line).ceil().max(1.0)
                })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    sheet.set_row_height(row, lines * 13.5 + 3.0)?;
    Ok(())
}

/// The JSON spelling of a vocabulary value (`daily`, `production`…).
fn code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The columns of the sheet of points taken off.
pub const EXCLUDED_COLUMNS: &[&str] = &["风险点编号", "风险点", "产品线", "不适用理由", "排除方式"];

fn checklist_workbook(checklist: &Checklist) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = workbook(checklist, "工业产品质量安全风险管控清单")?;
    let f = Formats::new();
    let header = format!("{} · 工业产品质量安全风险管控清单", checklist.company.name);

    let sheet = workbook.add_worksheet();
    sheet.set_name("风险管控清单")?;
    for (col, (title, width, _)) in CHECKLIST_COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &f.head)?;
        sheet.set_column_width(col, *width)?;
    }
    let mut row = 0u32;
    for group in &checklist.groups {
        for item in &group.items {
            row += 1;
            let values: Vec<String> = CHECKLIST_COLUMNS
                .iter()
                .map(|(_, _, value)| value(item, &group.id))
                .collect();
            for (col, value) in values.iter().enumerate() {
                let format = if col == 0 { &f.centered } else { &f.cell };
                sheet.write_string_with_format(row, col as u16, value, format)?;
            }
            let printed: Vec<(&str, f64)> = values
                .iter()
                .zip(CHECKLIST_COLUMNS)
                .map(|(v, (_, width, _))| (v.as_str(), *width))
                .collect();
            fit_row(sheet, row, &printed)?;
        }
    }
    let last_col = CHECKLIST_COLUMNS.len() as u16 - 1;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row.max(1), last_col)?;
    sheet.set_print_area(0, 0, row.max(1), PRINTED - 1)?;
    print_setup(sheet, 0, &header)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("不适用的风险点")?;
    for (col, (title, width)) in EXCLUDED_COLUMNS
        .iter()
        .zip([16.0, 30.0, 14.0, 50.0, 18.0])
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &f.head)?;
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, x) in checklist.excluded.iter().enumerate() {
        let row = i as u32 + 1;
        let by = x.by.to_string();
        let values = [
            x.id.as_str(),
            &x.point,
            x.line.as_deref().unwrap_or(""),
            &x.reason,
            &by,
        ];
        for (col, value) in values.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, *value, &f.cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, checklist.excluded.len().max(1) as u32, 4)?;
    print_setup(sheet, 0, &header)?;

    workbook.save_to_buffer()
}
