//! Saves and replays. A save is a replay: the content (embedded, so it replays without the
//! files), the seed, every command accepted, the state hash after every turn and a keyframe
//! (the full state) every [`KEYFRAME_EVERY`] turns. Loading re-simulates from the nearest
//! keyframe and checks every hash on the way; `verify` re-simulates from the start.
//!
//! Not engine: this module reads files and the clock. The format is documented in
//! `docs/SAVES.md`; [`store`] writes files atomically and keeps the saves folder;
//! [`migrate`] turns older formats into this one.

mod check;
pub mod migrate;
pub mod peek;
pub mod store;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::content::Diagnostic;
use crate::content::limits::{self, ReadError};
use crate::engine::world::Scenario;
use crate::engine::world::difficulty::Difficulty;
use crate::engine::{Command, Game, State, World, hash, reload};

/// The format this build writes; it reads this one and migrates older ones.
pub const FORMAT_VERSION: u32 = 1;
/// A keyframe every this many turns.
pub const KEYFRAME_EVERY: u32 = 25;
/// The largest file read as a save.
pub const MAX_FILE_BYTES: u64 = 256 << 20;
/// Limits on the lists a save holds (a save over them is refused as corrupt).
pub const MAX_COMMANDS: usize = 2_000_000;
pub const MAX_TURNS: usize = 200_000;
pub const MAX_CONTENT: usize = 256;

/// A saved game (format 1). Field order is the file's order; `format_version` comes first
/// so any build can tell which format it is reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Save {
    pub format_version: u32,
    pub header: Header,
    /// The content the game started with first, then any offered by a reload.
    pub content: Vec<Embedded>,
    /// Every command accepted, in order.
    pub commands: Vec<Command>,
    /// The state hash at the start (index 0) and after every turn.
    pub hashes: Vec<u64>,
    /// The full state every `KEYFRAME_EVERY` turns, for fast loading and seeking.
    pub keyframes: Vec<Keyframe>,
    /// The save and turn this game branched from, if it was taken over from a replay.
    pub parent: Option<Parent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The name the player gave (or `autosave`).
    pub name: String,
    /// The version of Agora that wrote it.
    pub game_version: String,
    /// The scenario's id, and what it was opened from (an id or a folder).
    pub scenario: String,
    pub scenario_name: String,
    pub source: String,
    /// The content hash of the content the game started with (mods applied).
    pub content_hash: u64,
    /// The mods applied, in load order.
    pub mods: Vec<ModInfo>,
    pub seed: u64,
    /// Seconds since 1970 (UTC) when written.
    pub created: u64,
    /// Turns completed.
    pub turn: u32,
    /// Whether the game had ended.
    pub ended: bool,
    /// The difficulty the content was set to (already applied to the embedded content);
    /// saves from before difficulties were normal.
    #[serde(default)]
    pub difficulty: Difficulty,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModInfo {
    pub id: String,
    pub version: String,
}

/// Content embedded in a save, with its content hash (checked when read).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embedded {
    pub hash: u64,
    pub scenario: Scenario,
}

/// The full state after turn `turn`, reached by the first `at` commands, under the content
/// whose hash is `content`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyframe {
    pub turn: u32,
    pub at: usize,
    pub content: u64,
    pub state: State,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parent {
    /// The parent save's name (its file name in the saves folder, or its path).
    pub save: String,
    pub turn: u32,
    /// The state hash at that turn, to recognise the parent.
    pub hash: u64,
}

/// What the shell knows of a game and the engine does not.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub name: String,
    /// The scenario as it was opened (id or folder).
    pub source: String,
    pub mods: Vec<ModInfo>,
    pub parent: Option<Parent>,
    pub difficulty: Difficulty,
}

/// Why a file could not be read as a save. The file is never changed.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The file could not be read.
    Io(String),
    /// The file is not an Agora save at all.
    NotASave(String),
    /// The file looks like a save but is damaged (truncated, malformed, inconsistent).
    Corrupt(String),
    /// Written by a newer build, in a format this one does not know.
    Newer { found: u32, supported: u32 },
    /// The content saved in it does not pass the checks content files get (as `agora check`
    /// would report them): refused before anything of it runs.
    Content(Vec<Diagnostic>),
    /// The save does not replay to its own hashes: someone or something changed it.
    Tampered {
        turn: u32,
        /// The commands of that turn, written out.
        commands: Vec<String>,
        /// Which parts of the state differ, when a keyframe shows them.
        parts: Vec<String>,
    },
}

