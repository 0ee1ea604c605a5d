//! Running one job per client profile over many profiles: every core busy, a progress bar on a
//! terminal, every job run to its end whatever the others do, then a summary per client and an
//! index document naming every client with links to its files. `generate` and `audit` use it
//! through [`crate::pipeline::each`], which writes each client's folder and the index; a job takes
//! a profile and its output folder name and returns a [`Done`] or an error.
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Checklist;

/// What one client's job produced, for the summary and the index.
#[derive(Debug, Clone, Default)]
pub struct Done {
    /// The company the profile names.
    pub company: String,
    /// Checklist items (or whatever the job counts as items).
    pub items: usize,
    /// Warnings, each prefixed with the profile it concerns.
    pub warnings: Vec<String>,
    /// Licences and CCC certificates that expire soon or have expired.
    pub expiring: usize,
    /// The files written into the client's folder, in order.
    pub files: Vec<String>,
}

impl Done {
    /// The summary of a resolved checklist; `files` and `warnings` are the job's own.
    pub fn of(checklist: &Checklist, warnings: Vec<String>, files: Vec<String>) -> Done {
        Done {
            company: checklist.company.name.clone(),
            items: checklist.item_count(),
            warnings,
            expiring: crate::model::certificate_warnings(&checklist.lines).len(),
            files,
        }
    }
}

/// One client of a batch: its profile, its folder under `--out`, and how its job ended.
#[derive(Debug)]
pub struct Client {
    pub profile: PathBuf,
    pub folder: String,
    pub outcome: Result<Done>,
}

/// The profiles named on the command line: files as given, folders as the `*.yaml` / `*.yml`
/// files directly inside them, sorted. A folder without any is a usage error.
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut profiles = Vec::new();
    for arg in args {
        if !arg.is_dir() {
            profiles.push(arg.clone());
            continue;
        }
        let entries = std::fs::read_dir(arg).map_err(|source| Error::Read {
            path: arg.clone(),
            source,
        })?;
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
            })
            .collect();
        if found.is_empty() {
            return Err(Error::Usage(format!(
                "{} holds no profile (*.yaml or *.yml)",
                arg.display()
            )));
        }
        found.sort();
        profiles.extend(found);
    }
    Ok(profiles)
}

/// Whether the arguments make a batch (several profiles, or a folder of them) rather than one
/// profile written straight into `--out`.
pub fn is_batch(args: &[PathBuf]) -> bool {
    args.len() > 1 || args.iter().any(|a| a.is_dir())
}

/// Runs `job` for every profile (with its folder name) on all cores, each to its end: a failed
/// job does not stop the others. Draws a progress bar on stderr when it is a terminal. Results
/// come back in the order of `profiles`.
pub fn run(
    profiles: &[PathBuf],
    folders: &[String],
    job: impl Fn(&Path, &str) -> Result<Done> + Sync,
) -> Vec<Client> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(profiles.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} profiles, {elapsed} (about {eta} left) {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let pairs: Vec<(&PathBuf, &String)> = profiles.iter().zip(folders).collect();
    let clients = crate::parallel_map(&pairs, |(profile, folder)| {
        let outcome = job(profile, folder);
        bar.set_message(folder.to_string());
        bar.inc(1);
        Client {
            profile: profile.to_path_buf(),
            folder: folder.to_string(),
            outcome,
        }
    });
    bar.finish_and_clear();
    clients
}

