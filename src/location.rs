//! Where each node of a YAML document stands, by path (`products[3].risk_points[0].id`), so that
//! errors found after deserialisation (unknown ids, missing fields after merging) still point at
//! file:line:col. serde gives positions only while it parses; this fills in the rest.
use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Path → 1-based (line, column) of the node's value (for a key's value) or item.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    nodes: HashMap<String, (usize, usize)>,
}

impl Locations {
    /// Scans `text`. Malformed YAML yields an empty map: serde reports the syntax error itself.
    pub fn scan(text: &str) -> Self {
        let mut builder = Builder::default();
        if Parser::new_from_str(text)
            .load(&mut builder, false)
            .is_err()
        {
            return Locations::default();
        }
        Locations {
            nodes: builder.nodes,
        }
    }

    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(pos) = self.nodes.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

enum Frame {
    /// `located`: whether the mapping's own position is known yet (it is taken from its first key,
    /// which is where a reader looks; the parser's mark for a mapping start can lie past it).
    Map {
        path: String,
        key: Option<String>,
        located: bool,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    nodes: HashMap<String, (usize, usize)>,
}

impl Builder {
    /// The path of the node that starts now, advancing the parent's cursor.
    fn next_path(&mut self) -> Option<String> {
        match self.stack.last_mut()? {
            Frame::Map { path, key, .. } => {
                let k = key.take()?;
                Some(if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                })
            }
            Frame::Seq { path, index } => {
                let p = format!("{path}[{index}]");
                *index += 1;
                Some(p)
            }
        }
    }

    /// True when the next scalar in the current mapping is a key.
    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = (mark.line(), mark.col() + 1);
        match ev {
            Event::Scalar(value, ..) => {
                if self.expects_key() {
                    if let Some(Frame::Map { key, path, located }) = self.stack.last_mut() {
                        if !*located {
                            self.nodes.insert(path.clone(), pos);
                            *located = true;
                        }
                        *key = Some(value);
                    }
                } else if let Some(path) = self.next_path() {
                    self.nodes.insert(path, pos);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = if self.stack.is_empty() {
                    Some(String::new())
                } else {
                    self.next_path()
                };
                let path = path.unwrap_or_default();
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        path,
                        key: None,
                        located: false,
                    }
                } else {
                    self.nodes.insert(path.clone(), pos);
                    Frame::Seq { path, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.next_path();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_and_falls_back_to_ancestors() {
        let text = "company:\n  name: 甲\nlines:\n  - id: a\n    point: x\n  - id: b\n";
        let loc = Locations::scan(text);
        assert_eq!(loc.find("company.name"), Some((2, 9)));
        assert_eq!(loc.find("lines[1].id"), Some((6, 9)));
        assert_eq!(loc.find("lines[0].point"), Some((5, 12)));
        assert_eq!(loc.find("lines[1].missing"), Some((6, 5)));
    }
}
