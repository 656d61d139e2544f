//! The preview's site: built once, kept in memory, and rebuilt incrementally.
//!
//! An edit to Markdown files re-reads and re-parses those files alone, renders their Markdown
//! alone, and re-renders only the render jobs whose declared reads (see [`jobs::Read`]) the edit
//! touches: the pages themselves, the list pages and neighbours that show their summaries, the
//! pages whose templates read the site-wide lists of updates, and the feeds and sitemap. Jobs run
//! through [`render::run_jobs`], as in a build. An edit that leaves its page where it was (its
//! place, its order in the lists, its tags, goals and photos: a body or summary edit) leaves the
//! rest of the model as it is; other edits run the model stage again over the parsed pages. A
//! change that reshapes the site (a page added,
//! removed or moved, new tags or aliases, the mission, values, FAQ, reports or section pages)
//! renders every file again from the parsed pages; a change to anything else (configuration,
//! templates, themes, static files, content assets) reads the whole site again.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Value;

use rally_build::pipeline::{self, BuildOptions, Prepared};
use rally_core::error::{Diagnostic, Error};
use rally_core::model::page::{self, Page, PageKind};
use rally_core::model::{self, Site};
use rally_core::source::date::Date;
use rally_core::source::discover;
use rally_render::deps::TemplateDeps;
use rally_render::images;
use rally_render::jobs::{self, Read, SharedContext, summary_value};
use rally_render::style::StyleUrls;
use rally_render::{self as render, Contents};

mod draft;
pub use draft::Drafted;

/// The built files, by output path.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// How much a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuilt {
    /// The whole site was read and rendered again.
    Reloaded,
    /// Every file was rendered again from the parsed pages.
    RenderedAll,
    /// Only this many files were rendered again.
    Rendered(usize),
}

/// What the next rebuild must at least do, after a failed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Incremental,
    RenderAll,
    Reload,
}

/// Each edited page's shape, summary and date in the sitemap before an edit, by its path in
/// `content/`.
type Before<'r> = HashMap<&'r str, (Shape, Value, Option<Date>)>;

/// The index of the page at `rel` (relative to `content/`) in `pages`, sorted by it.
fn index(pages: &[Page], rel: &str) -> Result<usize, usize> {
    pages.binary_search_by(|p| p.rel.as_str().cmp(rel))
}

/// The parts of a page that place it in the site; when they change, the site's shape changes.
#[derive(Debug, PartialEq)]
struct Shape {
    kind: PageKind,
    out: String,
    aliases: Vec<String>,
    tags: Vec<String>,
}

impl Shape {
    fn of(p: &Page) -> Shape {
        Shape { kind: p.kind(), out: p.out.clone(), aliases: p.aliases.clone(), tags: p.tags.clone() }
    }

    /// Only pages of the kinds the table calls leaves (updates, plain pages) can change without
    /// reshaping the site.
    fn is_leaf(&self) -> bool {
        rally_core::model::kinds::kind(self.kind).leaf
    }
}

/// The orders of the site's lists, by page index, to find which list pages a change moved.
#[derive(Debug, Default)]
struct Lists {
    updates: Vec<usize>,
    /// Each tag's name as shown (its first spelling in list order).
    tag_names: Vec<String>,
    tags: Vec<Vec<usize>>,
    /// Each author's pages.
    authors: Vec<Vec<usize>>,
    sections: Vec<Vec<usize>>,
}

impl Lists {
    fn of(site: &Site) -> Lists {
        Lists {
            updates: site.updates.clone(),
            tag_names: site.tags.iter().map(|t| t.name.clone()).collect(),
            tags: site.tags.iter().map(|t| t.pages.clone()).collect(),
            authors: site.authors.iter().map(|a| a.pages.clone()).collect(),
            sections: site.sections.iter().map(|s| s.pages.clone()).collect(),
        }
    }
}

