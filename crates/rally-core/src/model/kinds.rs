//! Content kinds as data: where the files of each kind live, the keys a file of the kind must
//! give and the keys only it may give, the template it renders with, the title Rally gives it
//! when it has none, how its body is read, its list page, what its pages show beside themselves,
//! its names in search, on share cards, in the editor and the CMS, the keys a translation of it
//! gives and the `rally new` command that makes one. Every stage asks this table, never a list
//! of kinds of its own.
//!
//! Adding a kind:
//! 1. a `PageKind` variant and, when its files hold data of their own, a `KindData` variant in
//!    `page.rs` filled from its front matter (with its keys in `source/front_matter.rs`), and
//!    its order in lists in `Site::list_of` when it is not its files' order;
//! 2. a row in [`KINDS`]: its place, keys, template, labels, body, list, extras and translated
//!    keys;
//! 3. its templates (the row's `template`, and its list's) in each theme, or in a site's
//!    `templates/`.

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

/// The list page Rally writes of a kind's files, at its folder's URL (`/events/`), titled and
/// described by the folder's `_index.md` when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct List {
    pub template: &'static str,
    /// The theme string that titles the list when its `_index.md` gives no title.
    pub title: &'static str,
    /// The theme string that describes the list when its `_index.md` gives no description.
    pub description: Option<&'static str>,
    /// Split into pages of `updates.per_page` (`/updates/page/2/`), newest first.
    pub paginated: bool,
    /// Written when the site has no file of the kind too.
    pub always: bool,
}

/// What a page of a kind (or its list page) shows beside itself: its template gets the key, and
/// the build writes the files, named here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// `metrics`: a report's metrics, each with the goal it advances.
    Metrics,
    /// `update_goals`: the goals the page advances.
    AdvancedGoals,
    /// `newer` and `older`: the pages of the kind beside it, in its list's order.
    Neighbours,
    /// An event's calendar file (`SLUG.ics`) beside its page; on a list, `calendar_url` and the
    /// calendar of every upcoming event beside the list.
    Calendar,
    /// The email editions (`email.html`, `email.txt`) beside the page, when `feeds.email` is on.
    EmailEditions,
}

/// How the Markdown body of a kind's files is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// As one text.
    Plain,
    /// Each `## Heading` starts one item (a value, a question), its text following.
    Sections,
    /// As [`Body::Sections`], a `# Heading` starting a group of them (the FAQ's sections).
    GroupedSections,
}

/// The schema.org type of a page's JSON-LD, beside the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// `WebPage` (with its action, for a page with a call to action).
    WebPage,
    /// `Article`, with its author and dates; the page's `og:type` is `article` too.
    Article,
    /// `FAQPage`, a question per `## Question?` heading.
    FaqPage,
}

