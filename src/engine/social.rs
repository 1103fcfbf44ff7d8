//! The social update: bonds fray with neglect and isolation, grow through chance encounters,
//! and then take every contact the turn's institutions recorded (`TurnCtx::touch`).

use rand::RngExt;

use crate::engine::bonds::{BondGraph, Contact, InOrder, MAX, Tone, Touch};
use crate::engine::ctx::TurnCtx;
use crate::engine::params::BondParams;
use crate::engine::state::MemberState;

/// The social update's lists, kept at their size from turn to turn (`turn::Carry`): at
/// 100,000 members a turn records millions of contacts, and lists grown afresh every turn
/// cost the kernel more in zeroing new pages than their sorting costs. They hold nothing the
/// next turn reads.
#[derive(Debug, Default)]
pub struct Lists {
    /// The contacts as recorded (the turn's `report.bonds` until the social update).
    raw: Vec<Touch>,
    /// The contacts sorted by pair and kind, then merged.
    sorted: Vec<Touch>,
    /// Where each lower member's contacts start, then end (`merge`).
    at: Vec<usize>,
    /// The contacts' keys within their rows and nets, sorted by row (`merge`).
    keyed: Vec<(u64, i32)>,
    /// The present members (chance encounters).
    present: Vec<usize>,
    /// Each row's position as the pairs are set (`InOrder`).
    walk: InOrder,
}

impl Lists {
    /// An empty list, with the capacity of last turn's, for the turn's contacts.
    pub fn contacts(&mut self) -> Vec<Touch> {
        let mut raw = std::mem::take(&mut self.raw);
        raw.clear();
        raw
    }
}

/// The social update, with the lists the game carries (`Lists::contacts` gave the turn's
/// contact list).
pub fn run(ctx: &mut TurnCtx, lists: &mut Lists) {
    let bp = ctx.state.params.bonds.clone();
    ctx.state.bonds.decay(bp.decay, bp.floor);
    // Isolation: the bonds of members who are not in the community wear away faster.
    if bp.absent_decay < 1.0 {
        for m in 0..ctx.state.members.len() {
            if !ctx.state.members[m].present && ctx.state.bonds.degree(m) > 0 {
                ctx.state.bonds.fray_member(m, bp.absent_decay, bp.floor);
            }
        }
    }
    encounters(ctx, &bp, &mut lists.present);
    lists.raw = std::mem::take(&mut ctx.report.bonds);
    let state = &mut *ctx.state;
    apply(&mut state.bonds, &mut state.members, &bp, lists);
    // The report keeps its own copy, the size of the merged list.
    ctx.report.bonds = lists.sorted.clone();
}

/// Chance encounters between present members, drawn from the turn's `encounters` stream.
fn encounters(ctx: &mut TurnCtx, bp: &BondParams, present: &mut Vec<usize>) {
    present.clear();
    present.extend(ctx.state.present());
    if present.len() < 2 || bp.encounter <= 0.0 {
        return;
    }
    let mut rng = ctx.rng("encounters", 0);
    let expected = bp.encounters_per_member * present.len() as f64;
    // Whole encounters, plus one more with the fractional part's probability.
    let mut count = expected as usize;
    if rng.random::<f64>() < expected - count as f64 {
        count += 1;
    }
    for _ in 0..count {
        let a = present[rng.random_range(0..present.len())];
        let b = present[rng.random_range(0..present.len())];
        ctx.touch(a, b, Contact::Encounter, Tone::Warm);
    }
}

/// Apply a turn's contacts: merge each pair's contacts of one kind into one move, slow warm
/// moves by the pair's prejudice, drop bonds left below the floor, and let warm contact wear
/// prejudice down. Leaves the merged contacts with the move each made in `lists.sorted`, in
/// (pair, kind) order.
fn apply(graph: &mut BondGraph, members: &mut [MemberState], p: &BondParams, lists: &mut Lists) {
    merge(
        &lists.raw,
        &mut lists.sorted,
        &mut lists.at,
        &mut lists.keyed,
    );
    // Each pair's contacts come together, in pair order: each starts from the bond its
    // previous one left (`pending`, with where `a`'s row has it), and the pair's last sets it,
    // before the next pair is read (`InOrder`: one position a row, walking on).
    let walk = &mut lists.walk;
    walk.start(graph);
    let mut pending: Option<(u32, u32, f64, Option<usize>)> = None;
    for t in &mut lists.sorted {
        let (a, b) = (t.a as usize, t.b as usize);
        if a >= members.len() || b >= members.len() {
            continue;
        }
        let rate = t.contact.rate(p);
        let warm = t.net > 0 && t.contact != Contact::Refusal;
        t.delta = if warm {
            let prejudice = members[a]
                .prejudice_against(&members[b])
                .max(members[b].prejudice_against(&members[a]));
            rate * (1.0 - prejudice)
        } else {
            -rate
        };
        let (before, found) = match pending {
            Some(m) if (m.0, m.1) == (t.a, t.b) => (m.2, m.3),
            _ => {
                if let Some((pa, pb, w, found)) = pending {
                    graph.set_found(pa as usize, pb as usize, found, w, walk);
                }
                graph.find_in_order(a, b, walk)
            }
        };
        // A bond left below the floor is dropped, as decay does.
        let w = before + t.delta;
        let w = if w < p.floor { 0.0 } else { w }.clamp(0.0, MAX);
        let kept = w > 0.0 && a != b && b < graph.len();
        pending = Some((t.a, t.b, if kept { w } else { 0.0 }, found));
        if warm && p.prejudice_erosion > 0.0 {
            erode(members, a, b, p.prejudice_erosion);
            erode(members, b, a, p.prejudice_erosion);
        }
    }
    if let Some((a, b, w, found)) = pending {
        graph.set_found(a as usize, b as usize, found, w, walk);
    }
}

