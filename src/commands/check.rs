//! `rally check`: build in memory, write nothing, report problems as text or JSON.

use std::path::Path;

use super::{content_options, print_diagnostics};
use crate::check::weight::PageWeight;
use crate::cli::{CheckArgs, Format};
use crate::error::{Diagnostic, Error, Result, Severity};
use crate::pipeline;

fn print_json(diags: &[Diagnostic], weights: &[PageWeight], budget_kb: Option<u64>) {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let pages: Vec<_> = weights
        .iter()
        .map(|w| serde_json::json!({"path": w.path, "bytes": w.bytes, "co2_grams": w.co2_grams}))
        .collect();
    let report = serde_json::json!({
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": diags,
        "weight": {"budget_kb": budget_kb, "pages": pages},
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
}

/// Runs the checks; `Ok(true)` when the site passes.
pub fn run(root: &Path, args: CheckArgs) -> Result<bool> {
    let opts = content_options(&args.content);
    let mut weights = Vec::new();
    let mut budget = None;
    let mut coverage = Vec::new();
    // a site to publish needs an absolute `base_url`: said first, among the other problems
    let mut address = None;
    let mut diags = match pipeline::build_in_memory(root, &opts) {
        Ok(built) => {
            budget = Some(built.site.config.check.page_budget_kb);
            coverage = crate::check::translations::coverage(&built.site);
            let (d, w) = crate::check::check(&built, opts.now);
            weights = w;
            d
        }
        Err(Error::Site(d)) => {
            // the site did not build: site.yaml is read again for its address, unless it is
            // what failed (then its problems are among these)
            if let Ok(config) = crate::config::load(root, None) {
                address = crate::config::require_absolute_base_url(&config).err();
            }
            d
        }
        Err(e) => return Err(e),
    };
    if let Some(d) = address {
        diags.insert(0, d);
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match args.format {
        Format::Json => print_json(&diags, &weights, budget),
        Format::Text => {
            print_diagnostics(&diags);
            for line in crate::check::weight::summary(&weights).iter().chain(&coverage) {
                eprintln!("{line}");
            }
            if diags.is_empty() {
                eprintln!("No problems found");
            } else {
                eprintln!("{errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
            }
        }
    }
    Ok(errors == 0 && (!args.strict || warnings == 0))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
