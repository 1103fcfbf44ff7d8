//! Venues: places where members gather. The patrons of an open venue — whoever consumed its
//! good this turn, and whoever runs it — bond with each other, whoever runs it (a business,
//! the commons or volunteers), so commerce is not assumed to make community; a venue with more
//! patrons than a meeting circle seats (`meeting.circle_size`) holds them in circles. A business
//! venue opens once its good pays, struggles when it stops paying, and closes after a grace
//! period unless members bonded to its owner rally with scrip to keep it open.

use rand::RngExt;

use crate::engine::bonds::{Contact, Tone};
use crate::engine::ctx::TurnCtx;
use crate::engine::report::Entry;
use crate::engine::report::market::MarketEvent;
use crate::engine::state::market::VenueBook;
use crate::engine::types::MemberId;

use crate::engine::world::scenario::Operator;

pub fn run(ctx: &mut TurnCtx) {
    let world = ctx.world;
    let p = ctx.state.params.market.clone();
    let n = world.scenario.meta.venues.len();
    if ctx.state.market.venues.len() != n {
        ctx.state.market.venues = vec![VenueBook::default(); n];
    }
    let mut pairs: Vec<(MemberId, MemberId)> = Vec::new();
    let circle = ctx.state.params.meeting.circle_size.max(2) as usize;
    for (v, def) in world.scenario.meta.venues.iter().enumerate() {
        let Some(good) = def.good.as_deref().and_then(|id| world.good(id)) else {
            continue;
        };
        let owner = match &def.operator {
            Operator::Business(id) => world.member(id),
            _ => None,
        };
        // Patrons: whoever bought the good, or received it through any institution.
        let mut patrons: Vec<MemberId> = Vec::new();
        let mut revenue = 0u64;
        for gr in ctx.report.goods.iter().filter(|g| g.good == good) {
            for l in &gr.layers {
                patrons.extend(l.served.iter().map(|s| s.0));
                if let crate::engine::report::LayerDetail::Market(r) = &l.detail {
                    for t in &r.trades {
                        patrons.push(t.buyer);
                        if Some(t.seller) == owner {
                            revenue += t.price as u64;
                        }
                    }
                }
            }
        }
        if let Some(op) = owner {
            business(ctx, &p, v, op, revenue);
            patrons.push(op);
        }
        if !ctx.state.venues[v].open {
            continue;
        }
        patrons.sort_unstable();
        patrons.dedup();
        pair_up(&patrons, circle, &mut pairs);
    }
    // The social update moves each pair once a turn, however many venues they shared.
    pairs.sort_unstable();
    pairs.dedup();
    for (a, b) in pairs {
        ctx.touch(a, b, Contact::Venue, Tone::Warm);
    }
}

/// The pairs of a venue's `patrons` (sorted, distinct) who bond, into `pairs`. More patrons
/// than a meeting circle seats (`circle`) gather in circles of that size, dealt round-robin
/// by member index as meetings are: each bonds with their own circle, so a crowded venue
/// costs its patrons, not their square. Up to `circle` patrons (every shipped scenario) it
/// is one circle: every pair.
fn pair_up(patrons: &[MemberId], circle: usize, pairs: &mut Vec<(MemberId, MemberId)>) {
    let k = patrons.len().div_ceil(circle.max(2)).max(1);
    for c in 0..k {
        let seats: Vec<MemberId> = patrons.iter().skip(c).step_by(k).copied().collect();
        for (i, &a) in seats.iter().enumerate() {
            for &b in &seats[i + 1..] {
                pairs.push((a, b));
            }
        }
    }
}

/// Open, keep or close a business venue by what its owner took from its good this turn.
fn business(
    ctx: &mut TurnCtx,
    p: &crate::engine::params::MarketParams,
    v: usize,
    owner: MemberId,
    revenue: u64,
) {
    let needed = p.venue_revenue;
    let pays = revenue >= needed && ctx.state.members[owner].present;
    let mut book = ctx.state.market.venues[v];
    let mut events = Vec::new();
    if !ctx.state.venues[v].open {
        book.paying = if pays { book.paying + 1 } else { 0 };
        if book.paying >= p.venue_open_turns.max(1) {
            ctx.state.venues[v].open = true;
            book = VenueBook::default();
            events.push(MarketEvent::VenueOpened { venue: v });
        }
    } else if pays {
        book.failing = 0;
    } else {
        book.failing += 1;
        events.push(MarketEvent::VenueFailing {
            venue: v,
            revenue,
            needed,
        });
        // Members bonded to the owner may rally, each giving part of their scrip.
        let mut short = needed - revenue;
        let mut givers: Vec<(MemberId, u64)> = Vec::new();
        let mut rng = ctx.rng("venue-rally", v as u64);
        if ctx.state.members[owner].present {
            for m in 0..ctx.state.members.len() {
                let bond = ctx.state.bonds.get(m, owner);
                if short == 0
                    || m == owner
                    || !ctx.state.members[m].present
                    || bond < p.rally_min_bond
                {
                    continue;
                }
                if rng.random::<f64>() >= bond {
                    continue;
                }
                let can = ctx.state.members[m].scrip * p.rally_share_pct.min(100) as u64 / 100;
                let give = can.min(short);
                if give == 0 {
                    continue;
                }
                ctx.state.members[m].scrip -= give;
                ctx.state.members[owner].scrip += give;
                short -= give;
                givers.push((m, give));
            }
        }
        let saved = short == 0;
        if !givers.is_empty() {
            events.push(MarketEvent::Rally {
                venue: v,
                givers,
                saved,
            });
        }
        if saved {
            book.failing = 0;
        } else if book.failing > p.venue_grace_turns {
            ctx.state.venues[v].open = false;
            book = VenueBook::default();
            events.push(MarketEvent::VenueClosed { venue: v });
        }
    }
    ctx.state.market.venues[v] = book;
    for e in events {
        ctx.report.chronicle.push(Entry::Market(e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crowded_venue_bonds_its_patrons_in_circles() {
        // Up to a circle's size: every pair, in order.
        let few: Vec<MemberId> = (0..40).map(|m| m * 3).collect();
        let mut pairs = Vec::new();
        pair_up(&few, 40, &mut pairs);
        let all: Vec<(MemberId, MemberId)> = (0..40)
            .flat_map(|i| (i + 1..40).map(move |j| (i * 3, j * 3)))
            .collect();
        assert_eq!(pairs, all);
        // 1,000 patrons: 25 circles of 40, dealt round-robin; nobody pairs across circles.
        let many: Vec<MemberId> = (0..1_000).collect();
        pairs.clear();
        pair_up(&many, 40, &mut pairs);
        assert_eq!(pairs.len(), 25 * 40 * 39 / 2);
        assert!(pairs.iter().all(|&(a, b)| a < b && a % 25 == b % 25));
        let mut distinct = pairs.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), pairs.len());
    }
}
