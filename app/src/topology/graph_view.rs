//! Draws a [`Topology`] as SVG. Rendered on the server like the rest of the page; every node
//! is a link, and all text goes through the view macro, so names are escaped.

use std::collections::HashMap;

use leptos::prelude::*;

use super::graph::{NodeKind, Topology};

const COLUMN_WIDTH: i32 = 190;
const COLUMN_GAP: i32 = 56;
const NODE_HEIGHT: i32 = 40;
const ROW_GAP: i32 = 10;
const MARGIN: i32 = 4;
/// Characters of a label that fit in a node; longer ones end with an ellipsis.
const LABEL_CHARS: usize = 24;

fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(LABEL_CHARS - 1).collect();
        short.push('…');
        short
    }
}

/// The graph, or nothing when there is nothing around the subject.
#[component]
pub fn TopologyGraph(topology: Topology, label: String) -> impl IntoView {
    if topology.is_trivial() {
        return view! { <p class="muted">"Nothing in the catalog is connected to it yet."</p> }.into_any();
    }
    // Empty columns would leave gaps; the flow still reads left to right without them.
    let columns: Vec<_> = topology.columns.into_iter().filter(|c| !c.is_empty()).collect();
    let tallest = columns.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let height = tallest * (NODE_HEIGHT + ROW_GAP) - ROW_GAP + 2 * MARGIN;
    let width = columns.len() as i32 * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP + 2 * MARGIN;
    let mut positions: HashMap<String, (i32, i32)> = HashMap::new();
    let mut nodes = Vec::new();
    for (index, column) in columns.into_iter().enumerate() {
        let x = MARGIN + index as i32 * (COLUMN_WIDTH + COLUMN_GAP);
        let column_height = column.len() as i32 * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
        let top = MARGIN + (height - 2 * MARGIN - column_height) / 2;
        for (row, node) in column.into_iter().enumerate() {
            let y = top + row as i32 * (NODE_HEIGHT + ROW_GAP);
            positions.insert(node.id.clone(), (x, y));
            nodes.push((node, x, y));
        }
    }
    let paths: Vec<String> = topology
        .edges
        .iter()
        .filter_map(|(from, to)| {
            let (x1, y1) = positions.get(from)?;
            let (x2, y2) = positions.get(to)?;
            let (x1, y1, x2, y2) = (x1 + COLUMN_WIDTH, y1 + NODE_HEIGHT / 2, *x2, y2 + NODE_HEIGHT / 2);
            let bend = (x2 - x1) / 2;
            Some(format!("M{x1} {y1} C{} {y1} {} {y2} {x2} {y2}", x1 + bend, x2 - bend))
        })
        .collect();
    view! {
        <svg class="topology" viewBox=format!("0 0 {width} {height}") width=width height=height role="img" aria-label=label>
            <g class="edges">{paths.into_iter().map(|d| view! { <path d=d /> }).collect_view()}</g>
            {nodes.into_iter().map(|(node, x, y)| {
                let class = match node.kind {
                    NodeKind::Service => "node service",
                    NodeKind::Function => "node function",
                    NodeKind::Event => "node event",
                    NodeKind::More => "node more",
                };
                let class = if node.focus { format!("{class} focus") } else { class.to_string() };
                let body = view! {
                    <g class=class data-node=node.id.clone()>
                        <title>{node.label.clone()}</title>
                        <rect x=x y=y width=COLUMN_WIDTH height=NODE_HEIGHT rx=6 />
                        <text x=x + 10 y=y + 17 class="label">{shorten(&node.label)}</text>
                        <text x=x + 10 y=y + 32 class="sublabel">{shorten(&node.sublabel)}</text>
                    </g>
                };
                match node.href {
                    Some(href) => view! { <a href=href>{body}</a> }.into_any(),
                    None => body.into_any(),
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}
