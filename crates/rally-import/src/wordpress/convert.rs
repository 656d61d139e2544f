//! A post body to Markdown: Gutenberg blocks or classic-editor text (wpautop), shortcodes and
//! embeds turned into components, then HTML into Markdown. Components are held as placeholders
//! while the HTML is converted, so Markdown escaping never touches them.

use super::blocks::{self, Block, Node};
use super::shortcodes::{self, Shortcode};
use crate::html;
use crate::markdown::{self, arg};

/// A photo the body shows, with its address already rewritten.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Photo {
    pub src: String,
    pub alt: String,
    pub caption: String,
}

/// What the conversion of one body needs to know of the rest of the export.
pub struct Context<'a> {
    /// The post's title, for components that need one (a video's).
    pub title: &'a str,
    /// Rewrites an address: media to their local copies, old links to their new pages.
    pub url: &'a dyn Fn(&str) -> String,
    /// The photo of an attachment id.
    pub attachment: &'a dyn Fn(u64) -> Option<Photo>,
    /// The photos attached to this post (a [gallery] without ids shows them).
    pub attached: &'a [Photo],
    /// The post's footnotes, as the block editor keeps them (JSON of `[{id, content}]`).
    pub footnotes: &'a str,
}

/// A converted body.
#[derive(Debug, Default)]
pub struct Converted {
    pub markdown: String,
    /// The text before `<!--more-->`, as plain text.
    pub teaser: Option<String>,
    /// What was not converted faithfully, one line each.
    pub problems: Vec<String>,
}

/// Blocks that show WordPress's own data at request time: nothing to convert.
const DYNAMIC: [&str; 16] = [
    "latest-posts",
    "latest-comments",
    "archives",
    "categories",
    "calendar",
    "tag-cloud",
    "search",
    "rss",
    "page-list",
    "navigation",
    "query",
    "social-links",
    "loginout",
    "post-comments",
    "comments",
    "legacy-widget",
];
/// Blocks whose HTML converts as it is.
const PLAIN: [&str; 24] = [
    "paragraph",
    "heading",
    "list",
    "list-item",
    "image",
    "quote",
    "pullquote",
    "preformatted",
    "code",
    "table",
    "separator",
    "verse",
    "columns",
    "column",
    "group",
    "cover",
    "media-text",
    "audio",
    "video",
    "file",
    "details",
    "html",
    "missing",
    "footnotes",
];

struct Run<'a, 'c> {
    ctx: &'a Context<'c>,
    components: crate::placeholders::Held,
    problems: Vec<String>,
}

/// Converts a post body.
pub fn convert(content: &str, ctx: &Context) -> Converted {
    let mut run = Run { ctx, components: crate::placeholders::Held::default(), problems: Vec::new() };
    let teaser = content.find("<!--more").map(|i| plain_text(&content[..i])).filter(|t| !t.is_empty());
    let html = if blocks::has_blocks(content) {
        let nodes = blocks::parse(content);
        run.nodes(&nodes, true)
    } else {
        run.classic(content)
    };
    let mut problems = std::mem::take(&mut run.problems);
    let md = markdown::to_markdown(&html, ctx.url, &mut problems);
    let markdown = run.components.fill(&md);
    problems.dedup();
    Converted { markdown, teaser, problems }
}

