//! Matched text drawn with `<mark>`: segments come as data, so nothing is parsed as HTML.

use leptos::prelude::*;

use crate::search::model::Segment;

/// Text whose matched segments are marked.
#[component]
pub fn Highlighted(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(
            |segment| {
                if segment.matched { view! { <mark>{segment.text}</mark> }.into_any() } else { segment.text.into_any() }
            },
        )
        .collect_view()
}
