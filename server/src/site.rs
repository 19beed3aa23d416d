//! The site files (wasm, JS, CSS, public assets) that cargo-leptos writes to `target/site`.
//!
//! Release builds carry them inside the binary, so one file is a complete install. Debug builds
//! read them from disk at run time: cargo-leptos compiles a debug server while it is still
//! rewriting the site folder, so embedding there would race with it.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

#[cfg(not(debug_assertions))]
#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../target/site"]
// A release `cargo build` without cargo-leptos has no site; it serves no assets.
#[allow_missing = true]
struct SiteFiles;

/// A site file's bytes and MIME type.
struct SiteFile {
    data: Cow<'static, [u8]>,
    mime: String,
}

impl SiteFiles {
    #[cfg(not(debug_assertions))]
    fn lookup(path: &str) -> Option<SiteFile> {
        let file = <SiteFiles as rust_embed::RustEmbed>::get(path)?;
        Some(SiteFile { mime: file.metadata.mimetype().to_string(), data: file.data })
    }

    #[cfg(debug_assertions)]
    fn lookup(path: &str) -> Option<SiteFile> {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"));
        let data = std::fs::read(root.join(path)).ok()?;
        let mime = mime_guess::from_path(path).first_or_octet_stream().to_string();
        Some(SiteFile { data: Cow::Owned(data), mime })
    }
}

#[cfg(debug_assertions)]
struct SiteFiles;

/// The embedded file at `uri`, compressed with brotli or gzip when the client accepts it and a
/// precompressed copy exists; `None` when no such file exists.
pub fn file_response(uri: &Uri, request_headers: &HeaderMap) -> Option<Response> {
    let path = uri.path().trim_start_matches('/');
    if path.is_empty() || path.split('/').any(|part| part == ".." || part.is_empty()) {
        return None;
    }
    let file = SiteFiles::lookup(path)?;
    let accepts = request_headers.get(header::ACCEPT_ENCODING).and_then(|value| value.to_str().ok()).unwrap_or("");
    let encoded = [("br", ".br"), ("gzip", ".gz")]
        .into_iter()
        .filter(|(encoding, _)| accepts.split(',').any(|item| item.trim().starts_with(encoding)))
        .find_map(|(encoding, suffix)| SiteFiles::lookup(&format!("{path}{suffix}")).map(|f| (encoding, f)));
    let mime = file.mime;
    let (body, encoding) = match encoded {
        Some((encoding, compressed)) => (compressed.data, Some(encoding)),
        None => (file.data, None),
    };
    let mut response = Response::new(Body::from(body.into_owned()));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // File names carry no hash, so let browsers revalidate after a short while.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Some(response)
}

/// A plain 404 for asset paths, so a missing script does not render a whole page.
pub fn missing_asset() -> Response {
    (StatusCode::NOT_FOUND, "no such file").into_response()
}
