//! `agora lab`: many games of one scenario — every seed of a range under every policy — run
//! in parallel, written as one CSV row per (seed, policy) in a fixed order, and summarised.
//!
//! Games are played in chunks of seeds; each chunk is spread over a rayon pool, collected in
//! job order, written and folded into the running statistics before the next is started, so
//! memory does not grow with the number of games and the output does not depend on the
//! number of threads.

use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::content;
use crate::content::mods::ModRef;
use crate::engine::metrics::Metrics;
use crate::engine::report::TurnReport;
use crate::engine::types::Mark;
use crate::engine::{State, World};
use crate::lab::rows;
use crate::lab::sim::{self, Policy, Scheduled, SimSpec};
use crate::lab::stats::Acc;
use crate::lab::sweep::Sweep;
use crate::lab::thesis::Hypothesis;

/// A policy a lab run plays: the regimes it starts under (see [`Policy`]) and an optional
/// command script.
#[derive(Debug, Clone, PartialEq)]
pub struct LabPolicy {
    /// Its name in the CSV and the summary: the policy as written, or a policy file's `name`.
    pub name: String,
    pub policy: Policy,
    pub script: Vec<Scheduled>,
}

impl LabPolicy {
    /// A policy without a script, named as written.
    pub fn plain(policy: Policy) -> LabPolicy {
        LabPolicy {
            name: policy.name.clone(),
            policy,
            script: Vec::new(),
        }
    }

    /// The normal form a thesis test's policy is matched against (none for a scripted policy,
    /// which only its name reaches).
    pub fn key(&self) -> Option<String> {
        self.script.is_empty().then(|| self.policy.canonical())
    }
}

/// One entry of a policy file: `(name: "late-market", base: "commons", script: [...])`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyEntry {
    name: String,
    #[serde(default = "mixed")]
    base: String,
    #[serde(default)]
    script: Vec<Scheduled>,
}

fn mixed() -> String {
    "mixed".to_string()
}

/// The policies `agora lab` plays when `--policies` is not given, before those the thesis
/// tests name.
pub const DEFAULT_POLICIES: &str = "commons,exchange,aid,mixed";

/// A comma-separated list of policies (`commons,exchange,mixed+medicine=exchange>aid`, see
/// [`Policy`]), or the path of a RON file listing policy scripts; goods are checked against
/// the scenario.
pub fn parse_policies(arg: &str, world: &World) -> Result<Vec<LabPolicy>> {
    let path = std::path::Path::new(arg);
    let out: Vec<LabPolicy> = if path.is_file() {
        let text = content::limits::read_text(path, content::limits::MAX_FILE_BYTES as u64)
            .map_err(|e| anyhow::anyhow!("policy file {}: {e}", path.display()))?;
        let src = content::Source {
            path: path.display().to_string(),
            text,
        };
        let entries =
            content::load::parse::<Vec<PolicyEntry>>(&src).map_err(|d| anyhow::anyhow!("{d}"))?;
        entries
            .into_iter()
            .map(|e| {
                Ok(LabPolicy {
                    policy: Policy::parse_for(&e.base, world)
                        .with_context(|| format!("policy `{}`", e.name))?,
                    name: e.name,
                    script: e.script,
                })
            })
            .collect::<Result<_>>()?
    } else {
        arg.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Ok(LabPolicy::plain(Policy::parse_for(s, world)?)))
            .collect::<Result<_>>()?
    };
    if out.is_empty() {
        bail!("no policies given");
    }
    for (i, p) in out.iter().enumerate() {
        if out[..i].iter().any(|q| q.name == p.name) {
            bail!("policy `{}` is named twice", p.name);
        }
    }
    Ok(out)
}

/// The policies played when none are given: [`DEFAULT_POLICIES`], then every policy a thesis
/// test names that is not among them yet (in the order the tests name them). A name that is
/// not a policy of this scenario is left out; its test then says why it was not judged.
pub fn default_policies(world: &World, hypotheses: &[Hypothesis]) -> Result<Vec<LabPolicy>> {
    let mut out = parse_policies(DEFAULT_POLICIES, world)?;
    for name in hypotheses.iter().flat_map(|h| [&h.a, &h.b]) {
        let Ok(p) = Policy::parse_for(name, world) else {
            continue;
        };
        let key = p.canonical();
        if !out
            .iter()
            .any(|q| q.name == p.name || q.key().as_deref() == Some(&key))
        {
            out.push(LabPolicy::plain(p));
        }
    }
    Ok(out)
}

