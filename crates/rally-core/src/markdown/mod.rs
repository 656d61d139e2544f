//! The Markdown stage: a page body in, HTML and what the rest of the build needs to know about it
//! out (table of contents, summary, `## ` sections, anchors, links with their positions).
//! Pure, and safe to call from many threads at once.

pub mod highlight;
mod summary;
mod toc;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options as CmOptions, Parser, Tag, TagEnd, html,
};
use std::cell::Cell;
use std::collections::VecDeque;
use std::ops::Range;

pub use toc::{Heading, slugify};

use crate::format::{Marks, Smart};

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
    /// With `sections`: a `# ` heading starts a group of sections (FAQ pages).
    pub groups: bool,
    /// Smart punctuation in these marks (the page's language), never inside code.
    pub smart: Option<Marks>,
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

/// A `# ` heading of a page split into sections, and the `## ` sections under it: the FAQ's
/// groups of questions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectionGroup {
    pub id: String,
    pub title: String,
    pub title_html: String,
    /// The text between the `# ` heading and its first `## ` section.
    pub intro_html: String,
    pub line: usize,
    /// The sections under the heading, as a range of `Rendered::sections`.
    pub sections: std::ops::Range<usize>,
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
    /// The `# ` headings that group `sections`, when the page has any (sections before the first
    /// one belong to no group).
    pub groups: Vec<SectionGroup>,
    pub anchors: Vec<String>,
    pub links: Vec<Link>,
    pub word_count: usize,
    pub problems: Vec<Problem>,
    /// The components of the body, in order: the HTML holds a placeholder for each, which
    /// the model replaces with what `rally_render::components::expansions` makes.
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

/// The number of words of `text`, as `split_whitespace` counts them; ASCII text is counted a byte
/// at a time, which is several times faster.
fn words_in(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let space = matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// Whether inline HTML opens (`Some(true)`) or closes (`Some(false)`) an `<a>` element.
fn is_anchor_tag(html: &str) -> Option<bool> {
    let t = html.trim_start().to_ascii_lowercase();
    if t.starts_with("</a>") || t.starts_with("</a ") {
        Some(false)
    } else if t.starts_with("<a ") || t.starts_with("<a>") {
        Some(true)
    } else {
        None
    }
}

/// The byte ranges of the bare URLs in `text` (`https://…`, `http://…`, `www.…`), with trailing
/// punctuation and an unbalanced closing parenthesis left out, as GitHub's autolinks do.
fn bare_urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while from < text.len() {
        let rest = &text[from..];
        let next = ["https://", "http://", "www."].iter().filter_map(|p| rest.find(p).map(|i| (i, *p))).min();
        let Some((i, prefix)) = next else { break };
        let start = from + i;
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '@' | ':')) {
            from = start + prefix.len();
            continue;
        }
        let len = text[start..].find(|c: char| c.is_whitespace() || c == '<').unwrap_or(text.len() - start);
        let mut end = start + len;
        while end > start + prefix.len() {
            let url = &text[start..end];
            let punctuation =
                url.ends_with(['?', '!', '.', ',', ':', '*', '_', '~', ';', '\'', '"', '”', '’', '»', '“', '…']);
            let unbalanced = url.ends_with(')') && url.matches(')').count() > url.matches('(').count();
            if !(punctuation || unbalanced) {
                break;
            }
            end -= 1;
        }
        let host =
            text.get(start + prefix.len()..end).unwrap_or_default().split(['/', '?', '#']).next().unwrap_or_default();
        if host.contains('.') || prefix != "www." && !host.is_empty() {
            out.push((start, end));
        }
        from = end.max(start + prefix.len());
    }
    out
}

fn is_more_marker(html: &str) -> bool {
    let t = html.trim();
    t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).is_some_and(|inner| inner.trim() == "more")
}

/// Where an event handed to the HTML writer starts or ends a `# ` or `## ` heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    /// The start of a heading of this level on this line of the file, the `toc`-th heading.
    HeadStart {
        level: u8,
        line: usize,
        toc: usize,
    },
    HeadEnd,
}

/// A `# ` or `## ` section as byte offsets into the page's HTML.
#[derive(Debug, Default)]
struct SectionSpan {
    level: u8,
    start: usize,
    title_start: usize,
    title_end: usize,
    body_start: usize,
    line: usize,
    /// The heading's place in the flat table of contents.
    toc: usize,
}

