//! Rendering cost of the terminal game: every screen at 200×60 after a full 40-turn game
//! (view code only, into a buffer, and a full draw through `TestBackend`), and the time to
//! the first frame (load the scenario catalogue, build the app, draw the title).
//!
//! `cargo bench --bench render`
//!
//! Each render is timed twice: by wall clock, and by this thread's CPU time (from
//! `/proc/thread-self/schedstat`, Linux), which other processes on a busy machine do not
//! inflate.

use agora::lab::sim::SimSpec;
use agora::tui::app::{self, App};
use agora::tui::catalog;
use agora::tui::msg::{Msg, Tab};
use agora::tui::session::Session;
use agora::tui::theme::Theme;
use agora::tui::{Options, dispatch, draw};
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::hint::black_box;
use std::time::Duration;

/// This thread's CPU time in nanoseconds, as the scheduler counts it.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// A criterion measurement of CPU time rather than wall time.
struct ThreadCpu;

struct Nanos;

impl ValueFormatter for Nanos {
    fn scale_values(&self, ns: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if ns < 1e3 {
            (1.0, "ns")
        } else if ns < 1e6 {
            (1e-3, "µs")
        } else {
            (1e-6, "ms")
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(&self, _: f64, _: &Throughput, _: &mut [f64]) -> &'static str {
        "ns"
    }

    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }

    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().saturating_sub(start)
    }

    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }

    fn zero(&self) -> u64 {
        0
    }

    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanos
    }
}

fn finished_game() -> App {
    let (world, _) = SimSpec::load("riverside", None).unwrap();
    let mut app = App::in_game(Theme::color(), Session::new(world, 7));
    while !app.game().unwrap().session.game().is_over() {
        dispatch(&mut app, Msg::EndTurn);
        // The last turn asks for confirmation.
        dispatch(&mut app, Msg::Yes);
    }
    app.flash = None;
    app
}

/// The app on each screen of a finished game, every chronicle line open.
fn on_every_screen(app: &mut App, mut each: impl FnMut(Tab, &App)) {
    for tab in Tab::ALL {
        dispatch(app, Msg::GoTab(tab));
        if tab == Tab::Chronicle
            && let app::Screen::Game(g) = &mut app.screen
        {
            let keys: Vec<_> = g.chronicle.lines.iter().map(|l| l.key).collect();
            g.chronicle.open.extend(keys);
        }
        each(tab, app);
    }
}

fn screens_cpu(c: &mut Criterion<ThreadCpu>) {
    let mut app = finished_game();
    let area = Rect::new(0, 0, 200, 60);
    app.area = area;
    let mut group = c.benchmark_group("view_200x60_cpu");
    // The scheduler updates a running thread's CPU time only every tick or so: long, flat
    // samples (about half a second each) make that lag negligible.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    on_every_screen(&mut app, |tab, app| {
        let mut buf = Buffer::empty(area);
        group.bench_function(tab.title(), |b| {
            b.iter(|| {
                buf.reset();
                black_box(app).render(area, &mut buf);
            })
        });
    });
    group.finish();
}

fn screens(c: &mut Criterion) {
    let mut app = finished_game();
    let area = Rect::new(0, 0, 200, 60);
    app.area = area;
    let mut group = c.benchmark_group("view_200x60");
    on_every_screen(&mut app, |tab, app| {
        let mut buf = Buffer::empty(area);
        group.bench_function(tab.title(), |b| {
            b.iter(|| {
                buf.reset();
                black_box(app).render(area, &mut buf);
            })
        });
    });
    group.finish();
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut group = c.benchmark_group("draw_200x60");
    for tab in [Tab::Overview, Tab::Bonds, Tab::Chronicle] {
        dispatch(&mut app, Msg::GoTab(tab));
        group.bench_function(tab.title(), |b| {
            b.iter(|| {
                // Clear so every frame is drawn in full, not diffed against the last.
                term.clear().unwrap();
                draw(&mut term, &mut app).unwrap();
            })
        });
    }
    group.finish();
}

fn first_frame(c: &mut Criterion) {
    c.bench_function("first_frame_80x24", |b| {
        b.iter(|| {
            let mut app = App::new(
                Theme::color(),
                catalog::scenarios(None),
                &Options::default(),
            );
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            draw(&mut term, &mut app).unwrap();
            black_box(term);
        })
    });
}

criterion_group!(benches, screens, first_frame);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(ThreadCpu);
    targets = screens_cpu
}
criterion_main!(benches, cpu);
