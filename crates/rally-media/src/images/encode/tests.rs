use super::*;

use crate::images::tests::photos;

const WIDTHS: &[u32] = &[480, 960, 1600];

fn sizes(p: &Photo) -> Vec<(u32, u32, Format)> {
    p.files.iter().map(|f| (f.width, f.height, f.format)).collect()
}

#[test]
fn widths_are_never_wider_than_the_photo() {
    assert_eq!(widths_for(4000, WIDTHS), vec![480, 960, 1600]);
    assert_eq!(widths_for(1200, WIDTHS), vec![480, 960, 1200]);
    assert_eq!(widths_for(960, WIDTHS), vec![480, 960]);
    assert_eq!(widths_for(300, WIDTHS), vec![300]);
}

#[test]
fn a_jpeg_is_written_at_each_width_in_webp_and_jpeg() {
    let p = process(&photos::jpeg(2000, 1500), Format::Jpeg, WIDTHS, 80).unwrap();
    assert_eq!((p.width, p.height, p.format), (2000, 1500, Format::Jpeg));
    use Format::{Jpeg, Webp};
    assert_eq!(
        sizes(&p),
        vec![
            (480, 360, Webp),
            (480, 360, Jpeg),
            (960, 720, Webp),
            (960, 720, Jpeg),
            (1600, 1200, Webp),
            (1600, 1200, Jpeg)
        ]
    );
    for f in &p.files {
        assert_eq!(photos::size_of(&f.bytes), (f.width, f.height));
        let guessed = image::guess_format(&f.bytes).unwrap();
        assert_eq!(guessed, if f.format == Webp { ImageFormat::WebP } else { ImageFormat::Jpeg });
    }
    let webp = &p.files[4].bytes;
    assert!(webp.windows(4).any(|w| w == b"VP8 "), "lossy WebP has a VP8 chunk");
}

#[test]
fn a_small_photo_is_not_upscaled() {
    let p = process(&photos::png(300, 200), Format::Png, WIDTHS, 80).unwrap();
    assert_eq!(sizes(&p), vec![(300, 200, Format::Webp), (300, 200, Format::Png)]);
}

#[test]
fn a_sideways_phone_photo_is_turned_upright_and_stripped() {
    let input = photos::phone_jpeg(400, 300);
    assert!(photos::has_metadata(&input));
    let p = process(&input, Format::Jpeg, &[200], 80).unwrap();
    // orientation 6: stored 400 x 300, shown 300 x 400, the red corner moved to the top right
    assert_eq!((p.width, p.height), (300, 400));
    for f in &p.files {
        assert_eq!((f.width, f.height), (200, 267), "{:?}", f.format);
        assert!(!photos::has_metadata(&f.bytes), "{:?} output keeps metadata", f.format);
        let img = image::load_from_memory(&f.bytes).unwrap().to_rgb8();
        let (tl, tr) = (img.get_pixel(10, 10), img.get_pixel(190, 10));
        assert!(tr[0] > 150 && tr[2] < 100, "top right is red: {tr:?}");
        assert!(tl[2] > 150, "top left is blue: {tl:?}");
    }
}

#[test]
fn the_colour_profile_is_kept_in_every_file() {
    let icc = b"fake-icc-profile-for-test".repeat(4);
    let mut jpeg = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90);
    enc.set_icc_profile(icc.clone()).unwrap();
    enc.write_image(photos::pixels(64, 48).as_raw(), 64, 48, image::ExtendedColorType::Rgb8).unwrap();
    let p = process(&jpeg, Format::Jpeg, &[32], 80).unwrap();
    for f in &p.files {
        let mut decoder =
            ImageReader::new(Cursor::new(&f.bytes)).with_guessed_format().unwrap().into_decoder().unwrap();
        assert_eq!(decoder.icc_profile().unwrap().as_deref(), Some(icc.as_slice()), "{:?}", f.format);
        assert_eq!(decoder.dimensions(), (32, 24), "{:?}", f.format);
        DynamicImage::from_decoder(decoder).unwrap();
    }
}

/// The error of processing `bytes`, which must fail.
fn error_of(bytes: &[u8], format: Format) -> String {
    match process(bytes, format, WIDTHS, 80) {
        Ok(p) => panic!("decoded {} x {}", p.width, p.height),
        Err(e) => e,
    }
}

#[test]
fn corrupt_truncated_unknown_and_huge_images_are_errors() {
    let jpeg = photos::with_metadata(&photos::jpeg(640, 480), 1);
    for cut in [jpeg.len() / 3, jpeg.len() - 2, 300] {
        let e = error_of(&jpeg[..cut], Format::Jpeg);
        assert!(e.contains("cut short") || e.contains("cannot be decoded"), "{cut}: {e}");
    }
    let png = photos::png(640, 480);
    assert!(error_of(&png[..png.len() / 2], Format::Png).contains("cannot be decoded"));
    let mut corrupt = png.clone();
    for b in &mut corrupt[60..] {
        *b = 0x55;
    }
    assert!(error_of(&corrupt, Format::Png).contains("cannot be decoded"));
    let e = error_of(b"GIF89a not really", Format::Jpeg);
    assert!(e.contains("is not a JPEG, PNG or WebP image"), "{e}");
    let e = error_of(b"plain text", Format::Png);
    assert!(e.contains("its name says PNG"), "{e}");
    // 20,000 x 20,000 claimed by a file of a few bytes
    let bomb = photos::png_bomb(20_000, 20_000);
    let e = error_of(&bomb, Format::Png);
    assert!(e.contains("20000 x 20000 pixels, over the limit"), "{e}");
}

#[test]
fn a_png_with_alpha_keeps_its_transparency_and_profile_in_webp() {
    let icc = b"another-fake-profile".to_vec();
    let rgba = image::RgbaImage::from_pixel(40, 30, image::Rgba([10, 200, 10, 128]));
    let mut png = Vec::new();
    let mut enc = PngEncoder::new(&mut png);
    enc.set_icc_profile(icc.clone()).unwrap();
    enc.write_image(rgba.as_raw(), 40, 30, image::ExtendedColorType::Rgba8).unwrap();
    let p = process(&png, Format::Png, &[20], 80).unwrap();
    for f in &p.files {
        let mut decoder =
            ImageReader::new(Cursor::new(&f.bytes)).with_guessed_format().unwrap().into_decoder().unwrap();
        assert_eq!(decoder.icc_profile().unwrap().as_deref(), Some(icc.as_slice()), "{:?}", f.format);
        let img = DynamicImage::from_decoder(decoder).unwrap().to_rgba8();
        let a = img.get_pixel(10, 7)[3];
        assert!((100..=156).contains(&a), "{:?}: alpha {a}", f.format);
    }
}
