//! Finding standard citations in free text: "GB 4706.13-2014 第22章；GB/T 5023.1-2008",
//! "GB 4706.1" (no year: the current edition), "GB 4706 系列" (a series, not one standard).
use std::sync::OnceLock;

// The `regex` crate's lazy DFA: citations are parsed in every catalog text at start-up, where
// regex-lite's PikeVM was a tenth of a Markdown run. Its `\d` and `\s` are Unicode-wide, so the
// patterns spell out the ASCII classes regex-lite meant (a full-width digit is not a citation).
use regex::Regex;
use serde::Serialize;

/// Prefixes of Chinese national and sector standards and metrology specifications. A closed list:
/// "KN95", "PE100" or "PM2.5" must not read as citations.
const PREFIXES: &str = "GB/T|GB/Z|GB|JJF|JJG|TSG|(?:AQ|BB|CB|CJ|DL|FZ|GA|GY|HG|HJ|JB|JC|JG|JR|JT|LD|LY|MH|MT|NB|NY|QB|QC|SB|SH|SJ|SL|SN|TB|WB|WS|XF|YB|YD|YY|YZ)(?:/T)?";

/// ASCII white space, what regex-lite's `\s` matched.
const SPACE: &str = r"[\t\n\x0B\x0C\r ]";

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"({PREFIXES}){SPACE}?([0-9]+(?:\.[0-9]+)*)(?:{SPACE}?[-–—]{SPACE}?([0-9]{{4}}))?"
        ))
        .expect("static citation pattern")
    })
}

/// A clause reference right after the number: "第22章", "第 5.4 条", "5.4.5", "附录A", "表3".
fn clause_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"^(第{SPACE}*[0-9]+(?:\.[0-9]+)*{SPACE}*[章条节款]|附录{SPACE}*[A-Z]+|表{SPACE}*[A-Z]?[0-9]+|[0-9]+(?:\.[0-9]+)+)"
        ))
            .expect("static clause pattern")
    })
}

/// Characters that end one citation's trailing detail.
const SEPARATORS: &[char] = &['；', ';', '、', '，', ',', '。'];

/// One standard cited in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Normalised number, e.g. "GB/T 4706.1".
    pub number: String,
    /// The edition year, when the citation names one.
    pub year: Option<u16>,
    /// A clause reference right after the number ("第22章", "5.4.5", "附录A"): valid for the cited
    /// edition only, since new editions renumber clauses.
    pub clause: Option<String>,
    /// Other text after the number (or clause) up to the next separator: a title, a subject.
    pub detail: Option<String>,
    /// "GB 4706 系列", "GB 4706 第2部分": a family of standards, not one number.
    pub series: bool,
    /// Byte range in the parsed text, from the prefix to the end of the clause or detail.
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

impl Citation {
    /// The cited edition, when a year is given.
    pub fn edition(&self) -> Option<super::EditionRef> {
        self.year.map(|year| super::EditionRef {
            number: self.number.clone(),
            year,
        })
    }
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.number)?;
        if let Some(year) = self.year {
            write!(f, "-{year}")?;
        }
        for part in [&self.clause, &self.detail].into_iter().flatten() {
            write!(f, " {part}")?;
        }
        Ok(())
    }
}

/// "GB/T4706.1", "gb/t 4706.1" → "GB/T 4706.1"; `None` if `text` is not one bare number.
pub fn normalize_number(text: &str) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    let found = parse_citations(&upper);
    match found.as_slice() {
        [c] if c.year.is_none() && !c.series && c.clause.is_none() && c.detail.is_none() => {
            let compact: String = upper.chars().filter(|c| !c.is_whitespace()).collect();
            let expected: String = c.number.chars().filter(|c| !c.is_whitespace()).collect();
            (compact == expected).then(|| c.number.clone())
        }
        _ => None,
    }
}

