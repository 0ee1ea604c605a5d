//! Which products can have a clue in a name, told by the name's pairs of adjacent characters. A
//! term or keyword is found only in a name holding its first two characters side by side (the
//! gapped search of a name of four or more characters needs its last two side by side), a
//! model-code pattern runs only on a name holding one of its literals; so each pair (or single
//! character, for one-character strings) lists the products it can wake, and a match looks at
//! those alone (and at the products whose standards the name cites, and those with a pattern no
//! literal prefilters).
use serde::{Deserialize, Serialize};

use super::index::ProductClues;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Sieve {
    /// The keys (see [`key`]) that wake a product, sorted.
    keys: Vec<u64>,
    /// `woken[starts[i]..starts[i + 1]]` are the products `keys[i]` wakes, ascending.
    starts: Vec<u32>,
    woken: Vec<u16>,
    /// Products with a model-code pattern that has no literal prefilter: possible for any name.
    always: Vec<u16>,
}

/// A character followed by another, or alone: no character is `u32::MAX`.
fn key(first: char, second: Option<char>) -> u64 {
    (u64::from(first) << 32) | u64::from(second.map_or(u32::MAX, u32::from))
}

/// The key of the first two characters of `s` (of its one character, if it has one).
fn head_key(mut chars: impl Iterator<Item = char>) -> Option<u64> {
    let first = chars.next()?;
    Some(key(first, chars.next()))
}

/// The keys without one of which product `p` can have no term, keyword or pattern clue.
fn waking_keys(p: &ProductClues) -> impl Iterator<Item = u64> + '_ {
    let terms = p.terms.iter().flat_map(|t| {
        let gapped = (t.len >= 4).then(|| {
            let mut last_two = t.text.chars().rev().take(2);
            let last = last_two.next()?;
            Some(key(last_two.next()?, Some(last)))
        });
        [head_key(t.text.chars()), gapped.flatten()]
    });
    let keywords = p.keywords.iter().map(|k| head_key(k.chars()));
    let needles = p
        .patterns
        .iter()
        .flat_map(|r| r.needles.iter().flatten())
        .map(|n| head_key(n.chars()));
    terms.chain(keywords).chain(needles).flatten()
}

impl Sieve {
    pub(super) fn build(products: &[ProductClues]) -> Sieve {
        let mut by_key = std::collections::BTreeMap::<u64, Vec<u16>>::new();
        let mut always = Vec::new();
        for (i, p) in products.iter().enumerate() {
            let i = u16::try_from(i).expect("fewer than 65536 products");
            for k in waking_keys(p) {
                let woken = by_key.entry(k).or_default();
                if woken.last() != Some(&i) {
                    woken.push(i);
                }
            }
            if p.patterns.iter().any(|r| r.needles.is_none()) {
                always.push(i);
            }
        }
        let mut sieve = Sieve {
            keys: Vec::with_capacity(by_key.len()),
            starts: vec![0],
            woken: Vec::new(),
            always,
        };
        for (k, woken) in by_key {
            sieve.keys.push(k);
            sieve.woken.extend(woken);
            sieve.starts.push(sieve.woken.len() as u32);
        }
        sieve
    }

    /// Marks in `possible` the products that may have a clue in `texts` (the normalised name, in
    /// which terms and keywords are searched, and its spaced form, in which patterns are).
    pub(super) fn wake(&self, texts: [&str; 2], possible: &mut ProductSet) {
        let mut wake = |k: u64| {
            if let Ok(at) = self.keys.binary_search(&k) {
                let woken = &self.woken[self.starts[at] as usize..self.starts[at + 1] as usize];
                woken.iter().for_each(|&i| possible.insert(usize::from(i)));
            }
        };
        for text in texts {
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                wake(key(c, None));
                if let Some(&next) = chars.peek() {
                    wake(key(c, Some(next)));
                }
            }
        }
        self.always
            .iter()
            .for_each(|&i| possible.insert(usize::from(i)));
    }
}

/// A set of product positions.
pub(super) struct ProductSet(Vec<u64>);

impl ProductSet {
    pub(super) fn new(products: usize) -> ProductSet {
        ProductSet(vec![0; products.div_ceil(64)])
    }

    pub(super) fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// The positions, ascending.
    pub(super) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

#[cfg(test)]
mod tests {
    use regex_lite::Regex;
    use regex_syntax::hir::{Class, Hir, HirKind};

