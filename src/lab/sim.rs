//! Headless play: a scenario, a seed, a policy and an optional command script, run to the
//! end and reported as a table or as JSON.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::content;
use crate::engine::metrics::Metrics;
use crate::engine::report::TurnReport;
use crate::engine::world::scenario::Run;
use crate::engine::{Command, Game, Regime, State, World};

/// Which regimes a headless game plays under, before any per-good change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyChoice {
    /// The scenario's own starting regimes.
    Mixed,
    /// Every good under one regime.
    All(Regime),
}

impl PolicyChoice {
    /// `mixed`, `commons`, `exchange` or `aid` (any case).
    pub fn parse(s: &str) -> Result<PolicyChoice> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "mixed" => PolicyChoice::Mixed,
            "commons" => PolicyChoice::All(Regime::Commons),
            "exchange" => PolicyChoice::All(Regime::Exchange),
            "aid" => PolicyChoice::All(Regime::Aid),
            _ => bail!(
                "unknown policy `{}`; expected mixed, commons, exchange or aid",
                s.trim()
            ),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            PolicyChoice::Mixed => "mixed",
            PolicyChoice::All(Regime::Commons) => "commons",
            PolicyChoice::All(Regime::Exchange) => "exchange",
            PolicyChoice::All(Regime::Aid) => "aid",
        }
    }

    /// The commands that put a game under this policy.
    pub fn commands(self, world: &World) -> Vec<Command> {
        match self {
            PolicyChoice::Mixed => Vec::new(),
            PolicyChoice::All(regime) => world
                .scenario
                .goods
                .iter()
                .map(|g| Command::SetRegime {
                    good: g.id.clone(),
                    regime,
                    fallback: None,
                })
                .collect(),
        }
    }
}

/// One good's regime in a [`Policy`]: `medicine=exchange` or `medicine=exchange>aid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoodRegime {
    pub good: String,
    pub regime: Regime,
    /// What the regime leaves unmet goes here (none when not written).
    pub fallback: Option<Regime>,
}

/// The regimes a headless game starts under: a base and per-good changes, written
/// `BASE[+GOOD=REGIME[>FALLBACK]]...` — `mixed`, `exchange`, `mixed+medicine=exchange`,
/// `mixed+medicine=exchange>aid+press=commons`. BASE is `mixed` (the scenario's own regimes),
/// `commons`, `exchange` or `aid` (every good, no fallback); each `GOOD=REGIME` then puts one
/// good under REGIME, with FALLBACK when given and none otherwise. Regimes are matched in any
/// case; goods are the scenario's ids. A `WORKPLACE=owner|shares|workers` part sets who runs
/// one of the scenario's workplaces (`mixed+mill=workers`). Shared by `agora sim --policy`, `agora lab --policies`
/// and the thesis tests' `a` and `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The policy as written (trimmed): its name in tables and the CSV.
    pub name: String,
    pub base: PolicyChoice,
    /// In the order written; each good at most once.
    pub goods: Vec<GoodRegime>,
    /// Who runs each workplace named, in the order written; each at most once.
    pub workplaces: Vec<(String, Run)>,
}

impl From<PolicyChoice> for Policy {
    fn from(base: PolicyChoice) -> Policy {
        Policy {
            name: base.name().to_string(),
            base,
            goods: Vec::new(),
            workplaces: Vec::new(),
        }
    }
}

fn regime(s: &str) -> Result<Regime> {
    match s.trim().to_ascii_lowercase().as_str() {
        "commons" => Ok(Regime::Commons),
        "exchange" => Ok(Regime::Exchange),
        "aid" => Ok(Regime::Aid),
        _ => bail!(
            "unknown regime `{}`; expected commons, exchange or aid",
            s.trim()
        ),
    }
}

