//! Older save formats, and the explicit steps that bring each up to the next one.
//!
//! Format 0 (the first prototype's) kept the scenario, the seed, the commands and the
//! per-turn hashes, with no header, no mods, no keyframes and no parent. Step 0 → 1 builds
//! the header from what it has and leaves the keyframes empty (a load then replays from the
//! start, checking every hash).

use serde::Deserialize;

use crate::engine::world::Scenario;
use crate::engine::{Command, hash};
use crate::save::{Embedded, FORMAT_VERSION, Header, Save, SaveError};

/// A format-0 save.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveV0 {
    pub format_version: u32,
    pub scenario: Scenario,
    pub seed: u64,
    pub commands: Vec<Command>,
    pub hashes: Vec<u64>,
}

/// Read `text`, a save of format `version`, and migrate it step by step to the current one.
pub fn migrate(version: u32, text: &str) -> Result<Save, SaveError> {
    match version {
        0 => {
            let v0 = ron::Options::default()
                .from_str::<SaveV0>(text)
                .map_err(|e| SaveError::Corrupt(format!("(format 0) {e}")))?;
            let v1 = v0_to_v1(v0);
            debug_assert_eq!(v1.format_version, FORMAT_VERSION);
            Ok(v1)
        }
        v => Err(SaveError::Corrupt(format!("no migration from format {v}"))),
    }
}

/// Step 0 → 1.
pub fn v0_to_v1(v0: SaveV0) -> Save {
    let content_hash = hash::hash_of(&v0.scenario);
    let turn = v0
        .commands
        .iter()
        .filter(|c| matches!(c, Command::EndTurn))
        .count() as u32;
    let m = &v0.scenario.meta;
    Save {
        format_version: 1,
        header: Header {
            name: "migrated".into(),
            game_version: "format 0".into(),
            scenario: m.id.clone(),
            scenario_name: m.name.clone(),
            source: m.id.clone(),
            content_hash,
            mods: vec![],
            seed: v0.seed,
            created: 0,
            turn,
            ended: false,
            difficulty: Default::default(),
        },
        content: vec![Embedded {
            hash: content_hash,
            scenario: v0.scenario,
        }],
        commands: v0.commands,
        hashes: v0.hashes,
        keyframes: vec![],
        parent: None,
    }
}
