//! Influence and deliberation (Friedkin & Johnsen).
//!
//! `W_ij ∝ s_j·exp(κ·(e_j − e_i))` for j ≠ i, rows normalised; opinions move by
//! `x(t+1) = ΛWx(t) + (I − Λ)x(0)` to the fixed point `x* = V·x(0)`,
//! `V = (I − ΛW)⁻¹(I − Λ)`. The factor exp(−κ·e_i) cancels in each row, so
//! `W_ij = a_j / (A − a_i)` with `a_j = s_j·exp(κ·e_j)` and `A = Σ a`: `I − ΛW` is a diagonal
//! matrix minus a rank-one one, and Sherman–Morrison solves it exactly once per meeting.
//! Each item then settles in O(N) instead of O(N²) per iteration.

/// Susceptibility `λ_i = λ0·(1 − slope·(e_i + 1)/4)`: higher status, more stubborn. Kept
/// below 1 so every member stays anchored to their own view and the process converges.
pub fn susceptibility(lambda0: f64, slope: f64, e: f64) -> f64 {
    (lambda0 * (1.0 - slope * (e + 1.0) / 4.0)).clamp(0.0, MAX_LAMBDA)
}

/// The highest susceptibility allowed.
pub const MAX_LAMBDA: f64 = 0.999;

/// The once-per-meeting solution of the Friedkin–Johnsen fixed point.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Solver {
    /// `a_j = s_j·exp(κ·(e_j − max e))` (the shift cancels in W).
    a: Vec<f64>,
    /// `1 − λ_i`.
    anchor: Vec<f64>,
    /// `1 / M_ii`, `M_ii = 1 + u_i·a_i`, `u_i = λ_i/(A − a_i)`.
    minv: Vec<f64>,
    /// `u_i / M_ii`.
    r: Vec<f64>,
    /// `1 / (1 − Σ a_i·r_i)`.
    scale: f64,
    /// Social power π_j: the mean column of V (sums to 1).
    power: Vec<f64>,
}

impl Solver {
    /// Solve for floor shares `s`, expectations `e`, deference `kappa` and susceptibilities.
    pub fn new(s: &[f64], e: &[f64], kappa: f64, lambda: &[f64]) -> Solver {
        Solver::new_in(Solver::default(), s, e, kappa, lambda)
    }

    /// [`Solver::new`] in the lists of `old` (a room rebuilt keeps its allocations).
    pub fn new_in(old: Solver, s: &[f64], e: &[f64], kappa: f64, lambda: &[f64]) -> Solver {
        let n = s.len();
        let mut out = old.emptied();
        if n < 2 {
            out.a.resize(n, 1.0);
            out.minv.resize(n, 1.0);
            out.r.resize(n, 0.0);
            out.anchor.resize(n, 1.0);
            out.power.resize(n, 1.0);
            return out;
        }
        out.anchor.extend(lambda.iter().map(|l| 1.0 - l));
        let top = e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for (&s, &e) in s.iter().zip(e) {
            let a = s * libm::exp(kappa * (e - top));
            total += a;
            out.a.push(a);
        }
        let (mut ar, mut rsum) = (0.0, 0.0);
        for (&a, &l) in out.a.iter().zip(lambda) {
            let u = l / (total - a);
            let minv = 1.0 / (1.0 + u * a);
            let r = u * minv;
            out.minv.push(minv);
            out.r.push(r);
            ar += a * r;
            rsum += r;
        }
        out.scale = 1.0 / (1.0 - ar);
        for j in 0..n {
            let col = out.anchor[j] * out.minv[j] * (1.0 + out.a[j] * rsum * out.scale);
            out.power.push(col / n as f64);
        }
        out
    }

    /// [`Solver::new`] for `n` members with the same share `s`, expectation `e` and
    /// susceptibility `lambda` (a room of equals), bit for bit: each value is found once, and
    /// only the sums run over the members, in the same order. Built in the lists of `old`.
    pub fn uniform_in(old: Solver, n: usize, s: f64, e: f64, kappa: f64, lambda: f64) -> Solver {
        if n < 2 {
            return Solver::new_in(old, &vec![s; n], &vec![e; n], kappa, &vec![lambda; n]);
        }
        let top = (0..n).map(|_| e).fold(f64::NEG_INFINITY, f64::max);
        let a = s * libm::exp(kappa * (e - top));
        let total = (0..n).fold(0.0, |t, _| t + a);
        let u = lambda / (total - a);
        let minv = 1.0 / (1.0 + u * a);
        let r = u * minv;
        let (ar, rsum) = (0..n).fold((0.0, 0.0), |(ar, rs), _| (ar + a * r, rs + r));
        let scale = 1.0 / (1.0 - ar);
        let anchor = 1.0 - lambda;
        let col = anchor * minv * (1.0 + a * rsum * scale);
        let mut out = old.emptied();
        out.a.resize(n, a);
        out.anchor.resize(n, anchor);
        out.minv.resize(n, minv);
        out.r.resize(n, r);
        out.scale = scale;
        out.power.resize(n, col / n as f64);
        out
    }

    /// `self` with its lists emptied and its scale 1, ready to be filled again.
    fn emptied(mut self) -> Solver {
        for v in [
            &mut self.a,
            &mut self.anchor,
            &mut self.minv,
            &mut self.r,
            &mut self.power,
        ] {
            v.clear();
        }
        self.scale = 1.0;
        self
    }