impl SaveError {
    /// A one-word kind, for JSON and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            SaveError::Io(_) => "io",
            SaveError::NotASave(_) => "not-a-save",
            SaveError::Corrupt(_) => "corrupt",
            SaveError::Newer { .. } => "newer-version",
            SaveError::Content(_) => "content",
            SaveError::Tampered { .. } => "tampered",
        }
    }
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Io(e) => write!(f, "cannot read the save: {e}"),
            SaveError::NotASave(why) => write!(f, "not an Agora save: {why}"),
            SaveError::Corrupt(why) => write!(f, "the save is corrupt: {why}"),
            SaveError::Newer { found, supported } => write!(
                f,
                "the save was written by a newer Agora (format {found}; this build reads up to {supported}): update Agora to open it"
            ),
            SaveError::Content(diags) => {
                let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
                write!(
                    f,
                    "the content saved in it is refused, as a content file would be: {}",
                    errors.first().map_or_else(String::new, |d| d.headline())
                )?;
                if errors.len() > 1 {
                    write!(f, " (and {} more errors)", errors.len() - 1)?;
                }
                Ok(())
            }
            SaveError::Tampered {
                turn,
                commands,
                parts,
            } if commands.is_empty() && parts.first().is_some_and(|p| p == "keyframe") => {
                match parts.get(1) {
                    Some(why) => write!(
                        f,
                        "the save has been tampered with: its keyframe at turn {turn} does not fit its content ({why})"
                    ),
                    None => write!(
                        f,
                        "the save has been tampered with: its keyframe at turn {turn} is not the state its recorded hash says"
                    ),
                }
            }
            SaveError::Tampered {
                turn,
                commands,
                parts,
            } => {
                write!(
                    f,
                    "the save has been tampered with: turn {turn} does not replay to its recorded hash (commands of that turn: {})",
                    commands.join(", ")
                )?;
                if !parts.is_empty() {
                    write!(f, "; the state differs in {}", parts.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for SaveError {}

/// Seconds since 1970, UTC.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `YYYY-MM-DD HH:MM` (UTC) of seconds since 1970.
pub fn date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

/// Keeps a keyframe every `every` turns as a game is played.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorder {
    pub every: u32,
    pub keyframes: Vec<Keyframe>,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new(KEYFRAME_EVERY)
    }
}

impl Recorder {
    pub fn new(every: u32) -> Recorder {
        Recorder {
            every: every.max(1),
            keyframes: Vec::new(),
        }
    }

    /// Call after every turn: keeps the state if this turn is a keyframe turn.
    pub fn observe(&mut self, game: &Game) {
        let turn = game.turn();
        if turn == 0 || !turn.is_multiple_of(self.every) {
            return;
        }
        if self.keyframes.last().is_some_and(|k| k.turn >= turn) {
            return;
        }
        self.keyframes.push(Keyframe {
            turn,
            at: game.log().len(),
            content: reload::content_hash(game.world()),
            state: game.state().clone(),
        });
    }
}

impl Save {
    /// A save of `game` as it stands, with the keyframes recorded while it was played.
    pub fn capture(game: &Game, meta: &Meta, keyframes: &[Keyframe]) -> Save {
        let initial = game.initial_world();
        let first = reload::content_hash(initial);
        let mut content = vec![Embedded {
            hash: first,
            scenario: initial.scenario.clone(),
        }];
        for (h, w) in game.offered() {
            if *h != first {
                content.push(Embedded {
                    hash: *h,
                    scenario: w.scenario.clone(),
                });
            }
        }
        let sc = &initial.scenario.meta;
        Save {
            format_version: FORMAT_VERSION,
            header: Header {
                name: meta.name.clone(),
                game_version: env!("CARGO_PKG_VERSION").to_string(),
                scenario: sc.id.clone(),
                scenario_name: sc.name.clone(),
                source: if meta.source.is_empty() {
                    sc.id.clone()
                } else {
                    meta.source.clone()
                },
                content_hash: first,
                mods: meta.mods.clone(),
                seed: game.state().seed,
                created: now(),
                turn: game.turn(),
                ended: game.is_over(),
                difficulty: meta.difficulty,
            },
            content,
            commands: game.log().to_vec(),
            hashes: game.hashes().to_vec(),
            keyframes: keyframes
                .iter()
                .filter(|k| k.at <= game.log().len() && k.turn <= game.turn())
                .cloned()
                .collect(),
            parent: meta.parent.clone(),
        }
    }

    /// The save as RON text (`format_version` first).
    pub fn to_ron(&self) -> String {
        let pretty = ron::ser::PrettyConfig::new()
            .depth_limit(2)
            .struct_names(false);
        // Serialising our own types to a string cannot fail.
        ron::ser::to_string_pretty(self, pretty).unwrap_or_default()
    }

    /// The save as the text to write, checked to read back: its lists within the limits, and
    /// its keyframes thinned (every other one dropped, as often as needed) when the whole would
    /// be larger than a save may be. Refused when even with no keyframe it would be.
    pub fn encode(&self) -> Result<String, String> {
        self.encode_within(MAX_FILE_BYTES)
    }

    /// `encode` to at most `limit` bytes.
    fn encode_within(&self, limit: u64) -> Result<String, String> {
        self.check_shape().map_err(|e| e.to_string())?;
        let mut thinned: Option<Save> = None;
        loop {
            let save = thinned.as_ref().unwrap_or(self);
            let text = save.to_ron();
            if text.len() as u64 <= limit {
                return Ok(text);
            }
            if save.keyframes.is_empty() {
                return Err(format!(
                    "this game would save as {} bytes, more than a save may be ({limit})",
                    text.len()
                ));
            }
            let mut next = save.clone();
            next.keyframes = save.keyframes.iter().skip(1).step_by(2).cloned().collect();
            thinned = Some(next);
        }
    }

    /// Parse a save's text: recognise it, migrate an older format, check its limits.
    pub fn parse(text: &str) -> Result<Save, SaveError> {
        let version = probe(text)?;
        let save = match version {
            FORMAT_VERSION => ron::Options::default()
                .from_str::<Save>(text)
                .map_err(|e| SaveError::Corrupt(e.to_string()))?,
            v if v < FORMAT_VERSION => migrate::migrate(v, text)?,
            v => {
                return Err(SaveError::Newer {
                    found: v,
                    supported: FORMAT_VERSION,
                });
            }
        };
        save.check_shape()?;
        save.check_content()?;
        Ok(save)
    }

    /// Read a save file (never writing to it): a regular file, read no further than
    /// [`MAX_FILE_BYTES`] whatever size the file system reports.
    pub fn read(path: &Path) -> Result<Save, SaveError> {
        let bytes = limits::read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
            ReadError::NotAFile => SaveError::NotASave(format!("{} is not a file", path.display())),
            ReadError::TooLarge(max) => SaveError::Corrupt(format!(
                "{} holds more than a save may ({max} bytes)",
                path.display()
            )),
            e => SaveError::Io(format!("{}: {e}", path.display())),
        })?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| SaveError::NotASave("the file is not text".into()))?;
        Save::parse(text)
    }

    /// If the content the save was made from (its scenario and mods, as shipped or on disk
    /// now) differs from what it embeds, a sentence telling the player that the embedded
    /// content is played. `None` when they agree.
    pub fn content_note(&self) -> Option<String> {
        let spec = crate::content::mods::reload::ContentSpec {
            scenario: self.header.source.clone(),
            mods: self.header.mods.iter().map(|m| m.id.clone()).collect(),
            dirs: vec![],
            difficulty: self.header.difficulty,
        };
        let embedded = &self.content[0].scenario;
        let now = crate::content::mods::open(&spec.scenario, &spec.mods, &spec.dirs)
            .ok()
            .map(|m| {
                let mut sc = m.loaded.scenario;
                spec.difficulty.apply(&mut sc);
                sc.meta.turns = embedded.meta.turns;
                hash::hash_of(&sc)
            });
        match now {
            Some(h) if h == self.header.content_hash => None,
            Some(_) => Some(format!(
                "The scenario `{}` has changed since this game was saved: it plays on with the content saved with it.",
                self.header.scenario
            )),
            None => Some(format!(
                "The scenario `{}` (or a mod) is not available now: the game plays on with the content saved with it.",
                self.header.scenario
            )),
        }
    }

    /// Turns completed in the save.
    pub fn turns(&self) -> u32 {
        self.header.turn
    }

    /// The command index just after turn `t` ends (0 for the start).
    pub fn turn_end(&self, t: u32) -> usize {
        if t == 0 {
            return 0;
        }
        let mut n = 0;
        for (i, c) in self.commands.iter().enumerate() {
            if matches!(c, Command::EndTurn) {
                n += 1;
                if n == t {
                    return i + 1;
                }
            }
        }
        self.commands.len()
    }

    /// The embedded worlds, by content hash, and the first one.
    pub fn worlds(&self) -> Result<Worlds, SaveError> {
        let mut by_hash = BTreeMap::new();
        for e in &self.content {
            let w = World::new(e.scenario.clone())
                .map_err(|e| SaveError::Corrupt(format!("embedded content: {e}")))?;
            by_hash.insert(e.hash, Arc::new(w));
        }
        let initial = Arc::clone(&by_hash[&self.content[0].hash]);
        Ok(Worlds { initial, by_hash })
    }

    /// Re-simulate the game to the end of turn `to` (or through every command when `None`),
    /// starting from the nearest keyframe (or the start, with `from_start`) and checking
    /// every hash on the way.
    pub fn replay(
        &self,
        worlds: &Worlds,
        to: Option<u32>,
        from_start: bool,
    ) -> Result<Game, SaveError> {
        let target = to.unwrap_or(self.header.turn).min(self.header.turn);
        let stop = match to {
            Some(t) => self.turn_end(t.min(self.header.turn)),
            None => self.commands.len(),
        };
        let key = if from_start {
            None
        } else {
            self.keyframes
                .iter()
                .rev()
                .find(|k| k.turn <= target && k.at <= stop)
        };
        let mut game = match key {
            Some(k) => {
                self.check_keyframe(k, &worlds.by_hash[&k.content])?;
                Game::resume(
                    Arc::clone(&worlds.initial),
                    Arc::clone(&worlds.by_hash[&k.content]),
                    k.state.clone(),
                    self.commands[..k.at].to_vec(),
                    self.hashes[..=k.turn as usize].to_vec(),
                )
            }
            None => {
                let g = Game::new(Arc::clone(&worlds.initial), self.header.seed);
                if g.hashes()[0] != self.hashes[0] {
                    return Err(self.tampered(0, vec![]));
                }
                g
            }
        };
        for w in worlds.by_hash.values() {
            game.offer(Arc::clone(w));
        }
        let start = game.log().len();
        for cmd in &self.commands[start..stop] {
            let turn = game.turn() + 1;
            if game.apply(cmd.clone()).is_err() {
                return Err(self.tampered(turn, vec![]));
            }
            if matches!(cmd, Command::EndTurn) {
                let t = game.turn() as usize;
                if game.hashes().get(t) != self.hashes.get(t) {
                    let parts = self.differing_parts(worlds, &game);
                    return Err(self.tampered(t as u32, parts));
                }
            }
        }
        Ok(game)
    }

    /// Verify the whole save from the start: every turn's hash and every keyframe.
    pub fn verify(&self) -> Result<Game, SaveError> {
        let worlds = self.worlds()?;
        self.check_keyframes(&worlds)?;
        self.replay(&worlds, None, true)
    }

    /// Load for play: from the last keyframe, through every command, hashes checked. Every
    /// keyframe is checked first, as `verify` checks them, so both name the same problem.
    pub fn load(&self) -> Result<Game, SaveError> {
        let worlds = self.worlds()?;
        self.check_keyframes(&worlds)?;
        self.replay(&worlds, None, false)
    }

    fn tampered(&self, turn: u32, parts: Vec<String>) -> SaveError {
        let (a, b) = (self.turn_end(turn.saturating_sub(1)), self.turn_end(turn));
        let commands = self.commands[a.min(b)..b]
            .iter()
            .map(|c| format!("{c:?}"))
            .collect();
        SaveError::Tampered {
            turn,
            commands,
            parts,
        }
    }

    /// When a turn's hash disagrees: which parts of the state differ from the next keyframe
    /// at or after that turn (replaying on to it), if there is one.
    fn differing_parts(&self, worlds: &Worlds, game: &Game) -> Vec<String> {
        let turn = game.turn();
        let Some(k) = self.keyframes.iter().find(|k| k.turn >= turn) else {
            return vec![];
        };
        let mut g = game.clone();
        for w in worlds.by_hash.values() {
            g.offer(Arc::clone(w));
        }
        let from = g.log().len();
        for cmd in self.commands.get(from..k.at).unwrap_or(&[]) {
            if g.apply(cmd.clone()).is_err() {
                return vec![];
            }
        }
        state_diff(g.state(), &k.state)
    }
}

