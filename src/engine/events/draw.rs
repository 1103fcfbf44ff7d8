//! Drawing a storylet: those whose conditions hold compete by weight against a "quiet"
//! weight; the one drawn then binds its roles. A storylet whose roles cannot be bound drops
//! out and the draw is repeated, so the draw is conditioned on storylets that can fire.

use rand::RngExt;

use crate::engine::events::check;
use crate::engine::events::cond::{self, Scope};
use crate::engine::rng::Stream;
use crate::engine::state::State;
use crate::engine::state::events::Bindings;
use crate::engine::types::MemberId;
use crate::engine::world::World;
use crate::engine::world::story::{Pick, Storylet};

/// Candidates tried for a role of one before the binding gives up (keeps huge communities cheap).
const TRIES: usize = 16;

/// What the draws of one turn's start share while the state does not change under them:
/// when each storylet last fired, and the storylets that may fire (ready, conditions holding).
/// Every draw sharing one is of the same kind (`choices`).
#[derive(Debug, Default)]
pub struct Memo {
    last: Option<Vec<Option<u32>>>,
    open: Option<Vec<usize>>,
    /// Storylets whose roles could not be bound without a draw taken: on the same state they
    /// fail alike, so they are not bound again.
    unbound: Vec<usize>,
    /// The storylets still in one draw (`open`, less those that could not be bound).
    draw: Vec<usize>,
    slots: Slots,
}

/// The buffers a binding works in, kept by the memo so that trying a storylet's roles
/// allocates nothing: each role's binding (its name and members rewritten in place) and its
/// candidates. A binding that holds is copied out.
#[derive(Debug, Default)]
struct Slots {
    bound: Bindings,
    candidates: Vec<Vec<MemberId>>,
}

impl Memo {
    /// Storylet `i` fired in turn `now` (`EventsState::fired` says so) and the state changed.
    pub fn fired(&mut self, world: &World, i: usize, now: u32) {
        let storylets = &world.scenario.storylets;
        if let Some(last) = &mut self.last {
            for (j, s) in storylets.iter().enumerate() {
                if s.id == storylets[i].id {
                    last[j] = Some(now);
                }
            }
        }
        self.open = None;
        self.unbound.clear();
    }

    /// The memo for the draws after the turn's middle: nothing but a draw writes
    /// `EventsState::fired`, so when each storylet last fired is still known (and the
    /// binding's buffers are kept); which storylets may fire is asked afresh.
    pub fn after_turn(self) -> Memo {
        Memo {
            last: self.last,
            slots: self.slots,
            ..Memo::default()
        }
    }
}

/// Draw one storylet of the kind asked (with choices or without) and bind its roles.
pub fn one(
    world: &World,
    state: &State,
    choices: bool,
    quiet: u32,
    rng: &mut Stream,
    memo: &mut Memo,
) -> Option<(usize, Bindings)> {
    let storylets = &world.scenario.storylets;
    let last = memo.last.get_or_insert_with(|| last_fired(world, state));
    let open = memo.open.get_or_insert_with(|| {
        let now = state.turn + 1;
        let none: Bindings = Vec::new();
        let scope = Scope {
            world,
            state,
            roles: &none,
        };
        let checks = world.checks();
        let mut open: Vec<usize> = Vec::with_capacity(storylets.len());
        for (i, (s, &last)) in storylets.iter().zip(last.iter()).enumerate() {
            // The kind first: it rules out about half without reading the window.
            if s.choices.is_empty() == choices || s.weight == 0 {
                continue;
            }
            let c = checks.get(i);
            let window = c.map_or_else(|| check::window(&s.when), |c| c.window);
            if ready(s, window, last, now)
                && match c {
                    Some(c) => check::holds_when(&c.when, &scope),
                    None => cond::holds(&s.when, &scope),
                }
            {
                open.push(i);
            }
        }
        open
    });
    let draw = &mut memo.draw;
    draw.clear();
    draw.extend_from_slice(open);
    while !draw.is_empty() {
        let weight = |i: usize| storylets[i].weight as u64;
        let total = quiet as u64 + draw.iter().map(|&i| weight(i)).sum::<u64>();
        if total == 0 {
            return None;
        }
        let mut r = rng.random_range(0..total);
        let mut drawn = None;
        for (k, &i) in draw.iter().enumerate() {
            let w = weight(i);
            if r < w {
                drawn = Some(k);
                break;
            }
            r -= w;
        }
        let k = drawn?;
        let i = draw[k];
        if !memo.unbound.contains(&i) {
            let drawn_before = rng.get_word_pos();
            if let Some(b) = bind(world, state, i, rng, &mut memo.slots) {
                return Some((i, b));
            }
            if rng.get_word_pos() == drawn_before {
                memo.unbound.push(i);
            }
        }
        draw.remove(k);
    }
    None
}

/// The turn each storylet last fired (indexed like the scenario's storylets), from
/// `EventsState::fired` and the storylets' ids read side by side, both sorted by id: one
/// pass instead of a lookup by id for every storylet of every draw. A fired id's storylets
/// follow those of the id before, so each is found by testing ids for equality from there
/// on (mostly a length that differs, where ordering them compared bytes); an id that is no
/// storylet's (a mod removed it) is passed over.
fn last_fired(world: &World, state: &State) -> Vec<Option<u32>> {
    let storylets = &world.scenario.storylets;
    let by_id = world.storylets_by_id();
    let mut last = vec![None; storylets.len()];
    let mut rest = by_id;
    for (id, &turn) in &state.events.fired {
        let is = |i: &usize| storylets[*i].id == *id;
        let Some(k) = rest.iter().position(is) else {
            continue;
        };
        rest = &rest[k..];
        while let [i, tail @ ..] = rest
            && is(i)
        {
            last[*i] = Some(turn);
            rest = tail;
        }
    }
    last
}

