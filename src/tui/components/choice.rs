//! A storylet waiting for the player's answer: its story and its choices, over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::{Command, events};
use crate::tui::components::confirm::{self, Confirm};
use crate::tui::components::{Help, Modal};
use crate::tui::keys::{Binding, DOWN, ENTER, ESC, PGDN, PGUP, UP, ch, send};
use crate::tui::msg::{Action, Msg};
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::widgets::{Scroll, Scrolled, scroll_step, wrap};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,                "↑ k",     Msg::Up,      Some("choose"),
         "previous choice"),
    send(DOWN,              "↓ j",     Msg::Down,    None,
         "next choice"),
    send(&[ENTER],          "Enter",   Msg::Open,    Some("answer"),
         "answer with this choice (it applies when the turn ends)"),
    send(&[ESC],            "Esc",     Msg::Back,    Some("later"),
         "decide later (c opens it again)"),
    send(&[ch('n')],        "n",       Msg::EndTurn, Some("end turn"),
         "end the turn now: an unanswered storylet takes its first choice"),
    send(&[PGUP],           "PgUp",    Msg::PageUp,  None,
         "scroll the story up"),
    send(&[PGDN],           "PgDn",    Msg::PageDown, None,
         "scroll the story down (the choices stay in view)"),
    send(&[ch('?')],        "?",       Msg::Help,    None,
         "help"),
    send(&[ch('q')],        "q",       Msg::Quit,    None,
         "quit"),
];

/// The window of a storylet waiting for an answer: which (index into
/// `State::events.pending`), the choice under the cursor, and how far the story is
/// scrolled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choice {
    pub pending: usize,
    pub selected: usize,
    pub story: Scroll,
}

/// Which windows a key closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Close {
    #[default]
    None,
    /// This one.
    This,
    /// Every storylet's window.
    Choices,
}

/// What a key in the window asks of the app.
#[derive(Debug, Default)]
pub struct Reply {
    pub close: Close,
    /// A window to open (after closing).
    pub open: Option<Modal>,
    pub action: Option<Action>,
    pub flash: Option<String>,
}

impl Choice {
    /// A key, in the game `s`.
    pub fn update(&mut self, msg: Msg, s: &Session) -> Reply {
        let world = s.world();
        let state = s.game().state();
        let Some(p) = state.events.pending.get(self.pending) else {
            return Reply {
                close: Close::This,
                ..Reply::default()
            };
        };
        let n = p.choices.len().max(1);
        let mut r = Reply::default();
        if let Some(d) = scroll_step(msg) {
            self.story.by(d);
            return r;
        }
        match msg {
            Msg::Up => self.selected = self.selected.saturating_sub(1),
            Msg::Down => self.selected = (self.selected + 1).min(n - 1),
            Msg::Open if events::choice_open(world, state, p, self.selected) => {
                r.action = Some(Action::Engine(Command::Choose {
                    storylet: p.storylet.clone(),
                    choice: self.selected as u32,
                }));
                r.close = Close::This;
            }
            Msg::Open => {
                r.flash = Some(
                    match events::choice_waits_for(world, state, p, self.selected) {
                        Some(why) => format!("Not open now: it {why}."),
                        None => "Not open now.".to_string(),
                    },
                );
            }
            Msg::Back | Msg::No => {
                r.flash = Some(format!(
                    "Later, then: c opens it again. If the turn ends first, it takes “{}”.",
                    p.choices.first().map_or("", String::as_str)
                ));
                r.close = Close::This;
            }
            Msg::EndTurn => {
                r.close = Close::Choices;
                if !s.game().is_over() {
                    if s.last_turn_next() {
                        r.open = Some(Modal::Confirm(Confirm::EndTurn {
                            reasons: vec![confirm::last_turn_reason(s)],
                        }));
                    } else {
                        r.action = Some(Action::Engine(Command::EndTurn));
                    }
                }
            }
            Msg::Help => r.open = Some(Modal::Help(Help::default())),
            Msg::Quit => {
                r.close = Close::This;
                r.open = Some(Modal::Confirm(Confirm::Quit {
                    unsaved: s.unsaved(),
                }));
            }
            _ => {}
        }
        r
    }

    /// Its story and its choices, over the screen.
    pub fn render(&self, s: &Session, t: &Theme, area: Rect, buf: &mut Buffer) {
        let (pending, selected) = (self.pending, self.selected);
        let state = s.game().state();
        let Some(p) = state.events.pending.get(pending) else {
            return;
        };
        let w = 72.min(area.width.saturating_sub(4));
        let text_w = w.saturating_sub(4) as usize;
        let story = wrap(&p.text, text_w);
        let mut lines: Vec<Line> = Vec::new();
        for (i, label) in p.choices.iter().enumerate() {
            let open = events::choice_open(s.world(), state, p, i);
            let pointer = if i == selected { t.g.pointer } else { " " };
            let mut tail = String::new();
            if p.answer == Some(i as u32) {
                tail.push_str(" (your answer)");
            }
            if !open {
                tail.push_str(" (not open now)");
            }
            let style = match (i == selected, open) {
                (true, _) => t.selected,
                (false, true) => t.base,
                (false, false) => t.dim,
            };
            for (k, part) in wrap(
                &format!("{}) {label}{tail}", i + 1),
                text_w.saturating_sub(2),
            )
            .into_iter()
            .enumerate()
            {
                let lead = if k == 0 { pointer } else { " " };
                lines.push(Line::from(vec![
                    Span::styled(format!("{lead} "), t.key),
                    Span::styled(part.to_string(), style),
                ]));
            }
            // The selected choice, if closed, says what would open it.
            if i == selected
                && let Some(why) = events::choice_waits_for(s.world(), state, p, i)
            {
                for part in wrap(&why, text_w.saturating_sub(5)) {
                    lines.push(Line::from(Span::styled(format!("     {part}"), t.dim)));
                }
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("↑↓", t.key),
            Span::raw(" choose  "),
            Span::styled("Enter", t.key),
            Span::raw(" answer  "),
            Span::styled("Esc", t.key),
            Span::raw(" later  "),
            Span::styled("n", t.key),
            Span::raw(" end the turn"),
        ]));
        // The choices and keys always show; on a short screen the story scrolls (PgUp/PgDn).
        let mut top: Vec<Line> = story.iter().map(|&l| Line::from(l)).collect();
        top.push(Line::from(""));
        Scrolled {
            foot: lines,
            ..Scrolled::new(top)
        }
        .window(t, &p.title, &self.story, w, area, buf);
    }
}
