//! The site around the imported items: the map of old addresses to new ones (aliases on pages,
//! redirects of archives and of query addresses such as `/?p=42`), site.yaml (title,
//! description, base URL, language, menu, authors, redirects) and a mission page to fill in.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::{Value, json};

use super::items::author_key;
use super::links::{self, Links};
use super::media::Media;
use super::plan::{Kind, Plan};
use super::wxr::{Export, Item};
use crate::output::Staging;
use crate::report::Report;
use rally_core::error::Result;
use rally_core::model::urls::{alias_output_path, tag_slug};

const QUERY_NOTE: &str = "Old addresses with a query string, redirected in site.yaml's `redirects:` (hosts that match queries, such as Netlify, apply them; on others, set them up on the host)";

/// The new address of every old one the export names.
pub fn links<'a>(export: &Export, plan: &Plan, media: &'a Media) -> Links<'a> {
    let mut l = Links::new(&export.link, media);
    let mut used: HashSet<String> = HashSet::new();
    for p in &plan.planned {
        used.extend(alias_output_path(&p.url).ok());
        // a draft is not built: links to it keep their old address
        if !p.draft {
            let item = &export.items[p.item];
            l.by_id.insert(item.id, p.url.clone());
            l.by_path.insert(p.url.clone(), p.url.clone());
            if p.kind == Kind::Update && !item.post_name.is_empty() {
                l.by_slug.insert(item.post_name.clone(), p.url.clone());
            }
        }
    }
    for p in &plan.planned {
        let item = &export.items[p.item];
        add_old(&mut l, &mut used, item, item.id, &p.url);
    }
    for item in export.items.iter().filter(|i| i.post_type == "attachment") {
        if let Some(&n) = plan.by_id.get(&item.parent).filter(|&&n| !plan.planned[n].draft) {
            let owner = &plan.planned[n];
            l.by_id.insert(item.id, owner.url.clone());
            add_old(&mut l, &mut used, item, export.items[owner.item].id, &owner.url.clone());
        }
    }
    for (from, to) in archives(export, plan) {
        l.by_path.entry(from).or_insert(to);
    }
    l
}

/// Maps an item's old address to `url`, as an alias on item `owner` when it is a path.
fn add_old(l: &mut Links, used: &mut HashSet<String>, item: &Item, owner: u64, url: &str) {
    let Some(old) = l.old_path(&item.link) else { return };
    let old = old.split('#').next().unwrap_or("").to_string();
    if old.contains('?') {
        return;
    }
    let path = links::with_slash(&old);
    if path == url || l.by_path.contains_key(&path) {
        return;
    }
    l.by_path.insert(path.clone(), url.to_string());
    // Rally's own trees (/updates/, /tags/, ...) are not for aliases
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if let Ok(out) = alias_output_path(&path)
        && !super::plan::RESERVED.contains(&first)
        && used.insert(out)
    {
        l.aliases.entry(owner).or_default().push(path);
    }
}

/// Category and tag archives (`/category/NAME/`, `/tag/NAME/`) of the tags published updates
/// carry, with the tag page each leads to.
fn archives(export: &Export, plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for p in plan.planned.iter().filter(|p| p.kind == Kind::Update && !p.draft) {
        for (domain, nicename, name) in &export.items[p.item].terms {
            let base = match domain.as_str() {
                "category" if nicename != "uncategorized" => "category",
                "post_tag" => "tag",
                _ => continue,
            };
            let nice = rally_core::format::percent_decode(nicename).into_owned();
            if name.trim().is_empty() || rally_core::model::urls::check_segment(&nice).is_err() {
                continue;
            }
            let from = format!("/{base}/{nice}/");
            if !out.iter().any(|(f, _)| *f == from) {
                out.push((from, format!("/tags/{}/", tag_slug(name.trim()))));
            }
        }
    }
    out
}

