//! A turn's meetings: who sits in which circle, each circle's room (built once and used for
//! every good's agenda), and what the meetings leave behind — meeting time, standing, bonds
//! and the voice metrics.
//!
//! A community larger than `circle_size` meets in circles (members dealt round-robin by
//! index); each circle decides its own members' items and sends its most powerful member as
//! delegate to a council that merges the circles' approvals. Each member sits through their
//! circle's items only, so a turn's meeting time grows linearly with members.

use crate::engine::bonds::{self, Contact, Tone, Touch};
use crate::engine::meeting::agenda::Item;
use crate::engine::meeting::cause::{Buffers, Terms};
use crate::engine::meeting::room::{Person, Room, argmax};
use crate::engine::meeting::vote::Ballot;
use crate::engine::metrics::{self, GroupVoice, Metrics};
use crate::engine::state::State;
use crate::engine::types::{Mark, MemberId};
use crate::engine::world::World;

/// One circle of a turn's meetings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Circle {
    /// Attendees, by member index.
    pub members: Vec<MemberId>,
    pub room: Room,
    /// The same circle as a room of equals, built for its first item each turn
    /// (`equals_built`).
    pub equals: Room,
    pub equals_built: bool,
    /// Position of the circle's delegate to the council (the highest social power).
    pub delegate: usize,
    /// This turn's contested votes as bits: contested item k is bit k % 64 of word
    /// `votes[(k / 64)·n + i]` for attendee i (set = yes).
    votes: Vec<u64>,
    /// Contested items recorded.
    contested: u32,
}

impl Circle {
    /// Record one contested vote.
    pub fn record_vote(&mut self, ballots: &[Ballot]) {
        let n = self.members.len();
        let (word, bit) = ((self.contested / 64) as usize, self.contested % 64);
        if bit == 0 {
            self.votes.resize((word + 1) * n, 0);
        }
        for (v, b) in self.votes[word * n..].iter_mut().zip(ballots) {
            *v |= u64::from(b.is_yes()) << bit;
        }
        self.contested += 1;
    }

    /// Net agreement of attendees `i` and `j` over the turn's contested items: votes alike
    /// count +1, votes apart −1.
    pub fn agreement(&self, i: usize, j: usize) -> i64 {
        let n = self.members.len();
        let apart: u32 = self
            .votes
            .chunks_exact(n)
            .map(|w| (w[i] ^ w[j]).count_ones())
            .sum();
        self.contested as i64 - 2 * apart as i64
    }

    /// Every pair of attendees once (i < j, by position) with their net [`agreement`](Circle::agreement).
    pub fn each_pair(&self, mut f: impl FnMut(MemberId, MemberId, i64)) {
        let (n, ms) = (self.members.len(), &self.members);
        if self.votes.len() == n {
            // At most 64 contested items: one word per attendee, read along the row.
            let (row, c) = (&self.votes, self.contested as i64);
            for (i, (&a, &va)) in ms.iter().zip(row).enumerate() {
                for (&b, &vb) in ms[i + 1..].iter().zip(&row[i + 1..]) {
                    f(a, b, c - 2 * i64::from((va ^ vb).count_ones()));
                }
            }
            return;
        }
        for i in 0..n {
            for j in i + 1..n {
                f(ms[i], ms[j], self.agreement(i, j));
            }
        }
    }
}

/// The turn's meetings, built when the first `Commons` good is allocated. The game keeps
/// it between turns (`turn::Carry`) only for its lists' allocations: each turn
/// [`renew`](Session::renew)s it and [`ensure`](Session::ensure) rebuilds it whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    built: bool,
    pub circles: Vec<Circle>,
    /// (circle, position) of each member; circle [`ABSENT`] for one absent.
    seat: Vec<(u32, u32)>,
    /// Meeting time of each member this turn, in hundredths of a per-mille of their labour.
    time: Vec<u64>,
    /// Requests each member filed and had approved this turn.
    filed: Vec<u32>,
    approved: Vec<u32>,
    /// Agenda items deliberated this turn.
    pub items: u32,
    pub(super) scratch: Scratch,
}

/// The circle of a member not seated.
const ABSENT: u32 = u32::MAX;

/// Buffers the turn's agendas reuse, so items allocate nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Scratch {
    pub items: Vec<Item>,
    pub x0: Vec<f64>,
    pub x: Vec<f64>,
    pub bond: Vec<f64>,
    pub ballots: Vec<Ballot>,
    /// The item's words drawn: each attendee's noise word, then their ballot draws; kept to
    /// hold it again.
    pub words: Vec<u64>,
    /// Each attendee's prejudice and attitude toward the item.
    pub terms: Terms,
    pub retrial: Buffers,
    /// By member: their own need of the good is unmet.
    pub unmet: Vec<bool>,
    /// Items per circle.
    pub per_circle: Vec<u32>,
}

impl Session {
    /// A new turn's session: nothing seated, deliberated or spent yet (its lists kept).
    pub fn renew(&mut self) {
        self.built = false;
        self.items = 0;
        self.time.clear();
    }

