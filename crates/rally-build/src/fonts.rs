//! `brand.fonts` in site.yaml: each font must be a WOFF2 file of the site's `static/` folder, so
//! pages load it from their own host. A missing file, another host or another format is an error
//! at the key's line.

use std::io::Read;

use rally_core::config::Config;
use rally_core::error::Diagnostic;
use rally_core::source::discover::Asset;

/// The problems of `brand.fonts`, each at its value in site.yaml.
pub fn check(config: &Config, static_files: &[Asset]) -> Vec<Diagnostic> {
    let Some(fonts) = &config.brand.fonts else { return Vec::new() };
    fonts
        .files()
        .filter_map(|(role, path, weight)| {
            let problem = weight_problem(weight).or_else(|| problem(path, static_files));
            problem.map(|m| config.error_at(&format!("brand.fonts.{role}"), m))
        })
        .collect()
}

/// A weight after the path must be a number from 1 to 1000.
fn weight_problem(weight: Option<&str>) -> Option<String> {
    let w = weight?;
    match w.parse::<u16>() {
        Ok(1..=1000) => None,
        _ => Some(format!(
            "font weight `{w}` is not a number from 1 to 1000: write the file's weight after its path (e.g. `/fonts/Lora-Bold.woff2 700`), or the path alone for a variable font"
        )),
    }
}

fn problem(path: &str, static_files: &[Asset]) -> Option<String> {
    if path.contains("://") || path.starts_with("//") {
        return Some(format!(
            "font `{path}` is on another host: put the WOFF2 file in static/ (e.g. static/fonts/) and name it as /fonts/NAME.woff2"
        ));
    }
    let rel = path.trim_start_matches('/');
    if !rel.to_ascii_lowercase().ends_with(".woff2") {
        return Some(format!(
            "font `{path}` is not a WOFF2 file: convert it (e.g. `woff2_compress {}`) and name the .woff2 file here",
            rel.rsplit('/').next().unwrap_or(rel)
        ));
    }
    let Some(asset) = static_files.iter().find(|a| a.rel == rel) else {
        return Some(format!("font `{path}` is not in static/: put the file at static/{rel}"));
    };
    let mut magic = [0u8; 4];
    let read = std::fs::File::open(&asset.abs).and_then(|mut f| f.read_exact(&mut magic));
    match read {
        Ok(()) if &magic == b"wOF2" => None,
        Ok(()) | Err(_) => Some(format!(
            "font `{path}` is not a WOFF2 font (static/{rel} does not start with `wOF2`): convert the font to WOFF2"
        )),
    }
}
