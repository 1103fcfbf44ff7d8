//! The app: the screen shown and the stack of windows over it. `App::update` routes each
//! message to the top window, else to the screen, and acts on what they answer (the
//! windows to open, another screen); it returns the actions for the shell, whose outcomes
//! come back through `App::resolve`. Drawing lays the screen, the footer and the windows
//! over one another.

use crate::engine::world::difficulty::Difficulty;
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::engine::Command;
use crate::save::store;
use crate::tui::advance::Advance;
use crate::tui::catalog::{self, ScenarioChoice};
use crate::tui::components::choice::Close;
use crate::tui::components::prompt::Typed;
use crate::tui::components::{Confirm, Help, Modal, Notice, Prompt, PromptKind};
use crate::tui::frame;
use crate::tui::guide::Guide;
use crate::tui::keymap;
use crate::tui::keys::Ctx;
use crate::tui::msg::{Action, Msg, Opened, Outcome};
use crate::tui::prefs::Prefs;
use crate::tui::screens::epilogue::EpilogueScreen;
use crate::tui::screens::game::GameScreen;
use crate::tui::screens::setup::Setup;
use crate::tui::screens::title::TitleScreen;
use crate::tui::screens::viewer::ViewerScreen;
use crate::tui::screens::{Go, Reply};
use crate::tui::session::Session;
use crate::tui::theme::Theme;

/// What the terminal shows.
#[derive(Debug)]
pub enum Screen {
    Title(Box<TitleScreen>),
    Game(Box<GameScreen>),
    /// The end of a game: the epilogue and the roads not taken, over the finished game.
    Epilogue(Box<EpilogueScreen>),
    /// A save watched as a replay.
    Viewer(Box<ViewerScreen>),
}

impl Screen {
    /// The keymap contexts of the screen, most specific first.
    fn contexts(&self) -> Vec<Ctx> {
        match self {
            Screen::Title(t) if t.setup.is_some() => vec![Ctx::Setup],
            Screen::Title(t) if t.list.is_some() => vec![Ctx::Saves],
            Screen::Title(_) => vec![Ctx::Title],
            Screen::Game(g) => vec![Ctx::Screen(g.tab), Ctx::Game],
            Screen::Epilogue(_) => vec![Ctx::Epilogue],
            Screen::Viewer(v) => vec![Ctx::Viewer, Ctx::Screen(v.g.tab), Ctx::Game],
        }
    }
}

#[derive(Debug)]
pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    /// Windows over the screen; the top one takes the keys.
    pub modals: Vec<Modal>,
    /// A one-line message in the footer until the next key.
    pub flash: Option<String>,
    pub running: bool,
    /// The terminal's size at the last draw or resize (for mouse hits).
    pub area: Rect,
    /// Where else to find mods (`--mods`).
    pub mod_dirs: Vec<PathBuf>,
    /// The scenario named with `--scenario` (perhaps a folder outside the catalog), kept
    /// on the new-game screen whenever the catalog is read again.
    pub scenario_arg: Option<String>,
    /// The saves folder.
    pub saves: PathBuf,
    /// What the player chose before (kept in the saves folder).
    pub prefs: Prefs,
    /// The guide to the first months, while it is shown.
    pub guide: Option<Guide>,
    /// Months being played one after another (`N`).
    pub advance: Option<Advance>,
}

/// Options from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    /// Mods every new game is played with (`--mod`), and where else to find them (`--mods`).
    pub mods: Vec<String>,
    pub mod_dirs: Vec<PathBuf>,
    /// The saves folder.
    pub saves: PathBuf,
    /// A save to load and continue (`agora load FILE`).
    pub load: Option<PathBuf>,
    /// A save to watch as a replay (`agora replay FILE`).
    pub watch: Option<PathBuf>,
    /// The difficulty the new-game screen starts on.
    pub difficulty: Difficulty,
}

