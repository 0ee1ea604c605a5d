//! The SQLite file: opening it (WAL journal, `synchronous = FULL`, so that an entry acknowledged
//! by a committed transaction survives a crash or a power cut), writing a batch of entries as one
//! transaction, and reading entries and corrective actions back.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::{DEADLINE_DAYS, NONCONFORMING, RecordsError, Span, schema};

pub struct Store {
    pub conn: Connection,
    pub path: PathBuf,
}

/// An entry as stored: the row as it was imported, when it was entered, and its place among the
/// revisions of its (date, item, checker).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: i64,
    #[serde(flatten)]
    pub row: NewEntry,
    /// RFC 3339, with the offset of the machine that recorded it.
    pub entered_at: String,
    /// 0 for the first entry of a (date, item, checker); each amendment adds one.
    pub revision: i64,
    /// The entry this one corrects.
    pub amends: Option<i64>,
}

/// The columns of an entry, in the order the seal hashes them.
pub const ENTRY_COLUMNS: &str = "id, date, item_no, item_id, point, result, problem, handling, \
     checker, entered_at, source, revision, amends";

impl Entry {
    fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
        Ok(Entry {
            id: r.get(0)?,
            row: NewEntry {
                date: r.get(1)?,
                item_no: r.get(2)?,
                item_id: r.get(3)?,
                point: r.get(4)?,
                result: r.get(5)?,
                problem: r.get(6)?,
                handling: r.get(7)?,
                checker: r.get(8)?,
                source: r.get(10)?,
            },
            entered_at: r.get(9)?,
            revision: r.get(11)?,
            amends: r.get(12)?,
        })
    }

    /// The day it was entered (its own offset), for 补记.
    pub fn entered_on(&self) -> Option<NaiveDate> {
        chrono::DateTime::parse_from_rfc3339(&self.entered_at)
            .ok()
            .map(|t| t.date_naive())
    }

    /// Entered more than `late_days` after its date: 补记.
    pub fn is_late(&self, late_days: u32) -> bool {
        self.entered_on()
            .is_some_and(|d| (d - self.row.date).num_days() > i64::from(late_days))
    }
}

/// What one row of a record file says: the checked item on a date, its result and who checked.
#[derive(Debug, Clone, Serialize)]
pub struct NewEntry {
    pub date: NaiveDate,
    pub item_no: i64,
    pub item_id: String,
    pub point: String,
    pub result: String,
    pub problem: String,
    pub handling: String,
    pub checker: String,
    /// Where it came from: `file:row` or `file sheet!row`.
    pub source: String,
}

/// A validated row, ready to store, with who owns the corrective action it opens if it is a
/// 不符合 (the item's responsible person on its date).
#[derive(Debug, Clone)]
pub struct Validated {
    pub entry: NewEntry,
    pub owner: String,
}

/// A corrective action.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub id: i64,
    pub result_id: i64,
    pub date: NaiveDate,
    pub item_id: String,
    pub checker: String,
    pub problem: String,
    pub owner: String,
    pub deadline: NaiveDate,
    /// `open`, `closed`, or `superseded` by an amendment of its entry to 符合 or 不适用.
    pub status: String,
    pub evidence: Option<String>,
    pub verified_by: Option<String>,
    pub verified_at: Option<NaiveDate>,
    pub opened_at: String,
    /// The entry that amended the 不符合 away, when `superseded`.
    pub superseded_by: Option<i64>,
}

impl Action {
    /// Closed on or before `day`.
    pub fn closed_by(&self, day: NaiveDate) -> bool {
        self.status == "closed" && self.verified_at.is_some_and(|v| v <= day)
    }

    /// Withdrawn: a later revision of its entry is no longer a 不符合.
    pub fn is_superseded(&self) -> bool {
        self.status == "superseded"
    }

    /// 已整改, 未整改 or 已撤销 (now, not as of a day).
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "closed" => "已整改",
            "superseded" => "已撤销",
            _ => "未整改",
        }
    }
}

/// What one import did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Written {
    pub new: usize,
    pub amended: usize,
    pub unchanged: usize,
    pub actions_opened: usize,
    /// Open actions whose 不符合 an amendment turned into 符合 or 不适用.
    pub actions_superseded: usize,
}

