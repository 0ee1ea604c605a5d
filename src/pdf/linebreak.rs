//! Line breaking: UAX #14 break opportunities (unicode-linebreak) filtered by the Chinese rules
//! (禁则): no line starts with closing punctuation and none ends with opening punctuation; and
//! never inside a unit a reader takes as one word ([`NoBreak`]): a person's name, a standard
//! number (`GB/T 4706.1-2024`), a document number (`第75号`, `国统字〔2017〕213号`) or a model
//! code (`JZT-2(12T)`).
use std::sync::OnceLock;

// The `regex` crate (lazy DFA) rather than regex-lite here: this pattern runs over every paragraph
// and table cell, where regex-lite's PikeVM took a tenth of the whole run.
use regex::Regex;
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that must not start a line.
#[rustfmt::skip]
fn no_start(c: char) -> bool {
    matches!(c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '）' | '」' | '》'
        | '』' | '】' | '〕' | '〉' | '〗' | '〙' | '〛' | '”' | '’' | '．'
        | ',' | '.' | ';' | ':' | '?' | '!' | ')' | ']' | '}' | '…'
        | '‥' | '％' | '‰' | '℃' | '·' | '～')
}

/// Characters that must not end a line.
#[rustfmt::skip]
fn no_end(c: char) -> bool {
    matches!(c,
        '（' | '「' | '《' | '『' | '【' | '〔' | '〈' | '〖' | '〘' | '〚'
        | '“' | '‘' | '(' | '[' | '{')
}

/// Units that no line break may split: the names of the people the documents name, and what
/// [`unit_pattern`] recognises in any text.
#[derive(Debug, Clone, Default)]
pub(crate) struct NoBreak {
    names: Vec<String>,
}

/// Standard numbers (`GB/T 4706.1-2024`, `ISO 8124-1:2018`, `T/CAS 115-2005`: an upper-case
/// prefix, an optional space, the number with its parts and year); document numbers (`第75号`,
/// `第49周`, `国统字〔2017〕213号`); model codes (letters and digits joined by `-`, `.`, `/`, `_`
/// or bracketed parts: `JZT-2(12T)`, `SW-15S02A`, `YJV-0.6/1kV`).
fn unit_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"[A-Z]{1,6}(?:/[A-Z]{1,6})?[ \x{a0}]?[0-9]+(?:[.\-–:][0-9]+)*",
            r"|第[0-9一二三四五六七八九十百零〇]+[号条款章节周批期次]",
            r"|[一-鿿]{1,3}[〔\[［][0-9]{4}[〕\]］][0-9]+号",
            r"|[A-Za-z0-9]+(?:[\-_./][A-Za-z0-9]+|[(（][A-Za-z0-9.]+[)）])+",
        ))
        .expect("static no-break pattern")
    })
}

impl NoBreak {
    /// Keeps each of `names` (people's names: 2 characters or more) on one line.
    pub(crate) fn new(names: impl IntoIterator<Item = impl Into<String>>) -> NoBreak {
        let mut names: Vec<String> = names
            .into_iter()
            .map(Into::into)
            .map(|n| n.trim().to_string())
            .filter(|n| n.chars().count() >= 2)
            .collect();
        names.sort();
        names.dedup();
        NoBreak { names }
    }

    /// Byte ranges of `text` that must stay on one line.
    fn spans(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
        if may_hold_unit(text) {
            spans.extend(unit_pattern().find_iter(text).map(|m| m.range()));
        }
        for name in &self.names {
            // A search for one character is much cheaper to set up than one for a string.
            if name
                .chars()
                .next()
                .is_some_and(|first| text.contains(first))
            {
                spans.extend(
                    text.match_indices(name.as_str())
                        .map(|(at, n)| at..at + n.len()),
                );
            }
        }
        spans
    }
}

