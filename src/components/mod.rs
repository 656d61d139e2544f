//! The components stage: between the model and the render stage, the placeholders the Markdown
//! stage left for `{{ goal(key="...") }}`, `{% callout() %}...{% end %}` and the others are replaced
//! by their HTML, now that goals, campaigns, events and data files are known. Built-in components
//! are in [`builtin`]; a site adds its own as `templates/components/NAME.html`.
//!
//! The HTML with placeholders is kept, so the stage can run again on pages kept between builds.

mod builtin;

pub use builtin::video_script;
pub mod parse;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::render::templates::Templates;
use parse::{Call, close_placeholder, placeholder};

/// A page's rendered HTML as the Markdown stage made it, placeholders and all.
#[derive(Debug, Clone, Default)]
pub struct Unexpanded {
    html: String,
    summary_html: Option<String>,
    intro_html: String,
    sections: Vec<String>,
}

/// Why a component could not be made.
pub(crate) enum Failure {
    /// A problem with the call, reported at the component.
    Call(String),
    /// A template of the site or theme failed.
    Template(Diagnostic),
}

impl From<String> for Failure {
    fn from(s: String) -> Failure {
        Failure::Call(s)
    }
}

/// Expands the components of every page; every problem is returned.
pub fn expand(site: &mut Site, templates: &Templates) -> Vec<Diagnostic> {
    let site_ref = &*site;
    let done: Vec<Option<(Unexpanded, Unexpanded, Vec<Diagnostic>)>> = site_ref
        .pages
        .par_iter()
        .map(|p| {
            if p.md.components.is_empty() {
                return None;
            }
            let raw = p.md.unexpanded.as_deref().cloned().unwrap_or_else(|| Unexpanded {
                html: p.md.html.clone(),
                summary_html: p.md.summary_html.clone(),
                intro_html: p.md.intro_html.clone(),
                sections: p.md.sections.iter().map(|s| s.html.clone()).collect(),
            });
            let mut errors = Vec::new();
            let ctx = builtin::Ctx { site: site_ref, templates, page: p };
            let html = expand_html(&raw.html, &ctx, Some(&mut errors));
            let fragment = |h: &str| expand_html(h, &ctx, None);
            let out = Unexpanded {
                html,
                summary_html: raw.summary_html.as_deref().map(fragment),
                intro_html: fragment(&raw.intro_html),
                sections: raw.sections.iter().map(|h| fragment(h)).collect(),
            };
            Some((raw, out, errors))
        })
        .collect();
    let mut errors = Vec::new();
    for (page, d) in site.pages.iter_mut().zip(done) {
        let Some((raw, out, errs)) = d else { continue };
        page.md.html = out.html;
        page.md.summary_html = out.summary_html;
        page.md.intro_html = out.intro_html;
        for (s, h) in page.md.sections.iter_mut().zip(out.sections) {
            s.html = h;
        }
        page.md.unexpanded = Some(Box::new(raw));
        errors.extend(errs);
    }
    errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    errors
}

/// Replaces the placeholders of `html`: inline components first, then blocks, innermost first.
/// Problems go to `errors` when given.
fn expand_html(html: &str, ctx: &builtin::Ctx, mut errors: Option<&mut Vec<Diagnostic>>) -> String {
    let calls = &ctx.page.md.components;
    let mut fail = |call: &Call, f: Failure| {
        if let Some(errors) = errors.as_deref_mut() {
            errors.push(match f {
                Failure::Call(msg) => {
                    Diagnostic::error(&ctx.page.display, call.line, call.col, msg).with_source(&ctx.page.text)
                }
                Failure::Template(d) => d,
            });
        }
    };
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<!--rally:c:") {
        let after = &rest[at + "<!--rally:c:".len()..];
        let Some((n, tail)) = after.split_once("-->").and_then(|(n, t)| Some((n.parse::<usize>().ok()?, t))) else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        };
        out.push_str(&rest[..at]);
        let own_line = out.is_empty() || out.ends_with('\n');
        match calls.get(n) {
            Some(call) if !call.block && !own_line && builtin::makes_a_block(ctx, call) => {
                let msg =
                    format!("`{}` makes a block: put it on a line of its own, with blank lines around it", call.name);
                fail(call, Failure::Call(msg));
            }
            Some(call) if !call.block => match builtin::render(ctx, call, None) {
                Ok(h) => out.push_str(&h),
                Err(f) => fail(call, f),
            },
            _ => out.push_str(&placeholder(n)),
        }
        rest = tail;
    }
    out.push_str(rest);
    for (n, call) in calls.iter().enumerate().rev().filter(|(_, c)| c.block) {
        let (open, close) = (placeholder(n), close_placeholder(n));
        let (Some(a), Some(b)) = (out.find(&open), out.find(&close)) else {
            out = out.replace(&open, "").replace(&close, "");
            continue;
        };
        if b < a {
            out = out.replace(&open, "").replace(&close, "");
            continue;
        }
        let body = out[a + open.len()..b].trim().to_string();
        let made = match builtin::render(ctx, call, Some(&body)) {
            Ok(h) => h,
            Err(f) => {
                fail(call, f);
                String::new()
            }
        };
        out.replace_range(a..b + close.len(), &made);
    }
    out
}

#[cfg(test)]
mod tests;
