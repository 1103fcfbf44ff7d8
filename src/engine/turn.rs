//! One turn (DESIGN §3): events → production → allocation → consumption → social update
//! → metrics → state hash.

use crate::engine::report::TurnReport;
use crate::engine::rng::{self, Stream};
use crate::engine::state::State;
use crate::engine::world::World;
use crate::engine::{
    aid, allocate, consume, events, hash, market, meeting, metrics, production, social,
};

/// What every phase of a turn works on.
pub struct TurnCtx<'a> {
    pub world: &'a World,
    pub state: &'a mut State,
    /// The turn being played (1 for the first).
    pub turn: u32,
    pub report: TurnReport,
    /// This turn's meetings, built by the first `Commons` good.
    pub meetings: meeting::Session,
}

impl<'a> TurnCtx<'a> {
    /// A context for playing turn `turn` (1 for the first) with an empty report.
    pub fn new(world: &'a World, state: &'a mut State, turn: u32) -> TurnCtx<'a> {
        TurnCtx {
            world,
            state,
            turn,
            report: TurnReport {
                turn,
                ..TurnReport::default()
            },
            meetings: meeting::Session::default(),
        }
    }

    /// This turn's random stream for subsystem `name`, split by `sub`.
    pub fn rng(&self, name: &str, sub: u64) -> Stream {
        rng::stream(self.state.seed, name, self.turn, sub)
    }
}

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
    events::start(&mut ctx);
    production::run(&mut ctx);
    market::before_allocation(&mut ctx);
    let claims = allocate::run(&mut ctx);
    ctx.meetings.close(ctx.state, &mut ctx.report.bonds);
    consume::run(&mut ctx, &claims);
    market::after_consumption(&mut ctx, &claims);
    social::run(&mut ctx);
    let TurnCtx {
        state,
        mut report,
        meetings,
        ..
    } = ctx;
    report.metrics = metrics::compute(world, state, &report.members);
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