/// Whether `text` has what each alternative of [`unit_pattern`] needs (an upper-case letter and
/// a digit; `第`; a digit and `号`; a letter or digit and a joiner): most table cells have
/// none, and this look is much cheaper than the search.
fn may_hold_unit(text: &str) -> bool {
    let (mut upper, mut digit, mut alphanumeric, mut joiner) = (false, false, false, false);
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' => upper = true,
            b'0'..=b'9' => digit = true,
            b'a'..=b'z' => alphanumeric = true,
            b'-' | b'_' | b'.' | b'/' | b'(' => joiner = true,
            _ => {}
        }
    }
    alphanumeric |= upper || digit;
    (upper && digit)
        || text.contains('第')
        || (digit && text.contains('号'))
        || (alphanumeric && (joiner || text.contains('（')))
}

/// Positions (character indices) where a line may end, `true` where it must; always ends with
/// `chars.len()`. No break falls inside a unit of `keep`.
pub(crate) fn opportunities(chars: &[char], keep: &NoBreak) -> Vec<(usize, bool)> {
    let mut text = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    text.extend(chars);
    let spans = keep.spans(&text);
    // Where a break would split a unit; most texts have none.
    let mut inside = Vec::new();
    if !spans.is_empty() {
        // Byte offset → character index.
        let mut index_of = vec![0usize; text.len() + 1];
        let mut i = 0;
        for (ci, (b, c)) in text.char_indices().enumerate() {
            for slot in &mut index_of[b..b + c.len_utf8()] {
                *slot = ci;
            }
            i = ci + 1;
        }
        index_of[text.len()] = i;
        inside = vec![false; chars.len() + 1];
        for span in spans {
            for slot in &mut inside[index_of[span.start] + 1..index_of[span.end]] {
                *slot = true;
            }
        }
    }
    let mut out = Vec::with_capacity(chars.len() + 1);
    // The character index of the break, walked forward with its byte offset.
    let (mut byte, mut at) = (0, 0);
    for (offset, kind) in linebreaks(&text) {
        while byte < offset {
            byte += chars[at].len_utf8();
            at += 1;
        }
        let mandatory = kind == BreakOpportunity::Mandatory;
        if at == 0 {
            continue;
        }
        if !mandatory
            && at < chars.len()
            && (no_start(chars[at])
                || no_end(chars[at - 1])
                || inside.get(at).copied().unwrap_or(false))
        {
            continue;
        }
        // Keep an enumeration label ("2. ") with what it numbers.
        if !mandatory && at < chars.len() && is_label_end(chars, at) {
            continue;
        }
        out.push((at, mandatory && at < chars.len() || at == chars.len()));
    }
    if out.last().map(|&(at, _)| at) != Some(chars.len()) {
        out.push((chars.len(), true));
    }
    out
}

/// True if `chars[..at]` ends with a label like `2. ` (digits, a full stop, a space) that starts a
/// run of text (at the start, or after white space or CJK punctuation).
fn is_label_end(chars: &[char], at: usize) -> bool {
    if at < 3 || chars[at - 1] != ' ' || chars[at - 2] != '.' || !chars[at - 3].is_ascii_digit() {
        return false;
    }
    let mut i = at - 3;
    while i > 0 && chars[i - 1].is_ascii_digit() {
        i -= 1;
    }
    i == 0 || !chars[i - 1].is_alphanumeric() || (chars[i - 1] as u32) >= 0x3000
}

/// White space that may vanish at the end of a line.
fn trailing_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\u{3000}')
}

