//! `generate` for one or many profiles: load, resolve, render Markdown, run the exporters (which
//! parse the document trees they typeset) — all in memory. [`generate`] returns the artifacts and
//! warnings and writes nothing; [`write`] is the one stage that touches the output folders, so a failure anywhere
//! before it leaves no output behind.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::Engine;
use crate::batch;
use crate::error::Result;
use crate::export::{self, Artifact, Format, Input, Page, Settings};
use crate::forms::{Plan, Span, plain_name};
use crate::output::{Set, write_sets};
use crate::render::{RecordsFor, Renderer};

/// What `generate` is asked for, beyond the profiles.
#[derive(Debug, Clone)]
pub struct Options {
    /// Folder of templates that override the built-in ones by name.
    pub templates: Option<PathBuf>,
    /// Document date (None: `SOURCE_DATE_EPOCH`, else today).
    pub date: Option<NaiveDate>,
    pub formats: Vec<Format>,
    /// `--font` for the PDFs.
    pub font: Option<String>,
    /// `--month`: the first day of the month whose records to write (None: the document date's).
    pub month: Option<NaiveDate>,
}

/// The files of one profile, and where they go.
#[derive(Debug)]
pub struct Output {
    pub profile: PathBuf,
    /// Where the files go: `--out`, or `--out/<folder>`.
    pub dir: PathBuf,
    /// The sub-folder of `--out` (None with a single profile).
    pub folder: Option<String>,
    pub files: Vec<Artifact>,
    /// How many checklist items the profile resolved to.
    pub items: usize,
}

/// Everything `generate` rendered, not yet written.
#[derive(Debug, Default)]
pub struct Generated {
    pub outputs: Vec<Output>,
    /// Warnings, each prefixed with the profile it concerns, in the order they arose.
    pub warnings: Vec<String>,
    /// What the files were made from.
    pub sources: Sources,
}

/// What a profile's files were made from: its profile, checklist, template values and Markdown.
/// They are handed back with the files instead of being freed as the run goes, so that a caller
/// about to exit may leave them to the operating system (`std::mem::forget`): freeing their tens
/// of thousands of allocations took a tenth of a run, and each large buffer given back to the
/// system interrupts every core to flush its address cache.
#[derive(Default)]
pub struct Sources(Vec<Box<dyn std::any::Any + Send + Sync>>);

impl Sources {
    fn keep(&mut self, value: impl std::any::Any + Send + Sync) {
        self.0.push(Box::new(value));
    }
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sources({} values)", self.0.len())
    }
}

/// What every profile of a run shares: the templates, the document date and the exporters.
pub struct Setup {
    pub renderer: Renderer,
    pub date: NaiveDate,
    /// `--month`: the first day of the month whose records to write.
    pub month: Option<NaiveDate>,
    exporters: Vec<Box<dyn export::Exporter>>,
}

/// Starts reading, as one task of the pool, what a run with `options` needs later and what does
/// not depend on the catalog or the profile: the profile schema, the standards registry, the
/// built-in templates and, for PDFs in the built-in font, its character maps. Each is read once
/// per process: a caller that comes first reads it itself, one that comes while this task reads
/// it waits for it. So they are ready, or nearly, when a free core ran this task, and cost no
/// more than before when none did.
pub fn prepare(options: &Options) {
    let font = options.font.is_none() && options.formats.contains(&Format::Pdf);
    let user_templates = options.templates.is_some();
    // One task for all, in the order they are needed (the schema when the profile is read,
    // the registry once the checklist is resolved, the templates after it).
    rayon::spawn(move || {
        crate::profile::schema();
        let _ = crate::standards::Registry::embedded();
        crate::render::parse_ahead(user_templates);
        if font {
            let _ = crate::pdf::PdfFont::builtin();
        }
    });
}

impl Setup {
    pub fn new(options: &Options) -> Result<Setup> {
        let settings = Settings {
            font: options.font.clone(),
        };
        Ok(Setup {
            renderer: Renderer::new(options.templates.as_deref())?,
            date: crate::checklist::document_date(options.date)?,
            month: options.month,
            exporters: export::exporters(&options.formats, &settings)?,
        })
    }
}