/// Every citation in `text`, in order.
pub fn parse_citations(text: &str) -> Vec<Citation> {
    // Every citation has a digit; most texts checked have none, and the regex is the cost.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let matches: Vec<_> = pattern()
        .captures_iter(text)
        .filter(|c| {
            // Not inside a longer token ("T/CAS 115", "ABGB 1").
            let start = c.get(0).map_or(0, |m| m.start());
            !text[..start]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '/')
        })
        .collect();
    matches
        .iter()
        .enumerate()
        .map(|(i, caps)| {
            let whole = caps.get(0).expect("match");
            let next = matches
                .get(i + 1)
                .and_then(|c| c.get(0))
                .map_or(text.len(), |m| m.start());
            let rest = text[whole.end()..next]
                .split(SEPARATORS)
                .next()
                .unwrap_or_default()
                .trim_end();
            let end = whole.end() + rest.len();
            let rest = rest.trim_start();
            let year = caps.get(3).and_then(|y| y.as_str().parse().ok());
            let series = year.is_none() && is_series_marker(rest);
            let clause = clause_pattern().find(rest).map(|m| m.as_str());
            let detail = rest[clause.map_or(0, str::len)..].trim();
            Citation {
                number: format!("{} {}", &caps[1], &caps[2]),
                year,
                clause: clause.map(str::to_owned),
                detail: (!detail.is_empty()).then(|| detail.to_owned()),
                series,
                span: whole.start()..end,
            }
        })
        .collect()
}

/// "系列", "第2部分", "第 2 部分" right after the number.
fn is_series_marker(rest: &str) -> bool {
    if rest.starts_with("系列") {
        return true;
    }
    let Some(after) = rest.strip_prefix('第') else {
        return false;
    };
    let digits = after.trim_start();
    let tail = digits.trim_start_matches(|c: char| c.is_ascii_digit());
    tail.len() < digits.len() && tail.trim_start().starts_with("部分")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Citation {
        let mut all = parse_citations(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.remove(0)
    }

    #[test]
    fn parses_number_year_and_clause() {
        let c = one("GB 4706.13-2014 第22章");
        assert_eq!(c.number, "GB 4706.13");
        assert_eq!(c.year, Some(2014));
        assert_eq!(
            (c.clause.as_deref(), c.detail.as_deref()),
            (Some("第22章"), None)
        );
        assert!(!c.series);
        let c = one("GB 3565.2-2022 5.4.5 车架与前叉要求");
        assert_eq!(
            (c.clause.as_deref(), c.detail.as_deref()),
            (Some("5.4.5"), Some("车架与前叉要求"))
        );
        let c = one("GB 3565.2-2022 车架与前叉要求");
        assert_eq!(
            (c.clause, c.detail.as_deref()),
            (None, Some("车架与前叉要求"))
        );
        let c = one("GB/T 3956-2008");
        assert_eq!(
            (c.number.as_str(), c.year, c.detail),
            ("GB/T 3956", Some(2008), None)
        );
    }

    #[test]
    fn splits_lists_on_chinese_and_ascii_separators() {
        let all =
            parse_citations("GB 4706.13-2014 第22章；GB/T 5023.1-2008、NB/T 47014-2023，JJF 1070");
        let got: Vec<_> = all
            .iter()
            .map(|c| (c.number.as_str(), c.year, c.clause.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("GB 4706.13", Some(2014), Some("第22章")),
                ("GB/T 5023.1", Some(2008), None),
                ("NB/T 47014", Some(2023), None),
                ("JJF 1070", None, None),
            ]
        );
    }

    #[test]
    fn undated_and_series_citations() {
        let c = one("GB 4706.1");
        assert_eq!((c.year, c.series), (None, false));
        assert!(one("GB 4706 系列").series);
        assert!(one("相关 GB 4706 第2部分").series);
        assert!(!one("GB/T 3565.6 车架和前叉试验方法").series);
    }

    #[test]
    fn ignores_tokens_that_only_look_like_numbers() {
        assert!(parse_citations("KN95 口罩、PE100 管材、PM2.5、T/CAS 115-2005").is_empty());
        assert_eq!(one("按GB/T4706.1—2024检验").number, "GB/T 4706.1");
    }

    #[test]
    fn normalizes_bare_numbers_only() {
        assert_eq!(
            normalize_number("gb/t4706.1").as_deref(),
            Some("GB/T 4706.1")
        );
        assert_eq!(normalize_number("GB 4706.1-2005"), None);
        assert_eq!(normalize_number("GB 4706.1 第2章"), None);
        assert_eq!(normalize_number("X GB 1"), None);
    }
}