/// The summary printed at the end: a line per client (items, warnings, expiring certificates,
/// or the error's first line), then every error in full.
pub fn summary(clients: &[Client]) -> String {
    let failed = clients.iter().filter(|c| c.outcome.is_err()).count();
    let mut text = format!(
        "summary: {} profiles, {} written, {failed} failed\n",
        clients.len(),
        clients.len() - failed
    );
    let width = clients
        .iter()
        .map(|c| c.folder.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    text.push_str(&format!(
        "  {:<width$}  {:>5}  {:>8}  {:>8}  result\n",
        "client", "items", "warnings", "expiring"
    ));
    for c in clients {
        let line = match &c.outcome {
            Ok(d) => format!(
                "  {:<width$}  {:>5}  {:>8}  {:>8}  ok: {}\n",
                c.folder,
                d.items,
                d.warnings.len(),
                d.expiring,
                d.company
            ),
            Err(e) => format!(
                "  {:<width$}  {:>5}  {:>8}  {:>8}  FAILED: {}\n",
                c.folder,
                "-",
                "-",
                "-",
                first_line(e)
            ),
        };
        text.push_str(&line);
    }
    for c in clients {
        if let Err(e) = &c.outcome {
            text.push_str(&format!("{} failed:\n{e}\n", c.profile.display()));
        }
    }
    text
}

/// The first line of an error's text, without the `error: ` a diagnostic starts with.
fn first_line(e: &Error) -> String {
    let text = e.to_string();
    let line = text.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// What a batch's index is called and what its item column counts.
#[derive(Debug, Clone, Copy)]
pub struct Index {
    /// The index's title (also its PDF title).
    pub title: &'static str,
    /// The header of the item count column.
    pub items: &'static str,
}

/// The index of `generate`.
pub const GENERATE_INDEX: Index = Index {
    title: "质量安全风险管控文件索引",
    items: "管控项",
};

/// The index of `audit`.
pub const AUDIT_INDEX: Index = Index {
    title: "质量安全审核文件索引",
    items: "审核项",
};

/// The index document (Markdown, Simplified Chinese) of kind `index`: every client with its
/// counts and its files (as relative links, or with `links` false as plain names, for print),
/// failed clients with their error.
pub fn index_markdown(
    index: &Index,
    clients: &[Client],
    date: chrono::NaiveDate,
    links: bool,
) -> String {
    let failed = clients.iter().filter(|c| c.outcome.is_err()).count();
    let mut md = format!("# {}\n\n", escape(index.title));
    md.push_str(&format!(
        "编制日期：{}。共 {} 家企业，已生成 {} 家，失败 {failed} 家。\n\n",
        crate::model::chinese_date(date),
        clients.len(),
        clients.len() - failed
    ));
    md.push_str(&format!(
        "| 序号 | 企业 | 文件夹 | {} | 提示 | 证书临期或过期 | 文件 |\n",
        index.items
    ));
    md.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (i, c) in clients.iter().enumerate() {
        let folder = escape(&c.folder);
        let row = match &c.outcome {
            Ok(d) => {
                let links: Vec<String> = d
                    .files
                    .iter()
                    .map(|f| match links {
                        true => format!("[{}]({})", escape(f), link(&c.folder, f)),
                        false => escape(f),
                    })
                    .collect();
                format!(
                    "| {} | {} | {folder} | {} | {} | {} | {} |\n",
                    i + 1,
                    escape(&d.company),
                    d.items,
                    d.warnings.len(),
                    d.expiring,
                    links.join(" · ")
                )
            }
            Err(e) => format!(
                "| {} | {} | {folder} | — | — | — | 生成失败：{} |\n",
                i + 1,
                escape(&c.profile.display().to_string()),
                escape(&first_line(e))
            ),
        };
        md.push_str(&row);
    }
    md
}

/// User text escaped for a Markdown table cell.
fn escape(text: &str) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = crate::render::escape_markdown(text, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A relative link `folder/file`, with the characters a Markdown link target cannot hold
/// percent-encoded.
fn link(folder: &str, file: &str) -> String {
    let mut out = String::new();
    for c in format!("{folder}/{file}").chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '%' | '#' | '?' | '[' | ']' | '|' | '\\' | '"' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_and_encoded() {
        assert_eq!(link("a b", "checklist.md"), "a%20b/checklist.md");
        assert_eq!(link("客户(1)", "x.pdf"), "客户%281%29/x.pdf");
    }

    #[test]
    fn the_index_names_failed_clients_with_their_error() {
        let clients = vec![
            Client {
                profile: "p/a.yaml".into(),
                folder: "a".into(),
                outcome: Ok(Done {
                    company: "甲|公司".into(),
                    items: 3,
                    files: vec!["checklist.md".into()],
                    ..Done::default()
                }),
            },
            Client {
                profile: "p/b.yaml".into(),
                folder: "b".into(),
                outcome: Err(Error::Usage("bad\nsecond line".into())),
            },
        ];
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let md = index_markdown(&AUDIT_INDEX, &clients, date, true);
        assert!(md.starts_with("# 质量安全审核文件索引\n"), "{md}");
        assert!(md.contains("| 文件夹 | 审核项 |"), "{md}");
        assert!(md.contains("| 1 | 甲\\|公司 | a | 3 | 0 | 0 | [checklist.md](a/checklist.md) |"));
        assert!(md.contains("生成失败：bad |"), "{md}");
        let print = index_markdown(&GENERATE_INDEX, &clients, date, false);
        assert!(print.contains("| 3 | 0 | 0 | checklist.md |"), "{print}");
        let text = summary(&clients);
        assert!(text.contains("2 profiles, 1 written, 1 failed"), "{text}");
        assert!(
            text.contains("p/b.yaml failed:\nbad\nsecond line"),
            "{text}"
        );
    }
}
