//! Headless play: single games (`agora sim`), and later batches and model benchmarks.

pub mod sim;
