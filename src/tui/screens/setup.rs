//! The new-game screen: a scenario and its question, a seed, a difficulty, and the mods to
//! play with.

use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::engine::world::difficulty::Difficulty;
use crate::tui::catalog::{ModChoice, ScenarioChoice};
use crate::tui::keys::{
    Act, BACKSPACE, BACKTAB, Binding, DOWN, ENTER, ESC, Key, SPACE, TAB, UP, bind, ch, send,
};
use crate::tui::msg::{Action, Msg};
use crate::tui::screens::Reply;
use crate::tui::theme::Theme;
use crate::tui::widgets::{below_title, panel};

const DIGITS: &[Key] = &[
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,              "↑ k",       Msg::Up,        Some("scenario"),
         "previous scenario"),
    send(DOWN,            "↓ j",       Msg::Down,      None,
         "next scenario (or mod)"),
    send(&[TAB, BACKTAB], "Tab",       Msg::NextTab,   Some("mods"),
         "move between the scenarios and the mods"),
    send(&[SPACE],        "Space",     Msg::Toggle,    None,
         "tick or untick the mod under the cursor"),
    bind(DIGITS,          "0–9",       Act::Digit,     Some("seed"),
         "type a seed (the same seed replays the same game)"),
    send(&[BACKSPACE],    "Backspace", Msg::Erase,     None,
         "erase a digit of the seed"),
    send(&[ch('r')],      "r",         Msg::ClearSeed, None,
         "random seed"),
    send(&[ch('d')],      "d",         Msg::Difficulty, Some("difficulty"),
         "difficulty: easy, normal or hard (stores, hardships, how hunger bites)"),
    send(&[ENTER],        "Enter",     Msg::Open,      Some("start"),
         "start the game"),
    send(&[ESC, ch('q')], "Esc q",     Msg::Back,      Some("back"),
         "back to the title"),
    send(&[ch('?')],      "?",         Msg::Help,      Some("help"),
         "help"),
];

/// The new-game screen: a scenario, a seed, mods.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Setup {
    pub chosen: usize,
    /// Digits typed; empty means a random seed.
    pub seed: String,
    /// Ids of the mods ticked.
    pub mods: BTreeSet<String>,
    /// The mod under the cursor, when the cursor is in the mods list (Tab moves it there).
    pub mod_cursor: Option<usize>,
    pub difficulty: Difficulty,
}

impl Setup {
    /// A key, choosing from `catalog` and `mods`; `None` goes back to the title.
    pub fn update(
        &mut self,
        msg: Msg,
        catalog: &[ScenarioChoice],
        mods: &[ModChoice],
    ) -> Option<Reply> {
        let n = catalog.len().max(1);
        let m = mods.len().max(1);
        match (msg, self.mod_cursor) {
            (Msg::NextTab | Msg::PrevTab, None) if !mods.is_empty() => {
                self.mod_cursor = Some(0);
            }
            (Msg::NextTab | Msg::PrevTab, Some(_)) => self.mod_cursor = None,
            (Msg::Up, Some(i)) => self.mod_cursor = Some((i + m - 1) % m),
            (Msg::Down, Some(i)) => self.mod_cursor = Some((i + 1) % m),
            (Msg::Toggle, Some(i)) => {
                if let Some(choice) = mods.get(i)
                    && !self.mods.remove(&choice.id)
                {
                    self.mods.insert(choice.id.clone());
                }
            }
            (Msg::Up, None) => self.chosen = (self.chosen + n - 1) % n,
            (Msg::Down, None) => self.chosen = (self.chosen + 1) % n,
            // At most 18 digits (fits a u64), and no leading zero.
            (Msg::Digit(d), _) if self.seed.len() < 18 && !(self.seed.is_empty() && d == 0) => {
                self.seed.push(char::from(b'0' + d));
            }
            (Msg::Erase, _) => {
                self.seed.pop();
            }
            (Msg::ClearSeed, _) => self.seed.clear(),
            (Msg::Difficulty, _) => {
                let all = Difficulty::ALL;
                let i = all.iter().position(|&d| d == self.difficulty).unwrap_or(1);
                self.difficulty = all[(i + 1) % all.len()];
            }
            (Msg::Back, _) => return None,
            (Msg::Open, _) => return Some(self.start(catalog, mods)),
            _ => {}
        }
        Some(Reply::default())
    }

    /// Enter: a new game of the chosen scenario, with the ticked mods made for it.
    fn start(&self, catalog: &[ScenarioChoice], mods: &[ModChoice]) -> Reply {
        let Some(choice) = catalog.get(self.chosen) else {
            return Reply::flash("No scenario to play.");
        };
        if let Some(p) = &choice.problem {
            return Reply::flash(format!("{}: {p}", choice.id));
        }
        // Ticked mods made for other scenarios are left out (the screen says so).
        let mods = mods
            .iter()
            .filter(|m| self.mods.contains(&m.id) && m.fits(&choice.id))
            .map(|m| m.id.clone())
            .collect();
        Reply::act(Action::NewGame {
            scenario: choice.id.clone(),
            seed: self.seed.parse().ok(),
            mods,
            difficulty: self.difficulty,
        })
    }

