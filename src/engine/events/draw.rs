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
use crate::engine::world::story::{Cond, Pick, Storylet};

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
    let mut open = memo
        .open
        .get_or_insert_with(|| {
            let now = state.turn + 1;
            let none: Bindings = Vec::new();
            let scope = Scope {
                world,
                state,
                roles: &none,
            };
            let mut open: Vec<usize> = Vec::with_capacity(storylets.len());
            open.extend(
                (0..storylets.len())
                    .filter(|&i| ready(&storylets[i], last[i], now, choices))
                    .filter(|&i| match world.checks().get(i) {
                        Some(c) => check::holds(&c.when, &scope),
                        None => cond::holds(&storylets[i].when, &scope),
                    }),
            );
            open
        })
        .clone();
    while !open.is_empty() {
        let weight = |i: usize| storylets[i].weight as u64;
        let total = quiet as u64 + open.iter().map(|&i| weight(i)).sum::<u64>();
        if total == 0 {
            return None;
        }
        let mut r = rng.random_range(0..total);
        let mut drawn = None;
        for (k, &i) in open.iter().enumerate() {
            let w = weight(i);
            if r < w {
                drawn = Some(k);
                break;
            }
            r -= w;
        }
        let k = drawn?;
        let i = open[k];
        if !memo.unbound.contains(&i) {
            let drawn_before = rng.get_word_pos();
            if let Some(b) = bind(world, state, i, rng) {
                return Some((i, b));
            }
            if rng.get_word_pos() == drawn_before {
                memo.unbound.push(i);
            }
        }
        open.remove(k);
    }
    None
}

/// The turn each storylet last fired (indexed like the scenario's storylets), from
/// `EventsState::fired` and the storylets' ids read side by side, both sorted by id: one
/// pass instead of a lookup by id for every storylet of every draw.
fn last_fired(world: &World, state: &State) -> Vec<Option<u32>> {
    let storylets = &world.scenario.storylets;
    let mut last = vec![None; storylets.len()];
    let mut by_id = world.storylets_by_id().iter().peekable();
    for (id, &turn) in &state.events.fired {
        while let Some(&&i) = by_id.peek() {
            match cmp_ids(&storylets[i].id, id) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => last[i] = Some(turn),
                std::cmp::Ordering::Greater => break,
            }
            by_id.next();
        }
    }
    last
}

/// `a.cmp(b)`, byte by byte in line: ids are short and differ early, so a call to `memcmp`
/// for every pair cost more than the comparison.
fn cmp_ids(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Not spent (`once`), cooled down (`last` fired), of the kind asked, with a weight, and
/// inside its turn window (`in_window`).
fn ready(s: &Storylet, last: Option<u32>, now: u32, choices: bool) -> bool {
    if s.choices.is_empty() == choices || s.weight == 0 || !in_window(&s.when, now) {
        return false;
    }
    match last {
        None => true,
        Some(_) if s.once => false,
        Some(last) => now > last.saturating_add(s.cooldown),
    }
}

/// Whether `when` may hold in turn `now` as far as its turn window says: a `TurnAtLeast`,
/// `TurnAtMost` or `Opens` on its own or among an `All`'s conditions that fails rules the
/// whole out (`cond::holds` would say no), so most of a game's storylets are passed over
/// without evaluating their conditions.
fn in_window(when: &Cond, now: u32) -> bool {
    let open = |c: &Cond| match *c {
        Cond::TurnAtLeast(n) => now >= n,
        Cond::TurnAtMost(n) => now <= n,
        Cond::Opens(from, _) => now >= from,
        _ => true,
    };
    match when {
        Cond::All(cs) => cs.iter().all(open),
        c => open(c),
    }
}

/// Bind storylet `i`'s roles in order, or `None` if some role finds nobody.
fn bind(world: &World, state: &State, i: usize, rng: &mut Stream) -> Option<Bindings> {
    let s = &world.scenario.storylets[i];
    let mut bound = Vec::with_capacity(s.roles.len());
    bind_from(world, state, i, 0, &mut bound, rng).then_some(bound)
}

fn bind_from(
    world: &World,
    state: &State,
    i: usize,
    r: usize,
    bound: &mut Bindings,
    rng: &mut Stream,
) -> bool {
    let s = &world.scenario.storylets[i];
    let Some(role) = s.roles.get(r) else {
        return true;
    };
    // Bound in role order, as a compiled condition expects.
    let compiled = world.checks().get(i).and_then(|c| c.roles.get(r));
    // Each candidate is tried in one binding slot, `bound[r]`, reused (no allocation per
    // candidate); the slot then holds the members tried or picked.
    bound.push((role.id.clone(), vec![0]));
    // Sized for a village, so its list is allocated once, never grown (a role's members
    // are kept in the state, so not sized for a town).
    let mut candidates: Vec<MemberId> = Vec::with_capacity(state.members.len().min(64));
    for m in state.present() {
        if bound[..r].iter().any(|(_, ms)| ms.contains(&m)) {
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
    if candidates.is_empty() {
        bound.pop();
        return false;
    }
    match role.pick {
        Pick::One => {
            shuffle(&mut candidates, rng);
            for &m in candidates.iter().take(TRIES) {
                bound[r].1[0] = m;
                if bind_from(world, state, i, r + 1, bound, rng) {
                    return true;
                }
            }
            bound.pop();
            false
        }
        Pick::Up(n) => {
            shuffle(&mut candidates, rng);
            candidates.truncate(n.max(1) as usize);
            candidates.sort_unstable();
            bound[r].1 = candidates;
            bind_from(world, state, i, r + 1, bound, rng) || {
                bound.pop();
                false
            }
        }
        Pick::All => {
            bound[r].1 = candidates;
            bind_from(world, state, i, r + 1, bound, rng) || {
                bound.pop();
                false
            }
        }
    }
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
    use super::in_window;
    use crate::engine::world::story::Cond;

    #[test]
    fn a_closed_turn_window_rules_a_storylet_out() {
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
