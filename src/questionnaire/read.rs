//! Reading a filled questionnaire back into the profile's tree, remembering the cell each value
//! came from so that every later problem can name it. Columns are found by their headers, so a
//! user may reorder them or insert rows; blank rows are skipped.
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use serde_json::Value;

use super::fields::{self, Field, Problem, Section, Table, from_cell};
use super::write::{KV_HEADERS, OTHER_HEADERS, OTHER_SHEET, QUESTION_HEADERS, QUESTION_SHEET};
use super::{get, set};
use crate::error::{Diagnostic, Diagnostics, Error, Result, did_you_mean};
use crate::location::Locations;

/// Rows read per sheet at most: far more than any company has lines or people.
const MAX_ROWS: u32 = 5_000;

/// The profile's tree as the workbook gives it, and where each value came from.
pub(super) struct Sheets {
    pub value: Value,
    /// (path, `sheet!cell`) of every value set, lists' items included.
    cells: Vec<(String, String)>,
    problems: Vec<Diagnostic>,
    /// Cells already reported as unreadable (not reported again as blank).
    unreadable: HashSet<String>,
    /// The (line id, question id) rows of 问题, answered or not.
    pub listed: HashSet<(String, String)>,
}

/// `B3`-style name of a 0-based cell.
fn cell_name(row: u32, col: usize) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        letters.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

pub(super) fn read(bytes: &[u8]) -> Result<Sheets> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::new(format!("not a questionnaire workbook: {e}")).with_hint(Some(
            "save it as an Excel workbook (.xlsx); `riskctl init --xlsx FILE` writes an empty one"
                .into(),
        ))
    })?;
    let mut sheets = Sheets {
        value: Value::Object(Default::default()),
        cells: Vec::new(),
        problems: Vec::new(),
        unreadable: HashSet::new(),
        listed: HashSet::new(),
    };
    for section in fields::SECTIONS {
        if let Some(range) = sheets.sheet(&mut book, section.sheet, true) {
            sheets.section(section, &range);
        }
    }
    for table in fields::TABLES {
        if let Some(range) = sheets.sheet(&mut book, table.sheet, true) {
            sheets.table(table, &range);
        }
    }
    if let Some(range) = sheets.sheet(&mut book, QUESTION_SHEET, false) {
        sheets.questions(&range);
    }
    if let Some(range) = sheets.sheet(&mut book, OTHER_SHEET, false) {
        sheets.others(&range);
    }
    if sheets.problems.is_empty() {
        Ok(sheets)
    } else {
        Err(Error::Invalid(Diagnostics(sheets.problems)))
    }
}

/// A sheet's cells by 0-based row and column.
struct Grid<'a> {
    sheet: &'static str,
    range: &'a Range<Data>,
}

impl Grid<'_> {
    fn data(&self, row: u32, col: usize) -> &Data {
        self.range
            .get_value((row, col as u32))
            .unwrap_or(&Data::Empty)
    }
    fn text(&self, row: u32, col: usize) -> String {
        fields::cell_text(self.data(row, col)).unwrap_or_default()
    }
    fn cell(&self, row: u32, col: usize) -> String {
        format!("{}!{}", self.sheet, cell_name(row, col))
    }
    fn rows(&self) -> std::ops::RangeInclusive<u32> {
        1..=self.range.end().map_or(0, |(r, _)| r.min(MAX_ROWS))
    }
    /// Column of each header of row 1.
    fn headers(&self) -> HashMap<String, usize> {
        let width = self.range.end().map_or(0, |(_, c)| c as usize + 1);
        (0..width.min(200))
            .map(|c| (self.text(0, c), c))
            .filter(|(h, _)| !h.is_empty())
            .collect()
    }
}

impl Sheets {
    fn problem(&mut self, at: String, (message, hint): Problem) {
        self.problems
            .push(Diagnostic::new(format!("{at}: {message}")).with_hint(hint));
    }

