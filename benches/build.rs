//! `cargo bench`: times an in-memory build of a generated hub (no disk writes), so changes to
//! the pipeline can be compared run to run. `benches/compare.sh` compares whole builds with Hugo.

use std::time::{Duration, Instant};

mod common;

fn main() {
    let opts = rally::pipeline::BuildOptions::default();
    for n in [100, 1000] {
        let dir = tempfile::tempdir().unwrap();
        common::generate(dir.path(), n);
        let mut best = Duration::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let built = rally::pipeline::build_in_memory(dir.path(), &opts).expect("the generated site builds");
            best = best.min(t.elapsed());
            std::hint::black_box(built.files.len());
        }
        println!("build_in_memory, {n} updates: {best:.2?} (best of 5)");
    }
}