/// `A..B` (B excluded), `A..=B` or a single seed `N`.
pub fn parse_seeds(arg: &str) -> Result<Range<u64>> {
    let num = |s: &str| -> Result<u64> {
        s.trim()
            .parse::<u64>()
            .with_context(|| format!("`{s}` is not a seed (a whole number)"))
    };
    let r = if let Some((a, b)) = arg.split_once("..=") {
        num(a)?..num(b)?.checked_add(1).context("seed range too large")?
    } else if let Some((a, b)) = arg.split_once("..") {
        num(a)?..num(b)?
    } else {
        let n = num(arg)?;
        n..n + 1
    };
    if r.is_empty() {
        bail!("the seed range `{arg}` is empty (write A..B with A < B)");
    }
    Ok(r)
}

/// `i/n`: the i-th (from 0) of n slices.
pub fn parse_shard(arg: &str) -> Result<(u64, u64)> {
    let (i, n) = arg
        .split_once('/')
        .with_context(|| format!("`{arg}`: write the shard as i/n, e.g. 0/4"))?;
    let i: u64 = i.trim().parse().with_context(|| format!("shard `{arg}`"))?;
    let n: u64 = n.trim().parse().with_context(|| format!("shard `{arg}`"))?;
    if n == 0 || i >= n {
        bail!("shard `{arg}`: need 0 <= i < n");
    }
    Ok((i, n))
}

/// The seeds of shard `i` of `n`: contiguous slices, so the shards in order are the whole range.
pub fn shard_seeds(seeds: Range<u64>, (i, n): (u64, u64)) -> Range<u64> {
    let len = (seeds.end - seeds.start) as u128;
    let at = |k: u64| seeds.start + (len * k as u128 / n as u128) as u64;
    at(i)..at(i + 1)
}

/// Figures averaged over the turns of a game (`avg_<metric>`).
pub const AVERAGED: [&str; 12] = [
    "needs_met",
    "survival_met",
    "m0",
    "worst_wellbeing",
    "mean_wellbeing",
    "gini_wellbeing",
    "gini_wealth",
    "voice_parity_min",
    "aid_coverage",
    "velocity",
    "wages",
    "gini_scrip",
];

/// Figures of a whole game besides the averages.
pub const WHOLE_GAME: [&str; 4] = [
    "lpq_needs_met",
    "min_needs_met",
    "hungry_member_turns",
    "trades_total",
];

/// The metrics the summary table shows.
pub const HEADLINE: [&str; 9] = [
    "lpq_needs_met",
    "avg_needs_met",
    "avg_survival_met",
    "avg_worst_wellbeing",
    "avg_gini_wellbeing",
    "avg_velocity",
    "final_gini_scrip",
    "final_bond_density",
    "final_present",
];

/// The text columns that start every row: what the run played (the same in every row of a
/// run, its shards included: see [`Played`]), then the game's seed, policy, turns played and
/// final state hash.
pub const KEYS: [&str; 9] = [
    "scenario",
    "content_hash",
    "mods",
    "run_seeds",
    "run_turns",
    "seed",
    "policy",
    "turns",
    "hash",
];

/// What a run played, written in every row and in the summary, so a row says what it came
/// from and shards can be checked to belong together before they are merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Played {
    /// The scenario's id.
    pub scenario: String,
    /// The hash of the content played, before any sweep: the scenario with its mods applied
    /// and its length set, as a save of one of its games records it.
    #[serde(serialize_with = "hex")]
    pub content_hash: u64,
    /// The mods applied, in load order.
    pub mods: Vec<ModRef>,
    /// The whole run's seeds (a shard plays a slice of them).
    pub seeds: Range<u64>,
    /// The game length asked for (a game that ends early plays fewer).
    pub turns: u32,
}

impl Played {
    /// A run of `world` (opened with `mods`) over `seeds`.
    pub fn of(world: &World, mods: Vec<ModRef>, seeds: Range<u64>) -> Played {
        Played {
            scenario: world.scenario.meta.id.clone(),
            content_hash: crate::engine::reload::content_hash(world),
            mods,
            seeds,
            turns: world.scenario.meta.turns,
        }
    }

