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
    let mut p = Plan::default();
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
                    url: format!("/updates/{slug}/"),
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
