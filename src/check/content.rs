//! Content warnings: missing descriptions and alt text, goals without data, stale impact reports,
//! and phrases the organisation has chosen not to use.

use crate::error::Diagnostic;
use crate::model::Site;
use crate::model::goals::Status;
use crate::model::page::{Page, PageKind};

/// Pages a reader lands on should say what they are about.
pub fn missing_descriptions(site: &Site) -> Vec<Diagnostic> {
    site.pages
        .iter()
        .filter(|p| p.description.is_none() && p.kind != PageKind::Home)
        .map(|p| {
            Diagnostic::warning(
                &p.display,
                1,
                1,
                "no `description`: search engines and social cards will fall back to the site's",
            )
            .with_source(&p.text)
        })
        .collect()
}

/// A front matter image needs its `image_alt`.
pub fn missing_image_alt(p: &Page) -> Option<Diagnostic> {
    (p.image.is_some() && p.image_alt.as_deref().is_none_or(|a| a.trim().is_empty())).then(|| {
        p.warning_at_key("image", "`image` has no `image_alt`: describe the picture for people who cannot see it")
    })
}

/// Goals with no value in any report.
pub fn goals_without_data(site: &Site) -> Vec<Diagnostic> {
    let Some(m) = site.page_by_kind(site.mission) else { return Vec::new() };
    site.goals
        .iter()
        .filter(|g| g.status == Status::NoData)
        .map(|g| {
            let line = find_line(&m.text, &format!("key: {}", g.def.key)).unwrap_or(1);
            Diagnostic::warning(
                &m.display,
                line,
                1,
                format!(
                    "goal `{}` has no data: no impact report gives a value for it, or its target equals its baseline",
                    g.def.key
                ),
            )
            .with_source(&m.text)
        })
        .collect()
}

/// The newest impact report, when it is older than `stale_after_days`.
pub fn stale_report(site: &Site, now: jiff::Timestamp) -> Option<Diagnostic> {
    let newest = site.page_by_kind(site.reports.first().copied())?;
    let date = newest.date?;
    let today = crate::source::date::Date::from_timestamp(now).day();
    let age = date.day().until(today).ok()?.get_days();
    let limit = site.config.check.stale_after_days;
    (i64::from(age) > limit).then(|| {
        newest.warning_at_key("date", format!("the newest impact report is {age} days old (more than {limit}): time for a new one (`rally new report PERIOD`)"))
    })
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Is `c` part of a word?
fn wordy(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Every whole-word, case-insensitive occurrence of `phrase` in `line`, as 1-based columns.
pub fn phrase_columns(line: &str, phrase: &str) -> Vec<usize> {
    let (hay, needle) = (line.to_lowercase(), phrase.to_lowercase());
    if needle.is_empty() || hay.len() != line.len() {
        return Vec::new();
    }
    let mut cols = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(&needle) {
        let start = from + i;
        let end = start + needle.len();
        if !wordy(hay[..start].chars().next_back()) && !wordy(hay[end..].chars().next()) {
            cols.push(line[..start].chars().count() + 1);
        }
        from = end;
    }
    cols
}

/// Phrases from `voice.avoid`, wherever a page uses them.
pub fn avoided_phrases(site: &Site) -> Vec<Diagnostic> {
    let avoid = &site.config.voice.avoid;
    let mut out = Vec::new();
    if avoid.is_empty() {
        return out;
    }
    for p in &site.pages {
        for (i, line) in p.text.lines().enumerate() {
            for phrase in avoid {
                for col in phrase_columns(line, phrase) {
                    out.push(
                        Diagnostic::warning(
                            &p.display,
                            i + 1,
                            col,
                            format!("“{phrase}” is on the list of words to avoid (voice.avoid in site.yaml)"),
                        )
                        .with_source(&p.text),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_only() {
        assert_eq!(phrase_columns("Synergy and synergyish, SYNERGY.", "synergy"), vec![1, 25]);
        assert_eq!(phrase_columns("please click here now", "click here"), vec![8]);
        assert!(phrase_columns("clicker", "click").is_empty());
    }
}
