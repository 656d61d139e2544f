//! The front matter keys a writer fills in for each kind of content file, with their labels and
//! types: the one description of the form that the preview's editor and `rally cms decap` are
//! both generated from. The keys are those of `source::front_matter::FrontMatter`; which kinds
//! may give them is the kinds table's (`kinds.rs`).

use super::kinds;
use super::page::PageKind;

/// What kind of value a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// A few lines of text.
    LongText,
    /// A calendar date: `2025-09-14`.
    Date,
    /// A date and time: `2026-04-18T10:00:00+01:00` (or a date, for events all day).
    DateTime,
    Number,
    Bool,
    /// A list of words: tags, goal keys, aliases.
    List,
    /// A URL or a path of the site.
    Url,
    /// The path of a photo under `static/` (`/images/kell.jpg`); its alt text is `image_alt`.
    Image,
    /// One of a few words.
    Select(&'static [&'static str]),
    /// A mapping with these keys.
    Object(&'static [Field]),
    /// A list of mappings with these keys.
    ObjectList(&'static [Field]),
}

/// One key of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub ty: FieldType,
    /// What to write, for the form's hint.
    pub hint: &'static str,
}

const fn f(key: &'static str, label: &'static str, ty: FieldType, hint: &'static str) -> Field {
    Field { key, label, ty, hint }
}

use FieldType::*;

const FORMAT: Field = f("format", "Number format", Select(&["standard", "compact"]), "");
const LABEL: Field = f("label", "Label", Text, "");
const UNIT: Field = f("unit", "Unit", Text, "e.g. km");
const GOAL: &[Field] = &[
    f("key", "Key", Text, "a short name updates refer to, e.g. river_km_restored"),
    LABEL,
    f("target", "Target", Number, ""),
    UNIT,
    f("baseline", "Baseline", Number, "where the count starts"),
    f("deadline", "Deadline", Date, ""),
    f("direction", "Direction", Select(&["up", "down"]), ""),
    FORMAT,
];
const METRIC: &[Field] = &[f("key", "Goal key", Text, ""), LABEL, f("value", "Value", Number, ""), UNIT, FORMAT];
const CTA: &[Field] = &[LABEL, f("url", "Link", Url, "")];
const LOCATION: &[Field] = &[f("name", "Place", Text, ""), f("address", "Address", Text, "")];
const MOVEMENT: &[Field] =
    &[f("name", "Name", Text, ""), f("tagline", "Tagline", Text, ""), f("pledge", "Pledge", LongText, "")];
const ADJUSTMENT: &[Field] = &[f("value", "Value", Number, "e.g. -12"), f("note", "Why", Text, "")];

/// Where a photo's subject is (`image_focus`, `hero_image_focus`).
const FOCUS: &[&str] = &["center", "top", "bottom", "left", "right"];

/// Every key a file of any kind may give, in the order forms show them.
const COMMON: &[Field] = &[
    f("title", "Title", Text, ""),
    f("date", "Date", Date, ""),
    f("description", "Description", LongText, "one or two sentences for search engines and shares"),
    f("image", "Image", Image, "e.g. /images/kell.jpg"),
    f("image_alt", "Alt text", Text, "what the photo shows, for people who cannot see it"),
    f("image_focus", "Image focus", Select(FOCUS), ""),
    f("tags", "Tags", List, "separated by commas"),
    f("author", "Author", Text, "a key of authors: in site.yaml"),
    f("updated", "Updated", Date, ""),
    f("draft", "Draft", Bool, "a draft is left out of the built site"),
    f("expires", "Expires", Date, "the page leaves the built site after this date"),
    f("slug", "URL name", Text, ""),
    f("aliases", "Old URLs", List, "separated by commas"),
    f("weight", "Order", Number, "lower comes first"),
];