    /// The mods as the CSV writes them: `id@version` joined by `;` (empty for none).
    pub fn mods_field(&self) -> String {
        let m: Vec<String> = self
            .mods
            .iter()
            .map(|m| format!("{}@{}", m.id, m.version))
            .collect();
        m.join(";")
    }
}

/// 16 hex digits, as state hashes are written.
pub fn hex<S: serde::Serializer>(h: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{h:016x}"))
}

/// The columns about single members, taken from the scenario (the same for every row of a
/// run): `met.<member>.<good>` for each good a member needs, `interest.<member>.<good>` for
/// each good they have an interest in, and `scrip.<member>` for every member.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberColumns {
    /// `(member, good)` of each `met.` column: the goods a member's `needs` name, and those a
    /// storylet's `AddNeed` may give them by their id; members in scenario order, then goods
    /// in scenario order.
    pub needs: Vec<(String, String)>,
    /// `(member, good)` of each `interest.` column: the goods a member's `interests` name.
    pub interests: Vec<(String, String)>,
    /// Every member, in scenario order.
    pub scrip: Vec<String>,
}

impl MemberColumns {
    pub fn of(world: &World) -> MemberColumns {
        let sc = &world.scenario;
        // Needs storylets give members named by id (not by a role of the storylet).
        let mut added: Vec<(&str, &str)> = Vec::new();
        for st in &sc.storylets {
            let effects = st
                .effects
                .iter()
                .chain(st.choices.iter().flat_map(|c| c.effects.iter()));
            for e in effects {
                if let crate::engine::world::story::Effect::AddNeed { who, good, .. } = e
                    && !st.roles.iter().any(|r| r.id == *who)
                {
                    added.push((who.as_str(), good.as_str()));
                }
            }
        }
        let mut out = MemberColumns::default();
        for m in &sc.members {
            for g in &sc.goods {
                let needed = m.needs.iter().any(|n| n.good == g.id)
                    || added.iter().any(|(w, gd)| *w == m.id && *gd == g.id);
                if needed {
                    out.needs.push((m.id.clone(), g.id.clone()));
                }
                if m.interests.iter().any(|i| i.good == g.id) {
                    out.interests.push((m.id.clone(), g.id.clone()));
                }
            }
            out.scrip.push(m.id.clone());
        }
        out
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<String> {
        let mut c: Vec<String> = self
            .needs
            .iter()
            .map(|(m, g)| format!("met.{m}.{g}"))
            .collect();
        c.extend(
            self.interests
                .iter()
                .map(|(m, g)| format!("interest.{m}.{g}")),
        );
        c.extend(self.scrip.iter().map(|m| format!("scrip.{m}")));
        c
    }

    pub fn len(&self) -> usize {
        self.needs.len() + self.interests.len() + self.scrip.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The numeric columns every scenario's rows have, in order (after [`KEYS`]).
pub fn community_columns() -> Vec<String> {
    let mut c: Vec<String> = WHOLE_GAME.iter().map(|s| s.to_string()).collect();
    c.extend(AVERAGED.iter().map(|s| format!("avg_{s}")));
    c.extend(
        Metrics::default()
            .fields()
            .into_iter()
            .map(|(n, _)| format!("final_{n}")),
    );
    c
}

/// The numeric columns of a row of this scenario, in order (after [`KEYS`]): the
/// community's, then the members' ([`MemberColumns`]).
pub fn columns(world: &World) -> Vec<String> {
    let mut c = community_columns();
    c.extend(MemberColumns::of(world).names());
    c
}

/// The CSV header: [`KEYS`], one column per varied parameter, then [`columns`].
pub fn header(b: &Batch) -> Vec<String> {
    let mut h: Vec<String> = KEYS.iter().map(|s| s.to_string()).collect();
    h.extend(b.sweep.paths.iter().cloned());
    h.extend(columns(&b.world));
    h
}

/// The least-privileged quartile: the quarter of the members (rounded up) holding the most
/// low marks on the scenario's dimensions, ties to the earlier member.
pub fn least_privileged(world: &World) -> Vec<bool> {
    let dims: Vec<&str> = world
        .scenario
        .meta
        .dimensions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let lows: Vec<usize> = world
        .scenario
        .members
        .iter()
        .map(|m| {
            m.marks
                .iter()
                .filter(|(d, mark)| **mark == Mark::Low && dims.contains(&d.as_str()))
                .count()
        })
        .collect();
    let mut order: Vec<usize> = (0..lows.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(lows[i]), i));
    let mut out = vec![false; lows.len()];
    for &i in order.iter().take(lows.len().div_ceil(4)) {
        out[i] = true;
    }
    out
}

/// Where a game's members' needs and interests go among the [`MemberColumns`]: found by id
/// in the game's world, so the scenario's own members find theirs in a synthetic community.
struct Lookup {
    goods: usize,
    /// `[member × goods + good]`: the `met.` column's index plus one, 0 for none.
    need: Vec<u32>,
    /// The same for the `interest.` columns.
    interest: Vec<u32>,
    /// Each `scrip.` column's member in the game's world.
    scrip: Vec<Option<usize>>,
}

impl Lookup {
    fn new(cols: &MemberColumns, world: &World) -> Lookup {
        let goods = world.scenario.goods.len();
        let cells = world.scenario.members.len() * goods;
        let table = |pairs: &[(String, String)]| {
            let mut t = vec![0u32; cells];
            for (k, (m, g)) in pairs.iter().enumerate() {
                if let (Some(m), Some(g)) = (world.member(m), world.good(g)) {
                    t[m * goods + g] = k as u32 + 1;
                }
            }
            t
        };
        Lookup {
            goods,
            need: table(&cols.needs),
            interest: table(&cols.interests),
            scrip: cols.scrip.iter().map(|m| world.member(m)).collect(),
        }
    }

    fn at(&self, table: &[u32], member: usize, good: usize) -> Option<usize> {
        match table.get(member * self.goods + good) {
            Some(&k) if k > 0 => Some(k as usize - 1),
            _ => None,
        }
    }
}

/// A mean over the turns that count.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    fn push(&mut self, part: u64, whole: u64) {
        if whole > 0 {
            self.sum += part.min(whole) as f64 / whole as f64;
            self.n += 1;
        }
    }