/// Who runs a workplace, as a policy writes it.
fn run_by(s: &str) -> Option<Run> {
    match s.trim().to_ascii_lowercase().as_str() {
        "owner" => Some(Run::Owner),
        "shares" => Some(Run::Shares),
        "workers" => Some(Run::Workers),
        _ => None,
    }
}

impl Policy {
    /// Parse a policy's syntax without a scenario (its goods are not checked; see
    /// [`Policy::parse_for`]).
    pub fn parse(s: &str) -> Result<Policy> {
        let name = s.trim();
        let mut parts = name.split('+');
        let base = match PolicyChoice::parse(parts.next().unwrap_or_default()) {
            Ok(b) => b,
            Err(e) if name.contains('+') => return Err(e.context(format!("policy `{name}`"))),
            Err(e) => return Err(e),
        };
        let mut goods: Vec<GoodRegime> = Vec::new();
        let mut workplaces: Vec<(String, Run)> = Vec::new();
        for part in parts {
            let part = part.trim();
            let Some((good, rest)) = part.split_once('=') else {
                bail!("policy `{name}`: `{part}` should be GOOD=REGIME or GOOD=REGIME>FALLBACK");
            };
            let good = good.trim();
            if good.is_empty() {
                bail!("policy `{name}`: `{part}` names no good");
            }
            if let Some(by) = run_by(rest) {
                if workplaces.iter().any(|w| w.0 == good) {
                    bail!("policy `{name}`: workplace `{good}` is given twice");
                }
                workplaces.push((good.to_string(), by));
                continue;
            }
            let (r, fallback) = match rest.split_once('>') {
                Some((r, f)) => (
                    r,
                    Some(regime(f).with_context(|| format!("policy `{name}`"))?),
                ),
                None => (rest, None),
            };
            let regime = regime(r).with_context(|| format!("policy `{name}`"))?;
            if goods.iter().any(|g| g.good == good) {
                bail!("policy `{name}`: good `{good}` is given twice");
            }
            goods.push(GoodRegime {
                good: good.to_string(),
                regime,
                fallback,
            });
        }
        Ok(Policy {
            name: name.to_string(),
            base,
            goods,
            workplaces,
        })
    }

    /// Parse a policy and check its goods against a scenario.
    pub fn parse_for(s: &str, world: &World) -> Result<Policy> {
        let p = Policy::parse(s)?;
        p.check(world)?;
        Ok(p)
    }

    /// Every good the policy names is one of the scenario's.
    pub fn check(&self, world: &World) -> Result<()> {
        for g in &self.goods {
            if world.good(&g.good).is_none() {
                let ids: Vec<&str> = world.scenario.goods.iter().map(|g| g.id.as_str()).collect();
                bail!(
                    "policy `{}`: unknown good `{}`; {} has {}",
                    self.name,
                    g.good,
                    world.scenario.meta.id,
                    ids.join(", ")
                );
            }
        }
        for (id, by) in &self.workplaces {
            let Some(w) = world.workplace(id) else {
                let ids: Vec<&str> = world
                    .scenario
                    .meta
                    .workplaces
                    .iter()
                    .map(|w| w.id.as_str())
                    .collect();
                bail!(
                    "policy `{}`: unknown workplace `{id}`; {} has {}",
                    self.name,
                    world.scenario.meta.id,
                    if ids.is_empty() {
                        "none".to_string()
                    } else {
                        ids.join(", ")
                    }
                );
            };
            let def = &world.workplaces[w];
            if let Some(why) = by.undeclared(def.owner.is_some(), !def.shares.is_empty()) {
                bail!("policy `{}`: workplace `{id}` {why}", self.name);
            }
        }
        Ok(())
    }

