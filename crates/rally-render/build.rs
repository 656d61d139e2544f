//! Embeds the built-in themes (`themes/` at the workspace root) in the binary.

include!("../../build/embed.rs");

fn main() {
    println!("cargo:rerun-if-changed=../../build/embed.rs");
    embed("THEME_FILES", "../../themes");
}
