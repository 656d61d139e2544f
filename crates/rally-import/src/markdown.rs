//! HTML to Markdown: paragraphs, headings, emphasis, links, images, lists, quotes, code and rules
//! become Markdown; figures with a caption become `figure` components; what Markdown cannot
//! express (tables, iframes, forms, `<sup>`, elements with a style) is kept as HTML, written as it
//! was. Every URL goes through the caller's rewriting (media to local files, old links to new).

use crate::html::{self, Element, Node};

/// Converts `src` to Markdown. `url` rewrites each link and image address; `problems` receives a
/// line for what could not be kept (a script).
pub fn to_markdown(src: &str, url: &dyn Fn(&str) -> String, problems: &mut Vec<String>) -> String {
    let nodes = html::parse(src);
    let mut c = Converter { src, url, problems };
    let out = c.blocks(&nodes);
    out.trim().to_string() + "\n"
}

struct Converter<'a> {
    src: &'a str,
    url: &'a dyn Fn(&str) -> String,
    problems: &'a mut Vec<String>,
}

/// Inline elements written as Markdown, or looked through.
const INLINE: [&str; 12] = ["a", "strong", "b", "em", "i", "code", "br", "img", "span", "font", "tt", "label"];
/// Block elements whose content is converted as blocks (their own markup dropped).
const CONTAINERS: [&str; 9] = ["div", "section", "article", "header", "footer", "main", "aside", "center", "nav"];

