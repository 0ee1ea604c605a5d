//! Sealing a signed-off week or month: a SHA-256 over every entry dated in it (amendments
//! included), in a canonical order, each field length-prefixed so that no two different sets of
//! entries serialise alike. The seal remembers the last entry id it covers, so an amendment made
//! afterwards (a new entry) leaves it intact, while any change to a covered entry breaks it.
//! Sealing a week records the director's weekly investigation; sealing a month, the monthly
//! meeting.
use rusqlite::{TransactionBehavior, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::store::{ENTRY_COLUMNS, Store};
use super::{Period, RecordsError, Span};

/// The sign-off that goes with a seal.
#[derive(Debug, Clone)]
pub enum SignOff {
    /// The weekly investigation: the director's evaluation of the week and a note.
    Week { evaluation: String, note: String },
    /// The monthly meeting: when it was held and what it decided.
    Month { held_on: String, decisions: String },
}

/// A seal as stored, and (after [`verify`]) whether it still holds.
#[derive(Debug, Clone, Serialize)]
pub struct Seal {
    pub kind: String,
    pub period: String,
    pub date_from: String,
    pub date_to: String,
    pub last_id: i64,
    pub entries: i64,
    pub sha256: String,
    pub sealed_by: String,
    pub sealed_at: String,
}

/// One seal checked against the entries now in the store.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub seal: Seal,
    pub entries_now: i64,
    pub sha256_now: String,
    pub ok: bool,
}

/// Hashes the entries dated in `span` with ids up to `last_id`: (count, hex digest).
pub fn digest(store: &Store, span: Span, last_id: i64) -> Result<(i64, String), RecordsError> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM daily_result WHERE date BETWEEN ?1 AND ?2 AND id <= ?3
         ORDER BY date, item_id, checker, revision, id"
    );
    let mut stmt = store.conn.prepare(&sql)?;
    let mut rows = stmt.query(params![span.from, span.to, last_id])?;
    let mut hash = Sha256::new();
    let mut count = 0;
    let columns = ENTRY_COLUMNS.split(',').count();
    while let Some(row) = rows.next()? {
        count += 1;
        for i in 0..columns {
            let value: rusqlite::types::Value = row.get(i)?;
            let text = match value {
                rusqlite::types::Value::Null => String::new(),
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Real(f) => f.to_string(),
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
            };
            hash.update((text.len() as u64).to_le_bytes());
            hash.update(text.as_bytes());
        }
    }
    let hex = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((count, hex))
}

/// Seals `period`, signed off by `by`; a period is sealed once.
pub fn seal(
    store: &mut Store,
    period: &Period,
    by: &str,
    sign_off: &SignOff,
) -> Result<Seal, RecordsError> {
    let span = period
        .span()
        .ok_or_else(|| RecordsError::Period(period.to_string()))?;
    let name = period.to_string();
    let now = super::try_now()?.to_rfc3339();
    let existing: Option<String> = store
        .conn
        .query_row(
            "SELECT sealed_at FROM seal WHERE kind = ?1 AND period = ?2",
            params![period.kind(), name],
            |r| r.get(0),
        )
        .ok();
    if let Some(sealed_at) = existing {
        return Err(RecordsError::Sealed {
            period: name,
            sealed_at,
        });
    }
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let last_id: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM daily_result", [], |r| {
        r.get(0)
    })?;
    tx.commit()?;
    let (entries, sha256) = digest(store, span, last_id)?;
    if entries == 0 {
        return Err(RecordsError::Empty { period: name });
    }
    let seal = Seal {
        kind: period.kind().into(),
        period: name,
        date_from: span.from.to_string(),
        date_to: span.to.to_string(),
        last_id,
        entries,
        sha256,
        sealed_by: by.into(),
        sealed_at: now.clone(),
    };
    let tx = store
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO seal (kind, period, date_from, date_to, last_id, entries, sha256,
             sealed_by, sealed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seal.kind,
            seal.period,
            seal.date_from,
            seal.date_to,
            seal.last_id,
            seal.entries,
            seal.sha256,
            seal.sealed_by,
            seal.sealed_at
        ],
    )?;
    let seal_id = tx.last_insert_rowid();
    match sign_off {
        SignOff::Week { evaluation, note } => tx.execute(
            "INSERT INTO weekly_investigation (week, director, evaluation, note, entered_at,
                 seal_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![seal.period, by, evaluation, note, now, seal_id],
        )?,
        SignOff::Month { held_on, decisions } => tx.execute(
            "INSERT INTO monthly_meeting (month, chair, held_on, decisions, entered_at, seal_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![seal.period, by, held_on, decisions, now, seal_id],
        )?,
    };
    tx.commit()?;
    Ok(seal)
}

/// Every seal, oldest first.
pub fn seals(store: &Store) -> Result<Vec<Seal>, RecordsError> {
    let mut stmt = store.conn.prepare(
        "SELECT kind, period, date_from, date_to, last_id, entries, sha256, sealed_by, sealed_at
         FROM seal ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Seal {
            kind: r.get(0)?,
            period: r.get(1)?,
            date_from: r.get(2)?,
            date_to: r.get(3)?,
            last_id: r.get(4)?,
            entries: r.get(5)?,
            sha256: r.get(6)?,
            sealed_by: r.get(7)?,
            sealed_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Recomputes every seal over the entries now stored.
pub fn verify(store: &Store) -> Result<Vec<Checked>, RecordsError> {
    seals(store)?
        .into_iter()
        .map(|seal| {
            let period = Period::parse(&seal.period)?;
            let span = period
                .span()
                .ok_or_else(|| RecordsError::Period(seal.period.clone()))?;
            let (entries_now, sha256_now) = digest(store, span, seal.last_id)?;
            Ok(Checked {
                ok: entries_now == seal.entries && sha256_now == seal.sha256,
                entries_now,
                sha256_now,
                seal,
            })
        })
        .collect()
}

/// The weeks whose investigation was signed off and that end within `span`.
pub fn weekly_investigations(store: &Store, span: Span) -> Result<usize, RecordsError> {
    let mut stmt = store
        .conn
        .prepare("SELECT week FROM weekly_investigation")?;
    let weeks = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut n = 0;
    for week in weeks {
        let ends = Period::parse(&week?)?.span().map(|s| s.to);
        if ends.is_some_and(|d| span.contains(d)) {
            n += 1;
        }
    }
    Ok(n)
}
