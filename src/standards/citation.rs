//! Finding standard citations in free text: "GB 4706.13-2014 第22章；GB/T 5023.1-2008",
//! "GB 4706.1" (no year: the current edition), "GB 4706 系列" (a series, not one standard).
//!
//! A hand-written scanner over bytes: compiling the regular expression it replaces was half the
//! standards pass of a run. `citation_oracle` checks that both find the same citations.
use serde::Serialize;

/// Sector codes of Chinese sector standards; each also comes as "/T" (recommended).
const SECTORS: &[&[u8; 2]] = &[
    b"AQ", b"BB", b"CB", b"CJ", b"DL", b"FZ", b"GA", b"GY", b"HG", b"HJ", b"JB", b"JC", b"JG",
    b"JR", b"JT", b"LD", b"LY", b"MH", b"MT", b"NB", b"NY", b"QB", b"QC", b"SB", b"SH", b"SJ",
    b"SL", b"SN", b"TB", b"WB", b"WS", b"XF", b"YB", b"YD", b"YY", b"YZ",
];

/// The length of the standard prefix `b` starts with: "GB/T", "GB/Z", "GB", "JJF", "JJG", "TSG",
/// or a sector code with or without "/T". A closed list: "KN95", "PE100" or "PM2.5" are not
/// citations. Only the longest prefix can start a citation: a shorter one is followed by "/",
/// where a number must follow.
fn prefix_len(b: &[u8]) -> Option<usize> {
    let two = b.get(..2)?;
    let slash = b.get(2..4);
    if two == b"GB" {
        return Some(if matches!(slash, Some(b"/T" | b"/Z")) {
            4
        } else {
            2
        });
    }
    if matches!(b.get(..3), Some(b"JJF" | b"JJG" | b"TSG")) {
        return Some(3);
    }
    SECTORS
        .iter()
        .any(|s| s.as_slice() == two)
        .then_some(if slash == Some(b"/T") { 4 } else { 2 })
}

/// ASCII white space (a full-width space does not join a citation).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `i`, or past the one space at `i`.
fn skip_space(b: &[u8], i: usize) -> usize {
    i + usize::from(b.get(i).copied().is_some_and(is_space))
}

/// Past every space from `i` on.
fn skip_spaces(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|&&c| is_space(c)).count()
}

/// Past the ASCII digits from `i` on.
fn digits(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// The end of a dotted number at `i` ("4706.1", "22"); `None` without a digit there.
fn number_end(b: &[u8], i: usize) -> Option<usize> {
    let mut end = digits(b, i);
    if end == i {
        return None;
    }
    while b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits(b, end + 1);
    }
    Some(end)
}

/// Where the four-digit year starts in an edition suffix at `i`: "-2024", " — 2024", "–2024".
fn year_at(b: &[u8], i: usize) -> Option<usize> {
    let i = skip_space(b, i);
    let rest = b.get(i..)?;
    let dash = if rest.starts_with(b"-") {
        1
    } else if rest.starts_with("–".as_bytes()) || rest.starts_with("—".as_bytes()) {
        3
    } else {
        return None;
    };
    let year = skip_space(b, i + dash);
    b.get(year..year + 4)?
        .iter()
        .all(u8::is_ascii_digit)
        .then_some(year)
}

/// One citation's number as found: prefix, number and year as byte ranges, and where it ends.
struct Found {
    prefix: std::ops::Range<usize>,
    number: std::ops::Range<usize>,
    year: Option<usize>,
    end: usize,
}

/// The citation starting at `i`: a prefix, one optional space, a dotted number, an optional
/// edition year.
fn citation_at(b: &[u8], i: usize) -> Option<Found> {
    let prefix = i..i + prefix_len(&b[i..])?;
    let start = skip_space(b, prefix.end);
    let number = start..number_end(b, start)?;
    let year = year_at(b, number.end);
    let end = year.map_or(number.end, |y| y + 4);
    Some(Found {
        prefix,
        number,
        year,
        end,
    })
}

/// Every citation number in `text`, in order, left to right without overlap; one inside a longer
/// token ("T/CAS 115", "ABGB 1") is dropped after the text it covers is passed.
fn find_all(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(found) = b[i]
            .is_ascii_uppercase()
            .then(|| citation_at(b, i))
            .flatten()
        else {
            // From character to character: a citation starts with an ASCII letter.
            i += match b[i] {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            continue;
        };
        i = found.end;
        let before = found.prefix.start.checked_sub(1).map(|p| b[p]);
        if !before.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'/') {
            out.push(found);
        }
    }
    out
}

/// The length of a clause reference at the start of `rest`: "第22章", "第 5.4 条", "附录A", "表3",
/// "表 B2", "5.4.5" (a bare number needs a dot).
fn clause_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if rest.starts_with('第') {
        let end = skip_spaces(b, number_end(b, skip_spaces(b, '第'.len_utf8()))?);
        let unit = rest[end..].chars().next()?;
        matches!(unit, '章' | '条' | '节' | '款').then(|| end + unit.len_utf8())
    } else if rest.starts_with("附录") {
        let start = skip_spaces(b, "附录".len());
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_uppercase())
                .count();
        (end > start).then_some(end)
    } else if rest.starts_with('表') {
        let start = skip_spaces(b, '表'.len_utf8());
        let start = start + usize::from(b.get(start).is_some_and(u8::is_ascii_uppercase));
        let end = digits(b, start);
        (end > start).then_some(end)
    } else {
        let end = number_end(b, 0)?;
        rest[..end].contains('.').then_some(end)
    }
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
    let found = find_all(text);
    found
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let next = found.get(i + 1).map_or(text.len(), |n| n.prefix.start);
            let rest = text[f.end..next]
                .split(SEPARATORS)
                .next()
                .unwrap_or_default()
                .trim_end();
            let end = f.end + rest.len();
            let rest = rest.trim_start();
            let year = f.year.and_then(|y| text[y..y + 4].parse().ok());
            let series = year.is_none() && is_series_marker(rest);
            let clause = clause_len(rest).map(|len| &rest[..len]);
            let detail = rest[clause.map_or(0, str::len)..].trim();
            Citation {
                number: [&text[f.prefix.clone()], &text[f.number.clone()]].join(" "),
                year,
                clause: clause.map(str::to_owned),
                detail: (!detail.is_empty()).then(|| detail.to_owned()),
                series,
                span: f.prefix.start..end,
            }
        })
        .collect()
}

/// "系列", "第2部分", "第 2 部分" right after the number.
pub(super) fn is_series_marker(rest: &str) -> bool {
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
