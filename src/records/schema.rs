//! The store's schema and its migrations: a versioned list of SQL scripts, each applied once, in
//! order, inside one transaction together with the row that records it in `schema_version`. A
//! store written by a newer riskctl (a version this build does not know) is refused rather than
//! guessed at.
//!
//! Version 1:
//! - `daily_result`: one entry per checked item (date, item no and id, result, problem, handling,
//!   checker, entered_at). Append-only: a change is a new entry with `revision` + 1 that names the
//!   entry it `amends`; triggers refuse UPDATE and DELETE.
//! - `corrective_action`: opened by a 不符合 (problem, owner, deadline); closed once with the
//!   evidence, who verified it and when (the only UPDATE the triggers allow).
//! - `weekly_investigation`, `monthly_meeting`: the director's weekly sign-off and the principal's
//!   monthly meeting, each written when its period is sealed.
//! - `seal`: a period's SHA-256 over its entries, the last entry id it covers and their count.
//!
//! Version 2: a corrective action can be `superseded` by the entry that amends its 不符合 to
//! 符合 or 不适用 (`superseded_by`); only the live (not superseded) action of a date, item and
//! checker is unique, so a later 不符合 of the same row opens a new one. Open actions whose row is
//! already amended that way are superseded by the migration.
use rusqlite::{Connection, TransactionBehavior};

use super::RecordsError;

/// The columns of a corrective action but its status (whose allowed values version 2 widened).
/// Migrations 1 and 2 are both built from this and [`action_triggers`]: never change either.
macro_rules! action_columns {
    () => {
        r"
    id          INTEGER PRIMARY KEY,
    result_id   INTEGER NOT NULL REFERENCES daily_result(id),
    date        TEXT    NOT NULL,
    item_id     TEXT    NOT NULL,
    checker     TEXT    NOT NULL,
    problem     TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    deadline    TEXT    NOT NULL,
    evidence    TEXT,
    verified_by TEXT,
    verified_at TEXT,
    opened_at   TEXT    NOT NULL,"
    };
}

/// A corrective action is closed (or superseded) once and never deleted: the triggers, made with
/// the table in version 1 and again when version 2 rebuilds it.
macro_rules! action_triggers {
    () => {
        r"
CREATE TRIGGER corrective_action_close_once BEFORE UPDATE ON corrective_action
WHEN OLD.status <> 'open' OR NEW.id <> OLD.id OR NEW.result_id <> OLD.result_id
  OR NEW.date <> OLD.date OR NEW.problem <> OLD.problem OR NEW.deadline <> OLD.deadline
BEGIN SELECT RAISE(ABORT, 'a corrective action is closed once and otherwise never changed'); END;
CREATE TRIGGER corrective_action_no_delete BEFORE DELETE ON corrective_action
BEGIN SELECT RAISE(ABORT, 'corrective actions are never deleted'); END;
"
    };
}

/// The migrations, oldest first; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    concat!(
        r"
CREATE TABLE daily_result (
    id          INTEGER PRIMARY KEY,
    date        TEXT    NOT NULL,
    item_no     INTEGER NOT NULL,
    item_id     TEXT    NOT NULL,
    point       TEXT    NOT NULL,
    result      TEXT    NOT NULL CHECK (result IN ('符合', '不符合', '不适用')),
    problem     TEXT    NOT NULL DEFAULT '',
    handling    TEXT    NOT NULL DEFAULT '',
    checker     TEXT    NOT NULL,
    entered_at  TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 0,
    amends      INTEGER REFERENCES daily_result(id),
    UNIQUE (date, item_id, checker, revision)
);
CREATE INDEX daily_result_amends ON daily_result(amends);
CREATE TRIGGER daily_result_no_update BEFORE UPDATE ON daily_result
BEGIN SELECT RAISE(ABORT, 'daily results are append-only: record a new entry that amends it'); END;
CREATE TRIGGER daily_result_no_delete BEFORE DELETE ON daily_result
BEGIN SELECT RAISE(ABORT, 'daily results are append-only'); END;

CREATE TABLE corrective_action (",
        action_columns!(),
        r"
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    UNIQUE (date, item_id, checker)
);
",
        action_triggers!(),
        r"
CREATE TABLE seal (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('week', 'month')),
    period      TEXT    NOT NULL,
    date_from   TEXT    NOT NULL,
    date_to     TEXT    NOT NULL,
    last_id     INTEGER NOT NULL,
    entries     INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    sealed_by   TEXT    NOT NULL,
    sealed_at   TEXT    NOT NULL,
    UNIQUE (kind, period)
);
CREATE TRIGGER seal_no_update BEFORE UPDATE ON seal
BEGIN SELECT RAISE(ABORT, 'seals are never changed'); END;

