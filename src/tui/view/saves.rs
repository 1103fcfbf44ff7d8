//! Saves on screen: the Load and Watch lists of the title, the prompt for a save's name (or
//! a turn to jump to) and the notice that content changed since a save.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::save;
use crate::save::store::Listed;
use crate::tui::app::{Prompt, PromptKind, SaveList, TitleScreen};
use crate::tui::msg::Msg;
use crate::tui::theme::Theme;
use crate::tui::view::widgets::{below_title, keys, panel, window, wrap};

/// Where the list's rows are drawn: the panel's inner area below its heading row.
fn rows_area(body: Rect) -> (Rect, Rect, Rect) {
    let area = below_title(body);
    let inner = panel(&Theme::plain(), "", true).inner(area);
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(inner);
    let rows = Rect::new(
        list.x,
        list.y + 1,
        list.width,
        list.height.saturating_sub(1),
    );
    (area, rows, detail)
}

/// The first row shown, so the selected one is visible.
fn first_row(selected: usize, height: u16) -> usize {
    let h = (height as usize).max(1);
    selected.saturating_sub(h - 1)
}

/// The row under a click.
pub fn hit(t: &TitleScreen, l: &SaveList, body: Rect, x: u16, y: u16) -> Option<Msg> {
    let (_, rows, _) = rows_area(body);
    if x < rows.x || x >= rows.right() || y < rows.y || y >= rows.bottom() {
        return None;
    }
    let i = first_row(l.selected, rows.height) + (y - rows.y) as usize;
    (i < t.saves.len()).then_some(Msg::Select(i))
}

/// The Load or Watch list: name, scenario, turn, date, ended; a damaged file shows what
/// is wrong with it.
pub fn list(t: &TitleScreen, l: &SaveList, theme: &Theme, body: Rect, buf: &mut Buffer) {
    let (area, rows, detail) = rows_area(body);
    let title = if l.watch {
        "Watch a replay"
    } else {
        "Load a saved game"
    };
    let block = panel(theme, title, true);
    block.render(area, buf);
    let w = rows.width as usize;
    // name | scenario | turn | date | ended; the name takes what is left.
    let fixed = 14 + 7 + 17 + 6;
    let name_w = w.saturating_sub(fixed + 2).clamp(8, 40);
    let head = format!(
        "  {:<name_w$}{:<14}{:>5}  {:<17}{}",
        "Save", "Scenario", "Turn", "Saved (UTC)", "Ended"
    );
    Line::styled(head, theme.title).render(Rect::new(rows.x, rows.y - 1, rows.width, 1), buf);
    if t.saves.is_empty() {
        Line::styled(
            format!("No saves in {}/ yet.", t.folder.display()),
            theme.dim,
        )
        .render(Rect::new(rows.x, rows.y, rows.width, 1), buf);
    }
    let first = first_row(l.selected, rows.height);
    for (i, row) in t
        .saves
        .iter()
        .enumerate()
        .skip(first)
        .take(rows.height as usize)
    {
        let sel = i == l.selected;
        let lead = if sel { theme.g.pointer } else { " " };
        let name = clip(row.file.trim_end_matches(".ron"), name_w - 1);
        let y = rows.y + (i - first) as u16;
        let line = match &row.header {
            Ok(h) => Line::styled(
                format!(
                    "{lead} {name:<name_w$}{:<14}{:>5}  {:<17}{}",
                    clip(&h.scenario, 13),
                    h.turn,
                    save::date(h.created),
                    if h.ended { "yes" } else { "" },
                ),
                if sel { theme.selected } else { theme.base },
            ),
            Err(e) => Line::from(vec![
                Span::styled(
                    format!("{lead} {name:<name_w$}"),
                    if sel { theme.selected } else { theme.base },
                ),
                Span::styled(format!("{} {e}: cannot be opened", theme.g.bad), theme.bad),
            ]),
        };
        line.render(Rect::new(rows.x, y, rows.width, 1), buf);
    }
    if let Some(row) = t.saves.get(l.selected) {
        details(row, l.watch, theme, detail, buf);
    }
}

/// What the selected save is, below the list.
fn details(row: &Listed, watch: bool, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::from("")];
    match &row.header {
        Ok(h) => {
            let mut what = format!(
                "{} · seed {} · {} turns · Agora {}",
                h.scenario_name, h.seed, h.turn, h.game_version
            );
            if !h.mods.is_empty() {
                let mods: Vec<&str> = h.mods.iter().map(|m| m.id.as_str()).collect();
                what.push_str(&format!(" · mods {}", mods.join(", ")));
            }
            if let Some(p) = &row.parent {
                what.push_str(&format!(
                    " · branched from {} at turn {}",
                    p.save.trim_end_matches(".ron"),
                    p.turn
                ));
            }
            lines.push(Line::from(what));
            lines.push(Line::styled(
                if watch {
                    "Enter watches it from the start."
                } else {
                    "Enter loads it (every turn replayed and checked) and plays on."
                },
                theme.dim,
            ));
        }
        Err(_) => lines.push(Line::styled(
            format!(
                "{} is damaged or not a save; Enter says why. It is left as it is.",
                row.file
            ),
            theme.dim,
        )),
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// At most `n` characters of `s`, with `…` when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A line to type, over the screen.
pub fn prompt(p: &Prompt, t: &Theme, area: Rect, buf: &mut Buffer) {
    let (title, ask) = match p.kind {
        PromptKind::SaveName { quit: false } => ("Save", "Save the game as:"),
        PromptKind::SaveName { quit: true } => ("Save and quit", "Save the game as:"),
        PromptKind::GoTo => ("Jump", "Jump to the end of turn:"),
    };
    let w = 60.min(area.width);
    let typed = if p.text.is_empty() {
        Span::styled(p.default.clone(), t.dim)
    } else {
        Span::styled(p.text.clone(), t.emph)
    };
    let mut lines = vec![
        Line::from(ask),
        Line::from(vec![Span::raw("> "), typed, Span::styled("_", t.key)]),
    ];
    if let PromptKind::SaveName { .. } = p.kind {
        lines.push(Line::styled(
            format!("file: {}", crate::save::store::sanitize(p.value())),
            t.dim,
        ));
    }
    lines.push(Line::from(""));
    lines.push(keys(
        t,
        &[("Enter", "done"), ("Esc", "cancel"), ("Backspace", "erase")],
    ));
    window(t, title, lines, w, area, buf);
}

/// A notice the player must read; any of its keys closes it.
pub fn notice(title: &str, text: &str, t: &Theme, area: Rect, buf: &mut Buffer) {
    let w = 60.min(area.width);
    let mut lines: Vec<Line> = wrap(text, w.saturating_sub(4) as usize)
        .into_iter()
        .map(Line::from)
        .collect();
    lines.push(Line::from(""));
    lines.push(keys(t, &[("Enter", "close")]));
    window(t, title, lines, w, area, buf);
}