impl App {
    pub fn new(theme: Theme, catalog: Vec<ScenarioChoice>, opts: &Options) -> App {
        let chosen = opts
            .scenario
            .as_ref()
            .and_then(|s| catalog.iter().position(|c| &c.id == s))
            .unwrap_or(0);
        let preset = Setup {
            chosen,
            seed: opts.seed.map(|s| s.to_string()).unwrap_or_default(),
            mods: opts.mods.iter().cloned().collect(),
            mod_cursor: None,
            difficulty: opts.difficulty,
        };
        let mods = if catalog.is_empty() {
            Vec::new()
        } else {
            catalog::mods(&opts.mod_dirs)
        };
        let saves = store::list(&opts.saves);
        let title = TitleScreen::new(catalog, mods, preset, opts.saves.clone(), saves);
        App {
            theme,
            screen: Screen::Title(Box::new(title)),
            modals: Vec::new(),
            flash: None,
            running: true,
            area: Rect::default(),
            mod_dirs: opts.mod_dirs.clone(),
            scenario_arg: opts.scenario.clone(),
            saves: opts.saves.clone(),
            prefs: Prefs::load(&opts.saves),
            guide: None,
            advance: None,
        }
    }

    /// An app already in a game (tests, benchmarks).
    pub fn in_game(theme: Theme, session: Session) -> App {
        let mut app = App::new(theme, Vec::new(), &Options::default());
        app.screen = Screen::Game(Box::new(GameScreen::new(session)));
        app
    }

    /// How long the loop may wait for a key before time moves on (a replay playing); `None`
    /// waits for ever, so an idle game uses no CPU.
    pub fn tick(&self) -> Option<std::time::Duration> {
        match &self.screen {
            Screen::Viewer(v) if self.modals.is_empty() => v.tick(),
            _ => None,
        }
    }

    /// The game being played or just finished.
    pub fn game(&self) -> Option<&GameScreen> {
        match &self.screen {
            Screen::Game(g) => Some(g),
            Screen::Epilogue(e) => Some(&e.game),
            Screen::Title(_) | Screen::Viewer(_) => None,
        }
    }

    /// The keymap contexts of the current state, most specific first.
    pub fn contexts(&self) -> Vec<Ctx> {
        let mut v = match self.modals.last() {
            Some(m) => vec![m.ctx()],
            None => self.screen.contexts(),
        };
        v.push(Ctx::Always);
        v
    }

    /// The contexts whose keys the help overlay lists: the screen under it.
    pub fn help_contexts(&self) -> Vec<Ctx> {
        let mut v = self.screen.contexts();
        v.push(Ctx::Always);
        // Help over a storylet's window: its keys first, then the screen's beneath.
        if self.modals.iter().any(|m| matches!(m, Modal::Choice(_))) {
            v.insert(0, Ctx::Choice);
        }
        v
    }

