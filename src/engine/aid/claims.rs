//! A good's claims looked up by member, and units that reached a member credited to their
//! claims: a repayment or a store share reaches a member, not one of their claims.

use crate::engine::ctx::Claim;
use crate::engine::types::{MemberId, Regime};

/// Claims by member: `(member, claim index)` sorted.
pub(super) struct ClaimIndex<'a>(pub &'a [(MemberId, usize)]);

impl ClaimIndex<'_> {
    /// Indices of `member`'s claims, most urgent first.
    pub fn of(&self, member: MemberId) -> impl Iterator<Item = usize> + '_ {
        let start = self.0.partition_point(|&(m, _)| m < member);
        self.0[start..]
            .iter()
            .take_while(move |&&(m, _)| m == member)
            .map(|&(_, i)| i)
    }
}

/// Fill `member`'s claims, most urgent first, with `units` that reached them through aid.
pub(super) fn credit(claims: &mut [Claim], ix: &ClaimIndex, member: MemberId, mut units: u32) {
    for i in ix.of(member) {
        let take = units.min(claims[i].remaining);
        claims[i].fill(Regime::Aid, take);
        units -= take;
        if units == 0 {
            break;
        }
    }
}
