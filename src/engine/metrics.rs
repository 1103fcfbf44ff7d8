//! What is measured every turn (DESIGN §8): the figures (needs, poverty, inequality,
//! cohesion, and each institution's own), and the measures of inequality and of the tie
//! graph they are computed with. The state keeps last turn's figures for storylet
//! conditions, so they sit below it; `measure` computes the community's.

use serde::{Deserialize, Serialize};

use crate::engine::bonds::BondGraph;
use crate::engine::types::{Mark, MemberId};

/// A bond at least this strong counts as a tie for density, clustering and isolation.
pub const TIE: f64 = 0.1;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Members present.
    pub present: u32,
    /// Mean over members of the weighted share of needs met (0–1).
    pub needs_met: f64,
    /// Share of all survival need units met.
    pub survival_met: f64,
    /// Alkire–Foster adjusted headcount ratio M0 = H × A.
    pub m0: f64,
    /// Share of members who are poor (H).
    pub poverty_headcount: f64,
    /// The member with the lowest wellbeing (the Rawlsian floor).
    pub worst_off: Option<MemberId>,
    pub worst_wellbeing: f64,
    pub mean_wellbeing: f64,
    /// Gini of holdings (valued at last price, else base cost) plus scrip.
    pub gini_wealth: f64,
    pub gini_wellbeing: f64,
    /// Share of possible pairs tied by a bond of at least `TIE`.
    pub bond_density: f64,
    /// Mean local clustering coefficient of the tie graph.
    pub clustering: f64,
    /// Members with no tie.
    pub isolated: u32,
    /// Krackhardt–Stern E-I index of ties across marked groups, averaged over the dimensions
    /// that divide the community: −1 all ties within groups, 1 all ties bridge them.
    pub ei_index: f64,
    /// The E-I index on each dimension that divides the community and has ties.
    pub bridging: Vec<Bridging>,
    /// Units of need that reached mutual aid this turn.
    pub aid_short: u64,
    /// Share of that shortfall covered by gifts and the community store (1 when none).
    pub aid_coverage: f64,
    /// What aid handed over was worth at the last market price (else base cost).
    pub aid_value: u64,
    /// Scrip in circulation.
    pub money_supply: u64,
    /// Needs met by each marked group.
    pub groups: Vec<GroupMet>,
    /// Markets: realised over maximum surplus, summed over this turn's markets (1 with no gains to trade).
    pub market_efficiency: f64,
    /// Units traded at market this turn.
    pub trades: u64,
    /// Scrip that changed hands at market this turn (every trade's price).
    pub trade_value: u64,
    /// Money velocity: this turn's trade value and wages per unit of scrip in circulation (0
    /// with none).
    pub velocity: f64,
    /// Scrip paid in wages for days of work this turn.
    #[serde(default)]
    pub wages: u64,
    /// Days of work sold this turn.
    #[serde(default)]
    pub days_worked: u64,
    /// Mean price of this turn's trades, in scrip.
    pub mean_price: f64,
    /// Standard deviation of log price within each good, pooled over goods.
    pub price_dispersion: f64,
    /// Units buyers sought at market but did not get (needs, wants and interests).
    pub unfilled_demand: u64,
    /// Gini of members' scrip.
    pub gini_scrip: f64,
    /// Scrip held by the community (demurrage not yet paid out).
    pub treasury: u64,
    /// Scrip created since the game began: contribution credits the treasury could not pay.
    /// Members' balances plus the treasury equal the starting endowments plus this.
    pub scrip_issued: u64,
    /// Contribution credits paid this turn, from the treasury or newly issued.
    pub credits_paid: u64,
    /// Voice at this turn's meetings, by marked group (empty when none was held).
    pub voice: Vec<GroupVoice>,
    /// The lowest voice parity of any marked group (0 when no meeting was held).
    pub voice_parity_min: f64,
    /// Gini of floor time at this turn's meetings.
    pub floor_gini: f64,
    /// Herfindahl index of social power π (1/N when equal, 1 when one member decides).
    pub power_concentration: f64,
    /// Share of requests the meetings approved.
    pub requests_approved: f64,
    /// Member-hours spent in meetings.
    pub meeting_hours: f64,
}

/// Every field but the lists is copied as it is; `clone_from` keeps the lists' buffers (the
/// state's copy of last turn's figures is written over every turn).
impl Clone for Metrics {
    fn clone(&self) -> Self {
        Metrics {
            bridging: self.bridging.clone(),
            groups: self.groups.clone(),
            voice: self.voice.clone(),
            ..*self
        }
    }

