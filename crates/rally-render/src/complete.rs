//! What the templates lend the model to complete itself before it is frozen (see
//! [`rally_core::model::Complete`]): the theme's strings title the pages Rally titles itself, in
//! each page's language, and the components expand with the site's and the theme's templates.

use crate::templates::Templates;
use rally_core::components::Expansion;
use rally_core::model::page::{Page, Untitled};
use rally_core::model::{Complete, Site};

impl Complete for Templates {
    fn title(&self, lang: &str, untitled: Untitled, period: &str) -> Option<String> {
        self.strings.get(lang, untitled.string_key(), None, &[("period", period.to_string())]).ok()
    }

    fn expansions(&self, site: &Site) -> Vec<Option<Expansion>> {
        crate::components::expansions(site, self)
    }

    fn expansion(&self, site: &Site, page: &Page) -> Option<Expansion> {
        crate::components::expansion(site, self, page)
    }
}