    fn sheet<R: std::io::Read + std::io::Seek>(
        &mut self,
        book: &mut Xlsx<R>,
        name: &'static str,
        required: bool,
    ) -> Option<Range<Data>> {
        match book.worksheet_range(name) {
            Ok(range) => Some(range),
            Err(_) if !required => None,
            Err(e) => {
                let missing = !book.sheet_names().iter().any(|s| s == name);
                let message = if missing {
                    format!("the workbook has no sheet `{name}`")
                } else {
                    format!("cannot read sheet `{name}`: {e}")
                };
                self.problem(
                    name.to_string(),
                    (
                        message,
                        Some(
                            "keep the sheets of `riskctl init --xlsx FILE` and their names".into(),
                        ),
                    ),
                );
                None
            }
        }
    }

    /// Finds the columns `labels` on `grid`, reporting the missing ones.
    fn columns(&mut self, grid: &Grid, labels: &[&str]) -> Option<Vec<usize>> {
        let headers = grid.headers();
        let found: Vec<Option<usize>> = labels.iter().map(|l| headers.get(*l).copied()).collect();
        for (label, col) in labels.iter().zip(&found) {
            if col.is_none() {
                self.problem(
                    grid.sheet.to_string(),
                    (
                        format!("no column headed `{label}` in row 1"),
                        Some("keep the header row as `riskctl init --xlsx` writes it".into()),
                    ),
                );
            }
        }
        found.into_iter().collect()
    }

    /// Reads the cell for `field` and sets it at `path` (recording where it came from).
    fn value(&mut self, grid: &Grid, row: u32, col: usize, field: &Field, path: &str) -> bool {
        let at = grid.cell(row, col);
        match from_cell(field.kind, grid.data(row, col)) {
            Ok(Some(value)) => {
                if let Value::Array(items) = &value {
                    if items.is_empty() {
                        return false;
                    }
                    for i in 0..items.len() {
                        self.cells.push((format!("{path}[{i}]"), at.clone()));
                    }
                }
                self.cells.push((path.to_string(), at));
                set(&mut self.value, path, value);
                true
            }
            Ok(None) => false,
            Err((message, hint)) => {
                self.unreadable.insert(at.clone());
                self.problem(at, (format!("{}: {message}", field.label), hint));
                false
            }
        }
    }

    fn section(&mut self, section: &Section, range: &Range<Data>) {
        let grid = Grid {
            sheet: section.sheet,
            range,
        };
        let Some(cols) = self.columns(&grid, &[KV_HEADERS[1], KV_HEADERS[3]]) else {
            return;
        };
        let (value_col, path_col) = (cols[0], cols[1]);
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for row in grid.rows() {
            let path = grid.text(row, path_col);
            if path.is_empty() {
                continue;
            }
            let Some(field) = section.fields.iter().find(|f| f.path == path) else {
                let hint = did_you_mean(&path, section.fields.iter().map(|f| f.path))
                    .map(|s| format!("did you mean `{s}`?"));
                self.problem(
                    grid.cell(row, path_col),
                    (format!("unknown field `{path}`"), hint),
                );
                continue;
            };
            if seen.insert(field.path, row).is_some() {
                self.problem(
                    grid.cell(row, path_col),
                    (format!("field `{path}` appears twice"), None),
                );
                continue;
            }
            let given = self.value(&grid, row, value_col, field, field.path);
            if !given && field.required {
                self.problem(
                    grid.cell(row, value_col),
                    (format!("{} is required", field.label), None),
                );
            }
        }
        for field in section.fields.iter().filter(|f| f.required) {
            if !seen.contains_key(field.path) {
                self.problem(
                    section.sheet.to_string(),
                    (
                        format!("no row for {} (`{}`)", field.label, field.path),
                        None,
                    ),
                );
            }
        }
    }

