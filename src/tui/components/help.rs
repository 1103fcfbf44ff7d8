//! The `?` overlay: how to play in a few lines, then every key of the screen underneath,
//! generated from the keymap table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::tui::keys::{Binding, Ctx, DOWN, ENTER, ESC, FIRST, LAST, PGDN, PGUP, UP, ch, send};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::widgets::{centered, panel, wrap};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[ESC, ch('?'), ch('q'), ENTER], "Esc ? q", Msg::Back, Some("close"), "close help"),
    send(UP,                              "↑ k",     Msg::Up,   None,          "scroll up"),
    send(DOWN,                            "↓ j",     Msg::Down, None,          "scroll down"),
    send(&[PGUP],                         "PgUp",    Msg::PageUp, None,        "a page up"),
    send(&[PGDN],                         "PgDn",    Msg::PageDown, None,      "a page down (the glossary is at the end)"),
    send(FIRST,                           "Home g",  Msg::Top,  None,          "the top"),
    send(LAST,                            "End G",   Msg::Bottom, None,        "the end"),
];

/// Lines a page moves.
const PAGE: u16 = 10;

/// The overlay, scrolled `scroll` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Help {
    pub scroll: u16,
}

const HOW_TO_PLAY: &str = "Each turn the community makes what it can, shares each good by the \
regime you set for it — a meeting (Commons), a market (Exchange) or gifts between friends \
(Aid) — and uses what it got. Change regimes on Policy (7), end the turn with n, then read the \
Chronicle (6) and Members (2) to see who went without and why. N plays month after month \
until something needs you; i shows or hides the guide to the first months. A panel whose \
border says ▼ more has more below: ↓ where it follows the selection, PgDn where it does not \
(on Meeting and Market, ←→ move PgUp/PgDn to the other panel; the bright border has them).";

/// Every term and symbol the game screens use, in plain words first (docs/MODELS.md has the
/// models behind them).
const GLOSSARY: &[(&str, &str)] = &[
    (
        "Commons",
        "a good pooled and shared out by the meeting's decisions",
    ),
    ("Exchange", "a good bought and sold for scrip at the market"),
    (
        "Aid",
        "a good given between members along their bonds, to those in need",
    ),
    ("scrip", "the town's money"),
    (
        "needs met",
        "the share of what members need that they got (survival needs weigh most)",
    ),
    (
        "survival met",
        "the share of survival needs met (food, above all)",
    ),
    (
        "worst off",
        "the member with the lowest wellbeing this turn",
    ),
    (
        "wellbeing",
        "0 to 1: this turn's needs met, weighted by priority (survival most), blended with last turn's",
    ),
    (
        "hunger",
        "turns of unmet survival needs, less the turns fed; at the crisis level output falls (the poverty trap)",
    ),
    (
        "Poverty (M0)",
        "how many are poor and how deeply (Alkire–Foster adjusted headcount): 0 is nobody poor",
    ),
    (
        "Gini",
        "0 = everyone equal, 1 = one holds everything (of wealth or of wellbeing)",
    ),
    (
        "bond density",
        "the share of all pairs of members who are bonded; \"alone\" counts members with no bond",
    ),
    (
        "E-I",
        "bonds across a mark minus bonds within it, −1 to +1 (Krackhardt–Stern): below 0 the town keeps to its own",
    ),
    (
        "marks",
        "what a member is seen as (gender, race, …), high or low; a low mark draws prejudice",
    ),
    (
        "support",
        "the meeting's weighted yes for a request; it passes at the threshold its rule sets",
    ),
    (
        "floor share",
        "the part of a meeting's speaking time a member held",
    ),
    (
        "π power",
        "a member's social power in the meeting: how far the room's final view moved toward theirs",
    ),
    (
        "voice parity",
        "floor share of the least-heard group over its share of the room, 1 = parity (✓ from 0.9, ✗ under 0.6)",
    ),
    (
        "standing",
        "how much the town listens to a member; it moves with their power in meetings",
    ),
    (
        "Market %",
        "the market's efficiency: the gains from trade it realised, of the most possible",
    ),
    (
        "aid covered",
        "of the shortfall that reached mutual aid, the share gifts and the store covered",
    ),
    (
        "fallback",
        "a second regime for what the first leaves unmet (Commons → Exchange)",
    ),
    (
        "▶",
        "the selected row; on the floor and holders lists, the member selected on Members, kept in view",
    ),
    (
        "▼ more",
        "the panel has more below: its border says the key (↓, or PgDn; ▲ PgUp goes back)",
    ),
];

impl Help {
    /// ↑↓, a page, the top or the end; any other key closes it (then `false`).
    pub fn update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Up => self.scroll = self.scroll.saturating_sub(1),
            Msg::Down => self.scroll = self.scroll.saturating_add(1),
            Msg::PageUp => self.scroll = self.scroll.saturating_sub(PAGE),
            Msg::PageDown => self.scroll = self.scroll.saturating_add(PAGE),
            Msg::Top => self.scroll = 0,
            // Drawing clamps it to the last page.
            Msg::Bottom => self.scroll = u16::MAX,
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
            lines.push(Line::from(""));
            lines.push(Line::styled("Glossary", t.title));
            for (term, means) in GLOSSARY {
                for (k, part) in wrap(means, text_w.saturating_sub(15))
                    .into_iter()
                    .enumerate()
                {
                    let term = if k == 0 { *term } else { "" };
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {term:<14}"), t.key),
                        Span::raw(part),
                    ]));
                }
            }
        }
        let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
        let rect = centered(area, w, h);
        let inner_h = h.saturating_sub(2) as usize;
        let max_scroll = lines.len().saturating_sub(inner_h) as u16;
        let top = self.scroll.min(max_scroll);
        let title = if max_scroll > 0 {
            "Help — ↑↓ PgUp PgDn scroll, Esc closes"
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(h: &Help) -> String {
        let area = Rect::new(0, 0, 80, 24);
        let mut buf = Buffer::empty(area);
        h.render(&[], true, &Theme::plain(), area, &mut buf);
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    /// The glossary closes the help: the end key reaches it at 80×24, and the top key
    /// goes back to how to play.
    #[test]
    fn the_glossary_is_at_the_end_of_help_and_the_keys_reach_it() {
        let mut h = Help::default();
        assert!(shown(&h).contains("Each turn the community"));
        assert!(!shown(&h).contains("fallback"));
        assert!(h.update(Msg::Bottom));
        let end = shown(&h);
        assert!(
            end.contains("fallback") && end.contains("aid covered"),
            "{end}"
        );
        assert!(h.update(Msg::Top));
        assert!(shown(&h).contains("Each turn the community"));
        h.update(Msg::PageDown);
        assert_eq!(h.scroll, PAGE);
        assert!(!h.update(Msg::Back));
    }
}
