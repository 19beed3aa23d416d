//! The graph model: five columns read left to right as data flows, and the builders that make
//! one from a service's or an event's page data.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::model::{Direction, EventDetail, ServiceDetail};
use crate::ui::format::kind_label;
use crate::ui::url;

/// Most nodes one column shows; the rest are summed up in a last "+N more" node.
pub const MAX_PER_COLUMN: usize = 12;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A service.
    Service,
    /// A function.
    Function,
    /// An event.
    Event,
    /// The "+N more" summary of a full column.
    More,
}

/// One box of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Unique within the graph, e.g. `s12`, `f7`, `e4`.
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// Main text.
    pub label: String,
    /// Second line: team, kind of event.
    pub sublabel: String,
    /// Page it links to.
    pub href: Option<String>,
    /// The page's own subject, drawn highlighted.
    pub focus: bool,
}

/// A graph of columns; edges go from a node to a node in a later column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topology {
    /// Columns left to right.
    pub columns: Vec<Vec<Node>>,
    /// Edges by node id.
    pub edges: Vec<(String, String)>,
}

impl Topology {
    /// Whether there is nothing beyond the subject itself to draw.
    pub fn is_trivial(&self) -> bool {
        self.edges.is_empty()
    }

    /// Caps each column at [`MAX_PER_COLUMN`] nodes and drops edges to nodes left out.
    fn capped(mut self) -> Topology {
        for column in &mut self.columns {
            if column.len() > MAX_PER_COLUMN {
                let hidden = column.len() - (MAX_PER_COLUMN - 1);
                column.truncate(MAX_PER_COLUMN - 1);
                column.push(Node {
                    id: format!("more-{}", column.first().map(|n| n.id.as_str()).unwrap_or("")),
                    kind: NodeKind::More,
                    label: format!("+{hidden} more"),
                    sublabel: String::new(),
                    href: None,
                    focus: false,
                });
            }
        }
        let shown: BTreeSet<String> = self.columns.iter().flatten().map(|n| n.id.clone()).collect();
        self.edges.retain(|(from, to)| shown.contains(from) && shown.contains(to));
        self.edges.sort();
        self.edges.dedup();
        self
    }
}

fn service_node(service: &crate::catalog::model::ServiceRef, focus: bool) -> Node {
    let sublabel = [service.team.as_deref().unwrap_or(""), service.stage.as_str()]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    let id = service.id;
    Node {
        id: format!("s{id}"),
        kind: NodeKind::Service,
        label: service.name.clone(),
        sublabel,
        href: Some(url::service(id)),
        focus,
    }
}

fn function_node(id: i64, name: &str, stage: &str) -> Node {
    let sublabel = if stage.is_empty() { "function".to_string() } else { format!("function · {stage}") };
    Node {
        id: format!("f{id}"),
        kind: NodeKind::Function,
        label: name.to_string(),
        sublabel,
        href: Some(url::function(id)),
        focus: false,
    }
}

fn event_node(id: i64, name: &str, kind: &str, focus: bool) -> Node {
    Node {
        id: format!("e{id}"),
        kind: NodeKind::Event,
        label: name.to_string(),
        sublabel: kind_label(kind),
        href: Some(url::event(id)),
        focus,
    }
}

/// Upstream services → consumed events → the service's functions → produced events → downstream
/// services.
pub fn service_topology(detail: &ServiceDetail) -> Topology {
    let mut upstream = BTreeMap::new();
    let mut consumed = BTreeMap::new();
    let mut functions = BTreeMap::new();
    let mut produced = BTreeMap::new();
    let mut downstream = BTreeMap::new();
    let mut edges = Vec::new();
    let names: BTreeMap<i64, &str> = detail.functions.iter().map(|f| (f.id, f.name.as_str())).collect();
    for link in &detail.links {
        let name = names.get(&link.function_id).copied().unwrap_or("function");
        functions.insert(name.to_string(), function_node(link.function_id, name, ""));
        let event = event_node(link.event.id, &link.event.name, &link.event.kind, false);
        match link.direction {
            Direction::Consumes => {
                edges.push((event.id.clone(), format!("f{}", link.function_id)));
                consumed.insert((link.event.name.clone(), link.event.id), event);
            }
            Direction::Produces => {
                edges.push((format!("f{}", link.function_id), event.id.clone()));
                produced.insert((link.event.name.clone(), link.event.id), event);
            }
        }
    }
    for neighbour in &detail.neighbours {
        let node = service_node(&neighbour.service, false);
        let event = format!("e{}", neighbour.event_id);
        match neighbour.direction {
            Direction::Produces => {
                edges.push((node.id.clone(), event));
                upstream.insert((neighbour.service.name.clone(), neighbour.service.id), node);
            }
            Direction::Consumes => {
                edges.push((event, node.id.clone()));
                downstream.insert((neighbour.service.name.clone(), neighbour.service.id), node);
            }
        }
    }
    Topology {
        columns: vec![
            upstream.into_values().collect(),
            consumed.into_values().collect(),
            functions.into_values().collect(),
            produced.into_values().collect(),
            downstream.into_values().collect(),
        ],
        edges,
    }
    .capped()
}