    /// Turn a terminal event into a message (none for events that change nothing).
    pub fn translate(&self, ev: &Event) -> Option<Msg> {
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => keymap::lookup(&self.contexts(), k),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                    x: m.column,
                    y: m.row,
                }),
                MouseEventKind::ScrollUp => Some(Msg::ScrollUp),
                MouseEventKind::ScrollDown => Some(Msg::ScrollDown),
                _ => None,
            },
            Event::Resize(w, h) => Some(Msg::Resize { w: *w, h: *h }),
            _ => None,
        }
    }

    /// Apply a message; returns what the shell must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Action> {
        if !matches!(msg, Msg::Resize { .. } | Msg::Tick) {
            self.flash = None;
        }
        match msg {
            Msg::ForceQuit => {
                self.running = false;
                return vec![];
            }
            Msg::Resize { w, h } => {
                self.area = Rect::new(0, 0, w, h);
                return vec![];
            }
            Msg::ScrollUp => return self.update(Msg::Up),
            Msg::ScrollDown => return self.update(Msg::Down),
            Msg::Click { x, y } => {
                return match self.hit(x, y) {
                    Some(m) => self.update(m),
                    None => vec![],
                };
            }
            _ => {}
        }
        if !self.modals.is_empty() {
            return self.update_modal(msg);
        }
        if msg == Msg::Help {
            self.modals.push(Modal::Help(Help::default()));
            return vec![];
        }
        if matches!(self.screen, Screen::Game(_)) {
            match msg {
                Msg::Advance => return self.start_advance(),
                Msg::Guide => return self.toggle_guide(),
                _ => {}
            }
        }
        let reply = match &mut self.screen {
            Screen::Title(t) => t.update(msg),
            Screen::Game(g) => g.update(msg),
            Screen::Epilogue(e) => e.update(msg),
            Screen::Viewer(v) => v.update(msg),
        };
        self.reply(reply)
    }

    /// A message for the top window.
    fn update_modal(&mut self, msg: Msg) -> Vec<Action> {
        let Some(top) = self.modals.last_mut() else {
            return vec![];
        };
        match top {
            Modal::Help(h) => {
                if !h.update(msg) {
                    self.modals.pop();
                }
                vec![]
            }
            Modal::Choice(c) => {
                let r = match &self.screen {
                    Screen::Game(g) => c.update(msg, &g.session),
                    Screen::Epilogue(e) => c.update(msg, &e.game.session),
                    Screen::Title(_) | Screen::Viewer(_) => {
                        self.modals.pop();
                        return vec![];
                    }
                };
                match r.close {
                    Close::None => {}
                    Close::This => {
                        self.modals.pop();
                    }
                    Close::Choices => self.modals.retain(|m| !matches!(m, Modal::Choice(_))),
                }
                self.modals.extend(r.open);
                self.flash = r.flash;
                r.action.into_iter().collect()
            }
            Modal::Crisis(c) => {
                let Screen::Game(g) = &mut self.screen else {
                    self.modals.pop();
                    return vec![];
                };
                let (r, look) = c.update(msg, &g.session);
                if r.close != Close::None {
                    self.modals.pop();
                }
                if let Some(l) = look {
                    g.look(l.tab, l.member, l.good);
                }
                self.modals.extend(r.open);
                // The last card gone, a storylet still waiting opens its window.
                if self.modals.is_empty()
                    && let Some(m) = g.waiting_choice()
                {
                    self.modals.push(m);
                }
                self.flash = r.flash;
                r.action.into_iter().collect()
            }
            Modal::Prompt(p) => match p.update(msg) {
                Typed::More => vec![],
                Typed::Cancel => {
                    self.modals.pop();
                    vec![]
                }
                Typed::Done => {
                    let p = p.clone();
                    self.modals.pop();
                    self.answer(&p)
                }
            },
            Modal::Notice(_) => {
                self.modals.pop();
                vec![]
            }
            Modal::Confirm(c) => {
                let c = c.clone();
                self.modals.pop();
                self.confirmed(c, msg)
            }
        }
    }

    /// The answer to a question.
    fn confirmed(&mut self, c: Confirm, msg: Msg) -> Vec<Action> {
        match (msg, c) {
            (Msg::Yes, Confirm::Quit { .. }) => self.running = false,
            (Msg::Save, Confirm::Quit { .. }) => {
                if let Some(g) = self.game() {
                    let name = g.session.default_name();
                    self.modals.push(Modal::Prompt(Prompt::new(
                        PromptKind::SaveName { quit: true },
                        name,
                    )));
                }
            }
            (Msg::Yes, Confirm::EndTurn { .. }) => return vec![Action::Engine(Command::EndTurn)],
            (Msg::Yes, Confirm::Overwrite { name, quit }) => {
                return vec![Action::Save {
                    name,
                    quit,
                    overwrite: true,
                }];
            }
            (Msg::Yes, Confirm::Override { command, .. }) => {
                return vec![Action::Engine(command)];
            }
            (_, Confirm::Override { .. }) => {
                self.flash = Some("Not changed: the storylet's answer stands.".into());
            }
            (_, Confirm::Overwrite { name, .. }) => {
                self.flash = Some(format!(
                    "Not saved: “{name}” is kept. s saves under another name."
                ));
            }
            _ => {}
        }
        vec![]
    }

    /// Enter in a prompt.
    fn answer(&mut self, p: &Prompt) -> Vec<Action> {
        match p.kind {
            PromptKind::SaveName { quit } => vec![Action::Save {
                name: p.value().to_string(),
                quit,
                overwrite: false,
            }],
            PromptKind::GoTo => {
                if let Screen::Viewer(v) = &mut self.screen {
                    self.flash = v.go_to(p.value());
                }
                vec![]
            }
        }
    }

    /// Act on a screen's reply: its message, its window, another screen.
    fn reply(&mut self, r: Reply) -> Vec<Action> {
        self.flash = r.flash;
        // A storylet's window waits under a crisis card (the last card opens it), and opens
        // once however many commands follow.
        let busy = self
            .modals
            .iter()
            .any(|m| matches!(m, Modal::Crisis(_) | Modal::Choice(_)));
        self.modals
            .extend(r.modal.filter(|m| !(busy && matches!(m, Modal::Choice(_)))));
        let mut actions = r.actions;
        match r.go {
            None => {}
            Some(Go::Quit) => self.running = false,
            Some(Go::Title) => actions.extend(self.back_to_title()),
            Some(Go::Epilogue) => self.open_epilogue(),
            Some(Go::Game) => {
                self.screen = match self.take_screen() {
                    Screen::Epilogue(e) => Screen::Game(e.game),
                    other => other,
                };
            }
            Some(Go::Play(g)) => self.screen = Screen::Game(g),
        }
        actions
    }

    /// The screen, leaving an empty title in its place.
    fn take_screen(&mut self) -> Screen {
        std::mem::replace(&mut self.screen, Screen::Title(Box::default()))
    }

    /// Back to the title menu, its saves read again.
    fn back_to_title(&mut self) -> Vec<Action> {
        let catalog = catalog::scenarios(self.scenario_arg.as_deref());
        let mods = catalog::mods(&self.mod_dirs);
        let title = TitleScreen::new(
            catalog,
            mods,
            Setup::default(),
            self.saves.clone(),
            Vec::new(),
        );
        self.screen = Screen::Title(Box::new(title));
        self.modals.clear();
        self.guide = None;
        vec![Action::ListSaves]
    }

    /// Show the epilogue of a finished game.
    fn open_epilogue(&mut self) {
        self.screen = match self.take_screen() {
            Screen::Game(g) => match EpilogueScreen::new(g) {
                Ok(e) => {
                    self.flash = Some(
                        "The game is over. ←→ the story, the people, the roads not taken · Esc the game's screens"
                            .into(),
                    );
                    Screen::Epilogue(Box::new(e))
                }
                Err((g, why)) => {
                    self.flash = Some(format!("No epilogue: {why}"));
                    Screen::Game(g)
                }
            },
            other => other,
        };
    }

    /// Fold the result of an action back into the model; returns further actions.
    pub fn resolve(&mut self, outcome: Outcome) -> Vec<Action> {
        match outcome {
            Outcome::Saved {
                autosave,
                quit,
                at,
                result,
            } => {
                let session = match &mut self.screen {
                    Screen::Game(g) => Some(&mut g.session),
                    Screen::Epilogue(e) => Some(&mut e.game.session),
                    Screen::Title(_) | Screen::Viewer(_) => None,
                };
                match (result, session) {
                    (Ok(_), Some(s)) if autosave => s.autosaved_at = Some(at),
                    (Ok(path), Some(s)) => {
                        s.saved_at = Some(at);
                        s.name = path.file_stem().map(|n| n.to_string_lossy().into_owned());
                        self.flash = Some(format!("Saved to {}.", path.display()));
                        if quit {
                            self.running = false;
                        }
                    }
                    (Ok(_), None) => {}
                    (Err(e), _) if autosave => {
                        self.flash = Some(format!(
                            "The autosave failed ({e}); the game goes on: s saves it under a name."
                        ));
                    }
                    (Err(e), _) => self.flash = Some(format!("Not saved: {e}.")),
                }
            }
            Outcome::Exists { name, quit } => {
                self.modals
                    .push(Modal::Confirm(Confirm::Overwrite { name, quit }));
            }
            Outcome::Listed(saves) => {
                if let Screen::Title(t) = &mut self.screen {
                    t.listed(saves);
                }
            }
            Outcome::Opened(Err(e)) => self.flash = Some(e),
            Outcome::Opened(Ok(opened)) => {
                let note = match *opened {
                    Opened::Game {
                        session,
                        file,
                        note,
                    } => {
                        self.flash = Some(format!(
                            "Loaded {file}: {}. Every turn replayed and checked.",
                            session.turn_label()
                        ));
                        self.screen = Screen::Game(Box::new(GameScreen::new(*session)));
                        self.open_guide();
                        note
                    }
                    Opened::Viewer { replay, note } => match ViewerScreen::new(replay) {
                        Ok(viewer) => {
                            self.flash = Some(format!(
                                "Replay of {}: Space plays, ←→ step, g jumps, t takes over.",
                                viewer.replay.file
                            ));
                            self.screen = Screen::Viewer(Box::new(viewer));
                            note
                        }
                        Err(e) => {
                            self.flash = Some(e);
                            return vec![];
                        }
                    },
                };
                self.modals.clear();
                if let Some(text) = note {
                    self.modals.push(Modal::Notice(Notice {
                        title: "The content has changed".into(),
                        text,
                    }));
                }
            }
            Outcome::Started(Ok(session)) => {
                self.screen = Screen::Game(Box::new(GameScreen::new(*session)));
                self.modals.clear();
                self.open_guide();
                self.flash = Some(
                    "Welcome. 1–7 or Tab: screens · 7: policy · n: end the turn · ?: help".into(),
                );
            }
            Outcome::Started(Err(e)) => self.flash = Some(format!("Cannot start: {e}")),
            Outcome::PrefsSaved(Ok(())) => {}
            Outcome::PrefsSaved(Err(e)) => {
                self.flash = Some(format!("Your preferences were not kept: {e}."));
            }
            Outcome::Applied { command, result } => {
                let Screen::Game(g) = &mut self.screen else {
                    return vec![];
                };
                let end_turn = command == Command::EndTurn;
                let ok = result.is_ok();
                let reply = g.applied(command, result);
                let mut actions = self.reply(reply);
                if end_turn {
                    actions.extend(self.guide_after_turn());
                    actions.extend(self.advance_after_turn(ok));
                }
                return actions;
            }
        }
        vec![]
    }

    /// The message a click at (x, y) means, given what is on screen.
    fn hit(&self, x: u16, y: u16) -> Option<Msg> {
        if !frame::fits(self.area) || !self.modals.is_empty() {
            return None;
        }
        match &self.screen {
            Screen::Title(t) => t.hit(self.area, x, y),
            Screen::Epilogue(_) => None,
            Screen::Viewer(v) => v.hit(self.area, x, y),
            Screen::Game(g) => g.hit(self.game_area(self.area), x, y),
        }
    }

    /// Where the game is drawn in `area`: all of it, less the guide's rows while it shows
    /// (never so many that the screen has fewer than half its rows).
    fn game_area(&self, area: Rect) -> Rect {
        let rows = match (&self.screen, &self.guide) {
            (Screen::Game(g), Some(guide)) => guide.height(&g.session, area.width),
            _ => 0,
        };
        Rect {
            height: area.height - rows.min(area.height / 2),
            ..area
        }
    }

    /// The footer: the message of the moment, else the keys of what is open.
    fn render_footer(&self, area: Rect, buf: &mut Buffer) {
        let theme = &self.theme;
        buf.set_style(area, theme.header);
        if let Some(msg) = &self.flash {
            Line::from(Span::styled(format!(" {msg}"), theme.header)).render(area, buf);
            return;
        }
        let mut spans = vec![Span::raw(" ")];
        // The viewer's own keys: the screens' would crowd them out and most are refused.
        let ctxs = match (&self.screen, self.modals.is_empty()) {
            (Screen::Viewer(_), true) => vec![Ctx::Viewer],
            _ => self.contexts(),
        };
        let mut hints = keymap::hints(&ctxs);
        // Every hint whole: closer together, then without the screen's own (help has them)
        // until the rest fit; ending the turn, help and quitting stay.
        // The gap comes between hints, not after the last.
        let width = |hints: &[(&'static str, &'static str)], gap: usize| {
            (1 + hints
                .iter()
                .map(|(k, w)| theme.keys(k).chars().count() + 1 + w.chars().count() + gap)
                .sum::<usize>())
            .saturating_sub(gap)
        };
        let room = area.width as usize;
        let gap = if width(&hints, 2) <= room { 2 } else { 1 };
        while width(&hints, gap) > room {
            let Some(i) = hints
                .iter()
                .rposition(|(_, w)| !["end turn", "help", "quit"].contains(w))
            else {
                break;
            };
            hints.remove(i);
        }
        for (keys, what) in hints {
            spans.push(Span::styled(
                theme.keys(keys),
                theme.key.patch(theme.header),
            ));
            spans.push(Span::styled(
                format!(" {what}{}", " ".repeat(gap)),
                theme.header,
            ));
        }
        Line::from(spans).render(area, buf);
    }
}