/// Sort contacts by (pair, kind), merge each run into one contact whose net is the sum of
/// the run's, and drop those that cancel out. At 10,000 members a turn records hundreds of
/// thousands of contacts, so the sort is a counting sort by the pair's lower member, then a
/// sort of each member's few contacts by (other member, kind): the order of sorting them all
/// by (pair, kind), in linear time. (Equal keys may come in any order, as they could before:
/// a run's nets are summed whatever their order.) The counting sort moves each contact as
/// its key within the row (other member, kind) and net, 16 bytes, not the whole contact.
/// `at` and `keyed` are scratch.
fn merge(
    touches: &[Touch],
    sorted: &mut Vec<Touch>,
    at: &mut Vec<usize>,
    keyed: &mut Vec<(u64, i32)>,
) {
    sorted.clear();
    let rows = touches.iter().map(|t| t.a as usize + 1).max().unwrap_or(0);
    // `at[a]`: where the contacts whose lower member is `a` start; then, as they are placed,
    // the next free place, so that at the end it is where the row ends.
    at.clear();
    at.resize(rows + 1, 0);
    for t in touches {
        at[t.a as usize + 1] += 1;
    }
    for a in 1..=rows {
        at[a] += at[a - 1];
    }
    keyed.clear();
    keyed.resize(touches.len(), (0, 0));
    for t in touches {
        let next = &mut at[t.a as usize];
        keyed[*next] = ((u64::from(t.b) << 8) | t.contact as u64, t.net);
        *next += 1;
    }
    // Merge each run into one contact, dropping a run whose net is 0.
    let mut start = 0;
    for (a, &end) in at[..rows].iter().enumerate() {
        let row = &mut keyed[start..end];
        start = end;
        sort_row(row);
        let mut i = 0;
        while i < row.len() {
            let (key, mut net) = row[i];
            i += 1;
            while i < row.len() && row[i].0 == key {
                net = net.saturating_add(row[i].1);
                i += 1;
            }
            if net != 0 {
                sorted.push(Touch {
                    a: a as u32,
                    b: (key >> 8) as u32,
                    contact: Contact::ALL[(key & 0xff) as usize],
                    net,
                    delta: 0.0,
                });
            }
        }
    }
}

/// Sort one member's contacts by their key (other member, kind): by insertion when they are
/// a few, as in a village, where `sort_unstable`'s call cost more than the sorting.
fn sort_row(row: &mut [(u64, i32)]) {
    if row.len() > 16 {
        row.sort_unstable_by_key(|e| e.0);
        return;
    }
    for i in 1..row.len() {
        let e = row[i];
        let mut j = i;
        while j > 0 && row[j - 1].0 > e.0 {
            row[j] = row[j - 1];
            j -= 1;
        }
        row[j] = e;
    }
}

