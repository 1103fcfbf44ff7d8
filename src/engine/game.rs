//! A game: the world, its state and the log of every command accepted.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::command::{Command, CommandError, MAX_DEMURRAGE, MAX_MARKET_DAYS};
use crate::engine::report::TurnReport;
use crate::engine::state::State;
use crate::engine::turn;
use crate::engine::world::World;
use crate::engine::{events, hash, reload};

#[derive(Debug, Clone)]
pub struct Game {
    world: Arc<World>,
    state: State,
    log: Vec<Command>,
    /// The state hash after each turn (index 0 is the start); only the start's when
    /// `synced` is off.
    hashes: Vec<u64>,
    /// Whether every turn's state is hashed, for saves' and replays' per-turn sync checks.
    synced: bool,
    /// Content offered for `Command::Reload`, by content hash.
    offered: BTreeMap<u64, Arc<World>>,
    /// The content the game started with (a reload replaces `world`, not this).
    initial: Arc<World>,
    /// What the turns carry to the next outside the state (remembered values; no outcome
    /// depends on it).
    carry: turn::Carry,
}

impl Game {
    pub fn new(world: Arc<World>, seed: u64) -> Game {
        let state = State::new(&world, seed);
        Game::starting(world, state)
    }

    /// A game of `world` from its starting `state`.
    fn starting(world: Arc<World>, state: State) -> Game {
        let hashes = vec![hash::hash_of(&state)];
        Game {
            initial: Arc::clone(&world),
            world,
            state,
            log: Vec::new(),
            hashes,
            synced: true,
            offered: BTreeMap::new(),
            carry: turn::Carry::default(),
        }
    }

    /// A game for batch runs, which are never saved or replayed: its turns are not hashed
    /// one by one (a tenth of a turn's cost), so `hashes` holds only the start's. `hash()`
    /// still gives the state's hash at any point; every state is as in `new`.
    pub fn unsynced(world: Arc<World>, seed: u64) -> Game {
        Game {
            synced: false,
            ..Game::new(world, seed)
        }
    }

    /// `unsynced`, its state a copy of `start` with `seed`: `start` is `State::new(&world, _)`,
    /// built once for all the games of a batch (a start differs from another only in its
    /// seed, and a copy costs less than building it from the scenario).
    pub fn unsynced_from(world: Arc<World>, start: &State, seed: u64) -> Game {
        let mut state = start.clone();
        state.seed = seed;
        Game {
            synced: false,
            ..Game::starting(world, state)
        }
    }

    /// A game picked up from a saved state (a save's keyframe): the content it started
    /// with, the content in force now, the state, every command accepted to reach it and the
    /// hashes after each turn so far. Nothing is checked here; a save checks the state
    /// against its recorded hash before resuming.
    pub fn resume(
        initial: Arc<World>,
        world: Arc<World>,
        state: State,
        log: Vec<Command>,
        hashes: Vec<u64>,
    ) -> Game {
        Game {
            initial,
            world,
            state,
            log,
            hashes,
            synced: true,
            offered: BTreeMap::new(),
            carry: turn::Carry::default(),
        }
    }

    /// Hand back a turn's report the caller is done with, so the next turn's report reuses
    /// its lists (see `turn::Carry::recycle`); nothing else changes.
    pub fn recycle(&mut self, report: TurnReport) {
        self.carry.recycle(report);
    }

    /// The content the game started with, before any reload.
    pub fn initial_world(&self) -> &Arc<World> {
        &self.initial
    }

    /// The content offered for reloads so far, by content hash.
    pub fn offered(&self) -> &BTreeMap<u64, Arc<World>> {
        &self.offered
    }

    /// `apply`, with a turn (`EndTurn`) that asks `proceed` before each phase: when it says
    /// stop, the state is put back as it was before the turn, nothing is logged and the
    /// command is refused with `CommandError::Stopped`. A turn that is stopped costs a copy
    /// of the state; other commands are applied as by `apply`.
    pub fn apply_with(
        &mut self,
        cmd: Command,
        proceed: turn::Proceed,
    ) -> Result<Option<TurnReport>, CommandError> {
        if cmd != Command::EndTurn || self.state.ended {
            return self.apply(cmd);
        }
        let before = self.state.clone();
        let Some(mut r) = turn::resolve(&self.world, &mut self.state, &mut self.carry, proceed)
        else {
            self.state = before;
            return Err(CommandError::Stopped);
        };
        if self.synced {
            r.hash = hash::hash_of(&self.state);
            self.hashes.push(r.hash);
        }
        self.log.push(cmd);
        Ok(Some(r))
    }

