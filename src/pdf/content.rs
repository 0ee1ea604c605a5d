//! One page's display list → its content stream: text in the embedded faces, rules, boxes and the
//! vector symbols, with the graphics state tracked so operators are not repeated.
use pdf_writer::types::TextRenderingMode;
use pdf_writer::{Content, Name, Str};

use super::embed::{Embedded, EmbeddedFont};
use super::font::PdfFont;
use super::layout::{Draw, Symbol, TextRun};

/// Resource names of the regular and the bold face.
pub(crate) const REGULAR: Name<'static> = Name(b"F1");
pub(crate) const BOLD: Name<'static> = Name(b"F2");

/// Graphics state already set in the content stream.
#[derive(Default)]
struct State {
    in_text: bool,
    font: Option<(bool, u32)>,
    fill: Option<u32>,
    stroke: Option<u32>,
    line_width: Option<u32>,
    mode: Option<u8>,
    scaling: Option<u32>,
}

pub(crate) struct Painter<'a> {
    content: Content,
    state: State,
    height: f32,
    font: &'a PdfFont,
    embedded: &'a EmbeddedFont,
}

impl<'a> Painter<'a> {
    pub(crate) fn new(height: f32, font: &'a PdfFont, embedded: &'a EmbeddedFont) -> Self {
        Painter {
            content: Content::new(),
            state: State::default(),
            height,
            font,
            embedded,
        }
    }

