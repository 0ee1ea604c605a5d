//! Which dates share one checklist. Resolving a profile's checklist is the costly part of an
//! import, and the rows need the daily items (number, id, point, owner) of every date they name.
//! The date enters the checklist in exactly two places:
//! - the state of each product line's production licence and CCC certificate on that date
//!   (valid, expiring, expired, missing: [`Certificate::state`]), which catalog rules test
//!   (`licence: expiring` …) to add or leave out items;
//! - the standards pass: the edition of each cited standard in force, and the standard changes
//!   close enough to add a transition item, which shifts the numbers of the items after it
//!   ([`Registry::breakpoints`] lists every day on which any of that may change).
//!
//! Two dates with the same certificate states and no breakpoint between them therefore get the
//! same items, numbered and worded alike: they share an [`Epoch`], and one resolution serves both.
use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::profile::{Certificate, Profile};
use crate::standards::Registry;
use crate::vocab::{CertKind, CertState};

/// What the checklist of a date depends on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Epoch {
    /// Per product line: its licence's and its CCC certificate's state.
    certificates: Vec<(CertState, CertState)>,
    /// How many registry breakpoints have come by the date.
    standards: usize,
}

/// The epochs of one profile's dates.
pub(super) struct Epochs<'a> {
    profile: &'a Profile,
    breakpoints: Vec<NaiveDate>,
}

impl<'a> Epochs<'a> {
    pub(super) fn new(profile: &'a Profile) -> Result<Epochs<'a>> {
        let registry = Registry::embedded().map_err(|e| Error::Standards(e.to_string()))?;
        Ok(Epochs {
            profile,
            breakpoints: registry.breakpoints(),
        })
    }

    pub(super) fn of(&self, date: NaiveDate) -> Epoch {
        Epoch {
            certificates: self
                .profile
                .product_lines
                .iter()
                .map(|l| {
                    (
                        Certificate::state(CertKind::Licence, l.licence.as_ref(), date),
                        Certificate::state(CertKind::Ccc, l.ccc.as_ref(), date),
                    )
                })
                .collect(),
            standards: self.breakpoints.partition_point(|b| *b <= date),
        }
    }
}
