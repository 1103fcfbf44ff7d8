//! Headless play: a scenario, a seed, a policy and an optional command script, run to the
//! end and reported as a table or as JSON.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::content;
use crate::engine::metrics::Metrics;
use crate::engine::report::TurnReport;
use crate::engine::{Command, Game, Regime, World};

/// Which regimes a headless game plays under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyChoice {
    /// The scenario's own starting regimes.
    Mixed,
    /// Every good under one regime.
    All(Regime),
}

impl PolicyChoice {
    pub fn parse(s: &str) -> Result<PolicyChoice> {
        Ok(match s {
            "mixed" => PolicyChoice::Mixed,
            "commons" => PolicyChoice::All(Regime::Commons),
            "exchange" => PolicyChoice::All(Regime::Exchange),
            "aid" => PolicyChoice::All(Regime::Aid),
            other => bail!("unknown policy `{other}`; expected mixed, commons, exchange or aid"),
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
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read command script {}", path.display()))?;
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
    pub policy: PolicyChoice,
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
        let loaded =
            content::mods::open(&spec.scenario, &spec.mods, &spec.dirs).map_err(|diags| {
                let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
                anyhow::anyhow!("{}", shown.join("\n"))
            })?;
        let mut sc = loaded.loaded.scenario;
        let turns = turns.unwrap_or(sc.meta.turns);
        sc.meta.turns = turns;
        let world = World::new(sc).map_err(|e| anyhow::anyhow!(e))?;
        Ok((Arc::new(world), turns))
    }
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
            last = Some(r);
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
        policy: spec.policy.name(),
        turns: state.turn,
        hash: format!("{:016x}", run.game.hash()),
        turns_per_sec: if run.seconds > 0.0 {
            state.turn as f64 / run.seconds
        } else {
            0.0
        },
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
