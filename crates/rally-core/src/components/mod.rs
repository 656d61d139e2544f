//! Components as the Markdown stage meets them: [`parse`] finds `{{ goal(key="...") }}`,
//! `{% callout() %}...{% end %}` and the others in a page's text and leaves a placeholder for each
//! in its HTML; [`Unexpanded`] keeps that HTML. `rally_render::components` works out each page's
//! [`Expansion`] once goals, campaigns, events and data files are known, and the model puts it in
//! place before the site is frozen (see `model::Complete`).

use crate::error::Diagnostic;
use crate::model::page::Page;

pub mod parse;

/// A page's rendered HTML as the Markdown stage made it, placeholders and all.
#[derive(Debug, Clone, Default)]
pub struct Unexpanded {
    pub html: String,
    pub summary_html: Option<String>,
    pub intro_html: String,
    pub sections: Vec<String>,
}

/// A page's HTML as written (placeholders and all) and with its components expanded, and the
/// problems met expanding them.
#[derive(Debug, Clone)]
pub struct Expansion {
    pub raw: Unexpanded,
    pub out: Unexpanded,
    pub errors: Vec<Diagnostic>,
}

impl Expansion {
    /// Puts the expanded HTML in `page`, keeping the HTML as written so the expansion can run
    /// again on a page kept between builds; returns the problems.
    pub fn apply(self, page: &mut Page) -> Vec<Diagnostic> {
        let Expansion { raw, out, errors } = self;
        // the body of this page alone: a copy when the site of another language shares it
        let md = std::sync::Arc::make_mut(&mut page.md);
        md.html = out.html;
        md.summary_html = out.summary_html;
        md.intro_html = out.intro_html;
        for (s, h) in md.sections.iter_mut().zip(out.sections) {
            s.html = h;
        }
        md.unexpanded = Some(Box::new(raw));
        errors
    }
}
