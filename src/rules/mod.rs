//! The rule engine's two jobs: matching a product line's free text onto catalog products
//! ([`matching`]), and evaluating the catalog's conditions ([`Condition`], written in the shared
//! vocabulary) against the facts of a product line to decide which risk points apply.
pub mod matching;

use crate::catalog::Product;
use crate::facts::LineFacts;
use crate::vocab::{CertState, Channel, CompanySize, Condition, Role};

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
    /// Per matched product: whether its production licence covers this line (its `licence`, and
    /// its `licence_applies` where it gives one).
    pub product_licence: Vec<bool>,
    /// Per matched product: whether CCC covers this line.
    pub product_ccc: Vec<bool>,
    /// The line's settled facts (none for the company as a whole).
    pub line_facts: Option<&'a LineFacts>,
}

/// Words that make an outsourced entry testing rather than a production process.
const TESTING_WORDS: [&str; 4] = ["检验", "检测", "试验", "认证"];

/// Whether an outsourced entry is a production process (SMT贴片, 热处理, 缝制…), not testing.
pub fn is_outsourced_process(entry: &str) -> bool {
    !entry.trim().is_empty() && !TESTING_WORDS.iter().any(|w| entry.contains(w))
}

/// Whether `condition` holds for `facts`.
pub fn holds(condition: &Condition, facts: &Facts) -> bool {
    let contains = |list: &[&str], text: &str| list.iter().any(|x| x.contains(text));
    match condition {
        Condition::All(cs) => cs.iter().all(|c| holds(c, facts)),
        Condition::Any(cs) => cs.iter().any(|c| holds(c, facts)),
        Condition::Not(c) => !holds(c, facts),
        Condition::Process(t) => contains(&facts.processes, t),
        Condition::Material(t) => contains(&facts.materials, t),
        Condition::Outsourced(t) => contains(&facts.outsourced, t),
        Condition::Channel(c) => facts.channels.contains(c),
        Condition::Role(r) => facts.role.is_some_and(|role| role.includes(*r)),
        // A micro unit is also small: rules for small units apply to it.
        Condition::Size(CompanySize::Small) => {
            matches!(facts.size, Some(CompanySize::Small | CompanySize::Micro))
        }
        Condition::Size(s) => facts.size == Some(*s),
        Condition::Licence(s) => facts.licence == Some(*s),
        Condition::Ccc(s) => facts.ccc == Some(*s),
        Condition::ProductLicence(b) => facts.product_licence.contains(b),
        Condition::ProductCcc(b) => facts.product_ccc.contains(b),
        Condition::Level(l) => facts.products.iter().any(|p| p.level == *l),
        Condition::Tag(t) => facts
            .products
            .iter()
            .any(|p| p.tags.iter().any(|x| x.contains(t.as_str()))),
        Condition::Fact(id) => facts.line_facts.and_then(|f| f.value(id)).unwrap_or(false),
        Condition::Family(id) => facts
            .products
            .iter()
            .any(|p| p.families.iter().any(|f| f == id)),
        Condition::OutsourcedProcess(b) => {
            facts.outsourced.iter().any(|o| is_outsourced_process(o)) == *b
        }
    }
}

/// Whether an optional condition (`when:` of a risk point) admits `facts`: no condition always does.
pub fn admits(condition: Option<&Condition>, facts: &Facts) -> bool {
    condition.is_none_or(|c| holds(c, facts))
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
        assert!(holds(&parse("{ material: 再生 }"), &facts));
        assert!(holds(
            &parse("{ all: [ { channel: online }, { role: seller } ] }"),
            &facts
        ));
        assert!(!holds(&parse("{ not: { channel: online } }"), &facts));
        assert!(holds(
            &parse("{ any: [ { channel: export }, { role: producer } ] }"),
            &facts
        ));
        assert!(!holds(&parse("{ licence: expired }"), &facts));
        assert!(admits(None, &facts));
    }

    #[test]
    fn outsourced_processes_in_everyday_words() {
        let facts = |outsourced: Vec<&'static str>| Facts {
            outsourced,
            ..Facts::default()
        };
        let rule = parse("{ outsourced_process: true }");
        for words in [
            "SMT贴片",
            "焊接",
            "热处理",
            "印刷",
            "缝制",
            "PCBA",
            "表面处理",
            "冲压",
        ] {
            assert!(holds(&rule, &facts(vec![words])), "{words}");
        }
        assert!(!holds(&rule, &facts(vec!["型式检验"])));
        assert!(!holds(&rule, &facts(vec![])));
        assert!(holds(
            &parse("{ outsourced_process: false }"),
            &facts(vec!["委托检测"])
        ));
    }
}
