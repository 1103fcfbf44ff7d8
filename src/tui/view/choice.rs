//! A storylet waiting for the player's answer: its story and its choices, over the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::engine::events;
use crate::tui::app::GameScreen;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{window, wrap};

pub fn render(
    g: &GameScreen,
    pending: usize,
    selected: usize,
    t: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let state = g.session.game().state();
    let Some(p) = state.events.pending.get(pending) else {
        return;
    };
    let w = 72.min(area.width.saturating_sub(4));
    let text_w = w.saturating_sub(4) as usize;
    let story = wrap(&p.text, text_w);
    let mut lines: Vec<Line> = Vec::new();
    for (i, label) in p.choices.iter().enumerate() {
        let open = events::choice_open(g.session.world(), state, p, i);
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
            && let Some(why) = events::choice_waits_for(g.session.world(), state, p, i)
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
    // The choices and keys always show; on a short screen the story gives way, ending in
    // a pointer to where it can be read whole.
    let room = (area.height.saturating_sub(4) as usize).saturating_sub(lines.len() + 1);
    let cut = story.len() > room;
    let shown = if cut {
        room.saturating_sub(1)
    } else {
        story.len()
    };
    let mut top: Vec<Line> = story[..shown].iter().map(|&l| Line::from(l)).collect();
    if cut && room > 0 {
        top.push(Line::styled("… (the whole story: Chronicle, 6)", t.dim));
    }
    top.push(Line::from(""));
    top.extend(lines);
    window(t, &p.title, top, w, area, buf);
}