/// The embedded content, resolved.
#[derive(Debug, Clone)]
pub struct Worlds {
    pub initial: Arc<World>,
    pub by_hash: BTreeMap<u64, Arc<World>>,
}

/// The top-level parts of two states that differ (members, goods, bonds, market, …).
pub fn state_diff(a: &State, b: &State) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(a), serde_json::to_value(b))
    else {
        return vec![];
    };
    a.iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Read the `format_version` a save's text begins with.
pub fn probe(text: &str) -> Result<u32, SaveError> {
    let not = || {
        SaveError::NotASave(
            "it does not begin with `(format_version: …` as every Agora save does".into(),
        )
    };
    let t = text.trim_start();
    let t = t.strip_prefix("Save").unwrap_or(t).trim_start();
    let t = t.strip_prefix('(').ok_or_else(not)?.trim_start();
    let t = t
        .strip_prefix("format_version")
        .ok_or_else(not)?
        .trim_start();
    let t = t.strip_prefix(':').ok_or_else(not)?.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Err(if t.is_empty() {
            SaveError::Corrupt("the file ends after `format_version:`".into())
        } else {
            not()
        });
    }
    if digits.len() == t.len() {
        return Err(SaveError::Corrupt("the file ends after its version".into()));
    }
    digits
        .parse()
        .map_err(|_| SaveError::Corrupt("the format version is not a number".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(date(0), "1970-01-01 00:00");
        assert_eq!(date(951_782_400), "2000-02-29 00:00");
        assert_eq!(date(1_798_000_000), "2026-12-23 04:26");
    }

    #[test]
    fn a_save_too_large_is_written_with_fewer_keyframes_or_not_at_all() {
        let world = crate::content::open("riverside").unwrap().0.scenario;
        let mut game = Game::new(Arc::new(World::new(world).unwrap()), 1);
        let mut rec = Recorder::new(1);
        for _ in 0..8 {
            game.apply(Command::EndTurn).unwrap();
            rec.observe(&game);
        }
        let save = Save::capture(&game, &Meta::default(), &rec.keyframes);
        let bare = Save {
            keyframes: vec![],
            ..save.clone()
        };
        let limit = bare.to_ron().len() as u64 + 2 * save.to_ron().len() as u64 / 8;
        let text = save.encode_within(limit).unwrap();
        assert!(text.len() as u64 <= limit);
        let thinned = Save::parse(&text).unwrap();
        let turns: Vec<u32> = thinned.keyframes.iter().map(|k| k.turn).collect();
        assert_eq!(turns, [4, 8]);
        assert_eq!(thinned.load().unwrap().hash(), game.hash());
        let e = save.encode_within(1000).unwrap_err();
        assert!(e.contains("more than a save may be (1000)"), "{e}");
    }

    #[test]
    fn probe_tells_kinds_apart() {
        assert_eq!(probe("(format_version: 1, x)").unwrap(), 1);
        assert_eq!(probe("  Save(\n  format_version:7,").unwrap(), 7);
        assert_eq!(probe("hello").unwrap_err().kind(), "not-a-save");
        assert_eq!(probe("(format_version:").unwrap_err().kind(), "corrupt");
        assert_eq!(probe("(format_version: 1").unwrap_err().kind(), "corrupt");
        assert_eq!(probe("").unwrap_err().kind(), "not-a-save");
    }
}
