//! Literal prefilters for model-code patterns: strings at least one of which every match of a
//! pattern contains, read off the pattern's syntax tree. The matcher runs a pattern only on names
//! holding one of them, so most of the catalog's patterns cost a substring test on most names.
use std::collections::BTreeSet;

use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Above this many characters a class is not spelled out (`[XYZ]` is, `\d` is not).
const MAX_CLASS: usize = 4;
/// Above this many strings a set is not spelled out.
const MAX_SET: usize = 16;
/// Above this many repetitions a repeated part is not spelled out.
const MAX_REPEAT: u32 = 4;

type Set = BTreeSet<String>;

/// What a part of a pattern can match, as far as literals tell.
struct Lits {
    /// Every string it can match, when they are few.
    exact: Option<Set>,
    /// Non-empty strings one of which each of its matches contains, when known.
    required: Option<Set>,
}

impl Lits {
    fn exact(set: Set) -> Lits {
        Lits {
            exact: Some(set),
            required: None,
        }
    }

    fn unknown() -> Lits {
        Lits {
            exact: None,
            required: None,
        }
    }

    /// The better of its exact and its required strings, as a prefilter.
    fn best(self) -> Option<Set> {
        [self.exact.and_then(usable), self.required]
            .into_iter()
            .flatten()
            .max_by_key(quality)
    }
}

/// Strings at least one of which every match of `pattern` contains, sorted, or None when there
/// are none to be sure of (the pattern must then run on every text). The pattern is read as
/// regex-lite reads it: in ASCII mode (ASCII `\d`, `\w`, `\s` and case folding, as regex-lite's),
/// or, when it has non-ASCII classes, in Unicode mode, whose classes and case folding hold the
/// ASCII ones; a pattern neither reads gets no prefilter.
pub(super) fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let ascii = ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern);
    let hir = ascii
        .ok()
        .or_else(|| ParserBuilder::new().build().parse(pattern).ok())?;
    Some(summarise(&hir).best()?.into_iter().collect())
}

/// A set fit to prefilter with: not empty (that would claim the part never matches) and without
/// the empty string (which every text contains).
fn usable(set: Set) -> Option<Set> {
    (!set.is_empty() && !set.contains("")).then_some(set)
}

/// How selective a prefilter is: the longer its shortest string the better, up to a length that
/// rarely occurs by chance anyway, then the fewer strings.
fn quality(set: &Set) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(|s| s.chars().count()).min().unwrap_or(0);
    (shortest.min(3), std::cmp::Reverse(set.len()))
}

fn summarise(hir: &Hir) -> Lits {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Lits::exact(Set::from([String::new()])),
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).map_or_else(
            |_| Lits::unknown(),
            |s| Lits::exact(Set::from([s.to_string()])),
        ),
        HirKind::Class(class) => class_chars(class).map_or_else(Lits::unknown, Lits::exact),
        HirKind::Capture(capture) => summarise(&capture.sub),
        HirKind::Repetition(rep) => {
            let sub = summarise(&rep.sub);
            let exact = match (rep.max, &sub.exact) {
                (Some(max), Some(each)) if max <= MAX_REPEAT => {
                    (rep.min..=max).try_fold(Set::new(), |all, n| union(all, power(each, n)?))
                }
                _ => None,
            };
            Lits {
                exact,
                required: if rep.min > 0 { sub.best() } else { None },
            }
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => {
            let branches: Vec<Lits> = subs.iter().map(summarise).collect();
            let exact = branches
                .iter()
                .try_fold(Set::new(), |all, b| union(all, b.exact.clone()?));
            // Each match matches one branch, so it holds one of that branch's strings.
            let required = branches
                .into_iter()
                .try_fold(Set::new(), |all, b| union(all, b.best()?));
            Lits { exact, required }
        }
    }
}

/// A concatenation: runs of parts whose strings are spelled out are multiplied out into longer
/// strings; the most selective run or part is what every match must contain.
fn concat(subs: &[Hir]) -> Lits {
    let empty = || Set::from([String::new()]);
    let mut whole = Some(empty());
    let mut run = empty();
    let mut candidates: Vec<Set> = Vec::new();
    for part in subs.iter().map(summarise) {
        whole = whole
            .zip(part.exact.as_ref())
            .and_then(|(w, e)| cross(&w, e));
        match part.exact.as_ref().and_then(|e| cross(&run, e)) {
            Some(longer) => run = longer,
            None => {
                run = part.exact.clone().unwrap_or_else(empty);
                candidates.extend(part.best());
            }
        }
        // Every prefix of a run is a candidate: a longer one may only add strings.
        candidates.push(run.clone());
    }
    let required = candidates
        .into_iter()
        .filter_map(usable)
        .max_by_key(quality);
    Lits {
        exact: whole,
        required,
    }
}

