//! The exporter seam: each output format is an [`Exporter`] over the resolved [`Checklist`], the
//! Markdown the templates rendered from it and the [`Document`] tree parsed from that Markdown
//! (which every page-based writer shares). Adding a format (DOCX, XLSX…) is one module that
//! implements [`Exporter`], its [`Format`] variant and one line in [`exporters`].
mod json;
pub use json::checklist_json;
mod docx;
mod markdown;
mod pdf;
pub(crate) mod xlsx;

use crate::document::Document;
use crate::error::Result;
use crate::model::Checklist;
pub use crate::output::Artifact;

/// The output formats, in the order their files are listed (also the values of `--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    Md,
    Pdf,
    Json,
    Docx,
    Xlsx,
}

/// One rendered Markdown document and its parsed tree.
pub struct Page<'a> {
    /// The Markdown file (`checklist.md`…).
    pub markdown: &'a Artifact,
    /// The tree parsed from it (front matter and blocks).
    pub document: &'a Document,
}

/// What an exporter reads.
pub struct Input<'a> {
    pub checklist: &'a Checklist,
    pub pages: Vec<Page<'a>>,
}

/// What an exporter produces: files, and warnings about them (e.g. characters a font lacks).
#[derive(Debug, Default)]
pub struct Exported {
    pub files: Vec<Artifact>,
    pub warnings: Vec<String>,
}

/// An output format.
pub trait Exporter: Sync {
    fn export(&self, input: &Input) -> Result<Exported>;
}

/// Settings exporters need beyond the model (today: the PDF font).
pub struct Settings {
    /// `--font`: a TTF/OTF file or `PATH#N`; None: the built-in subset.
    pub font: Option<String>,
}

/// The exporters for `formats`, in the order their files are listed (Markdown, PDF, JSON, DOCX, XLSX).
pub fn exporters(formats: &[Format], settings: &Settings) -> Result<Vec<Box<dyn Exporter>>> {
    let mut all: Vec<Box<dyn Exporter>> = Vec::new();
    if formats.contains(&Format::Md) {
        all.push(Box::new(markdown::MarkdownExporter));
    }
    if formats.contains(&Format::Pdf) {
        all.push(Box::new(pdf::PdfExporter::new(settings.font.as_deref())?));
    }
    if formats.contains(&Format::Json) {
        all.push(Box::new(json::JsonExporter));
    }
    if formats.contains(&Format::Docx) {
        all.push(Box::new(docx::DocxExporter));
    }
    if formats.contains(&Format::Xlsx) {
        all.push(Box::new(xlsx::XlsxExporter));
    }
    Ok(all)
}