/// A site held in memory for previewing.
pub struct LiveSite {
    root: PathBuf,
    opts: BuildOptions,
    /// What the build's stages before the render made (the model, templates with the photos,
    /// sources), kept as the build keeps it; edits bring its model up to date.
    prepared: Prepared,
    deps: TemplateDeps,
    /// Content files that do not parse, with their errors.
    broken: BTreeMap<String, Vec<Diagnostic>>,
    summaries: Vec<Value>,
    lists: Lists,
    styles: StyleUrls,
    /// The HTML files the sitemap lists.
    listed: BTreeSet<String>,
    files: Files,
    /// Paths of copied files (static files, content assets): they win over generated files of the
    /// same path, so a re-render leaves them alone.
    copied: HashSet<String>,
    next: Next,
    /// Where the site is previewed (`http://127.0.0.1:1111`), if it is.
    origin: Option<String>,
    /// The setup share cards are drawn with (`None`: cards are off).
    card_setup: Option<rally_render::cards::Setup>,
}

impl LiveSite {
    /// Reads, builds and renders the site at `root`. With an `origin` (`http://127.0.0.1:1111`) the
    /// site is built to be previewed there, under the base path its site.yaml gives.
    pub fn load(root: &Path, opts: &BuildOptions, origin: Option<&str>) -> Result<LiveSite, Vec<Diagnostic>> {
        let mut opts = opts.clone();
        opts.origin = origin.map(str::to_string);
        let p = pipeline::prepare(root, &opts).map_err(|e| diagnostics(root, e))?;
        let deps = TemplateDeps::new(p.templates.sources());
        let mut live = LiveSite {
            root: root.to_path_buf(),
            opts,
            prepared: p,
            deps,
            broken: BTreeMap::new(),
            summaries: Vec::new(),
            lists: Lists::default(),
            styles: StyleUrls::default(),
            listed: BTreeSet::new(),
            files: Files::new(),
            copied: HashSet::new(),
            next: Next::Incremental,
            origin: origin.map(str::to_string),
            card_setup: None,
        };
        live.render_all()?;
        Ok(live)
    }

    /// The built files.
    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn site(&self) -> &Site {
        &self.prepared.site
    }

    /// The theme's page background, which brand colours are checked against.
    pub fn background(&self) -> rally_core::config::Color {
        self.prepared.templates.background
    }

