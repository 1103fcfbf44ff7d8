//! Why a member asking along their bonds went without, decided by counterfactual
//! (`docs/MODELS.md`, "The decisive cause"). After the asking, would someone have given
//! them a unit with one barrier taken away?
//!
//! - **No bond strong enough**: their weak ties (below `params.aid.min_bond`) are asked too.
//! - **A partner's prejudice**: each partner's readiness without prejudice against the
//!   asker's marks, against the same draw that refused them.
//! - **Nothing to spare**: partners who gave all they had, or had nothing above their need
//!   line, have something more.
//!
//! A partner who was never put to a draw (they had nothing to spare, or a weak tie never
//! asked) is taken to give when their readiness is at least even: more likely than not.

use crate::engine::aid::ask::readiness;
use crate::engine::params::AidParams;
use crate::engine::report::aid::{Ask, AskOutcome};
use crate::engine::report::verdict::{self, Verdict};
use crate::engine::state::State;
use crate::engine::types::{Barrier, GoodId, MemberId};

/// What decided that `asker` went without after `asks` (this claim's asks, in order).
pub fn verdict(
    p: &AidParams,
    state: &State,
    good: GoodId,
    need_line: &[u32],
    asker: MemberId,
    asks: &[Ask],
) -> Verdict {
    let members = &state.members;
    let prejudice = |by: MemberId| members[by].prejudice_against(&members[asker]);
    // The asker's weak ties, not asked: (member, bond, spare above their need line).
    let weak: Vec<(MemberId, f64, bool)> = state
        .bonds
        .neighbours(asker)
        .filter(|&(q, w)| w > 0.0 && w < p.min_bond && q != asker && members[q].present)
        .filter(|&(q, _)| asks.iter().all(|a| a.partner != q))
        .map(|(q, w)| (q, w, members[q].holdings[good] > need_line[q]))
        .collect();
    let v = verdict::judge(&Barrier::AID, |without: &[Barrier]| {
        let gone = |x| without.contains(&x);
        let fair = gone(Barrier::PartnerPrejudice);
        let spare = gone(Barrier::NoSpare);
        let ready =
            |by: MemberId, w: f64| readiness(p, w, if fair { 0.0 } else { prejudice(by) }) >= 0.5;
        let asked = asks.iter().any(|a| match a.outcome {
            AskOutcome::Gave { .. } => spare,
            AskOutcome::Refused { bond, draw, .. } => fair && draw < readiness(p, bond, 0.0),
            AskOutcome::NothingToSpare { .. } => spare && ready(a.partner, a.weight),
        });
        asked
            || (gone(Barrier::NoBond)
                && weak
                    .iter()
                    .any(|&(q, w, has)| (has || spare) && ready(q, w)))
    });
    // Nothing serves, yet someone who could give drew against their readiness: chance.
    let drawn = asks
        .iter()
        .any(|a| matches!(a.outcome, AskOutcome::Refused { .. }));
    match v {
        Verdict::Unmoved if drawn => Verdict::Chance,
        v => v,
    }
}
