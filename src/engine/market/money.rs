//! Where scrip goes between trades: a demurrage (a holding fee on balances, as in Gesell's
//! stamp scrip and the Wörgl experiment) collected into the community's treasury, and an
//! equal dividend paid out of it. Both are player policies, off by default. Scrip is
//! conserved to the unit: the sum of balances and the treasury never changes here.

use crate::engine::ctx::TurnCtx;

/// Collect the demurrage, then pay the dividend, before the turn's markets open.
pub fn before_allocation(ctx: &mut TurnCtx) {
    let permille = ctx.state.policy.demurrage_permille.min(1000) as u64;
    let state = &mut *ctx.state;
    if permille > 0 {
        for m in state.members.iter_mut().filter(|m| m.present) {
            let fee = m.scrip * permille / 1000;
            m.scrip -= fee;
            state.market.treasury = state.market.treasury.saturating_add(fee);
        }
    }
    if state.policy.dividend {
        let n = state.members.iter().filter(|m| m.present).count() as u64;
        if n == 0 {
            return;
        }
        // Equal shares; the remainder waits in the treasury for the next turn.
        let each = state.market.treasury / n;
        if each == 0 {
            return;
        }
        for m in state.members.iter_mut().filter(|m| m.present) {
            m.scrip = m.scrip.saturating_add(each);
        }
        state.market.treasury -= each * n;
    }
}