    /// Brings the site up to date after `changed` paths (files of the site folder) changed. On
    /// failure the files stay as they were, and every error of the site is returned.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Vec<Diagnostic>> {
        let content = self.root.join("content");
        let rels: Option<Vec<String>> = changed
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&content).ok()?;
                let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                let rel = rel.join("/");
                rel.ends_with(".md").then_some(rel)
            })
            .collect();
        // a site of several languages builds each page once per language from the original and
        // its translations: an edit to either is read with the whole site again
        let one_language = self.prepared.site.config.languages.len() < 2;
        match rels {
            Some(rels) if self.next != Next::Reload && one_language => self.update_content(&rels),
            _ => self.reload(),
        }
    }

    fn reload(&mut self) -> Result<Rebuilt, Vec<Diagnostic>> {
        match LiveSite::load(&self.root, &self.opts, self.origin.as_deref()) {
            Ok(fresh) => {
                *self = fresh;
                Ok(Rebuilt::Reloaded)
            }
            Err(e) => {
                self.next = Next::Reload;
                Err(e)
            }
        }
    }

    /// Re-parses the Markdown files `rels` (relative to `content/`) and renders what they reach.
    fn update_content(&mut self, rels: &[String]) -> Result<Rebuilt, Vec<Diagnostic>> {
        let before = self.before(rels);
        if let Some(edits) = self.in_place(rels) {
            for (i, p) in edits {
                self.prepared.site.pages[i] = p;
            }
            return self.render_edited(&before);
        }
        let mut pages = std::mem::take(&mut self.prepared.site.pages);
        let named =
            |pages: &[Page], rel: &str| index(pages, rel).map_or_else(|_| Vec::new(), |i| images::named_by(&pages[i]));
        let images_before: Vec<Vec<String>> = rels.iter().map(|r| named(&pages, r)).collect();
        let now = Date::from_timestamp(self.opts.now);
        let mut reshaped = self.next != Next::Incremental;
        let mut moved = false;
        for rel in rels {
            self.broken.remove(rel);
            if let Ok(i) = index(&pages, rel) {
                pages.remove(i);
            }
            let abs = self.root.join("content").join(rel);
            let parsed = abs
                .is_file()
                .then(|| discover::content_file(rel.clone(), &abs).map_err(|d| vec![d]).and_then(page::parse));
            let new = match parsed {
                Some(Ok(p)) if model::included(&p, &self.opts.selection(), now) => Some(p),
                Some(Err(d)) => {
                    self.broken.insert(rel.clone(), d);
                    None
                }
                _ => None,
            };
            let old = before.get(rel.as_str()).map(|(s, _, _)| s);
            let shape = new.as_ref().map(Shape::of);
            moved |= old.map(|s| &s.out) != shape.as_ref().map(|s| &s.out);
            reshaped |= old != shape.as_ref() || shape.as_ref().is_some_and(|s| !s.is_leaf());
            if let Some(p) = new {
                let at = index(&pages, rel).unwrap_or_else(|i| i);
                pages.insert(at, p);
            }
        }
        let touched: HashSet<&str> = rels.iter().map(String::as_str).collect();
        let render_md = |p: &Page| touched.contains(p.rel.as_str()) || (moved && p.body().contains("@/"));
        let unparsed: Vec<&str> = self.broken.keys().map(String::as_str).collect();
        let (site, errors) = model::build_from_pages(
            self.prepared.site.config.clone(),
            pages,
            &unparsed,
            std::mem::take(&mut self.prepared.site.data),
            self.opts.now,
            &render_md,
        );
        // completed before it is kept, as a build completes it
        let (site, mut errors) = model::completed(site, errors, &self.prepared.templates);
        self.prepared.site = site;
        errors.extend(self.broken.values().flatten().cloned());
        if !errors.is_empty() {
            self.next = Next::RenderAll;
            errors.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
            return Err(errors);
        }
        if rels.iter().zip(&images_before).any(|(r, before)| &named(&self.prepared.site.pages, r) != before) {
            // the photo stage decides which files become photos: it runs again
            return self.reload();
        }
        let now = Lists::of(&self.prepared.site);
        // the list of authors shows how many pages each wrote
        let author_counts = |l: &Lists| l.authors.iter().map(Vec::len).collect::<Vec<_>>();
        if reshaped || now.tag_names != self.lists.tag_names || author_counts(&now) != author_counts(&self.lists) {
            self.render_all()?;
            return Ok(Rebuilt::RenderedAll);
        }
        self.render_edited(&before)
    }

    /// Each edited page's shape, summary and the date the sitemap gives it, before the edit.
    fn before<'r>(&self, rels: &'r [String]) -> Before<'r> {
        rels.iter()
            .filter_map(|r| {
                let i = index(&self.prepared.site.pages, r).ok()?;
                let p = &self.prepared.site.pages[i];
                let summary = self.summaries.get(i).cloned().unwrap_or_else(Value::none);
                Some((r.as_str(), (Shape::of(p), summary, p.lastmod())))
            })
            .collect()
    }

    /// The edited pages, parsed and rendered, when every edit leaves its page where it was in the
    /// site (its place, its order in every list, its tags, goals and photos): the model is then
    /// kept as it is but for them. `None` when an edit does more, or has a problem to report,
    /// which the whole model stage then finds.
    fn in_place(&self, rels: &[String]) -> Option<Vec<(usize, Page)>> {
        if self.next != Next::Incremental || !self.broken.is_empty() {
            return None;
        }
        let now = Date::from_timestamp(self.opts.now);
        let mut edits = Vec::with_capacity(rels.len());
        for rel in rels {
            let i = index(&self.prepared.site.pages, rel).ok()?;
            let old = &self.prepared.site.pages[i];
            let abs = self.root.join("content").join(rel);
            let mut new = discover::content_file(rel.clone(), &abs).ok().and_then(|f| page::parse(f).ok())?;
            model::smarten_front_matter(&mut new, &self.prepared.site.config);
            let shape = Shape::of(&new);
            let stays = model::included(&new, &self.opts.selection(), now)
                && shape.is_leaf()
                && shape == Shape::of(old)
                && (old.date, &old.title, old.weight, old.untitled, &old.lang)
                    == (new.date, &new.title, new.weight, new.untitled, &new.lang)
                && old.goal_keys == new.goal_keys;
            if !stays {
                return None;
            }
            let (new, problems) = model::in_place(&self.prepared.site, new, &self.prepared.templates);
            // the photo stage decides which files become photos; `_headers` gives a page with
            // embeds the hosts they need
            let hosts = |p: &Page| p.md.components.iter().flat_map(rally_render::components::hosts).collect::<Vec<_>>();
            if images::named_by(old) != images::named_by(&new) || hosts(old) != hosts(&new) || !problems.is_empty() {
                return None;
            }
            edits.push((i, new));
        }
        Some(edits)
    }

    /// Renders what the edits of pages `before` describes reach, once the model has them.
    fn render_edited(&mut self, before: &Before) -> Result<Rebuilt, Vec<Diagnostic>> {
        let lists = Lists::of(&self.prepared.site);
        let mut changed = HashSet::new();
        let mut edited = HashSet::new();
        let mut redated = false;
        for (rel, (_, old, old_lastmod)) in before {
            let i = index(&self.prepared.site.pages, rel).map_err(|_| internal("a changed page went missing"))?;
            let new =
                summary_value(&self.prepared.site, &self.prepared.templates.strings, &self.prepared.site.pages[i]);
            if &new != old {
                changed.insert(i);
            }
            redated |= self.prepared.site.pages[i].lastmod() != *old_lastmod;
            self.summaries[i] = new;
            edited.insert(i);
        }
        let neighbours = neighbours(&self.lists.updates, &lists.updates, &changed).into_iter().collect();
        let change =
            Change { site: &self.prepared.site, edited, changed, before: &self.lists, now: &lists, neighbours };
        let files = self.render_touched(&change).inspect_err(|_| self.next = Next::RenderAll)?;
        let feeds = change.touches_feeds();
        let done = self.store(files, feeds, redated).inspect_err(|_| self.next = Next::RenderAll)?;
        self.lists = lists;
        Ok(done)
    }

    /// Renders the jobs whose reads `change` touches.
    fn render_touched(&self, change: &Change) -> Result<Vec<render::OutputFile>, Vec<Diagnostic>> {
        let year = pipeline::render_options(&self.opts).year;
        let ctx = SharedContext::with_summaries(
            &self.prepared.site,
            &self.prepared.templates,
            self.styles.clone(),
            year,
            self.summaries.clone(),
        )
        .with_cards(self.card_setup.clone());
        let jobs = ctx.touched(&jobs::fine_jobs(&self.prepared.site), &self.deps, |r| change.touches(r));
        let out = std::sync::Mutex::new(Vec::new());
        pipeline::run_jobs(&ctx, &jobs, self.opts.minify, &|f| {
            out.lock().map_err(|_| internal("output lock").remove(0))?.push(f);
            Ok(())
        })?;
        out.into_inner().map_err(|_| internal("output lock"))
    }

    /// Keeps re-rendered `files` in the built files, with the feeds made anew when `feeds`, and the
    /// sitemap when a page joined or left it or a page's date there changed (`redated`).
    fn store(
        &mut self,
        mut files: Vec<render::OutputFile>,
        feeds: bool,
        redated: bool,
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        let mut relisted = false;
        for f in &files {
            relisted |=
                if render::listed(f) { self.listed.insert(f.path.clone()) } else { self.listed.remove(&f.path) };
        }
        let listed: Vec<&str> = self.listed.iter().map(String::as_str).collect();
        let machine = render::Machine { feeds, sitemap: relisted || redated };
        files.extend(render::machine_files(&self.prepared.site, &self.prepared.templates.strings, &listed, machine));
        files.retain(|f| !self.copied.contains(&f.path));
        let count = files.len();
        for f in files {
            let bytes = contents(f.contents)?;
            self.files.insert(f.path, Arc::new(bytes));
        }
        Ok(Rebuilt::Rendered(count))
    }
    /// What the search index of the built pages is made from, when the site has search on: the
    /// preview makes the index apart from its files, in the background, so that a rebuild never
    /// waits for it.
    pub fn search_documents(&self) -> Option<Vec<(String, String)>> {
        if !self.prepared.site.config.search.enabled {
            return None;
        }
        let pages = self.listed.iter().filter_map(|p| {
            let html = std::str::from_utf8(self.files.get(p)?).ok()?;
            Some((p.as_str(), html))
        });
        Some(rally_search::documents(&self.prepared.site, pages))
    }

    /// Renders every file of the site again.
    fn render_all(&mut self) -> Result<(), Vec<Diagnostic>> {
        let p = &self.prepared;
        let site = &p.site;
        self.next = Next::RenderAll;
        let styles = render::style::stylesheets(site, &p.templates).map_err(|d| vec![d])?;
        self.card_setup = p.card_setup();
        let opts = render::RenderOptions { search: false, ..pipeline::render_options(&self.opts) };
        let rendered = pipeline::render(site, &p.templates, p.assets(), opts, self.card_setup.as_ref())?;
        self.copied = render::copied_files(&p.templates, p.assets()).into_iter().map(|f| f.path).collect();
        let mut files = Files::with_capacity(rendered.len());
        let mut listed = BTreeSet::new();
        for f in rendered {
            if render::listed(&f) {
                listed.insert(f.path.clone());
            }
            files.insert(f.path, Arc::new(contents(f.contents)?));
        }
        self.styles = styles.urls(&site.config.base_path);
        self.summaries = site.pages.par_iter().map(|page| summary_value(site, &p.templates.strings, page)).collect();
        self.lists = Lists::of(site);
        self.files = files;
        self.listed = listed;
        self.next = Next::Incremental;
        Ok(())
    }
}