    /// A normal form: two policies that start a game the same way written the same way
    /// (lower case, goods sorted), for matching a thesis test's policy with one that was run.
    pub fn canonical(&self) -> String {
        let mut goods: Vec<&GoodRegime> = self.goods.iter().collect();
        goods.sort_by(|a, b| a.good.cmp(&b.good));
        let mut s = self.base.name().to_string();
        for g in goods {
            s.push('+');
            s.push_str(&g.good);
            s.push('=');
            s.push_str(&g.regime.name().to_ascii_lowercase());
            if let Some(f) = g.fallback {
                s.push('>');
                s.push_str(&f.name().to_ascii_lowercase());
            }
        }
        let mut workplaces: Vec<&(String, Run)> = self.workplaces.iter().collect();
        workplaces.sort();
        for (id, by) in workplaces {
            s.push('+');
            s.push_str(id);
            s.push('=');
            s.push_str(by.name());
        }
        s
    }

    /// The commands that put a game under this policy: the base's, then one `SetRegime` per
    /// good named.
    pub fn commands(&self, world: &World) -> Vec<Command> {
        let mut out = self.base.commands(world);
        out.extend(self.goods.iter().map(|g| Command::SetRegime {
            good: g.good.clone(),
            regime: g.regime,
            fallback: g.fallback,
        }));
        out.extend(self.workplaces.iter().map(|(id, by)| Command::SetRunBy {
            workplace: id.clone(),
            by: *by,
        }));
        out
    }
}

/// A command scheduled before a turn is played: `(turn: 5, command: SetDividend(true))`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheduled {
    /// Applied before this turn (1 = before the first) is played.
    pub turn: u32,
    pub command: Command,
}

/// Read a command script (a RON list of `Scheduled`), with located errors.
pub fn read_script(path: &std::path::Path) -> Result<Vec<Scheduled>> {
    let text = content::limits::read_text(path, content::limits::MAX_FILE_BYTES as u64)
        .map_err(|e| anyhow::anyhow!("command script {}: {e}", path.display()))?;
    let src = content::Source {
        path: path.display().to_string(),
        text,
    };
    content::load::parse::<Vec<Scheduled>>(&src).map_err(|d| anyhow::anyhow!("{d}"))
}

/// Everything a headless game needs.
#[derive(Debug, Clone)]
pub struct SimSpec {
    pub world: Arc<World>,
    pub seed: u64,
    pub turns: u32,
    pub policy: Policy,
    pub script: Vec<Scheduled>,
}

impl SimSpec {
    /// Load a scenario by id or path; `turns` overrides its length.
    pub fn load(scenario: &str, turns: Option<u32>) -> Result<(Arc<World>, u32)> {
        Self::load_modded(
            &content::mods::reload::ContentSpec {
                scenario: scenario.to_string(),
                ..Default::default()
            },
            turns,
        )
    }

    /// Load a scenario with mods; `turns` overrides its length.
    pub fn load_modded(
        spec: &content::mods::reload::ContentSpec,
        turns: Option<u32>,
    ) -> Result<(Arc<World>, u32)> {
        Self::open(spec, turns).map(|o| (o.world, o.turns))
    }

    /// [`SimSpec::load_modded`], also saying which mods were applied.
    pub fn open(spec: &content::mods::reload::ContentSpec, turns: Option<u32>) -> Result<Opened> {
        let loaded =
            content::mods::open(&spec.scenario, &spec.mods, &spec.dirs).map_err(|diags| {
                let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
                anyhow::anyhow!("{}", shown.join("\n"))
            })?;
        let mut sc = loaded.loaded.scenario;
        spec.difficulty.apply(&mut sc);
        let turns = turns.unwrap_or(sc.meta.turns);
        let most = content::limits::MAX_TURNS;
        if turns == 0 || turns > most {
            bail!("--turns {turns}: a game lasts 1 to {most} turns");
        }
        sc.meta.turns = turns;
        let world = World::new(sc).map_err(|e| anyhow::anyhow!(e))?;
        Ok(Opened {
            world: Arc::new(world),
            turns,
            mods: loaded.mods,
        })
    }
}

/// A scenario opened for headless play.
pub struct Opened {
    pub world: Arc<World>,
    pub turns: u32,
    /// The mods applied, in load order.
    pub mods: Vec<content::mods::ModRef>,
}