impl Converter<'_> {
    /// Block-level Markdown for a list of nodes: runs of inline nodes become paragraphs.
    fn blocks(&mut self, nodes: &[Node]) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut run: Vec<&Node> = Vec::new();
        for n in nodes {
            match n {
                Node::Element(e) if !is_inline(e) => {
                    self.flush(&mut run, &mut parts);
                    let md = self.block(e);
                    if !md.trim().is_empty() {
                        parts.push(md.trim_end().to_string());
                    }
                }
                Node::Comment(_) => {}
                _ => run.push(n),
            }
        }
        self.flush(&mut run, &mut parts);
        parts.join("\n\n")
    }

    fn flush(&mut self, run: &mut Vec<&Node>, parts: &mut Vec<String>) {
        let owned: Vec<Node> = run.drain(..).cloned().collect();
        let text = self.inline(&owned);
        let text = text.trim();
        if !text.is_empty() {
            parts.push(escape_line_starts(text));
        }
    }

    fn block(&mut self, e: &Element) -> String {
        match e.name.as_str() {
            "p" if e.attr("style").is_none() => {
                let t = self.inline(&e.children);
                escape_line_starts(t.trim())
            }
            h if html::is_heading(h) => {
                let level = usize::from(h.as_bytes()[1] - b'0');
                let t = self.inline(&e.children).replace('\n', " ");
                format!("{} {}", "#".repeat(level), t.trim())
            }
            "ul" | "ol" => self.list(e),
            "blockquote" => {
                let inner = self.blocks(&e.children);
                inner
                    .lines()
                    .map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            "pre" => fenced(&e.text(), e),
            "hr" => "---".to_string(),
            "figure" => self.figure(e),
            "script" => {
                self.problems.push("a `<script>` was left out".to_string());
                String::new()
            }
            "style" => String::new(),
            c if CONTAINERS.contains(&c) && e.attr("style").is_none() && e.attr("id").is_none() => {
                self.blocks(&e.children)
            }
            _ => self.raw(e, true),
        }
    }

    /// Inline Markdown for a list of nodes.
    fn inline(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(&escape_text(&collapse_space(t))),
                Node::Comment(_) => {}
                Node::Element(e) => {
                    let piece = self.inline_element(e);
                    out.push_str(&piece);
                }
            }
        }
        out
    }

    fn inline_element(&mut self, e: &Element) -> String {
        let wrap = |s: String, mark: &str| {
            let t = s.trim();
            if t.is_empty() { s } else { format!("{mark}{t}{mark}") }
        };
        match e.name.as_str() {
            "strong" | "b" => {
                let inner = self.inline(&e.children);
                wrap(inner, "**")
            }
            "em" | "i" => {
                let inner = self.inline(&e.children);
                wrap(inner, "*")
            }
            "code" | "tt" => code_span(&e.text()),
            "br" => "\\\n".to_string(),
            "img" => self.image(e),
            // a footnote reference of the block editor
            "sup" if e.attr("data-fn").is_some_and(|id| !id.is_empty() && !id.contains([']', ' '])) => {
                format!("[^{}]", e.attr("data-fn").unwrap_or_default())
            }
            "a" => self.link(e),
            "span" | "font" | "label" if e.attr("style").is_none() => self.inline(&e.children),
            "script" => {
                self.problems.push("a `<script>` was left out".to_string());
                String::new()
            }
            _ if is_inline(e) || INLINE.contains(&e.name.as_str()) => self.raw(e, false),
            _ => {
                let md = self.block(e);
                format!("\n\n{md}\n\n")
            }
        }
    }

    fn image(&mut self, e: &Element) -> String {
        let src = (self.url)(e.attr("src").unwrap_or_default());
        let alt = e.attr("alt").unwrap_or_default().replace(['[', ']'], "");
        match e.attr("title").filter(|t| !t.is_empty()) {
            Some(t) => format!("![{alt}](<{src}> \"{}\")", t.replace('"', "'")),
            None => format!("![{alt}](<{src}>)"),
        }
    }

    fn link(&mut self, e: &Element) -> String {
        let Some(href) = e.attr("href") else { return self.inline(&e.children) };
        let href = (self.url)(href);
        let text = self.inline(&e.children);
        let text = text.trim();
        // an image linked to its own file is the image alone
        if let [Node::Element(img)] = e.children.as_slice()
            && img.name == "img"
            && (self.url)(img.attr("src").unwrap_or_default()) == href
        {
            return text.to_string();
        }
        if text.is_empty() {
            return String::new();
        }
        format!("[{text}](<{href}>)")
    }

    fn list(&mut self, e: &Element) -> String {
        let ordered = e.name == "ol";
        let mut out = Vec::new();
        let start = e.attr("start").and_then(|s| s.parse::<u64>().ok()).unwrap_or(1);
        let items = e.children.iter().filter_map(|c| if let Node::Element(li) = c { Some(li) } else { None });
        for (n, item) in (start..).zip(items) {
            let marker = if ordered { format!("{n}. ") } else { "- ".to_string() };
            let body = if item.name == "li" { self.blocks(&item.children) } else { self.block(item) };
            let pad = " ".repeat(marker.len());
            let mut lines = body.trim().lines();
            let first = lines.next().unwrap_or("");
            let mut s = format!("{marker}{first}");
            for l in lines {
                s.push('\n');
                if !l.is_empty() {
                    s.push_str(&pad);
                    s.push_str(l);
                }
            }
            out.push(s);
        }
        out.join("\n")
    }

    /// A figure: an image with a caption becomes the `figure` component, other figures their
    /// content.
    fn figure(&mut self, e: &Element) -> String {
        let all = e.descendants();
        let imgs: Vec<&&Element> = all.iter().filter(|d| d.name == "img").collect();
        let caption = all.iter().find(|d| d.name == "figcaption").map(|c| collapse_space(&c.text()).trim().to_string());
        match (imgs.as_slice(), caption) {
            ([img], Some(caption)) if !caption.is_empty() => {
                let src = (self.url)(img.attr("src").unwrap_or_default());
                let alt = img.attr("alt").filter(|a| !a.trim().is_empty()).map_or(caption.clone(), str::to_string);
                format!("{{{{ figure(src={}, alt={}, caption={}) }}}}", arg(&src), arg(&alt), arg(&caption))
            }
            _ => {
                let inner: Vec<Node> = e
                    .children
                    .iter()
                    .filter(|n| !matches!(n, Node::Element(c) if c.name == "figcaption"))
                    .cloned()
                    .collect();
                self.blocks(&inner)
            }
        }
    }

    /// An element kept as HTML, its URLs rewritten and `srcset` dropped (the photo pipeline makes
    /// its own); a block keeps no blank line, which would end it in Markdown.
    fn raw(&mut self, e: &Element, block: bool) -> String {
        let text = rewrite_attrs(&self.src[e.span.clone()], self.url);
        let text = break_components(&text);
        if !block {
            return text.replace('\n', " ");
        }
        let mut out = String::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

fn is_inline(e: &Element) -> bool {
    const MORE: [&str; 22] = [
        "sup", "sub", "del", "s", "ins", "mark", "abbr", "cite", "q", "kbd", "small", "u", "big", "dfn", "var", "samp",
        "time", "acronym", "strike", "bdi", "bdo", "wbr",
    ];
    INLINE.contains(&e.name.as_str()) || MORE.contains(&e.name.as_str())
}

/// A component argument in double quotes (a double quote inside becomes a typographic one).
pub fn arg(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "”").replace('\n', " "))
}

