//! The bond graph: weighted, undirected, sparse, and stored in a fixed order.
//!
//! Each member keeps a list of `(other, weight)` sorted by `other`; every bond is stored on
//! both ends. Sparse storage keeps a 10,000-member community linear in its ties, not
//! quadratic in its members.
//!
//! Institutions do not move bonds directly: they record contacts with `TurnCtx::touch`
//! (a gift, a trade, agreement at a meeting, a shared venue, …), and the social update
//! (`social`) applies them once, after neglect has worn every bond down. Each source moves
//! a pair at most once a turn, so a busy market or a long agenda cannot saturate every bond.

use serde::{Deserialize, Serialize};

use crate::engine::params::BondParams;
use crate::engine::types::MemberId;
use crate::engine::world::World;

/// Bond strengths lie in `[0, MAX]`.
pub const MAX: f64 = 1.0;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BondGraph {
    adj: Vec<Vec<(u32, f64)>>,
}

impl BondGraph {
    pub fn new(members: usize) -> BondGraph {
        BondGraph {
            adj: vec![Vec::new(); members],
        }
    }

    pub fn len(&self) -> usize {
        self.adj.len()
    }

    pub fn is_empty(&self) -> bool {
        self.adj.is_empty()
    }

    /// Every bond names a member of the graph and has a strength from 0 to `MAX`, each row
    /// sorted (as `get` expects): what a graph read from outside must be.
    pub fn fits(&self) -> bool {
        let n = self.adj.len();
        self.adj.iter().all(|row| {
            row.windows(2).all(|w| w[0].0 < w[1].0)
                && row
                    .iter()
                    .all(|&(b, w)| (b as usize) < n && (0.0..=MAX).contains(&w))
        })
    }

    /// Bond strength between `a` and `b` (0 when none, or when `a == b`).
    pub fn get(&self, a: MemberId, b: MemberId) -> f64 {
        let Some(row) = self.adj.get(a) else {
            return 0.0;
        };
        match row.binary_search_by_key(&(b as u32), |e| e.0) {
            Ok(i) => row[i].1,
            Err(_) => 0.0,
        }
    }

    /// Set the bond between `a` and `b`, clamped to `[0, MAX]`; a zero removes it.
    pub fn set(&mut self, a: MemberId, b: MemberId, w: f64) {
        if a == b || a >= self.adj.len() || b >= self.adj.len() {
            return;
        }
        let w = w.clamp(0.0, MAX);
        Self::set_half(&mut self.adj[a], b as u32, w);
        Self::set_half(&mut self.adj[b], a as u32, w);
    }

    /// Add `delta` (negative to fray) to the bond between `a` and `b`.
    pub fn add(&mut self, a: MemberId, b: MemberId, delta: f64) {
        let w = self.get(a, b) + delta;
        self.set(a, b, w);
    }

    /// The bond between `a` and `b` (`a < b`) for `InOrder`, and where it is in `a`'s row (read
    /// on from its position) for [`BondGraph::set_found`].
    #[inline(always)]
    pub fn find_in_order(
        &self,
        a: MemberId,
        b: MemberId,
        walk: &mut InOrder,
    ) -> (f64, Option<usize>) {
        let (Some(row), Some(at)) = (self.adj.get(a), walk.at.get_mut(a)) else {
            return (0.0, None);
        };
        let found = seek(row, b as u32, at);
        (found.map_or(0.0, |i| row[i].1), found)
    }

    /// `set` for `InOrder`, of the pair `find_in_order` read last (`found`; nothing set
    /// since): `a`'s row is not sought again, `b`'s is read on from its position, and a bond
    /// joins or leaves where it is found missing or present. Inlined: it is the social
    /// update's loop.
    #[inline(always)]
    pub fn set_found(
        &mut self,
        a: MemberId,
        b: MemberId,
        found: Option<usize>,
        w: f64,
        walk: &mut InOrder,
    ) {
        if a == b || a >= self.adj.len() || b >= self.adj.len() {
            return;
        }
        let w = w.clamp(0.0, MAX);
        Self::set_at(&mut self.adj[a], b as u32, w, walk.at[a], found);
        let (row, at) = (&mut self.adj[b], &mut walk.at[b]);
        let found = seek(row, a as u32, at);
        Self::set_at(row, a as u32, w, *at, found);
    }

    /// Set `other`'s bond in `row`, `found` at `at` or to join there. Inlined for the usual
    /// cases, a bond replaced where it is or none left none.
    #[inline(always)]
    fn set_at(row: &mut Vec<(u32, f64)>, other: u32, w: f64, at: usize, found: Option<usize>) {
        match (found, w > 0.0) {
            (Some(i), true) => row[i].1 = w,
            (None, false) => {}
            (found, _) => Self::join_or_leave(row, other, w, at, found.is_some()),
        }
    }

