//! Which edition applies on a date, and which changes of edition are close to it.
//!
//! A citation is resolved along its *lineage*: the predecessors of its number while each has
//! exactly one (so a citation of a new edition dated before its switch falls back to the old one),
//! the number itself, and its direct successors (`replaced_by`, first entry). The edition in force
//! is the last edition along that line whose start date has come.
use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::{
    Citation, Edition, EditionRef, Milestone, Registry, Standard, StandardsError, Verified,
    parse_citations,
};

/// Months after the document date in which a coming edition calls for a transition item.
pub const UPCOMING_MONTHS: u32 = 12;
/// Months before the document date in which a new edition still calls for a transition item.
pub const RECENT_MONTHS: u32 = 6;

/// The edition that applies on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InForce {
    pub edition: EditionRef,
    /// Its implementation date, when recorded.
    pub since: Option<NaiveDate>,
    /// Standards that replaced a predecessor together with `edition` and apply alongside it
    /// (e.g. a new general mandatory standard next to the re-issued product standard).
    pub also: Vec<EditionRef>,
    pub verified: Verified,
}

/// One change of edition along a lineage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub from: EditionRef,
    /// The successor first, then standards that apply alongside it.
    pub to: Vec<EditionRef>,
    pub effective: NaiveDate,
    /// False when `effective` is assumed (January 1 of the edition year).
    pub date_known: bool,
    pub milestones: Vec<Milestone>,
    pub verified: Verified,
    pub note: Option<String>,
}

/// Where a change lies relative to the document date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Takes effect within [`UPCOMING_MONTHS`] after the date: prepare the switch.
    Upcoming,
    /// Took effect within [`RECENT_MONTHS`] before the date: confirm the switch is complete.
    Recent,
    /// Took effect earlier, but one of its milestones falls in that window.
    Ongoing,
}

/// A change close enough to the document date to need a checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub phase: Phase,
    #[serde(flatten)]
    pub change: Change,
}

/// A text with every citation in it resolved for a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rewritten {
    pub text: String,
    pub resolutions: Vec<Resolution>,
}

/// How a cited edition stands on the document date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationStatus {
    /// The cited edition is the one in force.
    Current,
    /// A later edition (possibly under another number) is in force.
    Superseded,
    /// The cited edition does not apply yet.
    NotYetInForce,
    /// No year: the citation means the current edition.
    Undated,
}

/// A citation resolved for a document date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub citation: Citation,
    pub status: CitationStatus,
    /// `None` when no edition along the lineage applies yet on the date.
    pub in_force: Option<InForce>,
    pub transitions: Vec<Transition>,
}

impl Resolution {
    /// The citation as a document dated on the resolution date prints it. A clause is kept only
    /// while the cited edition applies, since new editions renumber clauses; other detail (a title,
    /// a subject) is kept.
    pub fn text(&self) -> String {
        let c = &self.citation;
        let Some(f) = &self.in_force else {
            return c.to_string();
        };
        let (mut out, keep_clause) = match self.status {
            CitationStatus::Current => (f.edition.to_string(), true),
            CitationStatus::Undated => (f.edition.number.clone(), f.edition.number == c.number),
            _ => (f.edition.to_string(), false),
        };
        let clause = c.clause.as_ref().filter(|_| keep_clause);
        for part in [clause, c.detail.as_ref()].into_iter().flatten() {
            // "GB 42295-2022 第4.3条（布线）": no space before full-width punctuation.
            if !part.starts_with(['（', '《', '〔', '(']) {
                out.push(' ');
            }
            out.push_str(part);
        }
        for also in &f.also {
            out.push('、');
            out.push_str(&also.to_string());
        }
        out
    }

    pub fn is_superseded(&self) -> bool {
        self.status == CitationStatus::Superseded
    }
}

fn edition_ref(s: &Standard, e: &Edition) -> EditionRef {
    EditionRef {
        number: s.number.clone(),
        year: e.year,
    }
}