/// What an edit changed: the pages edited, those of them whose summary changed, and the list
/// orders before and after. The preview re-renders the jobs whose reads it touches.
struct Change<'a> {
    site: &'a Site,
    edited: HashSet<usize>,
    changed: HashSet<usize>,
    before: &'a Lists,
    now: &'a Lists,
    /// The updates whose newer or older neighbour is another page, or has a new summary.
    neighbours: HashSet<usize>,
}

impl Change<'_> {
    /// Do the feeds show an edited page, or other updates than before?
    fn touches_feeds(&self) -> bool {
        let limit = self.site.config.feeds.limit;
        let shown = render::feeds::shown(&self.now.updates, limit);
        shown != render::feeds::shown(&self.before.updates, limit) || shown.iter().any(|i| self.edited.contains(i))
    }

    fn touches(&self, read: &Read) -> bool {
        let per = self.site.config.updates.per_page.max(1);
        let chunk = |old: &[usize], new: &[usize], n: usize| {
            let (a, b) = (old.chunks(per).nth(n - 1), new.chunks(per).nth(n - 1));
            a != b || b.is_some_and(|b| b.iter().any(|i| self.changed.contains(i)))
        };
        match *read {
            Read::Page(i) => self.edited.contains(&i),
            Read::UpdatesChunk(n) => chunk(&self.before.updates, &self.now.updates, n),
            Read::TagChunk(t, n) => match (self.before.tags.get(t), self.now.tags.get(t)) {
                (Some(old), Some(new)) => chunk(old, new, n),
                _ => true,
            },
            Read::AuthorChunk(a, n) => match (self.before.authors.get(a), self.now.authors.get(a)) {
                (Some(old), Some(new)) => chunk(old, new, n),
                _ => true,
            },
            Read::Section(s) => {
                self.before.sections.get(s) != self.now.sections.get(s)
                    || self.now.sections.get(s).is_none_or(|s| s.iter().any(|i| self.changed.contains(i)))
            }
            Read::Neighbours(i) => self.neighbours.contains(&i),
            Read::Updates => {
                self.before.updates != self.now.updates
                    || self.changed.iter().any(|&i| self.site.pages[i].kind() == PageKind::Update)
            }
            // a change to the rest of the site renders every file
            Read::Site => false,
        }
    }
}

