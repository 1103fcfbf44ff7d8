//! The model and `update`: every change to what the player sees goes through `App::update`,
//! which returns the actions (engine commands, a new game) for the shell to carry out.

use std::collections::BTreeSet;
use std::sync::Arc;

use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::content;
use crate::engine::events;
use crate::engine::report::LayerDetail;
use crate::engine::{Command, GoodId, MemberId, Regime};
use crate::save::store::Listed;
use crate::story::epilogue::Epilogue;
use crate::story::roads::{self, Comparison};
use crate::tui::attention;
use crate::tui::chronicle;
use crate::tui::keymap::{self, Ctx};
use crate::tui::msg::{Action, Msg, Opened, Outcome, Tab};
use crate::tui::policy;
use crate::tui::session::Session;
use crate::tui::theme::Theme;
use crate::tui::view;
use crate::tui::viewer::{self, ViewerScreen};

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

/// Windows over the screen; the top one takes the keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Help {
        scroll: u16,
    },
    Confirm(Confirm),
    /// A storylet waiting for an answer: which (index into `State::events.pending`), and the
    /// choice under the cursor.
    Choice {
        pending: usize,
        selected: usize,
    },
    /// A line of text to type.
    Prompt(Prompt),
    /// Something the player must know (content changed since a save); any key closes it.
    Notice {
        title: String,
        text: String,
    },
}

/// What a prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// A name to save the game under; then quit, with `quit`.
    SaveName { quit: bool },
    /// A turn of the replay to jump to.
    GoTo,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    /// What Enter takes when nothing is typed.
    pub default: String,
}

impl Prompt {
    pub fn new(kind: PromptKind, default: String) -> Prompt {
        Prompt {
            kind,
            text: String::new(),
            default,
        }
    }

    /// Longest text a prompt takes.
    const MAX: usize = 64;

    /// Type a character (a turn takes digits only).
    fn push(&mut self, c: char) {
        let ok = match self.kind {
            PromptKind::GoTo => c.is_ascii_digit() && self.text.len() < 6,
            PromptKind::SaveName { .. } => !c.is_control(),
        };
        if ok && self.text.chars().count() < Prompt::MAX {
            self.text.push(c);
        }
    }

    /// What was typed, or the default.
    pub fn value(&self) -> &str {
        if self.text.trim().is_empty() {
            &self.default
        } else {
            self.text.trim()
        }
    }
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Quit a game in progress; `unsaved` when its log holds what no named save has.
    Quit { unsaved: bool },
    /// End a turn that needs a second thought: the last one, or a storylet left unanswered.
    EndTurn { reasons: Vec<String> },
}

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

/// A scenario as the title screen offers it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioChoice {
    pub id: String,
    pub name: String,
    pub description: String,
    pub question: String,
    pub turns: u32,
    pub turn_unit: String,
    pub members: usize,
    pub goods: usize,
    /// Why it does not load, if it does not.
    pub problem: Option<String>,
}

/// Every scenario available, loaded for its description (embedded ones and `assets/`), and
/// `extra` (a scenario folder named on the command line) when it is not among them.
pub fn catalog(extra: Option<&str>) -> Vec<ScenarioChoice> {
    let ids = content::catalog_ids();
    let extra = extra.filter(|x| !ids.iter().any(|i| i == x));
    let mut out: Vec<ScenarioChoice> = ids.into_iter().map(choice).collect();
    if let Some(x) = extra {
        let mut c = choice(x.to_string());
        // It may share a name with a shipped scenario: name its folder too.
        if c.problem.is_none() {
            let folder = std::path::Path::new(x)
                .file_name()
                .map_or(x.to_string(), |f| f.to_string_lossy().into_owned());
            c.name = format!("{} ({folder}/)", c.name);
        }
        out.push(c);
    }
    out
}

/// One scenario as the new-game screen offers it.
fn choice(id: String) -> ScenarioChoice {
    match content::open(&id) {
        Ok((loaded, _)) => {
            let s = loaded.scenario;
            ScenarioChoice {
                id,
                name: s.meta.name,
                description: s.meta.description,
                question: s.meta.question,
                turns: s.meta.turns,
                turn_unit: s.meta.turn_unit,
                members: s.members.iter().filter(|m| m.present).count(),
                goods: s.goods.len(),
                problem: None,
            }
        }
        Err(diags) => ScenarioChoice {
            name: id.clone(),
            id,
            description: String::new(),
            question: String::new(),
            turns: 0,
            turn_unit: String::new(),
            members: 0,
            goods: 0,
            problem: Some(format!(
                "does not load ({} error(s)); run `agora check` to see them",
                diags.len()
            )),
        },
    }
}

/// A mod as the new-game screen offers it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModChoice {
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    /// The scenarios it is for; empty means any.
    pub scenarios: Vec<String>,
}

impl ModChoice {
    pub fn fits(&self, scenario: &str) -> bool {
        self.scenarios.is_empty() || self.scenarios.iter().any(|s| s == scenario)
    }
}

/// Every mod whose manifest reads (embedded, `assets/mods` and `dirs`), by id.
pub fn mod_catalog(dirs: &[std::path::PathBuf]) -> Vec<ModChoice> {
    content::mods::available(dirs)
        .0
        .into_iter()
        .map(|a| ModChoice {
            id: a.manifest.id,
            name: a.manifest.name,
            version: a.manifest.version,
            description: a.manifest.description,
            scenarios: a.manifest.scenarios,
        })
        .collect()
}

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
    pub folder: std::path::PathBuf,
    pub saves: Vec<Listed>,
    /// The list of saves, once Load or Watch is chosen.
    pub list: Option<SaveList>,
}

impl TitleScreen {
    /// The save Continue opens: the newest game still in progress that reads, else the
    /// newest that reads.
    pub fn last_game(&self) -> Option<&Listed> {
        let reads = || self.saves.iter().filter(|l| l.header.is_ok());
        reads()
            .find(|l| l.header.as_ref().is_ok_and(|h| !h.ended))
            .or_else(|| reads().next())
    }
}

/// The Load and Watch lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaveList {
    /// Watch a replay (else load and continue).
    pub watch: bool,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Setup {
    pub chosen: usize,
    /// Digits typed; empty means a random seed.
    pub seed: String,
    /// Ids of the mods ticked.
    pub mods: std::collections::BTreeSet<String>,
    /// The mod under the cursor, when the cursor is in the mods list (Tab moves it there).
    pub mod_cursor: Option<usize>,
}

/// Sort order of the Members table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Roster,
    Name,
    NeedsMet,
    Wellbeing,
    Scrip,
    Standing,
    Charisma,
    LowMarks,
}

