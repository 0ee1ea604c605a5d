//! The page-setup block at the top of a template: a YAML metadata block between `---` lines.
//!
//! ```text
//! ---
//! paper: A4                 # A3, A4, A5, B5, Letter, or WIDTHxHEIGHT in mm (e.g. 210x297)
//! orientation: landscape    # portrait (default) or landscape
//! margins: [15, 12, 15, 12] # mm: one value, [vertical, horizontal] or [top, right, bottom, left]
//! font-size: 10.5           # body text in pt (default 10.5)
//! table-font-size: 9        # table text in pt (default 9)
//! header: >-                # running header; "" for none
//!   {{ company.name }} · 工业产品质量安全风险管控清单
//! footer: 第 {page} 页 共 {pages} 页
//! title: …                  # PDF title (default: the title riskctl passes in)
//! ---
//! ```
//!
//! Lengths are numbers in millimetres or strings with a unit (`20mm`, `2cm`, `36pt`, `0.5in`).
//! Header and footer text has Markdown backslash escapes removed, because riskctl escapes the
//! user data it puts into templates.
use serde_yaml_ng::Value;

pub const MM: f32 = 72.0 / 25.4;

/// Keys the block may carry.
const KEYS: &[&str] = &[
    "paper",
    "orientation",
    "margins",
    "font-size",
    "table-font-size",
    "header",
    "footer",
    "title",
];

/// Page geometry and running texts, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSetup {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub left: f32,
    pub font_size: f32,
    pub table_font_size: f32,
    /// `None`: the default header (author · title).
    pub header: Option<String>,
    pub footer: String,
    pub title: Option<String>,
}

impl Default for PageSetup {
    fn default() -> Self {
        PageSetup {
            width: 210.0 * MM,
            height: 297.0 * MM,
            top: 20.0 * MM,
            right: 18.0 * MM,
            bottom: 20.0 * MM,
            left: 18.0 * MM,
            font_size: 10.5,
            table_font_size: 9.0,
            header: None,
            footer: "第 {page} 页 共 {pages} 页".into(),
            title: None,
        }
    }
}

impl PageSetup {
    /// The running header: the block's `header`, else `author · title` (the title alone without
    /// an author).
    pub fn running_header(&self, author: &str, title: &str) -> String {
        self.header.clone().unwrap_or_else(|| {
            if author.trim().is_empty() {
                title.to_string()
            } else {
                format!("{} · {}", author.trim(), title)
            }
        })
    }
}

/// Parses the YAML text of a front-matter block. Errors are messages for the user.
pub fn parse(yaml: &str) -> Result<PageSetup, String> {
    let mut setup = PageSetup::default();
    if yaml.trim().is_empty() {
        return Ok(setup);
    }
    let value: Value = serde_yaml_ng::from_str(yaml).map_err(|e| format!("front matter: {e}"))?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok(setup),
        _ => return Err("front matter: expected `key: value` lines".into()),
    };
    let mut landscape = false;
    for (key, value) in &map {
        let key = key
            .as_str()
            .ok_or_else(|| "front matter: keys must be text".to_string())?;
        match key {
            "paper" => {
                let (w, h) = paper(&scalar_text(value).ok_or(
                    "front matter: `paper` must be a name like A4 or WIDTHxHEIGHT in mm",
                )?)?;
                setup.width = w;
                setup.height = h;
            }
            "orientation" => {
                landscape = match scalar_text(value)
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("portrait") => false,
                    Some("landscape") => true,
                    _ => {
                        return Err(
                            "front matter: `orientation` must be `portrait` or `landscape`".into(),
                        );
                    }
                }
            }
            "margins" => {
                let values: Vec<f32> = match value {
                    Value::Sequence(items) => items.iter().map(length).collect::<Result<_, _>>()?,
                    Value::String(s) => s
                        .split_whitespace()
                        .map(|part| length(&Value::String(part.to_string())))
                        .collect::<Result<_, _>>()?,
                    other => vec![length(other)?],
                };
                let [top, right, bottom, left] = match values[..] {
                    [all] => [all; 4],
                    [v, h] => [v, h, v, h],
                    [t, h, b] => [t, h, b, h],
                    [t, r, b, l] => [t, r, b, l],
                    _ => return Err("front matter: `margins` takes 1, 2, 3 or 4 lengths".into()),
                };
                setup.top = top;
                setup.right = right;
                setup.bottom = bottom;
                setup.left = left;
            }
            "font-size" | "table-font-size" => {
                let size = value
                    .as_f64()
                    .filter(|s| (5.0..=36.0).contains(s))
                    .ok_or_else(|| {
                        format!("front matter: `{key}` must be a number of points from 5 to 36")
                    })? as f32;
                if key == "font-size" {
                    setup.font_size = size;
                } else {
                    setup.table_font_size = size;
                }
            }
            "header" => setup.header = Some(unescape(&text(value, key)?)),
            "footer" => setup.footer = unescape(&text(value, key)?),
            "title" => setup.title = Some(unescape(&text(value, key)?)),
            other => {
                let hint = crate::error::did_you_mean(other, KEYS.iter().copied())
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("expected one of: {}", KEYS.join(", ")));
                return Err(format!("front matter: unknown key `{other}`; {hint}"));
            }
        }
    }
    if landscape != (setup.width > setup.height) {
        std::mem::swap(&mut setup.width, &mut setup.height);
    }
    let min_body = 30.0 * MM;
    if setup.width - setup.left - setup.right < min_body
        || setup.height - setup.top - setup.bottom < min_body
    {
        return Err("front matter: the margins leave less than 30 mm for the text".into());
    }
    Ok(setup)
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn text(value: &Value, key: &str) -> Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(format!("front matter: `{key}` must be text")),
    }
}

