//! `/feed.json`: the newest updates as a JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>), the
//! same entries as the Atom and RSS feeds, full content with absolute URLs and the lead image.

use serde_json::{Value, json};

use super::feeds::{entry_html, feed_pages, lead_image, title};
use super::strings::Strings;
use rally_core::model::Site;

/// The JSON Feed of one language's site.
pub fn json_feed(site: &Site, strings: &Strings) -> String {
    let c = &site.config;
    let items: Vec<Value> = feed_pages(site)
        .map(|p| {
            let link = site.permalink(p);
            let mut item = json!({
                "id": link,
                "url": link,
                "title": p.title,
                "content_html": entry_html(site, p),
                "language": p.lang.as_deref().unwrap_or(&c.language),
            });
            if let Some(s) = p.teaser() {
                item["summary"] = json!(s);
            }
            if let Some((image, _)) = lead_image(site, p) {
                item["image"] = json!(image);
            }
            if let Some(d) = p.date {
                item["date_published"] = json!(d.rfc3339());
            }
            if let Some(d) = p.updated {
                item["date_modified"] = json!(d.rfc3339());
            }
            let authors: Vec<Value> = p
                .authors
                .iter()
                .filter_map(|k| site.author(k))
                .map(|a| json!({"name": a.name, "url": super::views::author_permalink(site, &a.key)}))
                .collect();
            if !authors.is_empty() {
                item["authors"] = json!(authors);
            }
            if !p.tags.is_empty() {
                item["tags"] = json!(p.tags);
            }
            item
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title(site, strings),
        "home_page_url": format!("{}updates/", c.base_url),
        "feed_url": format!("{}feed.json", c.base_url),
        "language": c.language,
        "authors": [{"name": c.title, "url": c.base_url}],
        "items": items,
    });
    if !c.description.is_empty() {
        feed["description"] = json!(c.description);
    }
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}
