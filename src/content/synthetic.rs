//! Synthetic communities for scaling runs (`--synthetic N`): a scenario grown to N members
//! drawn from its own members, deterministically from the seed.
//!
//! The scenario's members stay as they are (storylets, venues and objectives name them), and
//! N − k newcomers are added, each a perturbed copy of a member picked at random: the same
//! needs, wants, interests, prejudices and values; skills, holdings and scrip scaled by a
//! random factor; charisma, dominance, standing and enterprise nudged; each status mark, now
//! and then, redrawn from another member (so the marks' shares stay the scenario's). A copy
//! inherits its model's bonds (each reached out from one side or the other) to a random member
//! copied from the same partner, so the ties per member stay the scenario's too. Copies are present from the start. Pools
//! scale with N so common stocks are not spread thinner than in the scenario.
//!
//! This is content, not engine: the engine plays the resulting scenario like any other.

use rand::RngExt;

use crate::content::limits::{MAX_MEMBERS, MAX_QUANTITY};
use crate::content::source::{Source, Sources};
use crate::content::validate;
use crate::engine::rng::{self, Stream};
use crate::engine::world::scenario::{Member, Scenario};

/// How often a newcomer's mark on a dimension is redrawn from another member.
const MARK_REDRAW: f64 = 0.1;

/// The scenario grown to `n` members (at least its own), from `seed`.
pub fn grow(sc: &Scenario, n: usize, seed: u64) -> Result<Scenario, String> {
    let k = sc.members.len();
    if n < k || n > MAX_MEMBERS {
        return Err(format!(
            "--synthetic {n}: expected {k} (the scenario's members) to {MAX_MEMBERS}"
        ));
    }
    let mut rng = rng::stream(seed, "synthetic", 0, n as u64);
    let mut out = sc.clone();
    out.meta.name = format!("{} (synthetic, {n} members)", sc.meta.name);
    // `model[i]`: the scenario member member i copies (itself for the first k).
    let mut model: Vec<usize> = (0..k).collect();
    for i in k..n {
        let t = rng.random_range(0..k);
        model.push(t);
        out.members.push(newcomer(sc, &sc.members[t], i, &mut rng));
    }
    // Members copying each scenario member, the scenario member first.
    let mut copies: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (i, &t) in model.iter().enumerate() {
        copies[t].push(i);
    }
    let index = |id: &str| sc.members.iter().position(|m| m.id == id);
    let mut bonds = Vec::new();
    for (a, b, w) in &sc.meta.bonds {
        let (Some(a), Some(b)) = (index(a), index(b)) else {
            continue;
        };
        for (from, to) in [(a, b), (b, a)] {
            // Half the copies on each side reach out, so a copy's ties (out and in) number
            // its model's.
            for &c in &copies[from][1..] {
                if rng.random::<bool>() {
                    continue;
                }
                let other = copies[to][rng.random_range(0..copies[to].len())];
                let weight = (w * rng.random_range(0.8..1.2)).clamp(0.05, 1.0);
                bonds.push((
                    out.members[c].id.clone(),
                    out.members[other].id.clone(),
                    weight,
                ));
            }
        }
    }
    out.meta.bonds.extend(bonds);
    // A pair drawn twice has one bond: keep its last strength, the one the game would set.
    let mut seen = std::collections::BTreeSet::new();
    let mut kept: Vec<_> = out
        .meta
        .bonds
        .drain(..)
        .rev()
        .filter(|(a, b, _)| seen.insert((a.min(b).clone(), a.max(b).clone())))
        .collect();
    kept.reverse();
    out.meta.bonds = kept;
    for g in &mut out.goods {
        let scaled = g.pool as u64 * n as u64 / k.max(1) as u64;
        g.pool = scaled.min(MAX_QUANTITY as u64) as u32;
    }
    // Storylets are unchanged, and judged against the game's length before it was cut.
    let sources = blank_sources();
    let errors: Vec<String> = validate::validate(&out, &sources)
        .into_iter()
        .filter(|d| d.severity == crate::content::Severity::Error)
        .filter(|d| d.path != sources.storylets.path)
        .map(|d| d.message)
        .collect();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "the synthetic community does not validate: {}",
            errors.join("; ")
        ))
    }
}

/// A perturbed copy of `m`, the `i`-th member.
fn newcomer(sc: &Scenario, m: &Member, i: usize, rng: &mut Stream) -> Member {
    let mut c = m.clone();
    c.id = format!("{}-{i}", m.id);
    c.name = format!("{} {i}", m.name);
    c.bio = String::new();
    c.present = true;
    let scale = |v: u32, lo: f64, hi: f64, rng: &mut Stream| -> u32 {
        let x = (v as f64 * rng.random_range(lo..hi)).round() as u32;
        x.clamp(v.min(1), MAX_QUANTITY)
    };
    for v in c.skills.values_mut() {
        *v = scale(*v, 0.75, 1.25, rng);
    }
    for v in c.holdings.values_mut() {
        *v = scale(*v, 0.5, 1.5, rng);
    }
    c.scrip = (m.scrip as f64 * rng.random_range(0.5..1.5)).round() as u64;
    for x in [
        &mut c.charisma,
        &mut c.dominance,
        &mut c.standing,
        &mut c.enterprise,
    ] {
        *x = (*x + rng.random_range(-0.1..0.1)).clamp(0.0, 1.0);
    }
    for d in &sc.meta.dimensions {
        if rng.random::<f64>() < MARK_REDRAW {
            let donor = &sc.members[rng.random_range(0..sc.members.len())];
            match donor.marks.get(&d.id) {
                Some(mark) => c.marks.insert(d.id.clone(), *mark),
                None => c.marks.remove(&d.id),
            };
        }
    }
    c
}

/// Empty sources: validation then locates its (unexpected) errors at no line.
fn blank_sources() -> Sources {
    let src = |path: &str| Source {
        path: path.to_string(),
        text: String::new(),
    };
    Sources {
        scenario: src("<synthetic>/scenario.ron"),
        goods: src("<synthetic>/goods.ron"),
        members: src("<synthetic>/members.ron"),
        storylets: src("<synthetic>/storylets.ron"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn riverside() -> Scenario {
        crate::content::open("riverside").unwrap().0.scenario
    }

    #[test]
    fn same_seed_same_community() {
        let sc = riverside();
        let a = grow(&sc, 100, 7).unwrap();
        assert_eq!(a, grow(&sc, 100, 7).unwrap());
        assert_ne!(a, grow(&sc, 100, 8).unwrap());
        assert_eq!(a.members.len(), 100);
        assert_eq!(a.members[..sc.members.len()], sc.members[..]);
    }

    #[test]
    fn keeps_the_scenario_at_its_own_size() {
        let sc = riverside();
        let k = sc.members.len();
        let same = grow(&sc, k, 1).unwrap();
        assert_eq!(same.members, sc.members);
        assert_eq!(same.meta.bonds, sc.meta.bonds);
        assert!(grow(&sc, k - 1, 1).is_err());
        assert!(grow(&sc, MAX_MEMBERS + 1, 1).is_err());
    }

    #[test]
    fn ties_and_pools_scale() {
        let sc = riverside();
        let k = sc.members.len();
        let big = grow(&sc, 40 * k, 3).unwrap();
        let per = |s: &Scenario| s.meta.bonds.len() as f64 / s.members.len() as f64;
        assert!((per(&big) / per(&sc) - 1.0).abs() < 0.25, "{}", per(&big));
        for (g, g0) in big.goods.iter().zip(&sc.goods) {
            assert_eq!(g.pool, g0.pool * 40);
        }
    }
}
