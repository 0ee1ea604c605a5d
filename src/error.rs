//! Typed errors, and diagnostics that point into the user's files (file:line:col, the source line,
//! a caret and, where we can guess the fix, a hint).
use std::fmt;
use std::path::PathBuf;

/// A file the user gave us (or an embedded one), kept so that diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// A diagnostic at a 1-based line and column of this file.
    pub fn diagnostic(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let source_line = self
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_owned);
        Diagnostic {
            message: message.into(),
            location: Some(Location {
                file: self.name.clone(),
                line,
                column,
            }),
            source_line,
            hint: None,
        }
    }
}

/// A position in a file: 1-based line and column (column counts characters).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem in the input, with where it is and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub message: String,
    pub location: Option<Location>,
    pub source_line: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            location: None,
            source_line: None,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if let Some(loc) = &self.location {
            let gutter = " ".repeat(loc.line.to_string().len());
            writeln!(f, "{gutter}--> {loc}")?;
            if let Some(line) = &self.source_line {
                // Wide (CJK) characters take two terminal cells; keep the caret under the column.
                let pad: usize = line
                    .chars()
                    .take(loc.column.saturating_sub(1))
                    .map(display_width)
                    .sum();
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{} | {}", loc.line, line)?;
                writeln!(f, "{gutter} | {}^", " ".repeat(pad))?;
            }
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

fn display_width(c: char) -> usize {
    if c == '\t' {
        4
    } else if (c as u32) >= 0x1100 && !('\u{ff61}'..='\u{ffdc}').contains(&c) {
        2
    } else {
        1
    }
}

/// Every problem found in one validation pass, so the user can fix them all at once.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} problems found", self.0.len())?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(Diagnostics),
    #[error("template error: {0}")]
    Template(String),
    #[error("PDF error in {document}: {message}")]
    Pdf { document: String, message: String },
    /// Writing a DOCX or XLSX file failed (the writer's message).
    #[error("{format} error in {document}: {message}")]
    Office {
        format: &'static str,
        document: String,
        message: String,
    },
    #[error("font error: {0}")]
    Font(String),
    #[error("{0}")]
    Usage(String),
    #[error("standards registry: {0}")]
    Standards(String),
    /// Some profiles of a batch failed (each one named in the summary); the others were written.
    #[error("{failed} of {total} profiles failed; the others were written (see the summary above)")]
    Batch { failed: usize, total: usize },
    /// The record store, its import or its seals (the text of a `records::RecordsError`: this
    /// module is also compiled by build.rs, which has no record store).
    #[error("{0}")]
    Records(String),
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(Diagnostics(vec![d]))
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Invalid(d)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The closest candidate to `word`, if it is close enough to be a plausible typo. Chinese words
/// are short and each character carries meaning, so they are compared character by character:
/// at most a third of the characters differ (one in a word of two or three).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if word.is_ascii() {
        return candidates
            .into_iter()
            .map(|c| (strsim::jaro_winkler(word, c), c))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c);
    }
    let chars: Vec<char> = word.chars().collect();
    candidates
        .into_iter()
        .filter_map(|c| {
            let other: Vec<char> = c.chars().collect();
            let distance = strsim::generic_levenshtein(&chars, &other);
            let longest = chars.len().max(other.len());
            (distance < longest && distance <= (longest / 3).max(1))
                .then(|| (distance, -strsim::jaro_winkler(word, c), c))
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, c)| c)
}

/// Turns a serde_yaml_ng error into a diagnostic at its line and column, with a did-you-mean for
/// unknown fields and variants (serde lists the expected names in its message).
pub fn yaml_diagnostic(file: &SourceFile, err: &serde_yaml_ng::Error) -> Diagnostic {
    let full = err.to_string();
    // serde_yaml_ng appends " at line L column C"; we print the location ourselves.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let hint = unknown_name_hint(&message);
    let diagnostic = match err.location() {
        Some(loc) => file.diagnostic(loc.line(), loc.column(), message),
        None => Diagnostic {
            location: Some(Location {
                file: file.name.clone(),
                line: 1,
                column: 1,
            }),
            ..Diagnostic::new(message)
        },
    };
    diagnostic.with_hint(hint)
}

fn unknown_name_hint(message: &str) -> Option<String> {
    let rest = message
        .split("unknown field `")
        .nth(1)
        .or_else(|| message.split("unknown variant `").nth(1))?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !candidates.is_empty() => {
            Some(format!("expected one of: {}", candidates.join(", ")))
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_typos_find_the_chinese_word() {
        let labels = ["批发经销", "零售门店", "网络销售", "出口", "每周", "每月"];
        assert_eq!(did_you_mean("网络消售", labels), Some("网络销售"));
        assert_eq!(did_you_mean("零售门面", labels), Some("零售门店"));
        assert_eq!(did_you_mean("出囗", labels), Some("出口"));
        assert_eq!(did_you_mean("进口", ["出口", "每周"]), Some("出口"));
        assert_eq!(did_you_mean("质量检验", labels), None);
        assert_eq!(
            did_you_mean("onlin", ["online", "网络销售"]),
            Some("online")
        );
    }

    #[test]
    fn caret_sits_under_the_column_of_wide_text() {
        let file = SourceFile::new("p.yaml", "a: 1\nname: 电线 BV\n");
        let d = file.diagnostic(2, 10, "bad");
        let text = d.to_string();
        assert!(text.contains("--> p.yaml:2:10"), "{text}");
        // 9 characters before column 10: "name: " (6) + "电线" (2 wide = 4) + " " (1) = 11 cells.
        assert!(text.contains(&format!("  | {}^", " ".repeat(11))), "{text}");
    }

    #[test]
    fn unknown_field_gets_did_you_mean() {
        let hint =
            unknown_name_hint("company: unknown field `nmae`, expected one of `name`, `address`");
        assert_eq!(hint.as_deref(), Some("did you mean `name`?"));
    }
}
