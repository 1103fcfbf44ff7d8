//! Account-keeping (*esile*): a gift becomes a debt, and a debtor repays whatever they hold
//! above their own need line — whether or not the creditor is in need — oldest debts first.

use serde::{Deserialize, Serialize};

use super::record::Repayment;
use super::{ClaimIndex, credit};
use crate::engine::allocate::Claim;
use crate::engine::turn::TurnCtx;
use crate::engine::types::{GoodId, MemberId};

/// Units of a good one member owes another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debt {
    pub debtor: MemberId,
    pub good: GoodId,
    /// The turn the debt was first incurred.
    pub since: u32,
    pub creditor: MemberId,
    pub units: u32,
}

impl Debt {
    fn key(&self) -> (MemberId, GoodId, u32, MemberId) {
        (self.debtor, self.good, self.since, self.creditor)
    }
}

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
    let at = lo + debts[lo..hi].partition_point(|d| d.key() < new.key());
    debts.insert(at, new);
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
