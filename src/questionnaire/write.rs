//! Writing the questionnaire: 说明 (how to fill it in), the key/value and table sheets of
//! [`super::fields`], 问题 (each line's questions), 其他 (fields no table maps yet) and 目录产品
//! (the catalog's products, the hidden source of the 目录产品 drop-down). Drop-downs show the Chinese
//! labels; widths, wrapping and row heights are set so that the sheets print readably on A4. The
//! creation time is fixed (a questionnaire has no date of its own), so the same profile gives the
//! same bytes.
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;

use super::fields::{Cell, Field, Kind, LINES, RowKind, SECTIONS, Section, TABLES, Table, to_cell};
use super::{Question, get, pattern};
use crate::export::xlsx::{FONT, body_cell, fit_row, print_setup};

pub const KV_HEADERS: [&str; 4] = ["项目", "填写内容", "填写说明", "字段"];
pub const QUESTION_SHEET: &str = "问题";
pub const QUESTION_HEADERS: [&str; 5] = ["产品线编号", "问题编号", "问题", "回答", "目前判定"];
pub const OTHER_SHEET: &str = "其他";
pub const OTHER_HEADERS: [&str; 2] = ["字段", "内容"];
const CATALOG_SHEET: &str = "目录产品";

/// Rows a table offers below its data, with borders and drop-downs.
const SPARE_ROWS: u32 = 15;
/// Drop-downs reach this row at least, for rows a user inserts.
const VALIDATED_ROWS: u32 = 300;

const INSTRUCTIONS: &[&str] = &[
    "本问卷是 riskctl 的企业质量安全档案：填好后运行 riskctl convert 问卷.xlsx profile.yaml 转成档案（同时按与 YAML 档案相同的规则检查），再运行 riskctl generate profile.yaml 生成风险管控清单和日管控、周排查、月调度记录。",
    "企业信息：每行一项，填在“填写内容”列；“字段”列是档案中的位置，请勿修改。",
    "人员：主要负责人、质量安全总监各一行，质量安全员每人一行；“负责产品线”填产品线编号，空白表示负责全部产品线。",
    "产品线：每个产品一行。产品线编号用英文字母、数字和连字符（如 kettle），人员、问题、裁剪表都用它指代产品线。“目录产品”可从下拉框选择，空白则按产品名称自动匹配目录产品。",
    "多个值（型号、标准、工序、材料、渠道、负责产品线、管控措施）用顿号“、”分隔，或在单元格内换行（Alt+Enter）每行一个。日期写成 2027-06-30。",
    "问题：列出各产品线对应目录产品的是/否问题，答案决定哪些风险点适用。“回答”选“是”或“否”；空白表示未回答，按“目前判定”处理（依据产品名称中的词语或目录默认值）。新增产品线或改了目录产品后，运行 riskctl convert 问卷.xlsx 新问卷.xlsx 即可刷新问题列表。",
    "裁剪：“排除”填风险点编号和理由（理由会印在清单上）；“调整”改管控频次或责任岗位；“新增”填本企业自己的风险点，各列都要填。风险点编号可用 riskctl explain profile.yaml 查到；灰色单元格不适用于该类型。",
    "其他：档案中本问卷还没有专门位置的内容，按“字段 = 内容”保存，请勿删除。",
    "隐藏的工作表“目录产品”列出国家监督目录的产品名称和编号，供“目录产品”下拉框使用。",
    "带下拉框的单元格请从列表中选择。可以插入或删除行，但请勿修改表头和工作表名称。问卷不保留 YAML 档案中的注释。",
];

struct Formats {
    title: Format,
    head: Format,
    cell: Format,
    date: Format,
    help: Format,
    unused: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = body_cell();
        Formats {
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(14)
                .set_bold(),
            head: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xE7E6E6))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            help: cell.clone().set_font_color(Color::RGB(0x595959)),
            unused: cell.clone().set_background_color(Color::RGB(0xD9D9D9)),
            cell,
        }
    }
}

