//! PDF: each document tree typeset by [`crate::pdf`], all documents at once. The PDF title is the
//! document's first level-one heading, so user templates name their own.
use super::{Artifact, Exported, Exporter, Input};
use crate::error::Result;
use crate::pdf::{DocumentInfo, PdfFont};

pub struct PdfExporter {
    font: PdfFont,
}

impl PdfExporter {
    /// Loads `--font` (a file or `PATH#N`), or the built-in subset.
    pub fn new(font: Option<&str>) -> Result<PdfExporter> {
        Ok(PdfExporter {
            font: PdfFont::load(font)?,
        })
    }
}

impl Exporter for PdfExporter {
    fn export(&self, input: &Input) -> Result<Exported> {
        let checklist = input.checklist;
        let documents = input
            .pages
            .iter()
            .map(|page| page.document())
            .collect::<Result<Vec<_>>>()?;
        let infos: Vec<DocumentInfo> = input
            .pages
            .iter()
            .zip(&documents)
            .map(|(page, document)| DocumentInfo {
                title: document
                    .first_heading()
                    .unwrap_or_else(|| page.markdown.name.clone()),
                author: checklist.company.name.clone(),
                subject: format!("{}（{}）", checklist.catalog.title, checklist.date),
                creator: checklist.generator.clone(),
                date: checklist.date,
            })
            .collect();
        let jobs: Vec<(&crate::document::Document, &DocumentInfo)> =
            documents.into_iter().zip(&infos).collect();
        let people = &checklist.people;
        let names: Vec<String> = [&people.principal, &people.director]
            .into_iter()
            .chain(&people.officers)
            .map(|p| p.name.clone())
            .collect();
        let mut out = Exported::default();
        for (page, done) in input
            .pages
            .iter()
            .zip(crate::pdf::typeset_documents(&jobs, &self.font, &names))
        {
            let done = done?;
            let name = format!("{}.pdf", page.markdown.name.trim_end_matches(".md"));
            if !done.missing.is_empty() {
                let chars: String = done.missing.iter().collect();
                out.warnings.push(format!(
                    "{name}: the font lacks {} characters, drawn as crossed boxes: {chars} (pass --font with a fuller font)",
                    done.missing.len()
                ));
            }
            out.files.push(Artifact {
                name,
                bytes: done.bytes,
            });
        }
        Ok(out)
    }
}
