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
    pub dir: PathBuf,
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
    let renderer = Renderer::new(options.templates.as_deref())?;
    let date = crate::checklist::document_date(options.date)?;
    let settings = Settings {
        font: options.font.clone(),
    };
    let exporters = export::exporters(&options.formats, &settings)?;
    let mut generated = Generated::default();
    for path in profiles {
        let valid = engine.profile(path)?;
        let checklist = engine.checklist(&valid, date)?;
        let prefix = path.display();
        for w in &checklist.warnings {
            generated.warnings.push(format!("{prefix}: {w}"));
        }
        // The PDFs are typeset from the Markdown, so a user template changes both.
        let markdown = renderer.render_all(&checklist)?;
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
        let dir = if profiles.len() == 1 {
            out.to_path_buf()
        } else {
            out.join(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            )
        };
        generated.outputs.push(Output {
            profile: path.clone(),
            dir,
            files,
            items: checklist.item_count(),
        });
    }
    Ok(generated)
}

/// The write stage: every output folder, each file renamed into place.
pub fn write(generated: &Generated) -> Result<()> {
    for output in &generated.outputs {
        crate::output::write_all(&output.dir, &output.files)?;
    }
    Ok(())
}
