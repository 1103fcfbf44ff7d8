//! Small drawing helpers every screen shares: blocks, bars, sparklines, scrolling.

use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Widget};

use crate::tui::theme::Theme;

/// A bordered panel with a title.
pub fn panel<'a>(theme: &Theme, title: impl Into<String>, focused: bool) -> Block<'a> {
    Block::new()
        .style(theme.base)
        .borders(Borders::ALL)
        .border_set(theme.g.border)
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(format!(" {} ", title.into()), theme.title))
        .padding(Padding::horizontal(1))
}

/// A horizontal bar of `width` cells filled to `frac` (0–1).
pub fn bar(theme: &Theme, frac: f64, width: usize, style: Style) -> Vec<Span<'static>> {
    let frac = if frac.is_finite() {
        frac.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let full = (frac * width as f64).round() as usize;
    vec![
        Span::styled(theme.g.bar_full.to_string().repeat(full), style),
        Span::styled(
            theme.g.bar_empty.to_string().repeat(width - full),
            theme.dim,
        ),
    ]
}

/// How a sparkline maps values to heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// A fixed range (shares: 0–1).
    Fixed(f64, f64),
    /// The data's own range, but never narrower than this, so noise does not look like a
    /// landslide.
    Auto(f64),
}

/// A one-line sparkline of the last `width` values. Empty when there are no values.
pub fn spark(theme: &Theme, values: &[f64], width: usize, scale: Scale) -> String {
    let tail = &values[values.len().saturating_sub(width)..];
    let (lo, hi) = match scale {
        Scale::Fixed(lo, hi) => (lo, hi),
        Scale::Auto(min_span) => {
            let (lo, hi) = tail
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            let grow = (min_span - (hi - lo)).max(0.0) / 2.0;
            (lo - grow, hi + grow)
        }
    };
    let levels = theme.g.spark.len() - 1;
    tail.iter()
        .map(|&x| {
            let t = if hi > lo { (x - lo) / (hi - lo) } else { 0.5 };
            let t = if t.is_finite() {
                t.clamp(0.0, 1.0)
            } else {
                0.0
            };
            theme.g.spark[(t * levels as f64).round() as usize]
        })
        .collect()
}

/// "▲ 4" / "▼ 2" / "" — the change from the previous turn, in points of a share.
pub fn trend(theme: &Theme, values: &[f64], scale: f64) -> Span<'static> {
    let [.., a, b] = values else {
        return Span::raw("");
    };
    let d = (b - a) * scale;
    if d >= 0.5 {
        Span::styled(format!("{} {d:.0}", theme.g.rise), theme.ok)
    } else if d <= -0.5 {
        Span::styled(format!("{} {:.0}", theme.g.fall, -d), theme.bad)
    } else {
        Span::raw("")
    }
}

/// The first row to show so that `selected` is visible in `height` rows.
pub fn scroll(selected: usize, height: usize) -> usize {
    if height == 0 {
        0
    } else {
        selected.saturating_sub(height - 1)
    }
}

/// How far a panel's text is scrolled: its first row shown. Drawing records the furthest
/// it can go (which depends on the panel's size), so keys stop at the end, not past it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    at: Cell<u16>,
    max: Cell<u16>,
}

impl Scroll {
    /// The first row shown.
    pub fn at(&self) -> u16 {
        self.at.get()
    }

    /// Move by `d` rows (a page is `PAGE`), within what the last drawing showed.
    pub fn by(&mut self, d: isize) {
        let to = (self.at.get() as isize).saturating_add(d);
        self.at.set(to.clamp(0, self.max.get() as isize) as u16);
    }

    /// Back to the top (another item is shown).
    pub fn reset(&mut self) {
        self.at.set(0);
    }
}

/// How far a message scrolls a panel: PgUp/PgDn a page.
pub fn scroll_step(msg: crate::tui::msg::Msg) -> Option<isize> {
    use crate::tui::msg::Msg;
    match msg {
        Msg::PageUp => Some(-(crate::tui::screens::PAGE)),
        Msg::PageDown => Some(crate::tui::screens::PAGE),
        _ => None,
    }
}

