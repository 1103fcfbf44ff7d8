//! One table of every parameter: each field's type, default, documented range and meaning
//! are declared once, beside the struct, by [`table!`]. The checks (`agora check` and every
//! loader, content embedded in saves included), the defaults and the guide's reference are
//! all read from it, so they cannot drift apart.

use std::fmt;

/// What values a parameter may take.
#[derive(Debug, Clone, Copy)]
pub enum Range {
    /// A finite real number from the first to the second, both included.
    Real(f64, f64),
    /// A whole number from the first to the second, both included.
    Whole(u64, u64),
    /// A group of parameters with its own table.
    Group(fn() -> &'static [Spec]),
    /// A switch or a choice of names: no number to bound.
    Other,
}

impl Range {
    /// Whether `n` lies in this range.
    pub fn admits(&self, n: Num) -> bool {
        match (*self, n) {
            (Range::Real(lo, hi), Num::Real(v)) => v.is_finite() && lo <= v && v <= hi,
            (Range::Real(lo, hi), Num::Whole(v)) => lo <= v as f64 && v as f64 <= hi,
            (Range::Whole(lo, hi), Num::Whole(v)) => lo <= v && v <= hi,
            (Range::Whole(lo, hi), Num::Real(v)) => {
                v.fract() == 0.0 && lo as f64 <= v && v <= hi as f64
            }
            (Range::Group(_) | Range::Other, _) => false,
        }
    }

    /// Whether the range holds whole numbers only.
    pub fn is_whole(&self) -> bool {
        matches!(self, Range::Whole(..))
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Range::Real(lo, hi) => write!(f, "a number from {lo} to {hi}"),
            Range::Whole(lo, hi) => write!(f, "a whole number from {lo} to {hi}"),
            Range::Group(_) => f.write_str("a group of parameters"),
            Range::Other => f.write_str("one of its names"),
        }
    }
}

/// One field of a parameter table.
#[derive(Debug)]
pub struct Spec {
    pub name: &'static str,
    /// The Rust type, as declared (`f64`, `[u32; 4]`, `TraderKind`).
    pub ty: &'static str,
    /// The default, as declared (`1.0 / 3.0`).
    pub default: &'static str,
    pub range: Range,
    /// The doc comment, one entry a line.
    pub doc: &'static [&'static str],
}

impl Spec {
    /// The doc comment as one line of text.
    pub fn meaning(&self) -> String {
        let lines: Vec<&str> = self.doc.iter().map(|l| l.trim()).collect();
        lines.join(" ")
    }
}

/// A number read from a parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Real(f64),
    Whole(u64),
}

/// Very large and very small reals in exponent form (`1e300`, not three hundred digits).
impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Num::Real(v) if v != 0.0 && !(1e-6..1e15).contains(&v.abs()) => write!(f, "{v:e}"),
            Num::Real(v) => write!(f, "{v}"),
            Num::Whole(v) => write!(f, "{v}"),
        }
    }
}

/// Each number a value holds, by path, with the spec of the field it is in.
pub type Visit<'a> = dyn FnMut(&str, Num, &'static Spec) + 'a;

/// A value that may hold parameters: numbers, arrays of them, groups; switches and choices
/// hold none.
pub trait Field {
    fn numbers(&self, path: &str, spec: &'static Spec, out: &mut Visit<'_>);
}

impl Field for f64 {
    fn numbers(&self, path: &str, spec: &'static Spec, out: &mut Visit<'_>) {
        out(path, Num::Real(*self), spec);
    }
}

impl Field for u32 {
    fn numbers(&self, path: &str, spec: &'static Spec, out: &mut Visit<'_>) {
        out(path, Num::Whole(u64::from(*self)), spec);
    }
}

impl Field for u64 {
    fn numbers(&self, path: &str, spec: &'static Spec, out: &mut Visit<'_>) {
        out(path, Num::Whole(*self), spec);
    }
}

impl Field for bool {
    fn numbers(&self, _: &str, _: &'static Spec, _: &mut Visit<'_>) {}
}

