//! What an edit changed in the site of one language (the pages it made again, the summaries that
//! changed, the orders of the lists before and after), and which render jobs that touches.

use std::collections::{HashMap, HashSet};

use rally_core::model::Site;
use rally_core::model::page::PageKind;
use rally_render as render;
use rally_render::jobs::Read;

/// The orders of the site's lists, by page index, to find which list pages a change moved.
#[derive(Debug, Default)]
pub(super) struct Lists {
    pub(super) updates: Vec<usize>,
    /// Each tag's name as shown (its first spelling in list order).
    pub(super) tag_names: Vec<String>,
    pub(super) tags: Vec<Vec<usize>>,
    /// Each author's pages.
    pub(super) authors: Vec<Vec<usize>>,
    pub(super) sections: Vec<Vec<usize>>,
}

impl Lists {
    pub(super) fn of(site: &Site) -> Lists {
        Lists {
            updates: site.updates.clone(),
            tag_names: site.tags.iter().map(|t| t.name.clone()).collect(),
            tags: site.tags.iter().map(|t| t.pages.clone()).collect(),
            authors: site.authors.iter().map(|a| a.pages.clone()).collect(),
            sections: site.sections.iter().map(|s| s.pages.clone()).collect(),
        }
    }
}

/// What an edit changed: the pages edited, those of them whose summary changed, and the list
/// orders before and after. The preview re-renders the jobs whose reads it touches.
pub(super) struct Change<'a> {
    pub(super) site: &'a Site,
    pub(super) edited: HashSet<usize>,
    pub(super) changed: HashSet<usize>,
    pub(super) before: &'a Lists,
    pub(super) now: &'a Lists,
    /// The updates whose newer or older neighbour is another page, or has a new summary.
    pub(super) neighbours: HashSet<usize>,
}

impl Change<'_> {
    /// Do the feeds show an edited page, or other updates than before?
    pub(super) fn touches_feeds(&self) -> bool {
        let limit = self.site.config.feeds.limit;
        let shown = render::feeds::shown(&self.now.updates, limit);
        shown != render::feeds::shown(&self.before.updates, limit) || shown.iter().any(|i| self.edited.contains(i))
    }

    pub(super) fn touches(&self, read: &Read) -> bool {
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
pub(super) fn neighbours(old: &[usize], new: &[usize], changed: &HashSet<usize>) -> Vec<usize> {
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
