//! Reading the user's files safely: regular files only (a FIFO or a device would block or never
//! end), of bounded size, decoded as UTF-8 with a named line when they are not (GBK, UTF-16), and
//! YAML of bounded nesting depth, checked before anything builds a tree from it.
use std::io::Read;
use std::path::Path;

use yaml_rust2::parser::{Event, Parser};

use crate::error::{Diagnostic, Error, Result, SourceFile};

/// Largest profile, in bytes.
pub const MAX_PROFILE_BYTES: u64 = 1 << 20;
/// Largest catalog file, in bytes.
pub const MAX_CATALOG_BYTES: u64 = 256 << 20;
/// Largest template or font file, in bytes.
pub const MAX_ASSET_BYTES: u64 = 64 << 20;
/// Deepest nesting of YAML mappings and sequences.
pub const MAX_YAML_DEPTH: usize = 64;

fn read_error(path: &Path, message: String) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    }
}

/// The bytes of a regular file (a link to one is fine) of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let io = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    // Checked before opening: opening a FIFO blocks until someone writes to it.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        return Err(read_error(path, format!("it is {what}")));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(read_error(
            path,
            format!("it is larger than the limit of {} bytes", limit),
        ));
    }
    Ok(bytes)
}

/// A regular text file of at most `limit` bytes, decoded as UTF-8 (a byte-order mark is dropped).
pub fn read_text(path: &Path, limit: u64) -> Result<SourceFile> {
    let bytes = read_bytes(path, limit)?;
    let name = path.display().to_string();
    let text = decode(&name, bytes)?;
    Ok(SourceFile::new(name, text))
}

/// UTF-8 text, or a diagnostic naming the line and what the bytes look like instead.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String> {
    let encoding_hint =
        Some("save the file as UTF-8 (in most editors: Save As… → Encoding: UTF-8)".to_string());
    let at = |line: usize, column: usize, message: String| -> Error {
        let mut d = SourceFile::new(name, "").diagnostic(line, column, message);
        d.hint.clone_from(&encoding_hint);
        d.into()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(at(
            1,
            1,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8".into(),
        ));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => {
            if let Some(i) = text.find('\0') {
                let (line, column) = line_col(&body[..i]);
                return Err(at(line, column, "the file contains NUL bytes: it looks like UTF-16 or a binary file, not UTF-8 text".into()));
            }
            Ok(text.to_string())
        }
        Err(e) => {
            let bad = e.valid_up_to();
            let (line, column) = line_col(&body[..bad]);
            let rest = &body[bad..];
            let looks_gbk = rest.len() >= 2
                && (0x81..=0xFE).contains(&rest[0])
                && (0x40..=0xFE).contains(&rest[1])
                && rest[1] != 0x7F;
            let what = if looks_gbk {
                "not UTF-8: the bytes look like GBK / GB 18030"
            } else {
                "not valid UTF-8"
            };
            Err(at(
                line,
                column,
                format!("the file is {what} (byte 0x{:02X})", rest[0]),
            ))
        }
    }
}

