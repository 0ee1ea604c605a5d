//! Renders the resolved checklist into documents with Tera. The built-in templates are compiled into
//! the binary under `builtin/`; a user's `--templates DIR` adds templates of the same names, which
//! win. User data is escaped for Markdown, so a `|` or a newline in a company name cannot break a table.
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::forms::{Job, Plan};
use crate::model::{Checklist, Item};
use crate::output::Artifact;
use crate::records::rollup::RecordsView;
use crate::vocab::Frequency;

/// The figures of a record store for a checklist, counted up to a day (`generate --records`).
pub type RecordsFor<'a> = &'a dyn Fn(&Checklist, chrono::NaiveDate) -> Result<Option<RecordsView>>;

/// The Markdown documents, in the order they are written.
pub const DOCUMENTS: &[&str] = &[
    "checklist.md",
    "daily-record.md",
    "batch-record.md",
    "weekly-report.md",
    "monthly-minutes.md",
];

/// The audit's Markdown documents (`riskctl audit`, `audit report`), which `--templates` may
/// override as well.
pub const AUDIT_CHECKLIST: &str = "audit-checklist.md";
pub const AUDIT_REPORT: &str = "audit-report.md";

/// Largest rendered Markdown document, in bytes: a template that loops without end stops here.
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;

pub struct Renderer {
    /// A copy of the built-in templates with the user's added; None for the built-in ones alone
    /// (each parsed when its document is first rendered, if no other thread has yet).
    tera: Option<Tera>,
    /// The user's templates: name and file, so that a rendering error names the file.
    user: Vec<(String, std::path::PathBuf)>,
    /// Problems with the user's templates that do not stop rendering (a file that names no document).
    pub warnings: Vec<String>,
}

/// A writer that fails once more than [`MAX_DOCUMENT_BYTES`] are written to it.
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_DOCUMENT_BYTES {
            return Err(std::io::Error::other(format!(
                "the document grew past {} MiB",
                MAX_DOCUMENT_BYTES >> 20
            )));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Escapes Markdown-significant characters and folds line breaks, so that user text stays inside
/// its paragraph or table cell. Every character it changes is ASCII, so the text between two of
/// them is written in one piece (tens of thousands of values per run go through here).
pub(crate) fn escape_markdown(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = [b'\\', b];
        let replacement: &[u8] = match b {
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'#' | b'~' | b'!' => {
                &escaped
            }
            b'\r' => b"",
            b'\n' => b" ",
            _ => continue,
        };
        out.write_all(&bytes[from..i])?;
        out.write_all(replacement)?;
        from = i + 1;
    }
    out.write_all(&bytes[from..])
}

/// A Tera with riskctl's settings (Markdown escaping of `.md` templates) and these built-in
/// templates added under `builtin/`.
fn builtin_tera(templates: &[(&str, &str)]) -> std::result::Result<Tera, String> {
    let mut tera = Tera::new();
    tera.set_fallback_prefixes(["builtin/"])
        .map_err(template_message)?;
    tera.autoescape_on([".md"]);
    tera.set_escape_fn(escape_markdown);
    let named = templates
        .iter()
        .map(|(name, text)| (format!("builtin/{name}"), *text));
    tera.add_raw_templates(named).map_err(template_message)?;
    Ok(tera)
}

/// A Tera of built-in templates, parsed once per process by whoever asks first.
type Parsed = OnceLock<std::result::Result<Tera, String>>;

fn parsed(cell: &'static Parsed, templates: &[(&str, &str)]) -> Result<&'static Tera> {
    cell.get_or_init(|| builtin_tera(templates))
        .as_ref()
        .map_err(|message| Error::Template(message.clone()))
}

/// The built-in templates under `builtin/`, all in one Tera: what a user's `--templates` are
/// added to (they may include a built-in one).
fn builtin_all() -> Result<&'static Tera> {
    static ALL: Parsed = OnceLock::new();
    parsed(&ALL, crate::assets::TEMPLATES)
}

