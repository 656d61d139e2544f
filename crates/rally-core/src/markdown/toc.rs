//! Heading ids and the nested table of contents.

use std::collections::HashMap;

/// A heading of the page, with the headings nested under it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text of the heading.
    pub title: String,
    pub children: Vec<Heading>,
}

/// Heading-id slug: [`crate::format::slugify`], `section` when that is empty.
pub fn slugify(s: &str) -> String {
    crate::format::slug_or(s, "section")
}

/// Hands out ids unique within one page: `x`, `x-1`, `x-2`...
#[derive(Default)]
pub struct IdAllocator {
    used: HashMap<String, usize>,
}

impl IdAllocator {
    pub fn unique(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        while let Some(n) = self.used.get_mut(&candidate) {
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.used.insert(candidate.clone(), 0);
        candidate
    }
}

/// Nests a flat list of headings: each heading holds the deeper ones that follow it.
pub fn nest(flat: Vec<Heading>) -> Vec<Heading> {
    let mut stack: Vec<Heading> = Vec::new();
    let mut top: Vec<Heading> = Vec::new();
    for h in flat {
        while stack.last().is_some_and(|p| p.level >= h.level) {
            let done = stack.pop().unwrap_or_else(|| unreachable!());
            attach(&mut stack, &mut top, done);
        }
        stack.push(h);
    }
    while let Some(done) = stack.pop() {
        attach(&mut stack, &mut top, done);
    }
    top
}

fn attach(stack: &mut [Heading], top: &mut Vec<Heading>, h: Heading) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(h),
        None => top.push(h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading { level, id: id.into(), title: id.into(), children: vec![] }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Why rivers?"), "why-rivers");
        assert_eq!(slugify("  Über   Straße 2030 "), "über-straße-2030");
        assert_eq!(slugify("river_km"), "river_km");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a-1"), "a-1-1");
    }

    #[test]
    fn nesting() {
        let toc = nest(vec![h(2, "a"), h(3, "b"), h(3, "c"), h(2, "d"), h(4, "e"), h(1, "f")]);
        let shape: Vec<_> = toc.iter().map(|h| (h.id.as_str(), h.children.len())).collect();
        assert_eq!(shape, vec![("a", 2), ("d", 1), ("f", 0)]);
    }
}