impl SortKey {
    pub const ALL: [SortKey; 8] = [
        SortKey::Roster,
        SortKey::Name,
        SortKey::NeedsMet,
        SortKey::Wellbeing,
        SortKey::Scrip,
        SortKey::Standing,
        SortKey::Charisma,
        SortKey::LowMarks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SortKey::Roster => "roster",
            SortKey::Name => "name",
            SortKey::NeedsMet => "needs met",
            SortKey::Wellbeing => "wellbeing",
            SortKey::Scrip => "scrip",
            SortKey::Standing => "standing",
            SortKey::Charisma => "charisma",
            SortKey::LowMarks => "low-status marks",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct MembersState {
    /// The selected member (kept when the order changes).
    pub selected: MemberId,
    pub sort: SortKey,
    pub reverse: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ChronicleState {
    pub selected: usize,
    /// Lines opened to show their explanation, by `chronicle::Line::key`.
    pub open: BTreeSet<(u32, usize)>,
}

/// A game in progress and where the player is looking.
#[derive(Debug)]
pub struct GameScreen {
    pub session: Session,
    pub tab: Tab,
    /// Selected attention item on the Overview.
    pub attention: usize,
    pub members: MembersState,
    /// Selected agenda item (Meeting), good (Market), member (Bonds), setting (Policy).
    pub meeting: usize,
    pub market: GoodId,
    pub bonds: MemberId,
    pub policy: usize,
    pub chronicle: ChronicleState,
    /// The chronicle's lines, rebuilt when the game changes.
    pub lines: Vec<chronicle::Line>,
    /// Shown by the replay viewer: what was, not what to do now.
    pub replay: bool,
}

impl GameScreen {
    /// Show another point of the same game (the replay viewer), keeping where the player
    /// looks.
    pub fn set_session(&mut self, session: Session) {
        self.session = session;
        self.rebuild();
        self.attention = 0;
        self.meeting = self.meeting.min(self.agenda().len().saturating_sub(1));
    }

    pub fn new(session: Session) -> GameScreen {
        let lines = chronicle::lines(&session);
        GameScreen {
            session,
            tab: Tab::Overview,
            attention: 0,
            members: MembersState::default(),
            meeting: 0,
            market: 0,
            bonds: 0,
            policy: 0,
            chronicle: ChronicleState::default(),
            lines,
            replay: false,
        }
    }

    /// Members present, in the table's order.
    pub fn member_order(&self) -> Vec<MemberId> {
        let state = self.session.game().state();
        let met = |m: MemberId| {
            self.session
                .last()
                .and_then(|r| r.members.iter().find(|x| x.member == m))
                .map_or(1.0, |x| x.met)
        };
        let mut v: Vec<MemberId> = state.present().collect();
        let world = self.session.world();
        let ms = &state.members;
        let low = |m: MemberId| {
            ms[m]
                .marks
                .iter()
                .filter(|k| **k == crate::engine::types::Mark::Low)
                .count()
        };
        match self.members.sort {
            SortKey::Roster => {}
            SortKey::Name => v.sort_by(|a, b| world.member_name(*a).cmp(world.member_name(*b))),
            SortKey::NeedsMet => v.sort_by(|a, b| met(*a).total_cmp(&met(*b))),
            SortKey::Wellbeing => v.sort_by(|a, b| ms[*a].wellbeing.total_cmp(&ms[*b].wellbeing)),
            SortKey::Scrip => v.sort_by_key(|m| ms[*m].scrip),
            SortKey::Standing => v.sort_by(|a, b| ms[*a].standing.total_cmp(&ms[*b].standing)),
            SortKey::Charisma => v.sort_by(|a, b| ms[*a].charisma.total_cmp(&ms[*b].charisma)),
            SortKey::LowMarks => v.sort_by_key(|m| low(*m)),
        }
        if self.members.reverse {
            v.reverse();
        }
        v
    }

    /// The Meeting screen's agenda: every item of last turn's meetings, and a row for each
    /// `Commons` layer that had none.
    pub fn agenda(&self) -> Vec<AgendaRow> {
        let Some(r) = self.session.last() else {
            return vec![];
        };
        let mut rows = Vec::new();
        for (good_report, layer) in layers_of(&self.session, Regime::Commons) {
            let items = match &r.goods[good_report].layers[layer].detail {
                LayerDetail::Meeting(m) => m.items.len(),
                LayerDetail::Aid(_) | LayerDetail::Market(_) => 0,
            };
            if items == 0 {
                rows.push(AgendaRow {
                    good_report,
                    layer,
                    item: None,
                });
            }
            rows.extend((0..items).map(|i| AgendaRow {
                good_report,
                layer,
                item: Some(i),
            }));
        }
        rows
    }

    fn rebuild(&mut self) {
        self.lines = chronicle::lines(&self.session);
        self.chronicle.selected = self
            .chronicle
            .selected
            .min(self.lines.len().saturating_sub(1));
    }
}

/// The parts of the epilogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// Objectives, the community's figures and what happened.
    #[default]
    Story,
    /// Each member's story.
    People,
    /// The same game down the other roads.
    Roads,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Story, Part::People, Part::Roads];

    pub fn title(self) -> &'static str {
        match self {
            Part::Story => "The story",
            Part::People => "The people",
            Part::Roads => "Roads not taken",
        }
    }

    fn step(self, d: isize) -> Part {
        let i = Part::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Part::ALL[(i + d).rem_euclid(Part::ALL.len() as isize) as usize]
    }
}

/// The epilogue of a finished game, built from the same game replayed down every road.
#[derive(Debug)]
pub struct EpilogueScreen {
    /// The finished game, to go back to.
    pub game: Box<GameScreen>,
    pub epilogue: Epilogue,
    pub roads: Comparison,
    pub part: Part,
    /// Selected member (People), as an index into `epilogue.members`.
    pub member: usize,
    /// Lines scrolled (Story, Roads).
    pub scroll: u16,
}

impl EpilogueScreen {
    /// Tell the finished game's story and run its roads not taken (the player's road is the
    /// game's own command log replayed, so it is this very game).
    pub fn new(game: Box<GameScreen>) -> Result<EpilogueScreen, (Box<GameScreen>, String)> {
        let g = game.session.game();
        let world = Arc::clone(g.world());
        match roads::compare(world, g.state().seed, g.log()) {
            Ok(roads) => {
                let p = &roads.roads[0];
                let epilogue = Epilogue::build(p.game.world(), &p.history, p.game.state());
                Ok(EpilogueScreen {
                    game,
                    epilogue,
                    roads,
                    part: Part::Story,
                    member: 0,
                    scroll: 0,
                })
            }
            Err(e) => Err((
                game,
                format!("the roads not taken could not be replayed: {e}"),
            )),
        }
    }
}

/// One row of the Meeting screen's agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgendaRow {
    /// Index into the last report's goods, and into that good's layers.
    pub good_report: usize,
    pub layer: usize,
    /// The item of the meeting's record; none when the layer held no meeting items.
    pub item: Option<usize>,
}

/// Last turn's layers run by `regime`, as (good report, layer) index pairs.
pub fn layers_of(session: &Session, regime: Regime) -> Vec<(usize, usize)> {
    let Some(r) = session.last() else {
        return vec![];
    };
    r.goods
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| {
            g.layers
                .iter()
                .enumerate()
                .filter(move |(_, l)| l.regime == regime)
                .map(move |(li, _)| (gi, li))
        })
        .collect()
}

#[derive(Debug)]
pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    pub modals: Vec<Modal>,
    /// A one-line message in the footer until the next key.
    pub flash: Option<String>,
    pub running: bool,
    /// The terminal's size at the last draw or resize (for mouse hits).
    pub area: Rect,
    /// Where else to find mods (`--mods`).
    pub mod_dirs: Vec<std::path::PathBuf>,
    /// The scenario named with `--scenario` (perhaps a folder outside the catalog), kept
    /// on the new-game screen whenever the catalog is read again.
    pub scenario_arg: Option<String>,
    /// The saves folder.
    pub saves: std::path::PathBuf,
}