    use super::super::{ClueKind, Input, Matcher};

    /// A string `hir` matches, for patterns without look-arounds that contradict each other: the
    /// first branch of each alternation, the fewest repetitions, and of each class a space, else
    /// its first letter or digit, else its first character.
    fn sample(hir: &Hir, out: &mut String) {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).unwrap()),
            HirKind::Class(Class::Unicode(class)) => {
                let chars = || class.iter().flat_map(|r| r.start()..=r.end());
                let pick = chars().find(|c| *c == ' ');
                let pick = pick.or_else(|| chars().find(char::is_ascii_alphanumeric));
                out.push(pick.or_else(|| chars().next()).unwrap());
            }
            HirKind::Class(Class::Bytes(_)) => unreachable!("patterns are read in Unicode mode"),
            HirKind::Repetition(rep) => (0..rep.min).for_each(|_| sample(&rep.sub, out)),
            HirKind::Capture(capture) => sample(&capture.sub, out),
            HirKind::Concat(subs) => subs.iter().for_each(|s| sample(s, out)),
            HirKind::Alternation(subs) => sample(&subs[0], out),
        }
    }

    /// Whether product `i` has a model-code pattern matching the input, by the regex alone.
    fn pattern_matches(m: &Matcher, i: usize, input: &Input) -> bool {
        m.products[i]
            .patterns
            .iter()
            .any(|r| Regex::new(&r.source).unwrap().is_match(&input.spaced))
    }

    /// A code each catalog pattern matches, bare and inside a name.
    fn codes(m: &Matcher) -> Vec<(usize, String)> {
        let mut codes = Vec::new();
        for (i, p) in m.products.iter().enumerate() {
            for r in &p.patterns {
                let mut code = String::new();
                sample(&regex_syntax::parse(&r.source).unwrap(), &mut code);
                codes.push((i, format!("产品 {code} 型")));
                codes.push((i, code));
            }
        }
        codes
    }

    #[test]
    fn every_catalog_pattern_yields_its_clue_on_a_code_it_matches() {
        let m = Matcher::builtin();
        let mut tested = 0;
        for (i, code) in codes(&m) {
            let input = Input::new(&code, &[], &m.standard_re);
            if !pattern_matches(&m, i, &input) {
                continue;
            }
            tested += 1;
            assert!(m.possible(&input).iter().any(|j| j == i), "{code}");
            let found = m.clues(i, &input).expect("a pattern clue");
            assert!(
                found.other.iter().any(|c| c.kind == ClueKind::Pattern),
                "{code}"
            );
        }
        // Nearly every pattern's sample matches (bare and inside a name); a few look-arounds
        // defeat the simple sampler.
        assert!(tested >= 2 * 115, "only {tested} codes tested");
    }

    #[test]
    fn products_the_sieve_skips_have_no_clue() {
        let m = Matcher::builtin();
        let mut names: Vec<String> = codes(&m).into_iter().map(|(_, c)| c).collect();
        for p in &m.products {
            for t in &p.terms {
                let chars: Vec<char> = t.text.chars().collect();
                names.push(format!("{}手机壳", t.text));
                // Gapped ("PLA全降解吸管"), and without its first character.
                let (front, last_two) = chars.split_at(chars.len().saturating_sub(2));
                let front: String = front.iter().collect();
                let last_two: String = last_two.iter().collect();
                names.push(format!("{front}全降解{last_two}"));
                names.push(chars[1..].iter().collect());
            }
            names.extend(p.keywords.iter().map(|k| format!("新型{k}")));
        }
        for name in &names {
            let input = Input::new(name, &[], &m.standard_re);
            let woken: Vec<usize> = m.possible(&input).iter().collect();
            for i in (0..m.products.len()).filter(|i| !woken.contains(i)) {
                assert!(m.clues(i, &input).is_none(), "{name}: {}", m.products[i].id);
                assert!(
                    !pattern_matches(&m, i, &input),
                    "{name}: {}",
                    m.products[i].id
                );
            }
        }
    }

    #[test]
    fn a_cited_standard_wakes_its_products() {
        let m = Matcher::builtin();
        let p = m
            .products
            .iter()
            .position(|p| !p.standards.is_empty())
            .unwrap();
        let cited = [m.products[p].standards[0].to_string()];
        let input = Input::new("产品", &cited, &m.standard_re);
        assert!(m.possible(&input).iter().any(|i| i == p));
    }
}