    fn value(self) -> f64 {
        if self.n > 0 {
            self.sum / self.n as f64
        } else {
            f64::NAN
        }
    }
}

/// What one game adds up as it goes.
struct GameAcc<'a> {
    lpq: &'a [bool],
    lookup: &'a Lookup,
    turns: u32,
    lpq_sum: f64,
    lpq_n: u64,
    min_needs: f64,
    hungry: u64,
    trades: u64,
    sums: [f64; AVERAGED.len()],
    idx: [usize; AVERAGED.len()],
    met: Vec<Mean>,
    interest: Vec<Mean>,
    /// This turn's units met and needed (wanted) in each `met.` (`interest.`) column: a
    /// column is one member's needs (interests) of one good, summed over them.
    turn_met: Vec<(u64, u64)>,
    turn_interest: Vec<(u64, u64)>,
}

impl<'a> GameAcc<'a> {
    fn new(lpq: &'a [bool], lookup: &'a Lookup, cols: &MemberColumns) -> Self {
        let names: Vec<&str> = Metrics::default()
            .fields()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let idx = AVERAGED.map(|a| names.iter().position(|n| *n == a).unwrap_or(0));
        GameAcc {
            lpq,
            lookup,
            turns: 0,
            lpq_sum: 0.0,
            lpq_n: 0,
            min_needs: f64::INFINITY,
            hungry: 0,
            trades: 0,
            sums: [0.0; AVERAGED.len()],
            idx,
            met: vec![Mean::default(); cols.needs.len()],
            interest: vec![Mean::default(); cols.interests.len()],
            turn_met: vec![(0, 0); cols.needs.len()],
            turn_interest: vec![(0, 0); cols.interests.len()],
        }
    }

