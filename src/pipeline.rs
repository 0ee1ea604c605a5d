//! `generate` for one or many profiles: load, resolve, render Markdown, parse the document trees,
//! run the exporters — all in memory. [`generate`] returns the artifacts and warnings and writes
//! nothing; [`write`] is the one stage that touches the output folders, so a failure anywhere
//! before it leaves no output behind.
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::Engine;
use crate::document::{Document, first_heading};
use crate::error::{Error, Result};
use crate::export::{self, Artifact, Format, Input, Page, Settings};
use crate::model::Checklist;
use crate::output::{Set, write_sets};
use crate::records::rollup::RecordsView;
use crate::render::Renderer;

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
}

/// Renders every profile into `out` (one profile) or `out/<file stem>/` (several).
pub fn generate(
    engine: &Engine,
    profiles: &[PathBuf],
    out: &Path,
    options: &Options,
) -> Result<Generated> {
    generate_with(engine, profiles, out, options, &|_| Ok(None))
}

/// The figures from a record store for a profile's checklist (`generate --records`).
pub type RecordsFor<'a> = &'a dyn Fn(&Checklist) -> Result<Option<RecordsView>>;

/// [`generate`], giving the templates `records` for each profile's checklist.
pub fn generate_with(
    engine: &Engine,
    profiles: &[PathBuf],
    out: &Path,
    options: &Options,
    records: RecordsFor,
) -> Result<Generated> {
    let renderer = Renderer::new(options.templates.as_deref())?;
    let date = crate::checklist::document_date(options.date)?;
    let settings = Settings {
        font: options.font.clone(),
    };
    let exporters = export::exporters(&options.formats, &settings)?;
    let mut generated = Generated {
        warnings: renderer.warnings.clone(),
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
        let valid = engine.profile(path)?;
        let checklist = engine.checklist(&valid, date)?;
        let prefix = path.display();
        for w in &checklist.warnings {
            generated.warnings.push(format!("{prefix}: {w}"));
        }
        // The PDFs are typeset from the Markdown, so a user template changes both.
        let markdown = renderer.render_all_with(&checklist, records(&checklist)?.as_ref())?;
        let documents = markdown
            .iter()
            .map(|md| {
                let text = String::from_utf8_lossy(&md.bytes);
                Document::parse(&text).map_err(|message| Error::Pdf {
                    document: first_heading(&text).unwrap_or_else(|| md.name.clone()),
                    message,
                })
            })
            .collect::<Result<Vec<Document>>>()?;
        let input = Input {
            checklist: &checklist,
            pages: markdown
                .iter()
                .zip(&documents)
                .map(|(markdown, document)| Page { markdown, document })
                .collect(),
        };
        let mut files = Vec::new();
        for exporter in &exporters {
            let exported = exporter.export(&input)?;
            for w in exported.warnings {
                generated.warnings.push(format!("{prefix}: {w}"));
            }
            files.extend(exported.files);
        }
        generated.outputs.push(Output {
            profile: path.clone(),
            dir: folder
                .as_ref()
                .map_or_else(|| out.to_path_buf(), |f| out.join(f)),
            folder,
            files,
            items: checklist.item_count(),
        });
    }
    Ok(generated)
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
        let cleaned: String = stem
            .chars()
            .map(|c| {
                if c.is_control() || "/\\:*?\"<>|".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = cleaned.trim_start_matches('.').trim();
        let base = if cleaned.is_empty() {
            "profile".to_string()
        } else {
            cleaned.chars().take(100).collect()
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
