//! A scenario's objectives judged from a game's reports: during play each is met, on track,
//! at risk or failed, with its progress and the reason in words; at the end met or failed.
//! Pure: the same world, reports and state always give the same judgement. The grade a
//! finished game earns from them is in [`grade`].

pub mod grade;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::engine::events::cond::Scope;
use crate::engine::events::{text, words};
use crate::engine::report::TurnReport;
use crate::engine::state::State;
use crate::engine::types::{MemberId, Priority};
use crate::engine::world::World;
use crate::engine::world::story::{Span, Test};

/// One objective and how it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judged {
    pub id: String,
    pub text: String,
    pub status: Status,
    /// How far toward being met, 0 to 1 (1 once met).
    pub progress: f64,
    /// The figures behind the status, in plain words with members' names
    /// ("Tom has had his heart pills 3 of 7 months; 4 of 7 would be on track").
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Done: the game is over and it holds, or nothing left can undo it.
    Met,
    /// The game goes on, and so far it would be met.
    OnTrack,
    /// The game goes on, and as things stand it would not be met (or soon will not be).
    AtRisk,
    /// It can no longer be met.
    Failed,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::Failed => "failed",
        }
    }

    /// Met, or on track to be.
    pub fn good(self) -> bool {
        matches!(self, Status::Met | Status::OnTrack)
    }
}

/// Judge every objective of the scenario on the reports so far; `state` is the state after
/// the last of them (the start, when there is none).
pub fn judge(world: &World, reports: &[TurnReport], state: &State) -> Vec<Judged> {
    let over = state.ended;
    // Turns still to come, for what can no longer be reached.
    let left = world.scenario.meta.turns.saturating_sub(state.turn);
    let unit = &world.scenario.meta.turn_unit;
    let scope = Scope {
        world,
        state,
        roles: &[],
    };
    let settle = |ok: bool| match (over, ok) {
        (true, true) => Status::Met,
        (true, false) => Status::Failed,
        (false, true) => Status::OnTrack,
        (false, false) => Status::AtRisk,
    };
    world
        .scenario
        .meta
        .objectives
        .iter()
        .map(|o| {
            let (status, progress, detail) = match &o.test {
                Test::NoHungerStreak(n) => hunger(world, reports, &scope, *n, over),
                Test::NeedMet {
                    member,
                    good,
                    share,
                } => match (world.member(member), world.good(good)) {
                    (Some(m), Some(g)) => need_met(reports, &scope, m, g, *share, over, left),
                    _ => (settle(false), 0.0, "not in this community".to_string()),
                },
                Test::MetricAtLeast {
                    metric,
                    value,
                    over: span,
                }
                | Test::MetricAtMost {
                    metric,
                    value,
                    over: span,
                } => {
                    let at_least = matches!(o.test, Test::MetricAtLeast { .. });
                    match figure(reports, metric, *span) {
                        Some(v) => {
                            let ok = if at_least { v >= *value } else { v <= *value };
                            let progress = if at_least {
                                ratio(v, *value)
                            } else {
                                ratio(*value, v)
                            };
                            let what = words_of(metric);
                            let (now, cmp) = (amount(metric, v), amount(metric, *value));
                            let bound = if at_least { "at least" } else { "at most" };
                            let detail = match span {
                                Span::Mean if over => format!("{what}: {now} on average"),
                                Span::Mean => format!("{what}: {now} on average so far"),
                                Span::End if over => format!("{what}: {now} at the end"),
                                Span::End => format!("{what}: {now} last {unit}"),
                            };
                            let need = match span {
                                Span::Mean => format!("{bound} {cmp} needed"),
                                Span::End => format!("{bound} {cmp} needed at the end"),
                            };
                            (settle(ok), progress, format!("{detail}; {need}"))
                        }
                        None => (settle(true), 0.0, format!("judged from the first {unit}")),
                    }
                }
                Test::AtEnd(c) => match words::failing(c, &scope) {
                    None if over => (Status::Met, 1.0, "held at the end".to_string()),
                    None => (Status::OnTrack, 1.0, "holds now".to_string()),
                    Some(why) if over => (Status::Failed, 0.0, format!("{why} at the end")),
                    Some(why) => (Status::AtRisk, 0.0, format!("{why} now")),
                },
            };
            Judged {
                id: o.id.clone(),
                text: o.text.clone(),
                progress: if status == Status::Met { 1.0 } else { progress },
                status,
                detail,
            }
        })
        .collect()
}

/// `a / b` clamped to 0–1 (1 when `b` is not positive).
fn ratio(a: f64, b: f64) -> f64 {
    if b <= 0.0 {
        1.0
    } else {
        (a / b).clamp(0.0, 1.0)
    }
}

/// A metric's id as words: `needs_met` → "needs met".
fn words_of(metric: &str) -> String {
    metric.replace(['_', '-'], " ")
}

/// Metrics that are shares, shown as percentages.
const SHARES: [&str; 6] = [
    "needs_met",
    "survival_met",
    "poverty_headcount",
    "aid_coverage",
    "requests_approved",
    "market_efficiency",
];

