//! What a match returns: the status, and each candidate with the clues that scored it.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    Matched,
    Ambiguous,
    Unmatched,
    /// The profile named the product explicitly.
    Pinned,
}

impl MatchStatus {
    /// How the documents say the catalog product was settled, in plain words (no tool words).
    pub fn label(self) -> &'static str {
        match self {
            MatchStatus::Matched => "按产品名称确定",
            MatchStatus::Ambiguous => "目录产品待确认",
            MatchStatus::Unmatched => "目录中未找到",
            MatchStatus::Pinned => "按指定产品确定",
        }
    }
}

/// The kind of a piece of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClueKind {
    /// The official catalog name (or one item of its parenthesised list).
    Name,
    Alias,
    Keyword,
    /// A model-code pattern.
    Pattern,
    /// A standard cited beside or inside the name.
    Standard,
    /// The name found ends the input's noun phrase: it names the thing, not a modifier.
    HeadNoun,
    /// Characters shared with the official name (separates near-ties).
    Overlap,
    /// The name stands before an accessory, part, packaging or consumable noun.
    AccessoryVeto,
    /// The name stands behind a toy/model or "made to fit" word.
    ImitationVeto,
    /// The input names a medical or pet product, not the everyday namesake.
    NamesakeVeto,
    /// The user pinned the product.
    Pin,
}

/// One piece of evidence for or against a candidate.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Clue {
    pub kind: ClueKind,
    /// The text matched in the input (or the word that vetoed).
    pub text: String,
    /// Strength in [0, 1], combined with the others by noisy-or; for a veto, the share of the
    /// score it removes, as a negative number.
    pub weight: f64,
    /// A short explanation in Chinese.
    pub note: String,
}

impl Clue {
    pub(super) fn new(
        kind: ClueKind,
        text: impl Into<String>,
        weight: f64,
        note: impl Into<String>,
    ) -> Clue {
        Clue {
            kind,
            text: text.into(),
            weight: (weight * 1000.0).round() / 1000.0,
            note: note.into(),
        }
    }

    fn is_veto(&self) -> bool {
        self.weight < 0.0
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Candidate {
    pub product_id: String,
    pub product: String,
    pub score: f64,
    /// Why it scored (or was vetoed): every clue found.
    pub clues: Vec<Clue>,
}

impl Candidate {
    /// The clues as one line of text, for people.
    pub fn evidence_text(&self) -> String {
        self.clues
            .iter()
            .map(|c| format!("{} {:+.2}", c.note, c.weight))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Whether a veto struck this candidate.
    pub fn vetoed(&self) -> bool {
        self.clues.iter().any(Clue::is_veto)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MatchResult {
    pub input: String,
    pub status: MatchStatus,
    pub status_label: &'static str,
    pub candidates: Vec<Candidate>,
}

impl MatchResult {
    /// The chosen candidate, when the status is matched or pinned.
    pub fn chosen(&self) -> Option<&Candidate> {
        match self.status {
            MatchStatus::Matched | MatchStatus::Pinned => self.candidates.first(),
            _ => None,
        }
    }

    pub fn score(&self) -> f64 {
        self.candidates.first().map_or(0.0, |c| c.score)
    }
}
