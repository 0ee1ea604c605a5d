//! The `riskctl` command line: a thin clap layer over the library.
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use riskctl::catalog::Product;
use riskctl::checklist::{self, Checklist};
use riskctl::error::{Error, Result};
use riskctl::pdf::PdfFont;
use riskctl::render::{self, OutputFile, Renderer};
use riskctl::rules::matching::MatchResult;
use riskctl::{Engine, output, profile};

#[derive(Parser)]
#[command(
    name = "riskctl",
    version,
    about = "Quality-safety risk-control checklists and records (SAMR Order No. 75) from a producer profile"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct CatalogArgs {
    /// Extra catalog layer (YAML file or folder) over the embedded national catalog; may repeat.
    #[arg(long = "catalog", value_name = "PATH")]
    layers: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a commented starter profile.
    Init {
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Validate profiles; exit 0, or explain every problem.
    Check {
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Which catalog product is this? (NAME `-` reads names from stdin, one a line)
    Match {
        #[arg(required = true)]
        names: Vec<String>,
        #[command(flatten)]
        catalog: CatalogArgs,
        /// Print a JSON array, one object per name.
        #[arg(long)]
        json: bool,
    },
    /// Render the checklist and its records.
    Generate {
        #[arg(required = true)]
        profiles: Vec<PathBuf>,
        /// Output folder (with several profiles, one sub-folder per profile file stem).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        #[command(flatten)]
        catalog: CatalogArgs,
        /// Folder of templates that override the built-in ones by name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Document date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Formats to write.
        #[arg(long, value_delimiter = ',', default_value = "md,pdf,json")]
        format: Vec<Format>,
        /// Font for the PDFs: a TTF/OTF file, or `PATH#N` for face N of a collection
        /// (default: the Noto Sans CJK SC subset compiled into riskctl).
        #[arg(long, value_name = "PATH")]
        font: Option<String>,
    },
    /// Show why each checklist item is there.
    Explain {
        profile: PathBuf,
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Browse the catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Print a JSON Schema.
    Schema {
        #[arg(value_enum)]
        what: SchemaKind,
    },
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Every product.
    List {
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long)]
        json: bool,
    },
    /// One product and the risk points it carries.
    Show {
        id: String,
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long)]
        json: bool,
    },
    /// Products whose names, aliases or keywords contain TEXT, or that the matcher proposes.
    Search {
        text: String,
        #[command(flatten)]
        catalog: CatalogArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    Profile,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Md,
    Pdf,
    Json,
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date (YYYY-MM-DD): {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let text = e.to_string();
            if text.starts_with("error:") {
                eprintln!("{text}");
            } else {
                eprintln!("error: {text}");
            }
            ExitCode::from(if matches!(e, Error::Usage(_)) { 2 } else { 1 })
        }
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::Init { path, force } => init(&path, force),
        Command::Check {
            profiles,
            catalog,
            date,
        } => check(&profiles, &catalog.layers, date),
        Command::Match {
            names,
            catalog,
            json,
        } => match_names(names, &catalog.layers, json),
        Command::Generate {
            profiles,
            out,
            catalog,
            templates,
            date,
            format,
            font,
        } => generate(
            &profiles,
            &out,
            &catalog.layers,
            templates.as_deref(),
            date,
            &format,
            font.as_deref(),
        ),
        Command::Explain {
            profile,
            catalog,
            date,
        } => explain(&profile, &catalog.layers, date),
        Command::Catalog(c) => catalog_command(c),
        Command::Schema {
            what: SchemaKind::Profile,
        } => {
            println!("{}", profile::json_schema());
            Ok(())
        }
    }
}

