//! Model parameters addressed by path (`deprivation.hunger_step`, `wellbeing.weights.0`),
//! so a storylet can change any of them without a list to keep in step with `params`.
//!
//! The parameters go through `serde_json::Value` (its maps are ordered, and numbers move
//! without text, so values round-trip exactly). Integer parameters take integral values only.

use serde_json::Value;

use crate::engine::params::Params;

/// The value of the parameter at `path`.
pub fn get(params: &Params, path: &str) -> Option<f64> {
    let v = serde_json::to_value(params).ok()?;
    leaf(&v, path)?.as_f64()
}

/// Whether the parameter at `path` holds whole numbers.
pub fn is_integer(params: &Params, path: &str) -> bool {
    serde_json::to_value(params)
        .ok()
        .and_then(|v| leaf(&v, path).map(|l| l.is_u64() || l.is_i64()))
        .unwrap_or(false)
}

/// Set the parameter at `path`, returning its old value.
pub fn set(params: &mut Params, path: &str, value: f64) -> Result<f64, String> {
    let mut v = serde_json::to_value(&*params).map_err(|e| e.to_string())?;
    let slot = leaf_mut(&mut v, path).ok_or_else(|| format!("no parameter `{path}`"))?;
    let old = slot
        .as_f64()
        .ok_or_else(|| format!("`{path}` is not a number"))?;
    *slot = if slot.is_u64() || slot.is_i64() {
        if !(value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= u32::MAX as f64)
        {
            return Err(format!("`{path}` takes a whole number, not {value}"));
        }
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
pub fn paths(params: &Params) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(params) {
        collect(&v, String::new(), &mut out);
    }
    out
}

fn collect(v: &Value, prefix: String, out: &mut Vec<String>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                collect(x, join(k), out);
            }
        }
        Value::Array(xs) => {
            for (i, x) in xs.iter().enumerate() {
                collect(x, join(&i.to_string()), out);
            }
        }
        Value::Number(_) => out.push(prefix),
        _ => {}
    }
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
        assert!(is_integer(&p, "deprivation.hunger_step"));
        assert!(!is_integer(&p, "bonds.decay"));
        assert_eq!(set(&mut p, "deprivation.hunger_step", 2.0), Ok(1.0));
        assert_eq!(p.deprivation.hunger_step, 2);
        assert_eq!(set(&mut p, "bonds.decay", 0.9), Ok(0.97));
        assert_eq!(p.bonds.decay, 0.9);
        assert_eq!(set(&mut p, "wellbeing.weights.1", 2.5), Ok(3.0));
        assert_eq!(p.wellbeing.weights[1], 2.5);
        assert!(set(&mut p, "deprivation.hunger_step", 1.5).is_err());
        assert!(set(&mut p, "nowhere.at_all", 1.0).is_err());
        assert_eq!(p.deprivation.hunger_step, 2);
        assert!(paths(&p).iter().any(|x| x == "market.first_unit_value.3"));
    }
}