    fn push(&mut self, r: &TurnReport) {
        self.turns += 1;
        for m in &r.members {
            if self.lpq.get(m.member).copied().unwrap_or(false) {
                self.lpq_sum += m.met;
                self.lpq_n += 1;
            }
            if m.hunger > 0 {
                self.hungry += 1;
            }
            for n in &m.needs {
                if let Some(c) = self.lookup.at(&self.lookup.need, m.member, n.good) {
                    let t = &mut self.turn_met[c];
                    t.0 += u64::from(n.met.min(n.needed));
                    t.1 += u64::from(n.needed);
                }
            }
            for n in &m.interests {
                if let Some(c) = self.lookup.at(&self.lookup.interest, m.member, n.good) {
                    let t = &mut self.turn_interest[c];
                    t.0 += u64::from(n.met.min(n.wanted));
                    t.1 += u64::from(n.wanted);
                }
            }
        }
        // A member's needs (interests) of one good this turn: units met over units needed
        // (wanted), each need's met capped at its own amount. A column nobody needed this
        // turn (a member absent) needs nothing, so its mean does not count the turn.
        for (mean, t) in self.met.iter_mut().zip(&mut self.turn_met) {
            mean.push(t.0, t.1);
            *t = (0, 0);
        }
        for (mean, t) in self.interest.iter_mut().zip(&mut self.turn_interest) {
            mean.push(t.0, t.1);
            *t = (0, 0);
        }
        self.min_needs = self.min_needs.min(r.metrics.needs_met);
        self.trades += r.metrics.trades;
        let f = r.metrics.fields();
        for (s, &i) in self.sums.iter_mut().zip(&self.idx) {
            *s += f[i].1;
        }
    }

    fn values(&self, last: &Metrics, state: &State) -> Vec<f64> {
        let t = self.turns.max(1) as f64;
        let mut v = vec![
            if self.lpq_n > 0 {
                self.lpq_sum / self.lpq_n as f64
            } else {
                f64::NAN
            },
            if self.turns > 0 {
                self.min_needs
            } else {
                f64::NAN
            },
            self.hungry as f64,
            self.trades as f64,
        ];
        v.extend(self.sums.iter().map(|s| s / t));
        v.extend(last.fields().into_iter().map(|(_, x)| x));
        v.extend(self.met.iter().map(|m| m.value()));
        v.extend(self.interest.iter().map(|m| m.value()));
        v.extend(self.lookup.scrip.iter().map(|m| {
            m.and_then(|m| state.members.get(m))
                .map_or(f64::NAN, |s| s.scrip as f64)
        }));
        v
    }
}

/// One finished game.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub seed: u64,
    /// The grid point of a sweep (0 when not sweeping).
    pub point: usize,
    pub policy: usize,
    pub turns: u32,
    pub hash: u64,
    /// In the order of [`columns`].
    pub values: Vec<f64>,
}

/// A lab run: one scenario, seeds, policies.
#[derive(Debug, Clone)]
pub struct Batch {
    pub world: Arc<World>,
    pub turns: u32,
    pub seeds: Range<u64>,
    pub policies: Vec<LabPolicy>,
    /// Threads (at least 1).
    pub jobs: usize,
    /// Play each seed in a synthetic community of this many members grown from that seed.
    pub synthetic: Option<usize>,
    /// What the run plays, as its rows record it.
    pub played: Played,
    /// The parameters varied and the grid of their values.
    pub sweep: Sweep,
}

impl Batch {
    /// A run of `world` (with no mods, no sweep, not synthetic) whose seeds are the whole run.
    pub fn new(
        world: Arc<World>,
        turns: u32,
        seeds: Range<u64>,
        policies: Vec<LabPolicy>,
        jobs: usize,
    ) -> Batch {
        Batch {
            played: Played::of(&world, Vec::new(), seeds.clone()),
            sweep: Sweep::none(&world),
            world,
            turns,
            seeds,
            policies,
            jobs,
            synthetic: None,
        }
    }
}

/// What every game of a sweep point starts from, built once for all its seeds and policies
/// (in a synthetic run, for each game: every seed grows its own community).
pub struct Start {
    world: Arc<World>,
    /// `State::new(&world, _)`: the games' starts differ only in their seed.
    state: State,
    lookup: Lookup,
}

impl Start {
    fn new(world: Arc<World>, cols: &MemberColumns) -> Start {
        Start {
            state: State::new(&world, 0),
            lookup: Lookup::new(cols, &world),
            world,
        }
    }

    /// Every sweep point's start, for a run that is not synthetic (none for one that is).
    pub fn of(b: &Batch, cols: &MemberColumns) -> Vec<Start> {
        match b.synthetic {
            Some(_) => Vec::new(),
            None => b
                .sweep
                .points
                .iter()
                .map(|p| Start::new(Arc::clone(&p.world), cols))
                .collect(),
        }
    }
}

