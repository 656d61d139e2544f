//! Reading a WordPress export (WXR 1.0 to 1.2, also Squarespace's): the channel, its authors and
//! every item, streamed with quick-xml so an export of hundreds of megabytes is read in one pass
//! without holding its DOM. The item bodies themselves are kept as text for the converters.

use std::io::BufRead;
use std::path::Path;

use quick_xml::events::Event;
use rally_core::error::{Diagnostic, Error};

/// What a WXR file holds.
#[derive(Debug, Default)]
pub struct Export {
    pub title: String,
    pub link: String,
    pub description: String,
    pub language: String,
    pub base_blog_url: String,
    pub authors: Vec<Author>,
    pub items: Vec<Item>,
}

/// A `<wp:author>`.
#[derive(Debug, Default, Clone)]
pub struct Author {
    pub login: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

/// An `<item>`: a post, a page, an attachment, a menu item or another post type.
#[derive(Debug, Default, Clone)]
pub struct Item {
    pub id: u64,
    pub title: String,
    pub link: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_date: String,
    pub post_date_gmt: String,
    pub post_name: String,
    pub status: String,
    pub parent: u64,
    pub menu_order: i64,
    pub post_type: String,
    pub password: String,
    pub attachment_url: String,
    /// `(domain, nicename, name)`: categories, tags and menus.
    pub terms: Vec<(String, String, String)>,
    pub meta: Vec<(String, String)>,
    pub comments: usize,
    /// Where the item starts in the file: its byte offset, then its 1-based line.
    pub offset: u64,
    pub line: usize,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Reads the export at `path`. Malformed XML, a file that is not WXR and a truncated file are an
/// error at the file's line and column.
pub fn read(path: &Path) -> Result<Export, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut export = parse(reader).map_err(|(offset, message)| {
        let (line, col) = line_col(path, offset);
        Error::single(Diagnostic::error(path, line, col, message))
    })?;
    number_lines(path, &mut export.items).map_err(|e| Error::io(path, e))?;
    Ok(export)
}

/// Sets each item's line from its offset, in one pass over the file.
fn number_lines(path: &Path, items: &mut [Item]) -> std::io::Result<()> {
    let mut file = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let (mut pos, mut line) = (0u64, 1usize);
    for item in items.iter_mut() {
        while pos < item.offset {
            let chunk = file.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min((item.offset - pos) as usize);
            line += chunk[..take].iter().filter(|&&b| b == b'\n').count();
            file.consume(take);
            pos += take as u64;
        }
        item.line = line;
    }
    Ok(())
}

/// 1-based line and column of a byte offset of the file.
fn line_col(path: &Path, offset: u64) -> (usize, usize) {
    let bytes = std::fs::read(path).unwrap_or_default();
    let upto = &bytes[..(offset as usize).min(bytes.len())];
    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&upto[start..]).chars().count() + 1;
    (line, col)
}

type Failure = (u64, String);

/// The state of the reader: the open elements and the item being read.
struct State {
    export: Export,
    stack: Vec<String>,
    text: String,
    item: Option<Item>,
    author: Option<Author>,
    meta_key: String,
    term: Option<(String, String)>,
    saw_rss: bool,
    saw_wp: bool,
}

/// Parses WXR from any buffered reader; an error is (byte offset, message).
pub fn parse<R: BufRead>(input: R) -> Result<Export, Failure> {
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut st = State {
        export: Export::default(),
        stack: Vec::new(),
        text: String::new(),
        item: None,
        author: None,
        meta_key: String::new(),
        term: None,
        saw_rss: false,
        saw_wp: false,
    };
    let mut buf = Vec::new();
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event_into(&mut buf).map_err(|e| (reader.error_position(), xml_message(&e)))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if st.stack.is_empty() {
                    if name != "rss" {
                        return Err((at, not_wxr(&format!("its root element is <{name}>, not <rss>"))));
                    }
                    st.saw_rss = true;
                }
                open(&mut st, &name, at, &e);
                st.stack.push(name);
                st.text.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if st.stack.is_empty() {
                    return Err((at, not_wxr(&format!("its root element is <{name}/>, not <rss>"))));
                }
                st.text.clear();
                st.stack.push(name);
                close(&mut st);
            }
            Event::End(_) => {
                close(&mut st);
            }
            Event::Text(t) => {
                let s = t.xml_content().map_err(|e| (at, format!("the export is not valid UTF-8: {e}")))?;
                if st.stack.is_empty() && !s.trim().is_empty() {
                    return Err((at, not_wxr("it does not start with an XML element")));
                }
                st.text.push_str(&s);
            }
            Event::CData(t) => {
                st.text.push_str(&String::from_utf8_lossy(&t.into_inner()));
            }
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    st.text.push(c);
                } else {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => st.text.push_str(s),
                        None => st.text.push_str(&format!("&{name};")),
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = st.stack.last() {
                    return Err((at, format!("the export ends before `<{open}>` is closed: is the file truncated?")));
                }
                break;
            }
            _ => {}
        }
        buf.clear();
    }
    if !st.saw_rss || !st.saw_wp {
        return Err((0, not_wxr("it has no <wp:wxr_version> or other <wp:...> elements of a WordPress export")));
    }
    Ok(st.export)
}

