//! Building links: every list's filters live in its URL, so any view can be shared.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in one path segment (RFC 3986 `pchar` keeps the rest).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// `path` with `params` as an encoded query string (no `?` when there are none).
pub fn with_query(path: &str, params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return path.to_string();
    }
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        serializer.append_pair(name, value);
    }
    format!("{path}?{}", serializer.finish())
}

/// One value encoded to stand as a path segment.
pub fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Link to a team's page.
pub fn team(name: &str) -> String {
    format!("/teams/{}", segment(name))
}

/// Link to a service's page.
pub fn service(id: i64) -> String {
    format!("/services/{id}")
}

/// Link to a function's page.
pub fn function(id: i64) -> String {
    format!("/functions/{id}")
}

/// Link to an event's page.
pub fn event(id: i64) -> String {
    format!("/events/{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_and_path_segments_are_encoded() {
        assert_eq!(
            with_query("/services", &[("team", "a&b c".into()), ("stage", "prod".into())]),
            "/services?team=a%26b+c&stage=prod"
        );
        assert_eq!(with_query("/services", &[]), "/services");
        assert_eq!(team("data/ml team?"), "/teams/data%2Fml%20team%3F");
    }
}
