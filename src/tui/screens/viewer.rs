//! The replay viewer: a save watched turn by turn, every game screen shown read-only at the
//! current turn above a status line and a timeline bar (the turns where storylets fired and
//! the policy changed marked), and the game taken over from any turn as a new game.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::save::SaveError;
use crate::tui::components::{Modal, Prompt, PromptKind};
use crate::tui::keys::{Binding, END, ESC, HOME, LEFT, RIGHT, SPACE, ch, send};
use crate::tui::msg::{Action, Msg};
use crate::tui::replay::{Mark, Replay};
use crate::tui::screens::game::GameScreen;
use crate::tui::screens::{Go, Reply};
use crate::tui::theme::{Theme, Variant};

#[rustfmt::skip]
pub const KEYS: &[Binding] = &[
    send(&[SPACE, ch('p')],   "Space p", Msg::Play,     Some("play"),
         "play or pause"),
    send(RIGHT,               "→ l",     Msg::Right,    Some("step"),
         "next turn"),
    send(LEFT,                "← h",     Msg::Left,     None,
         "previous turn"),
    send(&[ch('+'), ch('=')], "+",       Msg::Faster,   Some("speed"),
         "faster (1, 2, 4, 8 turns a second)"),
    send(&[ch('-')],          "-",       Msg::Slower,   None,
         "slower"),
    send(&[ch('g')],          "g",       Msg::GoTo,     Some("jump"),
         "jump to a turn: type its number, then Enter"),
    send(&[HOME],             "Home",    Msg::Top,      None,
         "the start"),
    send(&[END],              "End",     Msg::Bottom,   None,
         "the end"),
    send(&[ch('t')],          "t",       Msg::TakeOver, Some("take over"),
         "take over: play on from this turn as a new game (its saves name this one as parent)"),
    send(&[ESC],              "Esc",     Msg::Back,     Some("title"),
         "back to the title"),
];

/// Turns per second, slowest first.
pub const SPEEDS: [u32; 4] = [1, 2, 4, 8];

#[derive(Debug)]
pub struct ViewerScreen {
    pub replay: Box<Replay>,
    /// The game's screens at the current turn.
    pub g: Box<GameScreen>,
    pub playing: bool,
    /// Index into `SPEEDS`.
    pub speed: usize,
}

const READ_ONLY: &str = "A replay cannot be changed: t takes over here as a new game.";

impl ViewerScreen {
    /// Watch a replay from its start; an error is one line, naming the file.
    pub fn new(replay: Box<Replay>) -> Result<ViewerScreen, String> {
        let start = replay.at(0).map_err(|e| format!("{}: {e}", replay.file))?;
        let mut g = Box::new(GameScreen::new(start));
        g.replay = true;
        Ok(ViewerScreen {
            replay,
            g,
            playing: false,
            speed: 0,
        })
    }

    /// Turns completed at the current point.
    pub fn turn(&self) -> u32 {
        self.g.session.game().turn()
    }

    /// The last turn of the save.
    pub fn last(&self) -> u32 {
        self.replay.last()
    }

    /// Move to the end of turn `t` (clamped to the save).
    pub fn seek(&mut self, t: u32) -> Result<(), SaveError> {
        if let Some(s) = self.replay.seek(self.g.session.game(), t)? {
            self.g.set_session(s);
        }
        Ok(())
    }

    /// The turn typed in the jump prompt: go there, or say why not.
    pub fn go_to(&mut self, typed: &str) -> Option<String> {
        match typed.parse::<u32>() {
            Ok(t) => self
                .seek(t)
                .err()
                .map(|e| format!("Cannot show that turn: {e}")),
            Err(_) => Some("Type the turn's number, then Enter.".into()),
        }
    }

    /// How long until the next turn plays, while playing.
    pub fn tick(&self) -> Option<Duration> {
        self.playing
            .then(|| Duration::from_millis(1000 / u64::from(SPEEDS[self.speed])))
    }

    /// Take over: a new game from the current turn, whose saves name this one as parent.
    fn take_over(&self) -> Reply {
        match self.replay.branch(&self.g.session) {
            Ok(session) => {
                let turn = session.turn_name(session.game().turn()).to_lowercase();
                Reply {
                    actions: vec![Action::Autosave],
                    flash: Some(format!(
                        "Took over after {turn}: a new game, branched from {}.",
                        self.replay.file
                    )),
                    go: Some(Go::Play(Box::new(GameScreen::new(session)))),
                    ..Reply::default()
                }
            }
            Err(e) => Reply::flash(format!("Cannot take over: {e}.")),
        }
    }