/// The updates (in `new` order) whose newer or older neighbour is another page than before, or
/// has a `changed` summary.
fn neighbours(old: &[usize], new: &[usize], changed: &HashSet<usize>) -> Vec<usize> {
    if old == new {
        let mut out = Vec::new();
        for (k, u) in new.iter().enumerate() {
            if changed.contains(u) {
                out.extend(k.checked_sub(1).map(|j| new[j]));
                out.extend(new.get(k + 1));
            }
        }
        return out;
    }
    let around = |list: &[usize], k: usize| (k.checked_sub(1).map(|j| list[j]), list.get(k + 1).copied());
    let old_pos: HashMap<usize, usize> = old.iter().enumerate().map(|(k, &u)| (u, k)).collect();
    new.iter()
        .enumerate()
        .filter(|&(k, u)| {
            let (newer, older) = around(new, k);
            old_pos.get(u).is_none_or(|&j| around(old, j) != (newer, older))
                || newer.is_some_and(|n| changed.contains(&n))
                || older.is_some_and(|o| changed.contains(&o))
        })
        .map(|(_, &u)| u)
        .collect()
}

/// The bytes of a rendered file.
pub fn contents(c: Contents) -> Result<Vec<u8>, Vec<Diagnostic>> {
    match c {
        Contents::Text(s) => Ok(s.into_bytes()),
        Contents::Static(b) => Ok(b.to_vec()),
        Contents::Bytes(b) => Ok(b),
        Contents::Copy(p) | Contents::Cached(p) => {
            std::fs::read(&p).map_err(|e| vec![Diagnostic::error(&p, 0, 0, format!("cannot read file: {e}"))])
        }
    }
}