impl Registry {
    /// The numbers a citation of `number` can resolve to, oldest first, each with the editions
    /// that belong to the line (a successor joins at the edition that replaced its predecessor).
    fn lineage(&self, number: &str) -> Result<Vec<(&Standard, &[Edition])>, StandardsError> {
        let start = self.require(number)?;
        let mut back: Vec<&Standard> = Vec::new();
        let mut cur = start;
        while let [only] = cur.replaces.as_slice() {
            let prev = self.require(&only.number)?;
            if prev.number == start.number || back.iter().any(|s| s.number == prev.number) {
                break;
            }
            back.push(prev);
            cur = prev;
        }
        let mut line: Vec<(&Standard, &[Edition])> = back
            .into_iter()
            .rev()
            .map(|s| (s, s.editions.as_slice()))
            .collect();
        let forward =
            self.successor_chain(&start.number)
                .map_err(|message| StandardsError::Invalid {
                    file: "standards registry".into(),
                    number: start.number.clone(),
                    message,
                })?;
        let mut joined_at = None;
        for s in forward {
            let from = joined_at.map_or(0, |year| {
                s.editions
                    .iter()
                    .position(|e| e.year >= year)
                    .unwrap_or(s.editions.len())
            });
            line.push((s, &s.editions[from..]));
            joined_at = s.replaced_by.first().map(|t| t.year);
        }
        Ok(line)
    }

    /// The edition of `number`'s lineage in force on `date`; `None` if none has started yet.
    pub fn edition_in_force(
        &self,
        number: &str,
        date: NaiveDate,
    ) -> Result<Option<InForce>, StandardsError> {
        self.in_force_along(&self.lineage(number)?, date)
    }

    /// [`Registry::edition_in_force`] along a lineage.
    fn in_force_along(
        &self,
        line: &[(&Standard, &[Edition])],
        date: NaiveDate,
    ) -> Result<Option<InForce>, StandardsError> {
        let mut found: Option<InForce> = None;
        let mut also = Vec::new();
        for &(s, editions) in line {
            for e in editions.iter().filter(|e| e.start().0 <= date) {
                found = Some(InForce {
                    edition: edition_ref(s, e),
                    since: e.implemented,
                    also: Vec::new(),
                    verified: e.verified,
                });
            }
            if let [first, others @ ..] = s.replaced_by.as_slice()
                && self.edition(first)?.start().0 <= date
            {
                for other in others {
                    if self.edition(other)?.start().0 <= date {
                        also.push(other.clone());
                    }
                }
            }
        }
        Ok(found.map(|f| InForce { also, ..f }))
    }

    /// The changes of edition along a lineage, oldest first, that take effect within
    /// [`UPCOMING_MONTHS`] after `date` or took effect within [`RECENT_MONTHS`] before it, or
    /// have a milestone in that window. Changes whose date is only assumed are left out.
    fn transitions_along(
        &self,
        line: &[(&Standard, &[Edition])],
        date: NaiveDate,
    ) -> Result<Vec<Transition>, StandardsError> {
        let (from, until) = window(date);
        let in_window = |d: NaiveDate| from <= d && d <= until;
        let mut out = Vec::new();
        for &(s, editions) in line {
            // (old edition, the editions replacing it when another number does, new edition)
            let successor = match (s.replaced_by.first(), s.editions.last()) {
                (Some(first), Some(last)) => {
                    Some((last, Some(&s.replaced_by), self.edition(first)?))
                }
                _ => None,
            };
            let steps = editions.windows(2).map(|pair| (&pair[0], None, &pair[1]));
            for (old, to, target) in steps.chain(successor) {
                let (effective, date_known) = target.start();
                let near = (date_known && in_window(effective))
                    || target.milestones.iter().any(|m| in_window(m.date));
                if !near {
                    continue;
                }
                let to = to.cloned().unwrap_or_else(|| vec![edition_ref(s, target)]);
                out.push(Transition {
                    phase: if effective > date {
                        Phase::Upcoming
                    } else if date_known && effective >= from {
                        Phase::Recent
                    } else {
                        Phase::Ongoing
                    },
                    change: change(edition_ref(s, old), to, target),
                });
            }
        }
        Ok(out)
    }

