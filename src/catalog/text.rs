//! [`Text`]: the catalog's strings. Decoding the embedded catalog used to copy each of its tens of
//! thousands of strings out of the compiled blob into an allocation of its own (most of the
//! decode time); a `Text` decoded from the blob borrows from it instead, while one parsed from a
//! YAML layer owns its string.
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::{Serialize, Serializer};

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
        serializer.serialize_str(&self.0)
    }
}

/// Borrows when the input outlives the program (the compiled blob); copies otherwise.
impl<'de: 'static> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct TextVisitor;
        impl<'de: 'static> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'static str) -> Result<Text, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_borrowed_bytes<E: de::Error>(self, v: &'static [u8]) -> Result<Text, E> {
                simdutf8::basic::from_utf8(v)
                    .map(|s| Text(Cow::Borrowed(s)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text::from(v))
            }
            fn visit_string<E>(self, v: String) -> Result<Text, E> {
                Ok(Text::from(v))
            }
        }
        // As bytes, checked here: the SIMD check is several times faster than the standard one
        // on Chinese text (postcard, the blob's format, stores strings and bytes alike).
        deserializer.deserialize_bytes(TextVisitor)
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
}