impl Store {
    /// Opens the store at `path`, creating it (and migrating it to the current schema).
    pub fn open(path: &Path) -> Result<Store, RecordsError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers never block the writer and a crash mid-write leaves the last commit intact;
        // FULL: each commit is on disk before it is acknowledged.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Opens a store that must exist already (every command but import).
    pub fn open_existing(path: &Path) -> Result<Store, RecordsError> {
        if !path.is_file() {
            return Err(RecordsError::Missing(path.to_path_buf()));
        }
        Store::open(path)
    }

    /// Writes `rows` in one transaction: a row equal to the latest entry of its (date, item,
    /// checker) changes nothing, a different one becomes an amendment of it, and each new
    /// 不符合 opens a corrective action; an amendment that is no longer a 不符合 supersedes the
    /// row's open action (the amendment is its evidence). Nothing is written unless everything is.
    pub fn write(&mut self, rows: &[Validated], entered_at: &str) -> Result<Written, RecordsError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut written = Written::default();
        {
            let mut latest = tx.prepare(
                "SELECT id, revision, result, problem, handling FROM daily_result
                 WHERE date = ?1 AND item_id = ?2 AND checker = ?3
                 ORDER BY revision DESC LIMIT 1",
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO daily_result (date, item_no, item_id, point, result, problem,
                     handling, checker, entered_at, source, revision, amends)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut open = tx.prepare(
                "INSERT OR IGNORE INTO corrective_action (result_id, date, item_id, checker,
                     problem, owner, deadline, opened_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut supersede = tx.prepare(
                "UPDATE corrective_action SET status = 'superseded', superseded_by = ?4
                 WHERE date = ?1 AND item_id = ?2 AND checker = ?3 AND status = 'open'",
            )?;
            for Validated { entry: row, owner } in rows {
                let previous = latest
                    .query_row(params![row.date, row.item_id, row.checker], |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, i64>(1)?,
                            (
                                r.get::<_, String>(2)?,
                                r.get::<_, String>(3)?,
                                r.get::<_, String>(4)?,
                            ),
                        ))
                    })
                    .optional()?;
                let (revision, amends) = match &previous {
                    Some((_, _, (result, problem, handling)))
                        if *result == row.result
                            && *problem == row.problem
                            && *handling == row.handling =>
                    {
                        written.unchanged += 1;
                        continue;
                    }
                    Some((id, revision, _)) => (revision + 1, Some(*id)),
                    None => (0, None),
                };
                insert.execute(params![
                    row.date,
                    row.item_no,
                    row.item_id,
                    row.point,
                    row.result,
                    row.problem,
                    row.handling,
                    row.checker,
                    entered_at,
                    row.source,
                    revision,
                    amends
                ])?;
                if amends.is_some() {
                    written.amended += 1;
                } else {
                    written.new += 1;
                }
                let id = tx.last_insert_rowid();
                if row.result == NONCONFORMING {
                    let deadline = row.date + chrono::Days::new(DEADLINE_DAYS as u64);
                    written.actions_opened += open.execute(params![
                        id,
                        row.date,
                        row.item_id,
                        row.checker,
                        row.problem,
                        owner,
                        deadline,
                        entered_at
                    ])?;
                } else if amends.is_some() {
                    written.actions_superseded +=
                        supersede.execute(params![row.date, row.item_id, row.checker, id])?;
                }
            }
        }
        tx.commit()?;
        Ok(written)
    }

    /// The entries dated within `span` (all of them without one); with `current`, only the
    /// latest revision of each (date, item, checker). Ordered by date, item number, checker.
    pub fn entries(&self, span: Option<Span>, current: bool) -> Result<Vec<Entry>, RecordsError> {
        let (from, to) = span.map_or(("0000-01-01".into(), "9999-12-31".into()), |s| {
            (s.from.to_string(), s.to.to_string())
        });
        let latest = if current {
            "AND id NOT IN (SELECT amends FROM daily_result WHERE amends IS NOT NULL)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM daily_result WHERE date BETWEEN ?1 AND ?2 {latest}
             ORDER BY date, item_no, checker, revision"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![from, to], Entry::from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every corrective action, oldest first.
    pub fn actions(&self) -> Result<Vec<Action>, RecordsError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, result_id, date, item_id, checker, problem, owner, deadline, status,
                 evidence, verified_by, verified_at, opened_at, superseded_by
             FROM corrective_action ORDER BY date, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Action {
                id: r.get(0)?,
                result_id: r.get(1)?,
                date: r.get(2)?,
                item_id: r.get(3)?,
                checker: r.get(4)?,
                problem: r.get(5)?,
                owner: r.get(6)?,
                deadline: r.get(7)?,
                status: r.get(8)?,
                evidence: r.get(9)?,
                verified_by: r.get(10)?,
                verified_at: r.get(11)?,
                opened_at: r.get(12)?,
                superseded_by: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Closes an open corrective action with the evidence of the fix, who verified it and when.
    pub fn close_action(
        &mut self,
        id: i64,
        evidence: &str,
        verified_by: &str,
        on: NaiveDate,
    ) -> Result<(), RecordsError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let status: Option<String> = tx
            .query_row(
                "SELECT status FROM corrective_action WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match status.as_deref() {
            None => return Err(RecordsError::UnknownAction(id)),
            Some("closed") => return Err(RecordsError::Closed(id)),
            Some("superseded") => return Err(RecordsError::Superseded(id)),
            Some(_) => {}
        }
        tx.execute(
            "UPDATE corrective_action SET status = 'closed', evidence = ?2, verified_by = ?3,
                 verified_at = ?4 WHERE id = ?1",
            params![id, evidence, verified_by, on],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// SQLite's own consistency check: `ok`, or what is wrong.
    pub fn integrity(&self) -> Result<String, RecordsError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(result: &str) -> Validated {
        Validated {
            entry: NewEntry {
                date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
                item_no: 3,
                item_id: "p-1".into(),
                point: "原料验收".into(),
                result: result.into(),
                problem: if result == NONCONFORMING {
                    "缺证".into()
                } else {
                    String::new()
                },
                handling: String::new(),
                checker: "王芳".into(),
                source: "t.csv:2".into(),
            },
            owner: "王芳".into(),
        }
    }

    /// When the test's rows are entered.
    const T: &str = "2026-11-02T17:00:00+08:00";

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        (dir, store)
    }

    #[test]
    fn rewriting_changes_nothing_and_a_change_amends() {
        let (_dir, mut store) = temp_store();
        assert_eq!(store.write(&[row("符合")], T).unwrap().new, 1);
        assert_eq!(store.write(&[row("符合")], T).unwrap().unchanged, 1);
        let w = store.write(&[row("不符合")], T).unwrap();
        assert_eq!((w.amended, w.actions_opened), (1, 1));
        let all = store.entries(None, false).unwrap();
        let current = store.entries(None, true).unwrap();
        assert_eq!((all.len(), current.len()), (2, 1));
        assert_eq!(current[0].amends, Some(all[0].id));
        let err = store
            .conn
            .execute("UPDATE daily_result SET result = '符合'", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        store
            .close_action(1, "已更换", "黄丽萍", current[0].row.date)
            .unwrap();
        assert!(matches!(
            store.close_action(1, "x", "y", current[0].row.date),
            Err(RecordsError::Closed(1))
        ));
    }

    #[test]
    fn an_amendment_to_a_pass_supersedes_the_open_action_and_a_new_failure_reopens() {
        let (_dir, mut store) = temp_store();
        assert_eq!(store.write(&[row("不符合")], T).unwrap().actions_opened, 1);
        let w = store.write(&[row("符合")], T).unwrap();
        assert_eq!((w.amended, w.actions_superseded), (1, 1));
        let actions = store.actions().unwrap();
        assert_eq!(actions.len(), 1);
        let amendment = store.entries(None, true).unwrap()[0].id;
        assert!(actions[0].is_superseded());
        assert_eq!(actions[0].superseded_by, Some(amendment));
        assert_eq!(actions[0].status_label(), "已撤销");
        assert!(matches!(
            store.close_action(actions[0].id, "x", "黄丽萍", actions[0].date),
            Err(RecordsError::Superseded(_))
        ));
        // The entry is 不符合 again: a new action, the withdrawn one kept as it was.
        let w = store.write(&[row("不符合")], T).unwrap();
        assert_eq!((w.actions_opened, w.actions_superseded), (1, 0));
        let actions = store.actions().unwrap();
        assert_eq!(actions.len(), 2);
        assert!(actions[0].is_superseded() && actions[1].status == "open");
        // An amendment that stays a 不符合 keeps the open action.
        let mut reworded = row("不符合");
        reworded.entry.problem = "缺出厂合格证".into();
        let w = store.write(&[reworded], T).unwrap();
        assert_eq!(
            (w.amended, w.actions_opened, w.actions_superseded),
            (1, 0, 0)
        );
        assert_eq!(store.actions().unwrap()[1].status, "open");
    }
}