    /// Resolves one citation for a document dated `date`.
    pub fn resolve(
        &self,
        citation: &Citation,
        date: NaiveDate,
    ) -> Result<Resolution, StandardsError> {
        if citation.series {
            return Err(StandardsError::Series(citation.number.clone()));
        }
        let cited = citation.edition();
        if let Some(r) = &cited {
            self.edition(r)?;
        }
        let line = self.lineage(&citation.number)?;
        let in_force = self.in_force_along(&line, date)?;
        let status = match (&cited, &in_force) {
            (None, _) => CitationStatus::Undated,
            (Some(c), Some(f)) if *c == f.edition => CitationStatus::Current,
            (Some(c), _) if self.edition(c)?.start().0 > date => CitationStatus::NotYetInForce,
            _ => CitationStatus::Superseded,
        };
        Ok(Resolution {
            citation: citation.clone(),
            status,
            in_force,
            transitions: self.transitions_along(&line, date)?,
        })
    }

    /// Replaces every citation in `text` (a `basis:` or a measure) with what a document dated
    /// `date` prints ([`Resolution::text`]); series references, citations whose edition is the
    /// one in force or that name no year, and pinned ones ([`super::is_pinned`]) stay as written.
    pub fn rewrite(&self, text: &str, date: NaiveDate) -> Result<Rewritten, StandardsError> {
        let mut out = String::with_capacity(text.len());
        let mut resolutions = Vec::new();
        let mut at = 0;
        for citation in parse_citations(text).into_iter().filter(|c| !c.series) {
            let resolution = self.resolve(&citation, date)?;
            if matches!(
                resolution.status,
                CitationStatus::Current | CitationStatus::Undated
            ) || super::is_pinned(text, &citation)
            {
                resolutions.push(resolution);
                continue;
            }
            out.push_str(&text[at..citation.span.start]);
            out.push_str(&resolution.text());
            at = citation.span.end;
            resolutions.push(resolution);
        }
        out.push_str(&text[at..]);
        Ok(Rewritten {
            text: out,
            resolutions,
        })
    }
}

/// The days a document dated `date` looks back and ahead for transitions: from [`RECENT_MONTHS`]
/// before it to [`UPCOMING_MONTHS`] after it.
fn window(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let from = date
        .checked_sub_months(Months::new(RECENT_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let until = date
        .checked_add_months(Months::new(UPCOMING_MONTHS))
        .unwrap_or(NaiveDate::MAX);
    (from, until)
}

/// The first day in `lo..=hi` on which `holds` (false before it, true from it on) holds.
fn first_day(lo: NaiveDate, hi: NaiveDate, holds: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = lo + chrono::Days::new(((hi - lo).num_days() / 2) as u64);
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid.succ_opt().unwrap_or(hi);
        }
    }
    hi
}

impl Registry {
    /// Every day on which some resolution may differ from the day before, sorted: the start of
    /// each edition (the edition in force, [`CitationStatus::NotYetInForce`], a change's phase
    /// turning from upcoming), and the first day each change and milestone enters and leaves the
    /// [`window`] of transitions (also the phase turning from recent to ongoing). Two dates with no
    /// breakpoint in `(earlier, later]` resolve every citation alike, with the same transitions.
    pub fn breakpoints(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let days = |n: u64| chrono::Days::new(n);
        for edition in self.standards().iter().flat_map(|s| &s.editions) {
            let start = edition.start().0;
            out.push(start);
            for d in std::iter::once(start).chain(edition.milestones.iter().map(|m| m.date)) {
                // A year and a month of days bound both searches: UPCOMING_MONTHS ahead is at
                // most 366 days, RECENT_MONTHS back at most 184.
                if let (Some(lo), Some(hi)) =
                    (d.checked_sub_days(days(400)), d.checked_add_days(days(200)))
                {
                    out.push(first_day(lo, d, |date| window(date).1 >= d));
                    out.push(first_day(d, hi, |date| window(date).0 > d));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn change(from: EditionRef, to: Vec<EditionRef>, target: &Edition) -> Change {
    let (effective, date_known) = target.start();
    Change {
        from,
        to,
        effective,
        date_known,
        milestones: target.milestones.clone(),
        verified: target.verified,
        note: target.note.clone(),
    }
}
