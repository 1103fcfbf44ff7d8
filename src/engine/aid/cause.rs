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
    let ready = |w: f64, prejudice: f64| readiness(p, w, prejudice) >= 0.5;
    // What the asks would have given, read once for every barrier taken away: a gift; a
    // refusal drawn again without prejudice; someone with nothing to spare given some (and
    // ready, without prejudice or with it).
    let (mut gave, mut drawn, mut refused_fair) = (false, false, false);
    let (mut spare_fair, mut spare_prej) = (false, false);
    for a in asks {
        match a.outcome {
            AskOutcome::Gave { .. } => gave = true,
            AskOutcome::Refused { bond, draw, .. } => {
                drawn = true;
                refused_fair |= draw < readiness(p, bond, 0.0);
            }
            AskOutcome::NothingToSpare { .. } => {
                spare_fair |= ready(a.weight, 0.0);
                spare_prej |= ready(a.weight, prejudice(a.partner));
            }
        }
    }
    // The asker's weak ties, not asked (below `min_bond`): whether one would give without
    // prejudice or with it, given something to spare (`_any`) or with what they hold.
    let (mut any_fair, mut any_prej, mut has_fair, mut has_prej) = (false, false, false, false);
    let weak = state
        .bonds
        .neighbours(asker)
        .filter(|&(q, w)| w > 0.0 && w < p.min_bond && q != asker && members[q].present)
        .filter(|&(q, _)| asks.iter().all(|a| a.partner != q));
    for (q, w) in weak {
        let has = members[q].holdings[good] > need_line[q];
        let (fair, prej) = (ready(w, 0.0), ready(w, prejudice(q)));
        any_fair |= fair;
        any_prej |= prej;
        has_fair |= has && fair;
        has_prej |= has && prej;
    }
    let v = verdict::judge(&Barrier::AID, |without: &[Barrier]| {
        let gone = |x| without.contains(&x);
        let fair = gone(Barrier::PartnerPrejudice);
        let spare = gone(Barrier::NoSpare);
        let asked = (spare && gave)
            || (fair && refused_fair)
            || (spare && if fair { spare_fair } else { spare_prej });
        let weak = match (spare, fair) {
            (true, true) => any_fair,
            (true, false) => any_prej,
            (false, true) => has_fair,
            (false, false) => has_prej,
        };
        asked || (gone(Barrier::NoBond) && weak)
    });
    // Nothing serves, yet someone who could give drew against their readiness: chance.
    match v {
        Verdict::Unmoved if drawn => Verdict::Chance,
        v => v,
    }
}