    /// `set_at`'s other cases: the bond at `at` (`found`) leaves, or one joins there.
    #[inline(never)]
    fn join_or_leave(row: &mut Vec<(u32, f64)>, other: u32, w: f64, at: usize, found: bool) {
        if found {
            row.remove(at);
        } else if w > 0.0 {
            row.insert(at, (other, w));
        }
    }

    fn set_half(row: &mut Vec<(u32, f64)>, other: u32, w: f64) {
        match row.binary_search_by_key(&other, |e| e.0) {
            Ok(i) if w > 0.0 => row[i].1 = w,
            Ok(i) => {
                row.remove(i);
            }
            Err(i) if w > 0.0 => row.insert(i, (other, w)),
            Err(_) => {}
        }
    }

    /// `a`'s bonds, ordered by the other member's index.
    pub fn neighbours(&self, a: MemberId) -> impl Iterator<Item = (MemberId, f64)> + '_ {
        self.row(a).iter().map(|&(b, w)| (b as usize, w))
    }

    /// `a`'s bonds as stored: `(other, weight)` ordered by the other member (none for a
    /// member outside the graph).
    pub fn row(&self, a: MemberId) -> &[(u32, f64)] {
        self.adj.get(a).map_or(&[], Vec::as_slice)
    }

    pub fn degree(&self, a: MemberId) -> usize {
        self.adj.get(a).map_or(0, Vec::len)
    }

    /// Every bond once, as `(a, b, w)` with `a < b`, in order.
    pub fn edges(&self) -> impl Iterator<Item = (MemberId, MemberId, f64)> + '_ {
        self.adj.iter().enumerate().flat_map(|(a, row)| {
            row.iter()
                .filter(move |&&(b, _)| (b as usize) > a)
                .map(move |&(b, w)| (a, b as usize, w))
        })
    }

    /// Multiply every bond of `a` by `factor` (both ends) and drop those below `floor`.
    pub fn fray_member(&mut self, a: MemberId, factor: f64, floor: f64) {
        let Some(row) = self.adj.get(a) else {
            return;
        };
        let others: Vec<(u32, f64)> = row.clone();
        for (b, w) in others {
            let w = w * factor;
            self.set(a, b as usize, if w < floor { 0.0 } else { w });
        }
    }

    /// Multiply every bond by `factor` and drop those that fall below `floor`.
    pub fn decay(&mut self, factor: f64, floor: f64) {
        // A row is searched for bonds to drop only when one fell below the floor.
        let kept = |w: f64| w >= floor;
        for row in &mut self.adj {
            let mut all_kept = true;
            for e in row.iter_mut() {
                e.1 *= factor;
                all_kept &= kept(e.1);
            }
            if !all_kept {
                row.retain(|e| kept(e.1));
            }
        }
    }
}

/// Reading and setting pairs `(a, b)`, `a < b`, each once and in `(a, b)` order (the social
/// update's): each row is then asked about in increasing order of the other member (its lower
/// members, from pairs `(other, row)`, before its higher ones), so one position a row, only
/// moving on, finds every bond. A turn's pairs cost a walk along the rows they touch, not a
/// search a pair and end, nor regrouping them by row. Kept between calls for its list.
#[derive(Debug, Default)]
pub struct InOrder {
    /// Each row's position: every entry before it is to a lower member than any still asked.
    at: Vec<usize>,
}

impl InOrder {
    /// Start a pass over `graph`'s pairs, every row from its start.
    pub fn start(&mut self, graph: &BondGraph) {
        self.at.clear();
        self.at.resize(graph.len(), 0);
    }
}

/// Move `*at` on to where `other` is or would be in `row` (sorted); its index when there.
fn seek(row: &[(u32, f64)], other: u32, at: &mut usize) -> Option<usize> {
    // Walked in a local: through `at` each step was a load and a store.
    let mut i = *at;
    while i < row.len() && row[i].0 < other {
        i += 1;
    }
    *at = i;
    (i < row.len() && row[i].0 == other).then_some(i)
}

/// What brought two members into contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Contact {
    /// One gave to the other (mutual aid): a strong tie.
    Gift,
    /// They traded: a weak tie.
    Trade,
    /// They agreed (warm) or clashed (cold) at a meeting.
    Meeting,
    /// They were patrons of the same venue.
    Venue,
    /// They ran into each other.
    Encounter,
    /// One refused the other's request they could have met (always cold).
    Refusal,
}

