//! How the game words each institution's record (`LayerDetail`). One function per record:
//! a new institution's record is one more match arm here, and the screens that draw records
//! (Meeting, Market, Chronicle, Policy) pick it up.

use crate::engine::report::aid::AidRecord;
use crate::engine::report::market::MarketRecord;
use crate::engine::report::meeting::MeetingRecord;
use crate::engine::report::{GoodReport, Layer, LayerDetail};
use crate::engine::{Regime, World};

/// A record in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// One line: what the institution did with this good.
    pub summary: String,
    /// The explanation, a sentence per entry.
    pub body: Vec<String>,
}

/// The venue of a regime, for sentences: "meeting", "market", "mutual aid".
pub fn venue(r: Regime) -> &'static str {
    match r {
        Regime::Commons => "meeting",
        Regime::Exchange => "market",
        Regime::Aid => "mutual aid",
    }
}

pub fn record(world: &World, report: &GoodReport, layer: &Layer) -> Record {
    match &layer.detail {
        LayerDetail::Meeting(rec) => meeting(world, rec),
        LayerDetail::Aid(rec) => aid(world, report, rec),
        LayerDetail::Market(rec) => market(world, report, rec),
    }
}

/// A meeting: the engine's own account, a summary line and a line per item.
fn meeting(world: &World, rec: &MeetingRecord) -> Record {
    let mut lines = rec.describe(world).into_iter().map(|l| capitalise(&l));
    let summary = lines.next().unwrap_or_default();
    let mut body = vec![summary.clone()];
    body.extend(lines);
    Record {
        summary: lowercase_first(&summary),
        body,
    }
}

/// Mutual aid: the engine's own account, line by line, under a one-line summary.
fn aid(world: &World, report: &GoodReport, rec: &AidRecord) -> Record {
    let good = world.good_name(report.good);
    let covered = rec.gifted + rec.from_store;
    let summary = if rec.short == 0 {
        format!("{good}: nobody needed mutual aid")
    } else {
        format!(
            "{good}: mutual aid covered {covered} of {} short ({} by gifts, {} from the store)",
            rec.short, rec.gifted, rec.from_store
        )
    };
    let body = rec
        .describe(world, report.good)
        .into_iter()
        .map(|line| capitalise(&line))
        .collect();
    Record { summary, body }
}

/// A market: the engine's own account — the price, every trade, refusal, unfilled demand
/// and venture — under its first line.
fn market(world: &World, report: &GoodReport, rec: &MarketRecord) -> Record {
    let lines = rec.describe(world, report.good);
    let summary = lines.first().cloned().unwrap_or_default();
    let body = lines.iter().map(|l| capitalise(l.trim_start())).collect();
    Record { summary, body }
}

/// "Grain meeting …" → "grain meeting …" (good names are lower case).
fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "mutual aid …" → "Mutual aid …".
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalisation_helpers() {
        assert_eq!(capitalise("mutual aid"), "Mutual aid");
        assert_eq!(lowercase_first("Grain meeting"), "grain meeting");
    }
}