/// Rewrites the `src` and `href` of every tag in raw HTML and drops `srcset` and `sizes`.
fn rewrite_attrs(html: &str, url: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(|c: char| c.is_ascii_whitespace()) {
        let (before, after) = rest.split_at(i + 1);
        out.push_str(before);
        rest = after;
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        let (name, drop) = if lower.starts_with("src=\"") {
            ("src=\"", false)
        } else if lower.starts_with("href=\"") {
            ("href=\"", false)
        } else if lower.starts_with("srcset=\"") {
            ("srcset=\"", true)
        } else if lower.starts_with("sizes=\"") {
            ("sizes=\"", true)
        } else {
            continue;
        };
        let Some(end) = rest[name.len()..].find('"').map(|e| name.len() + e) else { continue };
        if !drop {
            let value = rally_core::format::unescape_html(&rest[name.len()..end]);
            out.push_str(name);
            out.push_str(&rally_core::format::escape_html(&url(&value)));
            out.push('"');
        } else {
            out.pop();
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Text that Rally would read as a component (`{{`, `{%`) is written so it is not one.
pub fn break_components(s: &str) -> String {
    s.replace("{{", "{&#123;").replace("{%", "{&#37;")
}

fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Escapes the characters Markdown would read as markup in running text.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    break_components(&out)
}

/// Escapes what would start a heading, quote, list or rule at the start of a line.
fn escape_line_starts(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.trim_start();
        let digits = l.bytes().take_while(u8::is_ascii_digit).count();
        let escaped = if l.starts_with(['#', '>', '-', '+', '=', '|']) {
            format!("\\{l}")
        } else if digits > 0 && matches!(l.as_bytes().get(digits), Some(b'.' | b')')) {
            format!("{}\\{}", &l[..digits], &l[digits..])
        } else {
            l.to_string()
        };
        out.push(escaped);
    }
    out.join("\n")
}

fn code_span(code: &str) -> String {
    let ticks = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{code}{pad}{ticks}")
}

fn fenced(code: &str, e: &Element) -> String {
    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
    let inner = e.descendants().into_iter().find(|d| d.name == "code");
    let class = inner.and_then(|c| c.attr("class")).or(e.attr("class")).unwrap_or("");
    let lang =
        class.split_whitespace().find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-"))).unwrap_or("");
    format!("{fence}{lang}\n{}\n{fence}", code.trim_end_matches('\n'))
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        let mut problems = Vec::new();
        to_markdown(html, &|u: &str| u.replace("https://old.example/wp-content/uploads/", "/images/"), &mut problems)
    }

    #[test]
    fn text_markup_links_and_images() {
        assert_eq!(
            md(
                "<h2>Hello <em>world</em></h2><p>A <strong>bold</strong> [move] at 3*4<br/>next <a href=\"https://x.example/\">link</a></p>"
            ),
            "## Hello *world*\n\nA **bold** \\[move\\] at 3\\*4\\\nnext [link](<https://x.example/>)\n"
        );
        assert_eq!(
            md(
                "<p><a href=\"https://old.example/wp-content/uploads/a.jpg\"><img src=\"https://old.example/wp-content/uploads/a.jpg\" alt=\"A\"></a></p>"
            ),
            "![A](</images/a.jpg>)\n"
        );
    }

    #[test]
    fn lists_quotes_code_and_line_starts() {
        assert_eq!(md("<ul><li>one</li><li>two<ol><li>deep</li></ol></li></ul>"), "- one\n- two\n\n  1. deep\n");
        assert_eq!(md("<blockquote><p>Said.</p><p>Twice.</p></blockquote>"), "> Said.\n>\n> Twice.\n");
        assert_eq!(md("<pre><code class=\"language-rust\">let a = 1;\n</code></pre>"), "```rust\nlet a = 1;\n```\n");
        assert_eq!(
            md("<p># not a heading</p><p>1. not a list {{ x }}</p>"),
            "\\# not a heading\n\n1\\. not a list {&#123; x }}\n"
        );
    }

    #[test]
    fn figures_become_components_and_tables_stay_html() {
        assert_eq!(
            md(
                "<figure><img src=\"https://old.example/wp-content/uploads/b.jpg\" alt=\"\"><figcaption>The \"river\"</figcaption></figure>"
            ),
            "{{ figure(src=\"/images/b.jpg\", alt=\"The ”river”\", caption=\"The ”river”\") }}\n"
        );
        assert_eq!(
            md(
                "<table>\n<tr><td><img src=\"https://old.example/wp-content/uploads/c.jpg\" srcset=\"c-300x200.jpg 300w\"></td></tr>\n\n</table>"
            ),
            "<table>\n<tr><td><img src=\"/images/c.jpg\"></td></tr>\n</table>\n"
        );
        let mut problems = Vec::new();
        assert_eq!(to_markdown("<p>a</p><script>x()</script>", &|u: &str| u.to_string(), &mut problems), "a\n");
        assert_eq!(problems, ["a `<script>` was left out"]);
    }
}
