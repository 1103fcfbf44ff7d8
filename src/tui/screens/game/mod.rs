//! A game in progress: the session and its seven screens (tabs), each its own module. The
//! game routes keys to the tab shown, handles those of every tab (turns, saves, quitting)
//! and draws the frame around the tab: header, tab row, body.

pub mod audit;
pub mod bonds;
pub mod chronicle;
pub mod goals;
pub mod market;
pub mod meeting;
pub mod members;
pub mod overview;
pub mod policy;
pub mod record;
pub mod ties;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::engine::world::difficulty::Difficulty;
use crate::engine::{Command, CommandError, GoodId, MemberId, TurnReport};
use crate::story::crisis;
use crate::tui::attention::{self, Item};
use crate::tui::components::confirm::{self, Confirm};
use crate::tui::components::{Choice, CrisisCard, Modal, Prompt, PromptKind};
use crate::tui::frame::areas;
use crate::tui::keys::{Act, BACKTAB, Binding, Key, TAB, bind, ch, send};
use crate::tui::msg::{Action, Msg, Tab};
use crate::tui::screens::{Go, Reply};
use crate::tui::session::Session;
use crate::tui::settings;
use crate::tui::theme::Theme;

use bonds::Bonds;
use chronicle::Chronicle;
use market::Market;
use meeting::Meeting;
use members::Members;
use overview::Overview;
use policy::Policy;

const TAB_DIGITS: &[Key] = &[
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
];

/// Keys of every screen of a game.
#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[ch('n')],        "n",         Msg::EndTurn,     Some("end turn"),
         "end the turn: the community acts on your policy (the one key that does)"),
    send(&[ch('N')],        "N",         Msg::Advance,     Some("go on"),
         "end months one after another until something needs you (a crisis, a choice, a goal at risk, something new to attend to)"),
    bind(TAB_DIGITS,        "1–7",       Act::TabByNumber, None,
         "screens: Overview, Members, Meeting, Market, Bonds, Chronicle, Policy"),
    send(&[TAB],            "Tab",       Msg::NextTab,     None,
         "next screen"),
    send(&[ch('R')],        "R",         Msg::Reload,      None,
         "reload the scenario and mods from disk (on errors the old content stays)"),
    send(&[BACKTAB],        "Shift-Tab", Msg::PrevTab,     None,
         "previous screen"),
    send(&[ch('c')],        "c",         Msg::Choices,     None,
         "answer the storylets waiting for you"),
    send(&[ch('e')],        "e",         Msg::Epilogue,    None,
         "the epilogue and the roads not taken (when the game is over)"),
    send(&[ch('s')],        "s",         Msg::Save,        Some("save"),
         "save the game under a name (it also autosaves after every turn)"),
    send(&[ch('?')],        "?",         Msg::Help,        Some("help"),
         "help for this screen"),
    send(&[ch('i')],        "i",         Msg::Guide,       None,
         "the guide to the first months: hide it, or show it again"),
    send(&[ch('q')],        "q",         Msg::Quit,        Some("quit"),
         "quit"),
];

/// A game in progress and where the player is looking.
#[derive(Debug)]
pub struct GameScreen {
    pub session: Session,
    pub tab: Tab,
    pub overview: Overview,
    pub members: Members,
    pub meeting: Meeting,
    pub market: Market,
    pub bonds: Bonds,
    pub chronicle: Chronicle,
    pub policy: Policy,
    /// Shown by the replay viewer: what was, not what to do now.
    pub replay: bool,
}

impl GameScreen {
    pub fn new(session: Session) -> GameScreen {
        GameScreen {
            chronicle: Chronicle::new(&session),
            session,
            tab: Tab::Overview,
            overview: Overview::default(),
            members: Members::default(),
            meeting: Meeting::default(),
            market: Market::default(),
            bonds: Bonds::default(),
            policy: Policy::default(),
            replay: false,
        }
    }

