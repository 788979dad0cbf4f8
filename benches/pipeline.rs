//! In-process benchmarks of each stage on synthetic agendas of 1,000,
//! 10,000 and 100,000 blocks (`cargo bench`). The whole-process comparison
//! with the floor and the Python peer is `bench/compare.sh`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use agenda::{Format, View};
use agenda::{Zone, ZoneSource};

#[path = "../examples/gen_agenda.rs"]
#[allow(dead_code, unreachable_pub)]
mod gen_agenda;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn text(blocks: usize) -> String {
    gen_agenda::generate(blocks, gen_agenda::DEFAULT_ROOMS, gen_agenda::DEFAULT_ZONE)
}

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for blocks in SIZES {
        let text = text(blocks);
        group.throughput(Throughput::Elements(blocks as u64));
        group.bench_with_input(BenchmarkId::new("parse", blocks), &text, |b, text| {
            b.iter(|| black_box(agenda::parse(text)))
        });
        group.bench_with_input(BenchmarkId::new("check", blocks), &text, |b, text| {
            b.iter(|| black_box(agenda::load(text)))
        });
        let checked = agenda::load(&text);
        assert!(!checked.has_errors(), "the generated agenda has errors");
        let Some(model) = checked.agenda else {
            panic!("the generated agenda has no model");
        };
        let view = View {
            zones: vec![(Zone::get("Asia/Tokyo").expect("Tokyo"), ZoneSource::Flag)],
            breaks: true,
            alarm: None,
            // A fixed stamp, as SOURCE_DATE_EPOCH would give.
            generated: chrono::DateTime::from_timestamp(1_618_000_000, 0).unwrap_or_default(),
            width: None,
            tzdb: None,
        };
        group.bench_with_input(BenchmarkId::new("show", blocks), &model, |b, model| {
            b.iter(|| black_box(Format::Table.renderer().render(model, &view)))
        });
        group.bench_with_input(BenchmarkId::new("ics", blocks), &model, |b, model| {
            b.iter(|| black_box(Format::Ics.renderer().render(model, &view)))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