/// One profile rendered and exported in memory.
pub struct Rendered {
    pub checklist: crate::model::Checklist,
    pub files: Vec<Artifact>,
    /// Warnings, each prefixed with the profile.
    pub warnings: Vec<String>,
    /// The rest of what the files were made from.
    pub sources: Sources,
}

/// The work of one profile: load, resolve, render Markdown, export.
pub fn render_one(
    engine: &Engine,
    setup: &Setup,
    path: &Path,
    records: RecordsFor,
) -> Result<Rendered> {
    let valid = engine.profile(path)?;
    let checklist = engine.checklist(&valid, setup.date)?;
    let prefix = path.display();
    let mut warnings: Vec<String> = checklist
        .warnings
        .iter()
        .map(|w| format!("{prefix}: {w}"))
        .collect();
    // The PDFs are typeset from the Markdown, so a user template changes both.
    let span = setup.month.map_or(Span::Day(setup.date), Span::Month);
    let plan = Plan::new(span, &valid.loaded.profile.calendar, &checklist);
    // The exporters that read only the checklist and the plan run beside the Markdown.
    let model_only = || {
        let input = Input {
            checklist: &checklist,
            plan: &plan,
            pages: Vec::new(),
        };
        setup
            .exporters
            .iter()
            .map(|e| (!e.reads_pages()).then(|| e.export(&input)))
            .collect::<Vec<_>>()
    };
    let mut early = Vec::new();
    let (markdown, values) = rayon::in_place_scope(|scope| {
        scope.spawn(|_| early = model_only());
        setup.renderer.render_all_with(&checklist, &plan, records)
    })?;
    let input = Input {
        checklist: &checklist,
        plan: &plan,
        pages: markdown.iter().map(Page::new).collect(),
    };
    let mut files = Vec::new();
    for (exporter, early) in setup.exporters.iter().zip(early) {
        let exported = match early {
            Some(exported) => exported?,
            None => exporter.export(&input)?,
        };
        for w in exported.warnings {
            warnings.push(format!("{prefix}: {w}"));
        }
        files.extend(exported.files);
    }
    drop(input);
    let mut sources = Sources::default();
    sources.keep(values);
    sources.keep(markdown);
    sources.keep(valid);
    Ok(Rendered {
        checklist,
        files,
        warnings,
        sources,
    })
}

/// Renders every profile into `out` (one profile) or `out/<file stem>/` (several), stopping at
/// the first failure.
pub fn generate(
    engine: &Engine,
    profiles: &[PathBuf],
    out: &Path,
    options: &Options,
) -> Result<Generated> {
    generate_with(engine, profiles, out, options, &|_, _| Ok(None))
}

/// [`generate`], the weekly reports and minutes filled with a record store's figures.
pub fn generate_with(
    engine: &Engine,
    profiles: &[PathBuf],
    out: &Path,
    options: &Options,
    records: RecordsFor,
) -> Result<Generated> {
    let setup = Setup::new(options)?;
    let mut generated = Generated {
        warnings: setup.renderer.warnings.clone(),
        ..Generated::default()
    };
    let folders = if profiles.len() == 1 {
        vec![None]
    } else {
        folder_names(profiles, &mut generated.warnings)
            .into_iter()
            .map(Some)
            .collect()
    };
    for (path, folder) in profiles.iter().zip(folders) {
        let one = render_one(engine, &setup, path, records)?;
        generated.warnings.extend(one.warnings);
        generated.outputs.push(Output {
            profile: path.clone(),
            dir: folder
                .as_ref()
                .map_or_else(|| out.to_path_buf(), |f| out.join(f)),
            folder,
            files: one.files,
            items: one.checklist.item_count(),
        });
        generated.sources.keep(one.checklist);
        generated.sources.0.extend(one.sources.0);
    }
    Ok(generated)
}