    /// A key: playing, moving through turns, the screens (read-only), taking over.
    pub fn update(&mut self, msg: Msg) -> Reply {
        let seek = |v: &mut ViewerScreen, t: u32| match v.seek(t) {
            Ok(()) => None,
            Err(e) => {
                v.playing = false;
                Some(format!("Cannot show that turn: {e}"))
            }
        };
        let flash = match msg {
            Msg::Play => {
                self.playing = !self.playing;
                if self.playing && self.turn() >= self.last() {
                    seek(self, 0)
                } else {
                    None
                }
            }
            Msg::Tick if self.playing => {
                let f = seek(self, self.turn() + 1);
                if self.turn() >= self.last() {
                    self.playing = false;
                }
                f
            }
            Msg::Tick => None,
            Msg::Right => seek(self, self.turn() + 1),
            Msg::Left => seek(self, self.turn().saturating_sub(1)),
            Msg::Top => seek(self, 0),
            Msg::Bottom => seek(self, self.last()),
            Msg::Select(t) => seek(self, t as u32),
            Msg::Faster => {
                self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
                None
            }
            Msg::Slower => {
                self.speed = self.speed.saturating_sub(1);
                None
            }
            Msg::GoTo => {
                return Reply::open(Modal::Prompt(Prompt::new(PromptKind::GoTo, String::new())));
            }
            Msg::TakeOver => return self.take_over(),
            Msg::Back => return Reply::go(Go::Title),
            Msg::Quit => return Reply::go(Go::Quit),
            Msg::NextTab => {
                self.g.tab = self.g.tab.next();
                None
            }
            Msg::PrevTab => {
                self.g.tab = self.g.tab.prev();
                None
            }
            Msg::GoTab(t) => {
                self.g.tab = t;
                None
            }
            Msg::EndTurn
            | Msg::Advance
            | Msg::Save
            | Msg::Reload
            | Msg::Choices
            | Msg::Fallback
            | Msg::Epilogue => Some(READ_ONLY.into()),
            _ => {
                let r = self.g.tab_msg(msg);
                if r.actions.is_empty() {
                    r.flash
                } else {
                    Some(READ_ONLY.into())
                }
            }
        };
        Reply {
            flash,
            ..Reply::default()
        }
    }
}

/// Room kept right of the bar for its legend.
const LEGEND: u16 = 22;

/// The status line and the bar: the two rows above the footer (the bar leaves room for its
/// legend).
fn rows(area: Rect) -> (Rect, Rect) {
    let y = area.bottom().saturating_sub(3);
    (
        Rect::new(area.x, y, area.width, 1),
        Rect::new(area.x, y + 1, area.width.saturating_sub(LEGEND), 1),
    )
}

/// The bar's cells: one per turn (up to four columns wide when there is room), or, when
/// the turns outnumber the columns, one column per span of turns. Each is the range of
/// turns `lo..=hi` it stands for; the second value is the cells' width.
fn cells(last: u32, bar: Rect) -> (Vec<(u32, u32)>, u16) {
    let width = u32::from(bar.width.saturating_sub(2));
    let n = last.min(width).max(1);
    let w = (width / n).clamp(1, 4) as u16;
    let cells = (0..n)
        .map(|i| (i * last / n + 1, ((i + 1) * last / n).max(i * last / n + 1)))
        .collect();
    (cells, w)
}

impl ViewerScreen {
    /// A click on the bar jumps to the turn under it.
    pub fn hit(&self, area: Rect, x: u16, y: u16) -> Option<Msg> {
        let (_, bar) = rows(area);
        if y != bar.y || x <= bar.x {
            return None;
        }
        let (cells, w) = cells(self.last(), bar);
        let (_, hi) = *cells.get(usize::from((x - bar.x - 1) / w))?;
        Some(Msg::Select(hi as usize))
    }