    /// Seat the present members and build each circle's room, once per turn, in last turn's
    /// lists.
    pub fn ensure(&mut self, state: &State) {
        if self.built {
            return;
        }
        self.built = true;
        let p = &state.params.meeting;
        let n_members = state.members.len();
        self.seat.clear();
        self.seat.resize(n_members, (ABSENT, 0));
        self.time.clear();
        self.time.resize(n_members, 0);
        for v in [&mut self.filed, &mut self.approved] {
            v.clear();
            v.resize(n_members, 0);
        }
        // Present members dealt round-robin into k circles of at most `size`: none is empty.
        let present = state.present().count();
        let size = p.circle_size.max(2) as usize;
        let k = present.div_ceil(size);
        self.circles.truncate(k);
        self.circles.resize_with(k, Circle::default);
        for circle in &mut self.circles {
            circle.members.clear();
        }
        for (t, m) in state.present().enumerate() {
            self.circles[t % k].members.push(m);
        }
        let (rule, facilitation) = (state.policy.decision_rule, state.policy.facilitation);
        for (c, circle) in self.circles.iter_mut().enumerate() {
            let members = &circle.members;
            let old = std::mem::take(&mut circle.room);
            circle.room = Room::new_in(old, p, rule, facilitation, members.len(), |i| {
                let m = &state.members[members[i]];
                Person {
                    marks: &m.marks,
                    charisma: m.charisma,
                    dominance: m.dominance,
                    standing: m.standing,
                }
            });
            circle.delegate = argmax(circle.room.power()).unwrap_or(0);
            circle.equals_built = false;
            circle.votes.clear();
            circle.contested = 0;
            for (pos, &m) in circle.members.iter().enumerate() {
                self.seat[m] = (c as u32, pos as u32);
            }
        }
    }

    /// Where member `m` sits.
    pub fn seat(&self, m: MemberId) -> Option<(usize, usize)> {
        match self.seat.get(m) {
            Some(&(c, pos)) if c != ABSENT => Some((c as usize, pos as usize)),
            _ => None,
        }
    }

    /// Each bond of `row` (a member's, as `BondGraph::row` holds them) with someone who
    /// sits in circle `c`, written into `out` at their position.
    pub fn bonds_in(&self, c: usize, row: &[(u32, f64)], out: &mut [f64]) {
        let c = c as u32;
        for &(b, w) in row {
            if let Some(&(cb, pos)) = self.seat.get(b as usize)
                && cb == c
                && let Some(x) = out.get_mut(pos as usize)
            {
                *x = w;
            }
        }
    }

