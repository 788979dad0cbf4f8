use std::process::ExitCode;

fn main() -> ExitCode {
    agenda::run()
}
