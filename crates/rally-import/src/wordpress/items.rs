//! One post or page as a Rally content file: its front matter (title, date, slug, summary, tags,
//! author, featured image, draft, weight, aliases) and its body converted to Markdown.

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::convert::{self, Context, Photo};
use super::links::Links;
use super::media::{self, Media};
use super::plan::{Kind, Planned};
use super::wxr::{Export, Item};
use crate::report::Report;

/// The text of the content file of a planned item.
pub fn write(export: &Export, p: &Planned, links: &Links, media: &Media, report: &mut Report) -> String {
    let item = &export.items[p.item];
    let url = |u: &str| links.rewrite(u);
    let attachment = |id: u64| photo(media, id);
    let attached: Vec<Photo> =
        media.by_id.iter().filter(|(_, a)| a.parent == item.id).filter_map(|(&id, _)| photo(media, id)).collect();
    let mut attached = attached;
    attached.sort_by(|a, b| a.src.cmp(&b.src));
    let ctx = Context {
        title: &item.title,
        url: &url,
        attachment: &attachment,
        attached: &attached,
        footnotes: item.meta("footnotes").unwrap_or(""),
    };
    let converted = convert::convert(&item.content, &ctx);
    for why in &converted.problems {
        report.problem(item.id, &item.title, why);
    }
    if item.comments > 0 {
        report.add("comments (counted, not imported)", item.comments);
        report.problem(item.id, &item.title, &format!("{} comments not imported", item.comments));
    }
    report.count(match (p.kind, p.draft) {
        (Kind::Update, false) => "updates",
        (Kind::Update, true) => "updates as drafts",
        (Kind::Page, false) => "pages",
        (Kind::Page, true) => "pages as drafts",
    });
    let mut fm: IndexMap<&str, Value> = IndexMap::new();
    fm.insert("title", json!(if item.title.trim().is_empty() { p.slug.replace('-', " ") } else { item.title.clone() }));
    match super::plan::date(item) {
        Some(date) => {
            fm.insert("date", json!(date));
        }
        None if p.kind == Kind::Update => {
            fm.insert("date", json!(super::plan::FALLBACK_DATE));
            report.problem(item.id, &item.title, &format!("no date: dated {}", super::plan::FALLBACK_DATE));
        }
        None => {}
    }
    match p.kind {
        Kind::Update => {
            fm.insert("slug", json!(p.slug));
            let summary =
                Some(convert::plain_text(&item.excerpt)).filter(|s| !s.is_empty()).or(converted.teaser.clone());
            if let Some(s) = summary {
                fm.insert("summary", json!(s));
            }
            let tags = tags(item);
            if !tags.is_empty() {
                fm.insert("tags", json!(tags));
            }
        }
        Kind::Page => {
            if let Some(d) = Some(convert::plain_text(&item.excerpt)).filter(|s| !s.is_empty()) {
                fm.insert("description", json!(d));
            }
            if item.menu_order != 0 {
                fm.insert("weight", json!(item.menu_order));
            }
        }
    }
    if !item.creator.is_empty() {
        fm.insert("author", json!(author_key(&item.creator)));
    }
    featured_image(item, media, &mut fm, report);
    if p.draft {
        fm.insert("draft", json!(true));
    }
    let aliases = links.aliases_of(item.id);
    if !aliases.is_empty() {
        fm.insert("aliases", json!(aliases));
    }
    let yaml = rally_core::source::yaml::to_string(&fm);
    format!("---\n{}---\n\n{}", yaml, converted.markdown)
}

/// The key of an author's login in `authors:`.
pub fn author_key(login: &str) -> String {
    rally_core::format::slug_or(login, "author")
}

fn photo(media: &Media, id: u64) -> Option<Photo> {
    let a = media.by_id.get(&id)?;
    let ext = a.path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !["jpg", "jpeg", "png", "gif", "webp"].contains(&ext.as_str()) {
        return None;
    }
    let src = if media.obtained.contains(&a.path) {
        media::site_path(&a.path)
    } else {
        media.known.get(&a.path).cloned().unwrap_or_default()
    };
    let alt = if a.alt.is_empty() { a.title.clone() } else { a.alt.clone() };
    Some(Photo { src, alt, caption: a.caption.clone() })
}

fn featured_image(item: &Item, media: &Media, fm: &mut IndexMap<&str, Value>, report: &mut Report) {
    let Some(id) = item.meta("_thumbnail_id").and_then(|v| v.trim().parse::<u64>().ok()) else { return };
    match media.by_id.get(&id) {
        Some(a) if media.obtained.contains(&a.path) => {
            fm.insert("image", json!(media::site_path(&a.path)));
            let alt = if a.alt.is_empty() { &a.title } else { &a.alt };
            if !alt.trim().is_empty() {
                fm.insert("image_alt", json!(alt));
            }
        }
        Some(a) => report.problem(item.id, &item.title, &format!("featured image {} not imported", a.path)),
        None => report.problem(item.id, &item.title, &format!("featured image {id} is not in the export")),
    }
}

/// Tags and categories, by name; WordPress's default category left out.
fn tags(item: &Item) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for (domain, nicename, name) in &item.terms {
        if (domain == "category" || domain == "post_tag")
            && nicename != "uncategorized"
            && !name.trim().is_empty()
            && !tags.iter().any(|t| t.eq_ignore_ascii_case(name.trim()))
        {
            tags.push(name.trim().to_string());
        }
    }
    tags
}
