//! The state hash: XXH3 (64-bit) over an explicit little-endian encoding of any
//! `Serialize` value. FNV-1a is kept for deriving seeds from short keys.
//!
//! The encoding is ours, written here, so no dependency update can change it: integers and
//! floats as their little-endian bytes (floats by bit pattern), lengths as `u64`, enum
//! variants by index, struct fields in declaration order without names. XXH3 is a fixed,
//! published function (its output is specified, not an implementation detail); it hashes the
//! encoded bytes in one pass, an order of magnitude faster than byte-wise FNV. Never
//! `DefaultHasher`, never RON text.

use serde::ser::{self, Serialize};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits.
#[derive(Debug, Clone, Copy)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64::new()
    }
}

impl Fnv64 {
    pub fn new() -> Fnv64 {
        Fnv64(OFFSET)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(PRIME);
        }
        self.0 = h;
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash any serialisable value with the stable encoding.
pub fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    xxhash_rust::xxh3::xxh3_64(&encode(value))
}

/// [`hash_of`], encoding into `buf` (emptied first): a game hashing every turn reuses one
/// buffer instead of growing a fresh one to the state's size (tens of megabytes at 100,000
/// members) each turn.
pub fn hash_with<T: Serialize + ?Sized>(value: &T, buf: &mut Vec<u8>) -> u64 {
    buf.clear();
    let mut enc = Encoder {
        h: Bytes(std::mem::take(buf)),
    };
    let _ = value.serialize(&mut enc);
    *buf = enc.h.0;
    xxhash_rust::xxh3::xxh3_64(buf)
}

/// The stable encoding of a value (what [`hash_of`] hashes).
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut enc = Encoder {
        h: Bytes(Vec::with_capacity(16 << 10)),
    };
    // The encoder itself never fails; a value's own `Serialize` could, and then the bytes
    // written so far are hashed (deterministically).
    let _ = value.serialize(&mut enc);
    enc.h.0
}

/// The encoder's output buffer.
struct Bytes(Vec<u8>);

impl Bytes {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// Tags that keep adjacent values from running together (`"ab","c"` vs `"a","bc"`).
mod tag {
    pub const NONE: u8 = 0;
    pub const SOME: u8 = 1;
    pub const SEQ_END: u8 = 2;
}

struct Encoder {
    h: Bytes,
}

#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value failed to serialise while hashing")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

impl Encoder {
    fn len(&mut self, n: usize) {
        self.h.write(&(n as u64).to_le_bytes());
    }
}

macro_rules! le {
    ($($f:ident: $t:ty),*) => {$(
        fn $f(self, v: $t) -> Result<(), Never> {
            self.h.write(&v.to_le_bytes());
            Ok(())
        }
    )*};
}

impl<'a> ser::Serializer for &'a mut Encoder {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = &'a mut Encoder;
    type SerializeTupleStruct = &'a mut Encoder;
    type SerializeTupleVariant = &'a mut Encoder;
    type SerializeMap = Seq<'a>;
    type SerializeStruct = &'a mut Encoder;
    type SerializeStructVariant = &'a mut Encoder;

    le!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.h.write(&[v as u8]);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Never> {
        self.h.write(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Never> {
        self.h.write(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.h.write(&(v as u32).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.len(v.len());
        self.h.write(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.len(v.len());
        self.h.write(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.h.write(&[tag::NONE]);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Never> {
        self.h.write(&[tag::SOME]);
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, i: u32, _: &'static str) -> Result<(), Never> {
        self.h.write(&i.to_le_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.h.write(&i.to_le_bytes());
        v.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>, Never> {
        Ok(Seq::start(self, len))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.h.write(&i.to_le_bytes());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Seq<'a>, Never> {
        Ok(Seq::start(self, len))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        i: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.h.write(&i.to_le_bytes());
        Ok(self)
    }
}

/// A sequence or map: its length first when known, otherwise an end tag.
struct Seq<'a> {
    enc: &'a mut Encoder,
    known: bool,
}

impl<'a> Seq<'a> {
    fn start(enc: &'a mut Encoder, len: Option<usize>) -> Seq<'a> {
        if let Some(n) = len {
            enc.len(n);
        }
        Seq {
            enc,
            known: len.is_some(),
        }
    }

    fn end(self) -> Result<(), Never> {
        if !self.known {
            self.enc.h.write(&[tag::SEQ_END]);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        v.serialize(&mut *self.enc)
    }
    fn end(self) -> Result<(), Never> {
        Seq::end(self)
    }
}

impl ser::SerializeMap for Seq<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Never> {
        k.serialize(&mut *self.enc)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        v.serialize(&mut *self.enc)
    }
    fn end(self) -> Result<(), Never> {
        Seq::end(self)
    }
}

macro_rules! fields {
    ($($tr:ident :: $f:ident),*) => {$(
        impl ser::$tr for &mut Encoder {
            type Ok = ();
            type Error = Never;
            fn $f<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
                v.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                Ok(())
            }
        }
    )*};
}

fields!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeStruct for &mut Encoder {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Encoder {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_vectors() {
        let mut h = Fnv64::new();
        assert_eq!(h.finish(), 0xcbf2_9ce4_8422_2325);
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
        let mut h = Fnv64::new();
        h.write(b"foobar");
        assert_eq!(h.finish(), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn encoding_separates_adjacent_values() {
        assert_ne!(hash_of(&("ab", "c")), hash_of(&("a", "bc")));
        assert_ne!(hash_of(&vec![1u32, 2]), hash_of(&(1u32, 2u32)));
        assert_ne!(hash_of(&Some(0u8)), hash_of(&None::<u8>));
        assert_ne!(hash_of(&0.0f64), hash_of(&-0.0f64));
    }

    #[test]
    fn a_reused_buffer_hashes_as_a_fresh_one() {
        let mut buf = Vec::new();
        let long: Vec<u64> = (0..5_000).collect();
        assert_eq!(hash_with(&long, &mut buf), hash_of(&long));
        // A shorter value after a longer one: nothing of the first is left to hash.
        assert_eq!(hash_with(&("ab", 3u8), &mut buf), hash_of(&("ab", 3u8)));
        assert!(buf.capacity() >= 8 * 5_000);
    }

    #[test]
    fn encoding_is_little_endian_and_pinned() {
        assert_eq!(encode(&1u32), vec![1, 0, 0, 0]);
        assert_eq!(encode("abc"), [&3u64.to_le_bytes()[..], b"abc"].concat());
        assert_eq!(encode(&Some(2u8)), vec![1, 2]);
        // XXH3-64 of the empty input, from the reference implementation.
        assert_eq!(hash_of(&()), 0x2d06_8005_38d3_94c2);
    }
}
