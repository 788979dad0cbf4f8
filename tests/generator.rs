//! The benchmark generator (examples/gen_agenda.rs) writes agendas that
//! `agenda check` accepts without a single finding, with exactly the
//! number of blocks asked for, really parallel rooms, and the same bytes
//! every time.

// The generator is an example binary read here as a module: its `pub`
// items are for this test, not an API.
#[allow(unreachable_pub)]
#[path = "../examples/gen_agenda.rs"]
#[allow(dead_code)]
mod gen_agenda;

use std::collections::HashSet;

use gen_agenda::{generate, DEFAULT_ROOMS, DEFAULT_ZONE};

#[test]
fn generated_agendas_check_clean_with_the_asked_number_of_blocks() {
    for (blocks, rooms) in [(1, 1), (7, 3), (1_000, DEFAULT_ROOMS), (5_000, 30)] {
        let text = generate(blocks, rooms, DEFAULT_ZONE);
        let checked = agenda::load(&text);
        assert!(
            checked.findings.is_empty(),
            "{blocks} blocks in {rooms} rooms: {:#?}",
            &checked.findings[..checked.findings.len().min(3)]
        );
        let model = checked.agenda.expect("a model");
        let count: usize = model.days.iter().map(|d| d.blocks.len()).sum();
        assert_eq!(count, blocks);
        let used: HashSet<_> = model
            .days
            .iter()
            .flat_map(|d| &d.blocks)
            .filter_map(|b| b.room.as_ref())
            .collect();
        assert_eq!(used.len(), rooms.min(blocks.saturating_sub(1)));
    }
}

#[test]
fn rooms_run_in_parallel_over_several_days() {
    let model = agenda::load(&generate(5_000, DEFAULT_ROOMS, DEFAULT_ZONE))
        .agenda
        .expect("a model");
    assert!(model.days.len() > 10, "{} days", model.days.len());
    let day = &model.days[0];
    let at_once = day
        .blocks
        .iter()
        .filter(|b| b.start <= day.blocks[1].start && b.end > day.blocks[1].start)
        .count();
    assert_eq!(at_once, DEFAULT_ROOMS);
    let kinds: HashSet<_> = day.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds.len(), agenda::Kind::ALL.len());
    assert!(day.blocks.iter().any(|b| !b.items.is_empty()));
}

#[test]
fn same_arguments_same_bytes() {
    assert_eq!(
        generate(3_000, 12, "UTC"),
        generate(3_000, 12, "UTC"),
        "the generator must be deterministic"
    );
    assert_ne!(generate(3_000, 12, "UTC"), generate(3_001, 12, "UTC"));
}

#[test]
fn times_are_wall_clock_in_the_event_zone() {
    // 08:00 in Berlin is 07:00 UTC in winter (CET, UTC+1): the first day is
    // Monday 4 January 2021.
    let model = agenda::load(&generate(1, 1, DEFAULT_ZONE))
        .agenda
        .expect("a model");
    let first = &model.days[0].blocks[0];
    assert_eq!(first.start.to_rfc3339(), "2021-01-04T07:00:00+00:00");
}
