//! Front matter: the YAML block between a first `---` line and the next `---` line, read into
//! typed keys. A BOM and CRLF line endings are accepted.

use serde::Deserialize;
use std::path::Path;

use super::date::Date;
use super::limits;
use super::url::SafeUrl;
use super::yaml::{self, Positions};
use crate::error::Diagnostic;

/// The keys any content file may carry; the kind-specific ones are only read where they apply.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// After this moment (a bare date: after that day, UTC) the page is left out of the build.
    pub expires: Option<Date>,
    pub draft: bool,
    pub slug: Option<String>,
    pub tags: Vec<String>,
    /// The key of the page's author in `authors:`.
    pub author: Option<String>,
    /// The keys of the page's authors in `authors:`.
    pub authors: Option<Vec<String>>,
    pub template: Option<String>,
    pub weight: i64,
    pub aliases: Vec<SafeUrl>,
    pub image: Option<SafeUrl>,
    pub image_alt: Option<String>,
    /// Where the photo's subject is: `top`, `bottom left`, … (see `model::page::focus_class`).
    pub image_focus: Option<String>,
    pub extra: Option<serde_json::Value>,
    // the landing page and mission.md
    /// The landing page's own short headline, in place of the mission statement.
    pub headline: Option<String>,
    // the landing page
    /// The photo beside the landing page's headline, and its description.
    pub hero_image: Option<SafeUrl>,
    pub hero_image_alt: Option<String>,
    pub hero_image_focus: Option<String>,
    // mission.md
    pub statement: Option<String>,
    pub vision: Option<String>,
    pub movement: Option<Movement>,
    pub cta: Option<Cta>,
    /// Goal definitions in mission.md, goal keys in updates.
    pub goals: Vec<GoalEntry>,
    // impact reports
    /// Text; a bare year (`period: 2026`) is read as text too.
    #[serde(deserialize_with = "text_or_number")]
    pub period: Option<String>,
    pub metrics: Vec<Metric>,
    // updates
    pub summary: Option<String>,
    // events
    /// A date (all day) or a date and time, RFC 3339 or local to `timezone`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// An IANA time zone name, such as `Europe/London`.
    pub timezone: Option<String>,
    pub location: Option<Location>,
    pub online_url: Option<SafeUrl>,
    pub registration_url: Option<SafeUrl>,
    pub status: Option<EventStatus>,
    // campaigns
    pub kind: Option<CampaignKind>,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub deadline: Option<Date>,
    pub count: Option<CountSpec>,
    pub adjustments: Vec<Adjustment>,
}

/// What a campaign asks people to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignKind {
    Pledge,
    Petition,
    Fundraiser,
}

/// Where a campaign's count comes from: a number, or the rows (or the sum of one column) of a
/// data file.
#[derive(Debug, Clone, PartialEq)]
pub enum CountSpec {
    Number(f64),
    From(CountFrom),
}

/// `count: { from: data/pledges.csv, sum: amount }`
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountFrom {
    pub from: String,
    #[serde(default)]
    pub sum: Option<String>,
}

