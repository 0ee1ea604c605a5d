//! Text normalisation and the boundaries a clue must respect.
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

/// The characters `fast2s` changes: those its table maps to another character, and 著, which it
/// changes only beside certain others ("看著"), sorted. Text without any is already simplified, so
/// it skips the conversion and the construction of the converter's table (over a million
/// instructions, the first time). A test holds the list to the converter.
static TRADITIONAL: LazyLock<Vec<char>> = LazyLock::new(|| {
    include_str!("traditional.txt")
        .chars()
        .filter(|c| *c != '\n')
        .collect()
});

fn may_be_traditional(c: char) -> bool {
    c.len_utf8() == 3 && TRADITIONAL.binary_search(&c).is_ok()
}

/// Traditional → simplified, full-width → half-width (NFKC), Latin upper-case, `×`/`*` → `X`,
/// quotes dropped, white space folded.
pub fn normalize(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let simplified = if nfkc.chars().any(may_be_traditional) {
        fast2s::convert(&nfkc)
    } else {
        nfkc
    };
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        let c = match c {
            '×' | '*' | '✕' | '╳' => 'X',
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' | '《' | '》' | '【'
            | '】' => ' ',
            c if c.is_whitespace() => ' ',
            c => c.to_ascii_uppercase(),
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

/// Puts a space where Chinese meets Latin letters or digits, so that `\b` in a model-code pattern
/// also marks the edge of "雅迪TDR91Z" (to the regex engine both scripts are word characters).
pub(super) fn space_scripts(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if let Some(p) = prev
            && ((is_cjk(p) && c.is_ascii_alphanumeric())
                || (p.is_ascii_alphanumeric() && is_cjk(c)))
        {
            out.push(' ');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

pub(super) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// `GB/T 5023.3-2008` → `GB5023.3`: the part that identifies a standard across editions.
pub(super) fn standard_key(text: &str) -> String {
    let n = normalize(text).replace([' ', '/', 'T'], "");
    n.split('-').next().unwrap_or_default().to_string()
}

/// Whether `a` and `b` would run together into one Latin word or one number: two letters or two
/// digits side by side. A letter after a digit is a unit ("10000MAH"), so that is a boundary.
fn same_token(a: char, b: char) -> bool {
    (a.is_ascii_alphabetic() && b.is_ascii_alphabetic())
        || (a.is_ascii_digit() && b.is_ascii_digit())
}

/// Whether a clue found at chars `[start, end)` of `chars` stands on word and code boundaries:
/// "E1" does not count inside "IPHONE15" or the model code "AD-E1". Chinese edges always count
/// (Chinese writes no spaces; the head-noun analysis judges those).
pub(super) fn on_boundaries(chars: &[char], start: usize, end: usize) -> bool {
    let (Some(&first), Some(&last)) = (chars.get(start), chars.get(end.wrapping_sub(1))) else {
        return false;
    };
    let before_ok = match start.checked_sub(1).map(|i| (i, chars[i])) {
        None => true,
        Some((_, b)) if same_token(b, first) => false,
        // A hyphen or underscore glued to a code on its other side makes this part of that code.
        Some((i, '-' | '_')) if first.is_ascii_alphanumeric() => i
            .checked_sub(1)
            .is_none_or(|j| !chars[j].is_ascii_alphanumeric()),
        Some(_) => true,
    };
    let after_ok = match chars.get(end) {
        None => true,
        Some(&a) if same_token(last, a) => false,
        Some('-' | '_') if last.is_ascii_alphanumeric() => chars
            .get(end + 1)
            .is_none_or(|c| !c.is_ascii_alphanumeric()),
        Some(_) => true,
    };
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_traditional_list_is_what_the_converter_changes() {
        assert!(TRADITIONAL.is_sorted());
        for c in '\u{800}'..='\u{ffff}' {
            let alone = c.to_string();
            let changed = fast2s::convert(&alone) != alone;
            assert_eq!(changed, may_be_traditional(c) && c != '著', "{c}");
        }
        assert_eq!(fast2s::convert("看著"), "看着");
    }

    #[test]
    fn normalisation_folds_variants() {
        assert_eq!(normalize("電纜 ＺＲ－ＲＶＶ 4*1m㎡"), "电缆 ZR-RVV 4X1MM2");
        assert_eq!(normalize("“BOSCH”家用燃气灶  JZT"), "BOSCH 家用燃气灶 JZT");
        assert_eq!(standard_key("GB/T 5023.3-2008"), "GB5023.3");
        assert_eq!(space_scripts("雅迪TDR91Z型"), "雅迪 TDR91Z 型");
    }

    fn bounded(text: &str, needle: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let n: Vec<char> = needle.chars().collect();
        (0..=chars.len().saturating_sub(n.len()))
            .filter(|&i| chars[i..i + n.len()] == n[..])
            .any(|i| on_boundaries(&chars, i, i + n.len()))
    }

    #[test]
    fn codes_match_only_on_their_boundaries() {
        assert!(!bounded("手机壳 IPHONE15", "E1"));
        assert!(!bounded("AD-E1 适配器", "E1"));
        assert!(!bounded("E15 灯头", "E1"));
        assert!(bounded("E1级 刨花板", "E1"));
        assert!(bounded("板材(E1)", "E1"));
        assert!(bounded("20000MAH 充电宝", "MAH"));
        assert!(!bounded("OLED电视", "LED电视"));
        assert!(bounded("LED电视 55寸", "LED电视"));
        assert!(bounded("电动车锂电池", "锂电池"));
    }
}