/// Options from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    /// Mods every new game is played with (`--mod`), and where else to find them (`--mods`).
    pub mods: Vec<String>,
    pub mod_dirs: Vec<std::path::PathBuf>,
    /// The saves folder.
    pub saves: std::path::PathBuf,
    /// A save to load and continue (`agora load FILE`).
    pub load: Option<std::path::PathBuf>,
    /// A save to watch as a replay (`agora replay FILE`).
    pub watch: Option<std::path::PathBuf>,
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
        };
        let mods = if catalog.is_empty() {
            Vec::new()
        } else {
            mod_catalog(&opts.mod_dirs)
        };
        let mut title = TitleScreen {
            menu: 0,
            setup: None,
            catalog,
            mods,
            preset,
            folder: opts.saves.clone(),
            saves: crate::save::store::list(&opts.saves),
            list: None,
        };
        // A player coming back to a game in progress starts on Continue.
        if title
            .last_game()
            .is_some_and(|l| l.header.as_ref().is_ok_and(|h| !h.ended))
        {
            title.menu = 1;
        }
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
        }
    }

    /// How long the loop may wait for a key before time moves on (a replay playing); `None`
    /// waits for ever, so an idle game uses no CPU.
    pub fn tick(&self) -> Option<std::time::Duration> {
        match &self.screen {
            Screen::Viewer(v) if self.modals.is_empty() => v.tick(),
            _ => None,
        }
    }

    /// Back to the title menu, its saves read again.
    fn back_to_title(&mut self) -> Vec<Action> {
        let catalog = catalog(self.scenario_arg.as_deref());
        let mods = mod_catalog(&self.mod_dirs);
        self.screen = Screen::Title(Box::new(TitleScreen {
            mods,
            catalog,
            folder: self.saves.clone(),
            ..TitleScreen::default()
        }));
        self.modals.clear();
        vec![Action::ListSaves]
    }

    /// An app already in a game (tests, benchmarks).
    pub fn in_game(theme: Theme, session: Session) -> App {
        let mut app = App::new(theme, Vec::new(), &Options::default());
        app.screen = Screen::Game(Box::new(GameScreen::new(session)));
        app
    }

    pub fn game(&self) -> Option<&GameScreen> {
        match &self.screen {
            Screen::Game(g) => Some(g),
            Screen::Epilogue(e) => Some(&e.game),
            Screen::Title(_) | Screen::Viewer(_) => None,
        }
    }

    /// The keymap contexts of the current state, most specific first.
    pub fn contexts(&self) -> Vec<Ctx> {
        let mut v = match (self.modals.last(), &self.screen) {
            (Some(Modal::Help { .. }), _) => vec![Ctx::Help],
            (Some(Modal::Confirm(_)), _) => vec![Ctx::Confirm],
            (Some(Modal::Choice { .. }), _) => vec![Ctx::Choice],
            (Some(Modal::Prompt(_)), _) => vec![Ctx::Prompt],
            (Some(Modal::Notice { .. }), _) => vec![Ctx::Notice],
            (None, Screen::Title(t)) if t.setup.is_some() => vec![Ctx::Setup],
            (None, Screen::Title(t)) if t.list.is_some() => vec![Ctx::Saves],
            (None, Screen::Title(_)) => vec![Ctx::Title],
            (None, Screen::Game(g)) => vec![Ctx::Screen(g.tab), Ctx::Game],
            (None, Screen::Epilogue(_)) => vec![Ctx::Epilogue],
            (None, Screen::Viewer(v)) => vec![Ctx::Viewer, Ctx::Screen(v.g.tab), Ctx::Game],
        };
        v.push(Ctx::Always);
        v
    }

    /// The contexts whose keys the help overlay lists: the screen under it.
    pub fn help_contexts(&self) -> Vec<Ctx> {
        let mut v = match &self.screen {
            Screen::Title(t) if t.setup.is_some() => vec![Ctx::Setup, Ctx::Always],
            Screen::Title(t) if t.list.is_some() => vec![Ctx::Saves, Ctx::Always],
            Screen::Title(_) => vec![Ctx::Title, Ctx::Always],
            Screen::Viewer(v) => vec![Ctx::Viewer, Ctx::Screen(v.g.tab), Ctx::Game, Ctx::Always],
            Screen::Game(g) => vec![Ctx::Screen(g.tab), Ctx::Game, Ctx::Always],
            Screen::Epilogue(_) => vec![Ctx::Epilogue, Ctx::Always],
        };
        // Help over a storylet's window: its keys first, then the screen's beneath.
        if self
            .modals
            .iter()
            .any(|m| matches!(m, Modal::Choice { .. }))
        {
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
                return match view::hit(self, x, y) {
                    Some(m) => self.update(m),
                    None => vec![],
                };
            }
            _ => {}
        }
        if let Some(top) = self.modals.last_mut() {
            return match top {
                Modal::Help { scroll } => {
                    match msg {
                        Msg::Up => *scroll = scroll.saturating_sub(1),
                        Msg::Down => *scroll = scroll.saturating_add(1),
                        _ => {
                            self.modals.pop();
                        }
                    }
                    vec![]
                }
                Modal::Choice { pending, selected } => {
                    let (pending, selected) = (*pending, *selected);
                    self.update_choice(pending, selected, msg)
                }
                Modal::Prompt(p) => {
                    match msg {
                        Msg::Char(c) => p.push(c),
                        Msg::Erase => {
                            p.text.pop();
                        }
                        Msg::Back => {
                            self.modals.pop();
                        }
                        Msg::Open => {
                            let p = p.clone();
                            self.modals.pop();
                            return self.answer(&p);
                        }
                        _ => {}
                    }
                    vec![]
                }
                Modal::Notice { .. } => {
                    self.modals.pop();
                    vec![]
                }
                Modal::Confirm(c) => {
                    let c = c.clone();
                    self.modals.pop();
                    match (msg, c) {
                        (Msg::Yes, Confirm::Quit { .. }) => {
                            self.running = false;
                            vec![]
                        }
                        (Msg::Save, Confirm::Quit { .. }) => {
                            if let Some(g) = self.game() {
                                let name = g.session.default_name();
                                self.modals.push(Modal::Prompt(Prompt::new(
                                    PromptKind::SaveName { quit: true },
                                    name,
                                )));
                            }
                            vec![]
                        }
                        (Msg::Yes, Confirm::EndTurn { .. }) => {
                            vec![Action::Engine(Command::EndTurn)]
                        }
                        _ => vec![],
                    }
                }
            };
        }
        if msg == Msg::Help {
            self.modals.push(Modal::Help { scroll: 0 });
            return vec![];
        }
        match &mut self.screen {
            Screen::Viewer(v) => match v.update(msg) {
                viewer::Reply::Stay(flash) => {
                    self.flash = flash;
                    vec![]
                }
                viewer::Reply::Open(m) => {
                    self.modals.push(m);
                    vec![]
                }
                viewer::Reply::TakeOver(session) => {
                    let turn = session.turn_name(session.game().turn()).to_lowercase();
                    let from = v.file.clone();
                    self.screen = Screen::Game(Box::new(GameScreen::new(*session)));
                    self.flash = Some(format!(
                        "Took over after {turn}: a new game, branched from {from}."
                    ));
                    vec![Action::Autosave]
                }
                viewer::Reply::Back => self.back_to_title(),
                viewer::Reply::Quit => {
                    self.running = false;
                    vec![]
                }
            },
            Screen::Title(t) => {
                let (actions, quit, flash) = update_title(t, msg);
                if quit {
                    self.running = false;
                }
                self.flash = flash;
                actions
            }
            Screen::Game(g) if msg == Msg::Epilogue => {
                if g.session.game().is_over() {
                    self.open_epilogue();
                } else {
                    self.flash = Some(format!(
                        "The epilogue comes when the game is over ({}).",
                        g.session.turn_label()
                    ));
                }
                vec![]
            }
            Screen::Game(g) => {
                let (actions, modal, flash) = update_game(g, msg);
                if let Some(m) = modal {
                    self.modals.push(m);
                }
                self.flash = flash;
                actions
            }
            Screen::Epilogue(e) => {
                match msg {
                    Msg::Back => {
                        let placeholder = Screen::Title(Box::default());
                        if let Screen::Epilogue(e) =
                            std::mem::replace(&mut self.screen, placeholder)
                        {
                            self.screen = Screen::Game(e.game);
                        }
                        self.flash = Some(
                            "The game is over: look around its screens; e opens the epilogue again."
                                .into(),
                        );
                    }
                    Msg::Quit => self.modals.push(Modal::Confirm(Confirm::Quit {
                        unsaved: e.game.session.unsaved(),
                    })),
                    _ => update_epilogue(e, msg),
                }
                vec![]
            }
        }
    }

    /// A key in a storylet's window.
    fn update_choice(&mut self, pending: usize, selected: usize, msg: Msg) -> Vec<Action> {
        let Some(g) = self.game() else {
            self.modals.pop();
            return vec![];
        };
        let world = g.session.world();
        let state = g.session.game().state();
        let Some(p) = state.events.pending.get(pending) else {
            self.modals.pop();
            return vec![];
        };
        let n = p.choices.len().max(1);
        let mut actions = Vec::new();
        let mut set = None;
        match msg {
            Msg::Up => set = Some(selected.saturating_sub(1)),
            Msg::Down => set = Some((selected + 1).min(n - 1)),
            Msg::Open if events::choice_open(world, state, p, selected) => {
                actions.push(Action::Engine(Command::Choose {
                    storylet: p.storylet.clone(),
                    choice: selected as u32,
                }));
                self.modals.pop();
            }
            Msg::Open => {
                self.flash = Some(match events::choice_waits_for(world, state, p, selected) {
                    Some(why) => format!("Not open now: it {why}."),
                    None => "Not open now.".to_string(),
                });
            }
            Msg::Back | Msg::No => {
                self.flash = Some(format!(
                    "Later, then: c opens it again. If the turn ends first, it takes “{}”.",
                    p.choices.first().map_or("", String::as_str)
                ));
                self.modals.pop();
            }
            Msg::EndTurn => {
                self.modals.retain(|m| !matches!(m, Modal::Choice { .. }));
                if let Some(g) = self.game()
                    && !g.session.game().is_over()
                {
                    if g.session.last_turn_next() {
                        self.modals.push(Modal::Confirm(Confirm::EndTurn {
                            reasons: vec![last_turn_reason(g)],
                        }));
                    } else {
                        actions.push(Action::Engine(Command::EndTurn));
                    }
                }
            }
            Msg::Help => self.modals.push(Modal::Help { scroll: 0 }),
            Msg::Quit => {
                let unsaved = g.session.unsaved();
                self.modals.pop();
                self.modals.push(Modal::Confirm(Confirm::Quit { unsaved }));
            }
            _ => {}
        }
        if let (Some(v), Some(Modal::Choice { selected, .. })) = (set, self.modals.last_mut()) {
            *selected = v;
        }
        actions
    }

    /// Show the epilogue of a finished game.
    fn open_epilogue(&mut self) {
        let placeholder = Screen::Title(Box::default());
        match std::mem::replace(&mut self.screen, placeholder) {
            Screen::Game(g) => match EpilogueScreen::new(g) {
                Ok(e) => {
                    self.screen = Screen::Epilogue(Box::new(e));
                    self.flash = Some(
                        "The game is over. ←→ the story, the people, the roads not taken · Esc the game's screens"
                            .into(),
                    );
                }
                Err((g, why)) => {
                    self.screen = Screen::Game(g);
                    self.flash = Some(format!("No epilogue: {why}"));
                }
            },
            other => self.screen = other,
        }
    }

    /// Enter in a prompt.
    fn answer(&mut self, p: &Prompt) -> Vec<Action> {
        match p.kind {
            PromptKind::SaveName { quit } => vec![Action::Save {
                name: p.value().to_string(),
                quit,
            }],
            PromptKind::GoTo => {
                if let Screen::Viewer(v) = &mut self.screen {
                    match p.value().parse::<u32>() {
                        Ok(t) => {
                            if let Err(e) = v.seek(t) {
                                self.flash = Some(format!("Cannot show that turn: {e}"));
                            }
                        }
                        Err(_) => self.flash = Some("Type the turn's number, then Enter.".into()),
                    }
                }
                vec![]
            }
        }
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
            Outcome::Listed(saves) => {
                if let Screen::Title(t) = &mut self.screen {
                    t.saves = saves;
                    if let Some(l) = &mut t.list {
                        l.selected = l.selected.min(t.saves.len().saturating_sub(1));
                    }
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
                        note
                    }
                    Opened::Viewer { viewer, note } => {
                        self.flash = Some(format!(
                            "Replay of {}: Space plays, ←→ step, g jumps, t takes over.",
                            viewer.file
                        ));
                        self.screen = Screen::Viewer(viewer);
                        note
                    }
                };
                self.modals.clear();
                if let Some(text) = note {
                    self.modals.push(Modal::Notice {
                        title: "The content has changed".into(),
                        text,
                    });
                }
            }
            Outcome::Started(Ok(session)) => {
                self.screen = Screen::Game(Box::new(GameScreen::new(*session)));
                self.modals.clear();
                self.flash = Some(
                    "Welcome. 1–7 or Tab: screens · 7: policy · n: end the turn · ?: help".into(),
                );
            }
            Outcome::Started(Err(e)) => self.flash = Some(format!("Cannot start: {e}")),
            Outcome::Applied { command, result } => {
                let Screen::Game(g) = &mut self.screen else {
                    return vec![];
                };
                let ended_turn = matches!(result, Ok(Some(_)));
                self.flash = Some(match result {
                    Ok(Some(report)) => {
                        let before = g.session.last().map(|r| r.metrics.needs_met);
                        let now = report.metrics.needs_met;
                        let name = g.session.turn_name(report.turn);
                        g.session.record(*report);
                        g.chronicle.selected = 0;
                        g.attention = 0;
                        let change = match before {
                            Some(b) if now > b + 0.005 => {
                                let d = ((now - b) * 100.0).round() as usize;
                                format!(" (up {})", attention::plural(d, "point"))
                            }
                            Some(b) if now < b - 0.005 => {
                                let d = ((b - now) * 100.0).round() as usize;
                                format!(" (down {})", attention::plural(d, "point"))
                            }
                            _ => String::new(),
                        };
                        if g.session.game().is_over() {
                            format!(
                                "Game over after {}: needs met {:.0}%{change}.",
                                name.to_lowercase(),
                                now * 100.0
                            )
                        } else {
                            let waiting = unanswered(g);
                            let choice = match waiting.first() {
                                Some(&i) => format!(
                                    " A choice awaits: “{}”.",
                                    g.session.game().state().events.pending[i].title
                                ),
                                None => String::new(),
                            };
                            format!(
                                "{name} is over: needs met {:.0}%{change}. The Chronicle (6) says why.{choice}",
                                now * 100.0
                            )
                        }
                    }
                    Ok(None) if matches!(command, Command::Reload { .. }) => {
                        "Content reloaded from disk: its text, storylets and parameters apply from now.".into()
                    }
                    Ok(None) if matches!(command, Command::Choose { .. }) => format!(
                        "{}: it applies when the turn ends.",
                        policy::describe(g.session.world(), &command)
                    ),
                    Ok(None) => format!(
                        "Set {}; it takes effect when the turn ends.",
                        policy::describe(g.session.world(), &command)
                    ),
                    Err(e) => format!("Not done: {e}"),
                });
                g.rebuild();
                if g.session.game().is_over() {
                    self.open_epilogue();
                } else if let Some(&i) = unanswered(g).first() {
                    // A storylet waits: its window opens (after a turn, or after answering another).
                    self.modals.push(Modal::Choice {
                        pending: i,
                        selected: 0,
                    });
                }
                if ended_turn {
                    return vec![Action::Autosave];
                }
            }
        }
        vec![]
    }
}