/// State of one pass over the events. Events stream through to the HTML writer as they are
/// made (only an open heading is held back, until its id is known), so memory stays proportional
/// to the HTML, not to the number of events.
struct Pass<'a, 'r, 'c> {
    text: &'a str,
    lines: Lines<'a>,
    resolver: &'r dyn LinkResolver,
    options: Options,
    /// Events made and not yet handed to the writer.
    pending: VecDeque<(Event<'a>, Mark)>,
    out: Rendered,
    ids: toc::IdAllocator,
    flat_toc: Vec<Heading>,
    /// Index into `pending` of the open heading, with its text so far and source offset.
    heading: Option<(usize, String, usize)>,
    code: Option<(String, String)>,
    image: Option<usize>,
    /// Bytes of HTML before the `<!-- more -->` line.
    more_at: Option<usize>,
    /// Bytes of HTML written so far.
    written: &'c Cell<usize>,
    sections: Vec<SectionSpan>,
    /// The mark of the event handed over last, whose end is where the next one starts.
    last_mark: Mark,
    summary: summary::Collector,
    /// The most events ever held back at once.
    peak_pending: usize,
    /// Inside a link (Markdown or raw HTML `<a>`): its text is not linked again.
    in_link: usize,
    smart: Option<Smart>,
}

impl<'a, 'r, 'c> Pass<'a, 'r, 'c> {
    fn new(
        text: &'a str,
        first_line: usize,
        resolver: &'r dyn LinkResolver,
        options: &Options,
        written: &'c Cell<usize>,
    ) -> Self {
        Pass {
            text,
            lines: Lines::new(text, first_line),
            resolver,
            options: *options,
            pending: VecDeque::new(),
            out: Rendered::default(),
            ids: toc::IdAllocator::default(),
            flat_toc: Vec::new(),
            heading: None,
            code: None,
            image: None,
            more_at: None,
            written,
            sections: Vec::new(),
            last_mark: Mark::None,
            summary: summary::Collector::default(),
            peak_pending: 0,
            in_link: 0,
            smart: options.smart.map(Smart::with_marks),
        }
    }
}

impl<'a> Pass<'a, '_, '_> {
    fn push(&mut self, ev: Event<'a>) {
        self.pending.push_back((ev, Mark::None));
        self.peak_pending = self.peak_pending.max(self.pending.len());
    }