    fn clone_from(&mut self, source: &Self) {
        let mut bridging = std::mem::take(&mut self.bridging);
        let mut groups = std::mem::take(&mut self.groups);
        let mut voice = std::mem::take(&mut self.voice);
        bridging.clone_from(&source.bridging);
        groups.clone_from(&source.groups);
        voice.clone_from(&source.voice);
        *self = Metrics {
            bridging,
            groups,
            voice,
            ..*source
        };
    }
}

/// Voice at meetings of the members holding one state of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupVoice {
    pub dimension: usize,
    pub mark: Mark,
    pub members: u32,
    /// The group's share of the floor.
    pub floor_share: f64,
    /// Floor share over member share (1 = parity).
    pub parity: f64,
    /// Requests the group's members filed.
    pub requests: u32,
    /// Share of them approved.
    pub approved: f64,
}

/// Ties across one dimension's two groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bridging {
    pub dimension: usize,
    /// Ties between members of different marks.
    pub external: u32,
    /// Ties between members of the same mark.
    pub internal: u32,
    /// (external − internal) / (external + internal).
    pub ei: f64,
}

/// Needs met by the members holding one state of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMet {
    pub dimension: usize,
    pub mark: Mark,
    pub members: u32,
    pub needs_met: f64,
}

impl Metrics {
    /// The scalar metrics by name, for tables, CSV and conditions.
    pub fn fields(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("present", self.present as f64),
            ("needs_met", self.needs_met),
            ("survival_met", self.survival_met),
            ("m0", self.m0),
            ("poverty_headcount", self.poverty_headcount),
            ("worst_wellbeing", self.worst_wellbeing),
            ("mean_wellbeing", self.mean_wellbeing),
            ("gini_wealth", self.gini_wealth),
            ("gini_wellbeing", self.gini_wellbeing),
            ("bond_density", self.bond_density),
            ("clustering", self.clustering),
            ("isolated", self.isolated as f64),
            ("ei_index", self.ei_index),
            ("aid_short", self.aid_short as f64),
            ("aid_coverage", self.aid_coverage),
            ("aid_value", self.aid_value as f64),
            ("money_supply", self.money_supply as f64),
            ("voice_parity_min", self.voice_parity_min),
            ("floor_gini", self.floor_gini),
            ("power_concentration", self.power_concentration),
            ("requests_approved", self.requests_approved),
            ("meeting_hours", self.meeting_hours),
            ("market_efficiency", self.market_efficiency),
            ("trades", self.trades as f64),
            ("trade_value", self.trade_value as f64),
            ("velocity", self.velocity),
            ("wages", self.wages as f64),
            ("days_worked", self.days_worked as f64),
            ("mean_price", self.mean_price),
            ("price_dispersion", self.price_dispersion),
            ("unfilled_demand", self.unfilled_demand as f64),
            ("gini_scrip", self.gini_scrip),
            ("treasury", self.treasury as f64),
            ("scrip_issued", self.scrip_issued as f64),
            ("credits_paid", self.credits_paid as f64),
        ]
    }

    /// One scalar metric by name.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.fields()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

/// Gini coefficient of non-negative values (0 for an empty or all-zero list).
pub fn gini(xs: &[f64]) -> f64 {
    gini_of(&mut xs.to_vec())
}

/// `gini` of values a caller no longer needs, in place (they are left clamped and sorted).
pub fn gini_of(v: &mut [f64]) -> f64 {
    let n = v.len();
    for x in v.iter_mut() {
        *x = x.max(0.0);
    }
    v.sort_by(f64::total_cmp);
    let total: f64 = v.iter().sum();
    if n == 0 || total <= 0.0 {
        return 0.0;
    }
    let mut acc = 0.0;
    for (i, x) in v.iter().enumerate() {
        acc += (2.0 * (i as f64 + 1.0) - n as f64 - 1.0) * x;
    }
    acc / (n as f64 * total)
}

/// The set bits of `x`, by a table for a village's rows (at most 16 members): the build
/// targets baseline x86-64, where `count_ones` is a dozen instructions.
fn ones(x: u64) -> u32 {
    const BYTE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = (i as u8).count_ones() as u8;
            i += 1;
        }
        t
    };
    if x >> 16 == 0 {
        u32::from(BYTE[(x & 0xff) as usize] + BYTE[((x >> 8) & 0xff) as usize])
    } else {
        x.count_ones()
    }
}

