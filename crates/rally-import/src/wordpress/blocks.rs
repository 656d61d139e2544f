//! Gutenberg's block comments: `<!-- wp:NAME {json} -->` ... `<!-- /wp:NAME -->`, and void blocks
//! `<!-- wp:NAME {json} /-->`, read into a tree the way WordPress's own block parser does: one pass
//! over the delimiters, the attributes read as JSON, HTML between the delimiters kept as it is.

/// A node of the block tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// HTML outside any delimiter of its level.
    Html(String),
    Block(Block),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Without the `core/` namespace: `paragraph`, `image`, `jetpack/slideshow`.
    pub name: String,
    pub attrs: serde_json::Value,
    pub inner: Vec<Node>,
}

impl Block {
    /// The block's own HTML: the HTML of its inner nodes, inner blocks left out.
    pub fn html(&self) -> String {
        self.inner.iter().filter_map(|n| if let Node::Html(h) = n { Some(h.as_str()) } else { None }).collect()
    }

    pub fn attr_str(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).and_then(serde_json::Value::as_str)
    }
}

/// Does the text hold any block delimiter?
pub fn has_blocks(text: &str) -> bool {
    text.contains("<!-- wp:")
}

/// One delimiter comment.
enum Delimiter {
    Open(String, serde_json::Value, bool),
    Close(String),
}

/// Parses a post body into its blocks. A block left open is closed at the end; a closer without
/// an opener is dropped.
pub fn parse(text: &str) -> Vec<Node> {
    let mut stack: Vec<Block> = vec![Block { name: String::new(), attrs: serde_json::Value::Null, inner: Vec::new() }];
    let mut at = 0;
    while let Some(found) = text[at..].find("<!--").map(|i| at + i) {
        let Some((delim, end)) = delimiter(text, found) else {
            let skip = text[found..].find("-->").map_or(text.len(), |i| found + i + 3);
            html(&mut stack, &text[at..skip]);
            at = skip;
            continue;
        };
        html(&mut stack, &text[at..found]);
        at = end;
        match delim {
            Delimiter::Open(name, attrs, true) => push(&mut stack, Block { name, attrs, inner: Vec::new() }),
            Delimiter::Open(name, attrs, false) => stack.push(Block { name, attrs, inner: Vec::new() }),
            Delimiter::Close(name) => {
                if let Some(k) = stack.iter().rposition(|b| b.name == name).filter(|&k| k > 0) {
                    while stack.len() > k {
                        let b = stack.pop().expect("a block above the root");
                        push(&mut stack, b);
                    }
                }
            }
        }
    }
    html(&mut stack, &text[at..]);
    while stack.len() > 1 {
        let b = stack.pop().expect("a block above the root");
        push(&mut stack, b);
    }
    stack.pop().map(|root| root.inner).unwrap_or_default()
}

fn html(stack: &mut [Block], s: &str) {
    if s.is_empty() {
        return;
    }
    let top = stack.last_mut().expect("the root block");
    if let Some(Node::Html(prev)) = top.inner.last_mut() {
        prev.push_str(s);
    } else {
        top.inner.push(Node::Html(s.to_string()));
    }
}

fn push(stack: &mut [Block], b: Block) {
    stack.last_mut().expect("the root block").inner.push(Node::Block(b));
}

/// Reads the delimiter comment starting at `text[at..]` (`<!--`), and the offset after it.
fn delimiter(text: &str, at: usize) -> Option<(Delimiter, usize)> {
    let rest = text[at + 4..].trim_start_matches([' ', '\t', '\n', '\r']);
    let mut i = text.len() - rest.len();
    let closer = rest.starts_with("/wp:");
    let name_start = if closer {
        i + 4
    } else if rest.starts_with("wp:") {
        i + 3
    } else {
        return None;
    };
    i = name_start;
    let b = text.as_bytes();
    while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_' | b'/')) {
        i += 1;
    }
    let full = &text[name_start..i];
    if full.is_empty() {
        return None;
    }
    let name = full.strip_prefix("core/").unwrap_or(full).to_string();
    let after_ws = |j: usize| j + text[j..].len() - text[j..].trim_start().len();
    i = after_ws(i);
    if closer {
        return text[i..].starts_with("-->").then(|| (Delimiter::Close(name), i + 3));
    }
    let mut attrs = serde_json::Value::Object(serde_json::Map::new());
    if b.get(i) == Some(&b'{') {
        let mut values = serde_json::Deserializer::from_str(&text[i..]).into_iter::<serde_json::Value>();
        attrs = values.next()?.ok()?;
        i = after_ws(i + values.byte_offset());
    }
    if text[i..].starts_with("/-->") {
        Some((Delimiter::Open(name, attrs, true), i + 4))
    } else if text[i..].starts_with("-->") {
        Some((Delimiter::Open(name, attrs, false), i + 3))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: &Node) -> &Block {
        match n {
            Node::Block(b) => b,
            Node::Html(h) => panic!("html, not a block: {h}"),
        }
    }

    #[test]
    fn nested_blocks_attributes_and_void_blocks() {
        let text = "<!-- wp:columns -->\n<div><!-- wp:column {\"width\":\"50%\"} -->\n<!-- wp:paragraph -->\n<p>Hi}</p>\n<!-- /wp:paragraph -->\n<!-- /wp:column --></div>\n<!-- /wp:columns -->\n\n<!-- wp:latest-posts {\"postsToShow\":3,\"x\":\"a --> b\"} /-->";
        let nodes = parse(text);
        let blocks: Vec<&Block> =
            nodes.iter().filter_map(|n| if let Node::Block(b) = n { Some(b) } else { None }).collect();
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].name, "columns");
        assert_eq!(blocks[0].html(), "\n<div></div>\n");
        let column = blocks[0].inner.iter().find_map(|n| if let Node::Block(b) = n { Some(b) } else { None }).unwrap();
        assert_eq!(column.attr_str("width"), Some("50%"));
        assert_eq!(block(&column.inner[1]).html(), "\n<p>Hi}</p>\n");
        assert_eq!(blocks[1].name, "latest-posts");
        assert_eq!(blocks[1].attrs["postsToShow"], 3);
        assert_eq!(blocks[1].attr_str("x"), Some("a --> b"));
        assert!(blocks[1].inner.is_empty());
    }

    #[test]
    fn other_comments_unclosed_and_stray_delimiters() {
        let nodes = parse("<!-- a note --><!-- /wp:quote --><!-- wp:acme/box {\"a\":1} -->\n<p>x</p>");
        assert_eq!(nodes[0], Node::Html("<!-- a note -->".into()));
        let b = block(&nodes[1]);
        assert_eq!((b.name.as_str(), b.html().as_str()), ("acme/box", "\n<p>x</p>"));
        assert_eq!(nodes.len(), 2);
    }
}