    /// Notes what `ev` starts or ends, as it goes to the writer (everything before it is written).
    fn hand_over(&mut self, ev: Event<'a>, mark: Mark) -> Event<'a> {
        let now = self.written.get();
        self.close_mark(now);
        match mark {
            Mark::HeadStart { level, line, toc } => {
                self.sections.push(SectionSpan { level, start: now, line, toc, ..Default::default() })
            }
            Mark::HeadEnd => {
                if let Some(s) = self.sections.last_mut() {
                    s.title_end = now;
                }
            }
            Mark::None => {}
        }
        self.last_mark = mark;
        self.summary.feed(&ev);
        ev
    }

    /// Records where the event handed over last ended.
    fn close_mark(&mut self, now: usize) {
        if let Some(s) = self.sections.last_mut() {
            match self.last_mark {
                Mark::HeadStart { .. } => s.title_start = now,
                Mark::HeadEnd => s.body_start = now,
                Mark::None => {}
            }
        }
        self.last_mark = Mark::None;
    }

    fn link(&mut self, dest: CowStr<'a>, range: &Range<usize>, is_image: bool) -> CowStr<'a> {
        let (line, col) = self.lines.locate(self.text, range.start);
        let raw = dest.to_string();
        let mut resolved = dest;
        if crate::source::url::dangerous(&raw).is_some() {
            // as Hugo does: a link that would run code when followed keeps its text, not its target
            resolved = CowStr::from("");
        } else if raw.starts_with('/') && !raw.starts_with("//") {
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

    /// A run of text in pieces, each with its byte range in `text` and whether it is a bare URL
    /// (`https://…`, `www.…`, outside links and images), the other pieces with smart punctuation
    /// when the page has it.
    fn pieces(&mut self, text: &str) -> Vec<(Range<usize>, String, bool)> {
        let found = if self.in_link == 0 && self.image.is_none() { bare_urls(text) } else { Vec::new() };
        let mut pieces = Vec::new();
        let mut at = 0;
        let prose = |range: Range<usize>, smart: &mut Option<Smart>| {
            let piece = &text[range.clone()];
            let shown = smart.as_mut().map_or_else(|| piece.to_string(), |s| s.text(piece));
            (range, shown, false)
        };
        for (start, end) in found {
            if start > at {
                pieces.push(prose(at..start, &mut self.smart));
            }
            if let Some(s) = &mut self.smart {
                s.skip(&text[start..end]);
            }
            pieces.push((start..end, text[start..end].to_string(), true));
            at = end;
        }
        if at < text.len() || pieces.is_empty() {
            pieces.push(prose(at..text.len(), &mut self.smart));
        }
        pieces
    }

    /// Text in its pieces, the bare URLs made links, as GitHub writes them.
    fn autolink(&mut self, pieces: Vec<(Range<usize>, String, bool)>, offset: usize) {
        for (range, shown, url) in pieces {
            if !url {
                self.push(Event::Text(CowStr::from(shown)));
                continue;
            }
            let dest = if shown.starts_with("www.") { format!("http://{shown}") } else { shown.clone() };
            let (line, col) = self.lines.locate(self.text, offset + range.start);
            self.out.links.push(Link {
                dest: dest.clone(),
                raw: dest.clone(),
                line,
                col,
                is_image: false,
                alt: String::new(),
            });
            let link =
                Tag::Link { link_type: LinkType::Autolink, dest_url: dest.into(), title: "".into(), id: "".into() };
            self.push(Event::Start(link));
            self.push(Event::Text(CowStr::from(shown)));
            self.push(Event::End(TagEnd::Link));
        }
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
                    self.push(Event::Html(html.into()));
                }
                _ => {}
            }
            return;
        }
        if let (Some(s), Event::Start(tag)) = (&mut self.smart, &ev)
            && !matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
        {
            s.new_block();
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
                self.heading = Some((self.pending.len(), String::new(), range.start));
                self.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                self.push(Event::End(TagEnd::Heading(level)));
                self.close_heading(level);
            }
            Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }) => {
                // `<press@org.example>`: an email address, written as a `mailto:` link, never a
                // path on the site
                let (line, col) = self.lines.locate(self.text, range.start);
                let mailto = format!("mailto:{dest_url}");
                self.out.links.push(Link {
                    dest: mailto.clone(),
                    raw: mailto,
                    line,
                    col,
                    is_image: false,
                    alt: String::new(),
                });
                self.push(Event::Start(Tag::Link { link_type: LinkType::Email, dest_url, title, id }));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, &range, false);
                self.in_link += 1;
                self.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.push(ev);
            }
            Event::InlineHtml(ref h) if is_anchor_tag(h).is_some() => {
                match is_anchor_tag(h) {
                    Some(true) => self.in_link += 1,
                    _ => self.in_link = self.in_link.saturating_sub(1),
                }
                self.push(ev);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = self.link(dest_url, &range, true);
                self.image = Some(self.out.links.len() - 1);
                self.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::End(TagEnd::Image) => {
                self.image = None;
                self.push(ev);
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                self.out.anchors.push(name.to_string());
                self.push(ev);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                let pieces = match &ev {
                    Event::Text(t) => Some(self.pieces(t)),
                    _ => {
                        if let Some(s) = &mut self.smart {
                            s.skip(t);
                        }
                        None
                    }
                };
                let shown = pieces.as_ref().map(|p| p.iter().map(|(_, s, _)| s.as_str()).collect::<String>());
                let t = shown.as_deref().unwrap_or(t);
                if let Some((_, title, _)) = &mut self.heading {
                    title.push_str(t);
                }
                if let Some(i) = self.image {
                    self.out.links[i].alt.push_str(t);
                }
                self.out.word_count += words_in(t);
                match pieces {
                    Some(pieces) if pieces.iter().any(|(_, _, url)| *url) => self.autolink(pieces, range.start),
                    Some(_) => self.push(Event::Text(CowStr::from(shown.unwrap_or_default()))),
                    None => self.push(ev),
                }
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done { (" checked", "Done") } else { ("", "To do") };
                self.push(Event::InlineHtml(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ").into(),
                ));
            }
            Event::Html(ref h) if self.more_at.is_none() && is_more_marker(h) => {
                // nothing is pending here (no heading is open), so all before the marker is written
                self.more_at = Some(self.written.get());
                self.summary.more();
            }
            other => self.push(other),
        }
    }

    fn close_heading(&mut self, level: HeadingLevel) {
        let Some((start, title, offset)) = self.heading.take() else { return };
        let Some((Event::Start(Tag::Heading { id, .. }), _)) = self.pending.get_mut(start) else { return };
        let base = id.as_ref().map_or_else(|| slugify(&title), |i| i.to_string());
        let unique = self.ids.unique(&base);
        *id = Some(CowStr::from(unique.clone()));
        self.out.anchors.push(unique.clone());
        let (line, _) = self.lines.locate(self.text, offset);
        if level == HeadingLevel::H2 || level == HeadingLevel::H1 && self.options.groups {
            let mark = Mark::HeadStart { level: level_num(level), line, toc: self.flat_toc.len() };
            self.pending[start].1 = mark;
            if let Some(last) = self.pending.back_mut() {
                last.1 = Mark::HeadEnd;
            }
        }
        self.flat_toc.push(Heading { level: level_num(level), id: unique, title, children: Vec::new() });
    }

    fn finish(mut self, html: String) -> Rendered {
        self.close_mark(html.len());
        if let Some(m) = self.more_at {
            self.out.summary_html = Some(html[..m].to_string());
        }
        self.out.summary_text = std::mem::take(&mut self.summary).text();
        if self.options.sections {
            self.split_sections(&html);
        }
        self.out.html = html;
        self.out.toc = toc::nest(std::mem::take(&mut self.flat_toc));
        self.out
    }

    fn split_sections(&mut self, html: &str) {
        let first = self.sections.first().map_or(html.len(), |s| s.start);
        self.out.intro_html = html[..first].to_string();
        for (k, span) in self.sections.iter().enumerate() {
            let end = self.sections.get(k + 1).map_or(html.len(), |s| s.start);
            let h = &self.flat_toc[span.toc];
            let title_html = html[span.title_start..span.title_end.max(span.title_start)].to_string();
            let body = html[span.body_start.min(end)..end].to_string();
            if span.level == 1 {
                if let Some(g) = self.out.groups.last_mut() {
                    g.sections.end = self.out.sections.len();
                }
                let at = self.out.sections.len();
                self.out.groups.push(SectionGroup {
                    id: h.id.clone(),
                    title: h.title.clone(),
                    title_html,
                    intro_html: body,
                    line: span.line,
                    sections: at..at,
                });
                continue;
            }
            self.out.sections.push(Section {
                id: h.id.clone(),
                title: h.title.clone(),
                title_html,
                html: body,
                line: span.line,
            });
        }
        if let Some(g) = self.out.groups.last_mut() {
            g.sections.end = self.out.sections.len();
        }
    }
}