/// A key a translation of a kind's files gives beside the text keys every translation may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Translated {
    /// Text, such as a campaign's `unit`.
    Text(&'static str),
    /// A mapping whose named parts are text (`cta: { label }`), the rest coming from the original.
    Parts(&'static str, &'static [&'static str]),
    /// A list of `{key, label, unit}` naming the keys of the original's list of that name.
    Labels(&'static str),
}

impl Translated {
    /// The front matter key it is.
    pub fn key(&self) -> &'static str {
        match *self {
            Translated::Text(k) | Translated::Parts(k, _) | Translated::Labels(k) => k,
        }
    }
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
    /// The kind as the editor and the CMS list its files: `Updates`.
    pub label: &'static str,
    /// Its value of the search index's `kind` filter.
    pub search: &'static str,
    /// Its name on share cards (the card template's `kind`).
    pub card: &'static str,
    /// An edit of one of its files that keeps its URL, aliases and tags changes only its own
    /// page and the lists it is in, not the rest of the site.
    pub leaf: bool,
    /// The list page of its folder, when Rally writes one.
    pub list: Option<List>,
    pub body: Body,
    /// What its pages show beside themselves.
    pub extras: &'static [Extra],
    pub schema: Schema,
    /// The keys its translations give beside the text keys every translation may give.
    pub translated: &'static [Translated],
    /// The `rally new` command that makes one of its files (`rally new page` refuses its place).
    pub new: Option<&'static str>,
}

impl Kind {
    /// Its folder, for kinds whose files are in one.
    pub fn folder(&self) -> Option<&'static str> {
        match self.place {
            Place::Folder(f) => Some(f),
            _ => None,
        }
    }

    /// Does a page of this kind show `extra`?
    pub fn shows(&self, extra: Extra) -> bool {
        self.extras.contains(&extra)
    }
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

/// A plain page, and what every row gives unless it says otherwise: no required or own keys,
/// titled after its path, no list page, nothing beside its pages, a `WebPage`, named `page` in
/// search and on cards.
const ROW: Kind = Kind {
    kind: PageKind::Page,
    called: "pages",
    one: "a page",
    place: Place::Elsewhere,
    template: "page.html",
    required: &[],
    keys: &[],
    untitled: None,
    dated_names: false,
    label: "Pages",
    search: "page",
    card: "page",
    leaf: false,
    list: None,
    body: Body::Plain,
    extras: &[],
    schema: Schema::WebPage,
    translated: &[],
    new: None,
};

/// Every kind, in the order files are matched against their places (files first, then folders).
pub const KINDS: &[Kind] = &[
    Kind {
        kind: PageKind::Home,
        called: "the landing page",
        one: "the landing page",
        place: Place::File("_index.md"),
        template: "index.html",
        keys: HOME_KEYS,
        label: "Landing page",
        ..ROW
    },
    Kind {
        kind: PageKind::Mission,
        called: "the mission",
        one: "the mission",
        place: Place::File("mission.md"),
        template: "mission.html",
        keys: MISSION_KEYS,
        untitled: Some(Untitled::Mission),
        label: "Mission",
        card: "mission",
        translated: &[
            Translated::Labels("goals"),
            Translated::Parts("movement", &["name", "tagline", "pledge"]),
            Translated::Parts("cta", &["label"]),
        ],
        ..ROW
    },
    Kind {
        kind: PageKind::Values,
        called: "the values",
        one: "the values page",
        place: Place::File("values.md"),
        template: "values.html",
        untitled: Some(Untitled::Values),
        label: "Values",
        body: Body::Sections,
        ..ROW
    },
    Kind {
        kind: PageKind::Faq,
        called: "the FAQ",
        one: "the FAQ",
        place: Place::File("faq.md"),
        template: "faq.html",
        untitled: Some(Untitled::Faq),
        label: "FAQ",
        search: "faq",
        body: Body::GroupedSections,
        schema: Schema::FaqPage,
        ..ROW
    },
    Kind {
        kind: PageKind::Section,
        called: "section pages",
        one: "a section page",
        place: Place::SectionIndex,
        template: "section.html",
        label: "Section pages",
        ..ROW
    },
    Kind {
        kind: PageKind::Update,
        called: "updates",
        one: "an update",
        place: Place::Folder("updates"),
        template: "update.html",
        required: &[("title", "e.g. `title: Kell river restored`"), ("date", "e.g. `date: 2025-09-14`")],
        dated_names: true,
        label: "Updates",
        search: "update",
        card: "update",
        leaf: true,
        list: Some(List {
            template: "updates.html",
            title: "updates",
            description: None,
            paginated: true,
            always: true,
        }),
        extras: &[Extra::AdvancedGoals, Extra::Neighbours, Extra::EmailEditions],
        schema: Schema::Article,
        new: Some("rally new update \"TITLE\""),
        ..ROW
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
        dated_names: true,
        label: "Events",
        search: "event",
        card: "event",
        list: Some(List {
            template: "events.html",
            title: "events",
            description: Some("events_description"),
            paginated: false,
            always: false,
        }),
        extras: &[Extra::AdvancedGoals, Extra::Calendar],
        new: Some("rally new event \"TITLE\" --start TIME"),
        ..ROW
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
        dated_names: true,
        label: "Campaigns",
        search: "campaign",
        card: "campaign",
        list: Some(List {
            template: "campaigns.html",
            title: "campaigns",
            description: Some("campaigns_description"),
            paginated: false,
            always: false,
        }),
        translated: &[Translated::Text("unit"), Translated::Parts("cta", &["label"])],
        new: Some("rally new campaign \"TITLE\""),
        ..ROW
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
        label: "Impact reports",
        search: "report",
        card: "report",
        list: Some(List {
            template: "impact.html",
            title: "our_impact",
            description: None,
            paginated: false,
            always: true,
        }),
        extras: &[Extra::Metrics],
        translated: &[Translated::Labels("metrics")],
        new: Some("rally new report PERIOD"),
        ..ROW
    },
    // plain pages: every other file
    Kind { leaf: true, ..ROW },
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
    KINDS.iter().filter_map(Kind::folder)
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
        assert_eq!(folders().collect::<Vec<_>>(), ["updates", "events", "campaigns", "impact"]);
    }
}