/// A batch of `generate`: every profile rendered and written into `out/<file stem>/` by
/// [`each`]. Returns the clients in the order given, and the warnings that concern the run as a
/// whole.
pub fn generate_each(
    engine: &Engine,
    profiles: &[PathBuf],
    out: &Path,
    options: &Options,
) -> Result<(Vec<batch::Client>, Vec<String>)> {
    let setup = Setup::new(options)?;
    let mut warnings = setup.renderer.warnings.clone();
    let run = Batch {
        out,
        index: &batch::GENERATE_INDEX,
        date: setup.date,
        formats: &options.formats,
        font: options.font.as_deref(),
    };
    let clients = each(profiles, &run, &mut warnings, |path| {
        let one = render_one(engine, &setup, path, &|_, _| Ok(None))?;
        let done = batch::Done::of(&one.checklist, one.warnings, Vec::new());
        Ok((one.files, done))
    })?;
    Ok((clients, warnings))
}

/// Where a batch writes and what its index is.
pub struct Batch<'a> {
    pub out: &'a Path,
    pub index: &'a batch::Index,
    /// The date the index bears.
    pub date: NaiveDate,
    /// The formats asked for: with PDF, the index is typeset too, in `font`.
    pub formats: &'a [Format],
    pub font: Option<&'a str>,
}

/// Runs `job` for every profile on all cores ([`batch::run`]) and writes each client's files
/// into `out/<file stem>/`, each folder all or nothing and independent of the others (a failed
/// profile does not stop the rest), then `out/index.md` (and `index.pdf` when PDFs are asked
/// for) naming every client. `job` renders one profile in memory: its files, and what it did
/// (the file names are filled in here). Folder-name warnings go to `warnings`.
pub fn each(
    profiles: &[PathBuf],
    run: &Batch,
    warnings: &mut Vec<String>,
    job: impl Fn(&Path) -> Result<(Vec<Artifact>, batch::Done)> + Sync,
) -> Result<Vec<batch::Client>> {
    let folders = folder_names(profiles, warnings);
    let clients = batch::run(profiles, &folders, |path, folder| {
        let (files, done) = job(path)?;
        write_sets(
            run.out,
            &[Set {
                folder: Some(folder),
                files: &files,
            }],
        )?;
        let names = files.into_iter().map(|f| f.name).collect();
        Ok(batch::Done {
            files: names,
            ..done
        })
    });
    let mut index = vec![Artifact {
        name: "index.md".into(),
        bytes: batch::index_markdown(run.index, &clients, run.date, true).into_bytes(),
    }];
    if run.formats.contains(&Format::Pdf) {
        let info = crate::pdf::DocumentInfo {
            title: run.index.title.into(),
            author: String::new(),
            subject: format!("{}", run.date),
            creator: format!("riskctl {}", env!("CARGO_PKG_VERSION")),
            date: run.date,
        };
        let font = crate::pdf::PdfFont::load(run.font)?;
        // On paper the files are named, not linked: the folder column says where they are.
        let markdown = batch::index_markdown(run.index, &clients, run.date, false);
        index.push(Artifact {
            name: "index.pdf".into(),
            bytes: crate::pdf::typeset(&markdown, &info, &font)?.bytes,
        });
    }
    write_sets(
        run.out,
        &[Set {
            folder: None,
            files: &index,
        }],
    )?;
    Ok(clients)
}

/// One output folder name per profile, from its file stem: made a plain name (no separators, no
/// leading dot, no control characters, so it stays inside `--out`), and made unique (ignoring
/// case, for case-insensitive file systems) with `-2`, `-3`… and a warning.
pub fn folder_names(profiles: &[PathBuf], warnings: &mut Vec<String>) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for path in profiles {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let cleaned = plain_name(&stem);
        let base = if cleaned.is_empty() {
            "profile".to_string()
        } else {
            cleaned
        };
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name.to_lowercase()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        if name != stem {
            warnings.push(format!(
                "{}: written to the folder `{name}` (the file name `{stem}` {})",
                path.display(),
                if base == name {
                    "is not a plain folder name"
                } else {
                    "is taken by an earlier profile"
                }
            ));
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// The write stage: every output folder at once, all or nothing (see [`crate::output`]).
pub fn write(out: &Path, generated: &Generated) -> Result<()> {
    let sets: Vec<Set> = generated
        .outputs
        .iter()
        .map(|o| Set {
            folder: o.folder.as_deref(),
            files: &o.files,
        })
        .collect();
    write_sets(out, &sets)
}
