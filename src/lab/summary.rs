//! The summary of a lab run: for each grid point (one when not sweeping) each headline
//! metric's mean and interval by policy, the paired differences and the thesis tests, as
//! text or JSON. A run and its shards merged print it alike (`agora lab merge`).

use std::ops::Range;

use anyhow::Result;
use serde::Serialize;

use crate::content::mods::ModRef;
use crate::engine::World;
use crate::lab::batch::{HEADLINE, Played, Tally};
use crate::lab::sweep::{self, Setting};
use crate::lab::thesis::{self, Hypothesis};

/// What a run (or its shards merged) found: one [`Tally`] per grid point.
pub struct Outcome<'a> {
    pub played: &'a Played,
    /// The seeds summarised (a shard's own when a shard is run alone).
    pub seeds: Range<u64>,
    /// The varied parameters, and each grid point's values.
    pub paths: &'a [String],
    pub points: Vec<Vec<f64>>,
    pub tallies: &'a [Tally],
}

impl Outcome<'_> {
    /// Each grid point's summary, in grid order.
    pub fn summaries(&self) -> Vec<SummaryJson> {
        self.points
            .iter()
            .zip(self.tallies)
            .map(|(v, t)| summary_json(self.played, &self.seeds, sweep::settings(self.paths, v), t))
            .collect()
    }

    /// The summary and thesis tests as `--json` prints them: one object, or with a sweep
    /// `{vary, points: [...]}`, an object per grid point.
    pub fn json(&self, hs: &[Hypothesis], world: &World) -> Result<serde_json::Value> {
        let mut each = Vec::new();
        for (s, t) in self.summaries().into_iter().zip(self.tallies) {
            let mut v = serde_json::to_value(&s)?;
            v["thesis"] = serde_json::to_value(thesis::judge(hs, t, world))?;
            each.push(v);
        }
        Ok(if self.paths.is_empty() {
            each.pop().unwrap_or_default()
        } else {
            serde_json::json!({
                "scenario": self.played.scenario,
                "vary": self.paths,
                "points": each,
            })
        })
    }

    /// The plot of `--plot`: each headline metric by policy (and grid point) with its
    /// interval, titled with `title`.
    pub fn plot(&self, title: &str) -> Result<String> {
        let labels: Vec<String> = self
            .points
            .iter()
            .filter(|v| !v.is_empty())
            .map(|v| {
                let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
                s.join(", ")
            })
            .collect();
        let title = if self.paths.is_empty() {
            title.to_string()
        } else {
            format!("{title} — by {}", self.paths.join(", "))
        };
        crate::lab::plot::svg(&title, &self.summaries(), &labels)
    }

    /// The summary as text: what was played, then for each grid point its table and tests.
    pub fn text(&self, hs: &[Hypothesis], world: &World) -> String {
        let p = self.played;
        let mods = if p.mods.is_empty() {
            "no mods".to_string()
        } else {
            let m: Vec<String> = p
                .mods
                .iter()
                .map(|m| format!("{} {}", m.id, m.version))
                .collect();
            format!("mods {}", m.join(", "))
        };
        let mut t = format!(
            "scenario {}, content {:016x}, {mods}\n",
            p.scenario, p.content_hash
        );
        for (s, tally) in self.summaries().iter().zip(self.tallies) {
            if !s.point.is_empty() {
                t.push_str(&format!("\n== {} ==\n", sweep::describe(&s.point)));
            }
            t.push('\n');
            t.push_str(&summary_table(s));
            let judged = thesis::judge(hs, tally, world);
            if !judged.is_empty() {
                t.push_str("\nthesis tests\n");
                t.push_str(&thesis::render(&judged));
            }
        }
        t
    }
}

