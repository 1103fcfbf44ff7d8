//! OSO: need-based transfers against account-keeping and no transfers, in a small herd
//! economy after Aktipis, Cronk & de Aguiar (2011) and Aktipis et al. (2016), run through the
//! engine's own mutual-aid code.
//!
//! Herders in osotua pairs start with 70 head and need 64 to stay viable. Each year every
//! herd grows by a normal draw (mean 3.4%, sd 1.85%) and may be struck by a loss (disease,
//! raiding, drought on one herd); then the engine's `Aid` layer runs on the cattle — a
//! herder below 64 asks their partner for the shortfall, the partner gives only what they
//! hold above 64; under account-keeping the gift is a debt repaid from anything above 64. A
//! herd still below 64 after aid is lost. After 50 years we count surviving herds and the
//! Gini of their sizes.

use std::sync::Arc;

use rand::RngExt;

use super::{Judge, Print, Row, Sample};
use crate::engine::allocate;
use crate::engine::ctx::TurnCtx;
use crate::engine::metrics::gini;
use crate::engine::policy::AidMode;
use crate::engine::rng;
use crate::engine::state::State;
use crate::engine::world::World;
use crate::engine::world::scenario::{Good, Member, Scenario, ScenarioMeta};

/// Herders (in pairs).
const HERDERS: usize = 20;
/// Head of cattle each herd starts with.
const START: u32 = 70;
/// Head a herd needs to stay viable.
const VIABLE: u32 = 64;

/// The herd economy's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Herds {
    pub years: u32,
    pub seeds: u64,
    /// Yearly herd growth: mean and standard deviation.
    pub growth: (f64, f64),
    /// Chance a herd is struck in a year, and the range of the share it loses.
    pub shock: (f64, f64, f64),
}

impl Default for Herds {
    fn default() -> Self {
        Herds {
            years: 50,
            seeds: 60,
            growth: (0.034, 0.0185),
            shock: (0.1, 0.1, 0.5),
        }
    }
}

/// How the herders share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    None,
    Aid(AidMode),
}

/// Survival share and mean Gini of herds, over the seeds.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    pub survival: f64,
    pub gini: f64,
}