    /// Show another point of the same game (the replay viewer), keeping where the player
    /// looks.
    pub fn set_session(&mut self, session: Session) {
        self.session = session;
        self.chronicle.rebuild(&self.session);
        self.overview.selected = 0;
        self.meeting.clamp(&self.session);
    }

    /// A key: the game's own (turns, saves, quitting, tabs), else the tab's.
    pub fn update(&mut self, msg: Msg) -> Reply {
        let s = &self.session;
        match msg {
            Msg::Epilogue if s.game().is_over() => Reply::go(Go::Epilogue),
            Msg::Epilogue => Reply::flash(format!(
                "The epilogue comes when the game is over ({}).",
                s.turn_label()
            )),
            Msg::NextTab => {
                self.tab = self.tab.next();
                Reply::default()
            }
            Msg::PrevTab => {
                self.tab = self.tab.prev();
                Reply::default()
            }
            Msg::GoTab(t) => {
                self.tab = t;
                Reply::default()
            }
            Msg::Reload => Reply::act(Action::Reload),
            Msg::Quit => Reply::open(Modal::Confirm(Confirm::Quit {
                unsaved: s.unsaved(),
            })),
            Msg::Save => Reply::open(Modal::Prompt(Prompt::new(
                PromptKind::SaveName { quit: false },
                s.default_name(),
            ))),
            Msg::EndTurn => self.end_turn(),
            Msg::Choices => {
                let pending = &s.game().state().events.pending;
                match unanswered(s)
                    .first()
                    .copied()
                    .or((!pending.is_empty()).then_some(0))
                {
                    Some(i) => Reply::open(Modal::Choice(Choice {
                        pending: i,
                        selected: pending[i].answer.unwrap_or(0) as usize,
                        ..Choice::default()
                    })),
                    None => Reply::flash("No storylet is waiting for an answer."),
                }
            }
            _ => self.tab_msg(msg),
        }
    }

    /// n: end the turn, asking first when a storylet is unanswered or it is the last.
    fn end_turn(&self) -> Reply {
        let s = &self.session;
        if s.game().is_over() {
            return Reply::flash(format!(
                "The game has {}. e: the epilogue and the roads not taken; q quits.",
                s.turn_label()
            ));
        }
        let state = s.game().state();
        let mut reasons: Vec<String> = unanswered(s)
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
        if s.last_turn_next() {
            reasons.push(confirm::last_turn_reason(s));
        }
        if reasons.is_empty() {
            Reply::act(Action::Engine(Command::EndTurn))
        } else {
            Reply::open(Modal::Confirm(Confirm::EndTurn { reasons }))
        }
    }

    /// A message for the tab shown (the replay viewer sends its own here too).
    pub fn tab_msg(&mut self, msg: Msg) -> Reply {
        let s = &self.session;
        match self.tab {
            Tab::Overview => {
                if let Some(item) = self.overview.update(msg, s, self.replay) {
                    self.show(&item);
                }
                Reply::default()
            }
            Tab::Members => self.members.update(msg, s),
            Tab::Meeting => self.meeting.update(msg, s),
            Tab::Market => self.market.update(msg, s),
            Tab::Bonds => self.bonds.update(msg, s),
            Tab::Chronicle => self.chronicle.update(msg),
            Tab::Policy => self.policy.update(msg, s),
        }
    }

    /// Go where an item of the Overview is explained: its tab, member and good.
    fn show(&mut self, item: &Item) {
        self.look(item.tab, item.member, item.good);
    }

    /// Go to a tab, at a member and a good (the Policy screen at the good's regime).
    pub fn look(&mut self, tab: Tab, member: Option<MemberId>, good: Option<GoodId>) {
        self.tab = tab;
        if let Some(m) = member {
            self.members.selected = m;
            self.bonds.selected = m;
        }
        if let Some(good) = good {
            self.market.selected = good;
            self.meeting.show(&self.session, good, member);
            // The goods' rows come first on the Policy screen.
            self.policy.selected = good;
        }
    }

