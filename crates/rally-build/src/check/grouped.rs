//! Problems found on built pages, grouped: the same problem on many pages (a broken menu link, a
//! blocked script in the theme's footer) is one problem, reported once, at the place a writer can
//! fix it: the content file of one of its pages when the file has it, else the first built page.

use indexmap::IndexMap;

use super::PagesByOutput;
use rally_core::error::{Diagnostic, Severity, line_col};
use rally_core::model::page::Page;

/// One problem on one built page.
pub struct Finding<'a> {
    /// Findings with the same key are one problem.
    pub key: String,
    /// The built page's output path and text, and where on it the problem is.
    pub path: &'a str,
    pub html: &'a str,
    pub offset: usize,
    /// What to look for in a content file to say where the problem is written.
    pub written: String,
    pub message: String,
    pub severity: Severity,
}

/// The findings of one problem, one per page, in build order.
pub struct Group<'a>(Vec<Finding<'a>>);

/// `findings` grouped by key, in the order their keys are first found; a page that repeats a
/// problem counts once.
pub fn groups(findings: Vec<Finding<'_>>) -> Vec<Group<'_>> {
    let mut groups: IndexMap<String, Vec<Finding>> = IndexMap::new();
    for f in findings {
        let group = groups.entry(f.key.clone()).or_default();
        if group.last().is_none_or(|last| last.path != f.path) {
            group.push(f);
        }
    }
    groups.into_values().map(Group).collect()
}

impl<'a> Group<'a> {
    pub fn first(&self) -> &Finding<'a> {
        &self.0[0]
    }

    /// How many pages have the problem.
    pub fn pages(&self) -> usize {
        self.0.len()
    }

    /// `, on N pages` when more than one page has the problem.
    pub fn on_pages(&self) -> String {
        if self.pages() > 1 { format!(", on {} pages", self.pages()) } else { String::new() }
    }

    /// The content file of the first page of the group in which `locate` finds the problem, and
    /// where: `pages` gives each output file's page.
    pub fn in_content<'p>(
        &self,
        pages: &PagesByOutput<'p>,
        locate: impl Fn(&str) -> Option<usize>,
    ) -> Option<(&'p Page, (usize, usize))> {
        self.0.iter().find_map(|f| {
            let p = *pages.get(f.path)?;
            locate(&p.text).map(|at| (p, line_col(&p.text, at)))
        })
    }

    /// The diagnostic at the content file `in_content` found: the message, and how many pages
    /// have the problem when more than one does.
    pub fn at_content(&self, page: &Page, (line, col): (usize, usize)) -> Diagnostic {
        let on = if self.pages() > 1 { format!(" (on {} pages)", self.pages()) } else { String::new() };
        self.diagnostic(&page.display, (line, col), format!("{}{on}", self.first().message)).with_source(&page.text)
    }

    /// The diagnostic at the first built page, as `(output)/PATH:LINE:COL`, for a problem that
    /// no content file has: a template made it.
    pub fn at_output(&self) -> Diagnostic {
        let first = self.first();
        let message = format!("{} (made by a template{})", first.message, self.on_pages());
        self.diagnostic(self.output(), self.output_at(), message).with_source(first.html)
    }

    /// The first built page's output path, as diagnostics name it.
    pub fn output(&self) -> String {
        format!("(output)/{}", self.first().path)
    }

    /// The line and column of the problem on the first built page.
    pub fn output_at(&self) -> (usize, usize) {
        line_col(self.first().html, self.first().offset)
    }

    /// A diagnostic of the group's severity.
    pub fn diagnostic(
        &self,
        path: impl Into<std::path::PathBuf>,
        (line, col): (usize, usize),
        message: String,
    ) -> Diagnostic {
        Diagnostic { severity: self.first().severity, ..Diagnostic::error(path, line, col, message) }
    }
}