/// The characters of a small class.
fn class_chars(class: &Class) -> Option<Set> {
    let chars: Vec<char> = match class {
        Class::Unicode(c) => {
            let count: usize = c
                .ranges()
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            if count > MAX_CLASS {
                return None;
            }
            c.iter().flat_map(|r| r.start()..=r.end()).collect()
        }
        Class::Bytes(c) => {
            let count: usize = c
                .ranges()
                .iter()
                .map(|r| usize::from(r.end() - r.start()) + 1)
                .sum();
            if count > MAX_CLASS || c.ranges().iter().any(|r| !r.end().is_ascii()) {
                return None;
            }
            c.iter()
                .flat_map(|r| r.start()..=r.end())
                .map(char::from)
                .collect()
        }
    };
    Some(chars.into_iter().map(String::from).collect())
}

/// Every string of `a` followed by one of `b`, when not too many.
fn cross(a: &Set, b: &Set) -> Option<Set> {
    (a.len() * b.len() <= MAX_SET).then(|| {
        a.iter()
            .flat_map(|x| b.iter().map(move |y| format!("{x}{y}")))
            .collect()
    })
}

/// `n` strings of `each` in a row.
fn power(each: &Set, n: u32) -> Option<Set> {
    (0..n).try_fold(Set::from([String::new()]), |all, _| cross(&all, each))
}

fn union(mut a: Set, b: Set) -> Option<Set> {
    a.extend(b);
    (a.len() <= MAX_SET).then_some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(pattern: &str) -> Option<Vec<String>> {
        required_literals(pattern)
    }

    fn strings(items: &[&str]) -> Option<Vec<String>> {
        Some(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn runs_of_literals_and_small_classes_are_multiplied_out() {
        assert_eq!(lits(r"\bZX7-\d{3}"), strings(&["ZX7-"]));
        assert_eq!(lits(r"\bXPS\b"), strings(&["XPS"]));
        // Three characters are selective enough: then fewer strings win.
        assert_eq!(lits(r"\bZST[XZPB]\d"), strings(&["ZST"]));
        assert_eq!(lits(r"\bPPG[IL]\b"), strings(&["PPG"]));
        assert_eq!(lits(r"\d{2,3}QJD?\d"), strings(&["QJ"]));
        assert_eq!(lits(r"\bMT-?1[0-8][A-D]?\b"), strings(&["MT-1", "MT1"]));
    }

    #[test]
    fn alternations_need_every_branch_known() {
        assert_eq!(lits(r"(?:^|[^A-Z])UPS(?:[^A-Z]|$)"), strings(&["UPS"]));
        assert_eq!(
            lits(r"\bDZ(?:47|15|20|12|108)"),
            strings(&["DZ108", "DZ12", "DZ15", "DZ20", "DZ47"])
        );
        // One branch without a literal: no prefilter from the alternation, but the rest still counts.
        assert_eq!(lits(r"(?:AB|.+)"), None);
        assert_eq!(lits(r"(?:AB|[XY]+)"), strings(&["AB", "X", "Y"]));
        assert_eq!(lits(r"(?:AB|\d+)XYZ"), strings(&["XYZ"]));
        assert_eq!(
            lits(r"(?:[Z2]RC?|Z[ABC])-[A-Z]"),
            strings(&["2R-", "2RC-", "ZA-", "ZB-", "ZC-", "ZR-", "ZRC-"])
        );
    }

    #[test]
    fn optional_and_unbounded_parts_are_not_required() {
        assert_eq!(lits(r"(?:ABC)?."), None);
        assert_eq!(lits(r"A*B"), strings(&["B"]));
        assert_eq!(lits(r"(?:AB)+"), strings(&["AB"]));
        assert_eq!(lits(r"(?:AB){0,2}"), None);
        assert_eq!(lits(r"\d+"), None);
        assert_eq!(lits(r".*"), None);
    }

    #[test]
    fn case_insensitive_patterns_keep_every_case() {
        // regex-lite folds ASCII case only; every casing must be among the literals.
        let found = lits(r"(?i)kvv").unwrap();
        assert_eq!(found.len(), 8);
        for s in ["KVV", "Kvv", "kVv", "kvv"] {
            assert!(found.contains(&s.to_string()), "{s} missing from {found:?}");
        }
        assert_eq!(lits(r"(?i:ab)C").unwrap().len(), 4);
    }

    #[test]
    fn non_ascii_classes_and_literals_are_read_in_unicode_mode() {
        assert_eq!(
            lits(r"(?:^|[^0-9])(?:89|92)[#号]汽油"),
            strings(&["89#汽油", "89号汽油", "92#汽油", "92号汽油"])
        );
        // A large class is not spelled out; the literal beside it is.
        assert_eq!(lits(r"[\u4e00-\u9fff]+型"), strings(&["型"]));
    }

    #[test]
    fn patterns_that_do_not_parse_or_never_match_get_no_prefilter() {
        assert_eq!(lits(r"(?P<x"), None);
        assert_eq!(lits(r"[^\x00-\x{10FFFF}]"), None);
    }
}