/// Cohesion of the tie graph among `members`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cohesion {
    pub density: f64,
    pub clustering: f64,
    pub isolated: u32,
}

/// Density, mean local clustering (members with fewer than two ties count 0) and isolated
/// members of the graph of ties (bonds ≥ `TIE`) among `members` (sorted indices).
pub fn cohesion(bonds: &BondGraph, members: &[MemberId]) -> Cohesion {
    if members.len() <= 64 {
        cohesion_word(bonds, members)
    } else {
        cohesion_rows(bonds, members)
    }
}

/// `cohesion` of at most 64 members (a village): each member's ties are one word of bits
/// (bit u for the u-th member), so nothing is allocated. The same sums in the same order as
/// `cohesion_rows`, so the same figures to the bit.
fn cohesion_word(bonds: &BondGraph, members: &[MemberId]) -> Cohesion {
    cohesion_of_words(&Words::of(bonds, members).rows[..members.len()])
}

/// The ties among at most 64 members (sorted), a word of bits a member.
struct Words {
    /// Bit j of row i: a tie between the i-th and the j-th member, from the i-th's bonds.
    rows: [u64; 64],
}

impl Words {
    fn of(bonds: &BondGraph, members: &[MemberId]) -> Words {
        let n = members.len();
        let mut w = Words { rows: [0; 64] };
        // Members sorted and distinct, the last member n − 1: the j-th member is member j.
        let everyone = members.last().is_some_and(|&last| last + 1 == n);
        for (i, &a) in members.iter().enumerate() {
            let row = &mut w.rows[i];
            if everyone {
                for &(b, wt) in bonds.row(a) {
                    if (b as usize) < n && wt >= TIE {
                        *row |= 1 << b;
                    }
                }
            } else {
                // Both lists are sorted: walk them together.
                let mut j = 0;
                for (b, wt) in bonds.neighbours(a) {
                    while j < n && members[j] < b {
                        j += 1;
                    }
                    if j < n && members[j] == b && wt >= TIE {
                        *row |= 1 << j;
                    }
                }
            }
        }
        w
    }

    /// Row `i`'s ties to later members (j > i): each tie once, as `bridging` counts them.
    fn later(&self, i: usize) -> u64 {
        self.rows[i] & u64::MAX.checked_shl(i as u32 + 1).unwrap_or(0)
    }
}

/// `cohesion` from each member's ties as a word of bits.
fn cohesion_of_words(rows: &[u64]) -> Cohesion {
    cohesion_summed(rows, |_, r| {
        let (mut bits, mut shared) = (r, 0u32);
        while bits != 0 {
            let u = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            shared += ones(r & rows[u]);
        }
        shared
    })
}

/// `cohesion` from each member's ties as a word of bits, given `shared`: for the `v`-th
/// member and their row, Σ over their ties `u` of the ties `u` and `v` share (twice the ties
/// among `v`'s).
fn cohesion_summed(rows: &[u64], shared: impl Fn(usize, u64) -> u32) -> Cohesion {
    let n = rows.len();
    let pairs = n * n.saturating_sub(1) / 2;
    let (mut clustering, mut ends) = (0.0, 0);
    for (v, &r) in rows.iter().enumerate() {
        let k = ones(r) as usize;
        ends += k;
        if k >= 2 {
            clustering += (shared(v, r) as usize / 2) as f64 / (k * (k - 1) / 2) as f64;
        }
    }
    Cohesion {
        density: if pairs == 0 {
            0.0
        } else {
            (ends / 2) as f64 / pairs as f64
        },
        clustering: if n == 0 { 0.0 } else { clustering / n as f64 },
        isolated: rows.iter().filter(|&&r| r == 0).count() as u32,
    }
}

