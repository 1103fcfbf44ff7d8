//! Headless play: single games (`agora sim`), batches of games with their statistics and
//! thesis tests (`agora lab`) and the models benchmarks (`agora models`).

pub mod batch;
pub mod blurring;
pub mod merge;
pub mod models;
pub mod plot;
pub mod rows;
pub mod sim;
pub mod stats;
pub mod summary;
pub mod sweep;
pub mod thesis;
