//! The pure, deterministic core: a game is a function of (content, seed, commands).
//!
//! No I/O, no clock, no terminal, no hash-map iteration; randomness only from the named
//! streams of [`rng`]; goods and scrip are integers; floating point uses basic operations
//! and `libm`, in a fixed order.

pub mod aid;
pub mod allocate;
pub mod bonds;
pub mod command;
pub mod consume;
pub mod ctx;
pub mod events;
pub mod game;
pub mod hash;
pub mod market;
pub mod measure;
pub mod meeting;
pub mod metrics;
pub mod params;
pub mod policy;
pub mod production;
pub mod reload;
pub mod report;
pub mod rng;
pub mod social;
pub mod state;
pub mod turn;
pub mod types;
pub mod workplace;
pub mod world;

pub use command::{Command, CommandError};
pub use game::Game;
pub use report::TurnReport;
pub use state::State;
pub use types::{GoodId, MemberId, Priority, Regime};
pub use world::World;