/// The keys that scroll a panel, as its border shows them: `▼ more PgDn` at the top, `▲▼
/// PgUp/PgDn` in the middle, `▲ PgUp` at the end; nothing when it all fits.
pub fn scroll_hint(at: u16, max: u16, up: &str, down: &str) -> Option<String> {
    match (max, at) {
        (0, _) => None,
        (_, 0) => Some(format!(" ▼ more {down} ")),
        _ if at >= max => Some(format!(" ▲ {up} ")),
        _ => Some(format!(" ▲▼ {up}/{down} ")),
    }
}

/// `block` with `hint` (from `scroll_hint`) on its bottom border, at the left.
pub fn hinted<'a>(t: &Theme, block: Block<'a>, hint: Option<String>) -> Block<'a> {
    match hint {
        Some(h) => block.title_bottom(Line::styled(h, t.key).left_aligned()),
        None => block,
    }
}

/// What a scrolled panel shows: `head` lines that stay put (column heads, a pinned row),
/// then `lines` that scroll; and whether the keys scroll it now (`focused`), else how to
/// reach it (`other`).
pub struct Scrolled<'a> {
    pub head: Vec<Line<'a>>,
    pub lines: Vec<Line<'a>>,
    /// Lines kept at the bottom (a window's choices and keys).
    pub foot: Vec<Line<'a>>,
    pub focused: bool,
    pub other: &'a str,
}

impl<'a> Scrolled<'a> {
    /// Lines that scroll under the keys, nothing pinned.
    pub fn new(lines: Vec<Line<'a>>) -> Self {
        Scrolled {
            head: Vec::new(),
            lines,
            foot: Vec::new(),
            focused: true,
            other: "",
        }
    }

    /// Draw as a window over the screen, `w` wide, centred in `area` and as tall as it
    /// needs (at most `area` less a row above and below).
    pub fn window(
        self,
        t: &Theme,
        title: &str,
        scroll: &Scroll,
        w: u16,
        area: Rect,
        buf: &mut Buffer,
    ) {
        let text_w = w.saturating_sub(4) as usize;
        let n = [&self.head, &self.lines, &self.foot]
            .iter()
            .map(|v| wrap_lines(v.to_vec(), text_w).len())
            .sum::<usize>();
        let h = (n as u16 + 2).min(area.height.saturating_sub(2));
        let rect = centered(area, w, h);
        Clear.render(rect, buf);
        self.render(t, panel(t, title, true).style(t.base), scroll, rect, buf);
    }

    /// Draw in `block`, word-wrapped to its width and scrolled by `scroll`; when the lines
    /// overflow, the block's bottom border says which keys scroll it (see `scroll_hint`).
    pub fn render(self, t: &Theme, block: Block, scroll: &Scroll, area: Rect, buf: &mut Buffer) {
        let inner = block.inner(area);
        let head = wrap_lines(self.head, inner.width as usize);
        let head_h = (head.len() as u16).min(inner.height);
        let foot = wrap_lines(self.foot, inner.width as usize);
        let foot_h = (foot.len() as u16).min(inner.height - head_h);
        let body = Rect::new(
            inner.x,
            inner.y + head_h,
            inner.width,
            inner.height - head_h - foot_h,
        );
        let foot_area = Rect::new(inner.x, body.bottom(), inner.width, foot_h);
        let lines = wrap_lines(self.lines, inner.width as usize);
        let max = (lines.len() as u16).saturating_sub(body.height);
        scroll.max.set(max);
        let at = scroll.at.get().min(max);
        let hint = if self.focused {
            scroll_hint(at, max, "PgUp", "PgDn")
        } else {
            (max > 0).then(|| format!(" ▼ more {} ", self.other))
        };
        hinted(t, block, hint).render(area, buf);
        Paragraph::new(head).render(inner, buf);
        Paragraph::new(lines).scroll((at, 0)).render(body, buf);
        Paragraph::new(foot).render(foot_area, buf);
    }
}