/// HTML as plain text on one line (summaries).
pub fn plain_text(html_text: &str) -> String {
    let text = html::text_of(&html::parse(html_text));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Run<'_, '_> {
    fn hold(&mut self, component: String) -> String {
        let token = self.components.hold(component);
        format!("\n\n<p>{token}</p>\n\n")
    }

    fn classic(&mut self, text: &str) -> String {
        let text = self.shortcodes(text);
        let text = self.auto_embeds(&text);
        super::autop::autop(&text)
    }

    /// A line holding only a link to a video is an embed in WordPress.
    fn auto_embeds(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let t = line.trim();
            if t.starts_with("http") && !t.contains(char::is_whitespace) && !t.contains('<') {
                let held = self.embed(t);
                out.push_str(&held);
            } else {
                out.push_str(line);
            }
        }
        out
    }

    fn nodes(&mut self, nodes: &[Node], top: bool) -> String {
        let mut out = String::new();
        for n in nodes {
            match n {
                Node::Html(h) if top && !h.trim().is_empty() => out.push_str(&self.classic(h)),
                Node::Html(h) => out.push_str(&self.shortcodes(h)),
                Node::Block(b) => out.push_str(&self.block(b)),
            }
        }
        out
    }

    fn block(&mut self, b: &Block) -> String {
        let name = b.name.as_str();
        match name {
            "freeform" => self.classic(&b.html()),
            "gallery" => {
                let mut photos = gallery_photos(b);
                for p in &mut photos {
                    p.src = (self.ctx.url)(&p.src);
                }
                self.gallery(&photos)
            }
            "shortcode" => self.shortcodes(&b.html()),
            "more" | "nextpage" | "spacer" => String::new(),
            "footnotes" => self.footnotes(),
            "button" | "buttons" => self.buttons(b),
            n if n == "embed" || n.starts_with("core-embed/") => {
                let url = b.attr_str("url").unwrap_or_default().to_string();
                self.embed(&url)
            }
            n if DYNAMIC.contains(&n) => {
                self.problems
                    .push(format!("block `{n}` shows WordPress data when the page is served; it was left out"));
                String::new()
            }
            n => {
                if !PLAIN.contains(&n) {
                    self.problems.push(format!("block `{n}` was converted from its HTML alone"));
                }
                self.nodes(&b.inner, false)
            }
        }
    }

    /// Buttons: each link a call to action.
    fn buttons(&mut self, b: &Block) -> String {
        let mut out = String::new();
        let mut all = String::new();
        collect_html(b, &mut all);
        for node in html::parse(&all) {
            let html::Node::Element(e) = node else { continue };
            for a in std::iter::once(&e).chain(e.descendants()).filter(|d| d.name == "a") {
                let label = plain_text(&a.text());
                let url = (self.ctx.url)(a.attr("href").unwrap_or_default());
                if !label.is_empty() && !url.is_empty() {
                    let held = self.hold(format!("{{{{ cta(label={}, url={}) }}}}", arg(&label), arg(&url)));
                    out.push_str(&held);
                }
            }
        }
        out
    }

    /// The footnotes block: Markdown footnotes, which the references (`<sup data-fn>`) name.
    fn footnotes(&mut self) -> String {
        let notes: Vec<serde_json::Value> = serde_json::from_str(self.ctx.footnotes).unwrap_or_default();
        let mut defs = Vec::new();
        for note in &notes {
            let (Some(id), Some(content)) = (note["id"].as_str(), note["content"].as_str()) else { continue };
            let text = markdown::to_markdown(content, self.ctx.url, &mut self.problems);
            defs.push(format!("[^{id}]: {}", text.trim().replace('\n', "\n    ")));
        }
        if defs.is_empty() {
            return String::new();
        }
        self.hold(defs.join("\n\n"))
    }

    fn embed(&mut self, url: &str) -> String {
        let url = url.trim();
        if let Some(id) = shortcodes::youtube_id(url) {
            let title = if self.ctx.title.trim().is_empty() { "Video" } else { self.ctx.title };
            return self.hold(format!("{{{{ video(youtube={}, title={}) }}}}", arg(&id), arg(title)));
        }
        if url.is_empty() {
            return String::new();
        }
        self.problems.push(format!("the embed of {url} is a link"));
        let url = (self.ctx.url)(url);
        format!("\n\n<p><a href=\"{0}\">{0}</a></p>\n\n", rally_core::format::escape_html(&url))
    }

    fn gallery(&mut self, photos: &[Photo]) -> String {
        if photos.is_empty() {
            self.problems.push("a gallery without photos was left out".to_string());
            return String::new();
        }
        let mut c = String::from("{% gallery() %}\n");
        for p in photos {
            let alt = p.alt.replace(['[', ']', '\n'], " ");
            c.push_str(&format!("- ![{}](<{}>)", alt.trim(), p.src));
            if !p.caption.trim().is_empty() {
                c.push(' ');
                c.push_str(&markdown::break_components(&p.caption.replace('\n', " ")));
            }
            c.push('\n');
        }
        c.push_str("{% end %}");
        self.hold(c)
    }

    fn shortcodes(&mut self, text: &str) -> String {
        if !text.contains('[') {
            return text.to_string();
        }
        let mut unknown = Vec::new();
        let out = shortcodes::replace(text, &mut |sc| {
            let done = self.shortcode(sc);
            if done.is_none() {
                unknown.push(sc.name.clone());
            }
            done
        });
        for name in unknown {
            self.problems.push(format!("shortcode [{name}] was kept as text"));
        }
        out
    }

    fn shortcode(&mut self, sc: &Shortcode) -> Option<String> {
        match sc.name.as_str() {
            "caption" | "wp_caption" => Some(self.caption(sc)),
            "gallery" => {
                let ids: Vec<u64> =
                    sc.attr("ids").unwrap_or("").split(',').filter_map(|s| s.trim().parse().ok()).collect();
                let photos: Vec<Photo> = if ids.is_empty() {
                    self.ctx.attached.to_vec()
                } else {
                    ids.iter().filter_map(|&id| (self.ctx.attachment)(id)).collect()
                };
                Some(self.gallery(&photos))
            }
            "embed" => Some(self.embed(sc.content.as_deref().unwrap_or_default())),
            "audio" | "video" => Some(self.media(sc)),
            _ => None,
        }
    }

    fn caption(&mut self, sc: &Shortcode) -> String {
        let content = sc.content.clone().unwrap_or_default();
        let nodes = html::parse(&content);
        let img = nodes.iter().find_map(|n| match n {
            html::Node::Element(e) if e.name == "img" => Some(e.clone()),
            html::Node::Element(e) => e.descendants().into_iter().find(|d| d.name == "img").cloned(),
            _ => None,
        });
        let text = sc.attr("caption").map_or_else(|| plain_text(&strip_images(&content)), plain_text);
        let Some(img) = img else { return content };
        let src = (self.ctx.url)(img.attr("src").unwrap_or_default());
        let alt = img.attr("alt").filter(|a| !a.trim().is_empty()).map_or(text.clone(), str::to_string);
        if text.is_empty() {
            return format!(
                "<img src=\"{}\" alt=\"{}\">",
                rally_core::format::escape_html(&src),
                rally_core::format::escape_html(&alt)
            );
        }
        self.hold(format!("{{{{ figure(src={}, alt={}, caption={}) }}}}", arg(&src), arg(&alt), arg(&text)))
    }

    fn media(&mut self, sc: &Shortcode) -> String {
        let keys = ["src", "", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "flv"];
        let src = keys.iter().find_map(|k| sc.attr(k)).unwrap_or_default();
        if sc.name == "video"
            && let Some(_) = shortcodes::youtube_id(src)
        {
            return self.embed(src);
        }
        if src.is_empty() {
            self.problems.push(format!("[{}] without a file was left out", sc.name));
            return String::new();
        }
        let src = rally_core::format::escape_html(&(self.ctx.url)(src));
        format!("\n\n<{0} controls preload=\"none\" src=\"{src}\"><a href=\"{src}\">{src}</a></{0}>\n\n", sc.name)
    }
}

