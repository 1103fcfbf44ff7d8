//! A save opened for watching: re-simulated once from the start (every hash checked) for the
//! history the screens draw; any turn of it on demand, re-simulated from the nearest
//! keyframe or stepped one turn on from the current one; and a branch from any turn as a
//! new game that remembers its parent.

use crate::engine::report::Entry;
use crate::engine::{Command, Game};
use crate::save::{Parent, Save, SaveError, Worlds};
use crate::tui::session::Session;

/// What happened in a turn, for the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    /// A storylet fired or was answered.
    pub storylet: bool,
    /// The policy or a regime was changed before the turn.
    pub policy: bool,
}

#[derive(Debug)]
pub struct Replay {
    pub save: Save,
    /// The save's name as a branch records it (its file name).
    pub file: String,
    worlds: Worlds,
    /// The whole game, replayed once: every turn's report and snapshot.
    full: Session,
    /// `marks[t - 1]` is turn t's.
    pub marks: Vec<Mark>,
}

impl Replay {
    /// Read a save's whole history (the shell does this: it is the slow part).
    pub fn open(save: Save, file: String) -> Result<Replay, SaveError> {
        let worlds = save.worlds()?;
        let full = Session::from_save(&save, &worlds, Some(save.turns()))?;
        let marks = marks(&full);
        Ok(Replay {
            save,
            file,
            worlds,
            full,
            marks,
        })
    }

    /// The last turn of the save.
    pub fn last(&self) -> u32 {
        self.save.turns()
    }

    /// The game at the end of turn `t`, its history up to then.
    pub fn at(&self, t: u32) -> Result<Session, SaveError> {
        Ok(self
            .full
            .rewound(self.save.replay(&self.worlds, Some(t), false)?))
    }

    /// The game at the end of turn `t` (clamped to the save), seen from `now`: the next turn
    /// is stepped on from it, any other re-simulated.
    pub fn seek(&self, now: &Game, t: u32) -> Result<Option<Session>, SaveError> {
        let t = t.min(self.last());
        let turn = now.turn();
        if t == turn {
            return Ok(None);
        }
        if t == turn + 1 {
            let mut game = now.clone();
            let (a, b) = (self.save.turn_end(turn), self.save.turn_end(t));
            let mut ok = true;
            for cmd in &self.save.commands[a..b] {
                ok &= game.apply(cmd.clone()).is_ok();
            }
            if ok && game.hashes().get(t as usize) == self.save.hashes.get(t as usize) {
                return Ok(Some(self.full.rewound(game)));
            }
        }
        self.at(t).map(Some)
    }

    /// A new game from `at` (a point of this replay): the same history, its parent recorded.
    pub fn branch(&self, at: &Session) -> Result<Session, String> {
        let turn = at.game().turn();
        if at.game().is_over() {
            return Err(format!(
                "the game ended at {}: go back a turn or more to take over",
                at.turn_name(turn).to_lowercase()
            ));
        }
        let mut s = at.clone();
        s.parent = Some(Parent {
            save: self.file.clone(),
            turn,
            hash: self.save.hashes[turn as usize],
        });
        s.name = None;
        Ok(s)
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