/// Title menu and new-game setup. Returns (actions, quit, flash).
fn update_title(t: &mut TitleScreen, msg: Msg) -> (Vec<Action>, bool, Option<String>) {
    if let Some(setup) = &mut t.setup {
        let n = t.catalog.len().max(1);
        let m = t.mods.len().max(1);
        match (msg, setup.mod_cursor) {
            (Msg::NextTab | Msg::PrevTab, None) if !t.mods.is_empty() => {
                setup.mod_cursor = Some(0);
                return (vec![], false, None);
            }
            (Msg::NextTab | Msg::PrevTab, Some(_)) => {
                setup.mod_cursor = None;
                return (vec![], false, None);
            }
            (Msg::Up, Some(i)) => {
                setup.mod_cursor = Some((i + m - 1) % m);
                return (vec![], false, None);
            }
            (Msg::Down, Some(i)) => {
                setup.mod_cursor = Some((i + 1) % m);
                return (vec![], false, None);
            }
            (Msg::Toggle, Some(i)) => {
                if let Some(choice) = t.mods.get(i)
                    && !setup.mods.remove(&choice.id)
                {
                    setup.mods.insert(choice.id.clone());
                }
                return (vec![], false, None);
            }
            _ => {}
        }
        match msg {
            Msg::Up => setup.chosen = (setup.chosen + n - 1) % n,
            Msg::Down => setup.chosen = (setup.chosen + 1) % n,
            // At most 18 digits (fits a u64), and no leading zero.
            Msg::Digit(d) if setup.seed.len() < 18 && !(setup.seed.is_empty() && d == 0) => {
                setup.seed.push(char::from(b'0' + d));
            }
            Msg::Erase => {
                setup.seed.pop();
            }
            Msg::ClearSeed => setup.seed.clear(),
            Msg::Back => t.setup = None,
            Msg::Open => {
                let Some(choice) = t.catalog.get(setup.chosen) else {
                    return (vec![], false, Some("No scenario to play.".into()));
                };
                if let Some(p) = &choice.problem {
                    return (vec![], false, Some(format!("{}: {p}", choice.id)));
                }
                // Ticked mods made for other scenarios are left out (the screen says so).
                let mods = t
                    .mods
                    .iter()
                    .filter(|m| setup.mods.contains(&m.id) && m.fits(&choice.id))
                    .map(|m| m.id.clone())
                    .collect();
                return (
                    vec![Action::NewGame {
                        scenario: choice.id.clone(),
                        seed: setup.seed.parse().ok(),
                        mods,
                    }],
                    false,
                    None,
                );
            }
            _ => {}
        }
        return (vec![], false, None);
    }
    if let Some(l) = &mut t.list {
        let n = t.saves.len();
        match msg {
            Msg::Up => l.selected = nudge(l.selected, n, -1),
            Msg::Down => l.selected = nudge(l.selected, n, 1),
            Msg::PageUp => l.selected = nudge(l.selected, n, -PAGE),
            Msg::PageDown => l.selected = nudge(l.selected, n, PAGE),
            Msg::Select(i) => l.selected = i.min(n.saturating_sub(1)),
            Msg::Back | Msg::Quit => t.list = None,
            Msg::Open => {
                if let Some(row) = t.saves.get(l.selected) {
                    return (
                        vec![Action::Open {
                            path: row.path.clone(),
                            watch: l.watch,
                        }],
                        false,
                        None,
                    );
                }
            }
            _ => {}
        }
        return (vec![], false, None);
    }
    let n = MenuItem::ALL.len();
    match msg {
        Msg::Select(i) => t.menu = i.min(n - 1),
        Msg::Up => t.menu = (t.menu + n - 1) % n,
        Msg::Down => t.menu = (t.menu + 1) % n,
        Msg::Quit => return (vec![], true, None),
        Msg::Open => {
            let item = MenuItem::ALL[t.menu];
            if let Some(why) = item.unavailable(t) {
                return (vec![], false, Some(format!("{}: {why}.", item.label())));
            }
            match item {
                MenuItem::NewGame => t.setup = Some(t.preset.clone()),
                MenuItem::Quit => return (vec![], true, None),
                MenuItem::Continue => {
                    if let Some(l) = t.last_game() {
                        let path = l.path.clone();
                        return (vec![Action::Open { path, watch: false }], false, None);
                    }
                }
                MenuItem::Load | MenuItem::Replay => {
                    t.list = Some(SaveList {
                        watch: item == MenuItem::Replay,
                        selected: 0,
                    });
                    return (vec![Action::ListSaves], false, None);
                }
            }
        }
        _ => {}
    }
    (vec![], false, None)
}