fn strip_images(html_text: &str) -> String {
    let mut out = String::new();
    let mut rest = html_text;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find('>').map_or("", |e| &rest[i + e + 1..]);
    }
    out.push_str(rest);
    out
}

fn collect_html(b: &Block, out: &mut String) {
    for n in &b.inner {
        match n {
            Node::Html(h) => out.push_str(h),
            Node::Block(inner) => collect_html(inner, out),
        }
    }
}

/// The photos of a gallery block: its images (nested image blocks or a list), with captions.
fn gallery_photos(b: &Block) -> Vec<Photo> {
    let mut all = String::new();
    collect_html(b, &mut all);
    let mut photos = Vec::new();
    for node in html::parse(&all) {
        let html::Node::Element(e) = node else { continue };
        let els = std::iter::once(&e).chain(e.descendants()).cloned().collect::<Vec<_>>();
        for fig in els.iter().filter(|d| d.name == "figure" || d.name == "li") {
            let inner = fig.descendants();
            if inner.iter().any(|d| d.name == "figure") {
                continue;
            }
            let Some(img) = inner.iter().find(|d| d.name == "img") else { continue };
            let caption =
                inner.iter().find(|d| d.name == "figcaption").map(|c| plain_text(&c.text())).unwrap_or_default();
            photos.push(Photo {
                src: img.attr("src").unwrap_or_default().to_string(),
                alt: img.attr("alt").unwrap_or_default().to_string(),
                caption,
            });
        }
    }
    photos
}