/// A metric's value as shown: shares as percentages, the rest with two decimals.
fn amount(metric: &str, v: f64) -> String {
    if SHARES.contains(&metric) {
        format!("{:.0}%", v * 100.0)
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// No member's survival needs unmet `n` turns running: failed once a run reaches `n`; at
/// risk while someone present is within two turns of it (within one when `n` is 2 or less).
fn hunger(
    world: &World,
    reports: &[TurnReport],
    scope: &Scope,
    n: u32,
    over: bool,
) -> (Status, f64, String) {
    let unit = &world.scenario.meta.turn_unit;
    let runs = hunger_runs(world.scenario.members.len(), reports);
    let (worst, who) = runs.longest;
    let n = n.max(1);
    if worst >= n {
        let name = who.map_or("someone", |m| world.member_name(m));
        return (
            Status::Failed,
            0.0,
            format!("{name} went hungry {worst} {unit}s running; {n} in a row fails this"),
        );
    }
    let (now, whom) = runs
        .current
        .iter()
        .enumerate()
        .filter(|&(m, _)| scope.state.members.get(m).is_some_and(|s| s.present))
        .map(|(m, &r)| (r, m))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .unwrap_or((0, 0));
    let progress = 1.0 - f64::from(now) / f64::from(n);
    if over {
        let detail = if worst == 0 {
            "nobody went hungry".to_string()
        } else {
            format!(
                "the longest run without food was {worst} {}; {n} would have failed it",
                plural(worst, unit)
            )
        };
        return (Status::Met, 1.0, detail);
    }
    let warn = n.saturating_sub(2).max(1);
    if now >= warn {
        let first = first_name(world, whom);
        (
            Status::AtRisk,
            progress,
            format!(
                "{first} has gone hungry {now} {} running; {n} in a row fails this",
                plural(now, unit)
            ),
        )
    } else if worst == 0 {
        (Status::OnTrack, progress, "nobody has gone hungry".into())
    } else {
        (
            Status::OnTrack,
            progress,
            format!(
                "the longest run without food so far: {worst} {}",
                plural(worst, unit)
            ),
        )
    }
}

/// Member `m`'s needs of good `g` met in at least `share` of the turns they had them.
fn need_met(
    reports: &[TurnReport],
    scope: &Scope,
    m: MemberId,
    g: usize,
    share: f64,
    over: bool,
    left: u32,
) -> (Status, f64, String) {
    let world = scope.world;
    let unit = &world.scenario.meta.turn_unit;
    let (met, of) = need_met_turns(reports, m, g);
    let def = &world.scenario.members[m];
    let what = def
        .needs
        .iter()
        .find(|n| world.good(&n.good) == Some(g) && !n.label.is_empty())
        .map_or_else(|| world.good_name(g).to_string(), |n| n.label.clone());
    let id = &def.id;
    let got = if of == 0 {
        0.0
    } else {
        f64::from(met) / f64::from(of)
    };
    let ok = of > 0 && got >= share;
    let progress = ratio(got, share);
    if of == 0 {
        let status = if over {
            Status::Failed
        } else {
            Status::OnTrack
        };
        let detail = text::render(&format!("{{{id}}} has not needed {what} yet"), scope);
        return (status, 0.0, detail);
    }
    // Met in every turn still to come, could the share yet be reached?
    let best = f64::from(met + left) / f64::from(of + left);
    // The fewest turns of `of` that would be on track.
    let enough = (share * f64::from(of) - 1e-9).ceil().max(0.0) as u32;
    let had = text::render(
        &format!(
            "{{{id}}} has had {{{id}.their}} {what} {met} of {of} {}",
            plural(of, unit)
        ),
        scope,
    );
    let status = match (over, ok) {
        (true, true) => Status::Met,
        (true, false) => Status::Failed,
        (false, true) => Status::OnTrack,
        (false, false) if best < share => Status::Failed,
        (false, false) => Status::AtRisk,
    };
    let detail = match status {
        Status::Failed if !over => format!("{had}; even every {unit} from now would not be enough"),
        Status::AtRisk => format!("{had}; {enough} of {of} would be on track"),
        _ => had,
    };
    (status, progress, detail)
}

/// A member's short name (`World::short_name`).
fn first_name(world: &World, m: MemberId) -> &str {
    world.short_name(m)
}

/// "month", "months".
fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    }
}

/// Each member's run of turns with survival needs unmet: the current ones, and the longest.
struct Runs {
    current: Vec<u32>,
    longest: (u32, Option<MemberId>),
}

fn hunger_runs(members: usize, reports: &[TurnReport]) -> Runs {
    let mut run = vec![0u32; members];
    let mut best = (0u32, None);
    for r in reports {
        let mut short = vec![false; members];
        for m in &r.members {
            if let Some(s) = short.get_mut(m.member) {
                *s = m
                    .needs
                    .iter()
                    .any(|o| o.priority == Priority::Survival && o.met < o.needed);
            }
        }
        for (i, s) in short.iter().enumerate() {
            run[i] = if *s { run[i] + 1 } else { 0 };
            if run[i] > best.0 {
                best = (run[i], Some(i));
            }
        }
    }
    Runs {
        current: run,
        longest: best,
    }
}

/// Turns in which member `m` had needs of good `g` and all were met, and turns they had any.
pub fn need_met_turns(reports: &[TurnReport], m: usize, g: usize) -> (u32, u32) {
    let (mut met, mut of) = (0, 0);
    for r in reports {
        let Some(mr) = r.members.iter().find(|x| x.member == m) else {
            continue;
        };
        let mut outcomes = mr.needs.iter().filter(|o| o.good == g).peekable();
        if outcomes.peek().is_none() {
            continue;
        }
        of += 1;
        if outcomes.all(|o| o.met >= o.needed) {
            met += 1;
        }
    }
    (met, of)
}

/// A figure at the last turn, or its mean over the turns played.
pub fn figure(reports: &[TurnReport], metric: &str, span: Span) -> Option<f64> {
    match span {
        Span::End => reports.last()?.metrics.get(metric),
        Span::Mean => {
            let vals: Vec<f64> = reports
                .iter()
                .filter_map(|r| r.metrics.get(metric))
                .collect();
            (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64)
        }
    }
}
