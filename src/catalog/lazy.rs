//! [`LazyList`]: a family's or a product's risk points ([`Points`]) and fact declarations
//! ([`Facts`]). A run uses those of the few products its profile matches, yet decoding all 1,400
//! points with their origins, and every product's questions, was most of the embedded catalog's
//! decode. In the compiled blob each list is therefore a byte string of its own, decoded on first
//! use; a list validated from YAML is held as it is.
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RiskPoint;
use crate::error::Location;
use crate::facts::FactDecl;

/// An item of a [`LazyList`]: what its serde form leaves out (a risk point's origin, which the
/// JSON views skip) travels beside it in the encoding.
pub trait Listed: Serialize + Deserialize<'static> + Clone + fmt::Debug {
    type Aside: Serialize + Deserialize<'static>;
    fn aside(&self) -> Self::Aside;
    fn restore(&mut self, aside: Self::Aside);
}

impl Listed for RiskPoint {
    type Aside = Option<Location>;
    fn aside(&self) -> Option<Location> {
        self.origin.clone()
    }
    fn restore(&mut self, origin: Option<Location>) {
        self.origin = origin;
    }
}

impl Listed for FactDecl {
    type Aside = ();
    fn aside(&self) {}
    fn restore(&mut self, (): ()) {}
}

/// A list of catalog items: decoded, or still encoded in the compiled blob.
#[derive(Clone)]
pub struct LazyList<T: Listed> {
    list: OnceLock<Vec<T>>,
    /// The items and what they leave out, as postcard, when `list` is not set yet.
    encoded: &'static [u8],
    /// The string table of the blob `encoded` is in (its texts are places in it).
    table: Option<&'static str>,
}

/// A family's or product's risk points.
pub type Points = LazyList<RiskPoint>;
/// A family's or product's fact declarations.
pub type Facts = LazyList<FactDecl>;

impl<T: Listed> LazyList<T> {
    fn list(&self) -> &Vec<T> {
        self.list.get_or_init(|| {
            let (mut items, asides): (Vec<T>, Vec<T::Aside>) =
                super::text::reading(self.table, || postcard::from_bytes(self.encoded))
                    .expect("build.rs encoded this list from these very types");
            for (item, aside) in items.iter_mut().zip(asides) {
                item.restore(aside);
            }
            items
        })
    }
}

impl<T: Listed> Default for LazyList<T> {
    fn default() -> Self {
        Vec::new().into()
    }
}

impl<T: Listed> From<Vec<T>> for LazyList<T> {
    fn from(items: Vec<T>) -> Self {
        LazyList {
            list: OnceLock::from(items),
            encoded: &[],
            table: None,
        }
    }
}

impl<T: Listed> Deref for LazyList<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        self.list()
    }
}

impl<T: Listed> DerefMut for LazyList<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        self.list();
        self.list.get_mut().expect("decoded just above")
    }
}

impl<'a, T: Listed> IntoIterator for &'a LazyList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.list().iter()
    }
}

impl<T: Listed> fmt::Debug for LazyList<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.list().fmt(f)
    }
}

/// As a list in JSON (`catalog show --json`); as an encoded byte string with what the items
/// leave out in the compiled blob.
impl<T: Listed> Serialize for LazyList<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.list();
        if serializer.is_human_readable() {
            return items.serialize(serializer);
        }
        let asides: Vec<T::Aside> = items.iter().map(Listed::aside).collect();
        let bytes = postcard::to_allocvec(&(items, asides)).map_err(serde::ser::Error::custom)?;
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de, T: Listed> Deserialize<'de> for LazyList<T>
where
    'de: 'static,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return Vec::deserialize(deserializer).map(LazyList::from);
        }
        Ok(LazyList {
            list: OnceLock::new(),
            encoded: <&'de [u8]>::deserialize(deserializer)?,
            table: super::text::current_table(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;

    /// Lists from the blob stay encoded until they are read, then read as the lists they were,
    /// risk points' origins included.
    #[test]
    fn an_encoded_list_decodes_on_first_use_with_its_origins() {
        let catalog = Catalog::builtin().unwrap();
        let product = catalog
            .products
            .iter()
            .find(|p| !p.risk_points.encoded.is_empty() && !p.facts.encoded.is_empty())
            .expect("the compiled catalog holds encoded lists");
        assert!(product.risk_points.list.get().is_none());
        assert!(product.facts.list.get().is_none());
        let undecoded = catalog
            .products
            .iter()
            .filter(|p| p.risk_points.list.get().is_none() && p.facts.list.get().is_none())
            .count();
        assert!(undecoded > 300, "{undecoded} products' lists still encoded");
        let json = serde_json::to_value(&product.risk_points).unwrap();
        assert_eq!(json.as_array().unwrap().len(), product.risk_points.len());
        assert!(product.risk_points.iter().all(|p| p.origin.is_some()));
        assert!(product.risk_points.list.get().is_some());
        let facts = serde_json::to_value(&product.facts).unwrap();
        assert_eq!(facts.as_array().unwrap().len(), product.facts.len());
    }
}