impl Contact {
    /// Every kind, in order: `ALL[c as usize] == c`.
    pub const ALL: [Contact; 6] = [
        Contact::Gift,
        Contact::Trade,
        Contact::Meeting,
        Contact::Venue,
        Contact::Encounter,
        Contact::Refusal,
    ];

    /// How far one contact of this kind moves a bond.
    pub fn rate(self, p: &BondParams) -> f64 {
        match self {
            Contact::Gift => p.gift,
            Contact::Trade => p.trade,
            Contact::Meeting => p.meeting,
            Contact::Venue => p.venue,
            Contact::Encounter => p.encounter,
            Contact::Refusal => p.refusal,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Contact::Gift => "a gift",
            Contact::Trade => "trade",
            Contact::Meeting => "a meeting",
            Contact::Venue => "a shared venue",
            Contact::Encounter => "a chance encounter",
            Contact::Refusal => "a refusal",
        }
    }
}

/// Whether a contact draws a pair closer or pushes them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tone {
    Warm,
    Cold,
}

/// One pair's contacts of one kind in a turn. `net` counts warm minus cold contacts; the
/// pair moves by the kind's rate in the direction of the net, once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Touch {
    /// The lower member index of the pair.
    pub a: u32,
    pub b: u32,
    pub contact: Contact,
    pub net: i32,
    /// How far the bond moved (after prejudice), once applied.
    pub delta: f64,
}

impl Touch {
    /// "Ava and Lou grew closer through trade (+0.030)".
    pub fn describe(&self, world: &World) -> String {
        let (a, b) = (
            world.member_name(self.a as usize),
            world.member_name(self.b as usize),
        );
        let how = if self.delta >= 0.0 {
            "grew closer through"
        } else {
            "drew apart after"
        };
        format!(
            "{a} and {b} {how} {} ({:+.3})",
            self.contact.name(),
            self.delta
        )
    }
}

/// Record a contact in a turn's list (for code that holds the report's list while it also
/// borrows the state); see `TurnCtx::touch`.
pub fn touch(list: &mut Vec<Touch>, a: MemberId, b: MemberId, contact: Contact, tone: Tone) {
    if a == b {
        return;
    }
    let net = match tone {
        Tone::Warm => 1,
        Tone::Cold => -1,
    };
    list.push(Touch {
        a: a.min(b) as u32,
        b: a.max(b) as u32,
        contact,
        net,
        delta: 0.0,
    });
}

#[cfg(test)]
mod tests {
    use rand::RngExt;

    use super::*;

    #[test]
    fn bonds_are_symmetric_and_clamped() {
        let mut g = BondGraph::new(3);
        g.add(0, 2, 0.4);
        g.add(2, 0, 0.9);
        assert_eq!(g.get(0, 2), MAX);
        assert_eq!(g.get(2, 0), MAX);
        g.add(0, 2, -5.0);
        assert_eq!(g.get(0, 2), 0.0);
        assert_eq!(g.degree(0), 0);
        g.set(1, 1, 0.5);
        assert_eq!(g.get(1, 1), 0.0);
    }

    #[test]
    fn setting_in_order_is_setting_each_in_turn() {
        let mut rng = crate::engine::rng::stream(5, "test", 0, 0);
        let (mut g, mut h) = (BondGraph::new(30), BondGraph::new(30));
        let mut walk = InOrder::default();
        for _ in 0..20 {
            walk.start(&h);
            for a in 0..30 {
                for b in a + 1..31 {
                    if rng.random::<f64>() < 0.2 {
                        // Zero removes, above MAX clamps, 30 is outside the graph.
                        let w = [0.0, 0.3, 0.7, 1.4][rng.random_range(0..4)];
                        let (before, found) = h.find_in_order(a, b, &mut walk);
                        assert_eq!(before, g.get(a, b));
                        g.set(a, b, w);
                        h.set_found(a, b, found, w, &mut walk);
                    }
                }
            }
            assert_eq!(g, h);
            assert!(h.fits());
        }
        assert!(h.edges().count() > 50);
    }

    #[test]
    fn every_kind_is_at_its_index() {
        for (i, c) in Contact::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i);
        }
    }

    #[test]
    fn decay_drops_weak_bonds() {
        let mut g = BondGraph::new(3);
        g.set(0, 1, 0.5);
        g.set(1, 2, 0.01);
        g.decay(0.5, 0.01);
        assert_eq!(g.get(0, 1), 0.25);
        assert_eq!(g.get(1, 2), 0.0);
        assert_eq!(g.edges().count(), 1);
    }
}