CREATE TABLE weekly_investigation (
    id          INTEGER PRIMARY KEY,
    week        TEXT    NOT NULL UNIQUE,
    director    TEXT    NOT NULL,
    evaluation  TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    entered_at  TEXT    NOT NULL,
    seal_id     INTEGER NOT NULL REFERENCES seal(id)
);

CREATE TABLE monthly_meeting (
    id          INTEGER PRIMARY KEY,
    month       TEXT    NOT NULL UNIQUE,
    chair       TEXT    NOT NULL,
    held_on     TEXT    NOT NULL,
    decisions   TEXT    NOT NULL DEFAULT '',
    entered_at  TEXT    NOT NULL,
    seal_id     INTEGER NOT NULL REFERENCES seal(id)
);
"
    ),
    concat!(
        r"
CREATE TABLE corrective_action_v2 (",
        action_columns!(),
        r"
    status      TEXT    NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'closed', 'superseded')),
    superseded_by INTEGER REFERENCES daily_result(id)
);
INSERT INTO corrective_action_v2 (id, result_id, date, item_id, checker, problem, owner,
    deadline, evidence, verified_by, verified_at, opened_at, status)
SELECT id, result_id, date, item_id, checker, problem, owner, deadline, evidence,
    verified_by, verified_at, opened_at, status FROM corrective_action;
DROP TABLE corrective_action;
ALTER TABLE corrective_action_v2 RENAME TO corrective_action;
CREATE UNIQUE INDEX corrective_action_live ON corrective_action (date, item_id, checker)
    WHERE status <> 'superseded';
UPDATE corrective_action SET status = 'superseded', superseded_by = latest.id
FROM (SELECT id, date, item_id, checker, result FROM daily_result
      WHERE id NOT IN (SELECT amends FROM daily_result WHERE amends IS NOT NULL)) AS latest
WHERE corrective_action.status = 'open' AND latest.date = corrective_action.date
  AND latest.item_id = corrective_action.item_id AND latest.checker = corrective_action.checker
  AND latest.result <> '不符合';
",
        action_triggers!()
    ),
];

/// The version this build writes.
pub const VERSION: usize = MIGRATIONS.len();

/// Brings the store up to [`VERSION`], applying each missing migration in one transaction.
pub fn migrate(conn: &mut Connection) -> Result<usize, RecordsError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version    INTEGER PRIMARY KEY,
             applied_at TEXT NOT NULL
         );",
    )?;
    let current: usize = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    if current > VERSION {
        return Err(RecordsError::NewerSchema {
            found: current,
            known: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            rusqlite::params![(i + 1) as i64, super::now().to_rfc3339()],
        )?;
    }
    tx.commit()?;
    Ok(VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_refuse_a_newer_store() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), VERSION);
        assert_eq!(migrate(&mut conn).unwrap(), VERSION);
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows as usize, VERSION);
        conn.execute(
            "INSERT INTO schema_version VALUES (?1, 'later')",
            [(VERSION + 1) as i64],
        )
        .unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(RecordsError::NewerSchema { .. })
        ));
    }

    /// A version-1 store whose 不符合 was amended to 符合 keeps no open action for it.
    #[test]
    fn migrating_supersedes_actions_already_amended_away() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
             INSERT INTO schema_version VALUES (1, 'then');
             INSERT INTO daily_result (id, date, item_no, item_id, point, result, problem,
                 checker, entered_at, source, revision, amends) VALUES
               (1, '2026-11-02', 3, 'p-1', '原料验收', '不符合', '缺证', '王芳', 't', 's', 0, NULL),
               (2, '2026-11-02', 3, 'p-1', '原料验收', '符合', '', '王芳', 't', 's', 1, 1),
               (3, '2026-11-03', 3, 'p-1', '原料验收', '不符合', '缺证', '王芳', 't', 's', 0, NULL);
             INSERT INTO corrective_action (result_id, date, item_id, checker, problem, owner,
                 deadline, opened_at) VALUES
               (1, '2026-11-02', 'p-1', '王芳', '缺证', '王芳', '2026-11-09', 't'),
               (3, '2026-11-03', 'p-1', '王芳', '缺证', '王芳', '2026-11-10', 't');",
        )
        .unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), VERSION);
        let mut stmt = conn
            .prepare("SELECT status, superseded_by FROM corrective_action ORDER BY id")
            .unwrap();
        let states: Vec<(String, Option<i64>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            states,
            [
                ("superseded".to_string(), Some(2)),
                ("open".to_string(), None)
            ]
        );
        let err = conn
            .execute("DELETE FROM corrective_action", [])
            .unwrap_err();
        assert!(err.to_string().contains("never deleted"), "{err}");
    }
}
