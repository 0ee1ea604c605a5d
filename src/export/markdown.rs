//! Markdown: the documents as the templates rendered them.
use super::{Exported, Exporter, Input};
use crate::error::Result;

pub struct MarkdownExporter;

impl Exporter for MarkdownExporter {
    fn export(&self, input: &Input) -> Result<Exported> {
        Ok(Exported {
            files: input.pages.iter().map(|p| p.markdown.clone()).collect(),
            warnings: Vec::new(),
        })
    }
}
