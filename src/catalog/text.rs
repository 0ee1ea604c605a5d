//! [`Text`]: the catalog's strings. Decoding the embedded catalog used to copy each of its tens of
//! thousands of strings out of the compiled blob into an allocation of its own (most of the
//! decode time); a `Text` decoded from the blob borrows from it instead, while one parsed from a
//! YAML layer owns its string.
//!
//! In a blob all texts are one string table ([`encode_blob`]), each text written as its place
//! in it: the table is checked as UTF-8 once, with SIMD, where checking the texts one by one
//! (most of them too short for SIMD) was a tenth of a whole `generate` run. A text is then a
//! slice of the checked table, cut only at character boundaries (`str::get`).
use std::borrow::{Borrow, Cow};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// A string table being written, and the offset and length of each text already in it.
type Table = (String, HashMap<String, (u32, u32)>);

thread_local! {
    /// While a blob is written ([`encode_blob`]): its string table.
    static WRITING: RefCell<Option<Table>> = const { RefCell::new(None) };
    /// While a blob is read ([`reading`]): its checked string table.
    static READING: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// `value` as a compiled blob (postcard): its string table, then `value` with every [`Text`]
/// written as its offset and length in the table (each distinct text once).
pub(crate) fn encode_blob<T: Serialize>(value: &T) -> Vec<u8> {
    WRITING.with(|w| *w.borrow_mut() = Some(Default::default()));
    let body = postcard::to_allocvec(value);
    let table = WRITING
        .with(|w| w.borrow_mut().take())
        .unwrap_or_default()
        .0;
    let body = body.expect("a compiled blob's types serialise");
    postcard::to_allocvec(&(table.as_bytes(), body.as_slice())).expect("bytes serialise")
}

/// Reads a blob of [`encode_blob`], checking its string table as UTF-8 in one pass.
pub(crate) fn decode_blob<T: Deserialize<'static>>(
    bytes: &'static [u8],
) -> Result<T, postcard::Error> {
    let (table, body): (&'static [u8], &'static [u8]) = postcard::from_bytes(bytes)?;
    let table =
        simdutf8::basic::from_utf8(table).map_err(|_| postcard::Error::DeserializeBadUtf8)?;
    reading(Some(table), || postcard::from_bytes(body))
}

/// Runs `read` with `table` (None: none) as the string table the [`Text`]s it decodes refer to.
pub(crate) fn reading<R>(table: Option<&'static str>, read: impl FnOnce() -> R) -> R {
    let outer = READING.with(|r| r.replace(table));
    let result = read();
    READING.with(|r| r.set(outer));
    result
}

/// The string table of the blob being read, for a part of it decoded later ([`super::LazyList`]).
pub(crate) fn current_table() -> Option<&'static str> {
    READING.with(Cell::get)
}

/// A catalog string: borrowed from the compiled blob, or owned.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Cow::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Cow::Owned(s.to_owned()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.into_owned()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let place = WRITING.with(|w| {
            let mut w = w.borrow_mut();
            let (table, at) = w.as_mut()?;
            let place = *at.entry(self.0.to_string()).or_insert_with(|| {
                let place = (table.len() as u32, self.0.len() as u32);
                table.push_str(&self.0);
                place
            });
            Some(place)
        });
        match place {
            Some(place) => place.serialize(serializer),
            None => serializer.serialize_str(&self.0),
        }
    }
}

/// A slice of the string table while a blob is read ([`decode_blob`]); otherwise a string,
/// borrowed when the input outlives the program, copied when not.
impl<'de: 'static> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        if let Some(table) = current_table() {
            let (start, len) = <(u32, u32)>::deserialize(deserializer)?;
            let (start, end) = (start as usize, start as usize + len as usize);
            return table
                .get(start..end)
                .map(|s| Text(Cow::Borrowed(s)))
                .ok_or_else(|| {
                    de::Error::custom("a text outside the string table, or cut inside a character")
                });
        }
        struct TextVisitor;
        impl<'de: 'static> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'static str) -> Result<Text, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text::from(v))
            }
            fn visit_string<E>(self, v: String) -> Result<Text, E> {
                Ok(Text::from(v))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_from_a_static_blob_and_rejects_what_is_not_utf8() {
        let blob: &'static [u8] = postcard::to_allocvec(&"电热水壶").unwrap().leak();
        let text: Text = postcard::from_bytes(blob).unwrap();
        assert!(matches!(text.0, Cow::Borrowed(_)));
        assert_eq!(text, "电热水壶");
        let broken: &'static [u8] = &[2, 0xe7, 0x94];
        assert!(postcard::from_bytes::<Text>(broken).is_err());
    }

    #[test]
    fn a_blob_keeps_each_text_once_in_its_table_and_refuses_a_cut_character() {
        let texts: Vec<Text> = ["电热水壶", "GB 4706.1", "电热水壶", ""]
            .into_iter()
            .map(Text::from)
            .collect();
        let blob: &'static [u8] = encode_blob(&texts).leak();
        let table: &str = "电热水壶GB 4706.1";
        assert!(blob.windows(table.len()).any(|w| w == table.as_bytes()));
        let read: Vec<Text> = decode_blob(blob).unwrap();
        assert_eq!(read, texts);
        assert!(read.iter().all(|t| matches!(t.0, Cow::Borrowed(_))));
        // A text that starts inside 电 (offset 1) is refused, not cut.
        let body: &'static [u8] = postcard::to_allocvec(&vec![(1u32, 3u32)]).unwrap().leak();
        let cut: &'static [u8] = postcard::to_allocvec(&(table.as_bytes(), body))
            .unwrap()
            .leak();
        assert!(decode_blob::<Vec<Text>>(cut).is_err());
        // Outside a blob, texts are strings again.
        assert!(
            postcard::from_bytes::<Text>(postcard::to_allocvec(&texts[0]).unwrap().leak()).is_ok()
        );
    }
}
