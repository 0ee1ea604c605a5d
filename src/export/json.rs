//! JSON: the resolved model with stable field names (`checklist.json`), which deserialises back
//! into [`crate::model::Checklist`].
use super::{Artifact, Exported, Exporter, Input};
use crate::error::Result;
use crate::model::Checklist;

pub struct JsonExporter;

/// The model as pretty JSON, with a final newline.
pub fn checklist_json(checklist: &Checklist) -> Artifact {
    let mut text = serde_json::to_string_pretty(checklist).unwrap_or_default();
    text.push('\n');
    Artifact {
        name: "checklist.json".into(),
        bytes: text.into_bytes(),
    }
}

impl Exporter for JsonExporter {
    fn export(&self, input: &Input) -> Result<Exported> {
        Ok(Exported {
            files: vec![checklist_json(input.checklist)],
            warnings: Vec::new(),
        })
    }

    fn reads_pages(&self) -> bool {
        false
    }
}