/// Writes site.yaml, the mission page and `.gitignore`, and notes what could not be redirected.
pub fn write(export: &Export, plan: &Plan, links: &Links, report: &mut Report, staging: &Staging) -> Result<()> {
    let mut query_redirects = Vec::new();
    for p in &plan.planned {
        let item = &export.items[p.item];
        let from = match p.kind {
            Kind::Update => format!("/?p={}", item.id),
            Kind::Page => format!("/?page_id={}", item.id),
        };
        if !p.draft {
            report.note(QUERY_NOTE, format!("`{from}` → `{}`", p.url));
            query_redirects.push(json!({ "from": from, "to": p.url }));
        }
        report.add("old addresses kept as aliases", links.aliases_of(item.id).len());
    }
    for item in export.items.iter().filter(|i| i.post_type == "attachment") {
        let query = links.old_path(&item.link).filter(|p| p.contains('?'));
        if let (Some(from), Some(to)) = (query, links.by_id.get(&item.id)) {
            report.note(QUERY_NOTE, format!("`{from}` → `{to}`"));
            query_redirects.push(json!({ "from": from, "to": to }));
        }
    }
    let mut yaml = crate::starter::head(&export.title, &export.description, &export.link, &export.language);
    yaml.insert("theme", json!("beacon"));
    if let Some(pattern) = plan.permalink {
        yaml.insert("permalinks", json!({ "updates": pattern }));
    }
    let menu = menu(export, links, report);
    if !menu.is_empty() {
        yaml.insert("menu", json!(menu));
    }
    let mut redirects = redirects(export, plan);
    report.add("category and tag archives redirected", redirects.len());
    report.add("old addresses with a query (`/?p=ID`) redirected", query_redirects.len());
    redirects.extend(query_redirects);
    if !redirects.is_empty() {
        yaml.insert("redirects", json!(redirects));
    }
    let authors = authors(export, plan);
    if !authors.is_empty() {
        report.add("authors", authors.len());
        yaml.insert("authors", json!(authors));
    }
    crate::starter::finish(staging, &yaml)
}

fn redirects(export: &Export, plan: &Plan) -> Vec<Value> {
    archives(export, plan).into_iter().map(|(from, to)| json!({ "from": from, "to": to })).collect()
}

/// `authors:` of the logins that wrote an imported item.
fn authors(export: &Export, plan: &Plan) -> IndexMap<String, Value> {
    let used: HashSet<&str> = plan.planned.iter().map(|p| export.items[p.item].creator.as_str()).collect();
    let mut out = IndexMap::new();
    for a in export.authors.iter().filter(|a| used.contains(a.login.as_str())) {
        let full = format!("{} {}", a.first_name, a.last_name);
        let name =
            [a.display_name.trim(), full.trim(), a.login.trim()].into_iter().find(|n| !n.is_empty()).unwrap_or("");
        out.insert(author_key(&a.login), json!({ "name": name }));
    }
    for login in used.into_iter().filter(|l| !l.is_empty()) {
        out.entry(author_key(login)).or_insert_with(|| json!({ "name": login }));
    }
    out
}

/// The top level of the primary menu (the one named primary, main or header, else the longest).
fn menu(export: &Export, links: &Links, report: &mut Report) -> Vec<Value> {
    let mut menus: IndexMap<String, Vec<&Item>> = IndexMap::new();
    for item in export.items.iter().filter(|i| i.post_type == "nav_menu_item") {
        if let Some((_, nicename, _)) = item.terms.iter().find(|(d, _, _)| d == "nav_menu") {
            menus.entry(nicename.clone()).or_default().push(item);
        }
    }
    let named = menus.keys().find(|k| ["primary", "main", "header", "top"].iter().any(|n| k.contains(n))).cloned();
    let Some(key) = named.or_else(|| menus.iter().max_by_key(|(_, v)| v.len()).map(|(k, _)| k.clone())) else {
        return Vec::new();
    };
    let mut entries = menus.swap_remove(&key).unwrap_or_default();
    entries.sort_by_key(|i| i.menu_order);
    let parent_of =
        |e: &Item| e.meta("_menu_item_menu_item_parent").and_then(|p| p.trim().parse::<u64>().ok()).unwrap_or(0);
    let placeholder = |e: &Item| {
        e.meta("_menu_item_type") == Some("custom")
            && e.meta("_menu_item_url").is_none_or(|u| u.trim().is_empty() || u.trim() == "#")
    };
    // a top-level entry that leads nowhere (`#`, a heading of a drop-down) gives way to its entries
    let shown: Vec<&Item> = entries
        .iter()
        .filter(|e| match parent_of(e) {
            0 => !placeholder(e),
            p => !placeholder(e) && entries.iter().any(|top| top.id == p && parent_of(top) == 0 && placeholder(top)),
        })
        .copied()
        .collect();
    report.add("menu entries below the top level (Rally's menu is one level)", entries.len() - shown.len());
    let titles: std::collections::HashMap<u64, &str> = export.items.iter().map(|i| (i.id, i.title.as_str())).collect();
    let mut out = Vec::new();
    for e in shown {
        let object = e.meta("_menu_item_object_id").and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(0);
        let (url, label) = match e.meta("_menu_item_type").unwrap_or("") {
            "post_type" => (links.by_id.get(&object).cloned(), titles.get(&object).copied().unwrap_or("")),
            "custom" => (e.meta("_menu_item_url").map(|u| links.rewrite(u)), ""),
            _ => (None, ""),
        };
        let label = if e.title.trim().is_empty() { label } else { e.title.trim() };
        match url.filter(|u| !u.trim().is_empty() && !label.trim().is_empty()) {
            Some(url) => {
                report.count("menu entries");
                out.push(json!({ "label": label, "url": url }));
            }
            None => report.problem(e.id, label, "menu entry without a page in the import: left out"),
        }
    }
    out
}