/// A warm contact wears down `who`'s prejudices against the marks `other` holds.
fn erode(members: &mut [MemberState], who: usize, other: usize, erosion: f64) {
    let marks = std::mem::take(&mut members[other].marks);
    for pj in &mut members[who].prejudices {
        if marks.get(pj.dimension) == Some(&pj.against) {
            pj.strength *= 1.0 - erosion;
        }
    }
    members[other].marks = marks;
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    use super::*;
    use crate::engine::aid::tests::world;
    use crate::engine::state::State;

    fn pair_world() -> crate::engine::world::World {
        world(
            &[
                ("a", false, 1, 1, 0.0),
                ("b", true, 1, 1, 0.5),
                ("c", false, 1, 1, 0.0),
            ],
            &[("a", "b", 0.5), ("b", "c", 0.8)],
        )
    }

    fn quiet(w: &crate::engine::world::World) -> State {
        let mut s = State::new(w, 3);
        s.params.bonds.encounter = 0.0;
        s
    }

    #[test]
    fn bonds_decay_without_contact() {
        let w = pair_world();
        let mut s = quiet(&w);
        let mut expect = 0.5;
        for turn in 1..=10 {
            let mut ctx = TurnCtx::new(&w, &mut s, turn);
            run(&mut ctx, &mut Lists::default());
            expect *= 0.97;
        }
        assert_eq!(s.bonds.get(0, 1), expect);
        assert!(s.bonds.get(0, 1) < 0.5);
        // A member who has left loses their bonds faster.
        let mut s = quiet(&w);
        s.members[2].present = false;
        let mut ctx = TurnCtx::new(&w, &mut s, 1);
        run(&mut ctx, &mut Lists::default());
        assert_eq!(s.bonds.get(1, 2), 0.8 * 0.97 * 0.8);
    }

    #[test]
    fn each_source_moves_a_pair_once_a_turn() {
        let w = pair_world();
        let mut s = quiet(&w);
        let mut ctx = TurnCtx::new(&w, &mut s, 1);
        for _ in 0..5 {
            ctx.touch(0, 2, Contact::Gift, Tone::Warm);
        }
        ctx.touch(2, 0, Contact::Trade, Tone::Warm);
        // Agreement on one item and conflict on another cancel out.
        ctx.touch(0, 2, Contact::Meeting, Tone::Warm);
        ctx.touch(0, 2, Contact::Meeting, Tone::Cold);
        run(&mut ctx, &mut Lists::default());
        assert_eq!(ctx.report.bonds.len(), 2);
        assert!((s.bonds.get(0, 2) - (0.05 + 0.03)).abs() < 1e-12);
    }

    #[test]
    fn prejudice_slows_bonds_and_contact_may_wear_it_down() {
        let w = pair_world();
        let mut s = quiet(&w);
        s.params.bonds.decay = 1.0;
        let mut ctx = TurnCtx::new(&w, &mut s, 1);
        // Nobody between a and c is prejudiced: the full rate.
        ctx.touch(0, 2, Contact::Gift, Tone::Warm);
        run(&mut ctx, &mut Lists::default());
        assert!((s.bonds.get(0, 2) - 0.05).abs() < 1e-12);
        // Member a is prejudiced against b's (low) mark.
        let w = world(&[("a", false, 1, 1, 0.4), ("b", true, 1, 1, 0.0)], &[]);
        let mut s = quiet(&w);
        s.params.bonds.prejudice_erosion = 0.5;
        let mut ctx = TurnCtx::new(&w, &mut s, 1);
        ctx.touch(0, 1, Contact::Gift, Tone::Warm);
        run(&mut ctx, &mut Lists::default());
        assert!((s.bonds.get(0, 1) - 0.05 * 0.6).abs() < 1e-12);
        assert!((s.members[0].prejudices[0].strength - 0.2).abs() < 1e-12);
    }

    #[test]
    fn contacts_merge_as_sorting_them_all_would() {
        let kinds = Contact::ALL;
        let mut rng = crate::engine::rng::stream(3, "test", 0, 0);
        let mut touches = Vec::new();
        for _ in 0..5_000 {
            let (a, b) = (rng.random_range(0..60), rng.random_range(0..60));
            let tone = if rng.random::<f64>() < 0.7 {
                Tone::Warm
            } else {
                Tone::Cold
            };
            let kind = kinds[rng.random_range(0..kinds.len())];
            crate::engine::bonds::touch(&mut touches, a, b, kind, tone);
        }
        let mut expect = touches.clone();
        expect.sort_by_key(|t| (t.a, t.b, t.contact));
        let mut merged: Vec<Touch> = Vec::new();
        for t in expect {
            match merged.last_mut() {
                Some(m) if (m.a, m.b, m.contact) == (t.a, t.b, t.contact) => m.net += t.net,
                _ => merged.push(t),
            }
        }
        merged.retain(|t| t.net != 0);
        // Into a list that held more: nothing of it is left.
        let mut sorted = touches.repeat(2);
        let (mut at, mut keyed) = (Vec::new(), Vec::new());
        merge(&touches, &mut sorted, &mut at, &mut keyed);
        assert!(merged.len() > 1_000);
        assert_eq!(sorted, merged);
        merge(&[], &mut sorted, &mut at, &mut keyed);
        assert!(sorted.is_empty());
    }

    #[test]
    fn bonds_stay_within_their_bounds() {
        let w = pair_world();
        let mut s = State::new(&w, 9);
        let kinds = [
            Contact::Gift,
            Contact::Trade,
            Contact::Meeting,
            Contact::Venue,
            Contact::Refusal,
        ];
        for turn in 1..=300 {
            let mut rng = crate::engine::rng::stream(9, "test", turn, 0);
            let mut ctx = TurnCtx::new(&w, &mut s, turn);
            for _ in 0..6 {
                let (a, b) = (rng.random_range(0..3), rng.random_range(0..3));
                let kind = kinds[rng.random_range(0..kinds.len())];
                let tone = if rng.random::<bool>() {
                    Tone::Warm
                } else {
                    Tone::Cold
                };
                ctx.touch(a, b, kind, tone);
            }
            run(&mut ctx, &mut Lists::default());
            for (_, _, wt) in s.bonds.edges() {
                assert!(wt >= s.params.bonds.floor && wt <= crate::engine::bonds::MAX);
            }
        }
    }
}
