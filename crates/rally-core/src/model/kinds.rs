//! Content kinds as data: where the files of each kind live, the keys a file of the kind must
//! give and the keys only it may give, the template it renders with and the title Rally gives it
//! when it has none. Adding a kind is a row here, its `KindData` variant in `page.rs` and its
//! templates.

use super::page::{PageKind, Untitled};

/// Where the files of a kind are, relative to `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// One file: `mission.md`.
    File(&'static str),
    /// The files directly in a folder (not its `_index.md`, not in its subfolders).
    Folder(&'static str),
    /// The `_index.md` of any folder.
    SectionIndex,
    /// Any other file.
    Elsewhere,
}

/// One kind of content file.
#[derive(Debug)]
pub struct Kind {
    pub kind: PageKind,
    /// The kind as messages name its files: `the mission`, `updates`.
    pub called: &'static str,
    /// One file of the kind, in messages: `an update`.
    pub one: &'static str,
    pub place: Place,
    /// The template a file of this kind renders with when it names none.
    pub template: &'static str,
    /// The keys a file of this kind must give, each with what to write (`e.g. …`).
    pub required: &'static [(&'static str, &'static str)],
    /// The keys that only files of this kind (and of other kinds that list them too) may give.
    pub keys: &'static [&'static str],
    /// The title Rally gives a file of this kind that gives none; `None`: titled after its path
    /// when `title` is not required.
    pub untitled: Option<Untitled>,
    /// A date at the start of the file's name (`2025-09-14-kell.md`) is left out of its URL.
    pub dated_names: bool,
}

/// The keys every kind of content file may give.
pub const COMMON_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "expires",
    "slug",
    "tags",
    "author",
    "authors",
    "template",
    "weight",
    "aliases",
    "image",
    "image_alt",
    "image_focus",
    "extra",
    "summary",
    "goals",
];

/// Every key a file of kind `of` may give: the common ones and its own.
pub fn keys_of(of: PageKind) -> Vec<&'static str> {
    COMMON_KEYS.iter().chain(kind(of).keys).copied().collect()
}

const HOME_KEYS: &[&str] = &["headline", "hero_image", "hero_image_alt", "hero_image_focus"];
const MISSION_KEYS: &[&str] = &["headline", "statement", "vision", "movement", "cta"];
const REPORT_KEYS: &[&str] = &["period", "metrics"];
const EVENT_KEYS: &[&str] = &["start", "end", "timezone", "location", "online_url", "registration_url", "status"];
const CAMPAIGN_KEYS: &[&str] = &["kind", "target", "unit", "deadline", "count", "adjustments", "cta"];

/// Every kind, in the order files are matched against their places (files first, then folders).
pub const KINDS: &[Kind] = &[
    Kind {
        kind: PageKind::Home,
        called: "the landing page",
        one: "the landing page",
        place: Place::File("_index.md"),
        template: "index.html",
        required: &[],
        keys: HOME_KEYS,
        untitled: None,
        dated_names: false,
    },
    Kind {
        kind: PageKind::Mission,
        called: "the mission",
        one: "the mission",
        place: Place::File("mission.md"),
        template: "mission.html",
        required: &[],
        keys: MISSION_KEYS,
        untitled: Some(Untitled::Mission),
        dated_names: false,
    },
    Kind {
        kind: PageKind::Values,
        called: "the values",
        one: "the values page",
        place: Place::File("values.md"),
        template: "values.html",
        required: &[],
        keys: &[],
        untitled: Some(Untitled::Values),
        dated_names: false,
    },
    Kind {
        kind: PageKind::Faq,
        called: "the FAQ",
        one: "the FAQ",
        place: Place::File("faq.md"),
        template: "faq.html",
        required: &[],
        keys: &[],
        untitled: Some(Untitled::Faq),
        dated_names: false,
    },
    Kind {
        kind: PageKind::Section,
        called: "section pages",
        one: "a section page",
        place: Place::SectionIndex,
        template: "section.html",
        required: &[],
        keys: &[],
        untitled: None,
        dated_names: false,
    },
    Kind {
        kind: PageKind::Report,
        called: "impact reports",
        one: "an impact report",
        place: Place::Folder("impact"),
        template: "report.html",
        required: &[("date", "e.g. `date: 2025-09-30`"), ("period", "e.g. `period: 2025-Q3`")],
        keys: REPORT_KEYS,
        untitled: Some(Untitled::Report),
        dated_names: false,
    },
    Kind {
        kind: PageKind::Update,
        called: "updates",
        one: "an update",
        place: Place::Folder("updates"),
        template: "update.html",
        required: &[("title", "e.g. `title: Kell river restored`"), ("date", "e.g. `date: 2025-09-14`")],
        keys: &[],
        untitled: None,
        dated_names: true,
    },
    Kind {
        kind: PageKind::Event,
        called: "events",
        one: "an event",
        place: Place::Folder("events"),
        template: "event.html",
        required: &[
            ("title", "e.g. `title: River clean-up day`"),
            ("start", "e.g. `start: 2026-04-18T10:00:00+01:00`"),
        ],
        keys: EVENT_KEYS,
        untitled: None,
        dated_names: true,
    },
    Kind {
        kind: PageKind::Campaign,
        called: "campaigns",
        one: "a campaign",
        place: Place::Folder("campaigns"),
        template: "campaign.html",
        required: &[
            ("title", "e.g. `title: Protect the Kell`"),
            ("kind", "`kind: pledge`, `petition` or `fundraiser`"),
            ("target", "e.g. `target: 5000`"),
        ],
        keys: CAMPAIGN_KEYS,
        untitled: None,
        dated_names: true,
    },
    Kind {
        kind: PageKind::Page,
        called: "pages",
        one: "a page",
        place: Place::Elsewhere,
        template: "page.html",
        required: &[],
        keys: &[],
        untitled: None,
        dated_names: false,
    },
];

