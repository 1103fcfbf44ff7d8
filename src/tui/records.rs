//! How the game words each institution's record (`LayerDetail`). One function per record:
//! a new institution's record is one more match arm here, and the screens that draw records
//! (Meeting, Market, Chronicle, Policy) pick it up.

use crate::engine::aid::AidRecord;
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
        LayerDetail::EqualRationing {
            pool_before,
            pool_after,
        } => equal_rationing(good, layer, *pool_before, *pool_after),
        LayerDetail::NoAllocation => no_allocation(good, layer, report),
        LayerDetail::Aid(rec) => aid(world, report, rec),
    }
}

fn served_total(layer: &Layer) -> u32 {
    layer.served.iter().map(|(_, n)| *n).sum()
}

fn equal_rationing(good: &str, layer: &Layer, before: u32, after: u32) -> Record {
    let given = served_total(layer);
    let summary = if before == 0 {
        format!("{good}: no meeting; the pool was empty")
    } else {
        format!("{good}: no meeting; the pool of {before} was rationed equally, {after} left")
    };
    let mut body = vec![format!(
        "No meeting was held: {good} is rationed equally for now, the most urgent needs first, \
         a unit at a time in turn."
    )];
    body.push(if before == 0 {
        format!("The {good} pool was empty, so nobody got any from it.")
    } else {
        format!(
            "The pool held {before}; {given} went to members' needs and {after} stayed in the \
             pool for next turn (less spoilage)."
        )
    });
    if layer.fallback {
        body.push(format!(
            "This was the fallback: it shared out what the first regime left unmet of {good}."
        ));
    }
    Record { summary, body }
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
    fn equal_rationing_says_no_meeting_was_held() {
        let layer = Layer {
            regime: Regime::Commons,
            fallback: false,
            served: vec![(0, 2), (1, 1)],
            detail: LayerDetail::EqualRationing {
                pool_before: 5,
                pool_after: 2,
            },
        };
        let r = equal_rationing("grain", &layer, 5, 2);
        assert!(r.body[0].starts_with("No meeting was held: grain is rationed equally"));
        assert!(r.body[1].contains("3 went to members' needs"));
        assert_eq!(
            r.summary,
            "grain: no meeting; the pool of 5 was rationed equally, 2 left"
        );
    }
}
