//! Inline clean-up after parsing: fill-in blanks from typed underscores, text of odd blocks,
//! `\newpage` paragraphs.
use super::markdown::{Block, Inline, Style};

pub(super) fn is_newpage(content: &[Inline]) -> bool {
    matches!(content, [Inline::Text(t, _)] if matches!(t.trim(), "\\newpage" | "\\pagebreak"))
}

/// The plain text of a block, for the odd block found where only text fits.
pub(super) fn block_text(block: &Block) -> Vec<Inline> {
    match block {
        Block::Paragraph(c) | Block::Heading(_, c) => c.clone(),
        Block::Code(s) => vec![Inline::Text(s.clone(), Style::default())],
        _ => Vec::new(),
    }
}

/// An underscore typed in the template (not escaped), while a paragraph is being collected.
pub(super) const FILL_MARK: char = '\u{E000}';

/// Splits runs of three or more marked underscores into blanks; shorter runs are underscores.
fn split_fills(items: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Inline::Text(text, style) = item else {
            out.push(item);
            continue;
        };
        if !text.contains(FILL_MARK) {
            out.push(Inline::Text(text, style));
            continue;
        }
        let mut plain = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c != FILL_MARK {
                plain.push(c);
                continue;
            }
            let mut run = 1;
            while chars.peek() == Some(&FILL_MARK) {
                chars.next();
                run += 1;
            }
            if run >= 3 {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain), style));
                }
                out.push(Inline::Fill(run, style));
            } else {
                plain.extend(std::iter::repeat_n('_', run));
            }
        }
        if !plain.is_empty() {
            out.push(Inline::Text(plain, style));
        }
    }
    out
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Merges adjacent text of one style, turns soft line breaks into a space (none between CJK
/// characters), and drops leading and trailing white space.
pub(super) fn finish_inlines(items: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(items.len());
    for item in items {
        match (merged.last_mut(), item) {
            (Some(Inline::Text(prev, ps)), Inline::Text(t, s)) if *ps == s => prev.push_str(&t),
            (_, item) => merged.push(item),
        }
    }
    // Soft breaks: look at the characters on both sides, across items.
    let flat: Vec<Option<char>> = {
        let mut v = Vec::new();
        for item in &merged {
            match item {
                Inline::Text(t, _) => v.extend(t.chars().map(Some)),
                _ => v.push(None),
            }
        }
        v
    };
    let mut pos: usize = 0;
    let mut out = Vec::with_capacity(merged.len());
    for item in merged {
        match item {
            Inline::Text(t, s) => {
                let mut text = String::with_capacity(t.len());
                for c in t.chars() {
                    match c {
                        '\n' => {
                            let before = pos
                                .checked_sub(1)
                                .and_then(|i| flat.get(i).copied().flatten());
                            let after = flat.get(pos + 1).copied().flatten();
                            let cjk = before.is_some_and(is_wide) || after.is_some_and(is_wide);
                            if !cjk {
                                text.push(' ');
                            }
                        }
                        '\t' => text.push_str("    "),
                        '\r' => {}
                        c => text.push(c),
                    }
                    pos += 1;
                }
                out.push(Inline::Text(text, s));
            }
            other => {
                pos += 1;
                out.push(other);
            }
        }
    }
    // Trim white space at both ends.
    if let Some(Inline::Text(t, _)) = out.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t, _)) = out.last_mut() {
        *t = t.trim_end().to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text(t, _) if t.is_empty()));
    split_fills(out)
}
