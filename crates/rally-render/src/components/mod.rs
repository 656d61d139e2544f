//! The components stage: between the model and the render stage, the placeholders the Markdown
//! stage left for `{{ goal(key="...") }}`, `{% callout() %}...{% end %}` and the others are replaced
//! by their HTML, now that goals, campaigns, events and data files are known. Built-in components
//! are in [`builtin`]; a site adds its own as `templates/components/NAME.html`.
//!
//! The HTML with placeholders is kept, so the stage can run again on pages kept between builds.

mod builtin;
mod embeds;

pub use builtin::{builtin_components, video_script};
pub use embeds::{embed_script, hosts};
pub use rally_core::components::{Expansion, Unexpanded, parse};

use rayon::prelude::*;

use crate::templates::Templates;
use parse::Call;
use rally_core::error::Diagnostic;
use rally_core::model::Site;
use rally_core::model::page::Page;

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

/// The expansion of the components of every page of `site`, by page index (`None`: the page has
/// none), with the problems of each; the model puts them in place (see `model::expanded`).
pub fn expansions(site: &Site, templates: &Templates) -> Vec<Option<Expansion>> {
    let shared = builtin::SharedValues::of(site);
    site.pages.par_iter().map(|p| expanded(site, templates, p, &shared)).collect()
}

/// The expansion of the components of `page`, which takes the place of the page of its path in
/// `site` (the preview's edit in place), with what `site` holds.
pub fn expansion(site: &Site, templates: &Templates, page: &Page) -> Option<Expansion> {
    if page.md.components.is_empty() {
        return None;
    }
    expanded(site, templates, page, &builtin::SharedValues::of(site))
}

fn expanded(site: &Site, templates: &Templates, p: &Page, shared: &builtin::SharedValues) -> Option<Expansion> {
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
    let ctx = builtin::Ctx { site, templates, page: p, shared };
    let html = expand_html(&raw.html, &ctx, Some(&mut errors));
    let fragment = |h: &str| expand_html(h, &ctx, None);
    let out = Unexpanded {
        html,
        summary_html: raw.summary_html.as_deref().map(fragment),
        intro_html: fragment(&raw.intro_html),
        sections: raw.sections.iter().map(|h| fragment(h)).collect(),
    };
    Some(Expansion { raw, out, errors })
}

/// Replaces the placeholders of `html` in one pass, a block once its end is reached.
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
    // the HTML so far, and a buffer for the body of each open block, with the block's index
    let mut out = String::with_capacity(html.len());
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<!--rally:") {
        let Some((mark, tail)) = rest[at + "<!--rally:".len()..].split_once("-->") else { break };
        let buf = open.last_mut().map_or(&mut out, |(_, b)| b);
        buf.push_str(&rest[..at]);
        rest = tail;
        let (closes, n) = match mark.split_once(':') {
            Some(("c", n)) => (false, n.parse::<usize>().ok()),
            Some(("end", n)) => (true, n.parse::<usize>().ok()),
            _ => (false, None),
        };
        let Some((n, call)) = n.and_then(|n| Some((n, calls.get(n)?))) else {
            buf.push_str(&format!("<!--rally:{mark}-->"));
            continue;
        };
        if closes {
            // a block closed in this fragment but opened before it is dropped with its marks
            if open.last().is_some_and(|(o, _)| *o == n) {
                let (_, body) = open.pop().unwrap_or_default();
                let made = builtin::render(ctx, call, Some(body.trim())).unwrap_or_else(|f| {
                    fail(call, f);
                    String::new()
                });
                open.last_mut().map_or(&mut out, |(_, b)| b).push_str(&made);
            }
        } else if call.block {
            open.push((n, String::new()));
        } else if !(buf.is_empty() || buf.ends_with('\n')) && builtin::makes_a_block(ctx, call) {
            let msg = format!("`{}` makes a block: put it on a line of its own, with blank lines around it", call.name);
            fail(call, Failure::Call(msg));
        } else {
            match builtin::render(ctx, call, None) {
                Ok(h) => buf.push_str(&h),
                Err(f) => fail(call, f),
            }
        }
    }
    open.last_mut().map_or(&mut out, |(_, b)| b).push_str(rest);
    // a block opened in this fragment but closed after it: its body stays, without the block
    while let Some((_, body)) = open.pop() {
        open.last_mut().map_or(&mut out, |(_, b)| b).push_str(&body);
    }
    out
}

#[cfg(test)]
mod tests;