/// Splits `chars` (with their `widths`) into lines no wider than `max`; returns `(start, end)`
/// ranges. Trailing spaces of a line are inside its range but do not count against `max`.
/// With `prefer_spaces` (narrow table cells), a line ends at a space rather than between two
/// CJK characters if it stays at least half full.
pub(crate) fn break_lines(
    chars: &[char],
    widths: &[f32],
    max: f32,
    prefer_spaces: bool,
    opps: &[(usize, bool)],
) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0f32);
    for w in widths.iter().take(n) {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + w);
    }
    let trimmed_end = |start: usize, end: usize| {
        let mut e = end;
        while e > start && trailing_space(chars[e - 1]) {
            e -= 1;
        }
        e
    };
    let width = |start: usize, end: usize| prefix[trimmed_end(start, end)] - prefix[start];
    let max = max + 0.01;

    let mut lines = Vec::new();
    let mut start = 0;
    let mut last_fit: Option<usize> = None;
    let mut last_space: Option<usize> = None;
    let mut k = 0;
    while k < opps.len() {
        let (at, mandatory) = opps[k];
        if at <= start {
            k += 1;
            continue;
        }
        if width(start, at) <= max {
            if mandatory {
                lines.push((start, at));
                start = at;
                last_fit = None;
                last_space = None;
            } else {
                last_fit = Some(at);
                if trailing_space(chars[at - 1]) {
                    last_space = Some(at);
                }
            }
            k += 1;
        } else if let Some(mut fit) = last_fit.take() {
            // Text that has spaces (□符合 □不符合) breaks better at one, if the line stays
            // reasonably full.
            if let Some(space) = last_space.take()
                && prefer_spaces
                && space != fit
                && width(start, space) >= 0.5 * max
            {
                fit = space;
            }
            lines.push((start, fit));
            start = fit;
            while start < n && chars[start] == ' ' {
                start += 1;
            }
        } else {
            // Nothing fits up to the next opportunity: cut inside the segment, as late as the
            // width allows, then step back over characters that must not be separated.
            let mut cut = start + 1;
            while cut < at && prefix[cut + 1] - prefix[start] <= max {
                cut += 1;
            }
            let floor = cut;
            while cut > start + 1 && cut < n && (no_start(chars[cut]) || no_end(chars[cut - 1])) {
                cut -= 1;
            }
            if cut == start + 1
                && floor > start + 1
                && (no_start(chars[cut]) || no_end(chars[start]))
            {
                cut = floor;
            }
            lines.push((start, cut));
            start = cut;
            last_space = None;
        }
    }
    if start < n {
        lines.push((start, n));
    }
    lines
}

