//! Line breaking: UAX #14 break opportunities (unicode-linebreak) filtered by the Chinese rules
//! (禁则): no line starts with closing punctuation and none ends with opening punctuation.
use unicode_linebreak::{BreakOpportunity, linebreaks};

/// Characters that must not start a line.
pub(crate) const NO_START: &str = "，。、；：？！）」》』】〕〉〗〙〛”’．,.;:?!)]}…‥％‰℃·～";
/// Characters that must not end a line.
pub(crate) const NO_END: &str = "（「《『【〔〈〖〘〚“‘([{";

fn no_start(c: char) -> bool {
    NO_START.contains(c)
}

fn no_end(c: char) -> bool {
    NO_END.contains(c)
}

/// Positions (character indices) where a line may end, `true` where it must; always ends with
/// `chars.len()`.
pub(crate) fn opportunities(chars: &[char]) -> Vec<(usize, bool)> {
    let text: String = chars.iter().collect();
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
    let mut out = Vec::new();
    for (byte, kind) in linebreaks(&text) {
        let at = index_of[byte];
        let mandatory = kind == BreakOpportunity::Mandatory;
        if at == 0 {
            continue;
        }
        if !mandatory && at < chars.len() && (no_start(chars[at]) || no_end(chars[at - 1])) {
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

    let opps = opportunities(chars);
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
pub(crate) fn widest_unbreakable(chars: &[char], widths: &[f32]) -> f32 {
    let mut widest = 0.0f32;
    let mut start = 0;
    for (at, _) in opportunities(chars) {
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
        let chars: Vec<char> = text.chars().collect();
        let widths: Vec<f32> = chars
            .iter()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .collect();
        break_lines(&chars, &widths, max_chars, true)
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
        assert_eq!(lines("GB/T 19022 abc", 3.0), vec!["GB/T", "19022", "abc"]);
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
}
