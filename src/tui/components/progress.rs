//! The window a long turn shows while it is played: which phase it has reached, and that
//! Esc or Ctrl-C stops it with nothing of it done. Not a modal: it is drawn by the shell
//! (`tui::wait`) over the frame while the engine works, and takes no keys of the app.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::engine::turn::Phase;
use crate::tui::theme::Theme;
use crate::tui::widgets::{keys, window};

/// A turn being played: its name ("Month 12") and the phase reached.
pub struct Progress<'a> {
    pub turn: &'a str,
    pub phase: Phase,
    pub seconds: f64,
}

impl Progress<'_> {
    pub fn render(&self, t: &Theme, area: Rect, buf: &mut Buffer) {
        let at = Phase::ALL
            .iter()
            .position(|p| *p == self.phase)
            .unwrap_or(0)
            + 1;
        let bar: String = (1..=Phase::ALL.len())
            .map(|i| if i <= at { t.g.bar_full } else { t.g.bar_empty })
            .collect();
        let lines = vec![
            Line::from(format!(
                "{bar}  {} ({at} of {}), {:.0} s",
                self.phase.name(),
                Phase::ALL.len(),
                self.seconds
            )),
            Line::from(""),
            Line::from("Stopping leaves the game as it was before this turn."),
            keys(t, &[("Esc", "stop the turn"), ("Ctrl-C", "stop")]),
        ];
        window(
            t,
            &format!("{} is being played", self.turn),
            lines,
            60.min(area.width),
            area,
            buf,
        );
    }
}
