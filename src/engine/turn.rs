//! One turn (DESIGN §3): events → production → allocation → consumption → social update
//! → metrics → state hash.

use crate::engine::ctx::TurnCtx;
use crate::engine::meeting::Session;
use crate::engine::report::TurnReport;
use crate::engine::state::State;
use crate::engine::world::World;
use crate::engine::{aid, allocate, consume, events, hash, market, measure, production, social};

/// Resolve one turn; the state advances and the report says what happened and why,
/// ending with the state's hash.
pub fn play(world: &World, state: &mut State) -> TurnReport {
    let mut report = resolve(world, state);
    report.hash = hash::hash_of(&*state);
    report
}

/// `play` without the state hash (left 0): for batch games, which hash only their end.
pub fn resolve(world: &World, state: &mut State) -> TurnReport {
    let turn = state.turn + 1;
    let mut ctx = TurnCtx::new(world, state, turn);
    // This turn's meetings, seated by the first `Commons` good.
    let mut meetings = Session::default();
    events::start(&mut ctx);
    production::run(&mut ctx);
    market::before_allocation(&mut ctx);
    let claims = allocate::run(&mut ctx, &mut meetings);
    meetings.close(ctx.state, &mut ctx.report.bonds);
    consume::run(&mut ctx, &claims);
    market::after_consumption(&mut ctx, &claims);
    social::run(&mut ctx);
    let TurnCtx {
        state, mut report, ..
    } = ctx;
    report.metrics = measure::community(world, state, &report.members);
    aid::measure(&mut report.metrics, &report.goods);
    meetings.measure(world, state, &mut report.metrics);
    market::measure(state, &mut report);
    state.turn = turn;
    if turn >= world.scenario.meta.turns {
        state.ended = true;
    }
    events::finish(world, state, &mut report);
    report
}