    fn table(&mut self, table: &Table, range: &Range<Data>) {
        let grid = Grid {
            sheet: table.sheet,
            range,
        };
        let columns = table.columns();
        let headers = grid.headers();
        let Some(kind_col) = table.kind_header.map_or(Some(None), |h| {
            self.columns(&grid, &[h]).map(|c| Some(c[0]))
        }) else {
            return;
        };
        let mut counts = vec![0usize; table.kinds.len()];
        for row in grid.rows() {
            let filled: Vec<(&Field, usize)> = columns
                .iter()
                .filter_map(|f| headers.get(f.label).map(|c| (*f, *c)))
                .filter(|(_, c)| fields::cell_text(grid.data(row, *c)) != Ok(String::new()))
                .collect();
            if filled.is_empty() {
                continue;
            }
            let kind_at = match kind_col {
                None => 0,
                Some(col) => {
                    let word = grid.text(row, col);
                    let names: Vec<&str> = table.kinds.iter().map(|k| k.label).collect();
                    match names.iter().position(|n| *n == word) {
                        Some(i) => i,
                        None => {
                            let hint = did_you_mean(&word, names.iter().copied())
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| format!("choose {}", names.join("、")));
                            let message = match word.as_str() {
                                "" => format!(
                                    "the {} is blank",
                                    table.kind_header.unwrap_or_default()
                                ),
                                _ => format!("`{word}` is not a kind of row here"),
                            };
                            self.problem(grid.cell(row, col), (message, Some(hint)));
                            continue;
                        }
                    }
                }
            };
            let kind = &table.kinds[kind_at];
            let base = if kind.many {
                format!("{}[{}]", kind.path, counts[kind_at])
            } else if counts[kind_at] > 0 {
                self.problem(
                    grid.cell(row, kind_col.unwrap_or(0)),
                    (format!("a second {} row", kind.label), None),
                );
                continue;
            } else {
                kind.path.to_string()
            };
            counts[kind_at] += 1;
            let first = kind_col.or_else(|| headers.get(kind.fields[0].label).copied());
            self.cells
                .push((base.clone(), grid.cell(row, first.unwrap_or(0))));
            set(&mut self.value, &base, Value::Object(Default::default()));
            for (field, col) in &filled {
                match kind.fields.iter().find(|f| f.label == field.label) {
                    Some(own) => {
                        self.value(&grid, row, *col, own, &format!("{base}.{}", own.path));
                    }
                    None => self.problem(
                        grid.cell(row, *col),
                        (
                            format!("a {} row has no {}", kind.label, field.label),
                            Some("leave the cell blank, or change the row's kind".into()),
                        ),
                    ),
                }
            }
            self.required(&grid, row, &headers, kind.fields, &base);
        }
        for (kind, count) in table.kinds.iter().zip(counts) {
            if !kind.many && count == 0 {
                self.problem(
                    table.sheet.to_string(),
                    (format!("no {} row", kind.label), None),
                );
            }
        }
    }

    /// Reports the required fields of a row left blank: a field is needed once its object
    /// (the row, or e.g. `licence` for `licence.number`) has any value.
    fn required(
        &mut self,
        grid: &Grid,
        row: u32,
        headers: &HashMap<String, usize>,
        fields: &[Field],
        base: &str,
    ) {
        for field in fields.iter().filter(|f| f.required) {
            let path = format!("{base}.{}", field.path);
            let object = path.rsplit_once('.').map_or("", |(o, _)| o).to_string();
            let in_use = get(&self.value, &object).is_some_and(|v| !v.is_null());
            if in_use && get(&self.value, &path).is_none_or(Value::is_null) {
                let at = match headers.get(field.label) {
                    Some(col) => grid.cell(row, *col),
                    None => grid.sheet.to_string(),
                };
                if self.unreadable.contains(&at) {
                    continue;
                }
                let with: BTreeSet<&str> = fields
                    .iter()
                    .filter(|f| f.path != field.path)
                    .filter(|f| {
                        let sibling = format!("{base}.{}", f.path);
                        sibling.starts_with(&format!("{object}."))
                            && get(&self.value, &sibling).is_some_and(|v| !v.is_null())
                    })
                    .map(|f| f.label)
                    .collect();
                let message = if object == base {
                    format!("{} is required", field.label)
                } else {
                    format!(
                        "{} is required with {}",
                        field.label,
                        with.into_iter().collect::<Vec<_>>().join("、")
                    )
                };
                self.problem(at, (message, None));
            }
        }
    }

    fn questions(&mut self, range: &Range<Data>) {
        let grid = Grid {
            sheet: QUESTION_SHEET,
            range,
        };
        let wanted = [
            QUESTION_HEADERS[0],
            QUESTION_HEADERS[1],
            QUESTION_HEADERS[3],
        ];
        let Some(cols) = self.columns(&grid, &wanted) else {
            return;
        };
        let lines: Vec<String> = get(&self.value, "product_lines")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|l| l["id"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default();
        for row in grid.rows() {
            let (line, id) = (grid.text(row, cols[0]), grid.text(row, cols[1]));
            self.listed.insert((line.clone(), id.clone()));
            if grid.text(row, cols[2]).is_empty() {
                continue;
            }
            let Some(index) = lines.iter().position(|l| *l == line) else {
                let hint = did_you_mean(&line, lines.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"));
                self.problem(
                    grid.cell(row, cols[0]),
                    (format!("unknown product line `{line}`"), hint),
                );
                continue;
            };
            if id.is_empty() {
                self.problem(
                    grid.cell(row, cols[1]),
                    ("the question id is blank".into(), None),
                );
                continue;
            }
            let path = format!("product_lines[{index}].answers.{id}");
            if get(&self.value, &path).is_some() {
                self.problem(
                    grid.cell(row, cols[1]),
                    (format!("`{id}` of `{line}` is answered twice"), None),
                );
                continue;
            }
            let text = grid.text(row, cols[2]);
            match crate::facts::parse_answer(&text) {
                Some(yes) => {
                    self.cells.push((path.clone(), grid.cell(row, cols[2])));
                    set(
                        &mut self.value,
                        &path,
                        Value::from(if yes { "是" } else { "否" }),
                    );
                }
                None => self.problem(
                    grid.cell(row, cols[2]),
                    (
                        format!("`{text}` is neither 是 nor 否"),
                        Some("choose 是 or 否; leave it blank to keep the current value".into()),
                    ),
                ),
            }
        }
    }

    /// 其他: profile fields no table maps yet, by path; the value is JSON where it parses as
    /// JSON, else text.
    fn others(&mut self, range: &Range<Data>) {
        let grid = Grid {
            sheet: OTHER_SHEET,
            range,
        };
        let Some(cols) = self.columns(&grid, &OTHER_HEADERS) else {
            return;
        };
        for row in grid.rows() {
            let path = grid.text(row, cols[0]);
            let text = match fields::cell_text(grid.data(row, cols[1])) {
                Ok(t) => t,
                Err(p) => {
                    self.problem(grid.cell(row, cols[1]), p);
                    continue;
                }
            };
            if path.is_empty() || text.is_empty() {
                continue;
            }
            if !super::steps_within(&path, MAX_ROWS as usize) {
                self.problem(
                    grid.cell(row, cols[0]),
                    (format!("`{path}` is not a field of the profile"), None),
                );
                continue;
            }
            let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
            self.cells.push((path.clone(), grid.cell(row, cols[1])));
            set(&mut self.value, &path, value);
        }
    }

    /// Moves each located problem of the generated YAML `text` to the cell its value came from:
    /// the cell of the last value on the problem's line or before it.
    pub fn locate(&self, error: Error, text: &str) -> Error {
        let Error::Invalid(Diagnostics(list)) = error else {
            return error;
        };
        let locations = Locations::scan(text);
        let anchors: Vec<((usize, usize), usize, &str)> = self
            .cells
            .iter()
            .filter_map(|(path, cell)| {
                locations
                    .find(path)
                    .map(|pos| (pos, path.len(), cell.as_str()))
            })
            .collect();
        let moved = list
            .into_iter()
            .map(|d| {
                let Some(at) = d.location.as_ref().map(|l| (l.line, l.column)) else {
                    return d;
                };
                let cell = anchors
                    .iter()
                    .filter(|(pos, ..)| pos.0 <= at.0)
                    .max_by_key(|(pos, len, _)| (*pos, *len))
                    .map_or("workbook", |(.., cell)| *cell);
                Diagnostic::new(format!("{cell}: {}", d.message)).with_hint(d.hint)
            })
            .collect();
        Error::Invalid(Diagnostics(moved))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(2, 1), "B3");
        assert_eq!(cell_name(9, 26), "AA10");
    }
}
