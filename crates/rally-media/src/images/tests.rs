use super::cache::{self, Cache};
use super::encode::{self, Format};
use super::*;

/// Test photos, shared with the integration tests.
#[path = "../../../../tests/it/common/photos.rs"]
pub(super) mod photos;

#[test]
fn the_cache_key_changes_with_every_setting() {
    let h = cache::hash_bytes(b"photo");
    let k = cache::key(&h, &[480, 960], 80, Format::Jpeg);
    assert_eq!(k, cache::key(&h, &[480, 960], 80, Format::Jpeg));
    for other in [
        cache::key(&cache::hash_bytes(b"photo2"), &[480, 960], 80, Format::Jpeg),
        cache::key(&h, &[480], 80, Format::Jpeg),
        cache::key(&h, &[480, 960], 81, Format::Jpeg),
        cache::key(&h, &[480, 960], 80, Format::Png),
    ] {
        assert_ne!(k, other);
    }
}

#[test]
fn entries_are_stored_whole_and_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("images"));
    let photo = encode::process(&photos::jpeg(640, 480), Format::Jpeg, &[320], 80).unwrap();
    assert!(cache.lookup("k1").is_none());
    let stored = cache.store("k1", &photo).unwrap();
    assert_eq!(cache.lookup("k1").unwrap(), stored);
    let names: Vec<String> = std::fs::read_dir(dir.path().join("images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["k1"], "no temporary folder is left behind");
    // an entry that lost a file is not used
    std::fs::remove_file(cache.file("k1", &stored.files[0].name)).unwrap();
    assert!(cache.lookup("k1").is_none());
    assert_eq!(cache.store("k1", &photo).unwrap(), stored);
    assert!(cache.lookup("k1").is_some());
}

#[test]
fn a_remembered_hash_is_forgotten_when_the_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("images"));
    let file = dir.path().join("a.jpg");
    std::fs::write(&file, b"one").unwrap();
    let s = cache::stamp(&file).unwrap();
    assert!(cache.remembered_hash(&file, s).is_none());
    cache.remember_hash(&file, s, "h1");
    assert_eq!(cache.remembered_hash(&file, s).as_deref(), Some("h1"));
    std::fs::write(&file, b"other").unwrap();
    assert!(cache.remembered_hash(&file, cache::stamp(&file).unwrap()).is_none());
}

#[test]
fn variant_paths_sit_beside_the_photo() {
    assert_eq!(variant_path("images/kell.jpg", 480, Format::Webp), "images/kell-480w.webp");
    assert_eq!(variant_path("updates/a.b.png", 960, Format::Png), "updates/a.b-960w.png");
}
