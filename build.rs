//! Links the `agenda` binary as a position-dependent executable on
//! Linux with glibc, for start-up time.
//!
//! chrono-tz's zone tables hold about 30,000 pointers. In a
//! position-independent executable each is a relocation that the dynamic
//! loader applies at every start, writing 1 MB of `.data.rel.ro`: about
//! 0.6 ms, more than reading and checking the bundled agenda takes. Linked
//! without `-pie`, they are resolved once, at link time, and `agenda check`
//! on the bundled agenda starts in 1.0 ms instead of 1.7 ms (BENCHMARKS.md).
//! The executable's own image then loads at a fixed address; shared
//! libraries, stack and heap are still randomised.
fn main() {
    let var = |name| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