fn herd_world() -> World {
    let meta: ScenarioMeta = ron::from_str(
        "(id: \"herds\", name: \"Herds\", description: \"Osotua pairs of herders\", turns: 50)",
    )
    .expect("herd scenario meta parses");
    let goods: Vec<Good> = ron::from_str(
        "[(id: \"cattle\", name: \"cattle\", unit: \"head\", kind: Durable, regime: Aid)]",
    )
    .expect("herd goods parse");
    let members: Vec<Member> = (0..HERDERS)
        .map(|i| {
            ron::from_str(&format!(
                "(id: \"h{i}\", name: \"Herder {i}\",
                  needs: [(good: \"cattle\", amount: {VIABLE}, priority: Survival)],
                  holdings: {{\"cattle\": {START}}})"
            ))
            .expect("herder parses")
        })
        .collect();
    let mut sc = Scenario {
        meta,
        goods,
        members,
        storylets: Vec::new(),
    };
    sc.meta.bonds = (0..HERDERS / 2)
        .map(|p| (format!("h{}", 2 * p), format!("h{}", 2 * p + 1), 1.0))
        .collect();
    World::new(sc).expect("herd world resolves")
}

/// One herd's year: growth, then perhaps a loss. Rounding is stochastic so small herds grow.
fn year(h: u32, rng: &mut rng::Stream, hp: &Herds) -> u32 {
    let (u1, u2): (f64, f64) = (rng.random(), rng.random());
    let z = libm::sqrt(-2.0 * libm::log(1.0 - u1)) * libm::cos(2.0 * std::f64::consts::PI * u2);
    let mut x = h as f64 * (1.0 + hp.growth.0 + hp.growth.1 * z);
    if rng.random::<f64>() < hp.shock.0 {
        let lost = hp.shock.1 + (hp.shock.2 - hp.shock.1) * rng.random::<f64>();
        x *= 1.0 - lost;
    }
    let whole = libm::floor(x.max(0.0));
    let up = rng.random::<f64>() < x - whole;
    (whole as u32).saturating_add(up as u32)
}

/// Play one seed: returns every herder's herd at the end (0 for a herd that was lost).
fn play(world: &Arc<World>, seed: u64, sharing: Sharing, hp: &Herds) -> Vec<u32> {
    let mut state = State::new(world, seed);
    if let Sharing::Aid(mode) = sharing {
        state.policy.aid_mode = mode;
    }
    for y in 1..=hp.years {
        for (i, m) in state.members.iter_mut().enumerate() {
            if m.present {
                let mut r = rng::stream(seed, "oso-herds", y, i as u64);
                m.holdings[0] = year(m.holdings[0], &mut r, hp);
            }
        }
        if let Sharing::Aid(_) = sharing {
            let mut ctx = TurnCtx::new(world, &mut state, y);
            let mut claims = allocate::claims(&ctx, 0);
            crate::engine::aid::run(&mut ctx, 0, &mut claims);
        }
        for m in state.members.iter_mut() {
            if m.present && m.holdings[0] < VIABLE {
                m.present = false;
                m.holdings[0] = 0;
            }
        }
    }
    state.members.iter().map(|m| m.holdings[0]).collect()
}

/// Survival and the Gini of herds (a lost herd counting 0) under `sharing`, over the seeds;
/// every herd at the end goes to `print`.
pub fn outcome(sharing: Sharing, hp: &Herds, print: &mut Print) -> Outcome {
    let world = Arc::new(herd_world());
    let (mut alive, mut gini_sum, mut gini_n) = (0usize, 0.0, 0usize);
    for seed in 1..=hp.seeds {
        let herds = play(&world, seed, sharing, hp);
        herds.iter().for_each(|&h| print.u64(h as u64));
        alive += herds.iter().filter(|&&h| h > 0).count();
        let xs: Vec<f64> = herds.iter().map(|&h| h as f64).collect();
        gini_sum += gini(&xs);
        gini_n += 1;
    }
    Outcome {
        survival: alive as f64 / (HERDERS as u64 * hp.seeds) as f64,
        gini: if gini_n == 0 {
            0.0
        } else {
            gini_sum / gini_n as f64
        },
    }
}

/// The OSO rows: need-based at least as good as both others on survival, and more equal
/// than no transfers.
pub fn rows() -> Vec<Row> {
    let hp = Herds::default();
    // One sample for the four rows: the three arms' herds, seed by seed.
    let mut sample = Sample {
        seeds: hp.seeds,
        ..Sample::default()
    };
    let need = outcome(Sharing::Aid(AidMode::NeedBased), &hp, &mut sample.print);
    let debt = outcome(
        Sharing::Aid(AidMode::AccountKeeping),
        &hp,
        &mut sample.print,
    );
    let none = outcome(Sharing::None, &hp, &mut sample.print);
    let seeds = hp.seeds;
    [
        Row::new(
            "OSO",
            format!("herd survival, need-based ≥ none ({seeds} seeds)"),
            none.survival,
            need.survival,
            0.0,
            Judge::AtLeast,
        ),
        Row::new(
            "OSO",
            "herd survival, need-based ≥ account-keeping",
            debt.survival,
            need.survival,
            0.0,
            Judge::AtLeast,
        ),
        Row::new(
            "OSO",
            "Gini of herds, need-based < none",
            none.gini,
            need.gini,
            0.0,
            Judge::Below,
        ),
        Row::new(
            "OSO",
            "Gini of herds, need-based < account-keeping",
            debt.gini,
            need.gini,
            0.0,
            Judge::Below,
        ),
    ]
    .into_iter()
    .map(|r| r.over(&sample))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn herds_grow_and_shocks_bite() {
        let mut r = rng::stream(1, "t", 1, 0);
        let hp = Herds::default();
        let sizes: Vec<u32> = (0..1000).map(|_| year(100, &mut r, &hp)).collect();
        let mean = sizes.iter().sum::<u32>() as f64 / 1000.0;
        // 3.4% growth less a 10% chance of losing 30% on average: about 100.3.
        assert!((mean - 100.3).abs() < 1.5, "{mean}");
        assert!(sizes.iter().any(|&s| s < 70));
    }

    #[test]
    fn need_based_transfers_keep_more_herds_alive_than_none() {
        let hp = Herds::default();
        let mut print = Print::default();
        let need = outcome(Sharing::Aid(AidMode::NeedBased), &hp, &mut print);
        let none = outcome(Sharing::None, &hp, &mut print);
        assert!(need.survival > none.survival, "{need:?} vs {none:?}");
        assert!(none.survival < 1.0 && need.survival > 0.0);
    }
}