/// The questionnaire for `profile` (null: empty) as XLSX bytes.
pub(super) fn workbook(
    profile: &Value,
    questions: &[Question],
    products: &[(&str, &str)],
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let company = get(profile, "company.name").and_then(Value::as_str);
    book.set_properties(
        &DocProperties::new()
            .set_title("质量安全档案问卷")
            .set_company(company.unwrap_or_default())
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?),
    );
    let f = Formats::new();
    let header = |sheet: &str| {
        format!("{} 质量安全档案问卷 · {sheet}", company.unwrap_or_default())
            .trim_start()
            .to_string()
    };
    let sheet = book.add_worksheet().set_name("说明")?;
    sheet.set_column_width(0, 100)?;
    sheet.write_string_with_format(0, 0, "质量安全档案问卷 · 填写说明", &f.title)?;
    for (i, text) in INSTRUCTIONS.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, format!("{}. {text}", i + 1), &f.cell)?;
        fit_row(sheet, row, &[(text, 100.0)])?;
    }
    print_setup(sheet, 0, &header("说明"))?;
    for section in SECTIONS {
        let sheet = book.add_worksheet();
        key_values(sheet, section, profile, &f)?;
        print_setup(sheet, 0, &header(section.sheet))?;
    }
    let catalog_list = format!("='{CATALOG_SHEET}'!$A$2:$A${}", products.len() + 1);
    for table in TABLES {
        let sheet = book.add_worksheet().set_name(table.sheet)?;
        table_sheet(sheet, table, profile, &f, &catalog_list)?;
        print_setup(sheet, 0, &header(table.sheet))?;
        // The questions follow the product lines they are about.
        if table.sheet == LINES.sheet {
            let sheet = book.add_worksheet().set_name(QUESTION_SHEET)?;
            question_sheet(sheet, questions, &f)?;
            print_setup(sheet, 0, &header(QUESTION_SHEET))?;
        }
    }
    let sheet = book.add_worksheet().set_name(OTHER_SHEET)?;
    let rows: Vec<[String; 2]> = others(profile)
        .into_iter()
        .map(|(path, v)| [path, other_text(&v)])
        .collect();
    plain_sheet(sheet, &OTHER_HEADERS, &[40.0, 60.0], &rows, &f)?;
    print_setup(sheet, 0, &header(OTHER_SHEET))?;
    let sheet = book.add_worksheet().set_name(CATALOG_SHEET)?;
    let rows: Vec<[String; 2]> = products
        .iter()
        .map(|(name, id)| [name.to_string(), id.to_string()])
        .collect();
    plain_sheet(sheet, &["目录产品名称", "编号"], &[36.0, 36.0], &rows, &f)?;
    // The drop-down's source: hidden, so that it does not print.
    sheet.set_hidden(true);
    book.save_to_buffer()
}

fn put(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Blank => sheet.write_blank(row, col, &f.cell)?,
        Cell::Text(text) => sheet.write_string_with_format(row, col, text, &f.cell)?,
        Cell::Number(n) => sheet.write_number_with_format(row, col, n, &f.cell)?,
        Cell::Date(d) => {
            use chrono::Datelike;
            let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, date, &f.date)?
        }
    };
    Ok(())
}

/// The text a cell shows, for row heights.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Blank => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

/// A drop-down of `kind` over rows `first..=last` of column `col`, if the kind has one.
fn drop_down(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    col: u16,
    kind: Kind,
    catalog_list: &str,
) -> Result<(), XlsxError> {
    let labels = |choices: super::fields::Choices| -> Vec<&'static str> {
        choices().into_iter().map(|(_, l)| l).collect()
    };
    let validation = match kind {
        Kind::Choice(c) => DataValidation::new().allow_list_strings(&labels(c))?,
        // Several values or an alias are allowed too: a warning, not a refusal.
        Kind::ChoiceList(c) => DataValidation::new()
            .allow_list_strings(&labels(c))?
            .set_error_style(DataValidationErrorStyle::Warning),
        Kind::Product => DataValidation::new()
            .allow_list_formula(Formula::new(catalog_list))
            .set_error_style(DataValidationErrorStyle::Warning),
        _ => return Ok(()),
    };
    sheet.add_data_validation(first, col, last, col, &validation)?;
    Ok(())
}