/// Word-wrap styled lines to `width` columns, keeping each word's style (a word longer
/// than the width is cut across lines). Lines that fit are kept as they are.
pub fn wrap_lines(lines: Vec<Line<'_>>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        if line.width() <= width || width == 0 {
            out.push(owned(line));
            continue;
        }
        let (style, alignment) = (line.style, line.alignment);
        let fresh = || {
            let mut l = Line::default().style(style);
            l.alignment = alignment;
            l
        };
        let mut cur = fresh();
        let mut cur_w = 0;
        for span in &line.spans {
            // Words and the spaces before them, in this span's style.
            let mut rest = span.content.as_ref();
            while !rest.is_empty() {
                let lead = rest.len() - rest.trim_start().len();
                let word_end = rest[lead..]
                    .find(char::is_whitespace)
                    .map_or(rest.len(), |i| lead + i);
                let (gap, word) = (&rest[..lead], &rest[lead..word_end]);
                rest = &rest[word_end..];
                let (gap_w, word_w) = (gap.chars().count(), word.chars().count());
                if cur_w > 0 && cur_w + gap_w + word_w > width {
                    out.push(std::mem::replace(&mut cur, fresh()));
                    cur_w = 0;
                }
                if cur_w > 0 {
                    cur.spans.push(Span::styled(gap.to_string(), span.style));
                    cur_w += gap_w;
                }
                let mut word: Vec<char> = word.chars().collect();
                while word.len() > width {
                    let head: String = word.drain(..width).collect();
                    if cur_w > 0 {
                        out.push(std::mem::replace(&mut cur, fresh()));
                    }
                    cur.spans.push(Span::styled(head, span.style));
                    out.push(std::mem::replace(&mut cur, fresh()));
                    cur_w = 0;
                }
                if !word.is_empty() {
                    cur_w += word.len();
                    cur.spans.push(Span::styled(
                        word.into_iter().collect::<String>(),
                        span.style,
                    ));
                }
            }
        }
        out.push(cur);
    }
    out
}

/// A line that owns its text.
fn owned(line: Line<'_>) -> Line<'static> {
    let mut l = Line::from(
        line.spans
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style))
            .collect::<Vec<_>>(),
    )
    .style(line.style);
    l.alignment = line.alignment;
    l
}

/// Cut `s` to `width` characters, marking the cut with `…`.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `s` padded or cut to exactly `width` characters.
pub fn pad(s: &str, width: usize) -> String {
    let f = fit(s, width);
    let n = f.chars().count();
    format!("{f}{}", " ".repeat(width.saturating_sub(n)))
}

/// A label/value line: "Needs met    78%".
pub fn kv<'a>(theme: &Theme, label: &str, width: usize, value: Vec<Span<'a>>) -> Line<'a> {
    let mut spans = vec![Span::styled(pad(label, width), theme.dim)];
    spans.extend(value);
    Line::from(spans)
}

/// A label/value pair whose value wraps under itself, not under the label.
pub fn kv_wrapped<'a>(
    theme: &Theme,
    label: &str,
    label_w: usize,
    value: &str,
    width: usize,
) -> Vec<Line<'a>> {
    wrap(value, width.saturating_sub(label_w).max(10))
        .into_iter()
        .enumerate()
        .map(|(k, part)| {
            let l = if k == 0 { label } else { "" };
            Line::from(vec![
                Span::styled(pad(l, label_w), theme.dim),
                Span::raw(part.to_string()),
            ])
        })
        .collect()
}

/// A rectangle centred in `area`, at most `w`×`h`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A window over the screen: `lines` in a panel `w` wide, centred in `area`, as tall as
/// they need (at most `area` less a row above and below).
pub fn window(t: &Theme, title: &str, lines: Vec<Line>, w: u16, area: Rect, buf: &mut Buffer) {
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = centered(area, w, h);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .block(panel(t, title, true))
        .style(t.base)
        .render(rect, buf);
}

/// A row of key hints: each key highlighted, then what it does.
pub fn keys<'a>(t: &Theme, hints: &[(&'a str, &'a str)]) -> Line<'a> {
    let mut spans = Vec::with_capacity(hints.len() * 2);
    for (i, (key, does)) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("    "));
        }
        spans.push(Span::styled(*key, t.key));
        spans.push(Span::raw(format!(" {does}")));
    }
    Line::from(spans)
}

/// The area of a screen's panel below the title's three rows, at most 120 columns wide.
pub fn below_title(body: Rect) -> Rect {
    let area = Rect::new(
        body.x,
        body.y + 3,
        body.width,
        body.height.saturating_sub(3),
    );
    centered(area, 120.min(area.width), area.height)
}