    pub fn render(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let game = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(2));
        self.g.render(theme, game, buf);
        let (status, bar) = rows(area);
        buf.set_style(status, theme.base);
        buf.set_style(bar, theme.base);
        let s = &self.g.session;
        let turn = self.turn();
        let unit = &s.world().scenario.meta.turn_unit;
        let at = if turn == 0 {
            format!("the start ({} {unit}s played in all)", self.last())
        } else {
            format!(
                "after {} of {} played",
                s.turn_name(turn).to_lowercase(),
                self.last()
            )
        };
        let state = if self.playing {
            format!(
                "▶ playing, {} {unit}{} a second",
                SPEEDS[self.speed],
                if SPEEDS[self.speed] == 1 { "" } else { "s" }
            )
        } else {
            format!("paused ({}×)", SPEEDS[self.speed])
        };
        let plain = theme.variant == Variant::Plain;
        let (story, policy, both, none) = if plain {
            ("*", "^", "#", "-")
        } else {
            ("◆", "▲", "✦", "─")
        };
        let state = if plain {
            state.replace('▶', ">")
        } else {
            state
        };
        Line::from(vec![
            Span::styled(" REPLAY ", theme.header_accent),
            Span::styled(
                format!(
                    " {} · {at} · {state}",
                    self.replay.file.trim_end_matches(".ron"),
                ),
                theme.base,
            ),
        ])
        .render(status, buf);
        let legend = Rect::new(
            bar.right(),
            bar.y,
            area.right().saturating_sub(bar.right()),
            1,
        );
        buf.set_style(legend, theme.base);
        Line::from(vec![
            Span::raw(" "),
            Span::styled(story, theme.warn),
            Span::styled(" storylet  ", theme.dim),
            Span::styled(policy, theme.emph),
            Span::styled(" policy", theme.dim),
        ])
        .render(legend, buf);
        let mut spans = vec![Span::raw(" ")];
        let (cells, w) = cells(self.last(), bar);
        for (lo, hi) in cells {
            let mark = self.replay.marks[(lo - 1) as usize..hi as usize]
                .iter()
                .fold(Mark::default(), |a, m| Mark {
                    storylet: a.storylet || m.storylet,
                    policy: a.policy || m.policy,
                });
            let (glyph, style): (String, Style) = match (mark.storylet, mark.policy) {
                (true, true) => (both.into(), theme.warn),
                (true, false) => (story.into(), theme.warn),
                (false, true) => (policy.into(), theme.emph),
                (false, false) => (none.into(), theme.base),
            };
            let style = if (lo..=hi).contains(&turn) {
                theme.selected
            } else if hi > turn {
                style.patch(theme.dim)
            } else {
                style
            };
            spans.push(Span::styled(glyph, style));
            if w > 1 {
                spans.push(Span::styled(none.repeat(usize::from(w - 1)), style));
            }
        }
        Line::from(spans).render(bar, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Command;
    use crate::lab::sim::SimSpec;
    use crate::save::{Meta, Parent, Save};
    use crate::tui::session::Session;

    /// A 12-turn riverside game with a policy change before turn 3 and a storylet answered.
    fn save() -> Save {
        let (world, _) = SimSpec::load("riverside", Some(12)).unwrap();
        let mut s = Session::new(world, 5);
        for t in 1..=12 {
            if t == 3 {
                s.game_mut().apply(Command::SetMarketDays(2)).unwrap();
            }
            let r = s.game_mut().apply(Command::EndTurn).unwrap().unwrap();
            s.record(r);
        }
        Save::capture(s.game(), &Meta::default(), &[])
    }

    #[test]
    fn seeking_stepping_and_marks() {
        let save = save();
        let replay = Replay::open(save.clone(), "x.ron".into()).unwrap();
        let mut v = ViewerScreen::new(Box::new(replay)).unwrap();
        assert_eq!((v.turn(), v.last()), (0, 12));
        assert_eq!(v.replay.marks.len(), 12);
        assert!(v.replay.marks[2].policy && !v.replay.marks[1].policy);
        v.update(Msg::Right);
        v.update(Msg::Right);
        assert_eq!(v.turn(), 2);
        assert_eq!(v.g.session.reports().len(), 2);
        assert_eq!(v.g.session.game().hash(), save.hashes[2]);
        v.update(Msg::Bottom);
        assert_eq!(v.g.session.game().hash(), save.hashes[12]);
        v.update(Msg::Left);
        assert_eq!(v.turn(), 11);
        // Play runs on ticks and stops at the end.
        v.update(Msg::Play);
        assert_eq!(v.tick(), Some(Duration::from_secs(1)));
        v.update(Msg::Faster);
        assert_eq!(v.tick(), Some(Duration::from_millis(500)));
        v.update(Msg::Tick);
        assert_eq!(v.turn(), 12);
        assert!(!v.playing && v.tick().is_none());
        // Commands are refused.
        let Reply {
            flash: Some(f),
            go: None,
            ..
        } = v.update(Msg::EndTurn)
        else {
            panic!("refused with a message");
        };
        assert!(f.contains("replay"));
        // The ended game cannot be taken over at its end; a turn earlier it can.
        assert!(matches!(
            v.update(Msg::TakeOver),
            Reply {
                flash: Some(_),
                go: None,
                ..
            }
        ));
        v.update(Msg::Left);
        let Some(Go::Play(g)) = v.update(Msg::TakeOver).go else {
            panic!("taken over");
        };
        let s = &g.session;
        assert_eq!(s.game().turn(), 11);
        assert_eq!(
            s.parent,
            Some(Parent {
                save: "x.ron".into(),
                turn: 11,
                hash: save.hashes[11]
            })
        );
    }
}