/// The world grown to a synthetic community of `n` members from `seed`
/// (see `content::synthetic`).
pub fn synthetic(world: &World, n: usize, seed: u64) -> Result<Arc<World>> {
    let sc = content::synthetic::grow(&world.scenario, n, seed).map_err(anyhow::Error::msg)?;
    Ok(Arc::new(World::new(sc).map_err(anyhow::Error::msg)?))
}

/// A finished headless game.
pub struct SimRun {
    pub game: Game,
    /// The last turn's report.
    pub last: Option<TurnReport>,
    /// Wall-clock time of the run.
    pub seconds: f64,
}

/// Play a headless game to its end, handing each turn's report to `each`.
pub fn run(spec: &SimSpec, each: impl FnMut(&Game, &TurnReport)) -> Result<SimRun> {
    play_out(spec, Game::new(Arc::clone(&spec.world), spec.seed), each)
}

/// `run` for a batch: the same game, but only its final state is hashed (`Game::unsynced`),
/// and its reports' `hash` is 0.
pub fn run_batch(spec: &SimSpec, each: impl FnMut(&Game, &TurnReport)) -> Result<SimRun> {
    play_out(
        spec,
        Game::unsynced(Arc::clone(&spec.world), spec.seed),
        each,
    )
}

/// `run_batch`, the game's state starting as a copy of `start` (see `Game::unsynced_from`).
pub fn run_batch_from(
    spec: &SimSpec,
    start: &State,
    each: impl FnMut(&Game, &TurnReport),
) -> Result<SimRun> {
    play_out(
        spec,
        Game::unsynced_from(Arc::clone(&spec.world), start, spec.seed),
        each,
    )
}

