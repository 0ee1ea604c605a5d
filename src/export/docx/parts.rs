//! The package parts around the body: content types, relationships, styles, fonts, settings,
//! running header and footer, and document properties.
//!
//! Fonts: East Asian text is set in 宋体 (headings in 黑体), the faces every Chinese Windows and
//! WPS install carries and that official forms use; the font table gives their Latin names
//! (SimSun, SimHei) as `w:altName`, the GB2312 charset and the panose class so that Word on a
//! non-Chinese system and LibreOffice substitute a Simplified Chinese face (on Linux, fontconfig
//! picks Noto Sans/Serif CJK SC, the family of the font riskctl bundles for its PDFs). The East
//! Asian language is zh-CN so that substitution and punctuation compression follow Chinese rules.
use crate::document::PageSetup;

use super::xml::{DECLARATION, escape, half_points};

pub(super) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(super) const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Body and heading faces (see the module documentation).
const BODY_FONT: &str = "宋体";
const HEADING_FONT: &str = "黑体";
const LATIN_FONT: &str = "Times New Roman";

pub(super) fn content_types(header: bool, footer: bool) -> String {
    let mut x = format!(
        "{DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{WML}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{WML}.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{WML}.settings+xml\"/>\
         <Override PartName=\"/word/fontTable.xml\" ContentType=\"{WML}.fontTable+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"{WML}.numbering+xml\"/>"
    );
    if header {
        x.push_str(&format!(
            "<Override PartName=\"/word/header1.xml\" ContentType=\"{WML}.header+xml\"/>"
        ));
    }
    if footer {
        x.push_str(&format!(
            "<Override PartName=\"/word/footer1.xml\" ContentType=\"{WML}.footer+xml\"/>"
        ));
    }
    x.push_str(
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>",
    );
    x
}

pub(super) fn package_rels() -> String {
    format!(
        "{DECLARATION}<Relationships xmlns=\"{REL_NS}\">\
         <Relationship Id=\"rId1\" Type=\"{DOC_REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{DOC_REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

/// Relationship ids of the header and footer in `word/_rels/document.xml.rels`.
pub(super) const HEADER_ID: &str = "rIdHeader";
pub(super) const FOOTER_ID: &str = "rIdFooter";

pub(super) fn document_rels(header: bool, footer: bool) -> String {
    let mut x = format!("{DECLARATION}<Relationships xmlns=\"{REL_NS}\">");
    for (id, kind, target) in [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFonts", "fontTable", "fontTable.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
    ] {
        x.push_str(&format!(
            "<Relationship Id=\"{id}\" Type=\"{DOC_REL}/{kind}\" Target=\"{target}\"/>"
        ));
    }
    if header {
        x.push_str(&format!(
            "<Relationship Id=\"{HEADER_ID}\" Type=\"{DOC_REL}/header\" Target=\"header1.xml\"/>"
        ));
    }
    if footer {
        x.push_str(&format!(
            "<Relationship Id=\"{FOOTER_ID}\" Type=\"{DOC_REL}/footer\" Target=\"footer1.xml\"/>"
        ));
    }
    x.push_str("</Relationships>");
    x
}

fn fonts(east_asia: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{LATIN_FONT}\" w:hAnsi=\"{LATIN_FONT}\" w:eastAsia=\"{east_asia}\" w:cs=\"{LATIN_FONT}\"/>"
    )
}

/// `word/styles.xml`: sizes from the document's page setup.
pub(super) fn styles(setup: &PageSetup) -> String {
    let body = half_points(setup.font_size);
    let table = half_points(setup.table_font_size);
    let heading_sizes = [
        half_points(setup.font_size * 1.7),
        half_points(setup.font_size * 1.3),
        half_points(setup.font_size * 1.15),
        body,
    ];
    let mut x = format!(
        "{DECLARATION}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>{}\
         <w:sz w:val=\"{body}\"/><w:szCs w:val=\"{body}\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"60\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>",
        fonts(BODY_FONT)
    );
    for (i, size) in heading_sizes.iter().enumerate() {
        let level = i + 1;
        let jc = if level == 1 {
            "<w:jc w:val=\"center\"/>"
        } else {
            ""
        };
        x.push_str(&format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{}\" w:after=\"120\"/>{jc}\
             <w:outlineLvl w:val=\"{i}\"/></w:pPr><w:rPr>{}<w:b/><w:bCs/>\
             <w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            if level == 1 { 0 } else { 200 },
            fonts(HEADING_FONT)
        ));
    }
    x.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>\
         <w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:before=\"20\" w:after=\"20\" w:line=\"260\" w:lineRule=\"auto\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"{table}\"/><w:szCs w:val=\"{table}\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"AfterTable\"><w:name w:val=\"After Table\"/>\
         <w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Rule\"><w:name w:val=\"Rule\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"808080\"/></w:pBdr></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"FillLine\"><w:name w:val=\"Fill Line\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:before=\"240\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Code\"><w:name w:val=\"Code\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"auto\"/></w:pBdr><w:jc w:val=\"center\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"Grid\"><w:name w:val=\"Table Grid\"/><w:tblPr>\
         <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders>\
         <w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr></w:style></w:styles>"
    ));
    x
}