    /// Apply a command. A refused command changes nothing and is not logged; `EndTurn`
    /// returns the turn's report.
    pub fn apply(&mut self, cmd: Command) -> Result<Option<TurnReport>, CommandError> {
        if self.state.ended {
            return Err(CommandError::GameOver);
        }
        let world = Arc::clone(&self.world);
        let good = |id: &str| {
            world
                .good(id)
                .ok_or_else(|| CommandError::UnknownGood(id.into()))
        };
        let policy = &mut self.state.policy;
        let mut report = None;
        match &cmd {
            Command::EndTurn => {
                if self.synced {
                    let r = turn::play_carrying(&self.world, &mut self.state, &mut self.carry);
                    self.hashes.push(r.hash);
                    report = Some(r);
                } else {
                    report = Some(
                        turn::resolve(&self.world, &mut self.state, &mut self.carry, &|_| true)
                            .unwrap_or_default(),
                    );
                }
            }
            Command::SetRegime {
                good: id,
                regime,
                fallback,
            } => {
                let g = good(id)?;
                let gs = &mut self.state.goods[g];
                gs.regime = *regime;
                gs.fallback = fallback.filter(|f| f != regime);
            }
            Command::SetDecisionRule(rule) => policy.decision_rule = *rule,
            Command::SetFacilitation(f) => policy.facilitation = *f,
            Command::SetLeftoverRationing(on) => policy.leftover_rationing = *on,
            Command::SetMarketDays(days) => {
                if *days > MAX_MARKET_DAYS {
                    return Err(CommandError::OutOfRange(format!(
                        "at most {MAX_MARKET_DAYS} market days a turn"
                    )));
                }
                policy.market_days = *days;
            }
            Command::SetDemurrage(permille) => {
                if *permille > MAX_DEMURRAGE {
                    return Err(CommandError::OutOfRange(format!(
                        "demurrage is at most {MAX_DEMURRAGE}‰ a turn"
                    )));
                }
                policy.demurrage_permille = *permille;
            }
            Command::SetDividend(on) => policy.dividend = *on,
            Command::SetContributionCredits(on) => policy.contribution_credits = *on,
            Command::SetHiring(on) => policy.hiring = *on,
            Command::SetAidMode(mode) => policy.aid_mode = *mode,
            Command::SetCommunityStore(on) => policy.community_store = *on,
            Command::SetRunBy { workplace, by } => {
                let Some(w) = world.workplace(workplace) else {
                    return Err(CommandError::OutOfRange(format!(
                        "there is no workplace `{workplace}` in this scenario"
                    )));
                };
                let def = &world.workplaces[w];
                let owner = def.owner.is_some();
                if let Some(why) = by.undeclared(owner, !def.shares.is_empty()) {
                    return Err(CommandError::OutOfRange(format!(
                        "workplace `{workplace}` {why}"
                    )));
                }
                self.state.workplaces[w].run_by = *by;
            }
            Command::Choose { storylet, choice } => {
                events::choose(&world, &mut self.state, storylet, *choice)?;
            }
            Command::Reload { content_hash } => {
                let new = self.offered.get(content_hash).cloned().ok_or_else(|| {
                    CommandError::Content(format!("no content {content_hash:016x} was offered"))
                })?;
                if let Some(why) = reload::incompatible(&world, &new, &self.state) {
                    return Err(CommandError::Content(why));
                }
                reload::adopt(&new, &mut self.state);
                self.world = new;
            }
        }
        self.log.push(cmd);
        Ok(report)
    }

    /// Offer content a later `Command::Reload` may switch to; returns its content hash.
    pub fn offer(&mut self, world: Arc<World>) -> u64 {
        let h = reload::content_hash(&world);
        self.offered.insert(h, world);
        h
    }

    pub fn world(&self) -> &Arc<World> {
        &self.world
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Every command accepted so far, in order.
    pub fn log(&self) -> &[Command] {
        &self.log
    }

    /// The state hash after each completed turn; index 0 is the starting state.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// The hash of the current state.
    pub fn hash(&self) -> u64 {
        hash::hash_of(&self.state)
    }

    pub fn turn(&self) -> u32 {
        self.state.turn
    }

    pub fn is_over(&self) -> bool {
        self.state.ended
    }
}