/// Inside its turn window (`check::Checks::window`: most of a game's storylets are passed
/// over without evaluating their conditions), not spent (`once`) and cooled down (`last`
/// fired).
fn ready(s: &Storylet, (from, to): (u32, u32), last: Option<u32>, now: u32) -> bool {
    if now < from || now > to {
        return false;
    }
    match last {
        None => true,
        Some(_) if s.once => false,
        Some(last) => now > last.saturating_add(s.cooldown),
    }
}

/// Bind storylet `i`'s roles in order, or `None` if some role finds nobody.
fn bind(
    world: &World,
    state: &State,
    i: usize,
    rng: &mut Stream,
    slots: &mut Slots,
) -> Option<Bindings> {
    let n = world.scenario.storylets[i].roles.len();
    if slots.bound.len() < n {
        slots.bound.resize_with(n, Default::default);
        slots.candidates.resize_with(n, Vec::new);
    }
    bind_from(world, state, i, 0, slots, rng).then(|| slots.bound[..n].to_vec())
}

/// Bind roles `r..` of storylet `i`, roles `..r` being bound in `slots.bound`.
fn bind_from(
    world: &World,
    state: &State,
    i: usize,
    r: usize,
    slots: &mut Slots,
    rng: &mut Stream,
) -> bool {
    let s = &world.scenario.storylets[i];
    let Some(role) = s.roles.get(r) else {
        return true;
    };
    // Bound in role order, as a compiled condition expects.
    let compiled = world.checks().get(i).and_then(|c| c.roles.get(r));
    let first = compiled.and_then(|c| check::first_own_test(c, r));
    // Each candidate is tried in the role's slot, `bound[r]`, which then holds the members
    // tried or picked.
    let slot = &mut slots.bound[r];
    slot.0.clear();
    slot.0.push_str(&role.id);
    slot.1.clear();
    slot.1.push(0);
    let mut candidates = std::mem::take(&mut slots.candidates[r]);
    candidates.clear();
    let bound = &mut slots.bound[..=r];
    let taken =
        |bound: &[(String, Vec<MemberId>)], m| bound[..r].iter().any(|(_, ms)| ms.contains(&m));
    match (first, compiled) {
        // The usual form: the members who pass the role's own test (reading no binding), and
        // of those, the ones the rest of an `All` holds for with the member in the slot.
        (Some(test), Some(c)) => {
            let scope = Scope {
                world,
                state,
                roles: bound,
            };
            check::select(test, &scope, |m| taken(bound, m), &mut candidates);
            if check::own_test(c, r).is_none() {
                candidates.retain(|&m| {
                    bound[r].1[0] = m;
                    let scope = Scope {
                        world,
                        state,
                        roles: bound,
                    };
                    check::holds_for(c, r, m, &scope)
                });
            }
        }
        _ => {
            for m in state.present() {
                if taken(bound, m) {
                    continue;
                }
                bound[r].1[0] = m;
                let scope = Scope {
                    world,
                    state,
                    roles: bound,
                };
                let fits = match compiled {
                    Some(c) => check::holds_for(c, r, m, &scope),
                    None => cond::holds(&role.when, &scope),
                };
                if fits {
                    candidates.push(m);
                }
            }
        }
    }
    let done = !candidates.is_empty()
        && match role.pick {
            Pick::One => {
                shuffle(&mut candidates, rng);
                candidates.iter().take(TRIES).any(|&m| {
                    slots.bound[r].1[0] = m;
                    bind_from(world, state, i, r + 1, slots, rng)
                })
            }
            Pick::Up(n) => {
                shuffle(&mut candidates, rng);
                candidates.truncate(n.max(1) as usize);
                candidates.sort_unstable();
                slots.bound[r].1.clone_from(&candidates);
                bind_from(world, state, i, r + 1, slots, rng)
            }
            Pick::All => {
                slots.bound[r].1.clone_from(&candidates);
                bind_from(world, state, i, r + 1, slots, rng)
            }
        };
    slots.candidates[r] = candidates;
    done
}

/// Fisher–Yates, from the events stream.
fn shuffle(xs: &mut [MemberId], rng: &mut Stream) {
    for i in (1..xs.len()).rev() {
        let j = rng.random_range(0..=i);
        xs.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::events::check::window;
    use crate::engine::world::story::Cond;

    #[test]
    fn a_closed_turn_window_rules_a_storylet_out() {
        let in_window = |when: &Cond, now: u32| {
            let (from, to) = window(when);
            from <= now && now <= to
        };
        let when = Cond::All(vec![
            Cond::TurnAtLeast(3),
            Cond::TurnAtMost(14),
            Cond::FlagSet("drought".into()),
        ]);
        let open: Vec<u32> = (1..20).filter(|&t| in_window(&when, t)).collect();
        assert_eq!(open, (3..=14).collect::<Vec<u32>>());
        assert!(!in_window(&Cond::Opens(12, 18), 11));
        assert!(in_window(&Cond::Opens(12, 18), 12));
        // Anything else is left to `cond::holds`.
        assert!(in_window(&Cond::Not(Box::new(Cond::TurnAtLeast(9))), 1));
        assert!(in_window(&Cond::Any(vec![Cond::TurnAtMost(2)]), 5));
    }
}