pub(super) fn settings() -> String {
    format!(
        "{DECLARATION}<w:settings xmlns:w=\"{W_NS}\"><w:defaultTabStop w:val=\"420\"/>\
         <w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         </w:settings>"
    )
}

pub(super) fn font_table() -> String {
    format!(
        "{DECLARATION}<w:fonts xmlns:w=\"{W_NS}\">\
         <w:font w:name=\"{BODY_FONT}\"><w:altName w:val=\"SimSun\"/><w:panose1 w:val=\"02010600030101010101\"/>\
         <w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>\
         <w:font w:name=\"{HEADING_FONT}\"><w:altName w:val=\"SimHei\"/><w:panose1 w:val=\"02010609060101010101\"/>\
         <w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
         <w:font w:name=\"{LATIN_FONT}\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
         <w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    )
}

/// A running header or footer part: `{page}` and `{pages}` become PAGE and NUMPAGES fields.
pub(super) fn running(kind: &str, style: &str, text: &str) -> String {
    let mut x = format!(
        "{DECLARATION}<w:{kind} xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"
    );
    let mut rest = text;
    while !rest.is_empty() {
        let next = [("{page}", "PAGE"), ("{pages}", "NUMPAGES")]
            .iter()
            .filter_map(|(mark, field)| rest.find(mark).map(|at| (at, *mark, *field)))
            .min_by_key(|(at, ..)| *at);
        let (literal, field) = match next {
            Some((at, mark, field)) => (&rest[..at], Some((mark, field))),
            None => (rest, None),
        };
        if !literal.is_empty() {
            x.push_str(&format!(
                "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(literal)
            ));
        }
        match field {
            Some((mark, field)) => {
                x.push_str(&format!(
                    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
                     <w:r><w:instrText xml:space=\"preserve\"> {field} </w:instrText></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                ));
                rest = &rest[literal.len() + mark.len()..];
            }
            None => rest = "",
        }
    }
    x.push_str(&format!("</w:p></w:{kind}>"));
    x
}

/// What `docProps/core.xml` records.
pub(super) struct Properties<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    /// `YYYY-MM-DD`: the document date, so the same input gives the same bytes.
    pub date: String,
}

pub(super) fn core(p: &Properties) -> String {
    format!(
        "{DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:lastModifiedBy>{}</cp:lastModifiedBy>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{}T00:00:00Z</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{}T00:00:00Z</dcterms:modified>\
         </cp:coreProperties>",
        escape(p.title),
        escape(p.subject),
        escape(p.author),
        escape(p.author),
        p.date,
        p.date
    )
}

pub(super) fn app(creator: &str) -> String {
    format!(
        "{DECLARATION}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>{}</Application></Properties>",
        escape(creator)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_fields_replace_the_page_marks() {
        let x = running("ftr", "Footer", "第 {page} 页 共 {pages} 页");
        let page = x.find(" PAGE ").unwrap();
        let pages = x.find(" NUMPAGES ").unwrap();
        assert!(x.find("第 ").unwrap() < page && page < x.find(" 页 共 ").unwrap());
        assert!(pages < x.rfind(" 页").unwrap());
        assert!(!x.contains("{page"));
    }
}
