//! `records export`: the entries of a period (every revision, so amendments stay visible), the
//! corrective actions opened in it and the seals, as JSON or as a workbook with one sheet each.
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;

use super::seal::{self, Seal};
use super::store::{Action, Entry, Store};
use super::{RecordsError, Span};

/// Everything exported, as the JSON writes it.
#[derive(Debug, Serialize)]
pub struct Export {
    pub from: Option<String>,
    pub to: Option<String>,
    pub late_days: u32,
    pub entries: Vec<ExportedEntry>,
    pub actions: Vec<Action>,
    pub seals: Vec<Seal>,
}

#[derive(Debug, Serialize)]
pub struct ExportedEntry {
    #[serde(flatten)]
    pub entry: Entry,
    /// Made more than `late_days` after its date.
    pub late: bool,
}

/// Collects the entries and actions dated within `span` (everything without one).
pub fn collect(store: &Store, span: Option<Span>, late_days: u32) -> Result<Export, RecordsError> {
    let entries = store
        .entries(span, false)?
        .into_iter()
        .map(|entry| ExportedEntry {
            late: entry.is_late(late_days),
            entry,
        })
        .collect();
    let actions = store
        .actions()?
        .into_iter()
        .filter(|a| span.is_none_or(|s| s.contains(a.date)))
        .collect();
    Ok(Export {
        from: span.map(|s| s.from.to_string()),
        to: span.map(|s| s.to.to_string()),
        late_days,
        entries,
        actions,
        seals: seal::seals(store)?,
    })
}

/// The export as pretty JSON.
pub fn json(export: &Export) -> String {
    serde_json::to_string_pretty(export).unwrap_or_default()
}

/// The export as a workbook: 检查记录, 整改措施 and 封存 sheets.
pub fn xlsx(export: &Export) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#D9E2F3");
    let yes = |b: bool| if b { "是" } else { "" };
    let entries: Vec<Vec<String>> = export
        .entries
        .iter()
        .map(|x| {
            let (e, row) = (&x.entry, &x.entry.row);
            vec![
                row.date.to_string(),
                row.item_no.to_string(),
                row.item_id.clone(),
                row.point.clone(),
                row.result.clone(),
                row.problem.clone(),
                row.handling.clone(),
                row.checker.clone(),
                e.entered_at.clone(),
                yes(x.late).into(),
                e.amends
                    .map(|a| format!("更正记录 {a}"))
                    .unwrap_or_default(),
                e.id.to_string(),
                row.source.clone(),
            ]
        })
        .collect();
    sheet(
        &mut book,
        &head,
        "检查记录",
        &[
            ("日期", 11.0),
            ("序号", 6.0),
            ("风险点编号", 18.0),
            ("风险点", 24.0),
            ("结果", 8.0),
            ("问题", 30.0),
            ("处置", 30.0),
            ("检查人", 10.0),
            ("录入时间", 26.0),
            ("补记", 6.0),
            ("更正", 14.0),
            ("记录号", 8.0),
            ("来源", 30.0),
        ],
        &entries,
    )?;
    let actions: Vec<Vec<String>> = export
        .actions
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.date.to_string(),
                a.item_id.clone(),
                a.problem.clone(),
                a.owner.clone(),
                a.deadline.to_string(),
                a.status_label().into(),
                match a.superseded_by {
                    Some(id) => format!("更正记录 {id}：改为符合或不适用"),
                    None => a.evidence.clone().unwrap_or_default(),
                },
                a.verified_by.clone().unwrap_or_default(),
                a.verified_at.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    sheet(
        &mut book,
        &head,
        "整改措施",
        &[
            ("编号", 6.0),
            ("发现日期", 11.0),
            ("风险点编号", 18.0),
            ("问题", 30.0),
            ("责任人", 12.0),
            ("整改期限", 11.0),
            ("状态", 8.0),
            ("整改证据", 30.0),
            ("核实人", 10.0),
            ("核实日期", 11.0),
        ],
        &actions,
    )?;
    let seals: Vec<Vec<String>> = export
        .seals
        .iter()
        .map(|s| {
            vec![
                s.period.clone(),
                s.date_from.clone(),
                s.date_to.clone(),
                s.entries.to_string(),
                s.sha256.clone(),
                s.sealed_by.clone(),
                s.sealed_at.clone(),
            ]
        })
        .collect();
    sheet(
        &mut book,
        &head,
        "封存",
        &[
            ("期间", 10.0),
            ("起", 11.0),
            ("止", 11.0),
            ("记录数", 8.0),
            ("SHA-256", 66.0),
            ("签署人", 10.0),
            ("封存时间", 26.0),
        ],
        &seals,
    )?;
    book.save_to_buffer()
}

fn sheet(
    book: &mut Workbook,
    head: &Format,
    name: &str,
    columns: &[(&str, f64)],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    for (col, (title, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, head)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, col as u16, value)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
