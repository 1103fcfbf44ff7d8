//! What must hold of a save before anything of it runs: its lists within the limits, its log,
//! hashes and keyframes consistent, its keyframes' states fitting their content, and its
//! embedded content passing the very checks content files get — so a save whose hashes were
//! recomputed over hostile content is refused as the files would be, in milliseconds.

use crate::content::load::check_parsed;
use crate::engine::{Command, World, hash};
use crate::save::{Keyframe, MAX_COMMANDS, MAX_CONTENT, MAX_TURNS, Save, SaveError, Worlds};

impl Save {
    /// Lengths and cross-references that must hold before anything is simulated.
    pub(super) fn check_shape(&self) -> Result<(), SaveError> {
        let bad = |why: String| Err(SaveError::Corrupt(why));
        if self.commands.len() > MAX_COMMANDS
            || self.hashes.len() > MAX_TURNS
            || self.content.len() > MAX_CONTENT
            || self.keyframes.len() > MAX_TURNS
        {
            return bad("a list is longer than any save may hold".into());
        }
        if self.content.is_empty() {
            return bad("no content is embedded".into());
        }
        let ends = self
            .commands
            .iter()
            .filter(|c| matches!(c, Command::EndTurn))
            .count();
        if self.hashes.len() != ends + 1 {
            return bad(format!(
                "{} turns are logged but {} hashes recorded",
                ends,
                self.hashes.len()
            ));
        }
        if self.header.turn as usize != ends {
            return bad(format!(
                "the header says turn {} but {ends} turns are logged",
                self.header.turn
            ));
        }
        for e in &self.content {
            if hash::hash_of(&e.scenario) != e.hash {
                return Err(SaveError::Tampered {
                    turn: 0,
                    commands: vec![],
                    parts: vec![format!("embedded content `{}`", e.scenario.meta.id)],
                });
            }
        }
        if self.content[0].hash != self.header.content_hash {
            return bad("the header's content hash is not the embedded content's".into());
        }
        let mut last = 0;
        for k in &self.keyframes {
            if k.state.seed != self.header.seed || k.state.turn != k.turn {
                return Err(SaveError::Tampered {
                    turn: k.turn,
                    commands: vec![],
                    parts: vec!["keyframe".into()],
                });
            }
            if k.turn <= last
                || k.at > self.commands.len()
                || k.turn as usize >= self.hashes.len()
                || !self.content.iter().any(|c| c.hash == k.content)
            {
                return bad(format!("keyframe at turn {} does not fit the log", k.turn));
            }
            last = k.turn;
        }
        Ok(())
    }

    /// Every embedded content as `agora check` would check its files: written out under
    /// `embedded/` (`embedded-2/`… for content a reload offered), then read and validated.
    pub(super) fn check_content(&self) -> Result<(), SaveError> {
        for (i, e) in self.content.iter().enumerate() {
            let folder = match i {
                0 => "embedded".to_string(),
                i => format!("embedded-{}", i + 1),
            };
            check_parsed(&e.scenario, &folder).map_err(SaveError::Content)?;
        }
        Ok(())
    }

    /// Every keyframe, in order: its state must fit its content and hash to what the log
    /// records for its turn.
    pub(super) fn check_keyframes(&self, worlds: &Worlds) -> Result<(), SaveError> {
        for k in &self.keyframes {
            self.check_keyframe(k, &worlds.by_hash[&k.content])?;
        }
        Ok(())
    }

    pub(super) fn check_keyframe(&self, k: &Keyframe, world: &World) -> Result<(), SaveError> {
        let tampered = |parts: Vec<String>| SaveError::Tampered {
            turn: k.turn,
            commands: vec![],
            parts,
        };
        if let Some(why) = k.state.misfit(world) {
            return Err(tampered(vec!["keyframe".into(), why]));
        }
        if hash::hash_of(&k.state) != self.hashes[k.turn as usize] {
            return Err(tampered(vec!["keyframe".into()]));
        }
        Ok(())
    }
}