fn init(path: &Path, force: bool) -> Result<()> {
    if path.exists() && !force {
        return Err(riskctl::error::Diagnostic::new(format!(
            "{} exists; pass --force to overwrite it",
            path.display()
        ))
        .into());
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output::write_all(
        dir,
        &[OutputFile {
            name,
            bytes: profile::STARTER.as_bytes().to_vec(),
        }],
    )?;
    eprintln!(
        "wrote {} — edit it, then run `riskctl check {}`",
        path.display(),
        path.display()
    );
    Ok(())
}

fn warn_all(checklist: &Checklist, source: &Path) {
    for w in &checklist.warnings {
        eprintln!("warning: {}: {w}", source.display());
    }
}

fn check(profiles: &[PathBuf], layers: &[PathBuf], date: Option<NaiveDate>) -> Result<()> {
    let engine = Engine::load(layers)?;
    let date = checklist::document_date(date)?;
    let mut failed = Vec::new();
    for path in profiles {
        match engine
            .profile(path)
            .and_then(|p| engine.checklist(&p, date))
        {
            Ok(c) => {
                warn_all(&c, path);
                println!(
                    "ok: {} — {} product lines, {} checklist items, {} warnings",
                    path.display(),
                    c.lines.len(),
                    c.item_count(),
                    c.warnings.len()
                );
            }
            Err(e) => {
                eprintln!("{e}");
                failed.push(path.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(riskctl::error::Diagnostic::new(format!(
            "{} of {} profiles invalid: {}",
            failed.len(),
            profiles.len(),
            failed.join(", ")
        ))
        .into())
    }
}

fn match_names(names: Vec<String>, layers: &[PathBuf], json: bool) -> Result<()> {
    let engine = Engine::load(layers)?;
    let mut inputs = Vec::new();
    for name in names {
        if name == "-" {
            for line in std::io::stdin().lock().lines() {
                let line = line.map_err(|source| Error::Read {
                    path: "<stdin>".into(),
                    source,
                })?;
                if !line.trim().is_empty() {
                    inputs.push(line.trim().to_string());
                }
            }
        } else {
            inputs.push(name);
        }
    }
    let results: Vec<MatchResult> = inputs
        .iter()
        .map(|n| engine.matcher.match_name(n, &[]))
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = results
            .iter()
            .map(|r| {
                let chosen = r
                    .chosen()
                    .and_then(|c| engine.catalog.product(&c.product_id));
                serde_json::json!({
                    "input": r.input,
                    "status": r.status,
                    "product": chosen.map(|p| p.name()),
                    "product_id": chosen.map(|p| p.id.as_str()),
                    "category": chosen.map(|p| p.category()),
                    "score": r.score(),
                    "candidates": r.candidates,
                })
            })
            .collect();
        print_json(&rows);
    } else {
        for r in &results {
            println!("{}", r.input);
            print_match(r, "  ");
        }
    }
    Ok(())
}

/// A match result: its status, then each candidate with the clues that scored it.
fn print_match(m: &MatchResult, indent: &str) {
    println!("{indent}{} (score {:.2})", m.status.label(), m.score());
    for c in &m.candidates {
        println!(
            "{indent}- {} [{}] {:.2}: {}",
            c.product,
            c.product_id,
            c.score,
            c.evidence_text()
        );
    }
}

fn print_json<T: serde::Serialize>(value: &T) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

fn generate(
    profiles: &[PathBuf],
    out: &Path,
    layers: &[PathBuf],
    templates: Option<&Path>,
    date: Option<NaiveDate>,
    formats: &[Format],
    font: Option<&str>,
) -> Result<()> {
    let engine = Engine::load(layers)?;
    let renderer = Renderer::new(templates)?;
    let date = checklist::document_date(date)?;
    let font = match (formats.contains(&Format::Pdf), font) {
        (false, _) => None,
        (true, Some(spec)) => Some(PdfFont::from_spec(spec)?),
        (true, None) => Some(PdfFont::builtin()?),
    };
    // Render everything first, so a failure leaves no output behind.
    let mut jobs = Vec::new();
    for path in profiles {
        let loaded = engine.profile(path)?;
        let checklist = engine.checklist(&loaded, date)?;
        warn_all(&checklist, path);
        let mut files = Vec::new();
        // The PDFs are typeset from the Markdown, so a user template changes both.
        let markdown = renderer.render_all(&checklist)?;
        let mut pdfs = Vec::new();
        if let Some(font) = &font {
            for pdf in render::pdf_files(&markdown, &checklist, font)? {
                if !pdf.missing.is_empty() {
                    let chars: String = pdf.missing.iter().collect();
                    eprintln!(
                        "warning: {}: {}: the font lacks {} characters, drawn as crossed boxes: {chars} (pass --font with a fuller font)",
                        path.display(),
                        pdf.file.name,
                        pdf.missing.len()
                    );
                }
                pdfs.push(pdf.file);
            }
        }
        if formats.contains(&Format::Md) {
            files.extend(markdown);
        }
        files.extend(pdfs);
        if formats.contains(&Format::Json) {
            files.push(render::checklist_json(&checklist));
        }
        let dir = if profiles.len() == 1 {
            out.to_path_buf()
        } else {
            out.join(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        };
        jobs.push((dir, files, checklist.item_count()));
    }
    for (dir, files, items) in &jobs {
        output::write_all(dir, files)?;
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        eprintln!(
            "wrote {} ({} checklist items): {}",
            dir.display(),
            items,
            names.join(", ")
        );
    }
    Ok(())
}

fn explain(path: &Path, layers: &[PathBuf], date: Option<NaiveDate>) -> Result<()> {
    let engine = Engine::load(layers)?;
    let loaded = engine.profile(path)?;
    let checklist = engine.checklist(&loaded, checklist::document_date(date)?)?;
    warn_all(&checklist, path);
    for line in &checklist.lines {
        println!("product line `{}`: {}", line.id, line.name);
        print_match(&line.matching, "  ");
    }
    for group in &checklist.groups {
        println!("\n## {}", group.title);
        for item in &group.items {
            let p = &item.provenance;
            println!("{:>3}. [{}] {} — {}", item.no, item.id, item.point, p.label);
            if let Some(at) = &p.defined_at {
                println!("       defined at {at}");
            }
            for a in &p.adjustments {
                println!("       {a}");
            }
        }
    }
    if !checklist.excluded.is_empty() {
        println!("\n## excluded");
        for e in &checklist.excluded {
            println!("  [{}] {} — {} ({})", e.id, e.point, e.reason, e.by);
        }
    }
    Ok(())
}

/// How many checklist items a product resolves to for a plain producer with valid certificates.
fn plain_producer_count(engine: &Engine, product: &Product) -> Result<usize> {
    let loaded = profile::plain_producer(product)?;
    let checklist = engine.checklist(&loaded, plain_date())?;
    Ok(checklist.item_count())
}

fn plain_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default()
}

fn catalog_command(command: CatalogCommand) -> Result<()> {
    match command {
        CatalogCommand::List { catalog, json } => {
            let engine = Engine::load(&catalog.layers)?;
            let mut rows = Vec::new();
            for p in &engine.catalog.products {
                rows.push(serde_json::json!({
                    "id": p.id,
                    "name": p.name(),
                    "category": p.category(),
                    "licence": p.has_licence(),
                    "ccc": p.has_ccc(),
                    "level": p.level().label(),
                    "risk_points": plain_producer_count(&engine, p)?,
                }));
            }
            if json {
                print_json(&rows);
            } else {
                for r in &rows {
                    println!(
                        "{:<34} {:<4} XK:{:<3} CCC:{:<3} {:>3}  {}",
                        r["id"].as_str().unwrap_or_default(),
                        r["level"].as_str().unwrap_or_default(),
                        if r["licence"] == true { "是" } else { "否" },
                        if r["ccc"] == true { "是" } else { "否" },
                        r["risk_points"],
                        r["name"].as_str().unwrap_or_default(),
                    );
                }
                eprintln!("{} products", rows.len());
            }
            Ok(())
        }
        CatalogCommand::Show { id, catalog, json } => {
            let engine = Engine::load(&catalog.layers)?;
            let product = engine.catalog.find_product(&id).ok_or_else(|| {
                let hint = riskctl::error::did_you_mean(
                    &id,
                    engine.catalog.products.iter().map(|p| p.id.as_str()),
                );
                Error::from(riskctl::error::Diagnostic::new(format!(
                    "no catalog product `{id}`{}",
                    hint.map(|h| format!("; did you mean `{h}`?"))
                        .unwrap_or_else(|| "; try `riskctl catalog search`".into())
                )))
            })?;
            let points: Vec<_> = engine
                .catalog
                .product_points(product)
                .map(|(_, p)| p)
                .collect();
            if json {
                print_json(&serde_json::json!({ "product": product, "risk_points": points }));
            } else {
                println!("{} [{}]", product.name(), product.id);
                println!("  类别: {}", product.category());
                println!(
                    "  生产许可证: {}{}  CCC: {}{}  监管等级: {}",
                    if product.has_licence() { "是" } else { "否" },
                    product
                        .licence_scope
                        .as_deref()
                        .map(|s| format!("（{s}）"))
                        .unwrap_or_default(),
                    if product.has_ccc() { "是" } else { "否" },
                    product
                        .ccc_scope
                        .as_deref()
                        .map(|s| format!("（{s}）"))
                        .unwrap_or_default(),
                    product.level().label()
                );
                for (label, list) in [
                    ("特殊监管需求", &product.tags),
                    ("产品族", &product.families),
                    ("别名", &product.aliases),
                    ("标准", &product.standards),
                ] {
                    if !Product::list(list).is_empty() {
                        println!("  {label}: {}", Product::list(list).join("、"));
                    }
                }
                println!("  风险点 ({}):", points.len());
                for p in points {
                    println!(
                        "    [{}] {} — {}",
                        p.id,
                        p.point(),
                        p.basis.as_deref().unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        CatalogCommand::Search {
            text,
            catalog,
            json,
        } => {
            let engine = Engine::load(&catalog.layers)?;
            let found: Vec<&Product> = engine
                .matcher
                .search(&text)
                .iter()
                .filter_map(|h| engine.catalog.product(&h.product_id))
                .collect();
            if json {
                let rows: Vec<_> = found
                    .iter()
                    .map(|p| serde_json::json!({"id": p.id, "name": p.name(), "category": p.category()}))
                    .collect();
                print_json(&rows);
            } else if found.is_empty() {
                return Err(riskctl::error::Diagnostic::new(format!(
                    "no catalog product matches `{text}`"
                ))
                .into());
            } else {
                for p in found {
                    println!("{:<34} {}  ({})", p.id, p.name(), p.category());
                }
            }
            Ok(())
        }
    }
}
