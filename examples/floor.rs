//! The floor of `bench/compare.sh`: the least a program can do with an
//! agenda file, which is to read it and parse it into a generic
//! `toml::Table`. `agenda check` reads, parses, resolves every time and
//! applies every rule; its whole-process time is measured against this.
//!
//! ```sh
//! cargo run --release --example floor -- big.toml
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: floor FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("floor: cannot read {}: {err}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    match toml::from_str::<toml::Table>(&text) {
        Ok(table) => {
            // Print something that depends on the parse, so none of it
            // can be optimised away.
            println!("{} top-level keys", table.len());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("floor: {err}");
            ExitCode::from(1)
        }
    }
}
