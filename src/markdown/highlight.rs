//! PLACEHOLDER
pub fn stylesheet(_theme: &str) -> Result<String, String> {
    Ok(String::new())
}
