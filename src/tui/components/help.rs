//! The `?` overlay: how to play in a few lines, then every key of the screen underneath,
//! generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::keys::{Binding, Ctx, DOWN, ENTER, ESC, UP, ch, send};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, panel, wrap};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[ESC, ch('?'), ch('q'), ENTER], "Esc ? q", Msg::Back, Some("close"), "close help"),
    send(UP,                              "↑ k",     Msg::Up,   None,          "scroll up"),
    send(DOWN,                            "↓ j",     Msg::Down, None,          "scroll down"),
];

/// The overlay, scrolled `scroll` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Help {
    pub scroll: u16,
}

const HOW_TO_PLAY: &str = "Each turn the community makes what it can, shares each good by the \
regime you set for it — a meeting (Commons), a market (Exchange) or gifts between friends \
(Aid) — and uses what it got. Change regimes on Policy (7), end the turn with n, then read the \
Chronicle (6) and Members (2) to see who went without and why.";

impl Help {
    /// ↑↓ scroll; any other key closes it (then `false`).
    pub fn update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Up => self.scroll = self.scroll.saturating_sub(1),
            Msg::Down => self.scroll = self.scroll.saturating_add(1),
            _ => return false,
        }
        true
    }

    /// Draw the keys of `groups` (from the keymap); over a game, how to play too.
    pub fn render(
        &self,
        groups: &[(Ctx, &[Binding])],
        game: bool,
        t: &Theme,
        area: Rect,
        buf: &mut Buffer,
    ) {
        let w = 72.min(area.width.saturating_sub(4));
        let text_w = w.saturating_sub(4) as usize;
        let mut lines: Vec<Line> = Vec::new();
        if game {
            lines.extend(wrap(HOW_TO_PLAY, text_w).into_iter().map(Line::from));
            lines.push(Line::from(""));
        }
        for (ctx, binds) in groups {
            let heading = match ctx {
                Ctx::Screen(tab) => format!("{} screen", tab.title()),
                c => c.heading().to_string(),
            };
            lines.push(Line::styled(heading, t.title));
            for b in binds.iter() {
                for (k, part) in wrap(b.help, text_w.saturating_sub(13))
                    .into_iter()
                    .enumerate()
                {
                    let key = if k == 0 { t.keys(b.label) } else { "".into() };
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {key:<11}"), t.key),
                        Span::raw(part),
                    ]));
                }
            }
            lines.push(Line::from(""));
        }
        if game {
            lines.push(Line::styled("Mouse", t.title));
            lines.push(Line::from(
                "  click a tab or a row; the wheel moves the selection",
            ));
            lines.push(Line::from(""));
            let marks = format!(
                "Marks: {} met · {} look at this · {} unmet · * changed, waiting for the end of \
             the turn",
                t.g.ok, t.g.warn, t.g.bad
            );
            lines.extend(
                wrap(&marks, text_w)
                    .into_iter()
                    .map(|l| Line::styled(l.to_string(), t.dim)),
            );
        }
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        let rect = centered(area, w, h);
        let inner_h = h.saturating_sub(2) as usize;
        let max_scroll = lines.len().saturating_sub(inner_h) as u16;
        let top = self.scroll.min(max_scroll);
        let title = if max_scroll > 0 {
            "Help — ↑↓ scroll, Esc closes"
        } else {
            "Help — Esc closes"
        };
        Clear.render(rect, buf);
        Paragraph::new(lines)
            .block(panel(t, title, true))
            .style(t.base)
            .scroll((top, 0))
            .render(rect, buf);
    }
}