/// The summary of a run, as `--json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryJson {
    pub scenario: String,
    /// The content played and its mods ([`Played`]).
    #[serde(serialize_with = "crate::lab::batch::hex")]
    pub content_hash: u64,
    pub mods: Vec<ModRef>,
    /// The parameters of this grid point of a sweep (none when not sweeping).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub point: Vec<Setting>,
    pub seeds: (u64, u64),
    pub turns: u32,
    pub games: u64,
    pub policies: Vec<String>,
    /// `metric → policy → estimate`.
    pub means: Vec<MetricMeans>,
    pub paired: Vec<PairedJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricMeans {
    pub metric: String,
    pub by_policy: Vec<(String, crate::lab::stats::Estimate)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairedJson {
    pub metric: String,
    /// `a − b` over the same seeds.
    pub a: String,
    pub b: String,
    pub difference: crate::lab::stats::Estimate,
}

/// The summary of the games of `seeds` at one grid point (`point`) of a run.
pub fn summary_json(p: &Played, seeds: &Range<u64>, point: Vec<Setting>, t: &Tally) -> SummaryJson {
    let mut means = Vec::new();
    let mut paired = Vec::new();
    for m in HEADLINE {
        let Some(c) = t.column(m) else { continue };
        means.push(MetricMeans {
            metric: m.to_string(),
            by_policy: t
                .policies
                .iter()
                .zip(&t.each)
                .map(|(p, accs)| (p.clone(), accs[c].estimate()))
                .collect(),
        });
        for (a, bb, accs) in &t.paired {
            paired.push(PairedJson {
                metric: m.to_string(),
                a: t.policies[*bb].clone(),
                b: t.policies[*a].clone(),
                difference: neg(accs[c].estimate()),
            });
        }
    }
    SummaryJson {
        scenario: p.scenario.clone(),
        content_hash: p.content_hash,
        mods: p.mods.clone(),
        point,
        seeds: (seeds.start, seeds.end),
        turns: p.turns,
        games: t.games,
        policies: t.policies.clone(),
        means,
        paired,
    }
}

fn neg(e: crate::lab::stats::Estimate) -> crate::lab::stats::Estimate {
    crate::lab::stats::Estimate {
        mean: -e.mean,
        lo: -e.hi,
        hi: -e.lo,
        ..e
    }
}

/// `0.512 [0.503, 0.521]`.
pub fn fmt_estimate(e: &crate::lab::stats::Estimate) -> String {
    let f = |x: f64| {
        // No "-0.000".
        let x = if x.abs() < 5e-4 { 0.0 } else { x };
        if x.abs() >= 100.0 {
            format!("{x:.1}")
        } else {
            format!("{x:.3}")
        }
    };
    format!("{} [{}, {}]", f(e.mean), f(e.lo), f(e.hi))
}

/// The summary table: each headline metric's mean and 95% interval by policy, then the
/// paired differences (later policy minus earlier, over the same seeds).
pub fn summary_table(s: &SummaryJson) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let w = 26;
    let _ = write!(out, "{:<22}", "mean [95% CI]");
    for p in &s.policies {
        let _ = write!(out, "  {:<w$}", p);
    }
    out.push('\n');
    for m in &s.means {
        let _ = write!(out, "{:<22}", m.metric);
        for (_, e) in &m.by_policy {
            let _ = write!(out, "  {:<w$}", fmt_estimate(e));
        }
        out.push('\n');
    }
    if !s.paired.is_empty() {
        out.push_str("\npaired difference over the same seeds [95% CI]\n");
        let pairs: Vec<(String, String)> = {
            let mut v: Vec<(String, String)> = Vec::new();
            for p in &s.paired {
                if !v.iter().any(|(a, b)| *a == p.a && *b == p.b) {
                    v.push((p.a.clone(), p.b.clone()));
                }
            }
            v
        };
        let _ = write!(out, "{:<22}", "");
        for (a, b) in &pairs {
            let _ = write!(out, "  {:<w$}", format!("{a} − {b}"));
        }
        out.push('\n');
        for m in &s.means {
            let _ = write!(out, "{:<22}", m.metric);
            for (a, b) in &pairs {
                if let Some(p) = s
                    .paired
                    .iter()
                    .find(|p| p.metric == m.metric && p.a == *a && p.b == *b)
                {
                    let _ = write!(out, "  {:<w$}", fmt_estimate(&p.difference));
                }
            }
            out.push('\n');
        }
    }
    out
}
