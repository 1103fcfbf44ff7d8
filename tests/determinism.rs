//! Same content + seed + commands ⇒ same state hash; the golden hash pins the rules.

use std::path::Path;
use std::sync::Arc;

use agora::engine::policy::{AidMode, DecisionRule, Facilitation};
use agora::engine::{Command, Game, Regime, World};
use agora::lab::sim::{self, PolicyChoice, SimSpec};
use proptest::prelude::*;

fn world() -> Arc<World> {
    SimSpec::load("riverside", Some(40))
        .expect("default scenario loads")
        .0
}

/// The golden game: default scenario, seed 1, 40 turns, the checked-in command script.
fn golden_game() -> SimSpec {
    let script = sim::read_script(Path::new("tests/fixtures/golden_commands.ron")).unwrap();
    assert_eq!(script.len(), 17);
    SimSpec {
        world: world(),
        seed: 1,
        turns: 40,
        policy: PolicyChoice::Mixed.into(),
        script,
    }
}

/// If a rule change is intended, update the hash here and say why in the commit.
#[test]
fn golden_hash_of_the_default_scenario() {
    let run = sim::run(&golden_game(), |_, _| {}).unwrap();
    assert_eq!(run.game.turn(), 40);
    assert!(run.game.is_over());
    assert_eq!(format!("{:016x}", run.game.hash()), GOLDEN);
}

const GOLDEN: &str = "dc44d8541118cc6b";

/// The Mill pins the workplace rules: its owner's wages, the crew's strikes, and (with the
/// crew running it) the workers' meeting, each over a whole game at seed 1.
#[test]
fn golden_hashes_of_the_mill() {
    let world = SimSpec::load("mill", None).expect("the Mill loads").0;
    let mut got = Vec::new();
    for policy in ["mixed", "mixed+mill=workers", "mixed+mill=shares"] {
        let spec = SimSpec {
            world: Arc::clone(&world),
            seed: 1,
            turns: world.scenario.meta.turns,
            policy: sim::Policy::parse_for(policy, &world).unwrap(),
            script: Vec::new(),
        };
        let run = sim::run(&spec, |_, _| {}).unwrap();
        assert!(run.game.is_over());
        got.push(format!("{:016x}", run.game.hash()));
    }
    assert_eq!(got, GOLDEN_MILL);
}

const GOLDEN_MILL: [&str; 3] = ["0316f9dfb80a0dda", "489212e7fcc38ff1", "1f9f1145a3da84a0"];

/// A batch game skips the per-turn hashes, never the rules: the same script ends in the
/// golden hash, and its reports hold the same figures.
#[test]
fn a_batch_game_ends_in_the_golden_hash() {
    let spec = golden_game();
    let (mut synced, mut batch) = (Vec::new(), Vec::new());
    let full = sim::run(&spec, |_, r| synced.push(r.metrics.clone())).unwrap();
    let run = sim::run_batch(&spec, |_, r| batch.push(r.metrics.clone())).unwrap();
    assert_eq!(format!("{:016x}", run.game.hash()), GOLDEN);
    assert_eq!(full.game.hashes().len(), 41);
    assert_eq!(
        run.game.hashes().len(),
        1,
        "a batch game hashes only its start"
    );
    assert_eq!(synced, batch);
}

fn arb_command(goods: Vec<String>) -> impl Strategy<Value = Command> {
    let regime = prop_oneof![
        Just(Regime::Commons),
        Just(Regime::Exchange),
        Just(Regime::Aid)
    ];
    let fallback = proptest::option::of(regime.clone());
    prop_oneof![
        4 => Just(Command::EndTurn),
        2 => (proptest::sample::select(goods), regime, fallback)
            .prop_map(|(good, regime, fallback)| Command::SetRegime { good, regime, fallback }),
        1 => proptest::sample::select(DecisionRule::ALL.to_vec()).prop_map(Command::SetDecisionRule),
        1 => (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(a, b, c)| {
            Command::SetFacilitation(Facilitation { progressive_stack: a, timed_rounds: b, secret_ballot: c })
        }),
        1 => (0u32..4).prop_map(Command::SetMarketDays),
        1 => (0u32..100).prop_map(Command::SetDemurrage),
        1 => any::<bool>().prop_map(Command::SetDividend),
        1 => any::<bool>().prop_map(Command::SetContributionCredits),
        1 => prop_oneof![Just(AidMode::NeedBased), Just(AidMode::AccountKeeping)].prop_map(Command::SetAidMode),
        1 => any::<bool>().prop_map(Command::SetCommunityStore),
        1 => any::<bool>().prop_map(Command::SetLeftoverRationing),
    ]
}

fn play(world: &Arc<World>, seed: u64, script: &[Command]) -> (u64, Vec<u64>) {
    let mut game = Game::new(Arc::clone(world), seed);
    for c in script {
        let _ = game.apply(c.clone());
    }
    (game.hash(), game.hashes().to_vec())
}

fn goods(world: &World) -> Vec<String> {
    world.scenario.goods.iter().map(|g| g.id.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn same_inputs_give_the_same_hash(
        seed in any::<u64>(),
        script in proptest::collection::vec(arb_command(goods(&world())), 0..60),
    ) {
        let w = world();
        let a = play(&w, seed, &script);
        let b = play(&w, seed, &script);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn different_seeds_give_different_hashes(seed in any::<u64>()) {
        let w = world();
        let script = vec![Command::EndTurn; 5];
        let a = play(&w, seed, &script).0;
        let b = play(&w, seed.wrapping_add(1), &script).0;
        prop_assert_ne!(a, b);
    }
}

#[test]
fn refused_commands_change_nothing_and_are_not_logged() {
    let w = world();
    let mut game = Game::new(Arc::clone(&w), 3);
    let before = game.hash();
    let bad = Command::SetRegime {
        good: "unobtainium".into(),
        regime: Regime::Aid,
        fallback: None,
    };
    assert!(game.apply(bad).is_err());
    assert!(game.apply(Command::SetMarketDays(1000)).is_err());
    assert_eq!(game.hash(), before);
    assert!(game.log().is_empty());
}

#[test]
fn a_finished_game_refuses_more_turns() {
    let (w, _) = SimSpec::load("riverside", Some(2)).unwrap();
    let mut game = Game::new(w, 1);
    assert!(game.apply(Command::EndTurn).unwrap().is_some());
    assert!(game.apply(Command::EndTurn).unwrap().is_some());
    assert!(game.is_over());
    assert_eq!(
        game.apply(Command::EndTurn).unwrap_err(),
        agora::engine::CommandError::GameOver
    );
    assert_eq!(game.hashes().len(), 3);
}
