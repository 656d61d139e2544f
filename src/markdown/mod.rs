//! The Markdown stage: a page body in, HTML and what the rest of the build needs to know about it
//! out (table of contents, summary, `## ` sections, anchors, links with their positions).
//! Pure, and safe to call from many threads at once.

pub mod highlight;
mod toc;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options as CmOptions, Parser, Tag, TagEnd, html};
use std::ops::Range;

pub use toc::{Heading, slugify};

/// Resolves `@/path.md` internal links to URL paths.
pub trait LinkResolver: Sync {
    /// `content_path` is the part after `@/` without any `#fragment`.
    fn resolve(&self, content_path: &str) -> Option<String>;

    /// The site's base path (`/` or `/sub/path/`): root-relative links get it prefixed.
    fn base_path(&self) -> &str {
        "/"
    }
}

/// Markdown rendering switches.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Highlight fenced code with syntect (otherwise plain, escaped code).
    pub highlight: bool,
    /// Also render each `## ` section separately (values and FAQ pages).
    pub sections: bool,
}

/// A `## ` section of a page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub title_html: String,
    pub html: String,
    pub line: usize,
}

/// A link or image destination in the body.
#[derive(Debug, Clone)]
pub struct Link {
    /// The destination after `@/` resolution (with its fragment).
    pub dest: String,
    /// The destination as written.
    pub raw: String,
    pub line: usize,
    pub col: usize,
    pub is_image: bool,
    pub alt: String,
}

/// A problem in the body, at a line and column of the file.
#[derive(Debug, Clone)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// What comes before a `<!-- more -->` line, if there is one.
    pub summary_html: Option<String>,
    /// The summary as plain text: what comes before `<!-- more -->`, or else the first paragraph
    /// (cut at about 50 words); none for a body without text.
    pub summary_text: Option<String>,
    pub toc: Vec<Heading>,
    pub intro_html: String,
    pub sections: Vec<Section>,
    pub anchors: Vec<String>,
    pub links: Vec<Link>,
    pub word_count: usize,
    pub problems: Vec<Problem>,
    /// The components of the body, in order: the HTML holds a placeholder for each, which
    /// [`crate::components::expand`] replaces.
    pub components: Vec<crate::components::parse::Call>,
    /// The HTML with its placeholders, kept once the components are expanded.
    pub unexpanded: Option<Box<crate::components::Unexpanded>>,
}

/// Byte offset -> (line, column) of the file, both 1-based.
struct Lines<'p> {
    starts: Vec<usize>,
    first_line: usize,
    /// The body's components, when the Markdown parsed is the body with placeholders.
    prepass: Option<&'p crate::components::parse::Prepass>,
}

impl Lines<'_> {
    fn new(text: &str, first_line: usize) -> Lines<'static> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts, first_line, prepass: None }
    }

    /// `offset` is an offset of the Markdown parsed; `text` is the body.
    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        self.locate_body(text, self.prepass.map_or(offset, |p| p.original(offset)))
    }

    /// `offset` is an offset of the body `text`.
    fn locate_body(&self, text: &str, offset: usize) -> (usize, usize) {
        let idx = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[idx];
        let end = offset.min(text.len());
        let col = text.get(start..end).map_or(end - start, |s| s.chars().count()) + 1;
        (idx + self.first_line, col)
    }
}

pub(crate) fn cm_options() -> CmOptions {
    CmOptions::ENABLE_TABLES
        | CmOptions::ENABLE_FOOTNOTES
        | CmOptions::ENABLE_STRIKETHROUGH
        | CmOptions::ENABLE_TASKLISTS
        | CmOptions::ENABLE_HEADING_ATTRIBUTES
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

fn is_more_marker(html: &str) -> bool {
    let t = html.trim();
    t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).is_some_and(|inner| inner.trim() == "more")
}

/// State of one pass over the events.
struct Pass<'a, 'r> {
    text: &'a str,
    lines: Lines<'a>,
    resolver: &'r dyn LinkResolver,
    options: Options,
    events: Vec<Event<'a>>,
    out: Rendered,
    ids: toc::IdAllocator,
    flat_toc: Vec<Heading>,
    /// Index into `events` of the open heading, with its text so far and source offset.
    heading: Option<(usize, String, usize)>,
    code: Option<(String, String)>,
    image: Option<usize>,
    more_at: Option<usize>,
    /// (event index of an `## ` heading start, its id, title, line)
    h2_marks: Vec<(usize, usize)>,
}

