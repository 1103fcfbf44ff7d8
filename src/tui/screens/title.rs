//! The title screen: the menu, and beneath it the new-game setup and the lists of saves.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::save::store::Listed;
use crate::tui::catalog::{ModChoice, ScenarioChoice};
use crate::tui::frame::areas;
use crate::tui::keys::{Binding, DOWN, ENTER, ESC, UP, ch, send};
use crate::tui::msg::{Action, Msg};
use crate::tui::screens::saves::SaveList;
use crate::tui::screens::setup::Setup;
use crate::tui::screens::{Go, Reply};
use crate::tui::theme::{Theme, Variant};
use crate::tui::widgets::centered;

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(UP,              "↑ k",   Msg::Up,   Some("move"),   "previous item"),
    send(DOWN,            "↓ j",   Msg::Down, None,           "next item"),
    send(&[ENTER],        "Enter", Msg::Open, Some("choose"), "choose"),
    send(&[ch('?')],      "?",     Msg::Help, Some("help"),   "help"),
    send(&[ch('q'), ESC], "q Esc", Msg::Quit, Some("quit"),   "quit"),
];

/// The title menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    NewGame,
    Continue,
    Load,
    Replay,
    Quit,
}

impl MenuItem {
    pub const ALL: [MenuItem; 5] = [
        MenuItem::NewGame,
        MenuItem::Continue,
        MenuItem::Load,
        MenuItem::Replay,
        MenuItem::Quit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MenuItem::NewGame => "New game",
            MenuItem::Continue => "Continue the last game",
            MenuItem::Load => "Load a saved game",
            MenuItem::Replay => "Watch a replay",
            MenuItem::Quit => "Quit",
        }
    }

    /// Why an item cannot be chosen now (there are no saves to continue, load or watch).
    pub fn unavailable(self, t: &TitleScreen) -> Option<String> {
        let folder = t.folder.display();
        match self {
            MenuItem::Continue if t.last_game().is_none() => {
                Some(format!("no saved game in {folder}/ yet"))
            }
            MenuItem::Load | MenuItem::Replay if t.saves.is_empty() => {
                Some(format!("no saves in {folder}/ yet"))
            }
            _ => None,
        }
    }
}

/// The title: the menu, the scenarios and saves it offers, and the screen opened from it.
#[derive(Debug, Default)]
pub struct TitleScreen {
    pub menu: usize,
    /// Choosing a scenario and seed, once "New game" is chosen.
    pub setup: Option<Setup>,
    pub catalog: Vec<ScenarioChoice>,
    pub mods: Vec<ModChoice>,
    /// Preselected from the command line.
    preset: Setup,
    /// The saves folder and what it holds, newest first.
    pub folder: PathBuf,
    pub saves: Vec<Listed>,
    /// The list of saves, once Load or Watch is chosen.
    pub list: Option<SaveList>,
}

impl TitleScreen {
    /// The menu over `catalog` and the saves in `folder`; the new-game screen starts from
    /// `preset`.
    pub fn new(
        catalog: Vec<ScenarioChoice>,
        mods: Vec<ModChoice>,
        preset: Setup,
        folder: PathBuf,
        saves: Vec<Listed>,
    ) -> TitleScreen {
        let mut title = TitleScreen {
            menu: 0,
            setup: None,
            catalog,
            mods,
            preset,
            folder,
            saves,
            list: None,
        };
        // A player coming back to a game in progress starts on Continue.
        if title
            .last_game()
            .is_some_and(|l| l.header.as_ref().is_ok_and(|h| !h.ended))
        {
            title.menu = 1;
        }
        title
    }

    /// The save Continue opens: the newest game still in progress that reads, else the
    /// newest that reads.
    pub fn last_game(&self) -> Option<&Listed> {
        let reads = || self.saves.iter().filter(|l| l.header.is_ok());
        reads()
            .find(|l| l.header.as_ref().is_ok_and(|h| !h.ended))
            .or_else(|| reads().next())
    }

    /// The saves folder read again.
    pub fn listed(&mut self, saves: Vec<Listed>) {
        self.saves = saves;
        if let Some(l) = &mut self.list {
            l.selected = l.selected.min(self.saves.len().saturating_sub(1));
        }
    }

