//! The Load and Watch lists of the title: every save, newest first, with what it holds; a
//! damaged file says what is wrong with it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use std::path::Path;

use crate::save;
use crate::save::store::Listed;
use crate::tui::keys::{Binding, DOWN, ENTER, ESC, PGDN, PGUP, UP, ch, send};
use crate::tui::msg::{Action, Msg};
use crate::tui::screens::{PAGE, Reply, nudge};
use crate::tui::theme::Theme;
use crate::tui::widgets::{below_title, panel};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,              "↑ k",   Msg::Up,       Some("move"),
         "previous save"),
    send(DOWN,            "↓ j",   Msg::Down,     None,
         "next save"),
    send(&[PGUP],         "PgUp",  Msg::PageUp,   None,
         "page up"),
    send(&[PGDN],         "PgDn",  Msg::PageDown, None,
         "page down"),
    send(&[ENTER],        "Enter", Msg::Open,     Some("open"),
         "open the save (a damaged one says what is wrong and is left as it is)"),
    send(&[ESC, ch('q')], "Esc q", Msg::Back,     Some("back"),
         "back to the title"),
    send(&[ch('?')],      "?",     Msg::Help,     Some("help"),
         "help"),
];

/// The Load and Watch lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveList {
    /// Watch a replay (else load and continue).
    pub watch: bool,
    pub selected: usize,
}

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

impl SaveList {
    /// A key over `saves`; `None` goes back to the menu.
    pub fn update(&mut self, msg: Msg, saves: &[Listed]) -> Option<Reply> {
        let n = saves.len();
        match msg {
            Msg::Up => self.selected = nudge(self.selected, n, -1),
            Msg::Down => self.selected = nudge(self.selected, n, 1),
            Msg::PageUp => self.selected = nudge(self.selected, n, -PAGE),
            Msg::PageDown => self.selected = nudge(self.selected, n, PAGE),
            Msg::Select(i) => self.selected = i.min(n.saturating_sub(1)),
            Msg::Back | Msg::Quit => return None,
            Msg::Open => {
                if let Some(row) = saves.get(self.selected) {
                    return Some(Reply::act(Action::Open {
                        path: row.path.clone(),
                        watch: self.watch,
                    }));
                }
            }
            _ => {}
        }
        Some(Reply::default())
    }

    /// The row under a click.
    pub fn hit(&self, saves: &[Listed], body: Rect, x: u16, y: u16) -> Option<Msg> {
        let (_, rows, _) = rows_area(body);
        if x < rows.x || x >= rows.right() || y < rows.y || y >= rows.bottom() {
            return None;
        }
        let i = first_row(self.selected, rows.height) + (y - rows.y) as usize;
        (i < saves.len()).then_some(Msg::Select(i))
    }

    /// The list of the saves in `folder`: name, scenario, turn, date, ended; a damaged file
    /// shows what is wrong with it.
    pub fn render(
        &self,
        saves: &[Listed],
        folder: &Path,
        theme: &Theme,
        body: Rect,
        buf: &mut Buffer,
    ) {
        let (area, rows, detail) = rows_area(body);
        let title = if self.watch {
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
        if saves.is_empty() {
            Line::styled(format!("No saves in {}/ yet.", folder.display()), theme.dim)
                .render(Rect::new(rows.x, rows.y, rows.width, 1), buf);
        }
        let first = first_row(self.selected, rows.height);
        for (i, row) in saves
            .iter()
            .enumerate()
            .skip(first)
            .take(rows.height as usize)
        {
            let sel = i == self.selected;
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
        if let Some(row) = saves.get(self.selected) {
            details(row, self.watch, theme, detail, buf);
        }
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
