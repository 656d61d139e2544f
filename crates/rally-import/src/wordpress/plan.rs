//! Which items become which files: published and unpublished posts become updates, pages become
//! pages along their parent hierarchy, and every other item is counted or reported. Each planned
//! file gets its new address, so links between posts can be rewritten before any is converted.

use std::collections::{HashMap, HashSet};

use super::wxr::{Export, Item};
use crate::report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Update,
    Page,
}

/// One item to write.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Its index in the export's items.
    pub item: usize,
    pub kind: Kind,
    /// The file under `content/`, such as `updates/kell.md` or `about/_index.md`.
    pub file: String,
    /// Its address in the new site, such as `/updates/kell/`.
    pub url: String,
    pub slug: String,
    pub draft: bool,
}

#[derive(Debug, Default)]
pub struct Plan {
    /// The `permalinks.updates` pattern that keeps the old addresses of posts, when they had dates
    /// in them.
    pub permalink: Option<&'static str>,
    pub planned: Vec<Planned>,
    /// Index into `planned` of each item id.
    pub by_id: HashMap<u64, usize>,
}

/// Top-level names Rally gives its own pages, or that static media use.
pub const RESERVED: [&str; 14] = [
    "updates",
    "tags",
    "impact",
    "events",
    "campaigns",
    "search",
    "authors",
    "mission",
    "values",
    "faq",
    "images",
    "uploads",
    "404",
    "index",
];

/// Statuses of items that are imported as drafts.
const DRAFTS: [&str; 4] = ["draft", "pending", "future", "private"];

/// Plans the files of an export, reporting what is not imported.
pub fn plan(export: &Export, report: &mut Report) -> Plan {
    let mut p = Plan { permalink: permalink(export), ..Plan::default() };
    let mut taken: HashSet<String> = HashSet::new();
    let items = &export.items;
    let by_id: HashMap<u64, &Item> = items.iter().map(|i| (i.id, i)).collect();
    let pages_with_children: HashSet<u64> =
        items.iter().filter(|i| i.post_type == "page" && importable(i)).map(|i| i.parent).collect();
    for (n, item) in items.iter().enumerate() {
        let kind = match item.post_type.as_str() {
            "post" => Kind::Update,
            "page" => Kind::Page,
            "attachment" | "nav_menu_item" => continue,
            other => {
                report.count(&format!("items of type `{other}` (not imported)"));
                continue;
            }
        };
        if !item.password.trim().is_empty() {
            report.problem(item.id, &item.title, "password-protected: not imported");
            report.count("password-protected items (not imported)");
            continue;
        }
        if !importable(item) {
            report.count(&format!("items with status `{}` (not imported)", item.status));
            continue;
        }
        let own = slug_of(item);
        let planned = match kind {
            Kind::Update => {
                let slug = unique(&own, item.id, |s| taken.contains(&format!("updates/{s}")));
                taken.insert(format!("updates/{slug}"));
                Planned {
                    item: n,
                    kind,
                    file: format!("updates/{slug}.md"),
                    url: update_url(p.permalink, item, &slug),
                    slug,
                    draft: DRAFTS.contains(&item.status.as_str()),
                }
            }
            Kind::Page => {
                let mut segs = ancestors(item, &by_id);
                let top_reserved = segs.is_empty() && RESERVED.contains(&own.as_str());
                let own = if top_reserved { format!("{own}-page") } else { own };
                if top_reserved {
                    report.problem(
                        item.id,
                        &item.title,
                        &format!("the address /{}/ is Rally's own: the page is at /{own}/", slug_of(item)),
                    );
                }
                let dir = segs.join("/");
                let slug = unique(&own, item.id, |s| taken.contains(&join(&dir, s)));
                segs.push(slug.clone());
                let path = segs.join("/");
                taken.insert(path.clone());
                let file = if pages_with_children.contains(&item.id) {
                    format!("{path}/_index.md")
                } else {
                    format!("{path}.md")
                };
                Planned {
                    item: n,
                    kind,
                    file,
                    url: format!("/{path}/"),
                    slug,
                    draft: DRAFTS.contains(&item.status.as_str()),
                }
            }
        };
        p.by_id.insert(item.id, p.planned.len());
        p.planned.push(planned);
    }
    p
}

