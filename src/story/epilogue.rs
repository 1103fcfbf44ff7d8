//! The epilogue: each member's story told from their history, the community's figures over
//! time, the storylets as they happened, and the objectives judged. Data first (for the
//! terminal game's screen), then `render` for headless play.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::report::{Entry, LayerDetail, NeedOutcome, Reason, TurnReport};
use crate::engine::state::State;
use crate::engine::types::{MemberId, Priority};
use crate::engine::world::World;
use crate::story::history::History;
use crate::story::objectives::grade::{self, Grade};
use crate::story::objectives::{self, Judged};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Epilogue {
    pub scenario: String,
    pub turns: u32,
    /// Storylets in the order they happened: (turn, title, choice taken).
    pub timeline: Vec<(u32, String, Option<String>)>,
    /// The community's figures, one value per turn.
    pub figures: Vec<Series>,
    pub objectives: Vec<Judged>,
    /// The grade from the objectives and the measures, with how it was computed.
    pub grade: Grade,
    pub members: Vec<MemberStory>,
}

/// One figure over the turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberStory {
    pub member: MemberId,
    pub name: String,
    /// Turns present.
    pub turns: u32,
    pub joined: Option<u32>,
    pub left: Option<u32>,
    /// Weighted share of needs met each turn (`None` while away).
    pub met: Vec<Option<f64>>,
    pub mean_met: f64,
    /// Each of their needs: how often it was fully met.
    pub needs: Vec<NeedStory>,
    /// Turns with a survival need unmet.
    pub hungry: u32,
    pub standing: (f64, f64),
    pub scrip: (u64, u64),
    pub wellbeing: f64,
    /// Their strongest bonds at the end.
    pub bonds: Vec<(String, f64)>,
    /// Lines of work they took up or left: (turn, good, percent before, percent after).
    pub work: Vec<(u32, String, u32, u32)>,
    /// Their requests and proposals at meetings: approved, refused.
    pub meetings: (u32, u32),
    /// Storylets they were in: (turn, title).
    pub storylets: Vec<(u32, String)>,
    /// The reason most often given when a need of theirs went unmet.
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedStory {
    pub what: String,
    pub priority: Priority,
    pub met: u32,
    pub of: u32,
}

/// Figures shown over time, by `Metrics` name.
const FIGURES: [&str; 6] = [
    "needs_met",
    "survival_met",
    "worst_wellbeing",
    "gini_wellbeing",
    "bond_density",
    "present",
];

impl Epilogue {
    pub fn build(world: &World, history: &History, state: &State) -> Epilogue {
        let mut timeline = Vec::new();
        let mut in_story: BTreeMap<MemberId, Vec<(u32, String)>> = BTreeMap::new();
        for r in &history.reports {
            for e in &r.chronicle {
                if let Entry::Storylet(s) = e {
                    timeline.push((
                        r.turn,
                        s.title.clone(),
                        s.answer.as_ref().map(|a| a.label.clone()),
                    ));
                    for &m in &s.involved {
                        in_story
                            .entry(m)
                            .or_default()
                            .push((r.turn, s.title.clone()));
                    }
                }
            }
        }
        let figures = FIGURES
            .iter()
            .map(|f| Series {
                name: f.to_string(),
                values: history
                    .reports
                    .iter()
                    .map(|r| r.metrics.get(f).unwrap_or(0.0))
                    .collect(),
            })
            .collect();
        let members = (0..world.scenario.members.len())
            .filter(|&m| {
                history
                    .reports
                    .iter()
                    .any(|r| r.members.iter().any(|x| x.member == m))
            })
            .map(|m| {
                member_story(
                    world,
                    history,
                    state,
                    m,
                    in_story.remove(&m).unwrap_or_default(),
                )
            })
            .collect();
        let objectives = objectives::judge(world, &history.reports, state);
        Epilogue {
            scenario: world.scenario.meta.name.clone(),
            turns: history.turns(),
            timeline,
            figures,
            grade: grade::grade(&objectives, &history.reports),
            objectives,
            members,
        }
    }