fn play_out(
    spec: &SimSpec,
    mut game: Game,
    mut each: impl FnMut(&Game, &TurnReport),
) -> Result<SimRun> {
    let start = Instant::now();
    for cmd in spec.policy.commands(&spec.world) {
        game.apply(cmd)?;
    }
    let mut last = None;
    for turn in 1..=spec.turns {
        for s in spec.script.iter().filter(|s| s.turn == turn) {
            game.apply(s.command.clone())
                .with_context(|| format!("command before turn {turn}: {:?}", s.command))?;
        }
        if game.is_over() {
            break;
        }
        if let Some(r) = game.apply(Command::EndTurn)? {
            each(&game, &r);
            // The report before is done with: the next turn reuses its lists.
            if let Some(spent) = last.replace(r) {
                game.recycle(spent);
            }
        }
    }
    Ok(SimRun {
        game,
        last,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The table header printed by `agora sim`.
pub fn table_header() -> String {
    format!(
        "{:>4}  {:>6}  {:>6}  {:>5}  {:<16} {:>5}  {:>6}  {:>6}  {:>7}  {:>5}  {:>5}  {:>5}  {:>6}  {:>5}  {:>5}",
        "turn",
        "needs",
        "surviv",
        "M0",
        "worst-off",
        "wb",
        "giniW",
        "giniWB",
        "density",
        "isol",
        "voice",
        "mtg-h",
        "trades",
        "price",
        "eff"
    )
}

/// One line of the table: a turn's headline figures.
pub fn table_row(world: &World, r: &TurnReport) -> String {
    let m = &r.metrics;
    let worst = m
        .worst_off
        .map(|i| world.member_name(i).to_string())
        .unwrap_or_default();
    let mut line = format!(
        "{:>4}  {:>5.1}%  {:>5.1}%  {:>5.3}  {:<16} {:>5.2}  {:>6.3}  {:>6.3}  {:>7.3}  {:>5}  {:>5.2}  {:>5.0}  {:>6}  {:>5.1}  {:>4.0}%",
        r.turn,
        m.needs_met * 100.0,
        m.survival_met * 100.0,
        m.m0,
        truncate(&worst, 16),
        m.worst_wellbeing,
        m.gini_wealth,
        m.gini_wellbeing,
        m.bond_density,
        m.isolated,
        m.voice_parity_min,
        m.meeting_hours,
        m.trades,
        m.mean_price,
        m.market_efficiency * 100.0
    );
    for e in &r.chronicle {
        line.push_str("\n      · ");
        line.push_str(&e.describe(world));
    }
    line
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The JSON object `agora sim --json` prints.
#[derive(Debug, Serialize)]
pub struct SimJson<'a> {
    pub scenario: &'a str,
    pub seed: u64,
    pub policy: &'a str,
    pub turns: u32,
    /// The final state hash, 16 hex digits.
    pub hash: String,
    pub turns_per_sec: f64,
    /// The hash of the content played (the scenario with its mods applied and its length
    /// set), 16 hex digits: the `content_hash` a save of this game records.
    pub content_hash: String,
    /// The mods applied, in load order (set by the caller, which opened them).
    pub mods: Vec<content::mods::ModRef>,
    pub metrics: &'a Metrics,
    pub members: Vec<MemberJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct MemberJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub present: bool,
    pub wellbeing: f64,
    pub hunger: u32,
    pub scrip: u64,
    pub standing: f64,
}

pub fn json<'a>(spec: &'a SimSpec, run: &'a SimRun, empty: &'a Metrics) -> SimJson<'a> {
    let world = &spec.world;
    let state = run.game.state();
    SimJson {
        scenario: &world.scenario.meta.id,
        seed: spec.seed,
        policy: &spec.policy.name,
        turns: state.turn,
        hash: format!("{:016x}", run.game.hash()),
        turns_per_sec: if run.seconds > 0.0 {
            state.turn as f64 / run.seconds
        } else {
            0.0
        },
        content_hash: format!("{:016x}", crate::engine::reload::content_hash(world)),
        mods: Vec::new(),
        metrics: run.last.as_ref().map_or(empty, |r| &r.metrics),
        members: world
            .scenario
            .members
            .iter()
            .zip(&state.members)
            .map(|(c, m)| MemberJson {
                id: &c.id,
                name: &c.name,
                present: m.present,
                wellbeing: m.wellbeing,
                hunger: m.hunger,
                scrip: m.scrip,
                standing: m.standing,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_parse() {
        let p = Policy::parse("mixed").unwrap();
        assert_eq!(p, PolicyChoice::Mixed.into());
        let p = Policy::parse(" Mixed+medicine=Exchange>aid + press=COMMONS ").unwrap();
        assert_eq!(p.name, "Mixed+medicine=Exchange>aid + press=COMMONS");
        assert_eq!(p.base, PolicyChoice::Mixed);
        assert_eq!(
            p.goods,
            vec![
                GoodRegime {
                    good: "medicine".into(),
                    regime: Regime::Exchange,
                    fallback: Some(Regime::Aid),
                },
                GoodRegime {
                    good: "press".into(),
                    regime: Regime::Commons,
                    fallback: None,
                },
            ]
        );
        assert_eq!(p.canonical(), "mixed+medicine=exchange>aid+press=commons");
        assert_eq!(
            Policy::parse("mixed+press=commons+medicine=exchange>aid")
                .unwrap()
                .canonical(),
            p.canonical()
        );
        let err = |s: &str| format!("{:#}", Policy::parse(s).unwrap_err());
        assert!(err("barter").contains("expected mixed, commons, exchange or aid"));
        assert!(err("mixed+medicine=barter").contains("unknown regime `barter`"));
        assert!(err("mixed+medicine=exchange>market").contains("unknown regime `market`"));
        assert!(err("mixed+medicine").contains("GOOD=REGIME"));
        assert!(err("mixed+=aid").contains("names no good"));
        assert!(err("mixed+press=aid+press=commons").contains("given twice"));
    }
}
