//! One turn (DESIGN §3): events → workplaces → paid work → production → allocation → consumption →
//! social update → metrics → state hash.

use crate::engine::ctx::TurnCtx;
use crate::engine::meeting::Session;
use crate::engine::report::TurnReport;
use crate::engine::state::State;
use crate::engine::world::World;
use crate::engine::{
    aid, allocate, consume, events, hash, market, measure, production, social, workplace,
};

/// The phases of a turn, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Events,
    Production,
    Allocation,
    Consumption,
    Social,
    Measures,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Events,
        Phase::Production,
        Phase::Allocation,
        Phase::Consumption,
        Phase::Social,
        Phase::Measures,
    ];

    /// What the phase does, for a progress line.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Events => "storylets",
            Phase::Production => "paid work and production",
            Phase::Allocation => "meetings, markets and aid",
            Phase::Consumption => "consumption",
            Phase::Social => "bonds",
            Phase::Measures => "figures",
        }
    }
}

/// Asked before each phase whether the turn goes on. The shell passes one that reads a
/// cancel flag (a key, a signal), so the engine stays free of either; `|_| true` plays on.
pub type Proceed<'a> = &'a (dyn Fn(Phase) -> bool + Sync);

/// What a game carries from turn to turn outside its state: values of pure functions
/// remembered for the next turn, so nothing here changes an outcome, and it is neither saved
/// nor hashed (a game resumed without it plays the same turns).
#[derive(Debug, Clone, Default)]
pub struct Carry {
    /// The labour market's Cobb–Douglas factors, and its working lists.
    curve: market::labour::Curve,
    /// Buffers kept at their size between turns, so a large community's turn does not grow
    /// them afresh (the kernel zeroing their new pages) every turn.
    hash: Kept<Vec<u8>>,
    contacts: Kept<social::Lists>,
    market: Kept<market::Scratch>,
    measures: Kept<measure::Kept>,
    allocation: Kept<allocate::Scratch>,
    meetings: Kept<Session>,
    consume: Kept<consume::Scratch>,
    /// A report the game is done with ([`Carry::recycle`]), whose lists the next turn's
    /// report reuses.
    spent: Kept<TurnReport>,
    /// The length of the last report's output and chronicle, this turn's first size for them.
    sizes: (usize, usize),
}

impl Carry {
    /// Hand back a report the caller is done with: the next turn writes its report into
    /// its lists (every field as if new), so they are not freed and allocated again.
    pub fn recycle(&mut self, report: TurnReport) {
        self.spent.0 = report;
    }
}

/// A buffer the game keeps between turns. A copy starts empty (it holds nothing the next
/// turn reads), and debug output leaves it out.
#[derive(Default)]
struct Kept<T>(T);

impl<T: Default> Clone for Kept<T> {
    fn clone(&self) -> Self {
        Kept::default()
    }
}

impl<T> std::fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}

/// Resolve one turn; the state advances and the report says what happened and why,
/// ending with the state's hash.
pub fn play(world: &World, state: &mut State) -> TurnReport {
    play_carrying(world, state, &mut Carry::default())
}

/// `play`, with what the game carries from its last turn.
pub fn play_carrying(world: &World, state: &mut State, carry: &mut Carry) -> TurnReport {
    let mut report = resolve(world, state, carry, &|_| true).unwrap_or_default();
    report.hash = hash::hash_with(&*state, &mut carry.hash.0);
    report
}

/// Resolve one turn without the state hash (left 0; batch games hash only their end), with
/// what the game carries from its last turn, asking `proceed` before each phase: `None`
/// when it says stop, the state then part-way through the turn (the caller keeps a copy
/// from before it; see `Game::apply_with`).
pub fn resolve(
    world: &World,
    state: &mut State,
    carry: &mut Carry,
    proceed: Proceed,
) -> Option<TurnReport> {
    let turn = state.turn + 1;
    let mut spent = std::mem::take(&mut carry.spent.0);
    // Consumption rewrites last turn's members' reports in place (see `consume::Scratch`).
    std::mem::swap(&mut spent.members, &mut carry.consume.0.reports);
    let mut ctx = TurnCtx::reusing(world, state, turn, spent);
    ctx.report.produced.reserve(carry.sizes.0);
    ctx.report.chronicle.reserve(carry.sizes.1);
    ctx.report.bonds = carry.contacts.0.contacts();
    ctx.market = std::mem::take(&mut carry.market.0);
    // This turn's meetings, seated by the first `Commons` good.
    let mut meetings = std::mem::take(&mut carry.meetings.0);
    meetings.renew();
    let go = |phase| proceed(phase).then_some(());
    go(Phase::Events)?;
    let drawn = events::start(&mut ctx);
    go(Phase::Production)?;
    workplace::run(&mut ctx);
    market::labour::run(&mut ctx, &mut carry.curve);
    production::run(&mut ctx);
    market::before_allocation(&mut ctx);
    go(Phase::Allocation)?;
    let mut claims = allocate::run_with(&mut ctx, &mut meetings, &mut carry.allocation.0);
    meetings.close(ctx.state, &mut ctx.report.bonds);
    go(Phase::Consumption)?;
    consume::run(&mut ctx, &mut claims, &mut carry.consume.0);
    market::after_consumption(&mut ctx, &claims);
    go(Phase::Social)?;
    social::run(&mut ctx, &mut carry.contacts.0);
    go(Phase::Measures)?;
    let TurnCtx {
        state,
        mut report,
        market,
        ..
    } = ctx;
    carry.market.0 = market;
    report.metrics = measure::community(world, state, &report.members, &mut carry.measures.0);
    aid::measure(&mut report.metrics, &report.goods);
    meetings.measure(world, state, &mut report.metrics);
    carry.meetings.0 = meetings;
    market::measure(state, &mut report);
    state.turn = turn;
    if turn >= world.scenario.meta.turns {
        state.ended = true;
    }
    events::finish(world, state, &mut report, drawn);
    carry.sizes = (report.produced.len(), report.chronicle.len());
    Some(report)
}