impl<'de> Deserialize<'de> for CountSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CountSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a number, or `{ from: data/FILE.csv }` (its rows) or `{ from: data/FILE.csv, sum: COLUMN }`",
                )
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<CountSpec, E> {
                Ok(CountSpec::Number(n as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<CountSpec, E> {
                Ok(CountSpec::Number(n as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<CountSpec, E> {
                Ok(CountSpec::Number(n))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<CountSpec, A::Error> {
                CountFrom::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(CountSpec::From)
            }
        }
        d.deserialize_any(V)
    }
}

/// A number added to a campaign's count by hand (paper pledges, offline gifts), with why.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    pub value: f64,
    #[serde(default)]
    pub note: Option<String>,
}

/// Where an event happens.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
}

/// Whether an event goes ahead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    #[default]
    Scheduled,
    Cancelled,
    Postponed,
    MovedOnline,
}

/// A text value that writers may leave unquoted as a number, such as the year `2026`.
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("text, e.g. 2025-Q3")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Some(s.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Self::Value, E> {
            Ok(Some(n.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Movement {
    pub name: String,
    #[serde(default)]
    pub tagline: Option<String>,
    #[serde(default)]
    pub pledge: Option<String>,
}

/// A call to action: a label and where it leads.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cta {
    pub label: String,
    pub url: SafeUrl,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawDirection {
    #[default]
    Up,
    Down,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGoal {
    pub key: String,
    pub label: String,
    pub target: f64,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub baseline: f64,
    #[serde(default)]
    pub deadline: Option<Date>,
    #[serde(default)]
    pub direction: RawDirection,
    /// `compact` writes the goal's numbers short (`762M`).
    #[serde(default)]
    pub format: crate::format::NumberFormat,
}

/// An entry of `goals:`: a goal key (in updates) or a goal definition (in mission.md).
#[derive(Debug, Clone)]
pub enum GoalEntry {
    Key(String),
    Def(RawGoal),
}

impl<'de> Deserialize<'de> for GoalEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = GoalEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a goal key or a goal definition (key, label, target, ...)")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<GoalEntry, E> {
                Ok(GoalEntry::Key(s.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<GoalEntry, A::Error> {
                RawGoal::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(GoalEntry::Def)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub key: String,
    #[serde(default)]
    pub label: Option<String>,
    pub value: f64,
    #[serde(default)]
    pub unit: Option<String>,
    /// `compact` writes the value short (`762M`); by default as its goal does.
    #[serde(default)]
    pub format: Option<crate::format::NumberFormat>,
}

/// A content file split into its front matter and body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML text (empty when the file has no front matter).
    pub yaml: &'a str,
    /// Byte offset in the file where the YAML starts.
    pub yaml_offset: usize,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Splits `text` (BOM already removed) at its front matter fences.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok(Split { yaml: "", yaml_offset: 0, yaml_line: 1, body: text, body_line: 1 });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_offset: yaml_start,
                yaml_line: 2,
                body: &text[body_start..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, 1, 1, "front matter is not closed: add a `---` line after the YAML").with_source(text))
}

/// Splits and parses a content file's front matter, with the positions of its keys; every key
/// that does not fit is reported.
pub fn parse<'a>(text: &'a str, path: &Path) -> Result<(FrontMatter, Positions, Split<'a>), Vec<Diagnostic>> {
    let split = split(text, path).map_err(|d| vec![d])?;
    if split.yaml.len() > limits::MAX_FRONT_MATTER_BYTES {
        let msg = format!(
            "the front matter is {}, over Rally's limit of {} (a size no real page reaches, which keeps a build's memory bounded): move long text into the body below the closing `---`",
            limits::size(split.yaml.len() as u64),
            limits::size(limits::MAX_FRONT_MATTER_BYTES as u64)
        );
        return Err(vec![Diagnostic::error(path, 1, 1, msg).with_source(text)]);
    }
    let range = split.yaml_offset..split.yaml_offset + split.yaml.len();
    let (fm, positions) = yaml::parse_all(path, text, range)?;
    Ok((fm, positions, split))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<(FrontMatter, Split<'_>), Diagnostic> {
        parse(text, Path::new("content/a.md")).map(|(fm, _, s)| (fm, s)).map_err(|mut e| e.remove(0))
    }

    /// Every key a writer can give, read into its type: a change to how any key is read shows here.
    #[test]
    fn every_key_read_into_its_type() {
        let text = "---\ntitle: \"Kell: 3 km\"\ndescription: The biggest clean-up.\ndate: 2025-09-14\nupdated: 2025-09-20T10:30:00+01:00\nexpires: 2026-01-31\n\
                    draft: false\ntags: [cleanups, Volunteers]\ntemplate: update.html\nweight: -2\nslug: kell\naliases: [/news/kell/]\n\
                    image: /images/kell.jpg\nimage_alt: Volunteers on the bank\nimage_focus: top left\nsummary: Eighty volunteers.\n\
                    goals: [river_km_restored]\nextra: { mood: glad, count: 3 }\n\
                    cta: { label: Join us, url: /join/ }\nperiod: 2025\nmetrics:\n  - { key: km, value: 3.5, label: Km, unit: km }\n\
                    start: 2026-05-01T10:00\nend: 2026-05-01T12:00\ntimezone: Europe/London\n\
                    location: { name: Kell Bridge, address: Mill Lane }\nonline_url: https://meet.example/kell\n\
                    registration_url: https://org.example/register\nstatus: postponed\n\
                    kind: petition\ntarget: 5000\nunit: signatures\ndeadline: 2027-03-31\ncount: 1234\n\
                    adjustments:\n  - { value: -12, note: Duplicates }\nstatement: We clean rivers.\nvision: Clean rivers.\n\
                    movement: { name: Kell Keepers, tagline: Every Saturday, pledge: I keep the Kell clean }\n---\nBody\n";
        let (fm, _) = p(text).unwrap();
        insta::assert_debug_snapshot!(fm);
    }

    #[test]
    fn splits_lf_and_crlf() {
        for text in ["---\ntitle: A\n---\nBody\n", "---\r\ntitle: A\r\n---\r\nBody\r\n"] {
            let (fm, s) = p(text).unwrap();
            assert_eq!(fm.title.as_deref(), Some("A"));
            assert_eq!(s.body.trim_end(), "Body");
            assert_eq!(s.body_line, 4);
        }
    }

    #[test]
    fn unterminated_block_is_an_error_at_line_one() {
        let e = p("---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn errors_point_at_the_file_line() {
        let e = p("---\ntitle: A\ndate: 2025-02-30\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("unknown date"), "{e}");
        let e = p("---\ntitle: A\ndraft: maybe\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = p("---\ntitle: A\ntags: 12\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        let e = p("---\ntitle: [\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 8), "the list opened on line 2 is not closed: {e}");
        assert!(e.message.contains("this list is not closed"), "{e}");
    }

    #[test]
    fn goals_are_keys_or_definitions() {
        let (fm, _) = p("---\ngoals: [a, b]\n---\n").unwrap();
        assert!(matches!(&fm.goals[..], [GoalEntry::Key(a), GoalEntry::Key(_)] if a == "a"));
        let (fm, _) = p("---\ngoals:\n  - key: km\n    label: Km\n    target: 10\n    direction: down\n---\n").unwrap();
        assert!(matches!(&fm.goals[0], GoalEntry::Def(g) if g.direction == RawDirection::Down));
        let e = p("---\ngoals:\n  - key: km\n    label: Km\n    targt: 10\n---\n").unwrap_err();
        assert_eq!(e.line, 5, "{e}");
    }

    #[test]
    fn a_bare_year_is_a_period() {
        let (fm, _) = p("---\nperiod: 2026\n---\n").unwrap();
        assert_eq!(fm.period.as_deref(), Some("2026"));
        let (fm, _) = p("---\nperiod: 2025-Q3\n---\n").unwrap();
        assert_eq!(fm.period.as_deref(), Some("2025-Q3"));
        let e = p("---\ntitle: A\nperiod: [2026]\n---\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let (fm, s) = p("# Hello\n").unwrap();
        assert!(fm.title.is_none());
        assert_eq!(s.body_line, 1);
    }
}
