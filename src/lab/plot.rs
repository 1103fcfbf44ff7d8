//! `agora lab --plot FILE.svg`: each headline metric in a panel, each policy a series of
//! means with their 95% intervals — one point per grid point of a sweep, joined by a line.
//!
//! Drawn with plotters' SVG backend alone: text is written as SVG `<text>` for the viewer to
//! set, so no font files or system libraries are needed.

use anyhow::{Result, anyhow};
use plotters::prelude::*;

use crate::lab::stats::Estimate;
use crate::lab::summary::SummaryJson;

/// Panel grid: three by three holds the nine headline metrics.
const COLS: usize = 3;
const PANEL: (u32, u32) = (420, 300);
const HEADER: u32 = 64;

/// The colour of the `k`-th policy.
fn colour(k: usize) -> RGBColor {
    const C: [RGBColor; 8] = [
        RGBColor(0x1f, 0x77, 0xb4),
        RGBColor(0xd6, 0x27, 0x28),
        RGBColor(0x2c, 0xa0, 0x2c),
        RGBColor(0x94, 0x67, 0xbd),
        RGBColor(0xff, 0x7f, 0x0e),
        RGBColor(0x8c, 0x56, 0x4b),
        RGBColor(0xe3, 0x77, 0xc2),
        RGBColor(0x17, 0xbe, 0xcf),
    ];
    match C.get(k) {
        Some(c) => *c,
        None => {
            let (r, g, b) = Palette99::pick(k).rgb();
            RGBColor(r, g, b)
        }
    }
}

/// An interval's ends, the mean standing in for an end that is not finite (one seed).
fn ends(e: &Estimate) -> (f64, f64) {
    let lo = if e.lo.is_finite() { e.lo } else { e.mean };
    let hi = if e.hi.is_finite() { e.hi } else { e.mean };
    (lo, hi)
}

/// The SVG of a run's summaries (one per grid point, `labels` naming the points; a run
/// without a sweep has one point and no label).
pub fn svg(title: &str, points: &[SummaryJson], labels: &[String]) -> Result<String> {
    let first = points.first().ok_or_else(|| anyhow!("nothing to plot"))?;
    let policies = &first.policies;
    let metrics = first.means.len();
    let rows = metrics.div_ceil(COLS) as u32;
    let size = (PANEL.0 * COLS as u32, HEADER + PANEL.1 * rows);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        let fail = |e: DrawingAreaErrorKind<std::io::Error>| anyhow!("cannot draw the plot: {e}");
        root.fill(&WHITE).map_err(fail)?;
        let (head, body) = root.split_vertically(HEADER);
        head.draw(&Text::new(title.to_string(), (12, 8), ("sans-serif", 18)))
            .map_err(fail)?;
        // The legend: one entry per policy, in order.
        let mut x = 12;
        for (k, p) in policies.iter().enumerate() {
            head.draw(&Circle::new((x + 5, 44), 5, colour(k).filled()))
                .map_err(fail)?;
            head.draw(&Text::new(p.clone(), (x + 14, 36), ("sans-serif", 14)))
                .map_err(fail)?;
            x += 30 + 8 * p.chars().count() as i32;
        }
        let panels = body.split_evenly((rows as usize, COLS));
        let g = points.len();
        let k = policies.len();
        for (m, panel) in panels.iter().enumerate().take(metrics) {
            let name = &first.means[m].metric;
            let est = |gp: usize, pk: usize| points[gp].means[m].by_policy[pk].1;
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for gp in 0..g {
                for pk in 0..k {
                    let e = est(gp, pk);
                    if e.mean.is_finite() {
                        let (a, b) = ends(&e);
                        lo = lo.min(a);
                        hi = hi.max(b);
                    }
                }
            }
            if !lo.is_finite() {
                (lo, hi) = (0.0, 1.0);
            }
            let pad = if hi > lo {
                (hi - lo) * 0.08
            } else {
                lo.abs().max(1.0) * 0.05
            };
            let mut chart = ChartBuilder::on(panel)
                .caption(name, ("sans-serif", 15))
                .margin(10)
                .x_label_area_size(if labels.is_empty() { 8 } else { 28 })
                .y_label_area_size(52)
                .build_cartesian_2d(-0.5f64..g as f64 - 0.5, lo - pad..hi + pad)
                .map_err(fail)?;
            let label = |x: &f64| {
                let i = x.round();
                if (x - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            };
            chart
                .configure_mesh()
                .disable_x_mesh()
                .max_light_lines(0)
                .x_labels(if labels.is_empty() { 0 } else { 2 * g + 1 })
                .x_label_formatter(&label)
                .y_labels(5)
                .label_style(("sans-serif", 11))
                .draw()
                .map_err(fail)?;
            for pk in 0..k {
                let c = colour(pk);
                let at =
                    |gp: usize| gp as f64 + (pk as f64 - (k as f64 - 1.0) / 2.0) * 0.5 / k as f64;
                let series: Vec<(f64, Estimate)> = (0..g)
                    .map(|gp| (at(gp), est(gp, pk)))
                    .filter(|(_, e)| e.mean.is_finite())
                    .collect();
                chart
                    .draw_series(series.iter().map(|(x, e)| {
                        let (a, b) = ends(e);
                        // The bar marks the mean with a filled dot.
                        ErrorBar::new_vertical(*x, a, e.mean, b, c.filled().stroke_width(2), 6)
                    }))
                    .map_err(fail)?;
                if g > 1 {
                    chart
                        .draw_series(LineSeries::new(
                            series.iter().map(|(x, e)| (*x, e.mean)),
                            c.mix(0.5),
                        ))
                        .map_err(fail)?;
                }
            }
        }
        root.present().map_err(fail)?;
    }
    Ok(out)
}