/// 1-based line and column (in characters) just after `before`.
fn line_col(before: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(before);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Refuses YAML nested deeper than [`MAX_YAML_DEPTH`], reading events only (no tree, no paths),
/// so the check itself is linear. Syntax errors are left to the real parser, which reports them.
/// Most files cannot nest that deep at all, which a glance at their shape proves
/// ([`may_nest_deeper`]); only the others are read event by event.
pub fn check_depth(file: &SourceFile) -> Result<(), Diagnostic> {
    if !may_nest_deeper(&file.text, MAX_YAML_DEPTH) {
        return Ok(());
    }
    match deeper_than(&file.text, MAX_YAML_DEPTH) {
        Some((line, column)) => Err(file.diagnostic(
            line,
            column,
            format!("the YAML is nested more than {MAX_YAML_DEPTH} levels deep"),
        )),
        None => Ok(()),
    }
}

/// Whether `text` may nest mappings and sequences more than `limit` deep: false only when it
/// surely does not. A block collection starts at the column of its first key or `-`, which comes
/// after its line's indentation and indicators only (`-`, `?`, `:`); along a chain of nested
/// block collections those columns never fall, and stay the same at most once in a row (a
/// sequence under a mapping's key). Every flow collection opens with a bracket. So twice the
/// number of columns a block collection can start at, plus the brackets, bounds the depth. A line
/// ends at a line feed or a carriage return, as in YAML.
fn may_nest_deeper(text: &str, limit: usize) -> bool {
    let columns = text
        .split(['\n', '\r'])
        .map(|line| {
            line.find(|c| !matches!(c, ' ' | '\t' | '-' | '?' | ':'))
                .unwrap_or(line.len())
                + 1
        })
        .max()
        .unwrap_or(0);
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    2 * columns + brackets > limit
}

/// The 1-based line and column of the first collection nested more than `limit` deep.
fn deeper_than(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), mark)) => {
                depth += 1;
                if depth > limit {
                    return Some((mark.line(), mark.col() + 1));
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_yaml_is_refused_quickly() {
        let text = format!("a: {}1{}", "{a: ".repeat(200_000), "}".repeat(200_000));
        let started = std::time::Instant::now();
        let err = check_depth(&SourceFile::new("deep.yaml", text)).unwrap_err();
        assert!(err.message.contains("nested more than"), "{}", err.message);
        assert!(started.elapsed().as_secs() < 2);
        let block = "- ".repeat(100) + "x\n";
        assert!(check_depth(&SourceFile::new("b.yaml", block)).is_err());
        assert!(check_depth(&SourceFile::new("ok.yaml", "a: {b: [1, 2]}\n")).is_ok());
    }

    /// The glance never clears a text the event reader would refuse, whatever the limit; and it
    /// does clear ordinary profiles, which is what it is for.
    #[test]
    fn the_glance_at_nesting_never_clears_a_text_too_deep() {
        let texts = [
            "a:\n  b:\n    c:\n      d: 1\n",
            "a:\r b:\r  c:\r   d: 1\r",
            "- - - - - x\n",
            "--- - - - - x\n",
            "a:\n- b:\n  - c:\n    - d\n",
            "? - - a\n: - - b\n",
            "a: [[[[1]]], {b: {c: [2]}}]\n",
            "a: [\n[\n[\n{b:\n[1]}]]]\n",
            "k: |\n        text\n  l:\n   - - x\n",
            "a:\n  - - b: - x\n",
            "x: 1\ny:\n  - {a: [1, 2]}\n  - b: c\n    d:\n    - - e\n",
        ];
        for text in texts {
            for limit in 0..16 {
                if !may_nest_deeper(text, limit) {
                    assert_eq!(deeper_than(text, limit), None, "limit {limit}: {text:?}");
                }
            }
        }
        for example in [
            "cable-maker",
            "consumer-goods",
            "ebike-maker",
            "food-plastics",
        ] {
            let path = format!("{}/examples/{example}.yaml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            assert!(!may_nest_deeper(&text, MAX_YAML_DEPTH), "{example}");
        }
    }

    #[test]
    fn encodings_are_named_with_the_line() {
        let gbk = b"company:\n  name: \xB5\xE7\xCF\xDF\n".to_vec();
        let e = decode("p.yaml", gbk).unwrap_err().to_string();
        assert!(e.contains("p.yaml:2:9") && e.contains("GBK"), "{e}");
        let utf16 = b"\xFF\xFEa\0:\0".to_vec();
        assert!(
            decode("p.yaml", utf16)
                .unwrap_err()
                .to_string()
                .contains("UTF-16")
        );
        let bom = b"\xEF\xBB\xBFa: 1\n".to_vec();
        assert_eq!(decode("p.yaml", bom).unwrap(), "a: 1\n");
    }
}