/// The screen, the footer, then the windows over them. Views only read the model.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = &self.theme;
        if !frame::fits(area) {
            buf.set_style(area, theme.base);
            frame::too_small(theme, area, buf);
            return;
        }
        match &self.screen {
            Screen::Title(t) => {
                buf.set_style(area, theme.base);
                t.render(theme, area, buf);
            }
            // Every cell of a game screen is covered by a bar or a panel, which set the base
            // style themselves: no separate pass over the whole screen.
            Screen::Game(g) => {
                let game = self.game_area(area);
                g.render(theme, game, buf);
                if let Some(guide) = self.guide.filter(|_| game != area) {
                    // The guide's rows: from the game's own (unused) footer row down.
                    let rows = area.height - game.height;
                    let at = Rect::new(area.x, game.bottom() - 1, area.width, rows);
                    guide.render(&g.session, theme, at, buf);
                }
            }
            Screen::Epilogue(e) => e.render(theme, area, buf),
            Screen::Viewer(v) => v.render(theme, area, buf),
        }
        self.render_footer(frame::areas(area).footer, buf);
        for m in &self.modals {
            match m {
                Modal::Help(h) => {
                    let game = matches!(self.screen, Screen::Game(_));
                    h.render(&keymap::help(&self.help_contexts()), game, theme, area, buf);
                }
                Modal::Confirm(c) => c.render(theme, area, buf),
                Modal::Choice(c) => {
                    if let Some(g) = self.game() {
                        c.render(&g.session, theme, area, buf);
                    }
                }
                Modal::Crisis(c) => {
                    if let Some(g) = self.game() {
                        c.render(&g.session, theme, area, buf);
                    }
                }
                Modal::Prompt(p) => p.render(theme, area, buf),
                Modal::Notice(n) => n.render(theme, area, buf),
            }
        }
    }
}

mod months;
#[cfg(test)]
mod tests;
