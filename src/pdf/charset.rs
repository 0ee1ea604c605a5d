//! The characters a set of documents draws in one face: a bit per character of the Basic
//! Multilingual Plane (where nearly all text is) and an ordered set for the rest, so that adding
//! the text of every page costs a bit operation per character and the union comes out sorted.
use std::collections::BTreeSet;

const BMP_WORDS: usize = 0x1_0000 / 64;

pub(crate) struct CharSet {
    bmp: Box<[u64; BMP_WORDS]>,
    astral: BTreeSet<char>,
}

impl Default for CharSet {
    fn default() -> Self {
        CharSet {
            bmp: Box::new([0; BMP_WORDS]),
            astral: BTreeSet::new(),
        }
    }
}

impl CharSet {
    pub(crate) fn extend(&mut self, text: &str) {
        for c in text.chars() {
            let code = c as usize;
            match self.bmp.get_mut(code / 64) {
                Some(word) => *word |= 1 << (code % 64),
                None => {
                    self.astral.insert(c);
                }
            }
        }
    }

    /// Adds every character of `other`.
    pub(crate) fn union(&mut self, other: &CharSet) {
        for (word, theirs) in self.bmp.iter_mut().zip(other.bmp.iter()) {
            *word |= theirs;
        }
        self.astral.extend(&other.astral);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.astral.is_empty() && self.bmp.iter().all(|&w| w == 0)
    }

    /// The characters in ascending order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = char> + '_ {
        let bmp = self.bmp.iter().enumerate().flat_map(|(i, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                char::from_u32((i * 64 + bit) as u32)
            })
        });
        bmp.chain(self.astral.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::CharSet;

    #[test]
    fn characters_come_out_once_in_order_across_planes() {
        let mut a = CharSet::default();
        assert!(a.is_empty());
        a.extend("质量A𠀀z");
        let mut b = CharSet::default();
        b.extend("A\u{ffff}🙂质\0");
        a.union(&b);
        let all: String = a.iter().collect();
        assert_eq!(all, "\0Az质量\u{ffff}🙂𠀀");
        assert!(!a.is_empty());
    }
}