/// The row of a kind.
pub fn kind(kind: PageKind) -> &'static Kind {
    KINDS.iter().find(|k| k.kind == kind).unwrap_or_else(|| unreachable!("every kind has a row: {kind:?}"))
}

/// The kind of the content file at `rel` (relative to `content/`), by its place.
pub fn of(rel: &str) -> PageKind {
    let at = |k: &Kind| match k.place {
        Place::File(name) => rel == name,
        Place::SectionIndex => rel.ends_with("/_index.md"),
        Place::Folder(folder) => {
            rel.strip_prefix(folder).and_then(|r| r.strip_prefix('/')).is_some_and(|name| !name.contains('/'))
        }
        Place::Elsewhere => true,
    };
    KINDS.iter().find(|k| at(k)).map_or(PageKind::Page, |k| k.kind)
}

/// The folders Rally lists a kind's files in (`updates`, `impact`, ...), which no other page
/// may be published as.
pub fn folders() -> impl Iterator<Item = &'static str> {
    KINDS.iter().filter_map(|k| match k.place {
        Place::Folder(f) => Some(f),
        _ => None,
    })
}

/// Where the files that may give `key` are, when only some kinds may (`content/events/`, `the
/// mission (content/mission.md)`); `None` when every kind may, or `kind` is one that may.
pub fn owner_of(key: &str, kind: PageKind) -> Option<String> {
    let owners: Vec<&Kind> = KINDS.iter().filter(|k| k.keys.contains(&key)).collect();
    if owners.is_empty() || owners.iter().any(|k| k.kind == kind) {
        return None;
    }
    let place = |k: &Kind| match k.place {
        Place::File(f) => format!("{} (content/{f})", k.called),
        Place::Folder(f) => format!("{} (content/{f}/)", k.called),
        _ => k.called.to_string(),
    };
    Some(owners.iter().map(|k| place(k)).collect::<Vec<_>>().join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_is_found_by_its_place() {
        for k in KINDS {
            assert_eq!(KINDS.iter().filter(|o| o.kind == k.kind).count(), 1, "{:?}", k.kind);
        }
        let cases = [
            ("_index.md", PageKind::Home),
            ("mission.md", PageKind::Mission),
            ("values.md", PageKind::Values),
            ("faq.md", PageKind::Faq),
            ("impact/2025-q3.md", PageKind::Report),
            ("impact/_index.md", PageKind::Section),
            ("updates/2025-09-14-kell.md", PageKind::Update),
            ("updates/old/x.md", PageKind::Page),
            ("updates.md", PageKind::Page),
            ("updatesx/a.md", PageKind::Page),
            ("events/2026-04-18-clean-up.md", PageKind::Event),
            ("campaigns/kell.md", PageKind::Campaign),
            ("about/team.md", PageKind::Page),
            ("about/mission.md", PageKind::Page),
        ];
        for (rel, want) in cases {
            assert_eq!(of(rel), want, "{rel}");
        }
    }

    #[test]
    fn keys_of_some_kinds_name_where_they_belong() {
        assert_eq!(owner_of("statement", PageKind::Update).as_deref(), Some("the mission (content/mission.md)"));
        assert_eq!(owner_of("metrics", PageKind::Page).as_deref(), Some("impact reports (content/impact/)"));
        assert_eq!(
            owner_of("cta", PageKind::Faq).as_deref(),
            Some("the mission (content/mission.md) and campaigns (content/campaigns/)")
        );
        assert_eq!(owner_of("cta", PageKind::Campaign), None);
        assert_eq!(owner_of("title", PageKind::Update), None);
        assert_eq!(owner_of("start", PageKind::Event), None);
        assert_eq!(folders().collect::<Vec<_>>(), ["impact", "updates", "events", "campaigns"]);
    }
}
