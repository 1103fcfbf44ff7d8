//! The social update: bonds fray with neglect and isolation, grow through chance encounters,
//! and then take every contact the turn's institutions recorded (`TurnCtx::touch`).

use rand::RngExt;

use crate::engine::bonds::{self, Contact, Tone};
use crate::engine::turn::TurnCtx;

pub fn run(ctx: &mut TurnCtx) {
    let bp = ctx.state.params.bonds.clone();
    ctx.state.bonds.decay(bp.decay, bp.floor);
    // Isolation: the bonds of members who are not in the community wear away faster.
    if bp.absent_decay < 1.0 {
        for m in 0..ctx.state.members.len() {
            if !ctx.state.members[m].present && ctx.state.bonds.degree(m) > 0 {
                ctx.state.bonds.fray_member(m, bp.absent_decay, bp.floor);
            }
        }
    }
    encounters(ctx, &bp);
    let touches = std::mem::take(&mut ctx.report.bonds);
    let state = &mut *ctx.state;
    ctx.report.bonds = bonds::apply(&mut state.bonds, &mut state.members, &bp, touches);
}

/// Chance encounters between present members, drawn from the turn's `encounters` stream.
fn encounters(ctx: &mut TurnCtx, bp: &crate::engine::params::BondParams) {
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
        ctx.touch(a, b, Contact::Encounter, Tone::Warm);
    }
}
