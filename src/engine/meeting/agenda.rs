//! The agenda: requests (members' unmet needs of the pooled good) and proposals (uses of the
//! pool members are interested in), and each attendee's initial support x(0) for an item.

use rand::RngExt;

use crate::engine::ctx::Claim;
use crate::engine::params::SupportParams;
use crate::engine::report::meeting::ItemKind;
use crate::engine::rng::Stream;
use crate::engine::state::{MemberState, State};
use crate::engine::types::{GoodId, MemberId, Priority};

/// One agenda item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub member: MemberId,
    pub amount: u32,
    pub priority: Priority,
}

impl Item {
    /// The tags others hold values about.
    pub fn tags<'a>(&self, state: &'a State) -> &'a [String] {
        let m = &state.members[self.member];
        match self.kind {
            ItemKind::Request { need, .. } => &m.needs[need].tags,
            ItemKind::Proposal { interest } => &m.interests[interest].tags,
        }
    }

    /// What it is for, in words ("hormone therapy", "printing The Plain Truth").
    pub fn label<'a>(&self, state: &'a State) -> &'a str {
        let m = &state.members[self.member];
        match self.kind {
            ItemKind::Request { need, .. } => &m.needs[need].label,
            ItemKind::Proposal { interest } => &m.interests[interest].purpose,
        }
    }
}

/// The good's agenda into `out`: every unmet claim, then every present member's proposals
/// for it, in member order.
pub fn build(state: &State, good: GoodId, claims: &[Claim], out: &mut Vec<Item>) {
    out.clear();
    for (k, c) in claims.iter().enumerate() {
        if c.remaining > 0 {
            out.push(Item {
                kind: ItemKind::Request {
                    claim: k,
                    need: c.need,
                },
                member: c.member,
                amount: c.remaining,
                priority: c.priority,
            });
        }
    }
    for (m, member) in state.members.iter().enumerate() {
        if !member.present {
            continue;
        }
        for (i, interest) in member.interests.iter().enumerate() {
            if interest.good == good && interest.amount > 0 {
                out.push(Item {
                    kind: ItemKind::Proposal { interest: i },
                    member: m,
                    amount: interest.amount,
                    priority: interest.priority,
                });
            }
        }
    }
}

/// What is the same for every attendee's view of one item.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub params: &'a SupportParams,
    /// The item's scarcity term, `scarcity·max(0, (amount + ahead)/pool − 1)` (see [`ahead`]).
    pub scarcity: f64,
    pub priority: Priority,
    pub requester: &'a MemberState,
    pub tags: &'a [String],
}

/// Per priority, the units the agenda asks at more urgent priorities: what an item of that
/// priority competes with. An item is weighed against the pool and the more urgent items on
/// the same good at the same meeting, not against items as urgent as itself — among those,
/// approved items are filled in order of support, so the room need not refuse one to make
/// room for another — and never against another good's pool.
pub fn ahead(items: &[Item]) -> [u64; 4] {
    let mut by = [0u64; 4];
    for i in items {
        by[i.priority.index()] = by[i.priority.index()].saturating_add(i.amount as u64);
    }
    let mut out = [0u64; 4];
    for p in 1..4 {
        out[p] = out[p - 1].saturating_add(by[p - 1]);
    }
    out
}

/// The scarcity term of an item competing for `demand` units (its own amount and the more
/// urgent items') of a pool of `pool`.
pub fn scarcity(params: &SupportParams, demand: u64, pool: u32) -> f64 {
    if pool == 0 {
        return params.scarcity * demand as f64;
    }
    params.scarcity * (demand as f64 / pool as f64 - 1.0).max(0.0)
}

/// An attendee's initial support for someone else's item (DESIGN §4.4), before noise:
/// interest under scarcity, values, the bond with and prejudice against the requester.
pub fn support(ctx: &Context, member: &MemberState, bond: f64, own_need_unmet: bool) -> f64 {
    let prejudice = member.prejudice_against(ctx.requester);
    let attitude = if ctx.tags.is_empty() {
        0.0
    } else {
        member.attitude(ctx.tags)
    };
    weigh(ctx, prejudice, attitude, bond, own_need_unmet)
}

/// [`support`] from the attendee's `prejudice` against the requester and `attitude` to the
/// item's tags, found beforehand: a retrial that only reweighs them need not find them again.
pub fn weigh(ctx: &Context, prejudice: f64, attitude: f64, bond: f64, own_need_unmet: bool) -> f64 {
    weigh_from(ctx, lead(ctx), prejudice, attitude, bond, own_need_unmet)
}

/// Where every attendee's support for the item starts: base and urgency, less scarcity.
pub fn lead(ctx: &Context) -> f64 {
    let p = ctx.params;
    p.base + p.by_priority[ctx.priority.index()] - ctx.scarcity
}

/// [`weigh`] from the item's [`lead`], found once for all its attendees.
pub fn weigh_from(
    ctx: &Context,
    lead: f64,
    prejudice: f64,
    attitude: f64,
    bond: f64,
    own_need_unmet: bool,
) -> f64 {
    let p = ctx.params;
    let mut x = lead + p.bond * bond - p.prejudice * prejudice;
    if !ctx.tags.is_empty() {
        x += p.values * attitude;
    }
    if own_need_unmet {
        x -= p.own_need;
    }
    x
}