    /// Every seated member in member order, with their (circle, position).
    pub fn seated(&self) -> impl Iterator<Item = (MemberId, usize, usize)> + '_ {
        self.seat
            .iter()
            .enumerate()
            .filter(|(_, s)| s.0 != ABSENT)
            .map(|(m, &(c, pos))| (m, c as usize, pos as usize))
    }

    /// Charge every member of circle `c` for `items` items at `unit` each (hundredths of a
    /// per-mille), and each delegate for one council session when there are several circles.
    pub fn charge(&mut self, items: &[u32], unit: u64) -> u64 {
        let mut total = 0u64;
        let council = self.circles.len() > 1;
        for (circle, &k) in self.circles.iter().zip(items) {
            let cost = unit.saturating_mul(k as u64);
            for &m in &circle.members {
                self.time[m] = self.time[m].saturating_add(cost);
                total = total.saturating_add(cost);
            }
            if council && k > 0 {
                let d = circle.members[circle.delegate];
                self.time[d] = self.time[d].saturating_add(unit);
                total = total.saturating_add(unit);
            }
        }
        total
    }

    /// Count a request by `m` and whether it was approved.
    pub fn count_request(&mut self, m: MemberId, approved: bool) {
        self.filed[m] += 1;
        self.approved[m] += u32::from(approved);
    }

    /// After the turn's meetings: meeting time becomes labour not spent producing next turn,
    /// standing moves toward social power, and agreement and conflict move bonds (each pair
    /// once a turn, by the sign of its net agreement, recorded as contacts in `touches`).
    pub fn close(&mut self, state: &mut State, touches: &mut Vec<Touch>) {
        if self.items == 0 {
            return;
        }
        for (m, &t) in self.time.iter().enumerate() {
            let permille = (t / 100).min(1000) as u32;
            let spent = &mut state.members[m].time_spent_permille;
            *spent = spent.saturating_add(permille).min(1000);
        }
        let rate = state.params.meeting.standing_rate;
        let step = state.params.bonds.meeting;
        if step != 0.0 {
            // At most one contact per pair of a circle that held a contested vote: the list
            // grows once rather than doubling its way there.
            let pairs = self.circles.iter().filter(|c| c.contested > 0);
            touches.reserve(
                pairs
                    .map(|c| c.members.len() * (c.members.len() - 1) / 2)
                    .sum(),
            );
        }
        for circle in &self.circles {
            let n = circle.members.len();
            for (pos, &m) in circle.members.iter().enumerate() {
                let relative = n as f64 * circle.room.power()[pos];
                let target = relative / (1.0 + relative);
                let s = &mut state.members[m].standing;
                *s = ((1.0 - rate) * *s + rate * target).clamp(0.0, 1.0);
            }
            if step == 0.0 || circle.contested == 0 {
                continue;
            }
            circle.each_pair(|a, b, net| {
                if net != 0 {
                    let tone = if net > 0 { Tone::Warm } else { Tone::Cold };
                    bonds::touch(touches, a, b, Contact::Meeting, tone);
                }
            });
        }
    }

    /// Meeting hours this turn, for `working_hours` a member works per turn.
    pub fn hours(&self, working_hours: u32) -> f64 {
        hours(self.time.iter().sum(), working_hours)
    }

    /// Add the turn's voice figures to `m` (DESIGN §8): floor share over member share per
    /// marked group, Gini of floor time, concentration of social power, requests approved.
    pub fn measure(&self, world: &World, state: &State, m: &mut Metrics) {
        m.meeting_hours = self.hours(state.params.meeting.working_hours);
        if self.items == 0 {
            return;
        }
        let total: usize = self.circles.iter().map(|c| c.members.len()).sum();
        let (filed, approved): (u32, u32) = (self.filed.iter().sum(), self.approved.iter().sum());
        m.requests_approved = ratio(approved as f64, filed as f64);
        // One pass over the attendees, circle by circle: community-wide floor and power (each
        // circle weighted by its share of members), and members, floor share and requests per
        // (dimension, mark).
        let dims = world.scenario.meta.dimensions.len();
        let mut acc = vec![(0u32, 0.0f64, 0u32, 0u32); 2 * dims];
        let mut shares = Vec::with_capacity(total);
        // From −0.0, as `Sum` of f64 starts.
        let mut concentration = -0.0;
        for c in &self.circles {
            let w = c.members.len() as f64 / total as f64;
            let each = c.members.iter().zip(&c.room.share).zip(c.room.power());
            for ((&i, &share), &power) in each {
                let floor = share * w;
                let p = power * w;
                shares.push(floor);
                concentration += p * p;
                for (d, &mark) in state.members[i].marks.iter().enumerate().take(dims) {
                    let a = &mut acc[2 * d + usize::from(mark == Mark::Low)];
                    a.0 += 1;
                    a.1 += floor;
                    a.2 += self.filed[i];
                    a.3 += self.approved[i];
                }
            }
        }
        m.floor_gini = metrics::gini_of(&mut shares);
        m.power_concentration = concentration;
        let mut lowest = f64::INFINITY;
        for (k, &(members, share, filed, approved)) in acc.iter().enumerate() {
            if members == 0 || members as usize == total {
                continue;
            }
            let parity = share / (members as f64 / total as f64);
            lowest = lowest.min(parity);
            m.voice.push(GroupVoice {
                dimension: k / 2,
                mark: if k % 2 == 0 { Mark::High } else { Mark::Low },
                members,
                floor_share: share,
                parity,
                requests: filed,
                approved: ratio(approved as f64, filed as f64),
            });
        }
        m.voice_parity_min = if lowest.is_finite() { lowest } else { 1.0 };
    }
}

/// Member-hours from hundredths of a per-mille of labour.
pub fn hours(time: u64, working_hours: u32) -> f64 {
    time as f64 * working_hours as f64 / 100_000.0
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_agreement_counts_votes_alike_minus_votes_apart() {
        let mut c = Circle {
            members: vec![0, 1, 2],
            ..Circle::default()
        };
        let (y, n) = (Ballot::Yes, Ballot::No);
        // 70 items: spans two words of bits.
        for k in 0..70 {
            let third = if k % 7 == 0 { y } else { Ballot::Block };
            c.record_vote(&[y, if k < 50 { y } else { n }, third]);
        }
        assert_eq!(c.contested, 70);
        assert_eq!(c.agreement(0, 1), 50 - 20);
        assert_eq!(c.agreement(0, 2), 10 - 60);
        assert_eq!(c.agreement(1, 2), c.agreement(2, 1));
        let mut pairs = Vec::new();
        c.each_pair(|a, b, net| pairs.push((a, b, net)));
        assert_eq!(pairs, [(0, 1, 30), (0, 2, -50), (1, 2, c.agreement(1, 2))]);
    }

    #[test]
    fn pairs_read_off_one_word_agree_with_the_count() {
        let mut c = Circle {
            members: vec![4, 7, 9, 2],
            ..Circle::default()
        };
        let (y, n) = (Ballot::Yes, Ballot::No);
        for k in 0..20 {
            c.record_vote(&[
                y,
                if k % 3 == 0 { n } else { y },
                if k < 5 { y } else { n },
                n,
            ]);
        }
        let mut pairs = Vec::new();
        c.each_pair(|a, b, net| pairs.push((a, b, net)));
        let want: Vec<_> = (0..4)
            .flat_map(|i| (i + 1..4).map(move |j| (i, j)))
            .map(|(i, j)| (c.members[i], c.members[j], c.agreement(i, j)))
            .collect();
        assert_eq!(pairs, want);
    }
}
