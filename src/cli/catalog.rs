//! `riskctl catalog list | show | search`.
use chrono::NaiveDate;
use clap::Subcommand;
use riskctl::Engine;
use riskctl::catalog::{Product, RiskPoint};
use riskctl::error::{Diagnostic, Error, Result, did_you_mean};
use riskctl::profile::plain_producer;
use serde::Serialize;

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// Every product.
    List {
        #[command(flatten)]
        catalog: super::CatalogArgs,
        #[arg(long)]
        json: bool,
    },
    /// One product and the risk points it carries.
    Show {
        id: String,
        #[command(flatten)]
        catalog: super::CatalogArgs,
        #[arg(long)]
        json: bool,
    },
    /// Products whose names, aliases or keywords contain TEXT, or that the matcher proposes.
    Search {
        text: String,
        #[command(flatten)]
        catalog: super::CatalogArgs,
        #[arg(long)]
        json: bool,
    },
}

/// One row of `catalog list --json`.
#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    licence: bool,
    ccc: bool,
    level: &'static str,
    /// Checklist items for a plain producer with valid certificates.
    risk_points: usize,
}

/// `catalog show --json`.
#[derive(Serialize)]
struct Shown<'a> {
    product: &'a Product,
    risk_points: Vec<&'a RiskPoint>,
}

/// One row of `catalog search --json`.
#[derive(Serialize)]
struct SearchRow<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
}

fn yes(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

pub fn run(command: CatalogCommand) -> Result<()> {
    match command {
        CatalogCommand::List { catalog, json } => list(super::engine(&catalog.layers)?, json),
        CatalogCommand::Show { id, catalog, json } => {
            show(super::engine(&catalog.layers)?, &id, json)
        }
        CatalogCommand::Search {
            text,
            catalog,
            json,
        } => search(super::engine(&catalog.layers)?, &text, json),
    }
}

fn list(engine: &Engine, json: bool) -> Result<()> {
    // Certificates valid on this date count as valid for every product.
    let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let mut rows = Vec::new();
    for p in &engine.catalog.products {
        let checklist = engine.checklist(&plain_producer(p), date)?;
        rows.push(ListRow {
            id: &p.id,
            name: &p.name,
            category: &p.category,
            licence: p.licence,
            ccc: p.ccc,
            level: p.level.label(),
            risk_points: checklist.item_count(),
        });
    }
    if json {
        super::print_json(&rows)?;
        return Ok(());
    }
    for r in &rows {
        out!(
            "{:<34} {:<4} XK:{:<3} CCC:{:<3} {}  {}",
            r.id,
            r.level,
            yes(r.licence),
            yes(r.ccc),
            r.risk_points,
            r.name,
        );
    }
    eprintln!("{} products", rows.len());
    Ok(())
}

fn show(engine: &Engine, id: &str, json: bool) -> Result<()> {
    let product = engine.catalog.find_product(id).ok_or_else(|| {
        let hint = did_you_mean(id, engine.catalog.products.iter().map(|p| p.id.as_str()));
        Error::from(Diagnostic::new(format!(
            "no catalog product `{id}`{}",
            hint.map(|h| format!("; did you mean `{h}`?"))
                .unwrap_or_else(|| "; try `riskctl catalog search`".into())
        )))
    })?;
    let points: Vec<&RiskPoint> = engine
        .catalog
        .product_points(product)
        .map(|(_, p)| p)
        .collect();
    if json {
        super::print_json(&Shown {
            product,
            risk_points: points,
        })?;
        return Ok(());
    }
    let scope = |s: &Option<riskctl::catalog::Text>| {
        s.as_deref().map(|s| format!("（{s}）")).unwrap_or_default()
    };
    out!("{} [{}]", product.name, product.id);
    out!("  类别: {}", product.category);
    out!(
        "  生产许可证: {}{}  CCC: {}{}  监管等级: {}",
        yes(product.licence),
        scope(&product.licence_scope),
        yes(product.ccc),
        scope(&product.ccc_scope),
        product.level.label()
    );
    for (label, list) in [
        ("特殊监管需求", &product.tags),
        ("产品族", &product.families),
        ("别名", &product.aliases),
        ("标准", &product.standards),
    ] {
        if !list.is_empty() {
            out!("  {label}: {}", list.join("、"));
        }
    }
    out!("  风险点 ({}):", points.len());
    for p in points {
        out!("    [{}] {} — {}", p.id, p.point, p.basis);
    }
    Ok(())
}

/// The ranking is the library's ([`Engine::search`]); this prints it.
fn search(engine: &Engine, text: &str, json: bool) -> Result<()> {
    let found = engine.search(text);
    if json {
        let rows: Vec<SearchRow> = found
            .iter()
            .map(|p| SearchRow {
                id: &p.id,
                name: &p.name,
                category: &p.category,
            })
            .collect();
        super::print_json(&rows)?;
    } else if found.is_empty() {
        return Err(Diagnostic::new(format!("no catalog product matches `{text}`")).into());
    } else {
        for p in found {
            out!("{:<34} {}  ({})", p.id, p.name, p.category);
        }
    }
    Ok(())
}
