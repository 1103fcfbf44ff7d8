//! How the game words each institution's record (`LayerDetail`). One function per record:
//! a new institution's record is one more match arm here, and the screens that draw records
//! (Meeting, Market, Chronicle, Policy) pick it up.

use crate::engine::aid::AidRecord;
use crate::engine::market::record::MarketRecord;
use crate::engine::meeting::record::MeetingRecord;
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
    let good = world.good_name(report.good);
    match &layer.detail {
        LayerDetail::Meeting(rec) => meeting(world, rec),
        LayerDetail::NoAllocation => no_allocation(good, layer, report),
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

fn no_allocation(good: &str, layer: &Layer, report: &GoodReport) -> Record {
    let venue = venue(layer.regime);
    let summary = format!(
        "{good}: no {venue} yet under {}; holders kept what they held",
        layer.regime
    );
    let mut body = vec![format!(
        "No {venue} was held: {} does not allocate {good} yet, so holders kept what they held \
         and nobody else got any.",
        layer.regime
    )];
    if report.unmet > 0 {
        body.push(format!(
            "{} unit(s) of need for {good} went unmet after every layer.",
            report.unmet
        ));
    }
    Record { summary, body }
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
    fn no_allocation_says_holders_kept_what_they_held() {
        let layer = Layer {
            regime: Regime::Exchange,
            fallback: false,
            served: vec![],
            detail: LayerDetail::NoAllocation,
        };
        let report = GoodReport {
            good: 0,
            layers: vec![layer.clone()],
            unmet: 3,
        };
        let r = no_allocation("cloth", &layer, &report);
        assert!(r.body[0].starts_with("No market was held: Exchange does not allocate cloth"));
        assert!(r.body[1].starts_with("3 unit(s) of need"));
        assert_eq!(capitalise("mutual aid"), "Mutual aid");
        assert_eq!(lowercase_first("Grain meeting"), "grain meeting");
    }
}
