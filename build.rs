//! Links the unwinder into the binary on Linux with glibc, as
//! `gcc -static-libgcc` does for C: Rust's standard library otherwise asks
//! for `libgcc_s.so.1` at every start, only for the unwinder, and finding,
//! mapping and relocating it (and its CPU probe, costly in a virtual
//! machine) took a tenth of `agenda show` on the bundled agenda
//! (BENCHMARKS.md, start-up). With `libgcc_eh.a` linked in whole, nothing
//! is left for `libgcc_s` to provide and the linker (`--as-needed`) drops
//! it. Elsewhere, or where the C compiler has no `libgcc_eh.a` (another
//! toolchain), or in a statically linked or fuzzing build, nothing changes.

use std::env;
use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| env::var(name).unwrap_or_default();
    let gnu_linux = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    let crt_static = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|feature| feature == "crt-static");
    let fuzzing = env::var_os("CARGO_CFG_FUZZING").is_some();
    if gnu_linux && !crt_static && !fuzzing && has_libgcc_eh(&var("RUSTC_LINKER")) {
        println!("cargo::rustc-link-lib=static:+whole-archive,-bundle=gcc_eh");
    }
}

/// Whether the C compiler that links the binary has the static unwinder.
fn has_libgcc_eh(linker: &str) -> bool {
    let cc = if linker.is_empty() { "cc" } else { linker };
    Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .is_some_and(|path| {
            // Without the file, cc echoes the bare name back.
            let path = Path::new(path.trim());
            path.is_absolute() && path.exists()
        })
}
