//! The grade a game earns: points for the objectives met and for three of the community's
//! measures, a letter from the total. Every part says what it counted, so the epilogue can
//! show how the grade was computed.

use serde::{Deserialize, Serialize};

use crate::engine::report::TurnReport;
use crate::engine::world::story::Span;
use crate::story::objectives::{Judged, Status, figure};

/// Points for the objectives, shared equally among them (all of them to the measures when a
/// scenario has none).
pub const OBJECTIVE_POINTS: f64 = 60.0;
/// Points for each measure: needs met on average, survival needs met on average, and the
/// worst-off member's wellbeing at the end (each a share from 0 to 1).
pub const MEASURES: [(&str, &str, Span, f64); 3] = [
    ("needs_met", "needs met on average", Span::Mean, 15.0),
    (
        "survival_met",
        "survival needs met on average",
        Span::Mean,
        15.0,
    ),
    (
        "worst_wellbeing",
        "the worst off's wellbeing at the end",
        Span::End,
        10.0,
    ),
];
/// The lowest total of each letter, best first; below the last is E.
pub const LETTERS: [(char, f64); 4] = [('A', 85.0), ('B', 70.0), ('C', 55.0), ('D', 40.0)];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    pub letter: char,
    /// Out of 100.
    pub score: f64,
    /// How it was computed, part by part.
    pub parts: Vec<Part>,
}

/// One part of the grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// What was counted, in words ("objectives met: 3 of 5").
    pub what: String,
    pub points: f64,
    pub of: f64,
}

/// The grade of a game from its objectives (as judged at the end) and its reports.
pub fn grade(judged: &[Judged], reports: &[TurnReport]) -> Grade {
    let mut parts = Vec::new();
    let measure_total: f64 = MEASURES.iter().map(|m| m.3).sum();
    // Without objectives the measures carry the whole grade.
    let scale = if judged.is_empty() {
        100.0 / measure_total
    } else {
        let met = judged.iter().filter(|j| j.status == Status::Met).count();
        parts.push(Part {
            what: format!("objectives met: {met} of {}", judged.len()),
            points: OBJECTIVE_POINTS * met as f64 / judged.len() as f64,
            of: OBJECTIVE_POINTS,
        });
        1.0
    };
    for (metric, what, span, points) in MEASURES {
        let v = figure(reports, metric, span).unwrap_or(0.0).clamp(0.0, 1.0);
        parts.push(Part {
            what: format!("{what}: {:.0}%", v * 100.0),
            points: points * scale * v,
            of: points * scale,
        });
    }
    let score = parts.iter().map(|p| p.points).sum::<f64>();
    let letter = LETTERS
        .iter()
        .find(|(_, lo)| score >= *lo)
        .map_or('E', |(l, _)| *l);
    Grade {
        letter,
        score,
        parts,
    }
}

impl Grade {
    /// How the grade was computed, a line a part, then the total and the scale.
    pub fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .parts
            .iter()
            .map(|p| format!("{:>5.1} of {:>3.0}  {}", p.points, p.of, p.what))
            .collect();
        let scale: Vec<String> = LETTERS
            .iter()
            .map(|(l, lo)| format!("{l} from {lo:.0}"))
            .collect();
        v.push(format!(
            "{:>5.1} of 100  → {} ({}, else E)",
            self.score,
            self.letter,
            scale.join(", ")
        ));
        v
    }
}
