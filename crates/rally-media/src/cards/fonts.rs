//! The font database cards are drawn with: the fonts shipped inside the binary (see
//! `rally_render::cards::fonts`, which measures text with the same files), loaded once, on first
//! use, for `usvg` (which draws the text).

use std::sync::{Arc, LazyLock};

use rally_render::cards::fonts::{BOLD, FAMILY, REGULAR, SERIF_BOLD, SERIF_FAMILY};

/// The font database `usvg` draws with: only the shipped fonts, whatever the machine has.
pub fn database() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: LazyLock<Arc<resvg::usvg::fontdb::Database>> = LazyLock::new(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.load_font_data(SERIF_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(SERIF_FAMILY);
        Arc::new(db)
    });
    Arc::clone(&DB)
}
