//! The matcher's index: every catalog product's clues, normalised once. Normalising the names,
//! aliases, keywords and standards of 328 products is most of what building a matcher costs, so
//! the build script makes the index of the national catalog and stores it as a blob (beside the
//! catalog's); a run decodes it, its strings borrowed from the blob. Catalogs with layers on top
//! are indexed when loaded. The index also holds what lets a match skip products: each model-code
//! pattern's literals and the sieve of products by character.
use serde::{Deserialize, Serialize};

use super::literals::required_literals;
use super::result::ClueKind;
use super::sieve::Sieve;
use super::text::{is_cjk, normalize, standard_key};
use crate::catalog::{Catalog, Product, Text};

/// A name a product can be called by, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub(super) struct Term {
    pub(super) text: Text,
    pub(super) kind: ClueKind,
    /// Its length in characters.
    pub(super) len: usize,
}

/// A model-code pattern as source text (the matcher compiles it when first needed), with strings
/// one of which each of its matches contains: None when there are none to be sure of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub(super) struct Pattern {
    pub(super) source: Text,
    pub(super) needles: Option<Vec<Text>>,
}

/// One product's clues, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub(super) struct ProductClues {
    pub(super) id: Text,
    pub(super) name: Text,
    pub(super) terms: Vec<Term>,
    pub(super) keywords: Vec<Text>,
    pub(super) patterns: Vec<Pattern>,
    pub(super) standards: Vec<Text>,
    /// The Chinese characters of the normalised official name.
    pub(super) name_chars: Vec<char>,
}

/// Every product's clues, in catalog order, and how many products cite each standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Index {
    pub(super) products: Vec<ProductClues>,
    /// `(standard key, products citing it)`, sorted by key.
    pub(super) standard_use: Vec<(Text, usize)>,
    pub(super) sieve: Sieve,
}

impl Index {
    pub fn build(catalog: &Catalog) -> Index {
        let products = crate::base::parallel_map(&catalog.products, index_product);
        let mut standard_use = std::collections::BTreeMap::new();
        for s in products.iter().flat_map(|p| &p.standards) {
            *standard_use.entry(s.clone()).or_default() += 1;
        }
        Index {
            sieve: Sieve::build(&products),
            products,
            standard_use: standard_use.into_iter().collect(),
        }
    }

    /// The index as a compact binary blob (postcard). The build script writes it.
    pub fn to_blob(&self) -> Vec<u8> {
        crate::catalog::encode_blob(self)
    }

    /// Reads a blob of [`Index::to_blob`].
    pub fn from_blob(bytes: &'static [u8]) -> Result<Index, postcard::Error> {
        crate::catalog::decode_blob(bytes)
    }
}

fn index_product(p: &Product) -> ProductClues {
    ProductClues {
        id: p.id.clone(),
        name: p.name().into(),
        terms: product_terms(p),
        keywords: p
            .keywords
            .iter()
            .map(|k| normalize(k))
            .filter(|k| k.chars().count() >= 2)
            .map(Text::from)
            .collect(),
        patterns: p
            .patterns
            .iter()
            .map(|source| Pattern {
                source: source.clone(),
                needles: required_literals(source)
                    .map(|needles| needles.into_iter().map(Text::from).collect()),
            })
            .collect(),
        standards: p.standards.iter().map(|s| standard_key(s).into()).collect(),
        name_chars: normalize(p.name()).chars().filter(|c| is_cjk(*c)).collect(),
    }
}

/// The terms a product can be named by: its official name, the name without its parenthesised
/// part, each item of a parenthesised list, and its aliases.
fn product_terms(p: &Product) -> Vec<Term> {
    let name = normalize(p.name());
    let mut terms = vec![(name.clone(), ClueKind::Name)];
    if let (Some(open), Some(close)) = (name.find('('), name.rfind(')')) {
        let outer = format!("{}{}", &name[..open], &name[close + ')'.len_utf8()..]);
        if outer.chars().count() >= 2 {
            terms.push((outer.trim().to_string(), ClueKind::Name));
        }
        // A name ending in a parenthesised list also names each item of it.
        if close + ')'.len_utf8() == name.len() {
            let inner = &name[open + 1..close];
            for item in inner.split(['、', ',', '(', ')']) {
                let item = item.trim_start_matches('含').trim_end_matches('等').trim();
                if item.chars().count() >= 2 {
                    terms.push((item.to_string(), ClueKind::Name));
                }
            }
        }
    }
    for alias in &p.aliases {
        let a = normalize(alias);
        if a.chars().count() >= 2 {
            terms.push((a, ClueKind::Alias));
        }
    }
    // The official name first, so that a duplicate alias keeps the stronger kind.
    let mut seen = std::collections::HashSet::new();
    terms
        .into_iter()
        .filter(|(t, _)| seen.insert(t.clone()))
        .map(|(text, kind)| Term {
            len: text.chars().count(),
            text: text.into(),
            kind,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Like the catalog's blob, the index compiled in must be the one the catalog gives now.
    #[test]
    fn the_compiled_index_equals_one_built_now() {
        let built = Index::build(&Catalog::builtin().unwrap());
        assert_eq!(
            Index::from_blob(crate::assets::MATCHER_INDEX).unwrap(),
            built
        );
    }
}