    /// Settled opinions `x* = V·x(0)` into `x`.
    pub fn settle(&self, x0: &[f64], x: &mut [f64]) {
        let mut s = 0.0;
        // Zipped rather than indexed: no bounds checks in the loop.
        let consts = self.anchor.iter().zip(&self.minv).zip(&self.a);
        for ((&x0, xj), ((&anchor, &minv), &a)) in x0.iter().zip(x.iter_mut()).zip(consts) {
            let y = anchor * x0 * minv;
            *xj = y;
            s += a * y;
        }
        let s = s * self.scale;
        for (xi, &r) in x.iter_mut().zip(&self.r) {
            *xi += r * s;
        }
    }

    /// Social power π (the mean column of V): the weight of each member's initial view in
    /// the room's settled mean.
    pub fn power(&self) -> &[f64] {
        &self.power
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The influence matrix W written out (test oracle).
    pub fn dense_w(s: &[f64], e: &[f64], kappa: f64) -> Vec<Vec<f64>> {
        let n = s.len();
        (0..n)
            .map(|i| {
                let mut row: Vec<f64> = (0..n)
                    .map(|j| {
                        if i == j {
                            0.0
                        } else {
                            s[j] * libm::exp(kappa * (e[j] - e[i]))
                        }
                    })
                    .collect();
                let t: f64 = row.iter().sum();
                row.iter_mut().for_each(|w| *w /= t);
                row
            })
            .collect()
    }

    /// The Friedkin–Johnsen iteration to tolerance `tol` or `cap` rounds; returns the
    /// opinions and the rounds taken (test oracle for the closed form).
    pub fn iterate(
        w: &[Vec<f64>],
        lambda: &[f64],
        x0: &[f64],
        tol: f64,
        cap: usize,
    ) -> (Vec<f64>, usize) {
        let mut x = x0.to_vec();
        for t in 1..=cap {
            let next: Vec<f64> = (0..x.len())
                .map(|i| {
                    let wx: f64 = w[i].iter().zip(&x).map(|(w, x)| w * x).sum();
                    lambda[i] * wx + (1.0 - lambda[i]) * x0[i]
                })
                .collect();
            let delta = next
                .iter()
                .zip(&x)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max);
            x = next;
            if delta < tol {
                return (x, t);
            }
        }
        (x, cap)
    }

    #[test]
    fn susceptibility_falls_with_status() {
        assert!((susceptibility(0.9, 1.0, 0.0) - 0.675).abs() < 1e-12);
        assert!(susceptibility(0.9, 1.0, 0.5) < susceptibility(0.9, 1.0, -0.5));
        assert_eq!(susceptibility(0.9, 0.0, 0.7), 0.9);
        assert_eq!(susceptibility(1.0, 0.0, 0.0), MAX_LAMBDA);
    }

    #[test]
    fn rows_of_w_sum_to_one_and_favour_status() {
        let s = [0.4, 0.3, 0.3];
        let e = [0.5, 0.0, -0.5];
        let w = dense_w(&s, &e, 2.0);
        for row in &w {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        assert!(w[2][0] > w[2][1]);
    }

    #[test]
    fn power_sums_to_one_and_a_lone_member_keeps_their_view() {
        let s = [0.5, 0.2, 0.2, 0.1];
        let e = [0.6, 0.1, -0.2, -0.4];
        let l: Vec<f64> = e.iter().map(|&e| susceptibility(0.9, 1.0, e)).collect();
        let v = Solver::new(&s, &e, 2.0, &l);
        assert!((v.power().iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(v.power()[0] > v.power()[3]);
        let one = Solver::new(&[1.0], &[0.0], 2.0, &[0.5]);
        let mut x = [0.0];
        one.settle(&[0.3], &mut x);
        assert_eq!(x, [0.3]);
    }

    proptest! {
        #[test]
        fn a_uniform_solver_is_the_general_one_to_the_bit(
            n in 1usize..50, s in 0.001f64..1.0, e in -1.0f64..1.2, kappa in 0.0f64..4.0,
            lambda in 0.0f64..0.999,
        ) {
            let general = Solver::new(&vec![s; n], &vec![e; n], kappa, &vec![lambda; n]);
            let uniform = Solver::uniform_in(Solver::default(), n, s, e, kappa, lambda);
            prop_assert_eq!(format!("{general:?}"), format!("{uniform:?}"));
        }

        #[test]
        fn the_iteration_converges_within_its_cap_to_the_closed_form(
            people in proptest::collection::vec((0.01f64..1.0, -0.8f64..1.1, 0.0f64..1.0), 2..40),
            kappa in 0.0f64..4.0,
            lambda0 in 0.0f64..0.95,
        ) {
            let total: f64 = people.iter().map(|p| p.0).sum();
            let s: Vec<f64> = people.iter().map(|p| p.0 / total).collect();
            let e: Vec<f64> = people.iter().map(|p| p.1).collect();
            let x0: Vec<f64> = people.iter().map(|p| p.2).collect();
            let l: Vec<f64> = e.iter().map(|&e| susceptibility(lambda0, 1.0, e)).collect();
            let (tol, cap) = (1e-12, 2000);
            let (xi, rounds) = iterate(&dense_w(&s, &e, kappa), &l, &x0, tol, cap);
            prop_assert!(rounds < cap, "no convergence in {cap} rounds");
            let solver = Solver::new(&s, &e, kappa, &l);
            let mut x = vec![0.0; s.len()];
            solver.settle(&x0, &mut x);
            for (a, b) in x.iter().zip(&xi) {
                prop_assert!((a - b).abs() < 1e-9, "{a} vs {b}");
            }
            // The room's settled mean is the power-weighted mean of initial views.
            let mean = x.iter().sum::<f64>() / x.len() as f64;
            let weighted: f64 = solver.power().iter().zip(&x0).map(|(p, x)| p * x).sum();
            prop_assert!((mean - weighted).abs() < 1e-9);
        }
    }
}
