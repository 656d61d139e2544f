//! Edits made in place: an edit that leaves its page where it was in the site (its place, its
//! order in every list, its tags, goals and photos) keeps the model as it is but for the page it
//! makes again, in the site of every language it reaches. An original's edit makes its page again
//! in the default language and in every other language, as a copy where that language has no
//! translation of it and under its translation where it has one; a translation's edit makes the
//! page of its language alone. Each page is made by the functions the model stage makes it with.

use rally_core::languages::sites::{self, TranslationStatus};
use rally_core::languages::{translate, translation_of, translation_path};
use rally_core::model;
use rally_core::model::page::{self, Page};
use rally_core::source::date::Date;
use rally_core::source::discover;
use rally_render::images;

use super::{LiveSite, Next, Shape, index};

/// The pages an edit in place made again, each in the site of one language (0: the default) at
/// its index there, and the status of the translations it read again.
#[derive(Debug, Default)]
pub(super) struct InPlace {
    pub(super) pages: Vec<(usize, usize, Page)>,
    pub(super) statuses: Vec<TranslationStatus>,
}

/// Does `new` name the same photos as `old` (the photo stage decides which files become photos)
/// and load its components from the same hosts (`_headers` gives a page with embeds the hosts
/// they need)? A change to either is made with the whole site.
fn same_photos_and_hosts(old: &Page, new: &Page) -> bool {
    let hosts = |p: &Page| p.md.components.iter().flat_map(rally_render::components::hosts).collect::<Vec<_>>();
    images::named_by(old) == images::named_by(new) && hosts(old) == hosts(new)
}

impl LiveSite {
    /// The edited pages, parsed and rendered in the site of every language they reach, when every
    /// edit of `rels` (relative to `content/`) leaves its page where it was in the site. `None`
    /// when an edit does more, or has a problem to report, which the whole model stage then finds.
    pub(super) fn in_place(&self, rels: &[String]) -> Option<InPlace> {
        if self.next != Next::Incremental || !self.broken.is_empty() {
            return None;
        }
        let site = &self.prepared.site;
        let codes: Vec<&str> = site.config.languages[1..].iter().map(|l| l.code.as_str()).collect();
        let mut edits = InPlace::default();
        for rel in rels {
            match translation_of(rel, codes.iter().copied()) {
                // made again with its original's edit, which reads it
                Some((original, _)) if rels.contains(&original) => {}
                Some((original, code)) => {
                    let i = index(&site.pages, &original).ok()?;
                    let lang = 1 + codes.iter().position(|c| *c == code)?;
                    let (page, status) = self.translated(lang, &site.pages[i], i)?;
                    edits.pages.push((lang, i, page));
                    edits.statuses.push(status);
                }
                None => self.original(rel, &mut edits)?,
            }
        }
        Some(edits)
    }

    /// Makes the page of the original `rel` again in every language, into `edits`.
    fn original(&self, rel: &str, edits: &mut InPlace) -> Option<()> {
        let site = &self.prepared.site;
        let templates = &self.prepared.templates;
        let now = Date::from_timestamp(self.opts.now);
        let i = index(&site.pages, rel).ok()?;
        let old = &site.pages[i];
        let abs = self.root.join("content").join(rel);
        let mut new = discover::content_file(rel.to_string(), &abs).ok().and_then(|f| page::parse(f).ok())?;
        model::smarten_front_matter(&mut new, &site.config);
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
        // the other languages make their page of it as the model stage has it before completing
        let (rendered, problems) = model::rendered_in_place(site, new);
        let (new, problems) = model::completed_in_place(site, rendered.clone(), problems, templates);
        if !same_photos_and_hosts(old, &new) || !problems.is_empty() {
            return None;
        }
        edits.pages.push((0, i, new));
        for (k, other) in site.others.iter().enumerate() {
            let lang = k + 1;
            if other.pages[i].lang.is_none() {
                let (page, status) = self.translated(lang, &rendered, i)?;
                edits.pages.push((lang, i, page));
                edits.statuses.push(status);
            } else {
                let (page, problems) = sites::untranslated_in(other, &rendered, &site.config.language, templates);
                if !problems.is_empty() {
                    return None;
                }
                edits.pages.push((lang, i, page));
            }
        }
        Some(())
    }

    /// The page `i` of the site of language `lang`, made again from `original` and its
    /// translation (read again), with the translation's status; `None` when the page has no
    /// translation there yet, or it has a problem, or it moves the page in that site's lists.
    fn translated(&self, lang: usize, original: &Page, i: usize) -> Option<(Page, TranslationStatus)> {
        let other = &self.prepared.site.others[lang - 1];
        let old = &other.pages[i];
        // a new translation: the page's other versions name it; only the kinds the table calls
        // leaves (updates, plain pages) are not shown by every page of the site
        if old.lang.is_some() || !Shape::of(old).is_leaf() {
            return None;
        }
        let code = other.config.current_language().code.clone();
        let rel = translation_path(&original.rel, &code);
        let file = discover::content_file(rel.clone(), &self.root.join("content").join(&rel)).ok()?;
        let t = translate::parse(file, code, original.rel.clone()).ok()?;
        let (new, problems) = sites::translated_in(other, original, &t, &self.prepared.templates);
        let stays = problems.is_empty()
            && (&old.title, old.untitled) == (&new.title, new.untitled)
            && same_photos_and_hosts(old, &new);
        stays.then(|| (new, sites::status_of(&t, original)))
    }
}