fn not_wxr(why: &str) -> String {
    format!("not a WordPress export (WXR): {why}; export one from WordPress with Tools → Export")
}

fn xml_message(e: &quick_xml::Error) -> String {
    let end = e.to_string().contains("end of input");
    format!("the export is not well-formed XML: {e}{}", if end { " (is the file truncated?)" } else { "" })
}

fn open(st: &mut State, name: &str, offset: u64, e: &quick_xml::events::BytesStart) {
    match name {
        "item" => st.item = Some(Item { offset, ..Item::default() }),
        "wp:author" if st.item.is_none() => st.author = Some(Author::default()),
        "category" => {
            let domain = attr(e, "domain");
            let nicename = attr(e, "nicename");
            st.term = Some((domain, nicename));
        }
        "wp:comment" => {
            if let Some(item) = st.item.as_mut() {
                item.comments += 1;
            }
        }
        _ => {}
    }
    if name.starts_with("wp:") {
        st.saw_wp = true;
    }
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        .unwrap_or_default()
}

/// Ends the innermost element: its text goes where its name says.
fn close(st: &mut State) {
    let Some(name) = st.stack.pop() else { return };
    let text = std::mem::take(&mut st.text);
    let parent = st.stack.last().map(String::as_str).unwrap_or("");
    if let Some(item) = st.item.as_mut() {
        if parent == "wp:comment" || name == "wp:comment" {
            return;
        }
        match (parent, name.as_str()) {
            (_, "item") => {
                if let Some(item) = st.item.take() {
                    st.export.items.push(item);
                }
            }
            ("wp:postmeta", "wp:meta_key") => st.meta_key = text,
            ("wp:postmeta", "wp:meta_value") => item.meta.push((std::mem::take(&mut st.meta_key), text)),
            ("item", field) => item_field(item, field, text, &mut st.term),
            _ => {}
        }
        return;
    }
    if let Some(author) = st.author.as_mut() {
        match name.as_str() {
            "wp:author_login" => author.login = text.trim().to_string(),
            "wp:author_display_name" => author.display_name = text.trim().to_string(),
            "wp:author_first_name" => author.first_name = text.trim().to_string(),
            "wp:author_last_name" => author.last_name = text.trim().to_string(),
            "wp:author" => st.export.authors.extend(st.author.take()),
            _ => {}
        }
        return;
    }
    if parent == "channel" {
        let e = &mut st.export;
        match name.as_str() {
            "title" => e.title = text.trim().to_string(),
            "link" => e.link = text.trim().to_string(),
            "description" => e.description = text.trim().to_string(),
            "language" => e.language = text.trim().to_string(),
            "wp:base_blog_url" => e.base_blog_url = text.trim().to_string(),
            _ => {}
        }
    }
}

fn item_field(item: &mut Item, field: &str, text: String, term: &mut Option<(String, String)>) {
    let number = |t: &str| t.trim().parse::<u64>().unwrap_or(0);
    match field {
        "title" => item.title = text.trim().to_string(),
        "link" => item.link = text.trim().to_string(),
        "dc:creator" => item.creator = text.trim().to_string(),
        "content:encoded" => item.content = text,
        "excerpt:encoded" => item.excerpt = text,
        "wp:post_id" => item.id = number(&text),
        "wp:post_date" => item.post_date = text.trim().to_string(),
        "wp:post_date_gmt" => item.post_date_gmt = text.trim().to_string(),
        "wp:post_name" => item.post_name = text.trim().to_string(),
        "wp:status" => item.status = text.trim().to_string(),
        "wp:post_parent" => item.parent = number(&text),
        "wp:menu_order" => item.menu_order = text.trim().parse().unwrap_or(0),
        "wp:post_type" => item.post_type = text.trim().to_string(),
        "wp:post_password" => item.password = text,
        "wp:attachment_url" => item.attachment_url = text.trim().to_string(),
        "category" => {
            let (domain, nicename) = term.take().unwrap_or_default();
            item.terms.push((domain, nicename, text.trim().to_string()));
        }
        _ => {}
    }
}
