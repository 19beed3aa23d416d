//! Neighbourhood graphs of a service or an event, drawn as server-rendered SVG.

pub mod graph;
pub mod graph_view;