/// `cohesion` and `bridging` of the same members, the ties of a village (at most 64
/// members, at most 64 dimensions) read from the bonds once, as words of bits.
pub fn cohesion_and_bridging(
    bonds: &BondGraph,
    members: &[MemberId],
    mark: impl Fn(MemberId, usize) -> Mark,
    dimensions: usize,
) -> (Cohesion, Vec<Bridging>) {
    let n = members.len();
    if n > 64 || dimensions > 64 {
        return (
            cohesion(bonds, members),
            bridging(bonds, members, mark, dimensions),
        );
    }
    let w = Words::of(bonds, members);
    let (mut lows_of, mut lows) = ([0u64; 64], [0usize; 64]);
    for (l, &a) in lows_of.iter_mut().zip(members) {
        for (d, count) in lows[..dimensions].iter_mut().enumerate() {
            let low = mark(a, d) == Mark::Low;
            *count += low as usize;
            *l |= (low as u64) << d;
        }
    }
    // Each tie once (i < j): its marks for bridging, and the ties its ends share for
    // clustering, counted for both ends (`shared`). That is `cohesion_of_words`'s count,
    // which reads each tie from both ends, when the ties are symmetric and no member is tied
    // to themselves (each row is its ties to later members and, `earlier`, those earlier
    // members' ties to it), as the bond graph keeps them; else the rows are counted as read.
    let (mut external, mut ties) = ([0u32; 64], 0u32);
    let (mut shared, mut earlier) = ([0u32; 64], [0u64; 64]);
    for i in 0..n {
        let mut bits = w.later(i);
        while bits != 0 {
            let j = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            ties += 1;
            let both = ones(w.rows[i] & w.rows[j]);
            shared[i] += both;
            shared[j] += both;
            earlier[j] |= 1 << i;
            let mut differ = lows_of[i] ^ lows_of[j];
            while differ != 0 {
                external[differ.trailing_zeros() as usize] += 1;
                differ &= differ - 1;
            }
        }
    }
    let rows = &w.rows[..n];
    let symmetric = (0..n).all(|i| rows[i] == w.later(i) | earlier[i]);
    let c = if symmetric {
        cohesion_summed(rows, |v, _| shared[v])
    } else {
        cohesion_of_words(rows)
    };
    (
        c,
        bridged(n, &lows[..dimensions], &external[..dimensions], ties),
    )
}

/// `cohesion` of any number of members, from each member's list of ties.
fn cohesion_rows(bonds: &BondGraph, members: &[MemberId]) -> Cohesion {
    let n = members.len();
    // Positions of the members among `members`, for compact adjacency.
    let mut pos = vec![u32::MAX; bonds.len()];
    for (i, &m) in members.iter().enumerate() {
        if let Some(p) = pos.get_mut(m) {
            *p = i as u32;
        }
    }
    // Each member's ties (positions), flattened: member i's are `flat[at[i]..at[i + 1]]`.
    let mut flat: Vec<u32> = Vec::new();
    let mut at: Vec<usize> = Vec::with_capacity(n + 1);
    at.push(0);
    for &a in members {
        flat.extend(
            bonds
                .neighbours(a)
                .filter(|&(_, w)| w >= TIE)
                .filter_map(|(b, _)| pos.get(b).copied().filter(|&p| p != u32::MAX)),
        );
        at.push(flat.len());
    }
    let tie = |v: usize| &flat[at[v]..at[v + 1]];
    let ties = (0..n).map(tie);
    let tie_count: usize = flat.len() / 2;
    let pairs = n * n.saturating_sub(1) / 2;
    // Closed pairs at v = ½ Σ_{u ∈ N(v)} |N(u) ∩ N(v)|: bitsets for small communities,
    // merging sorted lists for large ones (linear in the ties either way).
    let closed: Vec<usize> = if n <= 1024 {
        let words = n.div_ceil(64);
        let mut bits = vec![0u64; n * words];
        for (v, t) in ties.clone().enumerate() {
            for &u in t {
                bits[v * words + u as usize / 64] |= 1 << (u % 64);
            }
        }
        let row = |v: usize| &bits[v * words..(v + 1) * words];
        ties.clone()
            .enumerate()
            .map(|(v, t)| {
                let shared: u32 = t
                    .iter()
                    .map(|&u| {
                        row(v)
                            .iter()
                            .zip(row(u as usize))
                            .map(|(a, b)| (a & b).count_ones())
                            .sum::<u32>()
                    })
                    .sum();
                shared as usize / 2
            })
            .collect()
    } else {
        ties.clone()
            .map(|t| {
                t.iter()
                    .map(|&u| sorted_overlap(t, tie(u as usize)))
                    .sum::<usize>()
                    / 2
            })
            .collect()
    };
    let mut clustering = 0.0;
    for (t, &c) in ties.clone().zip(&closed) {
        let k = t.len();
        if k >= 2 {
            clustering += c as f64 / (k * (k - 1) / 2) as f64;
        }
    }
    Cohesion {
        density: if pairs == 0 {
            0.0
        } else {
            tie_count as f64 / pairs as f64
        },
        clustering: if n == 0 { 0.0 } else { clustering / n as f64 },
        isolated: ties.filter(|t| t.is_empty()).count() as u32,
    }
}

