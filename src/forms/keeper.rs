//! Who keeps the daily records, and which items each one checks: the officers by their product
//! lines, the director alone when there are no officers, and the director beside them for the
//! company-wide daily items the director (or the principal) owns.
use serde::Serialize;

use crate::model::{Checklist, Item};
use crate::vocab::Frequency;

/// Someone who keeps daily records: a 质量安全员, or the director when the profile names none.
#[derive(Debug, Clone, Serialize)]
pub struct Keeper {
    pub name: String,
    /// 质量安全员 or 质量安全总监.
    pub role: &'static str,
    /// Who reviews the keeper's sheets: the director, or the principal for the director's own.
    pub reviewer: &'static str,
    /// The products covered, as the documents name them.
    pub products: String,
    #[serde(skip)]
    scope: Scope,
}

/// Which items a keeper checks.
#[derive(Debug, Clone)]
enum Scope {
    /// The items of these product lines (every line when empty) and the company-wide ones; those
    /// the principal or the director own only `with_managers`.
    Lines {
        lines: Vec<String>,
        with_managers: bool,
    },
    /// The company-wide items the principal or the director own: the director's own sheet
    /// beside the officers' ones.
    Managers,
}

impl Keeper {
    /// The keeper's items of the frequencies `keep` admits.
    pub fn items<'a>(
        &self,
        checklist: &'a Checklist,
        keep: impl Fn(Frequency) -> bool,
    ) -> Vec<&'a Item> {
        match &self.scope {
            Scope::Lines {
                lines,
                with_managers,
            } => checklist.person_items(lines, *with_managers, keep),
            Scope::Managers => checklist.manager_items(keep),
        }
    }

    /// Whether this is the director's own sheet beside the officers' (who organises the weekly
    /// investigation rather than attends it).
    pub fn is_director_beside_officers(&self) -> bool {
        matches!(self.scope, Scope::Managers)
    }

    /// The keeper's daily items (never per batch, weekly or less often, or on events).
    pub fn daily_items<'a>(&self, checklist: &'a Checklist) -> Vec<&'a Item> {
        self.items(checklist, |f| f == Frequency::Daily)
    }
}

/// The keepers of a checklist: its officers, or the director alone; and beside the officers the
/// director too when the director (or the principal) owns company-wide daily items, which
/// would otherwise appear on no one's daily record.
pub fn keepers(checklist: &Checklist) -> Vec<Keeper> {
    let people = &checklist.people;
    let name_of = |id: &String| {
        checklist
            .lines
            .iter()
            .find(|l| &l.id == id)
            .map_or_else(|| id.clone(), |l| l.name.clone())
    };
    if people.officers.is_empty() {
        return vec![Keeper {
            name: people.director.name.clone(),
            role: "质量安全总监",
            reviewer: "主要负责人",
            products: "全部产品".into(),
            scope: Scope::Lines {
                lines: Vec::new(),
                with_managers: true,
            },
        }];
    }
    let mut keepers: Vec<Keeper> = people
        .officers
        .iter()
        .map(|o| Keeper {
            name: o.name.clone(),
            role: "质量安全员",
            reviewer: "质量安全总监",
            products: if o.lines.is_empty() {
                "全部产品".into()
            } else {
                o.lines.iter().map(name_of).collect::<Vec<_>>().join("、")
            },
            scope: Scope::Lines {
                lines: o.lines.clone(),
                with_managers: false,
            },
        })
        .collect();
    if !checklist
        .manager_items(|f| f == Frequency::Daily)
        .is_empty()
    {
        keepers.push(Keeper {
            name: people.director.name.clone(),
            role: "质量安全总监",
            reviewer: "主要负责人",
            products: "全厂通用（质量安全总监负责的项目）".into(),
            scope: Scope::Managers,
        });
    }
    keepers
}
