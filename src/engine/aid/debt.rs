//! Account-keeping (*esile*): a gift becomes a debt, and a debtor repays whatever they hold
//! above their own need line — whether or not the creditor is in need — oldest debts first.

use super::claims::{ClaimIndex, credit};
use crate::engine::ctx::{Claim, TurnCtx};
use crate::engine::report::aid::Repayment;
use crate::engine::state::aid::Debt;
use crate::engine::types::{GoodId, MemberId};

/// Record that `debtor` received `units` of `good` from `creditor` in `turn`: added to an
/// open debt between them, else a new one (kept sorted by debtor, good, age, creditor).
pub fn record(
    debts: &mut Vec<Debt>,
    debtor: MemberId,
    creditor: MemberId,
    good: GoodId,
    units: u32,
    turn: u32,
) {
    if units == 0 {
        return;
    }
    let lo = debts.partition_point(|d| (d.debtor, d.good) < (debtor, good));
    let hi = debts.partition_point(|d| (d.debtor, d.good) <= (debtor, good));
    if let Some(d) = debts[lo..hi].iter_mut().find(|d| d.creditor == creditor) {
        d.units = d.units.saturating_add(units);
        return;
    }
    let new = Debt {
        debtor,
        good,
        since: turn,
        creditor,
        units,
    };
    let at = lo + debts[lo..hi].partition_point(|d| key(d) < key(&new));
    debts.insert(at, new);
}

/// A debt's place in the sorted list.
fn key(d: &Debt) -> (MemberId, GoodId, u32, MemberId) {
    (d.debtor, d.good, d.since, d.creditor)
}

/// Every present debtor in `good` repays what they hold above their need line, oldest debts
/// first; a creditor in need has the repayment count toward their claims.
pub(super) fn repay(
    ctx: &mut TurnCtx,
    good: GoodId,
    need_line: &[u32],
    claims: &mut [Claim],
    ix: &ClaimIndex,
    out: &mut Vec<Repayment>,
) {
    let state = &mut *ctx.state;
    let mut debts = std::mem::take(&mut state.aid.debts);
    for d in debts.iter_mut().filter(|d| d.good == good) {
        let (debtor, creditor) = (d.debtor, d.creditor);
        if !state.members[debtor].present || !state.members[creditor].present {
            continue;
        }
        let spare = state.members[debtor].holdings[good].saturating_sub(need_line[debtor]);
        let room = u32::MAX - state.members[creditor].holdings[good];
        let units = d.units.min(spare).min(room);
        if units == 0 {
            continue;
        }
        state.members[debtor].holdings[good] -= units;
        state.members[creditor].holdings[good] += units;
        d.units -= units;
        credit(claims, ix, creditor, units);
        out.push(Repayment {
            debtor,
            creditor,
            units,
        });
    }
    debts.retain(|d| d.units > 0);
    state.aid.debts = debts;
}