/// Producer services → producer functions → the event → consumer functions → consumer services.
pub fn event_topology(detail: &EventDetail) -> Topology {
    let center = event_node(detail.event.id, &detail.event.name, &detail.event.kind, true);
    let mut columns: Vec<BTreeMap<(String, i64), Node>> = vec![BTreeMap::new(); 5];
    let mut edges = Vec::new();
    for (endpoints, producing) in [(&detail.producers, true), (&detail.subscribers, false)] {
        for endpoint in endpoints.iter().filter(|e| e.removed_at.is_none()) {
            let function = function_node(endpoint.function_id, &endpoint.function, &endpoint.service.stage);
            let service = service_node(&endpoint.service, false);
            let (function_column, service_column) = if producing { (1, 0) } else { (3, 4) };
            if producing {
                edges.push((service.id.clone(), function.id.clone()));
                edges.push((function.id.clone(), center.id.clone()));
            } else {
                edges.push((center.id.clone(), function.id.clone()));
                edges.push((function.id.clone(), service.id.clone()));
            }
            columns[function_column].insert((endpoint.function.clone(), endpoint.function_id), function);
            columns[service_column].insert((endpoint.service.name.clone(), endpoint.service.id), service);
        }
    }
    let mut columns: Vec<Vec<Node>> = columns.into_iter().map(|c| c.into_values().collect()).collect();
    columns[2] = vec![center];
    Topology { columns, edges }.capped()
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::catalog::model::{Endpoint, EventRef, ServiceRef};

    fn endpoint(function_id: i64, function: &str, service_id: i64, service: &str) -> Endpoint {
        Endpoint {
            function_id,
            function: function.into(),
            service: ServiceRef {
                id: service_id,
                name: service.into(),
                stage: "prod".into(),
                region: String::new(),
                team: Some("t".into()),
            },
            config: serde_json::Value::Null,
            removed_at: None,
        }
    }

    fn event(producers: Vec<Endpoint>, subscribers: Vec<Endpoint>) -> EventDetail {
        EventDetail {
            event: EventRef { id: 9, key: "sns:orders".into(), kind: "sns_topic".into(), name: "orders".into() },
            detail: serde_json::Value::Null,
            subscribers,
            producers,
            first_seen: Utc::now(),
            last_seen: Utc::now(),
        }
    }

    #[test]
    fn an_event_graph_flows_from_producer_services_through_the_event_to_consumer_services() {
        let graph = event_topology(&event(
            vec![endpoint(1, "create", 10, "orders-api")],
            vec![endpoint(2, "charge", 20, "payments")],
        ));
        let ids: Vec<Vec<&str>> = graph.columns.iter().map(|c| c.iter().map(|n| n.id.as_str()).collect()).collect();
        assert_eq!(ids, vec![vec!["s10"], vec!["f1"], vec!["e9"], vec!["f2"], vec!["s20"]]);
        assert!(graph.columns[2][0].focus);
        assert_eq!(graph.edges.len(), 4);
        assert!(graph.edges.contains(&("e9".to_string(), "f2".to_string())));
    }

    #[test]
    fn a_full_column_ends_with_a_more_node_and_loses_edges_to_hidden_nodes() {
        let subscribers =
            (0..20).map(|i| endpoint(100 + i, &format!("fn{i:02}"), 200 + i, &format!("svc{i:02}"))).collect();
        let graph = event_topology(&event(vec![], subscribers));
        assert_eq!(graph.columns[3].len(), MAX_PER_COLUMN);
        assert_eq!(graph.columns[3].last().unwrap().label, "+9 more");
        let shown: Vec<&str> = graph.columns.iter().flatten().map(|n| n.id.as_str()).collect();
        assert!(graph.edges.iter().all(|(a, b)| shown.contains(&a.as_str()) && shown.contains(&b.as_str())));
    }

    #[test]
    fn an_event_nothing_touches_is_trivial() {
        assert!(event_topology(&event(vec![], vec![])).is_trivial());
    }
}