    /// The epilogue as text.
    pub fn render(&self) -> String {
        let mut s = format!("EPILOGUE — {}, {} turns\n\n", self.scenario, self.turns);
        if !self.objectives.is_empty() {
            s.push_str("Objectives\n");
            for o in &self.objectives {
                let mark = if o.status.good() { "✓" } else { "✗" };
                s.push_str(&format!(
                    "  {mark} {} — {} ({})\n",
                    o.text,
                    o.status.word(),
                    o.detail
                ));
            }
            s.push('\n');
        }
        s.push_str(&format!("Grade {}\n", self.grade.letter));
        for l in self.grade.lines() {
            s.push_str(&format!("  {l}\n"));
        }
        s.push_str("\nThe community over time\n");
        for f in &self.figures {
            let first = f.values.first().copied().unwrap_or(0.0);
            let last = f.values.last().copied().unwrap_or(0.0);
            let mean = if f.values.is_empty() {
                0.0
            } else {
                f.values.iter().sum::<f64>() / f.values.len() as f64
            };
            s.push_str(&format!(
                "  {:<16} {}  first {} · mean {} · last {}\n",
                f.name,
                sparkline(&f.values),
                num(first),
                num(mean),
                num(last)
            ));
        }
        if !self.timeline.is_empty() {
            s.push_str("\nWhat happened\n");
            for (turn, title, choice) in &self.timeline {
                match choice {
                    Some(c) => s.push_str(&format!("  {turn:>3}  {title} — {c}\n")),
                    None => s.push_str(&format!("  {turn:>3}  {title}\n")),
                }
            }
        }
        s.push_str("\nThe people\n");
        for m in &self.members {
            s.push_str(&format!("\n{}\n{}\n", m.name, m.describe("turn")));
        }
        s
    }
}

impl MemberStory {
    /// A paragraph: how this member fared and why, counting in `unit` ("month").
    pub fn describe(&self, unit: &str) -> String {
        let units = |n: u32| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        let mut lines = Vec::new();
        let spark: Vec<f64> = self.met.iter().map(|x| x.unwrap_or(0.0)).collect();
        let mut first = format!(
            "  needs met {}  {:.0}% on average over {}",
            sparkline(&spark),
            self.mean_met * 100.0,
            units(self.turns)
        );
        if let Some(t) = self.joined {
            first.push_str(&format!("; arrived in {unit} {t}"));
        }
        if let Some(t) = self.left {
            first.push_str(&format!("; left in {unit} {t}"));
        }
        lines.push(first);
        let needs: Vec<String> = self
            .needs
            .iter()
            .map(|n| format!("{} ({}) {} of {}", n.what, n.priority, n.met, units(n.of)))
            .collect();
        if !needs.is_empty() {
            lines.push(format!("  {}", needs.join("; ")));
        }
        if self.hungry > 0 {
            lines.push(format!("  went hungry {}", units(self.hungry)));
        }
        if let Some(w) = &self.why {
            lines.push(format!("  most often left short because {w}"));
        }
        lines.push(format!(
            "  standing {:.2} → {:.2}; scrip {} → {}; wellbeing at the end {:.2}",
            self.standing.0, self.standing.1, self.scrip.0, self.scrip.1, self.wellbeing
        ));
        if self.meetings != (0, 0) {
            lines.push(format!(
                "  at meetings: {} requests approved, {} refused",
                self.meetings.0, self.meetings.1
            ));
        }
        for (turn, good, before, after) in &self.work {
            let what = if *before == 0 {
                format!("took up {good} ({after}% of their time)")
            } else if *after == 0 {
                format!("gave up {good}")
            } else {
                format!("moved {good} from {before}% to {after}% of their time")
            };
            lines.push(format!("  {unit} {turn}: {what}"));
        }
        if !self.bonds.is_empty() {
            let b: Vec<String> = self
                .bonds
                .iter()
                .map(|(n, w)| format!("{n} ({w:.2})"))
                .collect();
            lines.push(format!("  closest to {}", b.join(", ")));
        } else {
            lines.push("  ended the game with no close ties".to_string());
        }
        if !self.storylets.is_empty() {
            let s: Vec<String> = self
                .storylets
                .iter()
                .map(|(t, x)| format!("{x} ({unit} {t})"))
                .collect();
            lines.push(format!("  in the story: {}", s.join("; ")));
        }
        lines.join("\n")
    }
}