    /// Draw the screen below the title's logo.
    pub fn render(
        &self,
        catalog: &[ScenarioChoice],
        mods: &[ModChoice],
        theme: &Theme,
        body: Rect,
        buf: &mut Buffer,
    ) {
        let area = below_title(body);
        let block = panel(theme, "New game", true);
        let inner = block.inner(area);
        block.render(area, buf);
        let [list, detail] =
            Layout::horizontal([Constraint::Length(24), Constraint::Min(20)]).areas(inner);
        let mut lines = vec![Line::styled("Scenario", theme.title)];
        for (i, c) in catalog.iter().enumerate() {
            let sel = i == self.chosen && self.mod_cursor.is_none();
            let lead = if sel { theme.g.pointer } else { " " };
            let text = format!("{lead} {}", c.name);
            lines.push(Line::styled(
                text,
                if sel { theme.selected } else { theme.base },
            ));
        }
        if catalog.is_empty() {
            lines.push(Line::styled("No scenarios found.", theme.bad));
        }
        lines.push(Line::from(""));
        lines.push(Line::styled("Seed", theme.title));
        let seed = if self.seed.is_empty() {
            Span::styled("random (type digits)", theme.dim)
        } else {
            Span::styled(self.seed.clone(), theme.emph)
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            seed,
            Span::styled("_", theme.key),
        ]));
        lines.push(Line::styled("  same seed, same game", theme.dim));
        lines.push(Line::from(""));
        lines.push(Line::styled("Difficulty", theme.title));
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(self.difficulty.name(), theme.emph),
            Span::styled("  d changes", theme.dim),
        ]));
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("Enter", theme.key),
            Span::raw(" starts"),
        ]));
        Paragraph::new(lines).render(list, buf);
        let Some(c) = catalog.get(self.chosen) else {
            return;
        };
        let detail = if mods.is_empty() {
            detail
        } else {
            let rows = (mods.len() as u16 + 1).min(detail.height / 2);
            let [detail, mods_area] =
                Layout::vertical([Constraint::Min(0), Constraint::Length(rows)]).areas(detail);
            mods_list(self, mods, &c.id, theme, mods_area, buf);
            detail
        };
        let mut d = vec![Line::styled(c.name.clone(), theme.emph)];
        if let Some(m) = self.mod_cursor.and_then(|i| mods.get(i)) {
            // The mod under the cursor, in full: the list has room for one line of it.
            d = vec![
                Line::styled(format!("{} {}", m.name, m.version), theme.emph),
                Line::styled(
                    if m.scenarios.is_empty() {
                        "for any scenario".to_string()
                    } else {
                        format!("for {}", m.scenarios.join(", "))
                    },
                    theme.dim,
                ),
                Line::from(""),
                Line::from(m.description.clone()),
            ];
        } else if let Some(p) = &c.problem {
            d.push(Line::styled(format!("{} {p}", theme.g.bad), theme.bad));
        } else {
            d.push(Line::styled(
                format!(
                    "{} members · {} goods · {} {}s",
                    c.members, c.goods, c.turns, c.turn_unit
                ),
                theme.dim,
            ));
            d.push(Line::from(""));
            d.push(Line::from(c.description.clone()));
            d.push(Line::from(""));
            d.push(Line::from(vec![
                Span::styled("The question: ", theme.title),
                Span::raw(c.question.clone()),
            ]));
            d.push(Line::from(""));
            d.push(Line::from(vec![
                Span::styled(
                    format!("Difficulty {}: ", self.difficulty.name()),
                    theme.title,
                ),
                Span::raw(self.difficulty.describe()),
            ]));
        }
        Paragraph::new(d)
            .wrap(Wrap { trim: true })
            .render(detail, buf);
    }
}

/// The mods list of the new-game screen: ticked ones play with the game; those made for
/// another scenario are shown but left out.
fn mods_list(
    s: &Setup,
    mods: &[ModChoice],
    scenario: &str,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let focused = s.mod_cursor.is_some();
    let mut lines = vec![Line::from(vec![
        Span::styled("Mods", theme.title),
        Span::styled(
            if focused {
                "  Space ticks · Tab back to scenarios"
            } else {
                "  Tab to choose"
            },
            theme.dim,
        ),
    ])];
    for (i, m) in mods.iter().enumerate() {
        let sel = s.mod_cursor == Some(i);
        let lead = if sel { theme.g.pointer } else { " " };
        let tick = if s.mods.contains(&m.id) { "[x]" } else { "[ ]" };
        let mut spans = vec![Span::styled(
            format!("{lead} {tick} {} {}", m.name, m.version),
            if sel { theme.selected } else { theme.base },
        )];
        if m.fits(scenario) {
            spans.push(Span::styled(format!("  {}", m.description), theme.dim));
        } else {
            spans.push(Span::styled(
                format!("  (only for {})", m.scenarios.join(", ")),
                theme.dim,
            ));
        }
        lines.push(Line::from(spans));
    }
    Paragraph::new(lines).render(area, buf);
}