/// Word-wrap `text` to `width` columns, as slices of it (for sizing boxes before drawing
/// them, without copying the text). A word longer than `width` gets a line of its own.
pub fn wrap(text: &str, width: usize) -> Vec<&str> {
    // Words as (start, end) byte offsets and their width in characters.
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    let mut word: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some((s, n)) = word.take() {
                words.push((s, i, n));
            }
        } else {
            word = Some(word.map_or((i, 1), |(s, n)| (s, n + 1)));
        }
    }
    if let Some((s, n)) = word {
        words.push((s, text.len(), n));
    }
    let mut out = Vec::new();
    // The current line: byte range and width in characters (gaps as written).
    let mut line: Option<(usize, usize, usize)> = None;
    for (start, end, w) in words {
        line = match line {
            Some((s, e, n)) => {
                let joined = n + text[e..start].chars().count() + w;
                if joined <= width {
                    Some((s, end, joined))
                } else {
                    out.push(&text[s..e]);
                    Some((start, end, w))
                }
            }
            None => Some((start, end, w)),
        };
    }
    if let Some((s, e, _)) = line {
        out.push(&text[s..e]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_scales_and_keeps_the_tail() {
        let t = Theme::color();
        let share = Scale::Fixed(0.0, 1.0);
        assert_eq!(spark(&t, &[0.0, 0.5, 1.0], 10, share), "▁▅█");
        assert_eq!(spark(&t, &[0.0, 0.5, 1.0], 2, share), "▅█");
        assert_eq!(spark(&t, &[3.0, 3.0], 4, Scale::Auto(0.0)), "▅▅");
        // A small wobble on a wide minimum span stays near the middle.
        assert_eq!(spark(&t, &[0.30, 0.31], 4, Scale::Auto(0.2)), "▄▅");
        assert_eq!(spark(&t, &[], 4, Scale::Auto(1.0)), "");
    }

    #[test]
    fn fit_pad_wrap_scroll() {
        assert_eq!(fit("Marisol Vega", 8), "Marisol…");
        assert_eq!(pad("Ava", 5), "Ava  ");
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("  a  b — c ", 5), vec!["a  b", "— c"]);
        assert_eq!(wrap("", 5), Vec::<&str>::new());
        assert_eq!(scroll(3, 5), 0);
        assert_eq!(scroll(9, 5), 5);
    }

    #[test]
    fn wrapped_lines_keep_their_styles_and_break_long_words() {
        let t = Theme::color();
        let line = Line::from(vec![
            Span::styled("refused: ", t.bad),
            Span::raw("the cloth market closed"),
        ]);
        let out = wrap_lines(vec![line, Line::from("abcdefghij")], 12);
        let text: Vec<String> = out.iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            ["refused: the", "cloth market", "closed", "abcdefghij"]
        );
        assert_eq!(out[0].spans[0].style, t.bad);
        let long = wrap_lines(vec![Line::from("abcdefghij")], 4);
        let text: Vec<String> = long.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn a_scrolled_panel_shows_its_keys_and_stops_at_the_end() {
        let t = Theme::plain();
        let lines: Vec<Line> = (0..10).map(|i| Line::from(format!("row {i}"))).collect();
        let area = Rect::new(0, 0, 20, 6);
        let mut s = Scroll::default();
        let draw = |s: &Scroll| {
            let mut buf = Buffer::empty(area);
            Scrolled::new(lines.clone()).render(&t, panel(&t, "P", true), s, area, &mut buf);
            (0..6)
                .map(|y| (0..20).map(|x| buf[(x, y)].symbol()).collect::<String>())
                .collect::<Vec<_>>()
        };
        let rows = draw(&s);
        assert!(rows[1].contains("row 0") && !rows.iter().any(|r| r.contains("row 9")));
        assert!(rows[5].contains("PgDn"), "{rows:?}");
        s.by(100);
        assert_eq!(s.at(), 6, "stops where the last row shows");
        let rows = draw(&s);
        assert!(
            rows[4].contains("row 9") && rows[5].contains("PgUp"),
            "{rows:?}"
        );
        s.by(-3);
        assert!(draw(&s)[5].contains("PgUp/PgDn"));
    }
}
