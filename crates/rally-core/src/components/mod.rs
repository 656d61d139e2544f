//! Components as the Markdown stage meets them: [`parse`] finds `{{ goal(key="...") }}`,
//! `{% callout() %}...{% end %}` and the others in a page's text and leaves a placeholder for each
//! in its HTML; [`Unexpanded`] keeps that HTML. The render stage (`rally_render::components`)
//! replaces the placeholders once goals, campaigns, events and data files are known.

pub mod parse;

/// A page's rendered HTML as the Markdown stage made it, placeholders and all.
#[derive(Debug, Clone, Default)]
pub struct Unexpanded {
    pub html: String,
    pub summary_html: Option<String>,
    pub intro_html: String,
    pub sections: Vec<String>,
}
