//! A game as the terminal shows it: the engine's `Game` and the history the screens draw.
//!
//! The engine keeps no history (it is not state); the front end keeps every turn's report
//! and a light snapshot of stocks, prices and members after it, for charts and sparklines.

use std::sync::Arc;

use crate::content;
use crate::content::mods::reload::{self, ContentSpec};
use crate::engine::policy::Policy;
use crate::engine::world::difficulty::Difficulty;
use crate::engine::{Command, Game, GoodId, MemberId, Regime, TurnReport, World};
use crate::save::{self, Parent, Recorder, Save, SaveError, Worlds};
use crate::story::objectives::{self, Judged};

/// What the charts need of the state after a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub goods: Vec<GoodSnap>,
    pub members: Vec<MemberSnap>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GoodSnap {
    pub stock: u64,
    pub pool: u32,
    pub price: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberSnap {
    pub scrip: u64,
    pub standing: f64,
    pub wellbeing: f64,
}

/// The settings when the turn began, so screens can mark what the player changed since.
#[derive(Debug, Clone, PartialEq)]
struct Baseline {
    regimes: Vec<(Regime, Option<Regime>)>,
    policy: Policy,
}

#[derive(Debug, Clone)]
pub struct Session {
    game: Game,
    reports: Vec<TurnReport>,
    /// Index 0 is the start; index t is after turn t.
    snapshots: Vec<Snapshot>,
    /// The objectives as judged at the start (index 0) and after each turn.
    goals: Vec<Vec<Judged>>,
    baseline: Baseline,
    /// What the game was loaded from, for reloading it.
    content: Option<ContentSpec>,
    /// The mods applied, with their versions, for its saves.
    mods: Vec<save::ModInfo>,
    /// Keyframes kept as the game is played, for its saves.
    recorder: Recorder,
    /// The replay this game was taken over from.
    pub parent: Option<Parent>,
    /// The name of the save it was loaded from or last saved as, if any.
    pub name: Option<String>,
    /// How many commands were in the log at the last named save and at the last autosave:
    /// a log longer than that has changes the save does not hold.
    pub saved_at: Option<usize>,
    pub autosaved_at: Option<usize>,
}

impl Session {
    /// The difficulty the game was started at (normal when not known).
    pub fn difficulty(&self) -> Difficulty {
        self.content
            .as_ref()
            .map_or_else(Difficulty::default, |c| c.difficulty)
    }

    /// What the game was opened from (scenario id or folder, mods), when known.
    pub fn content(&self) -> Option<&ContentSpec> {
        self.content.as_ref()
    }

    pub fn new(world: Arc<World>, seed: u64) -> Session {
        let game = Game::new(world, seed);
        let snapshots = vec![snapshot(&game)];
        let baseline = baseline(&game);
        let goals = vec![objectives::judge(game.world(), &[], game.state())];
        Session {
            game,
            reports: Vec::new(),
            snapshots,
            goals,
            baseline,
            content: None,
            mods: Vec::new(),
            recorder: Recorder::default(),
            parent: None,
            name: None,
            saved_at: None,
            autosaved_at: None,
        }
    }

    /// A saved game re-simulated from its start turn by turn, so that every screen has its
    /// history (reports and charts before a keyframe cannot be had any other way); every
    /// turn's hash is checked on the way. Stops after turn `upto` when given.
    pub fn from_save(
        save: &Save,
        worlds: &Worlds,
        upto: Option<u32>,
    ) -> Result<Session, SaveError> {
        let mut s = Session::new(Arc::clone(&worlds.initial), save.header.seed);
        for w in worlds.by_hash.values() {
            s.game.offer(Arc::clone(w));
        }
        let stop = upto.map_or(save.commands.len(), |t| save.turn_end(t));
        // Any disagreement is reported by `verify`, which names the turn and what differs.
        let mismatch = || {
            save.verify()
                .err()
                .unwrap_or_else(|| SaveError::Corrupt("the save does not replay".into()))
        };
        if s.game.hashes().first() != save.hashes.first() {
            return Err(mismatch());
        }
        for cmd in &save.commands[..stop] {
            match s.game.apply(cmd.clone()) {
                Ok(Some(report)) => {
                    if save.hashes.get(report.turn as usize) != Some(&report.hash) {
                        return Err(mismatch());
                    }
                    s.record(report);
                }
                Ok(None) => {}
                Err(_) => return Err(mismatch()),
            }
        }
        s.content = Some(ContentSpec {
            scenario: save.header.source.clone(),
            mods: save.header.mods.iter().map(|m| m.id.clone()).collect(),
            dirs: vec![],
            difficulty: save.header.difficulty,
        });
        s.mods = save.header.mods.clone();
        s.parent = save.parent.clone();
        s.name = Some(save.header.name.clone());
        s.saved_at = Some(s.game.log().len());
        Ok(s)
    }

    /// This game's history cut back to `game`, an earlier point of the same game (a
    /// replay viewer's current turn).
    pub fn rewound(&self, game: Game) -> Session {
        let t = game.turn() as usize;
        let mut recorder = self.recorder.clone();
        recorder.keyframes.retain(|k| k.turn as usize <= t);
        Session {
            baseline: baseline(&game),
            reports: self.reports[..t.min(self.reports.len())].to_vec(),
            snapshots: self.snapshots[..=t.min(self.snapshots.len() - 1)].to_vec(),
            goals: self.goals[..=t.min(self.goals.len() - 1)].to_vec(),
            game,
            content: self.content.clone(),
            mods: self.mods.clone(),
            recorder,
            parent: self.parent.clone(),
            name: self.name.clone(),
            saved_at: None,
            autosaved_at: None,
        }
    }

    /// The game as a save named `name`, with its keyframes and parent.
    pub fn capture(&self, name: &str) -> Save {
        let content = self.content.clone().unwrap_or_default();
        let meta = save::Meta {
            name: name.to_string(),
            source: content.scenario,
            mods: self.mods.clone(),
            parent: self.parent.clone(),
            difficulty: content.difficulty,
        };
        Save::capture(&self.game, &meta, &self.recorder.keyframes)
    }

    /// Whether the log holds commands no named save has.
    pub fn unsaved(&self) -> bool {
        self.saved_at.unwrap_or(0) != self.game.log().len()
    }

    /// The name a save of the game gets unless the player types another: the name it was
    /// loaded or saved under, else the scenario's name and the months played, numbered as the
    /// header numbers them ("Riverside after month 1" while month 2 is planned).
    pub fn default_name(&self) -> String {
        if let Some(n) = self.name.as_ref().filter(|n| *n != "autosave") {
            return n.clone();
        }
        let meta = &self.world().scenario.meta;
        match self.game.turn() {
            0 => format!("{} before {} 1", meta.name, meta.turn_unit),
            t => format!("{} after {} {t}", meta.name, meta.turn_unit),
        }
    }

    /// Reload the content from disk and switch the game to it with a logged
    /// `Command::Reload`. On any problem the game keeps its content and the error says why.
    pub fn reload(&mut self) -> Result<Command, String> {
        let spec = self
            .content
            .clone()
            .ok_or("this game was not loaded from files, so there is nothing to reload")?;
        reload::reload(&mut self.game, &spec).map_err(|e| {
            let first = e.lines().next().unwrap_or("").to_string();
            let n = e.split("\n\n").count();
            if n > 1 {
                format!(
                    "{first} (and {} more; run `agora check`); the old content is kept",
                    n - 1
                )
            } else {
                format!("{first}; the old content is kept")
            }
        })
    }

    pub fn game(&self) -> &Game {
        &self.game
    }

    /// The game, for the shell to apply a command to; `record` must follow with the result.
    pub fn game_mut(&mut self) -> &mut Game {
        &mut self.game
    }

    /// Keep what a resolved turn produced.
    pub fn record(&mut self, report: TurnReport) {
        self.reports.push(report);
        self.snapshots.push(snapshot(&self.game));
        self.goals.push(objectives::judge(
            self.game.world(),
            &self.reports,
            self.game.state(),
        ));
        self.baseline = baseline(&self.game);
        self.recorder.observe(&self.game);
    }

    pub fn world(&self) -> &World {
        self.game.world()
    }

    pub fn reports(&self) -> &[TurnReport] {
        &self.reports
    }

    pub fn last(&self) -> Option<&TurnReport> {
        self.reports.last()
    }

    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// The scenario's objectives as they stand now.
    pub fn goals(&self) -> &[Judged] {
        self.goals.last().map_or(&[], Vec::as_slice)
    }

    /// The objectives as they stood before the last turn (`None` before the first).
    pub fn goals_before(&self) -> Option<&[Judged]> {
        self.goals
            .len()
            .checked_sub(2)
            .map(|i| self.goals[i].as_slice())
    }

    /// The regime and fallback a good had when this turn began, if the player changed them.
    pub fn regime_was(&self, g: GoodId) -> Option<(Regime, Option<Regime>)> {
        let now = &self.game.state().goods[g];
        let was = self.baseline.regimes[g];
        (was != (now.regime, now.fallback)).then_some(was)
    }

    /// The policy when this turn began.
    pub fn policy_was(&self) -> &Policy {
        &self.baseline.policy
    }

    /// The player's commands before each turn: entry t−1 holds those applied before turn t
    /// was played; the last entry holds those waiting for the current turn.
    pub fn commands_by_turn(&self) -> Vec<&[Command]> {
        self.game.log().split(|c| *c == Command::EndTurn).collect()
    }

    /// A metric over every turn played.
    pub fn series(&self, f: impl Fn(&TurnReport) -> f64) -> Vec<f64> {
        self.reports.iter().map(f).collect()
    }

    /// A member's share of needs met over every turn played (0 where absent).
    pub fn member_met(&self, m: MemberId) -> Vec<f64> {
        self.series(|r| {
            r.members
                .iter()
                .find(|x| x.member == m)
                .map_or(0.0, |x| x.met)
        })
    }

    /// "month 4 of 40": the turn being played, or the end.
    pub fn turn_label(&self) -> String {
        let meta = &self.world().scenario.meta;
        if self.game.is_over() {
            format!("ended after {} {}s", self.game.turn(), meta.turn_unit)
        } else {
            format!(
                "{} {} of {}",
                meta.turn_unit,
                self.game.turn() + 1,
                meta.turns
            )
        }
    }

    /// Where a replay stands: the month whose results are shown, not the next one to plan.
    pub fn replay_label(&self) -> String {
        let meta = &self.world().scenario.meta;
        match self.game.turn() {
            0 => format!("before {} 1 of {} · replay", meta.turn_unit, meta.turns),
            t => format!("{} {t} of {} · replay", meta.turn_unit, meta.turns),
        }
    }

    /// "Month 3": a played turn's name.
    pub fn turn_name(&self, turn: u32) -> String {
        let unit = &self.world().scenario.meta.turn_unit;
        let mut c = unit.chars();
        match c.next() {
            Some(f) => format!("{}{} {turn}", f.to_uppercase(), c.as_str()),
            None => format!("Turn {turn}"),
        }
    }

    /// Whether the turn about to be played is the scenario's last.
    pub fn last_turn_next(&self) -> bool {
        self.game.turn() + 1 >= self.world().scenario.meta.turns
    }
}

/// Load a scenario by id or path and start a game with `seed`.
pub fn start(scenario: &str, seed: u64) -> Result<Session, String> {
    start_with(
        &ContentSpec {
            scenario: scenario.to_string(),
            ..Default::default()
        },
        seed,
    )
}

/// Load a scenario with mods and start a game with `seed`.
pub fn start_with(spec: &ContentSpec, seed: u64) -> Result<Session, String> {
    let modded = content::mods::open(&spec.scenario, &spec.mods, &spec.dirs).map_err(|d| {
        format!(
            "scenario `{}` does not load ({} error(s)); run `agora check`",
            spec.scenario,
            d.len()
        )
    })?;
    let mut sc = modded.loaded.scenario;
    spec.difficulty.apply(&mut sc);
    let world = World::new(sc)?;
    let mut session = Session::new(Arc::new(world), seed);
    session.content = Some(spec.clone());
    session.mods = modded
        .mods
        .iter()
        .map(|r| save::ModInfo {
            id: r.id.clone(),
            version: r.version.clone(),
        })
        .collect();
    Ok(session)
}

fn snapshot(game: &Game) -> Snapshot {
    let s = game.state();
    Snapshot {
        goods: (0..s.goods.len())
            .map(|g| GoodSnap {
                stock: s.stock(g),
                pool: s.goods[g].pool,
                price: s.goods[g].last_price,
            })
            .collect(),
        members: s
            .members
            .iter()
            .map(|m| MemberSnap {
                scrip: m.scrip,
                standing: m.standing,
                wellbeing: m.wellbeing,
            })
            .collect(),
    }
}

fn baseline(game: &Game) -> Baseline {
    let s = game.state();
    Baseline {
        regimes: s.goods.iter().map(|g| (g.regime, g.fallback)).collect(),
        policy: s.policy.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::sim::SimSpec;

    fn session() -> Session {
        let (world, _) = SimSpec::load("riverside", None).unwrap();
        Session::new(world, 3)
    }

    #[test]
    fn records_turns_and_marks_changes_until_the_turn_ends() {
        let mut s = session();
        assert_eq!(s.turn_label(), "month 1 of 40");
        let cmd = Command::SetRegime {
            good: "cloth".into(),
            regime: Regime::Aid,
            fallback: None,
        };
        s.game_mut().apply(cmd.clone()).unwrap();
        let cloth = s.world().good("cloth").unwrap();
        assert_eq!(s.regime_was(cloth), Some((Regime::Exchange, None)));
        let report = s.game_mut().apply(Command::EndTurn).unwrap().unwrap();
        s.record(report);
        assert_eq!(s.regime_was(cloth), None);
        assert_eq!(s.reports().len(), 1);
        assert_eq!(s.snapshots().len(), 2);
        assert_eq!(s.commands_by_turn(), vec![&[cmd][..], &[][..]]);
        assert_eq!(s.turn_name(1), "Month 1");
        assert_eq!(s.member_met(0).len(), 1);
    }
}