fn member_story(
    world: &World,
    history: &History,
    state: &State,
    m: MemberId,
    storylets: Vec<(u32, String)>,
) -> MemberStory {
    let mut met = Vec::new();
    let mut needs: Vec<NeedStory> = Vec::new();
    let (mut hungry, mut served, mut unserved) = (0, 0, 0);
    let mut why = Tally::default();
    let (mut joined, mut left) = (None, None);
    let mut was = history.start[m].present;
    for (i, r) in history.reports.iter().enumerate() {
        let now = history.after[i][m].present;
        let mr = r.members.iter().find(|x| x.member == m);
        if mr.is_some() && !was {
            joined = Some(r.turn);
        }
        if was && !now {
            left = Some(r.turn);
        }
        was = now;
        let Some(mr) = mr else {
            met.push(None);
            continue;
        };
        met.push(Some(mr.met));
        if mr
            .needs
            .iter()
            .any(|o| o.priority == Priority::Survival && o.met < o.needed)
        {
            hungry += 1;
        }
        // A need counts once a turn, met only if every need of that name was.
        let mut this_turn: Vec<(String, Priority, bool)> = Vec::new();
        for o in &mr.needs {
            let what = need_name(world, o);
            let ok = o.met >= o.needed;
            match this_turn
                .iter_mut()
                .find(|(w, p, _)| *w == what && *p == o.priority)
            {
                Some(e) => e.2 &= ok,
                None => this_turn.push((what, o.priority, ok)),
            }
            why.add(world, o);
        }
        for (won, lost) in meeting_items(r, m) {
            served += won;
            unserved += lost;
        }
        for (what, priority, ok) in this_turn {
            let idx = match needs
                .iter()
                .position(|n| n.what == what && n.priority == priority)
            {
                Some(i) => i,
                None => {
                    needs.push(NeedStory {
                        what,
                        priority,
                        met: 0,
                        of: 0,
                    });
                    needs.len() - 1
                }
            };
            needs[idx].of += 1;
            needs[idx].met += u32::from(ok);
        }
    }
    let present: Vec<f64> = met.iter().flatten().copied().collect();
    let first = |v: &[crate::story::history::Snapshot]| (v[m].standing, v[m].scrip);
    let end = history
        .after
        .last()
        .map_or(first(&history.start), |a| first(a));
    let start = first(&history.start);
    let mut bonds: Vec<(String, f64)> = state
        .bonds
        .neighbours(m)
        .filter(|&(_, w)| w >= crate::engine::metrics::TIE)
        .map(|(b, w)| (world.member_name(b).to_string(), w))
        .collect();
    bonds.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    bonds.truncate(3);
    let mut work = Vec::new();
    let mut prev = &history.start[m].work;
    for (i, snap) in history.after.iter().enumerate() {
        let cur = &snap[m].work;
        for (g, &a) in cur.iter().enumerate() {
            let b = prev.get(g).copied().unwrap_or(0);
            if b != a {
                work.push((
                    history.reports[i].turn,
                    world.good_name(g).to_string(),
                    b,
                    a,
                ));
            }
        }
        prev = cur;
    }
    MemberStory {
        member: m,
        name: world.scenario.members[m].name.clone(),
        turns: present.len() as u32,
        joined,
        left,
        mean_met: if present.is_empty() {
            0.0
        } else {
            present.iter().sum::<f64>() / present.len() as f64
        },
        met,
        needs,
        hungry,
        standing: (start.0, end.0),
        scrip: (start.1, end.1),
        wellbeing: state.members[m].wellbeing,
        bonds,
        work,
        meetings: (served, unserved),
        storylets,
        why: why.most(),
    }
}

/// The reasons a need went unmet, counted over the game: the facts, and apart from them the
/// verdicts on what decided them, so a verdict that holds turn after turn does not crowd out
/// the facts that vary ("had 0 scrip; medicine cost 11").
#[derive(Debug, Default)]
pub struct Tally {
    facts: BTreeMap<String, u32>,
    verdicts: BTreeMap<String, u32>,
}

impl Tally {
    pub fn add(&mut self, world: &World, o: &NeedOutcome) {
        for w in &o.why {
            let map = match w {
                Reason::Barred { .. } => &mut self.verdicts,
                _ => &mut self.facts,
            };
            *map.entry(w.describe(world, o.good)).or_default() += 1;
        }
    }

    /// The most frequent fact, then the most frequent verdict.
    pub fn most(&self) -> Option<String> {
        let top = |m: &BTreeMap<String, u32>| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(w, _)| w.clone())
        };
        match (top(&self.facts), top(&self.verdicts)) {
            (Some(f), Some(v)) => Some(format!("{f}; {v}")),
            (f, v) => f.or(v),
        }
    }
}

/// Member `m`'s items at a turn's meetings, one `(approved, refused)` count per meeting.
fn meeting_items(r: &TurnReport, m: MemberId) -> Vec<(u32, u32)> {
    r.goods
        .iter()
        .flat_map(|g| g.layers.iter())
        .filter_map(|l| match &l.detail {
            LayerDetail::Meeting(rec) => Some(rec.items.iter().filter(|i| i.member == m).fold(
                (0, 0),
                |(won, lost), i| {
                    if i.approved {
                        (won + 1, lost)
                    } else {
                        (won, lost + 1)
                    }
                },
            )),
            _ => None,
        })
        .collect()
}

fn need_name(world: &World, o: &NeedOutcome) -> String {
    if o.label.is_empty() {
        world.good_name(o.good).to_string()
    } else {
        o.label.clone()
    }
}

/// `▁▂▃▅▇` over the values' own range (flat when constant).
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|&v| {
            if hi - lo < 1e-12 {
                BARS[3]
            } else {
                BARS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

/// A figure: integers as such, shares with three decimals.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() >= 1.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}