    /// A key: to the new-game screen or the list when one is open, else to the menu.
    pub fn update(&mut self, msg: Msg) -> Reply {
        if let Some(setup) = &mut self.setup {
            return setup
                .update(msg, &self.catalog, &self.mods)
                .unwrap_or_else(|| {
                    self.setup = None;
                    Reply::default()
                });
        }
        if let Some(list) = &mut self.list {
            return list.update(msg, &self.saves).unwrap_or_else(|| {
                self.list = None;
                Reply::default()
            });
        }
        let n = MenuItem::ALL.len();
        match msg {
            Msg::Select(i) => self.menu = i.min(n - 1),
            Msg::Up => self.menu = (self.menu + n - 1) % n,
            Msg::Down => self.menu = (self.menu + 1) % n,
            Msg::Quit => return Reply::go(Go::Quit),
            Msg::Open => {
                let item = MenuItem::ALL[self.menu];
                if let Some(why) = item.unavailable(self) {
                    return Reply::flash(format!("{}: {why}.", item.label()));
                }
                match item {
                    MenuItem::NewGame => self.setup = Some(self.preset.clone()),
                    MenuItem::Quit => return Reply::go(Go::Quit),
                    MenuItem::Continue => {
                        if let Some(l) = self.last_game() {
                            let path = l.path.clone();
                            return Reply::act(Action::Open { path, watch: false });
                        }
                    }
                    MenuItem::Load | MenuItem::Replay => {
                        self.list = Some(SaveList {
                            watch: item == MenuItem::Replay,
                            selected: 0,
                        });
                        return Reply::act(Action::ListSaves);
                    }
                }
            }
            _ => {}
        }
        Reply::default()
    }
}

const LOGO: [&str; 2] = ["▄▀█ █▀▀ █▀█ █▀█ ▄▀█", "█▀█ █▄█ █▄█ █▀▄ █▀█"];
const LOGO_ASCII: [&str; 2] = ["A G O R A", ""];

/// Where the menu's first item is drawn.
fn menu_area(area: Rect) -> Rect {
    let body = areas(area).body;
    let [_, menu, _] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(MenuItem::ALL.len() as u16),
        Constraint::Min(0),
    ])
    .areas(body);
    centered(menu, 56, menu.height)
}

impl TitleScreen {
    /// The menu item (or saved game) under a click.
    pub fn hit(&self, area: Rect, x: u16, y: u16) -> Option<Msg> {
        if let Some(l) = &self.list {
            return l.hit(&self.saves, areas(area).body, x, y);
        }
        if self.setup.is_some() {
            return None;
        }
        let m = menu_area(area);
        (x >= m.x && x < m.right() && y >= m.y && y < m.bottom())
            .then(|| Msg::Select((y - m.y) as usize))
    }

    /// The logo, then the menu or the screen opened from it.
    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let a = areas(area);
        let logo = if theme.variant == Variant::Plain {
            LOGO_ASCII
        } else {
            LOGO
        };
        let mut head = vec![Line::from("")];
        head.extend(
            logo.iter()
                .map(|l| Line::styled(*l, theme.header_accent.patch(theme.emph))),
        );
        head.push(Line::styled(
            "how a small community shares what it has",
            theme.dim,
        ));
        Paragraph::new(head)
            .centered()
            .render(Rect::new(a.body.x, a.header.y, a.body.width, 5), buf);
        match (&self.setup, &self.list) {
            (Some(s), _) => s.render(&self.catalog, &self.mods, theme, a.body, buf),
            (None, Some(l)) => l.render(&self.saves, &self.folder, theme, a.body, buf),
            (None, None) => menu(self, theme, area, buf),
        }
    }
}

fn menu(t: &TitleScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let m = menu_area(area);
    let lines: Vec<Line> = MenuItem::ALL
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let sel = i == t.menu;
            let lead = if sel { theme.g.pointer } else { " " };
            let mut spans = vec![Span::styled(
                format!("{lead} {:<24}", item.label()),
                if sel { theme.selected } else { theme.base },
            )];
            if item.unavailable(t).is_some() {
                spans.push(Span::styled("  (no saves yet)", theme.dim));
            } else if let (MenuItem::Continue, Some(Ok(h))) =
                (item, t.last_game().map(|l| &l.header))
            {
                spans.push(Span::styled(
                    format!(
                        "  {} · {} {}",
                        h.scenario_name,
                        h.turn,
                        plural_turns(h.turn)
                    ),
                    theme.dim,
                ));
            }
            Line::from(spans)
        })
        .collect();
    Paragraph::new(lines).render(m, buf);
    // A preview of what "New game" will play.
    let below = Rect::new(
        area.x,
        m.bottom() + 1,
        area.width,
        areas(area).footer.y.saturating_sub(m.bottom() + 1),
    );
    // The scenario New game starts on (the one named with `--scenario`, or the first), and
    // its own question: nothing here names shipped content.
    if let Some(c) = t.catalog.get(t.preset.chosen).or(t.catalog.first()) {
        let names: Vec<&str> = t.catalog.iter().map(|c| c.name.as_str()).collect();
        let mut text = vec![Line::from(vec![
            Span::styled("Scenarios: ", theme.dim),
            Span::raw(names.join(", ")),
        ])];
        if !c.question.is_empty() {
            text.push(Line::from(""));
            text.push(Line::from(vec![
                Span::styled(format!("{} asks: ", c.name), theme.dim),
                Span::raw(c.question.clone()),
            ]));
        }
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(centered(below, 72, below.height), buf);
    }
}

fn plural_turns(n: u32) -> &'static str {
    if n == 1 {
        "turn played"
    } else {
        "turns played"
    }
}