fn internal(what: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::error("(preview)", 0, 0, format!("internal error: {what}"))]
}

/// A build error as diagnostics.
pub fn diagnostics(root: &Path, e: Error) -> Vec<Diagnostic> {
    match e {
        Error::Site(d) => d,
        other => vec![Diagnostic::error(root, 0, 0, other.to_string())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KELL: &str = "updates/2025-09-14-kell.md";

    /// The hub fixture, copied, and its preview site.
    fn hub() -> (tempfile::TempDir, PathBuf, LiveSite) {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/hub");
        for e in walkdir::WalkDir::new(&from) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let opts = BuildOptions { now: "2026-11-24T12:00:00Z".parse().unwrap(), ..Default::default() };
        let live = LiveSite::load(dir.path(), &opts, None).unwrap();
        let root = dir.path().to_path_buf();
        (dir, root, live)
    }

    #[test]
    fn only_edits_that_leave_a_page_where_it_was_are_made_in_place() {
        let (_dir, root, live) = hub();
        let path = root.join("content").join(KELL);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = |from: &str, to: &str| {
            assert!(text.contains(from), "{from}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
            live.in_place(&[KELL.to_string()])
        };
        let edits = edited("The water is clearer", "The water is much clearer").expect("a body edit is made in place");
        assert_eq!(edits.len(), 1);
        assert!(edits[0].1.md.html.contains("much clearer"), "its Markdown is rendered again");
        assert!(edited("summary: Our", "summary: Now our").is_some(), "a new summary leaves the page in place");
        assert!(edited("image: /images/kell.svg", "image: /images/kell2.svg").is_some(), "an SVG is no photo");
        for (from, to, what) in [
            ("date: 2025-09-14", "date: 2025-09-20", "a new date moves it in the lists"),
            ("title: 3 km", "title: Three km", "a new title can too"),
            ("tags: [cleanups, volunteers]", "tags: [cleanups]", "a tag less leaves a tag page"),
            ("goals: [river_km_restored]", "goals: [schools]", "other goals are other lists"),
            ("aliases: [/news/kell-clean-up/]", "aliases: []", "an alias less is a file less"),
            ("image: /images/kell.svg", "image: /images/kell.jpg", "a photo"),
            ("Eighty volunteers", "![Kell](/images/kell.jpg) Eighty volunteers", "a photo in the text"),
            ("Eighty volunteers", "[Eighty](@/nowhere.md) volunteers", "a link to nowhere is an error"),
            ("date: 2025-09-14", "date: nonsense", "a front matter error"),
        ] {
            assert!(edited(from, to).is_none(), "{what}");
        }
        let about = "about/_index.md";
        std::fs::write(root.join("content").join(about), "---\ntitle: About us\n---\nNew.\n").unwrap();
        assert!(live.in_place(&[about.to_string()]).is_none(), "a section page lists others");
    }
}