/// Play one game of a batch; `cols` are the scenario's [`MemberColumns`], `starts` its
/// points' [`Start::of`].
pub fn play(
    b: &Batch,
    lpq: &[bool],
    cols: &MemberColumns,
    starts: &[Start],
    seed: u64,
    (point, policy): (usize, usize),
) -> Result<Row> {
    let p = &b.policies[policy];
    let (grown, grown_lpq) = match b.synthetic {
        Some(n) => {
            let w = sim::synthetic(&b.sweep.points[point].world, n, seed)?;
            let l = least_privileged(&w);
            (Some(Start::new(w, cols)), Some(l))
        }
        None => (None, None),
    };
    let start = grown.as_ref().unwrap_or_else(|| &starts[point]);
    let lpq = grown_lpq.as_deref().unwrap_or(lpq);
    let mut acc = GameAcc::new(lpq, &start.lookup, cols);
    let spec = SimSpec {
        world: Arc::clone(&start.world),
        seed,
        turns: b.turns,
        policy: p.policy.clone(),
        script: p.script.clone(),
    };
    let run = sim::run_batch_from(&spec, &start.state, |_, r| acc.push(r))
        .with_context(|| format!("seed {seed}, policy {}", p.name))?;
    let last = run.last.as_ref().map(|r| &r.metrics);
    Ok(Row {
        seed,
        point,
        policy,
        turns: run.game.state().turn,
        hash: run.game.hash(),
        values: acc.values(last.unwrap_or(&Metrics::default()), run.game.state()),
    })
}

/// The running statistics of a batch.
#[derive(Debug, Clone)]
pub struct Tally {
    pub columns: Vec<String>,
    pub policies: Vec<String>,
    /// Each policy's normal form ([`Policy::canonical`]), none for a scripted policy.
    pub keys: Vec<Option<String>>,
    /// `[policy][column]`.
    pub each: Vec<Vec<Acc>>,
    /// Paired differences `a − b` over the same seeds, for `a < b`: `(a, b, [column])`.
    pub paired: Vec<(usize, usize, Vec<Acc>)>,
    pub games: u64,
}

impl Tally {
    /// Empty statistics over these columns for these policies (their [`Tally::keys`] taken
    /// from their names).
    pub fn new(columns: Vec<String>, policies: Vec<String>) -> Tally {
        let k = policies.len();
        let keys = policies
            .iter()
            .map(|p| Policy::parse(p).ok().map(|p| p.canonical()))
            .collect();
        let mut paired = Vec::new();
        for a in 0..k {
            for b in a + 1..k {
                paired.push((a, b, vec![Acc::default(); columns.len()]));
            }
        }
        Tally {
            each: vec![vec![Acc::default(); columns.len()]; k],
            columns,
            policies,
            keys,
            paired,
            games: 0,
        }
    }

