//! One theme for every screen: styles and glyphs.
//!
//! Three variants: colour; `NO_COLOR` (no colour, but bold/reverse/underline); and
//! `TERM=dumb` (no styling at all, ASCII glyphs). Nothing is signalled by colour alone: every
//! state that has a colour also has a glyph or a word, so the two plainer themes lose no
//! information.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::symbols::border;

use crate::engine::Regime;

/// Glyphs that carry meaning; the ASCII set replaces them on dumb terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyphs {
    /// A need met, a thing in order.
    pub ok: &'static str,
    /// Something to look at.
    pub warn: &'static str,
    /// Something went wrong: a need unmet.
    pub bad: &'static str,
    /// The selected row.
    pub pointer: &'static str,
    pub bar_full: char,
    pub bar_empty: char,
    /// Sparkline levels, lowest first.
    pub spark: [char; 8],
    pub arrow: &'static str,
    pub rise: &'static str,
    pub fall: &'static str,
    /// A collapsed and an expanded row.
    pub closed: &'static str,
    pub open: &'static str,
    pub dot: &'static str,
    pub dash: &'static str,
    /// Value pickers: `◀ Commons ▶`.
    pub left: &'static str,
    pub right: &'static str,
    pub border: border::Set<'static>,
    pub canvas: Marker,
}

const UNICODE: Glyphs = Glyphs {
    ok: "✓",
    warn: "!",
    bad: "✗",
    pointer: "▶",
    bar_full: '█',
    bar_empty: '░',
    spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
    arrow: "→",
    rise: "▲",
    fall: "▼",
    closed: "▸",
    open: "▾",
    dot: "·",
    dash: "—",
    left: "◀",
    right: "▶",
    border: border::ROUNDED,
    canvas: Marker::Braille,
};

const ASCII: Glyphs = Glyphs {
    ok: "ok",
    warn: "!",
    bad: "x",
    pointer: ">",
    bar_full: '#',
    bar_empty: '.',
    spark: ['_', '.', '-', '~', '=', '+', '*', '#'],
    arrow: "->",
    rise: "^",
    fall: "v",
    closed: "+",
    open: "-",
    dot: "-",
    dash: "-",
    left: "<",
    right: ">",
    border: border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    },
    canvas: Marker::Custom('*'),
};

/// Which variant is in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Color,
    /// `NO_COLOR`: attributes but no colour.
    Mono,
    /// `TERM=dumb`: no styling, ASCII glyphs.
    Plain,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub variant: Variant,
    pub base: Style,
    /// The header bar.
    pub header: Style,
    pub header_accent: Style,
    pub tab: Style,
    pub tab_active: Style,
    /// Key names in the footer and help.
    pub key: Style,
    pub hint: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub selected: Style,
    pub dim: Style,
    pub emph: Style,
    pub ok: Style,
    pub warn: Style,
    pub bad: Style,
    /// A player's change waiting for the end of the turn.
    pub changed: Style,
    pub chart: Style,
    pub g: Glyphs,
}

impl Theme {
    /// The theme the environment asks for: `TERM=dumb` → plain, `NO_COLOR` → mono.
    pub fn from_env() -> Theme {
        Theme::for_env(
            std::env::var("TERM").ok().as_deref(),
            std::env::var_os("NO_COLOR").as_deref(),
        )
    }

    /// The theme for a `TERM` and a `NO_COLOR` value (set and non-empty means no colour).
    pub fn for_env(term: Option<&str>, no_color: Option<&std::ffi::OsStr>) -> Theme {
        if term == Some("dumb") {
            Theme::plain()
        } else if no_color.is_some_and(|v| !v.is_empty()) {
            Theme::mono()
        } else {
            Theme::color()
        }
    }