/// The keys that only some kinds give (see `kinds::KINDS`), with how their forms show them.
const OWN: &[Field] = &[
    f("summary", "Summary", LongText, "a line for lists of updates"),
    f("goals", "Goals", List, "goal keys of the mission, separated by commas"),
    f("headline", "Headline", Text, "a short headline for the landing page; else the mission statement"),
    f("hero_image", "Hero photo", Image, "the photo beside the landing page's headline"),
    f("hero_image_alt", "Hero photo alt text", Text, "what the photo shows, for people who cannot see it"),
    f("hero_image_focus", "Hero photo focus", Select(FOCUS), ""),
    f("statement", "Statement", LongText, ""),
    f("vision", "Vision", LongText, ""),
    f("movement", "Movement", Object(MOVEMENT), ""),
    f("cta", "Call to action", Object(CTA), ""),
    f("period", "Period", Text, "e.g. 2025-Q3"),
    f("metrics", "Metrics", ObjectList(METRIC), ""),
    f("start", "Start", DateTime, "e.g. 2026-04-18T10:00:00+01:00, or a date for all day"),
    f("end", "End", DateTime, ""),
    f("timezone", "Time zone", Text, "e.g. Europe/London"),
    f("location", "Location", Object(LOCATION), ""),
    f("online_url", "Online link", Url, ""),
    f("registration_url", "Registration link", Url, ""),
    f("status", "Status", Select(&["scheduled", "cancelled", "postponed", "moved_online"]), ""),
    f("kind", "Campaign kind", Select(&["pledge", "petition", "fundraiser"]), ""),
    f("target", "Target", Number, ""),
    f("unit", "Unit", Text, "e.g. signatures"),
    f("deadline", "Deadline", Date, ""),
    f("count", "Count", Number, "or { from: data/FILE.csv } in the file"),
    f("adjustments", "Adjustments", ObjectList(ADJUSTMENT), ""),
];

/// Goals defined in the mission (not goal keys).
const GOAL_DEFS: Field = f("goals", "Goals", ObjectList(GOAL), "");

/// The fields of a file of `kind`, in form order: the common keys (title first), then the
/// kind's own. `summary` belongs to updates and campaigns, goal keys to updates and events.
pub fn of(kind: PageKind) -> Vec<Field> {
    let row = kinds::kind(kind);
    let mut out: Vec<Field> = COMMON.to_vec();
    let mut own: Vec<&str> = row.keys.to_vec();
    match kind {
        PageKind::Update => own.extend(["summary", "goals"]),
        PageKind::Event => own.push("goals"),
        PageKind::Campaign => own.insert(0, "summary"),
        PageKind::Mission => own.push("goals"),
        _ => {}
    }
    for key in own {
        let field = if kind == PageKind::Mission && key == "goals" { Some(GOAL_DEFS) } else { own_field(key) };
        out.extend(field);
    }
    out
}

fn own_field(key: &str) -> Option<Field> {
    OWN.iter().find(|f| f.key == key).copied()
}

/// Is `key` one that files of `kind` must give?
pub fn required(kind: PageKind, key: &str) -> bool {
    kinds::kind(kind).required.iter().any(|(k, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_kinds_table_has_a_field() {
        for k in kinds::KINDS {
            let fields = of(k.kind);
            for key in k.keys.iter().chain(k.required.iter().map(|(key, _)| key)) {
                assert!(fields.iter().any(|f| f.key == *key), "{:?} lacks {key}", k.kind);
            }
            let mut keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
            keys.sort_unstable();
            let n = keys.len();
            keys.dedup();
            assert_eq!(n, keys.len(), "a key twice in {:?}", k.kind);
        }
        let event: Vec<&str> = of(PageKind::Event).iter().map(|f| f.key).collect();
        assert!(event.starts_with(&["title", "date"]) && event.contains(&"timezone"));
        assert!(matches!(of(PageKind::Mission).last().unwrap().ty, ObjectList(_)));
        assert!(required(PageKind::Campaign, "target") && !required(PageKind::Page, "title"));
    }
}