/// Each element is addressed by its index (`wellbeing.weights.0`) and has the array's range.
impl<T: Field, const N: usize> Field for [T; N] {
    fn numbers(&self, path: &str, spec: &'static Spec, out: &mut Visit<'_>) {
        for (i, x) in self.iter().enumerate() {
            x.numbers(&format!("{path}.{i}"), spec, out);
        }
    }
}

/// A struct declared with [`table!`].
pub trait Table {
    /// Its fields, in order.
    fn fields() -> &'static [Spec];
    /// Every number it holds, with paths under `prefix`.
    fn each_number(&self, prefix: &str, out: &mut Visit<'_>);
}

/// `a.b` from `a` and `b`, or `b` alone at the top.
pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// The spec of the field at `path` below `fields` (`market.depth`, `wellbeing.weights.1`):
/// an array's index names an element of the array's field.
pub fn find(fields: &'static [Spec], path: &str) -> Option<&'static Spec> {
    let mut fields = fields;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let spec = fields.iter().find(|s| s.name == part)?;
        match spec.range {
            Range::Group(inner) => fields = inner(),
            _ => {
                let index = parts.next();
                let in_array = match (index, array_len(spec.ty)) {
                    (None, None) => true,
                    (Some(i), Some(n)) => i.parse::<usize>().is_ok_and(|i| i < n),
                    _ => false,
                };
                return (in_array && parts.peek().is_none()).then_some(spec);
            }
        }
    }
    None
}

/// `Some(n)` for an array type `[T; n]`.
fn array_len(ty: &str) -> Option<usize> {
    let inner = ty.strip_prefix('[')?.strip_suffix(']')?;
    inner.rsplit(';').next()?.trim().parse().ok()
}

/// Every number of `value` outside its field's range: `(path, value, spec)`.
pub fn out_of_range<T: Table>(value: &T, prefix: &str) -> Vec<(String, Num, &'static Spec)> {
    let mut bad = Vec::new();
    value.each_number(prefix, &mut |path, n, spec| {
        if !spec.range.admits(n) {
            bad.push((path.to_string(), n, spec));
        }
    });
    bad
}

/// Declare parameter structs with their table: every field's doc comment, type, default and
/// range, written once. Each struct gets `Default`, serde (every field optional, unknown
/// fields refused) and [`Table`].
macro_rules! table {
    ($(
        $(#[doc = $sdoc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $doc:literal])*
                pub $field:ident: $ty:ty = $default:expr, $range:expr;
            )*
        }
    )*) => {$(
        $(#[doc = $sdoc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            $( $(#[doc = $doc])* pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                $name { $( $field: $default, )* }
            }
        }

        impl $crate::engine::params::table::Table for $name {
            fn fields() -> &'static [$crate::engine::params::table::Spec] {
                use $crate::engine::params::table::Spec;
                const FIELDS: &[Spec] = &[$(Spec {
                    name: stringify!($field),
                    ty: stringify!($ty),
                    default: stringify!($default),
                    range: $range,
                    doc: &[$($doc),*],
                }),*];
                FIELDS
            }

            #[allow(unused_variables)]
            fn each_number(&self, prefix: &str, out: &mut $crate::engine::params::table::Visit<'_>) {
                use $crate::engine::params::table::{Field, join};
                let mut specs = <Self as $crate::engine::params::table::Table>::fields().iter();
                $(
                    if let Some(spec) = specs.next() {
                        self.$field.numbers(&join(prefix, stringify!($field)), spec, out);
                    }
                )*
            }
        }

        impl $crate::engine::params::table::Field for $name {
            fn numbers(
                &self,
                path: &str,
                _: &'static $crate::engine::params::table::Spec,
                out: &mut $crate::engine::params::table::Visit<'_>,
            ) {
                $crate::engine::params::table::Table::each_number(self, path, out);
            }
        }
    )*};
}
pub(crate) use table;

/// Switches and choices: fields of a table that hold no number.
macro_rules! no_numbers {
    ($($t:ty),*) => {$(
        impl $crate::engine::params::table::Field for $t {
            fn numbers(
                &self,
                _: &str,
                _: &'static $crate::engine::params::table::Spec,
                _: &mut $crate::engine::params::table::Visit<'_>,
            ) {
            }
        }
    )*};
}
pub(crate) use no_numbers;