/// The built-in template `name` in a Tera of its own, parsed the first time a run asks for it
/// (or [`crate::pipeline::prepare`] does, on a worker, ahead of the run): a run parses only the
/// documents it writes, and two documents' templates are parsed on two cores. The built-in
/// templates include no other template, so each stands alone.
fn builtin(name: &str) -> Result<&'static Tera> {
    static EACH: OnceLock<Vec<Parsed>> = OnceLock::new();
    let each = EACH.get_or_init(|| {
        crate::assets::TEMPLATES
            .iter()
            .map(|_| OnceLock::new())
            .collect()
    });
    let Some(i) = crate::assets::TEMPLATES
        .iter()
        .position(|(n, _)| *n == name)
    else {
        return Err(Error::Template(format!("no built-in template `{name}`")));
    };
    parsed(&each[i], &crate::assets::TEMPLATES[i..=i])
}

/// Parses the built-in templates a run will use: those of the documents, or all of them in one
/// Tera when the user's templates are added to it. For [`crate::pipeline::prepare`], ahead of
/// the run.
pub fn parse_ahead(user_templates: bool) {
    if user_templates {
        let _ = builtin_all();
    } else {
        for name in DOCUMENTS {
            let _ = builtin(name);
        }
    }
}

impl Renderer {
    /// The built-in templates, overridden by any `*.md` template in `user_dir`.
    pub fn new(user_dir: Option<&Path>) -> Result<Renderer> {
        let mut warnings = Vec::new();
        let mut user = Vec::new();
        let Some(dir) = user_dir else {
            return Ok(Renderer {
                tera: None,
                user,
                warnings,
            });
        };
        let mut tera = builtin_all()?.clone();
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = crate::input::read_text(&path, crate::input::MAX_ASSET_BYTES)?.text;
            let documents = DOCUMENTS.iter().chain(&[AUDIT_CHECKLIST, AUDIT_REPORT]);
            if !documents.clone().any(|d| *d == name) {
                let hint = crate::error::did_you_mean(&name, documents.clone().copied())
                    .map(|d| format!("; did you mean `{d}`?"))
                    .unwrap_or_else(|| {
                        let all: Vec<&str> = documents.copied().collect();
                        format!("; the documents are {}", all.join(", "))
                    });
                warnings.push(format!(
                    "template {} names no document and is used only where another template includes it{hint}",
                    path.display()
                ));
            }
            // Register under the user's path so that errors name the file the user edits.
            tera.add_raw_template(&name, &text)
                .map_err(|e| template_error_in(e, &path))?;
            user.push((name, path));
        }
        Ok(Renderer {
            tera: Some(tera),
            user,
            warnings,
        })
    }

    /// Renders every Markdown document: the checklist, then the records `plan` lists.
    pub fn render_all(&self, checklist: &Checklist, plan: &Plan) -> Result<Vec<Artifact>> {
        Ok(self.render_all_with(checklist, plan, &|_, _| Ok(None))?.0)
    }

    /// [`Renderer::render_all`], giving each weekly report and the monthly minutes `records`: the
    /// figures of a record store for the period they cover (`generate --records`). Returns the
    /// template values too, for the caller to free when it suits it.
    pub fn render_all_with(
        &self,
        checklist: &Checklist,
        plan: &Plan,
        records: RecordsFor,
    ) -> Result<(Vec<Artifact>, Context)> {
        let base = context(checklist)?;
        let checklist_job = Job {
            template: "checklist.md",
            name: "checklist.md".into(),
            context: Context::new(),
            period_end: None,
        };
        // The record store is read here, one document after another; the documents are then
        // rendered side by side.
        let jobs = std::iter::once(checklist_job)
            .chain(plan.jobs(checklist))
            .map(|job| {
                let mut context = base.clone();
                context.extend(job.context);
                // Figures count up to the period's end, or up to the document date within it.
                let figures = match job.period_end {
                    Some(end) => records(checklist, end.min(checklist.date))?,
                    None => None,
                };
                context.insert("records", &figures);
                Ok((job.template, job.name, context))
            })
            .collect::<Result<Vec<_>>>()?;
        let pages = crate::parallel_map(&jobs, |(template, name, context)| {
            Ok(Artifact {
                name: name.clone(),
                ..self.render_context(template, context)?
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
        // The per-document contexts share `base`'s values; it holds the last reference.
        drop(jobs);
        Ok((pages, base))
    }

    /// Renders the template `name` (a document beyond the four records, e.g. the audit's) with the
    /// checklist's context and the fields of `extra` on top.
    pub fn render_with(
        &self,
        name: &str,
        checklist: &Checklist,
        extra: &impl Serialize,
    ) -> Result<Artifact> {
        let mut context = context(checklist)?;
        context.extend(Context::from_serialize(extra).map_err(template_error)?);
        self.render_context(name, &context)
    }

    fn render_context(&self, name: &str, context: &Context) -> Result<Artifact> {
        let mut out = Bounded(Vec::new());
        let tera = match &self.tera {
            Some(tera) => tera,
            None => builtin(name)?,
        };
        tera.render_to(name, context, &mut out).map_err(|e| {
            match self.user.iter().find(|(n, _)| n == name) {
                Some((_, path)) => template_error_in(e, path),
                None => template_error(e),
            }
        })?;
        Ok(Artifact {
            name: name.to_string(),
            bytes: out.0,
        })
    }
}

/// The checklist as the templates see it, with its items sorted by schedule as well:
/// `daily_items`, `weekly_items`, `monthly_items`, `event_items` and `item_count`.
fn context(checklist: &Checklist) -> Result<Context> {
    let mut context = Context::from_serialize(checklist).map_err(template_error)?;
    // The schedules share the values of the items in `groups` (a value is reference-counted)
    // instead of serialising the items again.
    let groups = context
        .get("groups")
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    let item_values = groups
        .iter()
        .filter_map(|g| g.get_from_path("items").and_then(Value::as_array))
        .flatten();
    let items: Vec<(&Item, &Value)> = checklist.items().zip(item_values).collect();
    if items.len() != checklist.item_count() {
        return Err(Error::Template(
            "the checklist's items are missing from the template context".into(),
        ));
    }
    let schedule = |keep: fn(Frequency) -> bool| -> Value {
        let picked: Vec<Value> = items
            .iter()
            .filter(|(item, _)| keep(item.frequency))
            .map(|(_, value)| (*value).clone())
            .collect();
        Value::from(picked)
    };
    let schedules = [
        ("daily_items", schedule(Frequency::is_daily)),
        ("weekly_items", schedule(Frequency::is_weekly)),
        ("monthly_items", schedule(Frequency::is_monthly)),
        ("event_items", schedule(Frequency::is_event)),
        ("item_count", Value::from(items.len())),
    ];
    for (key, value) in schedules {
        context.insert_value(key, value);
    }
    Ok(context)
}

/// Tera's message with its causes, one per line.
fn template_message(e: tera::Error) -> String {
    let text = e.to_string();
    let mut message = text
        .strip_prefix("error: ")
        .unwrap_or(&text)
        .trim_end()
        .to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    message
}

fn template_error(e: tera::Error) -> Error {
    Error::Template(template_message(e))
}

fn template_error_in(e: tera::Error, path: &Path) -> Error {
    Error::Template(format!("in {}:\n{}", path.display(), template_message(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_keeps_tables_intact() {
        let mut out = Vec::new();
        escape_markdown("A|B\n*C*", &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "A\\|B \\*C\\*");
        let mut out = Vec::new();
        escape_markdown("「甲_乙」\r\n[丙]<丁>#~!`\\戊", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "「甲\\_乙」 \\[丙\\]\\<丁\\>\\#\\~\\!\\`\\\\戊"
        );
    }
}
