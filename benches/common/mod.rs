//! A generated brand hub shared by the benchmarks.

use std::fmt::Write;

pub const WORDS: &[&str] = &[
    "river",
    "water",
    "clean",
    "volunteers",
    "community",
    "restore",
    "valley",
    "people",
    "swim",
    "wildlife",
    "school",
    "data",
    "policy",
    "funding",
    "campaign",
    "litter",
    "sewage",
    "bank",
    "tree",
    "meadow",
];

/// A hub with `n` updates of about 600 words, every third with a code block.
pub fn generate(root: &std::path::Path, n: usize) {
    let w = |p: &str, s: &str| {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    w("site.yaml", "title: Bench\nbase_url: https://bench.example/\n");
    w(
        "content/mission.md",
        "---\ntitle: Mission\nstatement: Clean rivers.\ngoals:\n  - { key: km, label: Km, target: 100, deadline: 2030-12-31 }\n---\nText.\n",
    );
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for i in 0..n {
        let mut body = String::new();
        for p in 0..8 {
            if p == 4 {
                body.push_str("## Details\n\n");
            }
            for _ in 0..75 {
                body.push_str(WORDS[next() % WORDS.len()]);
                body.push(' ');
            }
            body.push_str("\n\n");
        }
        if i % 3 == 0 {
            body.push_str("```rust\nfn main() {\n    let x = vec![1, 2, 3];\n    println!(\"{:?}\", x);\n}\n```\n");
        }
        let mut fm = String::new();
        let _ = write!(
            fm,
            "---\ntitle: Update {i}\ndate: 20{:02}-{:02}-{:02}\ndescription: Update {i}.\ntags: [t{}, t{}]\n---\n",
            10 + i % 15,
            1 + i % 12,
            1 + i % 28,
            next() % 20,
            next() % 20
        );
        w(&format!("content/updates/{i:05}-u.md"), &(fm + &body));
    }
}