/// The events of a pass, as the HTML writer asks for them.
struct Stream<'p, 'a, 'r, 'c, P> {
    parser: P,
    pass: &'p mut Pass<'a, 'r, 'c>,
}

impl<'a, P: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Stream<'_, 'a, '_, '_, P> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if self.pass.heading.is_none()
                && let Some((ev, mark)) = self.pass.pending.pop_front()
            {
                return Some(self.pass.hand_over(ev, mark));
            }
            match self.parser.next() {
                Some((ev, range)) => self.pass.event(ev, range),
                None if self.pass.pending.is_empty() => return None,
                None => self.pass.heading = None, // an unclosed heading: write what there is
            }
        }
    }
}

/// The HTML writer's output, counting the bytes written.
struct Counted<'w> {
    html: &'w mut String,
    written: &'w Cell<usize>,
}

impl std::fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// Renders a Markdown body. `first_line` is the line of the file the body starts on, so every
/// position reported is a position in the file.
pub fn render(text: &str, first_line: usize, resolver: &dyn LinkResolver, options: &Options) -> Rendered {
    let prepass = crate::components::parse::prepass(text);
    let parsed = prepass.as_ref().map_or(text, |p| p.text.as_str());
    let written = Cell::new(0);
    let mut pass = Pass::new(text, first_line, resolver, options, &written);
    pass.lines.prepass = prepass.as_ref();
    let html = write(parsed, &mut pass);
    let mut out = pass.finish(html);
    let lines = Lines::new(text, first_line);
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

/// Streams the events of `text` through `pass` into HTML.
fn write<'a>(text: &'a str, pass: &mut Pass<'a, '_, '_>) -> String {
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    let written = pass.written;
    // one text event for a run of text (the parser splits it at `_`, `*`, entities...), so that a
    // bare URL is seen whole
    let parser = pulldown_cmark::TextMergeWithOffset::new(Parser::new_ext(text, cm_options()).into_offset_iter());
    let stream = Stream { parser, pass };
    // writing into a String cannot fail
    let _ = html::write_html_fmt(Counted { html: &mut html, written }, stream);
    html
}

#[cfg(test)]
mod tests;
