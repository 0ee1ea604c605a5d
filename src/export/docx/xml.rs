//! Small helpers for writing OOXML text.
use std::borrow::Cow;

pub(super) const DECLARATION: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text escaped for XML content or attributes, without the characters XML 1.0 cannot carry
/// (C0 controls other than tab and line feed, lone surrogates cannot occur in `str`, U+FFFE/FFFF).
pub(super) fn escape(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        quick_xml::escape::escape(text)
    } else {
        let clean: String = text.chars().filter(|&c| allowed(c)).collect();
        Cow::Owned(quick_xml::escape::escape(&clean).into_owned())
    }
}

/// Points to twentieths of a point, the unit of page geometry in WordprocessingML.
pub(super) fn twips(points: f32) -> u32 {
    (points.max(0.0) * 20.0).round() as u32
}

/// Points to half-points, the unit of font sizes.
pub(super) fn half_points(points: f32) -> u32 {
    (points.max(1.0) * 2.0).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(twips(72.0), 1440);
        assert_eq!(half_points(10.5), 21);
    }
}
