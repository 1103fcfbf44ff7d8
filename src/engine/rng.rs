//! Named, seeded random streams.
//!
//! Every subsystem draws from its own ChaCha8 stream keyed by (game seed, subsystem name,
//! turn, sub-key). Streams are re-derived each turn, so no generator state needs saving, and
//! adding a draw in one subsystem never shifts another's numbers.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::engine::hash::Fnv64;

/// The generator type of every stream.
pub type Stream = ChaCha8Rng;

/// The stream of subsystem `name` for `turn`, further split by `sub` (a good, an item, …).
pub fn stream(seed: u64, name: &str, turn: u32, sub: u64) -> Stream {
    let mut h = Fnv64::new();
    h.write(&seed.to_le_bytes());
    h.write(name.as_bytes());
    h.write(&[0xff]);
    h.write(&turn.to_le_bytes());
    h.write(&sub.to_le_bytes());
    let mut x = h.finish();
    let mut key = [0u8; 32];
    for chunk in key.chunks_mut(8) {
        x = splitmix64(x);
        chunk.copy_from_slice(&x.to_le_bytes());
    }
    ChaCha8Rng::from_seed(key)
}

/// SplitMix64's output function: spreads one 64-bit key over a full seed.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: u64 = stream(7, "market", 3, 0).random();
        let b: u64 = stream(7, "market", 3, 0).random();
        let c: u64 = stream(7, "meeting", 3, 0).random();
        let d: u64 = stream(7, "market", 4, 0).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }

    #[test]
    fn stream_values_are_pinned() {
        // Guards against a dependency update silently changing every game.
        let x: u64 = stream(1, "events", 1, 0).random();
        assert_eq!(format!("{x:016x}"), "ea43ad6acf17fd3d");
    }
}