fn key_values(
    sheet: &mut Worksheet,
    section: &Section,
    profile: &Value,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(section.sheet)?;
    let widths = [20.0, 44.0, 44.0, 22.0];
    for (col, (head, width)) in KV_HEADERS.iter().zip(widths).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(0, col as u16, *head, &f.head)?;
    }
    for (i, field) in section.fields.iter().enumerate() {
        let row = i as u32 + 1;
        let help = if field.required {
            format!("必填。{}", field.help)
        } else {
            field.help.to_string()
        };
        let value = to_cell(field.kind, get(profile, field.path));
        let cells = [field.label.to_string(), shown(&value), help.clone()];
        sheet.write_string_with_format(row, 0, field.label, &f.cell)?;
        put(sheet, row, 1, value, f)?;
        sheet.write_string_with_format(row, 2, &help, &f.help)?;
        sheet.write_string_with_format(row, 3, field.path, &f.help)?;
        let fit: Vec<(&str, f64)> = cells.iter().map(String::as_str).zip(widths).collect();
        fit_row(sheet, row, &fit)?;
        drop_down(sheet, (row, row), 1, field.kind, "")?;
    }
    Ok(())
}

/// The rows of a table: each kind's objects in turn; an empty questionnaire offers one row of
/// each kind.
fn table_rows<'a>(table: &'a Table, profile: &'a Value) -> Vec<(&'a RowKind, Option<&'a Value>)> {
    if profile.is_null() {
        return match table.kind_header {
            Some(_) => table.kinds.iter().map(|k| (k, None)).collect(),
            None => Vec::new(),
        };
    }
    let mut rows = Vec::new();
    for kind in table.kinds {
        match get(profile, kind.path) {
            Some(Value::Array(items)) if kind.many => {
                rows.extend(items.iter().map(|v| (kind, Some(v))))
            }
            Some(v) if !kind.many && !v.is_null() => rows.push((kind, Some(v))),
            _ => {}
        }
    }
    rows
}

