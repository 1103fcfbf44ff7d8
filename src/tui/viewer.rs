//! The replay viewer: a save watched turn by turn, every game screen shown read-only at the
//! current turn, and the game taken over from any turn as a new game that remembers its
//! parent.
//!
//! The save is re-simulated once from the start (every hash checked) for the history the
//! screens draw; moving to a turn re-simulates from the nearest keyframe, or steps one turn
//! on from the current one.

use std::time::Duration;

use crate::engine::Command;
use crate::engine::report::Entry;
use crate::save::{Parent, Save, SaveError, Worlds};
use crate::tui::app::{GameScreen, Modal, Prompt, PromptKind, screen_msg};
use crate::tui::msg::Msg;
use crate::tui::session::Session;

/// Turns per second, slowest first.
pub const SPEEDS: [u32; 4] = [1, 2, 4, 8];

/// What happened in a turn, for the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    /// A storylet fired or was answered.
    pub storylet: bool,
    /// The policy or a regime was changed before the turn.
    pub policy: bool,
}

#[derive(Debug)]
pub struct ViewerScreen {
    pub save: Save,
    /// The save's name as a branch records it (its file name).
    pub file: String,
    worlds: Worlds,
    /// The whole game, replayed once: every turn's report and snapshot.
    full: Session,
    /// The game's screens at the current turn.
    pub g: Box<GameScreen>,
    pub playing: bool,
    /// Index into `SPEEDS`.
    pub speed: usize,
    /// `marks[t - 1]` is turn t's.
    pub marks: Vec<Mark>,
}

/// What a key in the viewer asks of the app.
#[derive(Debug)]
pub enum Reply {
    Stay(Option<String>),
    Open(Modal),
    TakeOver(Box<Session>),
    Back,
    Quit,
}

const READ_ONLY: &str = "A replay cannot be changed: t takes over here as a new game.";

impl ViewerScreen {
    /// Open a save for watching, at its start.
    pub fn new(save: Save, file: String) -> Result<ViewerScreen, SaveError> {
        let worlds = save.worlds()?;
        let full = Session::from_save(&save, &worlds, Some(save.turns()))?;
        let marks = marks(&full);
        let start = save.replay(&worlds, Some(0), false)?;
        let mut g = Box::new(GameScreen::new(full.rewound(start)));
        g.replay = true;
        Ok(ViewerScreen {
            save,
            file,
            worlds,
            full,
            g,
            playing: false,
            speed: 0,
            marks,
        })
    }

    /// Turns completed at the current point.
    pub fn turn(&self) -> u32 {
        self.g.session.game().turn()
    }

    /// The last turn of the save.
    pub fn last(&self) -> u32 {
        self.save.turns()
    }

    /// Move to the end of turn `t` (clamped to the save).
    pub fn seek(&mut self, t: u32) -> Result<(), SaveError> {
        let t = t.min(self.last());
        let now = self.turn();
        if t == now {
            return Ok(());
        }
        let game = if t == now + 1 {
            let mut game = self.g.session.game().clone();
            let (a, b) = (self.save.turn_end(now), self.save.turn_end(t));
            let mut ok = true;
            for cmd in &self.save.commands[a..b] {
                ok &= game.apply(cmd.clone()).is_ok();
            }
            if ok && game.hashes().get(t as usize) == self.save.hashes.get(t as usize) {
                game
            } else {
                self.save.replay(&self.worlds, Some(t), false)?
            }
        } else {
            self.save.replay(&self.worlds, Some(t), false)?
        };
        self.g.set_session(self.full.rewound(game));
        Ok(())
    }

    /// How long until the next turn plays, while playing.
    pub fn tick(&self) -> Option<Duration> {
        self.playing
            .then(|| Duration::from_millis(1000 / u64::from(SPEEDS[self.speed])))
    }

    /// A new game from the current turn: the same history, its parent recorded.
    pub fn take_over(&self) -> Result<Session, String> {
        let turn = self.turn();
        if self.g.session.game().is_over() {
            return Err(format!(
                "the game ended at {}: go back a turn or more to take over",
                self.g.session.turn_name(turn).to_lowercase()
            ));
        }
        let mut s = self.g.session.clone();
        s.parent = Some(Parent {
            save: self.file.clone(),
            turn,
            hash: self.save.hashes[turn as usize],
        });
        s.name = None;
        Ok(s)
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
                return Reply::Open(Modal::Prompt(Prompt::new(PromptKind::GoTo, String::new())));
            }
            Msg::TakeOver => {
                return match self.take_over() {
                    Ok(s) => Reply::TakeOver(Box::new(s)),
                    Err(e) => Reply::Stay(Some(format!("Cannot take over: {e}."))),
                };
            }
            Msg::Back => return Reply::Back,
            Msg::Quit => return Reply::Quit,
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
            | Msg::Save
            | Msg::Reload
            | Msg::Choices
            | Msg::Fallback
            | Msg::Epilogue => Some(READ_ONLY.into()),
            _ => {
                let (actions, _, flash) = screen_msg(&mut self.g, msg);
                if actions.is_empty() {
                    flash
                } else {
                    Some(READ_ONLY.into())
                }
            }
        };
        Reply::Stay(flash)
    }
}

/// Each turn's marks: storylets in its report or answered before it, policy commands
/// before it.
fn marks(full: &Session) -> Vec<Mark> {
    let by_turn = full.commands_by_turn();
    full.reports()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cmds = by_turn.get(i).copied().unwrap_or(&[]);
            Mark {
                storylet: r.chronicle.iter().any(|e| matches!(e, Entry::Storylet(_)))
                    || cmds.iter().any(|c| matches!(c, Command::Choose { .. })),
                policy: cmds
                    .iter()
                    .any(|c| !matches!(c, Command::Choose { .. } | Command::Reload { .. })),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::sim::SimSpec;
    use crate::save::Meta;

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
        let mut v = ViewerScreen::new(save.clone(), "x.ron".into()).unwrap();
        assert_eq!((v.turn(), v.last()), (0, 12));
        assert_eq!(v.marks.len(), 12);
        assert!(v.marks[2].policy && !v.marks[1].policy);
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
        let Reply::Stay(Some(f)) = v.update(Msg::EndTurn) else {
            panic!("refused with a message");
        };
        assert!(f.contains("replay"));
        // The ended game cannot be taken over at its end; a turn earlier it can.
        assert!(matches!(v.update(Msg::TakeOver), Reply::Stay(Some(_))));
        v.update(Msg::Left);
        let Reply::TakeOver(s) = v.update(Msg::TakeOver) else {
            panic!("taken over");
        };
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
