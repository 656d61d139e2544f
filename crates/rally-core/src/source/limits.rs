//! Input limits: sizes no real hub reaches, so that a build's time and memory stay bounded by
//! them and a runaway file (a pasted database dump, a generated page gone wrong) is a clear error
//! at the file instead of gigabytes of memory.

/// The largest file Rally reads (content, site.yaml, templates): 8 MiB, about 1.3 million words
/// of Markdown, fifteen novels.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The largest front matter block: 4 MiB, room for a mission with tens of thousands of goals.
pub const MAX_FRONT_MATTER_BYTES: usize = 4 * 1024 * 1024;

/// The most tags one page may carry.
pub const MAX_TAGS_PER_PAGE: usize = 1000;

/// `bytes` as people read sizes: `8 MiB`, `100.5 MiB`, `700 KiB`.
pub fn size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= MIB {
        let mib = b / MIB;
        if mib.fract() == 0.0 { format!("{mib:.0} MiB") } else { format!("{mib:.1} MiB") }
    } else {
        format!("{:.0} KiB", (b / 1024.0).ceil())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(MAX_FILE_BYTES), "8 MiB");
        assert_eq!(size(MAX_FRONT_MATTER_BYTES as u64), "4 MiB");
        assert_eq!(size(105 * 1024 * 1024 + 512 * 1024), "105.5 MiB");
        assert_eq!(size(700 * 1024), "700 KiB");
    }
}