fn table_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    profile: &Value,
    f: &Formats,
    catalog_list: &str,
) -> Result<(), XlsxError> {
    let columns = table.columns();
    let offset = u16::from(table.kind_header.is_some());
    if let Some(head) = table.kind_header {
        sheet.set_column_width(0, 12)?;
        sheet.write_string_with_format(0, 0, head, &f.head)?;
    }
    for (i, field) in columns.iter().enumerate() {
        let col = i as u16 + offset;
        sheet.set_column_width(col, field.width)?;
        sheet.write_string_with_format(0, col, field.label, &f.head)?;
    }
    let heads: Vec<(&str, f64)> = columns.iter().map(|c| (c.label, c.width)).collect();
    fit_row(sheet, 0, &heads)?;
    let rows = table_rows(table, profile);
    for (i, (kind, object)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let mut fit = Vec::new();
        if table.kind_header.is_some() {
            sheet.write_string_with_format(row, 0, kind.label, &f.cell)?;
        }
        for (j, column) in columns.iter().enumerate() {
            let col = j as u16 + offset;
            match kind.fields.iter().find(|own| own.label == column.label) {
                Some(own) => {
                    let cell = to_cell(own.kind, object.and_then(|o| get(o, own.path)));
                    fit.push((shown(&cell), column.width));
                    put(sheet, row, col, cell, f)?;
                }
                None => {
                    sheet.write_blank(row, col, &f.unused)?;
                }
            }
        }
        let fit: Vec<(&str, f64)> = fit.iter().map(|(t, w)| (t.as_str(), *w)).collect();
        fit_row(sheet, row, &fit)?;
    }
    let used = rows.len() as u32;
    for row in used + 1..=used + SPARE_ROWS {
        for col in 0..columns.len() as u16 + offset {
            sheet.write_blank(row, col, &f.cell)?;
        }
    }
    let span = (1, VALIDATED_ROWS.max(used + SPARE_ROWS));
    if table.kind_header.is_some() {
        let kinds: Vec<&str> = table.kinds.iter().map(|k| k.label).collect();
        sheet.add_data_validation(
            span.0,
            0,
            span.1,
            0,
            &DataValidation::new().allow_list_strings(&kinds)?,
        )?;
    }
    for (j, column) in columns.iter().enumerate() {
        drop_down(sheet, span, j as u16 + offset, column.kind, catalog_list)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn question_sheet(
    sheet: &mut Worksheet,
    questions: &[Question],
    f: &Formats,
) -> Result<(), XlsxError> {
    let widths = [12.0, 22.0, 50.0, 8.0, 22.0];
    for (col, (head, width)) in QUESTION_HEADERS.iter().zip(widths).enumerate() {
        sheet.set_column_width(col as u16, width)?;
        sheet.write_string_with_format(0, col as u16, *head, &f.head)?;
    }
    for (i, q) in questions.iter().enumerate() {
        let row = i as u32 + 1;
        let answer = q.answer.map_or("", |yes| if yes { "是" } else { "否" });
        let cells = [q.line.as_str(), &q.id, &q.question, answer, &q.current];
        for (col, text) in cells.iter().enumerate() {
            let format = if col == 4 { &f.help } else { &f.cell };
            sheet.write_string_with_format(row, col as u16, *text, format)?;
        }
        let fit: Vec<(&str, f64)> = cells.iter().copied().zip(widths).collect();
        fit_row(sheet, row, &fit)?;
    }
    let last = VALIDATED_ROWS.max(questions.len() as u32 + SPARE_ROWS);
    let answers = DataValidation::new().allow_list_strings(&["是", "否"])?;
    sheet.add_data_validation(1, 3, last, 3, &answers)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A sheet of text rows under a header.
fn plain_sheet(
    sheet: &mut Worksheet,
    headers: &[&str],
    widths: &[f64],
    rows: &[[String; 2]],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (head, width)) in headers.iter().zip(widths).enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_string_with_format(0, col as u16, *head, &f.head)?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in cells.iter().enumerate() {
            sheet.write_string_with_format(row, col as u16, text, &f.cell)?;
        }
        let fit: Vec<(&str, f64)> = cells
            .iter()
            .map(String::as_str)
            .zip(widths.iter().copied())
            .collect();
        fit_row(sheet, row, &fit)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The patterns of the paths the sheets map (a value there, and all below it, has a place).
fn mapped() -> Vec<String> {
    let mut out: Vec<String> = SECTIONS
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| f.path.to_string()))
        .collect();
    for kind in TABLES.iter().flat_map(|t| t.kinds) {
        let base = if kind.many {
            format!("{}[]", kind.path)
        } else {
            kind.path.to_string()
        };
        out.extend(
            kind.fields
                .iter()
                .map(|f: &Field| format!("{base}.{}", f.path)),
        );
    }
    out.push("product_lines[].answers".into());
    out
}

/// The values of `profile` no sheet maps, by path: scalars, and lists of scalars whole.
fn others(profile: &Value) -> Vec<(String, Value)> {
    fn walk(value: &Value, path: String, mapped: &[String], out: &mut Vec<(String, Value)>) {
        if mapped.contains(&pattern(&path)) {
            return;
        }
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (key, v) in map {
                    walk(v, join(key), mapped, out);
                }
            }
            Value::Array(items) if items.is_empty() => {}
            Value::Array(items) if items.iter().any(Value::is_object) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, format!("{path}[{i}]"), mapped, out);
                }
            }
            other => out.push((path, other.clone())),
        }
    }
    let mut out = Vec::new();
    walk(profile, String::new(), &mapped(), &mut out);
    out
}

/// A value of 其他 as text: a string as it is unless it would read back as JSON, else JSON.
fn other_text(value: &Value) -> String {
    match value {
        Value::String(s) if serde_json::from_str::<Value>(s).is_err() => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmapped_fields_go_to_other_and_read_back_the_same() {
        let profile = serde_json::json!({
            "company": {"name": "甲", "extra": "2026-10-01"},
            "calendar": {"holidays": ["2026-10-01"], "week": 5, "note": "true"},
            "product_lines": [{"id": "a", "answers": {"x": "是"}, "new": {"k": "v"}}],
        });
        let rows = others(&profile);
        let paths: Vec<&str> = rows.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "calendar.holidays",
                "calendar.note",
                "calendar.week",
                "company.extra",
                "product_lines[0].new.k"
            ]
        );
        for (_, value) in rows {
            let text = other_text(&value);
            let back = serde_json::from_str(&text).unwrap_or(Value::String(text));
            assert_eq!(back, value);
        }
    }
}
