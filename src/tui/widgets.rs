//! Small drawing helpers every screen shares: blocks, bars, sparklines, scrolling.

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
}
