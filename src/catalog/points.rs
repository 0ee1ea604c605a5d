//! [`Points`]: a family's or a product's risk points. A run uses the points of the few products
//! its profile matches, yet decoding all 1,400 of them with their origins was most of the
//! embedded catalog's decode. In the compiled blob each list is therefore a byte string of its
//! own, decoded on first use; a list validated from YAML is held as it is.
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RiskPoint;
use crate::error::Location;

/// A list of risk points: decoded, or still encoded in the compiled blob.
#[derive(Clone, Default)]
pub struct Points {
    list: OnceLock<Vec<RiskPoint>>,
    /// The list and its origins as postcard, when `list` is not set yet.
    encoded: &'static [u8],
}

/// What an encoded list holds: the points, then their origins (which serde skips on the points).
type Encoded = (Vec<RiskPoint>, Vec<Option<Location>>);

impl Points {
    fn list(&self) -> &Vec<RiskPoint> {
        self.list.get_or_init(|| {
            let (mut points, origins): Encoded = postcard::from_bytes(self.encoded)
                .expect("build.rs encoded this list from these very types");
            for (point, origin) in points.iter_mut().zip(origins) {
                point.origin = origin;
            }
            points
        })
    }
}

impl From<Vec<RiskPoint>> for Points {
    fn from(points: Vec<RiskPoint>) -> Points {
        Points {
            list: OnceLock::from(points),
            encoded: &[],
        }
    }
}

impl Deref for Points {
    type Target = Vec<RiskPoint>;
    fn deref(&self) -> &Vec<RiskPoint> {
        self.list()
    }
}

impl DerefMut for Points {
    fn deref_mut(&mut self) -> &mut Vec<RiskPoint> {
        self.list();
        self.list.get_mut().expect("decoded just above")
    }
}

impl<'a> IntoIterator for &'a Points {
    type Item = &'a RiskPoint;
    type IntoIter = std::slice::Iter<'a, RiskPoint>;
    fn into_iter(self) -> Self::IntoIter {
        self.list().iter()
    }
}

impl fmt::Debug for Points {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.list().fmt(f)
    }
}

/// As a list in JSON (`catalog show --json`); as an encoded byte string with the origins in the
/// compiled blob.
impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let points = self.list();
        if serializer.is_human_readable() {
            return points.serialize(serializer);
        }
        let origins: Vec<Option<&Location>> = points.iter().map(|p| p.origin.as_ref()).collect();
        let bytes = postcard::to_allocvec(&(points, origins)).map_err(serde::ser::Error::custom)?;
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> Deserialize<'de> for Points
where
    'de: 'static,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Points, D::Error> {
        if deserializer.is_human_readable() {
            return Vec::deserialize(deserializer).map(Points::from);
        }
        Ok(Points {
            list: OnceLock::new(),
            encoded: <&'de [u8]>::deserialize(deserializer)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;

    /// A list from the blob stays encoded until it is read, then reads as the list it was, origins
    /// included.
    #[test]
    fn an_encoded_list_decodes_on_first_use_with_its_origins() {
        let catalog = Catalog::builtin().unwrap();
        let product = catalog
            .products
            .iter()
            .find(|p| !p.risk_points.encoded.is_empty())
            .expect("the compiled catalog holds encoded lists");
        assert!(product.risk_points.list.get().is_none());
        let undecoded = catalog
            .products
            .iter()
            .filter(|p| p.risk_points.list.get().is_none())
            .count();
        assert!(undecoded > 300, "{undecoded} lists still encoded");
        let json = serde_json::to_value(&product.risk_points).unwrap();
        assert_eq!(json.as_array().unwrap().len(), product.risk_points.len());
        assert!(product.risk_points.iter().all(|p| p.origin.is_some()));
        assert!(product.risk_points.list.get().is_some());
    }
}
