//! The social update: bonds fray with neglect and grow through chance encounters.
//! Institutions add their own bond changes (trades, gifts, meetings, venues) as they run.

use rand::RngExt;

use crate::engine::turn::TurnCtx;

pub fn run(ctx: &mut TurnCtx) {
    let bp = ctx.state.params.bonds.clone();
    ctx.state.bonds.decay(bp.decay, bp.floor);
    let present: Vec<usize> = ctx.state.present().collect();
    if present.len() < 2 || bp.encounter <= 0.0 {
        return;
    }
    let mut rng = ctx.rng("encounters", 0);
    let expected = bp.encounters_per_member * present.len() as f64;
    // Whole encounters, plus one more with the fractional part's probability.
    let mut count = expected as usize;
    if rng.random::<f64>() < expected - count as f64 {
        count += 1;
    }
    for _ in 0..count {
        let a = present[rng.random_range(0..present.len())];
        let b = present[rng.random_range(0..present.len())];
        if a == b {
            continue;
        }
        let (ma, mb) = (&ctx.state.members[a], &ctx.state.members[b]);
        let prejudice = ma.prejudice_against(mb).max(mb.prejudice_against(ma));
        ctx.state.bonds.add(a, b, bp.encounter * (1.0 - prejudice));
    }
}
