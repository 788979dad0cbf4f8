//! The end-to-end tests: the real `agenda` binary, one module per feature,
//! all run through the one hermetic harness (`harness::Test`). One test
//! binary instead of one per file: the test crate links once, which saves
//! build time and hundreds of megabytes of debug executables
//! (CONTRIBUTING.md, "Development").

mod harness;
mod server;

mod atomic_output;
mod bad_corpus;
mod check;
mod completions;
mod conflicts;
mod dialects;
mod diff;
mod error_messages;
mod export_html;
mod export_ics;
mod export_json;
mod export_markdown;
mod export_xml;
mod fetch;
mod filters;
mod flags;
mod folds;
mod hostile;
mod hostile_input;
mod hostile_names;
mod hostile_writes;
mod hours;
mod import;
mod init;
mod manpage;
mod now;
mod show;
mod stdin;
mod terminal;
mod time_order;
mod typed;
mod tz_database;
mod zone_files;
mod zones;
