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
use rusqlite::{Connection, TransactionBehavior};

use super::RecordsError;

/// The migrations, oldest first; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[r"
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

CREATE TABLE corrective_action (
    id          INTEGER PRIMARY KEY,
    result_id   INTEGER NOT NULL REFERENCES daily_result(id),
    date        TEXT    NOT NULL,
    item_id     TEXT    NOT NULL,
    checker     TEXT    NOT NULL,
    problem     TEXT    NOT NULL,
    owner       TEXT    NOT NULL,
    deadline    TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    evidence    TEXT,
    verified_by TEXT,
    verified_at TEXT,
    opened_at   TEXT    NOT NULL,
    UNIQUE (date, item_id, checker)
);
CREATE TRIGGER corrective_action_close_once BEFORE UPDATE ON corrective_action
WHEN OLD.status <> 'open' OR NEW.id <> OLD.id OR NEW.result_id <> OLD.result_id
  OR NEW.date <> OLD.date OR NEW.problem <> OLD.problem OR NEW.deadline <> OLD.deadline
BEGIN SELECT RAISE(ABORT, 'a corrective action is closed once and otherwise never changed'); END;
CREATE TRIGGER corrective_action_no_delete BEFORE DELETE ON corrective_action
BEGIN SELECT RAISE(ABORT, 'corrective actions are never deleted'); END;

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
"];

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
}
