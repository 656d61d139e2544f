//! Embeds the starter site `rally init` writes in the binary.

include!("build/embed.rs");

fn main() {
    println!("cargo:rerun-if-changed=build/embed.rs");
    embed("STARTER_FILES", "src/scaffold/starter");
}