/// A game's screens. Returns (actions, a modal to open, flash).
fn update_game(g: &mut GameScreen, msg: Msg) -> (Vec<Action>, Option<Modal>, Option<String>) {
    let mut flash = None;
    let mut modal = None;
    let mut actions = Vec::new();
    match msg {
        Msg::NextTab => g.tab = g.tab.next(),
        Msg::PrevTab => g.tab = g.tab.prev(),
        Msg::GoTab(t) => g.tab = t,
        Msg::Reload => actions.push(Action::Reload),
        Msg::Quit => {
            modal = Some(Modal::Confirm(Confirm::Quit {
                unsaved: g.session.unsaved(),
            }))
        }
        Msg::Save => {
            let name = g.session.default_name();
            modal = Some(Modal::Prompt(Prompt::new(
                PromptKind::SaveName { quit: false },
                name,
            )));
        }
        Msg::EndTurn => {
            if g.session.game().is_over() {
                flash = Some(format!(
                    "The game has {}. e: the epilogue and the roads not taken; q quits.",
                    g.session.turn_label()
                ));
            } else {
                let state = g.session.game().state();
                let mut reasons: Vec<String> = unanswered(g)
                    .into_iter()
                    .map(|i| {
                        let p = &state.events.pending[i];
                        format!(
                            "“{}” is waiting for your answer (c); the turn would take its first choice: “{}”.",
                            p.title,
                            p.choices.first().map_or("", String::as_str)
                        )
                    })
                    .collect();
                if g.session.last_turn_next() {
                    reasons.push(last_turn_reason(g));
                }
                if reasons.is_empty() {
                    actions.push(Action::Engine(Command::EndTurn));
                } else {
                    modal = Some(Modal::Confirm(Confirm::EndTurn { reasons }));
                }
            }
        }
        Msg::Choices => {
            let pending = &g.session.game().state().events.pending;
            match unanswered(g)
                .first()
                .copied()
                .or((!pending.is_empty()).then_some(0))
            {
                Some(i) => {
                    modal = Some(Modal::Choice {
                        pending: i,
                        selected: pending[i].answer.unwrap_or(0) as usize,
                    })
                }
                None => flash = Some("No storylet is waiting for an answer.".into()),
            }
        }
        _ => return screen_msg(g, msg),
    }
    (actions, modal, flash)
}

/// The storylets waiting for an answer the player has not given, by index into `pending`.
fn unanswered(g: &GameScreen) -> Vec<usize> {
    g.session
        .game()
        .state()
        .events
        .pending
        .iter()
        .enumerate()
        .filter(|(_, p)| p.answer.is_none())
        .map(|(i, _)| i)
        .collect()
}

fn last_turn_reason(g: &GameScreen) -> String {
    format!(
        "This is the last {}: the game ends with it.",
        g.session.world().scenario.meta.turn_unit
    )
}

/// Keys on the epilogue: parts, members, scrolling.
fn update_epilogue(e: &mut EpilogueScreen, msg: Msg) {
    let d: isize = match msg {
        Msg::Up => -1,
        Msg::Down => 1,
        Msg::PageUp => -PAGE,
        Msg::PageDown => PAGE,
        _ => 0,
    };
    match msg {
        Msg::Right | Msg::NextTab => {
            e.part = e.part.step(1);
            e.scroll = 0;
        }
        Msg::Left | Msg::PrevTab => {
            e.part = e.part.step(-1);
            e.scroll = 0;
        }
        Msg::Select(i) if e.part == Part::People => {
            e.member = i.min(e.epilogue.members.len().saturating_sub(1));
        }
        _ if d != 0 && e.part == Part::People => {
            e.member = nudge(e.member, e.epilogue.members.len(), d);
        }
        _ if d != 0 => e.scroll = (e.scroll as isize + d).clamp(0, u16::MAX as isize) as u16,
        _ => {}
    }
}

/// Move a selection within `0..len` by `d` rows, clamped.
fn nudge(at: usize, len: usize, d: isize) -> usize {
    if len == 0 {
        return 0;
    }
    at.saturating_add_signed(d).min(len - 1)
}

/// Rows a page of the chronicle moves.
const PAGE: isize = 10;