impl<'a> Pass<'a, '_> {
    fn link(&mut self, dest: CowStr<'a>, range: &Range<usize>, is_image: bool) -> CowStr<'a> {
        let (line, col) = self.lines.locate(self.text, range.start);
        let raw = dest.to_string();
        let mut resolved = dest;
        if raw.starts_with('/') && !raw.starts_with("//") {
            resolved = CowStr::from(crate::model::urls::site_url(self.resolver.base_path(), &raw));
        } else if let Some(target) = raw.strip_prefix("@/") {
            let (path, frag) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
            match self.resolver.resolve(path) {
                Some(url) => resolved = CowStr::from(frag.map_or(url.clone(), |f| format!("{url}#{f}"))),
                None => self.out.problems.push(Problem {
                    line,
                    col,
                    message: format!("link to @/{path} leads nowhere: no such content file"),
                }),
            }
        }
        self.out.links.push(Link { dest: resolved.to_string(), raw, line, col, is_image, alt: String::new() });
        resolved
    }

    fn event(&mut self, ev: Event<'a>, range: Range<usize>) {
        if let Some((code_lang, buf)) = &mut self.code {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = if self.options.highlight {
                        highlight::highlight(buf, code_lang)
                    } else {
                        highlight::plain(buf, code_lang)
                    };
                    self.code = None;
                    self.events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading = Some((self.events.len(), String::new(), range.start));
                self.events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.events.push(Event::End(TagEnd::Heading(level)));
                self.close_heading(level);
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, &range, false);
                self.events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, &range, true);
                self.image = Some(self.out.links.len() - 1);
                self.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Image) => {
                self.image = None;
                self.events.push(ev);
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                self.out.anchors.push(name.to_string());
                self.events.push(ev);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, title, _)) = &mut self.heading {
                    title.push_str(t);
                }
                if let Some(i) = self.image {
                    self.out.links[i].alt.push_str(t);
                }
                self.out.word_count += t.split_whitespace().count();
                self.events.push(ev);
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done { (" checked", "Done") } else { ("", "To do") };
                self.events.push(Event::InlineHtml(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ").into(),
                ));
            }
            Event::Html(ref h) if self.more_at.is_none() && is_more_marker(h) => {
                self.more_at = Some(self.events.len());
            }
            other => self.events.push(other),
        }
    }

    fn close_heading(&mut self, level: HeadingLevel) {
        let Some((start, title, offset)) = self.heading.take() else { return };
        let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start] else { return };
        let base = id.as_ref().map_or_else(|| slugify(&title), |i| i.to_string());
        let unique = self.ids.unique(&base);
        *id = Some(CowStr::from(unique.clone()));
        self.out.anchors.push(unique.clone());
        let (line, _) = self.lines.locate(self.text, offset);
        if level == HeadingLevel::H2 {
            self.h2_marks.push((start, line));
        }
        self.flat_toc.push(Heading { level: level_num(level), id: unique, title, children: Vec::new() });
    }

    fn finish(mut self) -> Rendered {
        let events = std::mem::take(&mut self.events);
        html::push_html(&mut self.out.html, events.iter().cloned());
        if let Some(m) = self.more_at {
            let mut s = String::new();
            html::push_html(&mut s, events[..m].iter().cloned());
            self.out.summary_html = Some(s);
        }
        self.out.summary_text = summary_text(&events, self.more_at);
        if self.options.sections {
            self.split_sections(&events);
        }
        self.out.toc = toc::nest(std::mem::take(&mut self.flat_toc));
        self.out
    }

    fn split_sections(&mut self, events: &[Event<'a>]) {
        let render = |evs: &[Event<'a>]| {
            let mut s = String::new();
            html::push_html(&mut s, evs.iter().cloned());
            s
        };
        let first = self.h2_marks.first().map_or(events.len(), |m| m.0);
        self.out.intro_html = render(&events[..first]);
        let h2s: Vec<&Heading> = self.flat_toc.iter().filter(|h| h.level == 2).collect();
        for (k, &(start, line)) in self.h2_marks.iter().enumerate() {
            let end = self.h2_marks.get(k + 1).map_or(events.len(), |m| m.0);
            let close = events[start..end]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H2))))
                .map_or(start, |p| start + p);
            let h = h2s[k];
            self.out.sections.push(Section {
                id: h.id.clone(),
                title: h.title.clone(),
                title_html: render(&events[(start + 1).min(close)..close]),
                html: render(&events[(close + 1).min(end)..end]),
                line,
            });
        }
    }
}

/// The plain text of the events before `more` (all of them), or of the first paragraph when there
/// is no `more`, cut at about 50 words.
fn summary_text(events: &[Event<'_>], more: Option<usize>) -> Option<String> {
    const WORDS: usize = 50;
    let mut text = String::new();
    let mut in_paragraph = false;
    for ev in &events[..more.unwrap_or(events.len())] {
        match ev {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if more.is_none() && !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                in_paragraph = false;
                text.push(' ');
            }
            Event::Text(t) | Event::Code(t) if in_paragraph || more.is_some() => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        0 => None,
        n if n > WORDS => Some(format!("{}…", words[..WORDS].join(" ").trim_end_matches(['.', ',', ';', ':']))),
        _ => Some(words.join(" ")),
    }
}

/// Renders a Markdown body. `first_line` is the line of the file the body starts on, so every
/// position reported is a position in the file.
pub fn render(text: &str, first_line: usize, resolver: &dyn LinkResolver, options: &Options) -> Rendered {
    let prepass = crate::components::parse::prepass(text);
    let mut lines = Lines::new(text, first_line);
    lines.prepass = prepass.as_ref();
    let mut pass = Pass {
        text,
        lines,
        resolver,
        options: *options,
        events: Vec::new(),
        out: Rendered::default(),
        ids: toc::IdAllocator::default(),
        flat_toc: Vec::new(),
        heading: None,
        code: None,
        image: None,
        more_at: None,
        h2_marks: Vec::new(),
    };
    let parsed = prepass.as_ref().map_or(text, |p| p.text.as_str());
    for (ev, range) in Parser::new_ext(parsed, cm_options()).into_offset_iter() {
        pass.event(ev, range);
    }
    let lines = Lines::new(text, first_line);
    let mut out = pass.finish();
    if let Some(p) = &prepass {
        for e in &p.errors {
            let (line, col) = lines.locate_body(text, e.offset);
            out.problems.push(Problem { line, col, message: e.message.clone() });
        }
        out.components = p
            .calls
            .iter()
            .map(|(call, offset)| {
                let (line, col) = lines.locate_body(text, *offset);
                crate::components::parse::Call { line, col, ..call.clone() }
            })
            .collect();
    }
    out
}

#[cfg(test)]
mod tests;