    /// The window of the first storylet waiting for an answer, if any.
    pub fn waiting_choice(&self) -> Option<Modal> {
        unanswered(&self.session).first().map(|&i| {
            Modal::Choice(Choice {
                pending: i,
                selected: 0,
                ..Choice::default()
            })
        })
    }

    /// A command applied (or refused): the turn's report recorded and the news told; a
    /// finished game goes to its epilogue, a storylet waiting opens its window.
    pub fn applied(
        &mut self,
        command: Command,
        result: Result<Option<Box<TurnReport>>, CommandError>,
    ) -> Reply {
        let ended_turn = matches!(result, Ok(Some(_)));
        let flash = self.record(&command, result);
        self.chronicle.rebuild(&self.session);
        let s = &self.session;
        let mut reply = Reply::flash(flash);
        let crises = if ended_turn {
            let reports = s.reports();
            match reports.split_last() {
                Some((now, rest)) => crisis::begun(s.world(), s.game().state(), rest.last(), now),
                None => Vec::new(),
            }
        } else {
            Vec::new()
        };
        if s.game().is_over() {
            reply.go = Some(Go::Epilogue);
        } else if !crises.is_empty() {
            // A crisis stops the turn on its card; a storylet's window follows the last card.
            reply.modal = Some(Modal::Crisis(CrisisCard::new(crises)));
        } else if let Some(&i) = unanswered(s).first() {
            // A storylet waits: its window opens (after a turn, or after answering another).
            reply.modal = Some(Modal::Choice(Choice {
                pending: i,
                selected: 0,
                ..Choice::default()
            }));
        }
        if ended_turn {
            reply.actions.push(Action::Autosave);
        }
        reply
    }

