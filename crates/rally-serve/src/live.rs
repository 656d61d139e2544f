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
//!
//! A site of several languages builds each page once per language, from its original and its
//! translation there, if any. An edit in place there (see `in_place`) makes the page again in
//! the site of every language it changes: an original's edit in the default language and in every
//! language that shows it untranslated or translates it, a translation's edit in its language
//! alone; and each of those languages re-renders what the edit touches in it, as a site of one
//! language does. Any other edit reads the whole site again.

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
use rally_render::jobs::{self, SharedContext, summary_value};
use rally_render::style::StyleUrls;
use rally_render::{self as render, Contents};

mod change;
mod draft;
mod in_place;
use change::{Change, Lists, neighbours};
pub use draft::Drafted;
use in_place::InPlace;

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

/// What the preview keeps of the site of one language between rebuilds, to find what an edit
/// touches there.
#[derive(Debug, Default)]
struct Shown {
    /// Each page as lists show it, by page index.
    summaries: Vec<Value>,
    lists: Lists,
    /// The HTML files the sitemap lists, relative to the language's folder.
    listed: BTreeSet<String>,
}

/// A page an edit made again, in the site of one language (0: the default), with what it showed
/// before: its summary and its date in the sitemap.
struct Edited {
    lang: usize,
    page: usize,
    summary: Value,
    lastmod: Option<Date>,
}

