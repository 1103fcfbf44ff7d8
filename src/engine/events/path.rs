//! Model parameters addressed by path (`deprivation.hunger_step`, `wellbeing.weights.0`),
//! so a storylet can change any of them without a list to keep in step with `params`.
//!
//! The parameters go through `serde_json::Value` (its maps are ordered, and numbers move
//! without text, so values round-trip exactly). A value outside the parameter's range in
//! `params::table` is refused.

use serde_json::Value;

use crate::engine::params::Params;
use crate::engine::params::table::{self, Num, Spec, Table};

/// The table entry of the parameter at `path`: its range and meaning.
pub fn spec(path: &str) -> Option<&'static Spec> {
    table::find(Params::fields(), path)
}

/// The value of the parameter at `path`.
pub fn get(params: &Params, path: &str) -> Option<f64> {
    let v = serde_json::to_value(params).ok()?;
    leaf(&v, path)?.as_f64()
}

/// Set the parameter at `path`, returning its old value. A value outside the parameter's
/// documented range is refused, as `agora check` refuses it in content.
pub fn set(params: &mut Params, path: &str, value: f64) -> Result<f64, String> {
    let spec = spec(path).ok_or_else(|| format!("no parameter `{path}`"))?;
    if !spec.range.admits(Num::Real(value)) {
        return Err(format!("`{path}` is {}, not {value}", spec.range));
    }
    let mut v = serde_json::to_value(&*params).map_err(|e| e.to_string())?;
    let slot = leaf_mut(&mut v, path).ok_or_else(|| format!("no parameter `{path}`"))?;
    let old = slot
        .as_f64()
        .ok_or_else(|| format!("`{path}` is not a number"))?;
    *slot = if spec.range.is_whole() {
        Value::from(value as u64)
    } else {
        serde_json::Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| format!("`{path}` cannot be {value}"))?
    };
    *params = serde_json::from_value(v).map_err(|e| format!("`{path}`: {e}"))?;
    Ok(old)
}

/// Every numeric parameter's path, in order (for hints).
pub fn paths() -> Vec<String> {
    let mut out = Vec::new();
    Params::default().each_number("", &mut |path, _, _| out.push(path.to_string()));
    out
}

fn leaf<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, part| match v {
        Value::Object(m) => m.get(part),
        Value::Array(xs) => xs.get(part.parse::<usize>().ok()?),
        _ => None,
    })
}

fn leaf_mut<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.').try_fold(v, |v, part| match v {
        Value::Object(m) => m.get_mut(part),
        Value::Array(xs) => xs.get_mut(part.parse::<usize>().ok()?),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_and_set_by_path() {
        let mut p = Params::default();
        assert_eq!(get(&p, "deprivation.hunger_step"), Some(1.0));
        assert!(spec("deprivation.hunger_step").unwrap().range.is_whole());
        assert!(!spec("bonds.decay").unwrap().range.is_whole());
        assert_eq!(set(&mut p, "deprivation.hunger_step", 2.0), Ok(1.0));
        assert_eq!(p.deprivation.hunger_step, 2);
        assert_eq!(set(&mut p, "bonds.decay", 0.9), Ok(0.97));
        assert_eq!(p.bonds.decay, 0.9);
        assert_eq!(set(&mut p, "wellbeing.weights.1", 2.5), Ok(3.0));
        assert_eq!(p.wellbeing.weights[1], 2.5);
        assert!(set(&mut p, "deprivation.hunger_step", 1.5).is_err());
        assert!(set(&mut p, "nowhere.at_all", 1.0).is_err());
        assert_eq!(p.deprivation.hunger_step, 2);
        assert!(paths().iter().any(|x| x == "market.first_unit_value.3"));
        // Out of the documented range: refused, the parameter unchanged.
        assert!(set(&mut p, "events.per_turn", 4e9).is_err());
        assert!(set(&mut p, "wellbeing.weights.0", 1e308).is_err());
        assert!(set(&mut p, "bonds.decay", 1.5).is_err());
        assert_eq!(p, {
            let mut q = Params::default();
            q.deprivation.hunger_step = 2;
            q.bonds.decay = 0.9;
            q.wellbeing.weights[1] = 2.5;
            q
        });
    }
}
