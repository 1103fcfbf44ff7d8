//! Small statistics for lab mode: running means and variances (Welford) and 95% confidence
//! intervals from Student's t. Values are added in a fixed order (seed, then policy), so the
//! results are the same whatever the number of threads.

use serde::Serialize;

/// A running mean and variance (Welford's algorithm).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Acc {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Acc {
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    /// The mean, its sample standard deviation and a 95% interval for the mean.
    pub fn estimate(&self) -> Estimate {
        let n = self.n;
        if n == 0 {
            return Estimate {
                n,
                mean: f64::NAN,
                sd: f64::NAN,
                lo: f64::NAN,
                hi: f64::NAN,
            };
        }
        if n == 1 {
            return Estimate {
                n,
                mean: self.mean,
                sd: f64::NAN,
                lo: f64::NEG_INFINITY,
                hi: f64::INFINITY,
            };
        }
        let sd = (self.m2 / (n - 1) as f64).sqrt();
        let half = t975(n - 1) * sd / (n as f64).sqrt();
        Estimate {
            n,
            mean: self.mean,
            sd,
            lo: self.mean - half,
            hi: self.mean + half,
        }
    }
}

/// A mean with its 95% confidence interval `[lo, hi]` (infinite with one value).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub n: u64,
    pub mean: f64,
    pub sd: f64,
    pub lo: f64,
    pub hi: f64,
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom: exact to six places from
/// a table up to 30, then the Cornish–Fisher expansion around the normal quantile (error
/// below 1e-6 from 31 on).
pub fn t975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
        2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
        2.048407, 2.045230, 2.042272,
    ];
    if df == 0 {
        return f64::INFINITY;
    }
    if df <= 30 {
        return TABLE[df as usize - 1];
    }
    let z: f64 = 1.959_963_984_540_054;
    let v = df as f64;
    let z3 = z * z * z;
    let z5 = z3 * z * z;
    let z7 = z5 * z * z;
    let z9 = z7 * z * z;
    let g1 = (z3 + z) / 4.0;
    let g2 = (5.0 * z5 + 16.0 * z3 + 3.0 * z) / 96.0;
    let g3 = (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / 384.0;
    let g4 = (79.0 * z9 + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z) / 92160.0;
    z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles() {
        assert!((t975(4) - 2.776445).abs() < 1e-6);
        // Reference values of the 0.975 quantile.
        assert!((t975(40) - 2.021075).abs() < 1e-5);
        assert!((t975(60) - 2.000298).abs() < 1e-5);
        assert!((t975(120) - 1.979930).abs() < 1e-5);
        assert!((t975(1_000_000) - 1.959966).abs() < 1e-5);
    }

    #[test]
    fn welford_matches_two_pass() {
        let xs = [0.3, 0.9, 0.1, 0.75, 0.5, 0.42];
        let mut a = Acc::default();
        xs.iter().for_each(|&x| a.push(x));
        let mean = xs.iter().sum::<f64>() / 6.0;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / 5.0;
        let e = a.estimate();
        assert!((e.mean - mean).abs() < 1e-12);
        assert!((e.sd - var.sqrt()).abs() < 1e-12);
    }
}
