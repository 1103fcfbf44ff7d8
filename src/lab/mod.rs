//! Headless play: single games (`agora sim`) and the models benchmarks (`agora models`).

pub mod blurring;
pub mod models;
pub mod sim;