/// The widest piece of `chars` that no break opportunity splits (white space not counted).
pub(crate) fn widest_unbreakable(chars: &[char], widths: &[f32], opps: &[(usize, bool)]) -> f32 {
    let mut widest = 0.0f32;
    let mut start = 0;
    for &(at, _) in opps {
        let w: f32 = (start..at)
            .filter(|&i| !trailing_space(chars[i]))
            .map(|i| widths[i])
            .sum();
        widest = widest.max(w);
        start = at;
    }
    widest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, max_chars: f32) -> Vec<String> {
        lines_keeping(text, max_chars, &NoBreak::default())
    }

    fn lines_keeping(text: &str, max_chars: f32, keep: &NoBreak) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let widths: Vec<f32> = chars
            .iter()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .collect();
        break_lines(
            &chars,
            &widths,
            max_chars,
            true,
            &opportunities(&chars, keep),
        )
        .into_iter()
        .map(|(s, e)| {
            chars[s..e]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        for width in 2..12 {
            let text =
                "质量安全总监（李四）负责，每日检查、记录；发现问题？立即处置！《规定》「清单」";
            let out = lines(text, width as f32);
            for (i, line) in out.iter().enumerate() {
                let first = line.chars().next().unwrap();
                let last = line.chars().last().unwrap();
                assert!(
                    !"，。、；：？！）」》".contains(first),
                    "width {width} line {i} {out:?}"
                );
                assert!(!"（「《".contains(last), "width {width} line {i} {out:?}");
            }
            assert_eq!(out.concat(), text);
        }
    }

    #[test]
    fn latin_words_break_at_spaces_and_long_ones_are_cut() {
        assert_eq!(lines("ab/cd 19022 abc", 3.0), vec!["ab/cd", "19022", "abc"]);
        assert_eq!(lines("abcdefghij", 2.0), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn labels_stay_with_their_text_and_spaces_are_preferred() {
        assert_eq!(
            lines("措施；2. 每年至少", 4.0),
            vec!["措施；", "2. 每年", "至少"]
        );
        assert_eq!(lines("□已落实 □未落实", 7.0), vec!["□已落实", "□未落实"]);
    }

    #[test]
    fn hard_breaks_are_kept() {
        assert_eq!(lines("一\n二", 10.0), vec!["一", "二"]);
    }

    fn width_of(text: &str) -> f32 {
        text.chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum()
    }

    #[test]
    fn standard_document_numbers_and_model_codes_stay_whole() {
        let keep = NoBreak::default();
        for unit in [
            "GB/T 4706.1-2024",
            "GB 6675.1-2014",
            "QB/T 1234-2018",
            "ISO 8124-1:2018",
            "第75号",
            "国统字〔2017〕213号",
            "JZT-2(12T)",
            "SW-15S02A",
            "YJV-0.6/1kV",
        ] {
            let text = format!("依据{unit}的规定，检查每批产品的型号与标志");
            // Any line at least as wide as the unit keeps it whole.
            for half in (2.0 * width_of(unit)) as usize..40 {
                let out = lines_keeping(&text, half as f32 / 2.0, &keep);
                assert_eq!(out.concat(), text);
                assert!(out.iter().any(|l| l.contains(unit)), "{unit}: {out:?}");
            }
        }
        // UAX #14 alone would break after the space of `GB/T 4706.1` (byte 11).
        let raw: Vec<usize> = linebreaks("依据GB/T 4706.1-2024的规定")
            .map(|(at, _)| at)
            .collect();
        assert!(raw.contains(&11), "{raw:?}");
    }

    /// The cheap look never skips a text the pattern would find a unit in.
    #[test]
    fn the_look_before_the_search_misses_no_unit() {
        for text in [
            "GB/T 4706.1-2024",
            "A1",
            "第三批",
            "国统字〔2017〕213号",
            "ab-cd",
            "x_1",
            "v1.2",
            "a/b",
            "x(1)",
            "a（b）",
            "SW-15S02A",
            "JZT-2(12T)",
            "型号YJV-0.6/1kV规格",
        ] {
            assert!(unit_pattern().is_match(text), "{text}");
            assert!(may_hold_unit(text), "{text}");
        }
        for text in ["每批", "1", "高", "abc", "□符合<br>□不符合", "第", "12号"] {
            assert!(!unit_pattern().is_match(text), "{text}");
        }
        assert!(!may_hold_unit("每批") && !may_hold_unit("1") && !may_hold_unit("abc"));
    }

    #[test]
    fn people_named_are_never_split() {
        let text = "质量安全员林志强负责每日检查，欧阳志远复核";
        let keep = NoBreak::new(["林志强", "欧阳志远", "王"]);
        for width in 4..12 {
            let out = lines_keeping(text, width as f32, &keep);
            assert_eq!(out.concat(), text);
            assert!(
                out.iter().any(|l| l.contains("林志强"))
                    && out.iter().any(|l| l.contains("欧阳志远")),
                "width {width}: {out:?}"
            );
        }
        // Without the names, some width splits one of them.
        assert!((4..12).any(|w| !lines(text, w as f32).iter().any(|l| l.contains("林志强"))));
    }

    #[test]
    fn units_set_the_narrowest_column() {
        let keep = NoBreak::new(["林志强"]);
        let widest = |text: &str, keep: &NoBreak| {
            let chars: Vec<char> = text.chars().collect();
            let widths: Vec<f32> = chars
                .iter()
                .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                .collect();
            widest_unbreakable(&chars, &widths, &opportunities(&chars, keep))
        };
        assert_eq!(widest("检查人林志强", &keep), 3.0);
        assert_eq!(widest("GB/T 4706.1-2024", &keep), 7.5);
        assert_eq!(widest("检查人林志强", &NoBreak::default()), 1.0);
    }
}
