//! The shell's side of a reload: read and validate the content again, offer it to the game,
//! then submit `Command::Reload` naming it, so the log replays.

use std::path::PathBuf;
use std::sync::Arc;

use crate::content::mods;
use crate::engine::world::difficulty::Difficulty;
use crate::engine::{Command, Game, World};

/// What to load: a scenario (id or folder), mods and a difficulty, as a new game was started
/// with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentSpec {
    pub scenario: String,
    pub mods: Vec<String>,
    pub dirs: Vec<PathBuf>,
    /// Applied to the scenario once the mods are (`Normal` leaves it as written).
    pub difficulty: Difficulty,
}

impl ContentSpec {
    /// Load and resolve the content; `turns` overrides the scenario's length.
    pub fn world(&self, turns: Option<u32>) -> Result<(World, mods::Modded), String> {
        let modded = mods::open(&self.scenario, &self.mods, &self.dirs).map_err(|d| {
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n\n")
        })?;
        let mut sc = modded.loaded.scenario.clone();
        self.difficulty.apply(&mut sc);
        if let Some(t) = turns {
            sc.meta.turns = t;
        }
        Ok((World::new(sc)?, modded))
    }
}

/// Reload `spec` into a running game, keeping its length. On any problem the game is
/// unchanged and the error says why (every diagnostic, rendered).
pub fn reload(game: &mut Game, spec: &ContentSpec) -> Result<Command, String> {
    let turns = game.world().scenario.meta.turns;
    let (world, _) = spec.world(Some(turns))?;
    let content_hash = game.offer(Arc::new(world));
    let cmd = Command::Reload { content_hash };
    game.apply(cmd.clone()).map_err(|e| e.to_string())?;
    Ok(cmd)
}
