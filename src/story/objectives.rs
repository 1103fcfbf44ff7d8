//! A scenario's objectives judged from a game's history: "so far" during play, met or not
//! at the end.

use serde::{Deserialize, Serialize};

use crate::engine::events::cond::{self, Scope};
use crate::engine::state::State;
use crate::engine::types::Priority;
use crate::engine::world::World;
use crate::engine::world::story::{Span, Test};
use crate::story::history::History;

/// One objective and how it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judged {
    pub id: String,
    pub text: String,
    pub status: Status,
    /// The figures behind the status, in words.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Met,
    Failed,
    /// The game goes on, and so far it would be met.
    OnTrack,
    /// The game goes on, and so far it would not be met.
    Behind,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Failed => "not met",
            Status::OnTrack => "on track",
            Status::Behind => "behind",
        }
    }
}

/// Judge every objective of the scenario on the history so far; `state` is the current state.
pub fn judge(world: &World, history: &History, state: &State) -> Vec<Judged> {
    let over = state.ended;
    let settle = |ok: bool| match (over, ok) {
        (true, true) => Status::Met,
        (true, false) => Status::Failed,
        (false, true) => Status::OnTrack,
        (false, false) => Status::Behind,
    };
    world
        .scenario
        .meta
        .objectives
        .iter()
        .map(|o| {
            let (status, detail) = match &o.test {
                Test::NoHungerStreak(n) => {
                    let (worst, who) = longest_hunger(history);
                    let name =
                        who.map_or("nobody".to_string(), |m| world.member_name(m).to_string());
                    let status = if worst >= *n {
                        Status::Failed
                    } else {
                        settle(true)
                    };
                    (
                        status,
                        format!("longest run without food: {worst} turns ({name}); limit {n}"),
                    )
                }
                Test::NeedMet {
                    member,
                    good,
                    share,
                } => {
                    let (met, of) = match (world.member(member), world.good(good)) {
                        (Some(m), Some(g)) => need_met_turns(history, m, g),
                        _ => (0, 0),
                    };
                    let got = if of == 0 { 0.0 } else { met as f64 / of as f64 };
                    (
                        settle(of > 0 && got >= *share),
                        format!(
                            "met in {met} of {of} turns ({:.0}%; needs {:.0}%)",
                            got * 100.0,
                            share * 100.0
                        ),
                    )
                }
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
                    match figure(history, metric, *span) {
                        Some(v) => {
                            let ok = if at_least { v >= *value } else { v <= *value };
                            let how = if *span == Span::Mean {
                                "mean"
                            } else {
                                "last turn"
                            };
                            let cmp = if at_least { "at least" } else { "at most" };
                            (
                                settle(ok),
                                format!("{metric} {v:.3} ({how}); needs {cmp} {value}"),
                            )
                        }
                        None => (settle(false), "no turn played yet".to_string()),
                    }
                }
                Test::AtEnd(c) => {
                    let ok = cond::holds(
                        c,
                        &Scope {
                            world,
                            state,
                            roles: &[],
                        },
                    );
                    (
                        settle(ok),
                        if ok { "holds now" } else { "does not hold now" }.to_string(),
                    )
                }
            };
            Judged {
                id: o.id.clone(),
                text: o.text.clone(),
                status,
                detail,
            }
        })
        .collect()
}

/// The longest run of turns any member's survival needs went unmet, and whose.
fn longest_hunger(history: &History) -> (u32, Option<usize>) {
    let n = history.start.len();
    let mut run = vec![0u32; n];
    let mut best = (0u32, None);
    for r in &history.reports {
        let mut short = vec![false; n];
        for m in &r.members {
            short[m.member] = m
                .needs
                .iter()
                .any(|o| o.priority == Priority::Survival && o.met < o.needed);
        }
        for (i, s) in short.iter().enumerate() {
            run[i] = if *s { run[i] + 1 } else { 0 };
            if run[i] > best.0 {
                best = (run[i], Some(i));
            }
        }
    }
    best
}

/// Turns in which member `m` had needs of good `g` and all were met, and turns they had any.
pub fn need_met_turns(history: &History, m: usize, g: usize) -> (u32, u32) {
    let (mut met, mut of) = (0, 0);
    for r in &history.reports {
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
pub fn figure(history: &History, metric: &str, span: Span) -> Option<f64> {
    match span {
        Span::End => history.reports.last()?.metrics.get(metric),
        Span::Mean => {
            let vals: Vec<f64> = history
                .reports
                .iter()
                .filter_map(|r| r.metrics.get(metric))
                .collect();
            (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64)
        }
    }
}