/// The pattern of the old site's post addresses, when most published posts had their date in it:
/// `/2024/05/14/slug/` or `/2024/05/slug/`.
fn permalink(export: &Export) -> Option<&'static str> {
    let (mut total, mut days, mut months) = (0, 0, 0);
    for item in export.items.iter().filter(|i| i.post_type == "post" && i.status == "publish") {
        let path = item.link.split_once("://").map_or("", |(_, r)| r);
        let segs: Vec<&str> = path.split('/').skip(1).filter(|s| !s.is_empty()).collect();
        let num = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        total += 1;
        match segs.as_slice() {
            [y, m, d, _] if num(y, 4) && num(m, 2) && num(d, 2) => days += 1,
            [y, m, _] if num(y, 4) && num(m, 2) => months += 1,
            _ => {}
        }
    }
    if total > 0 && days * 2 > total {
        Some("/:year/:month/:day/:slug/")
    } else if total > 0 && months * 2 > total {
        Some("/:year/:month/:slug/")
    } else {
        None
    }
}

/// An update's address: under `/updates/`, or the permalink pattern filled with its date (as
/// Rally reads it, in UTC).
fn update_url(pattern: Option<&str>, item: &Item, slug: &str) -> String {
    let Some(pattern) = pattern else { return format!("/updates/{slug}/") };
    let day = date(item).unwrap_or_else(|| FALLBACK_DATE.to_string());
    let (y, m, d) = (&day[..4], &day[5..7], &day[8..10]);
    pattern.replace(":year", y).replace(":month", m).replace(":day", d).replace(":slug", slug)
}

/// The date of an item that has none WordPress wrote well, so that a pattern with a date works.
pub const FALLBACK_DATE: &str = "2000-01-01";

/// The item's date: its UTC time when it has one, else its day.
pub fn date(item: &Item) -> Option<String> {
    let gmt = item.post_date_gmt.trim();
    if gmt.len() == 19 && !gmt.starts_with("0000") && gmt.parse::<jiff::civil::DateTime>().is_ok() {
        return Some(format!("{}Z", gmt.replacen(' ', "T", 1)));
    }
    let day = item.post_date.get(..10)?;
    day.parse::<jiff::civil::Date>().ok().map(|d| d.to_string())
}

fn join(dir: &str, s: &str) -> String {
    if dir.is_empty() { s.to_string() } else { format!("{dir}/{s}") }
}

fn importable(item: &Item) -> bool {
    item.status == "publish" || DRAFTS.contains(&item.status.as_str())
}

/// The slugs of a page's ancestors, top first (a cycle or missing parent ends the chain).
fn ancestors(item: &Item, by_id: &HashMap<u64, &Item>) -> Vec<String> {
    let mut segs = Vec::new();
    let mut seen = HashSet::from([item.id]);
    let mut parent = item.parent;
    while let Some(p) =
        by_id.get(&parent).filter(|p| p.post_type == "page" && importable(p) && p.password.trim().is_empty())
    {
        if !seen.insert(p.id) {
            break;
        }
        segs.push(slug_of(p));
        parent = p.parent;
    }
    segs.reverse();
    segs
}

/// An item's slug: its `post_name` (decoded), else its title's, else `post-ID`; always a single
/// safe URL segment.
pub fn slug_of(item: &Item) -> String {
    let decoded = rally_core::format::percent_decode(&item.post_name).into_owned();
    let from_name = rally_core::format::slugify(&decoded);
    let s = if from_name.is_empty() { rally_core::format::slugify(&item.title) } else { from_name };
    let s: String = s.chars().take(80).collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() || rally_core::model::urls::check_segment(&s).is_err() { format!("post-{}", item.id) } else { s }
}

fn unique(slug: &str, id: u64, taken: impl Fn(&str) -> bool) -> String {
    if !taken(slug) {
        return slug.to_string();
    }
    let mut s = format!("{slug}-{id}");
    let mut n = 2;
    while taken(&s) {
        s = format!("{slug}-{id}-{n}");
        n += 1;
    }
    s
}