/// Add uniform noise in ±`noise` and clip to [0, 1]. Draws one number whatever the case.
pub fn jitter(x: f64, noise: f64, rng: &mut Stream) -> f64 {
    noisy(x, noise, rng.random())
}

/// The uniform in [0, 1) that `random::<f64>()` makes of the word `w` it draws: its 53
/// high bits, scaled.
pub fn unit(w: u64) -> f64 {
    const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
    SCALE * (w >> 11) as f64
}

/// `x` with the noise a uniform draw `u` in [0, 1) makes, clipped to [0, 1].
pub fn noisy(x: f64, noise: f64, u: f64) -> f64 {
    (x + noise * (2.0 * u - 1.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::state::PrejudiceState;
    use crate::engine::types::Mark;

    fn member(marks: Vec<Mark>) -> MemberState {
        MemberState {
            present: true,
            marks,
            charisma: 0.5,
            dominance: 0.5,
            skills: vec![],
            work: vec![],
            needs: vec![],
            wants: vec![],
            interests: vec![],
            holdings: vec![],
            scrip: 0,
            standing: 0.5,
            prejudices: vec![],
            values: vec![],
            enterprise: 0.0,
            wellbeing: 1.0,
            hunger: 0,
            progress: vec![],
            time_spent_permille: 0,
            wear: vec![],
            audit: Default::default(),
        }
    }

    #[test]
    fn the_design_default_support_formula() {
        let p = SupportParams::default();
        let requester = member(vec![Mark::Low]);
        let tags = vec!["gender-affirming".to_string()];
        let ctx = Context {
            params: &p,
            scarcity: scarcity(&p, 12, 8),
            priority: Priority::Health,
            requester: &requester,
            tags: &tags,
        };
        assert!((ctx.scarcity - 0.25).abs() < 1e-12);
        let mut bigot = member(vec![Mark::High]);
        bigot.prejudices.push(PrejudiceState {
            dimension: 0,
            against: Mark::Low,
            strength: 0.6,
        });
        bigot.values.push(("gender-affirming".into(), -0.7));
        // 0.5 + 0.15 − 0.25 + 0.3·0.2 − 0.7·0.6 − 0.5·0.7 − 0.15
        let x = support(&ctx, &bigot, 0.2, true);
        assert!((x - (0.5 + 0.15 - 0.25 + 0.06 - 0.42 - 0.35 - 0.15)).abs() < 1e-12);
        let friend = member(vec![Mark::High]);
        let y = support(&ctx, &friend, 0.6, false);
        assert!((y - (0.5 + 0.15 - 0.25 + 0.18)).abs() < 1e-12);
        let mut rng = crate::engine::rng::stream(1, "t", 0, 0);
        assert_eq!(jitter(-0.3, 0.05, &mut rng), 0.0);
        let j = jitter(0.5, 0.05, &mut rng);
        assert!((j - 0.5).abs() <= 0.05);
    }

    #[test]
    fn words_drawn_at_once_are_the_draws_made_one_by_one() {
        // The meeting draws a run of words and reads its noise off them: the same numbers
        // as `random::<f64>()` then `random::<u64>()`, whatever the stream's position.
        use rand::Rng;
        for skip in 0..70 {
            let mut one = crate::engine::rng::stream(3, "t", 1, skip);
            let mut run = one.clone();
            for _ in 0..skip {
                let _: u32 = one.random();
                let _: u32 = run.random();
            }
            let words: Vec<u64> = (0..2 * 37).map(|_| run.next_u64()).collect();
            for (k, &w) in words.iter().enumerate() {
                if k < 37 {
                    assert_eq!(unit(w).to_bits(), one.random::<f64>().to_bits());
                } else {
                    assert_eq!(w, one.random::<u64>());
                }
            }
            assert_eq!(run.random::<u32>(), one.random::<u32>());
        }
    }

    #[test]
    fn no_scarcity_while_the_pool_covers_demand() {
        let p = SupportParams::default();
        assert_eq!(scarcity(&p, 5, 10), 0.0);
        assert_eq!(scarcity(&p, 10, 10), 0.0);
        assert!((scarcity(&p, 20, 10) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn an_item_competes_only_with_more_urgent_items() {
        let item = |priority, amount| Item {
            kind: ItemKind::Proposal { interest: 0 },
            member: 0,
            amount,
            priority,
        };
        let items = [
            item(Priority::Survival, 4),
            item(Priority::Health, 2),
            item(Priority::Flourishing, 3),
            item(Priority::Flourishing, 5),
        ];
        assert_eq!(ahead(&items), [0, 4, 6, 6]);
        // A flourishing item of 3 against a pool of 8: 3 + 6 ahead = 9 > 8.
        let p = SupportParams::default();
        let a = ahead(&items);
        let flourishing = scarcity(&p, 3 + a[Priority::Flourishing.index()], 8);
        assert!((flourishing - 0.5 * (9.0 / 8.0 - 1.0)).abs() < 1e-12);
        // The survival item is not weighed against anything less urgent.
        assert_eq!(scarcity(&p, 4 + a[0], 8), 0.0);
    }
}
