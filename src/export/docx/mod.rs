//! DOCX: each document tree as a WordprocessingML package, written with `zip` and text XML
//! (escaped with `quick-xml`). Page size, orientation and margins come from the document's front
//! matter; the running header and the footer (with PAGE and NUMPAGES fields for `{page}` and
//! `{pages}`) from the same block, as in the PDF. The parts are written in a fixed order with a
//! fixed timestamp (1980-01-01, the zip epoch) and the document date as creation date, so the same
//! input gives the same bytes. Fonts: see [`parts`].
mod body;
mod columns;
mod parts;
mod xml;

use std::io::Write;

use zip::write::SimpleFileOptions;

use super::{Artifact, Exported, Exporter, Input, Page};
use crate::error::{Error, Result};
use crate::model::Checklist;
use body::Body;
use parts::{FOOTER_ID, HEADER_ID, Properties, R_NS, W_NS};
use xml::{DECLARATION, twips};

pub struct DocxExporter;

impl Exporter for DocxExporter {
    fn export(&self, input: &Input) -> Result<Exported> {
        let mut out = Exported::default();
        for page in &input.pages {
            out.files.push(docx(input.checklist, page)?);
        }
        Ok(out)
    }
}

/// One document as a DOCX file.
fn docx(checklist: &Checklist, page: &Page) -> Result<Artifact> {
    let name = format!("{}.docx", page.markdown.name.trim_end_matches(".md"));
    let document = page.document()?;
    let setup = &document.setup;
    let title = setup
        .title
        .clone()
        .or_else(|| document.first_heading())
        .unwrap_or_else(|| page.markdown.name.clone());
    let header = setup.running_header(&checklist.company.name, &title);
    let footer = setup.footer.trim();
    let (has_header, has_footer) = (!header.trim().is_empty(), !footer.is_empty());

    let mut body = Body::new(
        setup.width - setup.left - setup.right,
        setup.table_font_size,
    );
    body.blocks(&document.blocks);
    let mut main = format!(
        "{DECLARATION}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{}<w:sectPr>",
        body.xml
    );
    if has_header {
        main.push_str(&format!(
            "<w:headerReference w:type=\"default\" r:id=\"{HEADER_ID}\"/>"
        ));
    }
    if has_footer {
        main.push_str(&format!(
            "<w:footerReference w:type=\"default\" r:id=\"{FOOTER_ID}\"/>"
        ));
    }
    let orient = if setup.width > setup.height {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    main.push_str(&format!(
        "<w:pgSz w:w=\"{}\" w:h=\"{}\"{orient}/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>",
        twips(setup.width),
        twips(setup.height),
        twips(setup.top),
        twips(setup.right),
        twips(setup.bottom),
        twips(setup.left),
        twips(setup.top * 0.4),
        twips(setup.bottom * 0.4),
    ));

    let properties = Properties {
        title: &title,
        author: &checklist.company.name,
        subject: &format!("{}（{}）", checklist.catalog.title, checklist.date),
        creator: &checklist.generator,
        date: checklist.date.to_string(),
    };
    let mut files: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            parts::content_types(has_header, has_footer),
        ),
        ("_rels/.rels", parts::package_rels()),
        ("docProps/core.xml", parts::core(&properties)),
        ("docProps/app.xml", parts::app(properties.creator)),
        ("word/document.xml", main),
        (
            "word/_rels/document.xml.rels",
            parts::document_rels(has_header, has_footer),
        ),
        ("word/styles.xml", parts::styles(setup)),
        ("word/settings.xml", parts::settings()),
        ("word/fontTable.xml", parts::font_table()),
        ("word/numbering.xml", body::numbering(&body.lists)),
    ];
    if has_header {
        files.push(("word/header1.xml", parts::running("hdr", "Header", &header)));
    }
    if has_footer {
        files.push(("word/footer1.xml", parts::running("ftr", "Footer", footer)));
    }
    let bytes = package(&files).map_err(|message| Error::Office {
        format: "DOCX",
        document: name.clone(),
        message,
    })?;
    Ok(Artifact { name, bytes })
}

/// Zips the parts in the given order, deflated, with the zip epoch as every timestamp.
fn package(files: &[(&str, String)]) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, text) in files {
        zip.start_file(*path, options).map_err(|e| e.to_string())?;
        zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}
