//! A small, forgiving HTML parser for the bodies of imported posts: tags, attributes, text and
//! comments into a tree, with the byte range of each element in the source so that HTML Markdown
//! cannot express is kept exactly as it was written. Void elements need no end tag; `<p>` and
//! `<li>` close themselves as browsers do; an end tag without an open element is ignored.

use std::ops::Range;

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    /// Text, with its character references decoded.
    Text(String),
    Comment(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Lower case.
    pub name: String,
    /// Names lower case, values decoded.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Where the element is written in the source, start tag to end tag.
    pub span: Range<usize>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        collect(&self.children, &mut out);
        out
    }

    /// The text inside, tags left out.
    pub fn text(&self) -> String {
        text_of(&self.children)
    }
}

fn collect<'a>(nodes: &'a [Node], out: &mut Vec<&'a Element>) {
    for n in nodes {
        if let Node::Element(e) = n {
            out.push(e);
            collect(&e.children, out);
        }
    }
}

/// The text of nodes, tags left out.
pub fn text_of(nodes: &[Node]) -> String {
    let mut s = String::new();
    for n in nodes {
        match n {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) if e.name == "br" => s.push('\n'),
            Node::Element(e) => s.push_str(&e.text()),
            Node::Comment(_) => {}
        }
    }
    s
}

const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];
/// Block elements that end an open paragraph.
const CLOSES_P: [&str; 17] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
];

/// Is `name` a heading element, `h1` to `h6`?
pub fn is_heading(name: &str) -> bool {
    matches!(name.as_bytes(), [b'h', b'1'..=b'6'])
}

