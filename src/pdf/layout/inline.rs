//! Inline text: shaping characters into positioned glyph items (font fallback, vector symbols,
//! missing glyphs), breaking them into lines and drawing a line.
use super::*;

impl Layouter<'_> {
    pub(super) fn note_missing(&mut self, c: char) {
        if self.seen_missing.insert(c) {
            self.missing.push(c);
        }
    }

    /// Turns inline content into measured items.
    pub(super) fn shape(&mut self, inlines: &[Inline], size: f32, force_bold: bool) -> Vec<Item> {
        let count: usize = inlines
            .iter()
            .map(|i| match i {
                Inline::Text(text, _) => text.chars().count(),
                _ => 1,
            })
            .sum();
        let mut items = Vec::with_capacity(count);
        for inline in inlines {
            match inline {
                Inline::Text(text, style) => {
                    let mut style = *style;
                    style.bold |= force_bold;
                    for c in text.chars() {
                        self.push_char(&mut items, c, style, size);
                    }
                }
                Inline::Fill(n, style) => {
                    let mut style = *style;
                    style.bold |= force_bold;
                    items.push(Item {
                        c: '\u{3007}',
                        kind: Kind::Fill(*n),
                        style,
                        width: (*n as f32 * 0.8 * size).min(self.text_width() * 0.9),
                    })
                }
                Inline::Break => items.push(Item {
                    c: '\n',
                    kind: Kind::Break,
                    style: Style::default(),
                    width: 0.0,
                }),
            }
        }
        items
    }

    pub(super) fn shape_plain(&mut self, text: &str, size: f32, style: Style) -> Vec<Item> {
        let mut items = Vec::with_capacity(text.len());
        for c in text.chars() {
            self.push_char(&mut items, c, style, size);
        }
        items
    }

    pub(super) fn push_char(&mut self, items: &mut Vec<Item>, c: char, style: Style, size: f32) {
        if c == '\n' {
            items.push(Item {
                c,
                kind: Kind::Break,
                style,
                width: 0.0,
            });
            return;
        }
        if ignorable(c) {
            return;
        }
        let face = self.font.face(style.bold);
        let (kind, width) = match face.advance(c) {
            Some(adv) => (Kind::Glyph, adv * size),
            None => match (c, symbol_for(c)) {
                (_, Some(symbol)) => (Kind::Symbol(symbol), size),
                ('\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}', _) => {
                    let space = face.advance(' ').unwrap_or(0.25);
                    return items.push(Item {
                        c: ' ',
                        kind: Kind::Glyph,
                        style,
                        width: space * size,
                    });
                }
                _ => {
                    self.note_missing(c);
                    (Kind::Missing, if wide(c) { size } else { 0.6 * size })
                }
            },
        };
        items.push(Item {
            c,
            kind,
            style,
            width,
        });
    }

    /// Draws items `range` of a line with its left edge at `x` and baseline `y`.
    pub(super) fn draw_line(&mut self, items: &[Item], x: f32, y: f32, size: f32, gray: f32) {
        let mut pen = x;
        let mut i = 0;
        // Trailing white space is not drawn.
        let mut end = items.len();
        while end > 0 && matches!(items[end - 1].c, ' ' | '\n' | '\u{3000}') {
            end -= 1;
        }
        let items = &items[..end];
        while i < items.len() {
            let item = items[i];
            match item.kind {
                Kind::Glyph => {
                    let mut j = i;
                    while j < items.len()
                        && items[j].kind == Kind::Glyph
                        && items[j].style == item.style
                    {
                        j += 1;
                    }
                    let run = &items[i..j];
                    let w: f32 = run.iter().map(|it| it.width).sum();
                    let mut text =
                        String::with_capacity(run.iter().map(|it| it.c.len_utf8()).sum());
                    text.extend(run.iter().map(|it| it.c));
                    if !text.trim().is_empty() {
                        self.draw(Draw::Text(TextRun {
                            x: pen,
                            y,
                            size,
                            bold: item.style.bold,
                            italic: item.style.italic,
                            gray,
                            text,
                            invisible_width: None,
                        }));
                    }
                    if item.style.strike {
                        self.draw(Draw::Line {
                            x1: pen,
                            y1: y - 0.3 * size,
                            x2: pen + w,
                            y2: y - 0.3 * size,
                            width: 0.05 * size,
                            gray,
                        });
                    }
                    pen += w;
                    i = j;
                    continue;
                }
                Kind::Symbol(symbol) => self.draw(Draw::Symbol {
                    x: pen,
                    y,
                    size,
                    symbol,
                }),
                Kind::Missing => self.draw(Draw::Missing {
                    x: pen,
                    y,
                    size,
                    w: item.width,
                }),
                Kind::Fill(n) => {
                    let ly = y + 0.15 * size;
                    self.draw(Draw::Line {
                        x1: pen + 0.1 * size,
                        y1: ly,
                        x2: pen + item.width - 0.1 * size,
                        y2: ly,
                        width: 0.6,
                        gray: LINE_GRAY,
                    });
                    if self.font.face(false).glyph('_').is_some() {
                        self.draw(Draw::Text(TextRun {
                            x: pen,
                            y,
                            size,
                            bold: false,
                            italic: false,
                            gray,
                            text: "_".repeat(n.min(200)),
                            invisible_width: Some(item.width),
                        }));
                    }
                }
                Kind::Break => {}
            }
            pen += item.width;
            i += 1;
        }
    }

    pub(super) fn draw_marker(&mut self, marker: Marker, y: f32, size: f32) {
        match marker {
            Marker::Text(text, x) => {
                let items = self.shape_plain(&text, size, Style::default());
                self.draw_line(&items, x, y, size, 0.0);
            }
            Marker::Task(checked, x) => self.draw(Draw::Symbol {
                x,
                y,
                size,
                symbol: if checked {
                    Symbol::CheckedBox
                } else {
                    Symbol::Box
                },
            }),
        }
    }

    /// Baseline offset of a line of `size` text centred in a line box of height `lh`.
    pub(super) fn baseline(size: f32, lh: f32) -> f32 {
        (lh - size) / 2.0 + 0.88 * size
    }

    /// Lays out a run of inline content as lines.
    pub(super) fn lines(
        &mut self,
        items: &[Item],
        x: f32,
        width: f32,
        size: f32,
        lh: f32,
        centered: bool,
    ) {
        let chars: Vec<char> = items.iter().map(|i| i.c).collect();
        let widths: Vec<f32> = items.iter().map(|i| i.width).collect();
        let opps = opportunities(&chars, &self.no_break);
        let ranges = break_lines(&chars, &widths, width, false, &opps);
        let ranges = if ranges.is_empty() {
            vec![(0, 0)]
        } else {
            ranges
        };
        for (s, e) in ranges {
            self.ensure(lh);
            self.placed();
            let base = self.y + Self::baseline(size, lh);
            if let Some(marker) = self.marker.take() {
                self.draw_marker(marker, base, size);
            }
            let line = &items[s..e];
            let dx = if centered {
                let w: f32 = line
                    .iter()
                    .rev()
                    .skip_while(|i| matches!(i.c, ' ' | '\n' | '\u{3000}'))
                    .map(|i| i.width)
                    .sum();
                ((width - w) / 2.0).max(0.0)
            } else {
                0.0
            };
            self.draw_line(line, x + dx, base, size, 0.0);
            self.y += lh;
        }
    }
}