    /// The finished content stream.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.end_text();
        self.content.finish().into_vec()
    }

    fn end_text(&mut self) {
        if self.state.in_text {
            self.content.end_text();
            self.state.in_text = false;
        }
    }

    fn fill(&mut self, g: f32) {
        let key = g.to_bits();
        if self.state.fill != Some(key) {
            self.content.set_fill_gray(g.clamp(0.0, 1.0));
            self.state.fill = Some(key);
        }
    }

    fn stroke(&mut self, g: f32, width: f32) {
        let key = g.to_bits();
        if self.state.stroke != Some(key) {
            self.content.set_stroke_gray(g.clamp(0.0, 1.0));
            self.state.stroke = Some(key);
        }
        let key = width.to_bits();
        if self.state.line_width != Some(key) {
            self.content.set_line_width(width);
            self.state.line_width = Some(key);
        }
    }

    fn line(&mut self, points: &[(f32, f32)], width: f32, gray: f32) {
        let Some((&(x0, y0), rest)) = points.split_first() else {
            return;
        };
        self.end_text();
        self.stroke(gray, width);
        let h = self.height;
        self.content.move_to(x0, h - y0);
        for &(x, y) in rest {
            self.content.line_to(x, h - y);
        }
        self.content.stroke();
    }

    fn rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        fill: Option<f32>,
        stroke: Option<(f32, f32)>,
    ) {
        self.end_text();
        if let Some(g) = fill {
            self.fill(g);
        }
        if let Some((width, g)) = stroke {
            self.stroke(g, width);
        }
        self.content.rect(x, self.height - y - h, w, h);
        match (fill, stroke) {
            (Some(_), Some(_)) => self.content.fill_nonzero_and_stroke(),
            (Some(_), None) => self.content.fill_nonzero(),
            _ => self.content.stroke(),
        };
    }

    fn face(&self, real_bold: bool) -> &'a Embedded {
        match (&self.embedded.bold, real_bold) {
            (Some(bold), true) => bold,
            _ => &self.embedded.regular,
        }
    }

    fn text(&mut self, run: &TextRun) {
        let &TextRun {
            x,
            y,
            size,
            bold,
            italic,
            gray,
            invisible_width,
            ..
        } = run;
        let real_bold = bold && !self.font.faux_bold(bold) && self.embedded.bold.is_some();
        let codes = self.face(real_bold).encode(&run.text);
        if codes.is_empty() {
            return;
        }
        if !self.state.in_text {
            self.content.begin_text();
            self.state.in_text = true;
        }
        let key = (real_bold, size.to_bits());
        if self.state.font != Some(key) {
            self.content
                .set_font(if real_bold { BOLD } else { REGULAR }, size);
            self.state.font = Some(key);
        }
        self.fill(gray);
        let mode = if invisible_width.is_some() {
            3
        } else if self.font.faux_bold(bold) {
            2
        } else {
            0
        };
        if mode == 2 {
            self.stroke(gray, size * 0.035);
        }
        if self.state.mode != Some(mode) {
            self.content.set_text_rendering_mode(match mode {
                3 => TextRenderingMode::Invisible,
                2 => TextRenderingMode::FillStroke,
                _ => TextRenderingMode::Fill,
            });
            self.state.mode = Some(mode);
        }
        let scaling = match invisible_width {
            Some(w) => {
                let natural: f32 = run
                    .text
                    .chars()
                    .filter_map(|c| self.font.face(false).advance(c))
                    .sum::<f32>()
                    * size;
                if natural > 0.0 {
                    (w / natural * 100.0).clamp(1.0, 1000.0)
                } else {
                    100.0
                }
            }
            None => 100.0,
        };
        if self.state.scaling != Some(scaling.to_bits()) {
            self.content.set_horizontal_scaling(scaling);
            self.state.scaling = Some(scaling.to_bits());
        }
        let skew = if italic { 0.2 } else { 0.0 };
        self.content
            .set_text_matrix([1.0, 0.0, skew, 1.0, x, self.height - y]);
        self.content.show(Str(&codes));
    }

    fn symbol(&mut self, x: f32, y: f32, size: f32, symbol: Symbol) {
        // An em box with a square of 0.72 em resting slightly below the baseline.
        let side = size * 0.72;
        let left = x + (size - side) / 2.0;
        let top = y - 0.76 * size;
        let lw = (size * 0.06).max(0.4);
        let at = |fx: f32, fy: f32| (left + side * fx, top + side * fy);
        let check = [at(0.2, 0.52), at(0.42, 0.76), at(0.82, 0.22)];
        let square = (left, top, side, side);
        match symbol {
            Symbol::Box => self.rect(square, None, Some((lw, 0.0))),
            Symbol::FilledBox => self.rect(square, Some(0.0), None),
            Symbol::CheckedBox => {
                self.rect(square, None, Some((lw, 0.0)));
                self.line(&check, lw * 1.5, 0.0);
            }
            Symbol::CrossedBox => {
                self.rect(square, None, Some((lw, 0.0)));
                self.cross(at(0.22, 0.22), at(0.78, 0.78), lw);
            }
            Symbol::Check => self.line(&check, lw * 1.5, 0.0),
            Symbol::Cross => self.cross(at(0.22, 0.22), at(0.78, 0.78), lw),
        }
    }

    /// The two diagonals of the box from `a` (top left) to `b` (bottom right).
    fn cross(&mut self, a: (f32, f32), b: (f32, f32), lw: f32) {
        self.line(&[a, b], lw, 0.0);
        self.line(&[(b.0, a.1), (a.0, b.1)], lw, 0.0);
    }

    /// A crossed box where the font has no glyph.
    fn missing(&mut self, x: f32, y: f32, size: f32, w: f32) {
        let (left, right) = (x + w * 0.1, x + w * 0.9);
        let (top, bottom) = (y - 0.8 * size, y + 0.1 * size);
        let lw = (size * 0.05).max(0.4);
        self.rect(
            (left, top, right - left, bottom - top),
            None,
            Some((lw, 0.0)),
        );
        self.cross((left, top), (right, bottom), lw);
    }

    pub(crate) fn draw(&mut self, d: &Draw) {
        match d {
            Draw::Text(run) => self.text(run),
            Draw::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray,
            } => self.line(&[(*x1, *y1), (*x2, *y2)], *width, *gray),
            Draw::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => self.rect((*x, *y, *w, *h), *fill, *stroke),
            Draw::Symbol { x, y, size, symbol } => self.symbol(*x, *y, *size, *symbol),
            Draw::Missing { x, y, size, w } => self.missing(*x, *y, *size, *w),
        }
    }
}