    pub fn color() -> Theme {
        let fg = Style::new().fg(Color::Gray);
        Theme {
            variant: Variant::Color,
            base: fg,
            header: Style::new().fg(Color::White).bg(Color::Indexed(236)),
            header_accent: Style::new()
                .fg(Color::LightYellow)
                .bg(Color::Indexed(236))
                .add_modifier(Modifier::BOLD),
            tab: Style::new().fg(Color::DarkGray),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            key: Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD),
            hint: Style::new().fg(Color::Gray),
            border: Style::new().fg(Color::DarkGray),
            border_focus: Style::new().fg(Color::LightYellow),
            title: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .bg(Color::Indexed(238))
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            emph: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::LightRed),
            changed: Style::new()
                .fg(Color::LightCyan)
                .add_modifier(Modifier::BOLD),
            chart: Style::new().fg(Color::LightCyan),
            g: UNICODE,
        }
    }

    pub fn mono() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            variant: Variant::Mono,
            base: Style::new(),
            header: Style::new().add_modifier(Modifier::REVERSED),
            header_accent: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            tab: Style::new(),
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            key: bold,
            hint: Style::new(),
            border: Style::new(),
            border_focus: bold,
            title: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().add_modifier(Modifier::DIM),
            emph: bold,
            ok: Style::new(),
            warn: bold,
            bad: bold,
            changed: Style::new().add_modifier(Modifier::UNDERLINED),
            chart: Style::new(),
            g: UNICODE,
        }
    }

    pub fn plain() -> Theme {
        let none = Style::new();
        Theme {
            variant: Variant::Plain,
            base: none,
            header: none,
            header_accent: none,
            tab: none,
            tab_active: none,
            key: none,
            hint: none,
            border: none,
            border_focus: none,
            title: none,
            selected: none,
            dim: none,
            emph: none,
            ok: none,
            warn: none,
            bad: none,
            changed: none,
            chart: none,
            g: ASCII,
        }
    }

    /// A key label as this terminal can show it: arrows spelled out on dumb terminals.
    pub fn keys(&self, label: &'static str) -> std::borrow::Cow<'static, str> {
        if self.variant != Variant::Plain || label.is_ascii() {
            return label.into();
        }
        label
            .replace("↑↓", "Up/Down")
            .replace("←→", "Left/Right")
            .replace('↑', "Up")
            .replace('↓', "Down")
            .replace('←', "Left")
            .replace('→', "Right")
            .replace('–', "-")
            .into()
    }

    /// The colour a regime is drawn in (its name is always written too).
    pub fn regime(&self, r: Regime) -> Style {
        if self.variant != Variant::Color {
            return self.base;
        }
        match r {
            Regime::Commons => Style::new().fg(Color::LightBlue),
            Regime::Exchange => Style::new().fg(Color::LightMagenta),
            Regime::Aid => Style::new().fg(Color::LightGreen),
        }
    }

    /// Style for a share of needs met: good, worrying or bad.
    pub fn share(&self, x: f64) -> Style {
        if x >= 0.9 {
            self.ok
        } else if x >= 0.6 {
            self.warn
        } else {
            self.bad
        }
    }

    /// The glyph that goes with `share`'s colour.
    pub fn share_glyph(&self, x: f64) -> &'static str {
        if x >= 0.9 {
            self.g.ok
        } else if x >= 0.6 {
            self.g.warn
        } else {
            self.g.bad
        }
    }

    /// Style of a bond line on the canvas by strength (the weight is drawn too).
    pub fn bond(&self, w: f64) -> Style {
        if self.variant != Variant::Color {
            return self.base;
        }
        if w >= 0.5 {
            Style::new().fg(Color::White)
        } else if w >= 0.25 {
            Style::new().fg(Color::Gray)
        } else {
            Style::new().fg(Color::DarkGray)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_picks_the_theme() {
        use std::ffi::OsStr;
        let v = |term, nc: Option<&str>| Theme::for_env(term, nc.map(OsStr::new)).variant;
        assert_eq!(v(Some("xterm-256color"), None), Variant::Color);
        assert_eq!(v(Some("xterm-256color"), Some("1")), Variant::Mono);
        // NO_COLOR set but empty does not count (no-color.org).
        assert_eq!(v(Some("xterm"), Some("")), Variant::Color);
        assert_eq!(v(Some("dumb"), None), Variant::Plain);
        assert_eq!(v(Some("dumb"), Some("1")), Variant::Plain);
        assert_eq!(v(None, None), Variant::Color);
    }

    #[test]
    fn plain_and_mono_themes_carry_no_colour() {
        for t in [Theme::mono(), Theme::plain()] {
            for s in [
                t.ok,
                t.bad,
                t.warn,
                t.selected,
                t.header,
                t.regime(Regime::Aid),
            ] {
                assert_eq!(s.fg, None);
                assert_eq!(s.bg, None);
            }
        }
        let plain = Theme::plain();
        assert_eq!(plain.keys("↑↓"), "Up/Down");
        assert_eq!(plain.keys("1–7"), "1-7");
        assert_eq!(Theme::mono().keys("↑↓"), "↑↓");
        assert!(plain.g.ok.is_ascii() && plain.g.pointer.is_ascii());
        assert!(plain.g.spark.iter().all(char::is_ascii));
        assert_eq!(plain.selected, Style::new());
    }
}