/// Paper size in points, portrait.
fn paper(name: &str) -> Result<(f32, f32), String> {
    let mm = match name.to_ascii_uppercase().as_str() {
        "A3" => (297.0, 420.0),
        "A4" => (210.0, 297.0),
        "A5" => (148.0, 210.0),
        "B5" => (176.0, 250.0),
        "LETTER" => (215.9, 279.4),
        "LEGAL" => (215.9, 355.6),
        other => {
            let parsed = other.split_once('X').and_then(|(w, h)| {
                Some((w.trim().parse::<f32>().ok()?, h.trim().parse::<f32>().ok()?))
            });
            match parsed {
                Some((w, h)) if (50.0..=2000.0).contains(&w) && (50.0..=2000.0).contains(&h) => {
                    (w, h)
                }
                _ => {
                    return Err(format!(
                        "front matter: unknown paper `{name}`; use A3, A4, A5, B5, Letter, Legal or WIDTHxHEIGHT in mm"
                    ));
                }
            }
        }
    };
    let (w, h) = (mm.0.min(mm.1), mm.0.max(mm.1));
    Ok((w * MM, h * MM))
}

/// A length: a number (mm) or a string with a unit.
fn length(value: &Value) -> Result<f32, String> {
    let bad = || {
        "front matter: a margin must be a number of mm or a length like `20mm`, `2cm`, `36pt`"
            .to_string()
    };
    let pt = match value {
        Value::Number(n) => n.as_f64().ok_or_else(bad)? as f32 * MM,
        Value::String(s) => {
            let s = s.trim();
            let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
            let (num, unit) = s.split_at(split);
            let num: f32 = num.trim().parse().map_err(|_| bad())?;
            match unit.trim() {
                "" | "mm" => num * MM,
                "cm" => num * 10.0 * MM,
                "pt" => num,
                "in" => num * 72.0,
                _ => return Err(bad()),
            }
        }
        _ => return Err(bad()),
    };
    if !(0.0..=200.0 * MM).contains(&pt) {
        return Err("front matter: margins must be between 0 and 200 mm".into());
    }
    Ok(pt)
}

/// Removes Markdown backslash escapes (`\|` → `|`).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landscape_a4_with_margins() {
        let s = parse(
            "paper: A4\norientation: landscape\nmargins: [10, 20]\nheader: >-\n  A\\|B · 清单\n",
        )
        .unwrap();
        assert!(s.width > s.height);
        assert!((s.width - 297.0 * MM).abs() < 0.01);
        assert!((s.top - 10.0 * MM).abs() < 0.01 && (s.left - 20.0 * MM).abs() < 0.01);
        assert_eq!(s.header.as_deref(), Some("A|B · 清单"));
    }

    #[test]
    fn unknown_key_gets_a_hint() {
        let e = parse("orientaton: landscape").unwrap_err();
        assert!(e.contains("did you mean `orientation`"), "{e}");
    }

    #[test]
    fn lengths_with_units() {
        let s = parse("margins: 2cm 36pt").unwrap();
        assert!((s.top - 20.0 * MM).abs() < 0.01);
        assert!((s.left - 36.0).abs() < 0.01);
        assert!(parse("margins: 5furlongs").is_err());
        assert!(parse("margins: 140").is_err());
    }
}