/// Number of values two sorted lists share.
fn sorted_overlap(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// E-I index per dimension over the ties (bonds ≥ `TIE`) among `members` (sorted), counting
/// only dimensions where both marks are present and some tie exists.
pub fn bridging(
    bonds: &BondGraph,
    members: &[MemberId],
    mark: impl Fn(MemberId, usize) -> Mark,
    dimensions: usize,
) -> Vec<Bridging> {
    // Each member's low marks as bits (dimensions are at most `MAX_DIMENSIONS`, 16): a tie
    // is external in the dimensions where the two differ, internal in the others.
    let low = |a: MemberId| -> u64 {
        (0..dimensions.min(64))
            .filter(|&d| mark(a, d) == Mark::Low)
            .fold(0, |x, d| x | 1 << d)
    };
    let lows_of: Vec<u64> = members.iter().map(|&a| low(a)).collect();
    let mut lows = vec![0usize; dimensions];
    let mut external = vec![0u32; dimensions];
    let mut ties = 0u32;
    for (i, &a) in members.iter().enumerate() {
        for (d, l) in lows.iter_mut().enumerate() {
            *l += (mark(a, d) == Mark::Low) as usize;
        }
        // Both lists are sorted: each neighbour is sought by bisection from the last one
        // found, so a member with far-apart neighbours costs their number, not the distance
        // (a walk over the members between them was quadratic at 100,000 members).
        let mut j = i;
        for (b, w) in bonds.neighbours(a) {
            if b <= a || w < TIE {
                continue;
            }
            j += members[j..].partition_point(|&m| m < b);
            if j < members.len() && members[j] == b {
                ties += 1;
                let mut differ = lows_of[i] ^ lows_of[j];
                while differ != 0 {
                    external[differ.trailing_zeros() as usize] += 1;
                    differ &= differ - 1;
                }
            }
        }
    }
    bridged(members.len(), &lows, &external, ties)
}

/// `bridging`'s figures from the members' count, how many hold the low mark of each
/// dimension, each dimension's external ties and all the ties.
fn bridged(members: usize, lows: &[usize], external: &[u32], ties: u32) -> Vec<Bridging> {
    (0..lows.len())
        .filter(|&d| lows[d] != 0 && lows[d] != members)
        .filter_map(|d| {
            let (external, internal) = (external[d], ties - external[d]);
            let ties = external + internal;
            (ties > 0).then(|| Bridging {
                dimension: d,
                external,
                internal,
                ei: (external as f64 - internal as f64) / ties as f64,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_known_distributions() {
        assert_eq!(gini(&[1.0, 1.0, 1.0, 1.0]), 0.0);
        assert!((gini(&[0.0, 0.0, 0.0, 1.0]) - 0.75).abs() < 1e-12);
        assert!((gini(&[1.0, 2.0, 3.0, 4.0]) - 0.25).abs() < 1e-12);
        assert_eq!(gini(&[]), 0.0);
    }

    fn graph(n: usize, edges: &[(usize, usize)]) -> BondGraph {
        let mut g = BondGraph::new(n);
        for &(a, b) in edges {
            g.set(a, b, 0.5);
        }
        g
    }

    #[test]
    fn small_and_large_cohesion_paths_agree() {
        // A ring with chords, measured as is (bitsets) and inside a larger graph whose
        // extra members are absent (the list-merging path for > 1024 members).
        let n = 40;
        let mut edges = Vec::new();
        for i in 0..n {
            edges.push((i, (i + 1) % n));
            edges.push((i, (i + 7) % n));
            if i % 3 == 0 {
                edges.push((i, (i + 2) % n));
            }
        }
        let members: Vec<usize> = (0..n).collect();
        let small = cohesion(&graph(n, &edges), &members);
        let big_members: Vec<usize> = (0..1100).collect();
        let mut big_edges = edges.clone();
        for i in n..1100 {
            big_edges.push((i, if i + 1 < 1100 { i + 1 } else { n }));
        }
        let big = cohesion(&graph(1100, &big_edges), &big_members);
        let restricted = cohesion(&graph(1100, &big_edges), &members);
        assert_eq!(small, restricted);
        // A village's one word of bits a member agrees with the lists, to the bit.
        assert_eq!(small, cohesion_rows(&graph(n, &edges), &members));
        let some: Vec<usize> = (0..n).filter(|i| i % 4 != 1).collect();
        let g = graph(1100, &big_edges);
        assert_eq!(cohesion(&g, &some), cohesion_rows(&g, &some));
        assert!(small.clustering > 0.0 && big.clustering > 0.0);
        // The ring's own triangles are counted alike on both paths.
        let ring_only: f64 = small.clustering * n as f64;
        assert!((big.clustering * 1100.0 - ring_only).abs() < 1e-9);
    }

    #[test]
    fn cohesion_of_a_triangle_a_star_and_a_bridge() {
        let tri = cohesion(&graph(3, &[(0, 1), (1, 2), (0, 2)]), &[0, 1, 2]);
        assert_eq!(
            tri,
            Cohesion {
                density: 1.0,
                clustering: 1.0,
                isolated: 0
            }
        );
        let star = cohesion(&graph(5, &[(0, 1), (0, 2), (0, 3)]), &[0, 1, 2, 3, 4]);
        assert_eq!(star.clustering, 0.0);
        assert_eq!(star.isolated, 1);
        assert!((star.density - 0.3).abs() < 1e-12);
        // Two triangles joined by the bridge 2–3: nodes 2 and 3 have 3 ties and 1 closed pair.
        let two = cohesion(
            &graph(6, &[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]),
            &[0, 1, 2, 3, 4, 5],
        );
        assert!((two.clustering - (4.0 + 2.0 / 3.0) / 6.0).abs() < 1e-12);
        assert!((two.density - 7.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn ei_index_of_two_cliques_and_a_bridge() {
        // Members 0–2 hold the high mark, 3–5 the low; six ties inside, one bridge: E-I = −5/7.
        let g = graph(6, &[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]);
        let mark = |a: MemberId, _d: usize| if a < 3 { Mark::High } else { Mark::Low };
        let b = bridging(&g, &[0, 1, 2, 3, 4, 5], mark, 1);
        assert_eq!((b[0].external, b[0].internal), (1, 6));
        assert!((b[0].ei + 5.0 / 7.0).abs() < 1e-12);
        // A star from a high centre to three low leaves: every tie bridges.
        let star = graph(4, &[(0, 1), (0, 2), (0, 3)]);
        let mark = |a: MemberId, _d: usize| if a == 0 { Mark::High } else { Mark::Low };
        assert_eq!(bridging(&star, &[0, 1, 2, 3], mark, 1)[0].ei, 1.0);
        // A dimension that does not divide the community is not counted.
        assert!(bridging(&star, &[1, 2, 3], mark, 1).is_empty());
    }

    #[test]
    fn a_village_reads_cohesion_and_bridging_as_each_alone() {
        // A ring with chords and a self-tie on 12 members, some absent, three dimensions.
        let n = 12;
        let mut g = graph(n, &[(0, 0)]);
        for i in 0..n {
            g.set(i, (i + 1) % n, 0.5);
            g.set(i, (i + 5) % n, if i % 3 == 0 { 0.05 } else { 0.3 });
        }
        let mark = |a: MemberId, d: usize| {
            if (a >> d) & 1 == 1 {
                Mark::Low
            } else {
                Mark::High
            }
        };
        for members in [
            (0..n).collect::<Vec<_>>(),
            (0..n).filter(|&i| i != 5 && i != 9).collect(),
            vec![3],
            vec![],
        ] {
            let both = cohesion_and_bridging(&g, &members, mark, 3);
            assert_eq!(both.0, cohesion(&g, &members));
            assert_eq!(both.1, bridging(&g, &members, mark, 3));
        }
    }

    #[test]
    fn bridging_counts_every_dimension_as_pairs_do() {
        // 12 members, three dimensions with marks varied, a ring with chords; members 5
        // and 9 absent. Counted pair by pair against `bridging`'s bit sets.
        let n = 12;
        let mut edges = Vec::new();
        for i in 0..n {
            edges.push((i, (i + 1) % n));
            edges.push((i, (i + 5) % n));
        }
        let g = graph(n, &edges);
        let mark = |a: MemberId, d: usize| {
            if (a >> d) & 1 == 1 {
                Mark::Low
            } else {
                Mark::High
            }
        };
        let members: Vec<usize> = (0..n).filter(|&i| i != 5 && i != 9).collect();
        let b = bridging(&g, &members, mark, 3);
        assert_eq!(b.len(), 3);
        for x in &b {
            let (mut e, mut i) = (0, 0);
            for (a, c, _) in g.edges() {
                if members.contains(&a) && members.contains(&c) {
                    if mark(a, x.dimension) == mark(c, x.dimension) {
                        i += 1;
                    } else {
                        e += 1;
                    }
                }
            }
            assert_eq!(
                (x.external, x.internal),
                (e, i),
                "dimension {}",
                x.dimension
            );
        }
    }
}