/// The site of language `lang` (by its index in `config.languages`) of `site`.
fn site_of(site: &Site, lang: usize) -> &Site {
    if lang == 0 { site } else { &site.others[lang - 1] }
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
    /// The site of each language, the default's first.
    shown: Vec<Shown>,
    styles: StyleUrls,
    /// The listed HTML files of every language, by output path: what the search index is made of.
    indexed: BTreeSet<String>,
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
            shown: Vec::new(),
            styles: StyleUrls::default(),
            indexed: BTreeSet::new(),
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
        let one_language = self.prepared.site.config.languages.len() < 2;
        match rels {
            Some(rels) if self.next != Next::Reload && one_language => self.update_content(&rels),
            // a site of several languages builds each page once per language from the original
            // and its translations: an edit that leaves its page where it was is made in every
            // language it reaches, any other is read with the whole site again
            Some(rels) => match self.in_place(&rels) {
                Some(edits) => self.made_in_place(edits),
                None => self.reload(),
            },
            None => self.reload(),
        }
    }

    /// Puts the pages an edit in place made again in the model, and renders what they reach.
    fn made_in_place(&mut self, edits: InPlace) -> Result<Rebuilt, Vec<Diagnostic>> {
        let site = &mut self.prepared.site;
        let mut edited = Vec::with_capacity(edits.pages.len());
        for (lang, i, page) in edits.pages {
            let pages = if lang == 0 { &mut site.pages } else { &mut site.others[lang - 1].pages };
            let summary = self.shown[lang].summaries[i].clone();
            edited.push(Edited { lang, page: i, summary, lastmod: pages[i].lastmod() });
            pages[i] = page;
        }
        for status in edits.statuses {
            let same = |s: &&mut rally_core::languages::sites::TranslationStatus| {
                s.lang == status.lang && s.translation == status.translation
            };
            if let Some(s) = site.translations.iter_mut().find(same) {
                *s = status;
            }
        }
        self.render_edited(edited)
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
            return self.made_in_place(edits);
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
        if reshaped
            || now.tag_names != self.shown[0].lists.tag_names
            || author_counts(&now) != author_counts(&self.shown[0].lists)
        {
            self.render_all()?;
            return Ok(Rebuilt::RenderedAll);
        }
        let mut edited = Vec::with_capacity(before.len());
        for (rel, (_, summary, lastmod)) in before {
            let i = index(&self.prepared.site.pages, rel).map_err(|_| internal("a changed page went missing"))?;
            edited.push(Edited { lang: 0, page: i, summary, lastmod });
        }
        self.render_edited(edited)
    }

    /// Each edited page's shape, summary and the date the sitemap gives it, before the edit.
    fn before<'r>(&self, rels: &'r [String]) -> Before<'r> {
        rels.iter()
            .filter_map(|r| {
                let i = index(&self.prepared.site.pages, r).ok()?;
                let p = &self.prepared.site.pages[i];
                let summary = self.shown[0].summaries.get(i).cloned().unwrap_or_else(Value::none);
                Some((r.as_str(), (Shape::of(p), summary, p.lastmod())))
            })
            .collect()
    }

    /// Renders what the `edited` pages reach in the site of each language, once the model has them.
    fn render_edited(&mut self, edited: Vec<Edited>) -> Result<Rebuilt, Vec<Diagnostic>> {
        let strings = &self.prepared.templates.strings;
        let mut files = Vec::new();
        let mut feeds = Vec::new();
        let mut lists_now = Vec::new();
        let mut redated = false;
        for lang in 0..self.shown.len() {
            let mine: Vec<&Edited> = edited.iter().filter(|e| e.lang == lang).collect();
            // with no page edited at all, the default language's lists are still compared
            if mine.is_empty() && (lang > 0 || !edited.is_empty()) {
                continue;
            }
            let site = site_of(&self.prepared.site, lang);
            let lists = Lists::of(site);
            let (mut pages, mut changed) = (HashSet::new(), HashSet::new());
            for e in mine {
                let new = summary_value(site, strings, &site.pages[e.page]);
                if new != e.summary {
                    changed.insert(e.page);
                }
                // the sitemap gives the dates of the default language's pages
                redated |= lang == 0 && site.pages[e.page].lastmod() != e.lastmod;
                self.shown[lang].summaries[e.page] = new;
                pages.insert(e.page);
            }
            let before = &self.shown[lang].lists;
            let neighbours = neighbours(&before.updates, &lists.updates, &changed).into_iter().collect();
            let change = Change { site, edited: pages, changed, before, now: &lists, neighbours };
            let out = self.render_touched(lang, &change).inspect_err(|_| self.next = Next::RenderAll)?;
            if change.touches_feeds() {
                feeds.push(lang);
            }
            files.push((lang, out));
            lists_now.push((lang, lists));
        }
        let done = self.store(files, &feeds, redated).inspect_err(|_| self.next = Next::RenderAll)?;
        for (lang, lists) in lists_now {
            self.shown[lang].lists = lists;
        }
        Ok(done)
    }

    /// Renders the jobs of the site of language `lang` whose reads `change` touches.
    fn render_touched(&self, lang: usize, change: &Change) -> Result<Vec<render::OutputFile>, Vec<Diagnostic>> {
        let site = site_of(&self.prepared.site, lang);
        let year = pipeline::render_options(&self.opts).year;
        let summaries = self.shown[lang].summaries.clone();
        let ctx = SharedContext::with_summaries(site, &self.prepared.templates, self.styles.clone(), year, summaries)
            .with_cards(self.card_setup.clone());
        let jobs = ctx.touched(&jobs::fine_jobs(site), &self.deps, |r| change.touches(r));
        let out = std::sync::Mutex::new(Vec::new());
        pipeline::run_jobs(&ctx, &jobs, self.opts.minify, &|f| {
            out.lock().map_err(|_| internal("output lock").remove(0))?.push(f);
            Ok(())
        })?;
        out.into_inner().map_err(|_| internal("output lock"))
    }

    /// Keeps re-rendered `files` of the site of each language in the built files (under the
    /// language's folder), with the feeds of the languages `feeds` made anew, and the sitemap when
    /// a page joined or left it or a page's date there changed (`redated`).
    fn store(
        &mut self,
        files: Vec<(usize, Vec<render::OutputFile>)>,
        feeds: &[usize],
        redated: bool,
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        let site = &self.prepared.site;
        let strings = &self.prepared.templates.strings;
        let feeds = feeds.iter().map(|&lang| {
            let made = render::machine_files(
                site_of(site, lang),
                strings,
                &[] as &[&str],
                render::Machine { feeds: true, sitemap: false },
            );
            (lang, made)
        });
        let mut relisted = false;
        let mut out = Vec::new();
        for (lang, made) in files.into_iter().chain(feeds.collect::<Vec<_>>()) {
            let lang_site = site_of(site, lang);
            let prefix = &lang_site.config.current_language().prefix;
            // a page not translated yet names its original as canonical: the sitemap lists the
            // original
            let copies: HashSet<&str> =
                lang_site.pages.iter().filter(|p| p.lang.is_some()).map(|p| p.out.as_str()).collect();
            let listed = &mut self.shown[lang].listed;
            for mut f in made {
                let shown = render::listed(&f);
                relisted |= if shown && !copies.contains(f.path.as_str()) {
                    listed.insert(f.path.clone())
                } else {
                    listed.remove(&f.path)
                };
                f.path.insert_str(0, prefix);
                if shown {
                    self.indexed.insert(f.path.clone())
                } else {
                    self.indexed.remove(&f.path)
                };
                out.push(f);
            }
        }
        if relisted || redated {
            let listed: Vec<Vec<String>> = self.shown.iter().map(|s| s.listed.iter().cloned().collect()).collect();
            out.push(render::sitemap(site, &listed));
        }
        out.retain(|f| !self.copied.contains(&f.path));
        let count = out.len();
        for f in out {
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
        let pages = self.indexed.iter().filter_map(|p| {
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
        let (rendered, listed) =
            pipeline::render_listed(site, &p.templates, p.assets(), opts, self.card_setup.as_ref())?;
        self.copied = render::copied_files(&p.templates, p.assets()).into_iter().map(|f| f.path).collect();
        let mut files = Files::with_capacity(rendered.len());
        let mut indexed = BTreeSet::new();
        for f in rendered {
            if render::listed(&f) {
                indexed.insert(f.path.clone());
            }
            files.insert(f.path, Arc::new(contents(f.contents)?));
        }
        self.styles = styles.urls(&site.config.base_path);
        let strings = &p.templates.strings;
        self.shown = std::iter::once(site)
            .chain(&site.others)
            .zip(listed.into_iter().chain(std::iter::repeat_with(Vec::new)))
            .map(|(s, listed)| Shown {
                summaries: s.pages.par_iter().map(|page| summary_value(s, strings, page)).collect(),
                lists: Lists::of(s),
                listed: listed.into_iter().collect(),
            })
            .collect();
        self.files = files;
        self.indexed = indexed;
        self.next = Next::Incremental;
        Ok(())
    }
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
        assert_eq!(edits.pages.len(), 1);
        assert!(edits.pages[0].2.md.html.contains("much clearer"), "its Markdown is rendered again");
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