    /// Record what a command did (a turn's report); returns the news for the footer.
    fn record(
        &mut self,
        command: &Command,
        result: Result<Option<Box<TurnReport>>, CommandError>,
    ) -> String {
        match result {
            Ok(Some(report)) => {
                let before = self.session.last().map(|r| r.metrics.needs_met);
                let now = report.metrics.needs_met;
                let name = self.session.turn_name(report.turn);
                self.session.record(*report);
                self.chronicle.selected = 0;
                self.overview.selected = 0;
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
                if self.session.game().is_over() {
                    format!(
                        "Game over after {}: needs met {:.0}%{change}.",
                        name.to_lowercase(),
                        now * 100.0
                    )
                } else {
                    let waiting = unanswered(&self.session);
                    let choice = match waiting.first() {
                        Some(&i) => format!(
                            " A choice awaits: “{}”.",
                            self.session.game().state().events.pending[i].title
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
                "Content reloaded from disk: its text, storylets and parameters apply from now."
                    .into()
            }
            Ok(None) if matches!(command, Command::Choose { .. }) => format!(
                "{}: it applies when the turn ends.",
                settings::describe(self.session.world(), command)
            ),
            Ok(None) => format!(
                "Set {}; it takes effect when the turn ends.",
                settings::describe(self.session.world(), command)
            ),
            Err(CommandError::Stopped) => format!(
                "The turn was stopped: the game is as it was before it ({}); n plays it again.",
                self.session.turn_label()
            ),
            Err(e) => format!("Not done: {e}"),
        }
    }

    /// Draw the frame and the tab shown.
    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let a = areas(area);
        render_header(self, theme, a.header, buf);
        render_tabs(self.tab, theme, a.tabs, buf);
        let (body, s, replay) = (a.body, &self.session, self.replay);
        match self.tab {
            Tab::Overview => overview::View {
                tab: &self.overview,
                s,
                watched: self.members.selected,
                replay,
                theme,
            }
            .render(body, buf),
            Tab::Members => members::View {
                tab: &self.members,
                s,
                theme,
            }
            .render(body, buf),
            Tab::Meeting => meeting::View {
                tab: &self.meeting,
                s,
                watched: self.members.selected,
                theme,
            }
            .render(body, buf),
            Tab::Market => market::View {
                tab: &self.market,
                s,
                watched: self.members.selected,
                theme,
            }
            .render(body, buf),
            Tab::Bonds => bonds::View {
                tab: &self.bonds,
                s,
                theme,
            }
            .render(body, buf),
            Tab::Chronicle => chronicle::View {
                tab: &self.chronicle,
                theme,
            }
            .render(body, buf),
            Tab::Policy => policy::View {
                tab: &self.policy,
                s,
                replay,
                theme,
            }
            .render(body, buf),
        }
    }

    /// The message a click at (x, y) means: a tab, or a row of the tab shown.
    pub fn hit(&self, area: Rect, x: u16, y: u16) -> Option<Msg> {
        let a = areas(area);
        if y == a.tabs.y {
            return tab_rects(a.tabs)
                .into_iter()
                .find(|(_, r)| x >= r.x && x < r.right())
                .map(|(t, _)| Msg::GoTab(t));
        }
        let s = &self.session;
        match self.tab {
            Tab::Members => self.members.hit(s, a.body, x, y),
            Tab::Policy => self.policy.hit(s, a.body, x, y),
            Tab::Chronicle => self.chronicle.hit(a.body, x, y),
            _ => None,
        }
    }
}

/// The storylets waiting for an answer the player has not given, by index into `pending`.
fn unanswered(s: &Session) -> Vec<usize> {
    s.game()
        .state()
        .events
        .pending
        .iter()
        .enumerate()
        .filter(|(_, p)| p.answer.is_none())
        .map(|(i, _)| i)
        .collect()
}

/// Where each tab's label is drawn on the tab row (shared by drawing and mouse clicks).
pub fn tab_rects(row: Rect) -> Vec<(Tab, Rect)> {
    let mut x = row.x + 1;
    Tab::ALL
        .iter()
        .map(|&t| {
            let w = tab_label(t).chars().count() as u16;
            let r = Rect::new(x, row.y, w.min(row.right().saturating_sub(x)), 1);
            x = x.saturating_add(w);
            (t, r)
        })
        .collect()
}

fn tab_label(t: Tab) -> String {
    format!(" {} {} ", t.index() + 1, t.title())
}

/// The header: scenario, turn, seed and how well needs were met.
fn render_header(g: &GameScreen, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.header);
    let s = &g.session;
    let meta = &s.world().scenario.meta;
    let left = Line::from(vec![
        Span::styled(" AGORA ", theme.header_accent),
        Span::styled(
            format!(
                " {} {} {} {} seed {}{}",
                meta.name,
                theme.g.dot,
                if g.replay {
                    s.replay_label()
                } else {
                    s.turn_label()
                },
                theme.g.dot,
                s.game().state().seed,
                match s.difficulty() {
                    Difficulty::Normal => String::new(),
                    d => format!(" {} {}", theme.g.dot, d.name()),
                }
            ),
            theme.header,
        ),
    ]);
    left.render(area, buf);
    if let Some(r) = s.last() {
        let m = &r.metrics;
        let right = format!(
            "needs met {:.0}% {} ",
            m.needs_met * 100.0,
            theme.share_glyph(m.needs_met)
        );
        let w = right.chars().count() as u16;
        if area.width > w + 40 {
            let ra = Rect::new(area.right() - w, area.y, w, 1);
            Span::styled(right, theme.header).render(ra, buf);
        }
    }
}

/// The tab row, the active tab in brackets.
fn render_tabs(active: Tab, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.base);
    for (t, r) in tab_rects(area) {
        let style = if t == active {
            theme.tab_active
        } else {
            theme.tab
        };
        // The active tab is marked with brackets too, not by colour alone.
        let label = if t == active {
            format!("[{} {}]", t.index() + 1, t.title())
        } else {
            tab_label(t)
        };
        Span::styled(label, style).render(r, buf);
    }
}