    /// Fold in every policy's row of one seed (in policy order).
    pub fn add_seed(&mut self, rows: &[Row]) {
        for r in rows {
            self.games += 1;
            for (acc, &v) in self.each[r.policy].iter_mut().zip(&r.values) {
                acc.push(v);
            }
        }
        for (a, b, accs) in &mut self.paired {
            for (c, acc) in accs.iter_mut().enumerate() {
                acc.push(rows[*a].values[c] - rows[*b].values[c]);
            }
        }
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// A policy by its name, else by the normal form of the policy the name writes
    /// (`Mixed+Medicine=Exchange` finds `mixed+medicine=exchange`).
    pub fn policy(&self, name: &str) -> Option<usize> {
        self.policies.iter().position(|p| p == name).or_else(|| {
            let key = Policy::parse(name).ok()?.canonical();
            self.keys.iter().position(|k| k.as_deref() == Some(&key))
        })
    }

    /// The paired difference `a − b` of a column.
    pub fn diff(&self, a: usize, b: usize, column: usize) -> Option<crate::lab::stats::Estimate> {
        if a == b {
            return None;
        }
        let (lo, hi, flip) = if a < b { (a, b, false) } else { (b, a, true) };
        let (_, _, accs) = self.paired.iter().find(|(x, y, _)| *x == lo && *y == hi)?;
        let e = accs[column].estimate();
        Some(if flip {
            crate::lab::stats::Estimate {
                mean: -e.mean,
                lo: -e.hi,
                hi: -e.lo,
                ..e
            }
        } else {
            e
        })
    }
}

/// Run a batch, writing the CSV (header first) to `out` when given, ticking `progress` once
/// per game. The statistics come back one [`Tally`] per grid point of the sweep.
pub fn run(b: &Batch, out: Option<&mut dyn Write>, progress: &ProgressBar) -> Result<Vec<Tally>> {
    let lpq = least_privileged(&b.world);
    let cols = MemberColumns::of(&b.world);
    let starts = Start::of(b, &cols);
    let k = b.policies.len();
    let points = b.sweep.points.len();
    let mut tally = Tally::new(
        columns(&b.world),
        b.policies.iter().map(|p| p.name.clone()).collect(),
    );
    tally.keys = b.policies.iter().map(LabPolicy::key).collect();
    let mut tallies = vec![tally; points];
    let mut out = match out {
        Some(w) => Some(rows::Writer::new(w, b)?),
        None => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(b.jobs.max(1))
        .build()
        .context("cannot start the worker threads")?;
    let chunk = (64 * b.jobs.max(1)) as u64;
    let mut start = b.seeds.start;
    while start < b.seeds.end {
        let end = (start + chunk).min(b.seeds.end);
        let jobs: Vec<(u64, usize, usize)> = (start..end)
            .flat_map(|s| (0..points).flat_map(move |g| (0..k).map(move |p| (s, g, p))))
            .collect();
        let rows: Vec<Result<Row>> = pool.install(|| {
            jobs.par_iter()
                .map(|&(s, g, p)| {
                    let r = play(b, &lpq, &cols, &starts, s, (g, p));
                    progress.inc(1);
                    r
                })
                .collect()
        });
        let rows: Vec<Row> = rows.into_iter().collect::<Result<_>>()?;
        if let Some(w) = out.as_mut() {
            for r in &rows {
                w.row(b, r)?;
            }
        }
        for seed_rows in rows.chunks(k) {
            tallies[seed_rows[0].point].add_seed(seed_rows);
        }
        start = end;
    }
    if let Some(w) = out.as_mut() {
        w.flush()?;
    }
    Ok(tallies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_and_shards() {
        assert_eq!(parse_seeds("0..10").unwrap(), 0..10);
        assert_eq!(parse_seeds("3..=5").unwrap(), 3..6);
        assert_eq!(parse_seeds("7").unwrap(), 7..8);
        assert!(parse_seeds("5..5").is_err());
        assert!(parse_shard("2/2").is_err());
        let all: Vec<u64> = (0..3).flat_map(|i| shard_seeds(10..20, (i, 3))).collect();
        assert_eq!(all, (10..20).collect::<Vec<_>>());
    }

    #[test]
    fn policies_parse() {
        let (world, _) = SimSpec::load("riverside", Some(1)).unwrap();
        let p = parse_policies("commons, exchange,aid,mixed", &world).unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(p[3].policy.base, sim::PolicyChoice::Mixed);
        assert!(parse_policies("commons,commons", &world).is_err());
        assert!(parse_policies("barter", &world).is_err());
        let p = parse_policies("mixed,mixed+medicine=exchange>aid", &world).unwrap();
        assert_eq!(p[1].name, "mixed+medicine=exchange>aid");
        assert_eq!(p[1].policy.goods.len(), 1);
        let e = parse_policies("mixed+medicin=exchange", &world).unwrap_err();
        assert!(format!("{e:#}").contains("grain, medicine"), "{e:#}");
    }

    #[test]
    fn a_shared_start_is_each_games_own() {
        let (world, _) = SimSpec::load("riverside", Some(3)).unwrap();
        let start = State::new(&world, 0);
        for seed in [0, 7] {
            let mut a = crate::engine::Game::unsynced(Arc::clone(&world), seed);
            let mut b = crate::engine::Game::unsynced_from(Arc::clone(&world), &start, seed);
            assert_eq!(a.state(), b.state());
            assert_eq!(a.hashes(), b.hashes());
            while !a.is_over() {
                let cmd = crate::engine::Command::EndTurn;
                assert_eq!(a.apply(cmd.clone()).unwrap(), b.apply(cmd).unwrap());
            }
            assert_eq!(a.hash(), b.hash());
        }
    }
}