/// Parses `src` into a list of top-level nodes.
pub fn parse(src: &str) -> Vec<Node> {
    let mut stack: Vec<Element> =
        vec![Element { name: String::new(), attrs: Vec::new(), children: Vec::new(), span: 0..0 }];
    let mut i = 0;
    let b = src.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            if src[i..].starts_with("<!--") {
                let end = src[i + 4..].find("-->").map_or(src.len(), |e| i + 4 + e + 3);
                let inner = src[i + 4..end.saturating_sub(3).max(i + 4)].to_string();
                push(&mut stack, Node::Comment(inner));
                i = end;
                continue;
            }
            if let Some((tag, end)) = read_tag(src, i) {
                let start = i;
                i = match tag {
                    Tag::Start { name, attrs, self_closing } => start_element(
                        &mut stack,
                        Element { name, attrs, children: Vec::new(), span: start..end },
                        self_closing,
                        src,
                    ),
                    Tag::End(name) => {
                        end_element(&mut stack, &name, start, end);
                        end
                    }
                    Tag::Other => end,
                };
                continue;
            }
        }
        let from = if b[i] == b'<' { i + 1 } else { i };
        let next = src[from..].find('<').map_or(src.len(), |n| from + n);
        push(&mut stack, Node::Text(rally_core::format::unescape_html(&src[i..next]).into_owned()));
        i = next;
    }
    while stack.len() > 1 {
        close_top(&mut stack, src.len());
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// Opens `el` (whose span is its start tag) and returns the offset to read on from.
fn start_element(stack: &mut Vec<Element>, mut el: Element, self_closing: bool, src: &str) -> usize {
    let (start, end) = (el.span.start, el.span.end);
    if CLOSES_P.contains(&el.name.as_str()) || is_heading(&el.name) {
        close_open(stack, "p", start, &["div", "blockquote", "li", "td", "th", "figure"]);
    }
    if el.name == "li" {
        close_open(stack, "li", start, &["ul", "ol"]);
    }
    if VOID.contains(&el.name.as_str()) || self_closing {
        push(stack, Node::Element(el));
        return end;
    }
    if RAW_TEXT.contains(&el.name.as_str()) {
        let close = format!("</{}", el.name);
        let lower = src[end..].to_ascii_lowercase();
        let text_end = lower.find(&close).map_or(src.len(), |n| end + n);
        el.children.push(Node::Text(src[end..text_end].to_string()));
        let after = src[text_end..].find('>').map_or(src.len(), |n| text_end + n + 1);
        el.span = start..after;
        push(stack, Node::Element(el));
        return after;
    }
    stack.push(el);
    end
}

/// Closes an open `name` element (and what is open inside it) unless one of `barriers` is open
/// inside it first.
fn close_open(stack: &mut Vec<Element>, name: &str, at: usize, barriers: &[&str]) {
    for k in (1..stack.len()).rev() {
        if stack[k].name == name {
            while stack.len() > k {
                close_top(stack, at);
            }
            return;
        }
        if barriers.contains(&stack[k].name.as_str()) {
            return;
        }
    }
}

fn end_element(stack: &mut Vec<Element>, name: &str, start: usize, end: usize) {
    if let Some(k) = stack.iter().rposition(|e| e.name == name).filter(|&k| k > 0) {
        while stack.len() > k + 1 {
            close_top(stack, start);
        }
        close_top(stack, end);
    }
}

fn close_top(stack: &mut Vec<Element>, end: usize) {
    if let Some(mut el) = stack.pop() {
        el.span.end = end.max(el.span.start);
        push(stack, Node::Element(el));
    }
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

enum Tag {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
    /// `<!DOCTYPE>` and processing instructions.
    Other,
}

/// Reads a tag starting at `src[at] == '<'`: the tag and the offset after it, or `None` when
/// the `<` does not start a tag (it is then text).
fn read_tag(src: &str, at: usize) -> Option<(Tag, usize)> {
    let b = src.as_bytes();
    let mut i = at + 1;
    let closing = b.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    if matches!(b.get(i), Some(b'!' | b'?')) {
        let end = src[i..].find('>').map_or(src.len(), |n| i + n + 1);
        return Some((Tag::Other, end));
    }
    let name_start = i;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = src[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i) {
            None => return None,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let k = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = src[k..i].to_ascii_lowercase();
        if key.is_empty() {
            i += 1;
            continue;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            let (v, next) = attr_value(src, i);
            value = rally_core::format::unescape_html(v).into_owned();
            i = next;
        }
        self_closing = false;
        attrs.push((key, value));
    }
    if closing { Some((Tag::End(name), i)) } else { Some((Tag::Start { name, attrs, self_closing }, i)) }
}

fn attr_value(src: &str, i: usize) -> (&str, usize) {
    let b = src.as_bytes();
    match b.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = src[i + 1..].find(q as char).map_or(src.len(), |n| i + 1 + n);
            (&src[i + 1..end], (end + 1).min(src.len()))
        }
        _ => {
            let mut j = i;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                j += 1;
            }
            (&src[i..j], j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(nodes: &[Node], k: usize) -> &Element {
        match &nodes[k] {
            Node::Element(e) => e,
            other => panic!("not an element: {other:?}"),
        }
    }

    #[test]
    fn nesting_void_elements_and_spans() {
        let src = "<p>One <b>two</b><br>three</p><div class=\"x\"><img src='a.jpg' alt=\"A &amp; B\"/></div>";
        let nodes = parse(src);
        assert_eq!(nodes.len(), 2);
        let p = el(&nodes, 0);
        assert_eq!(p.text(), "One two\nthree");
        let div = el(&nodes, 1);
        assert_eq!(&src[div.span.clone()], "<div class=\"x\"><img src='a.jpg' alt=\"A &amp; B\"/></div>");
        assert_eq!(div.descendants()[0].attr("alt"), Some("A & B"));
    }

    #[test]
    fn paragraphs_and_items_close_themselves() {
        let nodes = parse("<p>a<p>b<ul><li>one<li>two</ul><p>c</p>");
        let names: Vec<&str> = nodes.iter().map(|n| el(std::slice::from_ref(n), 0).name.as_str()).collect();
        assert_eq!(names, ["p", "p", "ul", "p"]);
        let ul = el(&nodes, 2);
        assert_eq!(ul.children.len(), 2);
        assert_eq!(el(&ul.children, 1).text(), "two");
    }

    #[test]
    fn scripts_are_raw_text_and_stray_tags_are_text_or_ignored() {
        let nodes = parse("<script>if (a < b) { x(\"</p>\") }</script>1 < 2</span>");
        let script = el(&nodes, 0);
        assert_eq!(script.text(), "if (a < b) { x(\"</p>\") }");
        assert_eq!(nodes[1], Node::Text("1 ".into()));
        assert_eq!(nodes[2], Node::Text("< 2".into()));
    }
}
