//! PLACEHOLDER (replaced by the real module)
pub mod highlight;
pub trait LinkResolver: Sync {
    fn resolve(&self, content_path: &str) -> Option<String>;
}
pub struct Options {
    pub highlight: bool,
}
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}
#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub title_html: String,
    pub html: String,
    pub line: usize,
}
#[derive(Debug, Clone)]
pub struct Link {
    pub dest: String,
    pub raw: String,
    pub line: usize,
    pub col: usize,
    pub is_image: bool,
    pub alt: String,
}
#[derive(Debug, Clone)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary_html: Option<String>,
    pub toc: Vec<Heading>,
    pub intro_html: String,
    pub sections: Vec<Section>,
    pub anchors: Vec<String>,
    pub links: Vec<Link>,
    pub word_count: usize,
    pub problems: Vec<Problem>,
}
pub fn render(text: &str, _first_line: usize, _resolver: &dyn LinkResolver, _options: &Options) -> Rendered {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
    Rendered { html, ..Default::default() }
}
pub fn slugify(s: &str) -> String {
    s.to_lowercase()
}
