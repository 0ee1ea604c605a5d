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

use std::sync::OnceLock;

use crate::document::{Document, first_heading};
use crate::error::{Error, Result};
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

/// One rendered Markdown document and the tree parsed from it.
pub struct Page<'a> {
    /// The Markdown file (`checklist.md`…).
    pub markdown: &'a Artifact,
    /// The tree (front matter and blocks), or why it does not parse: parsed the first time an
    /// exporter asks (the PDF and DOCX ones do; Markdown, JSON and XLSX never ask).
    document: OnceLock<std::result::Result<Document, String>>,
}

impl<'a> Page<'a> {
    pub fn new(markdown: &'a Artifact) -> Page<'a> {
        Page {
            markdown,
            document: OnceLock::new(),
        }
    }

    /// The tree parsed from the Markdown; an error names the document by its first heading.
    pub fn document(&self) -> Result<&Document> {
        let text = || String::from_utf8_lossy(&self.markdown.bytes);
        self.document
            .get_or_init(|| Document::parse(&text()))
            .as_ref()
            .map_err(|message| Error::Pdf {
                document: first_heading(&text()).unwrap_or_else(|| self.markdown.name.clone()),
                message: message.clone(),
            })
    }
}

/// What an exporter reads.
pub struct Input<'a> {
    pub checklist: &'a Checklist,
    /// The records the run writes (days, weeks, month, who keeps them).
    pub plan: &'a crate::forms::Plan,
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

    /// Whether [`Exporter::export`] reads the Markdown pages; one that reads only the checklist
    /// and the plan runs while the Markdown is rendered, and is given no pages.
    fn reads_pages(&self) -> bool {
        true
    }
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
