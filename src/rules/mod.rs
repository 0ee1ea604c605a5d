//! The rule engine's two jobs: matching a product line's free text onto catalog products
//! ([`matching`]), and declarative conditions over profile facts that decide which risk points apply.
pub mod matching;

use serde::{Deserialize, Serialize};

use crate::catalog::{Level, Product};
use crate::profile::{Certificate, Channel, CompanySize, Role};

/// The state of a production licence or CCC certificate on the document date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertState {
    Valid,
    /// Expires within [`EXPIRY_WARNING_DAYS`] days of the document date.
    Expiring,
    Expired,
    Missing,
}

/// How far ahead an expiry date raises the `expiring` state.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

impl CertState {
    pub fn of(cert: Option<&Certificate>, date: chrono::NaiveDate) -> CertState {
        match cert {
            None => CertState::Missing,
            Some(c) if c.expires < date => CertState::Expired,
            Some(c) if (c.expires - date).num_days() <= EXPIRY_WARNING_DAYS => CertState::Expiring,
            Some(_) => CertState::Valid,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CertState::Valid => "有效",
            CertState::Expiring => "即将到期",
            CertState::Expired => "已过期",
            CertState::Missing => "未提供",
        }
    }
}

/// A condition over the facts of one product line (and its company).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Some process of the line contains the text.
    Process(String),
    /// Some material of the line contains the text.
    Material(String),
    /// Some outsourced process of the line contains the text.
    Outsourced(String),
    Channel(Channel),
    Role(Role),
    Size(CompanySize),
    Licence(CertState),
    Ccc(CertState),
    /// The matched catalog product is under production licence.
    ProductLicence(bool),
    /// The matched catalog product is under CCC.
    ProductCcc(bool),
    Level(Level),
    /// The matched catalog product carries this special-supervision tag (substring match).
    Tag(String),
}

/// The facts a condition is tested against.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    pub processes: Vec<&'a str>,
    pub materials: Vec<&'a str>,
    pub outsourced: Vec<&'a str>,
    pub channels: Vec<Channel>,
    pub role: Option<Role>,
    pub size: Option<CompanySize>,
    pub licence: Option<CertState>,
    pub ccc: Option<CertState>,
    pub products: Vec<&'a Product>,
}

impl Condition {
    pub fn holds(&self, facts: &Facts) -> bool {
        let contains = |list: &[&str], text: &str| list.iter().any(|x| x.contains(text));
        match self {
            Condition::All(cs) => cs.iter().all(|c| c.holds(facts)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(facts)),
            Condition::Not(c) => !c.holds(facts),
            Condition::Process(t) => contains(&facts.processes, t),
            Condition::Material(t) => contains(&facts.materials, t),
            Condition::Outsourced(t) => contains(&facts.outsourced, t),
            Condition::Channel(c) => facts.channels.contains(c),
            Condition::Role(r) => facts.role.is_some_and(|role| role.includes(*r)),
            Condition::Size(s) => facts.size == Some(*s),
            Condition::Licence(s) => facts.licence == Some(*s),
            Condition::Ccc(s) => facts.ccc == Some(*s),
            Condition::ProductLicence(b) => facts.products.iter().any(|p| p.has_licence() == *b),
            Condition::ProductCcc(b) => facts.products.iter().any(|p| p.has_ccc() == *b),
            Condition::Level(l) => facts.products.iter().any(|p| p.level() == *l),
            Condition::Tag(t) => facts.products.iter().any(|p| {
                Product::list(&p.tags)
                    .iter()
                    .any(|x| x.contains(t.as_str()))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Condition {
        serde_yaml_ng::with::singleton_map_recursive::deserialize(
            serde_yaml_ng::Deserializer::from_str(yaml),
        )
        .unwrap()
    }

    #[test]
    fn combinators_and_leaves() {
        let facts = Facts {
            materials: vec!["再生聚丙烯"],
            channels: vec![Channel::Online],
            role: Some(Role::Both),
            ..Facts::default()
        };
        assert!(parse("{ material: 再生 }").holds(&facts));
        assert!(parse("{ all: [ { channel: online }, { role: seller } ] }").holds(&facts));
        assert!(!parse("{ not: { channel: online } }").holds(&facts));
        assert!(parse("{ any: [ { channel: export }, { role: producer } ] }").holds(&facts));
        assert!(!parse("{ licence: expired }").holds(&facts));
    }

    #[test]
    fn certificate_states_follow_the_document_date() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let cert = |y, m, d| Certificate {
            number: "X".into(),
            expires: chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        };
        assert_eq!(CertState::of(None, date), CertState::Missing);
        assert_eq!(
            CertState::of(Some(&cert(2026, 11, 23)), date),
            CertState::Expired
        );
        assert_eq!(
            CertState::of(Some(&cert(2027, 2, 22)), date),
            CertState::Expiring
        );
        assert_eq!(
            CertState::of(Some(&cert(2027, 2, 23)), date),
            CertState::Valid
        );
    }
}