/// Messages that belong to the current tab.
pub(crate) fn screen_msg(
    g: &mut GameScreen,
    msg: Msg,
) -> (Vec<Action>, Option<Modal>, Option<String>) {
    let d = match msg {
        Msg::Up => -1,
        Msg::Down => 1,
        Msg::PageUp => -PAGE,
        Msg::PageDown => PAGE,
        Msg::Top => isize::MIN / 2,
        Msg::Bottom => isize::MAX / 2,
        _ => 0,
    };
    let mut actions = Vec::new();
    let mut flash = None;
    if let Msg::Select(i) = msg {
        match g.tab {
            Tab::Members => {
                if let Some(m) = g.member_order().get(i) {
                    g.members.selected = *m;
                }
            }
            Tab::Chronicle => g.chronicle.selected = i.min(g.lines.len().saturating_sub(1)),
            Tab::Policy => g.policy = i.min(policy::rows(g.session.world()).len() - 1),
            _ => {}
        }
        return (actions, None, flash);
    }
    match g.tab {
        Tab::Overview => {
            let items = attention::items(&g.session, g.replay);
            g.attention = nudge(g.attention, items.len(), d);
            if msg == Msg::Open
                && let Some(item) = items.get(g.attention)
            {
                g.tab = item.tab;
                if let Some(m) = item.member {
                    g.members.selected = m;
                    g.bonds = m;
                }
                if let Some(good) = item.good {
                    g.market = good;
                    // The agenda row of this good, and of this member's item if there is one.
                    let rows = g.agenda();
                    let of_good = |row: &AgendaRow| {
                        g.session
                            .last()
                            .is_some_and(|r| r.goods[row.good_report].good == good)
                    };
                    let of_member = |row: &AgendaRow| {
                        let r = g.session.last();
                        match (r, row.item, item.member) {
                            (Some(r), Some(i), Some(m)) => {
                                match &r.goods[row.good_report].layers[row.layer].detail {
                                    LayerDetail::Meeting(rec) => rec.items[i].member == m,
                                    _ => false,
                                }
                            }
                            _ => false,
                        }
                    };
                    if let Some(i) = rows
                        .iter()
                        .position(|row| of_good(row) && of_member(row))
                        .or_else(|| rows.iter().position(of_good))
                    {
                        g.meeting = i;
                    }
                }
            }
        }
        Tab::Members => {
            let order = g.member_order();
            match msg {
                Msg::Sort => {
                    let i = SortKey::ALL
                        .iter()
                        .position(|k| *k == g.members.sort)
                        .unwrap_or(0);
                    g.members.sort = SortKey::ALL[(i + 1) % SortKey::ALL.len()];
                    flash = Some(format!("Sorted by {}.", g.members.sort.name()));
                }
                Msg::Reverse => g.members.reverse = !g.members.reverse,
                _ if d != 0 => {
                    let at = order
                        .iter()
                        .position(|m| *m == g.members.selected)
                        .unwrap_or(0);
                    if let Some(m) = order.get(nudge(at, order.len(), d)) {
                        g.members.selected = *m;
                    }
                }
                _ => {}
            }
        }
        Tab::Meeting => g.meeting = nudge(g.meeting, g.agenda().len(), d),
        Tab::Market => g.market = nudge(g.market, g.session.world().goods.len(), d),
        Tab::Bonds => {
            let present: Vec<MemberId> = g.session.game().state().present().collect();
            let at = present.iter().position(|m| *m == g.bonds).unwrap_or(0);
            if let Some(m) = present.get(nudge(at, present.len(), d)) {
                g.bonds = *m;
            }
        }
        Tab::Chronicle => {
            g.chronicle.selected = nudge(g.chronicle.selected, g.lines.len(), d);
            if msg == Msg::Open
                && let Some(line) = g.lines.get(g.chronicle.selected)
            {
                if line.why.is_empty() {
                    flash = Some("Nothing more to say about this line.".into());
                } else if !g.chronicle.open.remove(&line.key) {
                    g.chronicle.open.insert(line.key);
                }
            }
        }
        Tab::Policy => {
            let world = g.session.world();
            let rows = policy::rows(world);
            g.policy = nudge(g.policy, rows.len(), d);
            let row = rows[g.policy.min(rows.len() - 1)];
            let state = g.session.game().state();
            let cmd = match msg {
                Msg::Right | Msg::Open => row.step(world, state, 1),
                Msg::Left => row.step(world, state, -1),
                Msg::Fallback => {
                    let c = row.next_fallback(world, state);
                    if c.is_none() {
                        flash = Some("Only a good has a fallback.".into());
                    }
                    c
                }
                _ => None,
            };
            if g.session.game().is_over() && cmd.is_some() {
                flash = Some("The game is over: nothing more can change.".into());
            } else if let Some(c) = cmd {
                actions.push(Action::Engine(c));
            }
        }
    }
    (actions, None, flash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::sim::SimSpec;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn app() -> App {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        App::in_game(Theme::plain(), Session::new(world, 7))
    }

    fn key(app: &App, c: KeyCode) -> Option<Msg> {
        app.translate(&Event::Key(KeyEvent::new(c, KeyModifiers::NONE)))
    }

    /// Press keys as the shell would handle them; returns every action carried out.
    fn press(app: &mut App, keys: &[KeyCode]) -> Vec<Action> {
        let mut all = Vec::new();
        for &k in keys {
            if let Some(msg) = key(app, k) {
                all.extend(crate::tui::dispatch(app, msg));
            }
        }
        all
    }

    #[test]
    fn n_and_space_end_the_turn() {
        let mut a = app();
        assert_eq!(key(&a, KeyCode::Char('n')), Some(Msg::EndTurn));
        let actions = press(&mut a, &[KeyCode::Char('n'), KeyCode::Char(' ')]);
        assert_eq!(
            actions,
            vec![
                Action::Engine(Command::EndTurn),
                Action::Autosave,
                Action::Engine(Command::EndTurn),
                Action::Autosave
            ]
        );
        assert_eq!(a.game().unwrap().session.reports().len(), 2);
        assert!(a.flash.as_deref().unwrap().starts_with("Month 2 is over"));
    }

    #[test]
    fn tabs_by_number_tab_key_and_back_tab() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('7')]);
        assert_eq!(a.game().unwrap().tab, Tab::Policy);
        press(&mut a, &[KeyCode::Tab]);
        assert_eq!(a.game().unwrap().tab, Tab::Overview);
        press(&mut a, &[KeyCode::BackTab, KeyCode::BackTab]);
        assert_eq!(a.game().unwrap().tab, Tab::Chronicle);
    }

    #[test]
    fn policy_keys_become_engine_commands() {
        let mut a = app();
        // Grain is the first row: → puts it under Exchange; f gives it a fallback.
        let actions = press(
            &mut a,
            &[KeyCode::Char('7'), KeyCode::Right, KeyCode::Char('f')],
        );
        assert_eq!(
            actions,
            vec![
                Action::Engine(Command::SetRegime {
                    good: "grain".into(),
                    regime: Regime::Exchange,
                    fallback: None
                }),
                Action::Engine(Command::SetRegime {
                    good: "grain".into(),
                    regime: Regime::Exchange,
                    fallback: Some(Regime::Commons)
                }),
            ]
        );
        // Down to the decision rule (after the six goods), then change it.
        let mut keys = vec![KeyCode::Down; 6];
        keys.push(KeyCode::Enter);
        let actions = press(&mut a, &keys);
        assert_eq!(
            actions,
            vec![Action::Engine(Command::SetDecisionRule(
                crate::engine::policy::DecisionRule::Consensus
            ))]
        );
        assert!(
            a.flash
                .as_deref()
                .unwrap()
                .contains("takes effect when the turn ends")
        );
    }

    #[test]
    fn quitting_a_game_asks_first() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('q')]);
        assert!(a.running);
        assert_eq!(
            a.modals,
            vec![Modal::Confirm(Confirm::Quit { unsaved: false })]
        );
        // In the question, n means no (not "end the turn").
        let actions = press(&mut a, &[KeyCode::Char('n')]);
        assert!(actions.is_empty() && a.modals.is_empty() && a.running);
        press(&mut a, &[KeyCode::Char('q'), KeyCode::Char('y')]);
        assert!(!a.running);
    }

    /// `agora --scenario FOLDER` offers that folder on the new-game screen, chosen, even
    /// when it is not in the catalog, and keeps it there after a game.
    #[test]
    fn a_scenario_folder_from_the_command_line_is_offered_and_played() {
        let dir = tempfile::tempdir().unwrap();
        let src =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/riverside");
        for f in std::fs::read_dir(&src).unwrap() {
            let f = f.unwrap().path();
            let text = std::fs::read_to_string(&f)
                .unwrap()
                .replace("name: \"Riverside\"", "name: \"Riverside, my copy\"");
            std::fs::write(dir.path().join(f.file_name().unwrap()), text).unwrap();
        }
        let folder = dir.path().to_str().unwrap().to_string();
        let opts = Options {
            scenario: Some(folder.clone()),
            seed: Some(3),
            saves: dir.path().join("saves"),
            ..Default::default()
        };
        let mut a = App::new(Theme::plain(), catalog(opts.scenario.as_deref()), &opts);
        press(&mut a, &[KeyCode::Enter, KeyCode::Enter]);
        let g = a.game().expect("the game starts");
        assert_eq!(g.session.world().scenario.meta.name, "Riverside, my copy");
        a.back_to_title();
        let Screen::Title(t) = &a.screen else {
            panic!("back on the title");
        };
        let mine = t.catalog.iter().find(|c| c.id == folder).unwrap();
        let base = dir.path().file_name().unwrap().to_string_lossy();
        assert_eq!(mine.name, format!("Riverside, my copy ({base}/)"));
        assert_eq!(catalog(None).iter().filter(|c| c.id == folder).count(), 0);
    }

    #[test]
    fn mods_are_ticked_on_the_new_game_screen() {
        let opts = Options {
            scenario: Some("riverside".into()),
            seed: Some(3),
            ..Default::default()
        };
        let mut a = App::new(Theme::plain(), catalog(None), &opts);
        press(&mut a, &[KeyCode::Enter, KeyCode::Tab]);
        let Screen::Title(t) = &a.screen else {
            panic!("still on the title screen");
        };
        let at = t.mods.iter().position(|m| m.id == "midwife").unwrap();
        assert_eq!(t.setup.as_ref().unwrap().mod_cursor, Some(0));
        for _ in 0..at {
            press(&mut a, &[KeyCode::Down]);
        }
        // Space ticks, twice unticks, three times ticks again; Tab goes back to scenarios.
        press(
            &mut a,
            &[KeyCode::Char(' '), KeyCode::Char(' '), KeyCode::Char(' ')],
        );
        press(&mut a, &[KeyCode::Tab]);
        let Screen::Title(t) = &a.screen else {
            panic!("still on the title screen");
        };
        assert_eq!(t.setup.as_ref().unwrap().mod_cursor, None);
        let actions = dispatch_only(&mut a, Msg::Open);
        assert_eq!(
            actions,
            vec![Action::NewGame {
                scenario: "riverside".into(),
                seed: Some(3),
                mods: vec!["midwife".into()],
            }]
        );
    }

    /// The actions `update` asks for, without carrying them out.
    fn dispatch_only(app: &mut App, msg: Msg) -> Vec<Action> {
        app.update(msg)
    }

    #[test]
    fn help_opens_over_any_screen_and_esc_closes_it() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('3'), KeyCode::Char('?')]);
        assert_eq!(a.modals, vec![Modal::Help { scroll: 0 }]);
        assert_eq!(a.contexts(), vec![Ctx::Help, Ctx::Always]);
        assert_eq!(
            a.help_contexts(),
            vec![Ctx::Screen(Tab::Meeting), Ctx::Game, Ctx::Always]
        );
        // n does not end the turn under help.
        assert!(press(&mut a, &[KeyCode::Char('n')]).is_empty());
        press(&mut a, &[KeyCode::Char('?'), KeyCode::Esc]);
        assert!(a.modals.is_empty());
    }

    #[test]
    fn the_last_turn_asks_for_confirmation() {
        let (world, _) = SimSpec::load("riverside", Some(2)).unwrap();
        let mut a = App::in_game(Theme::plain(), Session::new(world, 1));
        press(&mut a, &[KeyCode::Char('n')]);
        let actions = press(&mut a, &[KeyCode::Char('n')]);
        assert!(actions.is_empty());
        assert!(matches!(
            a.modals[..],
            [Modal::Confirm(Confirm::EndTurn { .. })]
        ));
        let actions = press(&mut a, &[KeyCode::Enter]);
        assert_eq!(
            actions,
            vec![Action::Engine(Command::EndTurn), Action::Autosave]
        );
        assert!(a.game().unwrap().session.game().is_over());
        // The end of the game opens the epilogue; Esc goes back to the game's screens.
        assert!(matches!(a.screen, Screen::Epilogue(_)));
        assert!(press(&mut a, &[KeyCode::Char('n')]).is_empty());
        press(&mut a, &[KeyCode::Esc]);
        assert!(press(&mut a, &[KeyCode::Char('n')]).is_empty());
        assert!(a.flash.as_deref().unwrap().contains("game has ended"));
    }

    #[test]
    fn title_menu_new_game_with_a_typed_seed() {
        let choice = ScenarioChoice {
            id: "riverside".into(),
            name: "Riverside".into(),
            description: String::new(),
            question: String::new(),
            turns: 40,
            turn_unit: "month".into(),
            members: 17,
            goods: 6,
            problem: None,
        };
        let mut a = App::new(Theme::plain(), vec![choice], &Options::default());
        // No saves yet: the menu says so rather than pretending.
        press(&mut a, &[KeyCode::Down, KeyCode::Enter]);
        assert!(a.flash.as_deref().unwrap().contains("no saved game"));
        let actions = press(
            &mut a,
            &[
                KeyCode::Up,
                KeyCode::Enter,
                KeyCode::Char('4'),
                KeyCode::Char('2'),
                KeyCode::Char('9'),
                KeyCode::Backspace,
                KeyCode::Enter,
            ],
        );
        assert_eq!(
            actions,
            vec![Action::NewGame {
                scenario: "riverside".into(),
                seed: Some(42),
                mods: vec![],
            }]
        );
        // q on the title quits without asking: there is no game to lose.
        let mut b = App::new(Theme::plain(), vec![], &Options::default());
        press(&mut b, &[KeyCode::Char('q')]);
        assert!(!b.running);
    }

    #[test]
    fn members_sort_keeps_the_selected_member() {
        let mut a = app();
        press(&mut a, &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Down]);
        let g = a.game().unwrap();
        let sel = g.members.selected;
        assert_eq!(sel, g.member_order()[2]);
        press(&mut a, &[KeyCode::Char('o'), KeyCode::Char('O')]);
        let g = a.game().unwrap();
        assert_eq!(g.members.sort, SortKey::Name);
        assert!(g.members.reverse);
        assert_eq!(g.members.selected, sel);
    }

    #[test]
    fn clicks_on_tabs_and_rows_and_the_wheel() {
        let mut a = app();
        a.area = Rect::new(0, 0, 80, 24);
        // The tab row is the second line; "6 Chronicle" starts after five labels.
        let (tab, r) = crate::tui::view::tab_rects(crate::tui::view::areas(a.area).tabs)[5];
        assert_eq!(tab, Tab::Chronicle);
        crate::tui::dispatch(&mut a, Msg::Click { x: r.x + 2, y: r.y });
        assert_eq!(a.game().unwrap().tab, Tab::Chronicle);
        // Members: a click on the third row selects the third member; the wheel moves on.
        crate::tui::dispatch(&mut a, Msg::GoTab(Tab::Members));
        let body = crate::tui::view::areas(a.area).body;
        crate::tui::dispatch(
            &mut a,
            Msg::Click {
                x: body.x + 5,
                y: body.y + 4,
            },
        );
        let g = a.game().unwrap();
        assert_eq!(g.members.selected, g.member_order()[2]);
        crate::tui::dispatch(&mut a, Msg::ScrollDown);
        let g = a.game().unwrap();
        assert_eq!(g.members.selected, g.member_order()[3]);
        // A click outside anything does nothing; under a too-small terminal neither.
        crate::tui::dispatch(&mut a, Msg::Click { x: 79, y: 23 });
        a.area = Rect::new(0, 0, 40, 10);
        crate::tui::dispatch(&mut a, Msg::Click { x: r.x + 2, y: r.y });
        assert_eq!(a.game().unwrap().tab, Tab::Members);
    }

    #[test]
    fn resize_and_mouse_events_become_messages() {
        use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
        let a = app();
        assert_eq!(
            a.translate(&Event::Resize(100, 30)),
            Some(Msg::Resize { w: 100, h: 30 })
        );
        let mouse = |kind| {
            Event::Mouse(MouseEvent {
                kind,
                column: 3,
                row: 1,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            a.translate(&mouse(MouseEventKind::Down(MouseButton::Left))),
            Some(Msg::Click { x: 3, y: 1 })
        );
        assert_eq!(a.translate(&mouse(MouseEventKind::Moved)), None);
    }

    #[test]
    fn chronicle_lines_open_and_close() {
        let mut a = app();
        // Esc puts off the storylet that may be waiting after the turn.
        press(
            &mut a,
            &[
                KeyCode::Char('n'),
                KeyCode::Esc,
                KeyCode::Char('6'),
                KeyCode::Enter,
            ],
        );
        let g = a.game().unwrap();
        assert_eq!(g.chronicle.open.len(), 1);
        press(&mut a, &[KeyCode::Enter]);
        assert!(a.game().unwrap().chronicle.open.is_empty());
    }

    /// Play turns until a storylet is waiting (its window open); panics if none comes.
    fn until_choice(a: &mut App) {
        for _ in 0..10 {
            if matches!(a.modals.last(), Some(Modal::Choice { .. })) {
                return;
            }
            a.modals.clear();
            crate::tui::dispatch(a, Msg::EndTurn);
            if let Some(Modal::Confirm(_)) = a.modals.last() {
                crate::tui::dispatch(a, Msg::Yes);
            }
        }
        panic!("no storylet came up in ten turns");
    }

    #[test]
    fn a_storylet_waits_in_its_window_and_is_answered_by_a_command() {
        let mut a = app();
        until_choice(&mut a);
        assert_eq!(a.contexts(), vec![Ctx::Choice, Ctx::Always]);
        let g = a.game().unwrap();
        let p = g.session.game().state().events.pending[0].clone();
        // Move to the last open choice and answer it.
        let world = g.session.world();
        let last_open = (0..p.choices.len())
            .rev()
            .find(|&c| crate::engine::events::choice_open(world, g.session.game().state(), &p, c))
            .unwrap();
        let mut keys = vec![KeyCode::Down; last_open];
        keys.push(KeyCode::Enter);
        let actions = press(&mut a, &keys);
        assert_eq!(
            actions,
            vec![Action::Engine(Command::Choose {
                storylet: p.storylet.clone(),
                choice: last_open as u32
            })]
        );
        assert!(a.modals.is_empty());
        assert!(
            a.flash
                .as_deref()
                .unwrap()
                .contains("applies when the turn ends")
        );
        // The Overview counts it as an answer waiting, not as a policy change.
        let texts: Vec<String> = crate::tui::attention::items(&a.game().unwrap().session, false)
            .into_iter()
            .map(|i| i.text)
            .collect();
        assert!(
            texts.contains(&"1 storylet answer waiting for the end of the turn (n).".to_string()),
            "{texts:?}"
        );
        assert!(
            !texts.iter().any(|t| t.contains("policy change")),
            "{texts:?}"
        );
        // c opens it again, showing the answer; Esc puts it off.
        press(&mut a, &[KeyCode::Char('c')]);
        assert!(matches!(
            a.modals[..],
            [Modal::Choice { selected, .. }] if selected == last_open
        ));
        press(&mut a, &[KeyCode::Esc]);
        assert!(a.modals.is_empty());
    }

    #[test]
    fn ending_a_turn_with_a_storylet_unanswered_asks_first() {
        let mut a = app();
        until_choice(&mut a);
        press(&mut a, &[KeyCode::Esc]);
        // From the screens, n asks: the storylet would take its first choice.
        let actions = press(&mut a, &[KeyCode::Char('n')]);
        assert!(actions.is_empty());
        let Some(Modal::Confirm(Confirm::EndTurn { reasons })) = a.modals.last() else {
            panic!("{:?}", a.modals);
        };
        assert!(
            reasons[0].contains("waiting for your answer"),
            "{reasons:?}"
        );
        let actions = press(&mut a, &[KeyCode::Char('y')]);
        assert_eq!(
            actions,
            vec![Action::Engine(Command::EndTurn), Action::Autosave]
        );
        // In the storylet's own window, n ends the turn at once.
        until_choice(&mut a);
        let turn = a.game().unwrap().session.game().turn();
        let actions = press(&mut a, &[KeyCode::Char('n')]);
        assert_eq!(
            actions,
            vec![Action::Engine(Command::EndTurn), Action::Autosave]
        );
        assert_eq!(a.game().unwrap().session.game().turn(), turn + 1);
    }

    #[test]
    fn the_epilogue_has_three_parts_and_goes_back_to_the_game() {
        let (world, _) = SimSpec::load("dry-year", Some(6)).unwrap();
        let mut a = App::in_game(Theme::plain(), Session::new(world, 2));
        for _ in 0..12 {
            if matches!(a.screen, Screen::Epilogue(_)) {
                break;
            }
            a.modals.clear();
            crate::tui::dispatch(&mut a, Msg::EndTurn);
            if let Some(Modal::Confirm(_)) = a.modals.last() {
                crate::tui::dispatch(&mut a, Msg::Yes);
            }
        }
        let Screen::Epilogue(e) = &a.screen else {
            panic!("the game's end opens the epilogue");
        };
        assert_eq!(e.part, Part::Story);
        assert_eq!(e.roads.roads.len(), 4);
        // The player's road is this very game.
        assert_eq!(e.roads.roads[0].game.hash(), e.game.session.game().hash());
        assert_eq!(a.contexts(), vec![Ctx::Epilogue, Ctx::Always]);
        press(&mut a, &[KeyCode::Right, KeyCode::Down, KeyCode::Down]);
        let Screen::Epilogue(e) = &a.screen else {
            unreachable!()
        };
        assert_eq!((e.part, e.member), (Part::People, 2));
        press(&mut a, &[KeyCode::Right, KeyCode::Right]);
        let Screen::Epilogue(e) = &a.screen else {
            unreachable!()
        };
        assert_eq!(e.part, Part::Story, "the parts go round");
        press(&mut a, &[KeyCode::Esc]);
        assert!(matches!(a.screen, Screen::Game(_)));
        press(&mut a, &[KeyCode::Char('e')]);
        assert!(matches!(a.screen, Screen::Epilogue(_)));
    }

    #[test]
    fn overview_enter_goes_where_the_problem_is_explained() {
        let mut a = app();
        press(&mut a, &[KeyCode::Enter]);
        // Before the first turn the only item points at Policy.
        assert_eq!(a.game().unwrap().tab, Tab::Policy);
    }

    /// An app in a game whose saves go to a fresh folder.
    fn app_saving() -> (App, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app();
        a.saves = dir.path().to_path_buf();
        (a, dir)
    }

    /// End `n` turns, letting waiting storylets take their first choice.
    fn turns(a: &mut App, n: usize) {
        for _ in 0..n {
            a.modals.clear();
            press(a, &[KeyCode::Char('n')]);
            if let Some(Modal::Confirm(_)) = a.modals.last() {
                press(a, &[KeyCode::Char('y')]);
            }
            a.modals.clear();
        }
    }

    #[test]
    fn every_turn_autosaves_and_s_saves_under_a_name() {
        let (mut a, dir) = app_saving();
        turns(&mut a, 1);
        assert!(dir.path().join("autosave-1.ron").exists());
        assert!(a.game().unwrap().session.unsaved());
        press(&mut a, &[KeyCode::Char('s')]);
        let Some(Modal::Prompt(p)) = a.modals.last() else {
            panic!("{:?}", a.modals);
        };
        assert_eq!(p.default, "riverside month 1");
        // In the prompt every letter types (n does not end the turn); nothing escapes the folder.
        let typed: Vec<KeyCode> = "../My gamex".chars().map(KeyCode::Char).collect();
        press(&mut a, &typed);
        press(&mut a, &[KeyCode::Backspace]);
        let actions = press(&mut a, &[KeyCode::Enter]);
        assert_eq!(
            actions,
            vec![Action::Save {
                name: "../My game".into(),
                quit: false
            }]
        );
        let path = dir.path().join("My_game.ron");
        assert!(
            a.flash.as_deref().unwrap().starts_with("Saved to"),
            "{:?}",
            a.flash
        );
        assert!(!a.game().unwrap().session.unsaved());
        let save = crate::save::Save::read(&path).unwrap();
        assert_eq!(save.load().unwrap().turn(), 1);
        // Esc cancels a prompt.
        press(&mut a, &[KeyCode::Char('s'), KeyCode::Esc]);
        assert!(a.modals.is_empty());
    }

    #[test]
    fn a_failed_autosave_says_so_and_the_game_goes_on() {
        let (mut a, dir) = app_saving();
        // A file where the folder should be.
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        a.saves = file;
        press(&mut a, &[KeyCode::Char('n')]);
        assert!(a.running);
        assert!(
            a.flash.as_deref().unwrap().contains("autosave failed"),
            "{:?}",
            a.flash
        );
        assert_eq!(a.game().unwrap().session.game().turn(), 1);
    }

    #[test]
    fn quitting_with_unsaved_changes_offers_to_save() {
        let (mut a, dir) = app_saving();
        turns(&mut a, 1);
        press(&mut a, &[KeyCode::Char('q')]);
        assert_eq!(
            a.modals,
            vec![Modal::Confirm(Confirm::Quit { unsaved: true })]
        );
        press(&mut a, &[KeyCode::Char('s')]);
        assert!(matches!(
            a.modals.last(),
            Some(Modal::Prompt(Prompt {
                kind: PromptKind::SaveName { quit: true },
                ..
            }))
        ));
        press(&mut a, &[KeyCode::Enter]);
        assert!(!a.running);
        assert!(dir.path().join("riverside_month_1.ron").exists());
    }

    #[test]
    fn continue_prefers_a_game_in_progress_to_a_newer_finished_one() {
        let (mut a, dir) = app_saving();
        turns(&mut a, 2);
        let newest = crate::save::store::newest_autosave(dir.path()).unwrap();
        let mut done = crate::save::Save::read(&newest).unwrap();
        done.header.ended = true;
        done.header.created += 100;
        crate::save::store::write_named(dir.path(), "done", &done).unwrap();
        let opts = Options {
            saves: dir.path().to_path_buf(),
            ..Default::default()
        };
        let t = App::new(Theme::plain(), catalog(None), &opts);
        let Screen::Title(title) = &t.screen else {
            panic!("the title screen")
        };
        assert_eq!(
            title.saves[0].file, "done.ron",
            "the finished game is newest"
        );
        let last = title.last_game().expect("a game to continue");
        assert!(last.autosave, "{}", last.file);
    }

    #[test]
    fn the_title_continues_loads_and_watches_saves() {
        let (mut a, dir) = app_saving();
        turns(&mut a, 3);
        let hash = a.game().unwrap().session.game().hash();
        let broken = dir.path().join("broken.ron");
        std::fs::write(&broken, "(format_version: 1, hea").unwrap();
        let opts = Options {
            saves: dir.path().to_path_buf(),
            ..Default::default()
        };
        let title = || App::new(Theme::plain(), catalog(None), &opts);
        // The cursor starts on Continue, which opens the newest autosave, every turn replayed.
        let mut t = title();
        press(&mut t, &[KeyCode::Enter]);
        let g = t.game().expect("continued");
        assert_eq!(g.session.game().hash(), hash);
        assert_eq!(g.session.game().turn(), 3, "{:?}", t.flash);
        assert_eq!(g.session.reports().len(), 3);
        assert!(!g.session.unsaved());
        // Load: the list, newest first, the damaged file last; Enter on it says why.
        let mut t = title();
        press(&mut t, &[KeyCode::Down, KeyCode::Enter]);
        assert_eq!(t.contexts(), vec![Ctx::Saves, Ctx::Always]);
        let Screen::Title(ts) = &t.screen else {
            unreachable!()
        };
        let files: Vec<&str> = ts.saves.iter().map(|l| l.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "autosave-3.ron",
                "autosave-2.ron",
                "autosave-1.ron",
                "broken.ron"
            ]
        );
        press(&mut t, &[KeyCode::Down, KeyCode::Down, KeyCode::Down]);
        press(&mut t, &[KeyCode::Enter]);
        assert!(matches!(t.screen, Screen::Title(_)));
        let f = t.flash.clone().unwrap();
        assert!(f.starts_with("broken.ron: the save is corrupt"), "{f}");
        assert_eq!(std::fs::read(&broken).unwrap(), b"(format_version: 1, hea");
        // Watch: Enter on the newest opens the viewer at the start.
        press(
            &mut t,
            &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter, KeyCode::Enter],
        );
        let Screen::Viewer(v) = &t.screen else {
            panic!("the viewer opens");
        };
        assert_eq!((v.turn(), v.last()), (0, 3));
        assert_eq!(t.contexts()[0], Ctx::Viewer);
        // Space plays (the loop then wakes for ticks); a tick plays a turn.
        press(&mut t, &[KeyCode::Char(' ')]);
        assert!(t.tick().is_some());
        crate::tui::dispatch(&mut t, Msg::Tick);
        // g, digits and Enter jump; the screens are read-only.
        press(
            &mut t,
            &[KeyCode::Char('g'), KeyCode::Char('2'), KeyCode::Enter],
        );
        let Screen::Viewer(v) = &t.screen else {
            unreachable!()
        };
        assert_eq!(v.turn(), 2);
        press(&mut t, &[KeyCode::Char('n')]);
        assert!(t.flash.as_deref().unwrap().contains("replay"));
        // Take over: a new game from turn 2 whose autosave names its parent and verifies.
        let actions = press(&mut t, &[KeyCode::Char('t')]);
        assert_eq!(actions, vec![Action::Autosave]);
        let g = t.game().expect("a game again");
        assert_eq!(g.session.game().turn(), 2);
        let newest = crate::save::store::newest_autosave(dir.path()).unwrap();
        let save = crate::save::Save::read(&newest).unwrap();
        let parent = save.parent.clone().expect("the parent is recorded");
        assert_eq!((parent.save.as_str(), parent.turn), ("autosave-3.ron", 2));
        assert_eq!(save.verify().unwrap().turn(), 2);
        // The save lists know it is a branch (shown in the selected save's details).
        let listed = crate::save::store::list(dir.path());
        let branch = listed.iter().find(|l| l.path == newest).unwrap();
        assert_eq!(branch.parent.as_ref(), Some(&parent));
        assert!(
            listed
                .iter()
                .filter(|l| l.path != newest)
                .all(|l| l.parent.is_none())
        );
        // Esc in a viewer goes back to the title.
        let mut t = title();
        press(
            &mut t,
            &[KeyCode::Down, KeyCode::Down, KeyCode::Down, KeyCode::Enter],
        );
        press(&mut t, &[KeyCode::Enter, KeyCode::Esc]);
        assert!(matches!(t.screen, Screen::Title(_)));
    }
}
