//! CloudFormation template context: resources, parameters and mappings, the
//! real names of resources, and JSON of values with intrinsics resolved.

use std::collections::HashMap;

use super::yaml::{Node, Value};

/// One entry of `Resources`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resource<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub props: Option<&'a Node>,
    /// Line of the logical id.
    pub line: u32,
}

impl<'a> Resource<'a> {
    pub fn prop(&self, key: &str) -> Option<&'a Node> {
        self.props.and_then(|p| p.get(key))
    }
}

/// Resources, parameters and mappings of one template (or of serverless.yml `resources`).
pub(crate) struct Template<'a> {
    pub service: String,
    pub resources: Vec<Resource<'a>>,
    pub(crate) index: HashMap<&'a str, usize>,
    counts: HashMap<&'a str, usize>,
    pub(crate) parameters: HashMap<&'a str, &'a Node>,
    pub(crate) mappings: Option<&'a Node>,
}

impl<'a> Template<'a> {
    /// Builds the context from a template map (the node holding `Resources`).
    pub fn new(root: Option<&'a Node>, service: &str) -> Self {
        let mut t = Template {
            service: service.to_string(),
            resources: Vec::new(),
            index: HashMap::new(),
            counts: HashMap::new(),
            parameters: HashMap::new(),
            mappings: root.and_then(|r| r.get("Mappings")),
        };
        if let Some(res) = root.and_then(|r| r.get("Resources")).and_then(Node::as_map) {
            t.add_resources(res);
        }
        if let Some(params) = root.and_then(|r| r.get("Parameters")).and_then(Node::as_map) {
            for p in params {
                t.parameters.insert(p.key.as_str(), &p.value);
            }
        }
        t
    }

    /// Adds more resources (serverless `resources` may be a list of fragments).
    pub fn add_resources(&mut self, entries: &'a [super::yaml::Entry]) {
        for e in entries {
            let kind = e.value.get("Type").and_then(Node::as_str).unwrap_or("").trim();
            let r = Resource { id: e.key.as_str(), kind, props: e.value.get("Properties"), line: e.line };
            self.index.insert(e.key.as_str(), self.resources.len());
            *self.counts.entry(kind).or_default() += 1;
            self.resources.push(r);
        }
    }

    pub fn add_mappings(&mut self, mappings: Option<&'a Node>) {
        if mappings.is_some() {
            self.mappings = mappings;
        }
    }

    /// How many resources of these types the template has.
    pub fn count(&self, kinds: &[&str]) -> usize {
        kinds.iter().map(|k| self.counts.get(k).copied().unwrap_or(0)).sum()
    }

    /// Scope of HTTP keys for an API reference: the service for the implicit API
    /// or the template's only API; `{service}/{LogicalId}` when the template
    /// defines several APIs of that kind (so their routes do not merge); the
    /// reference text for an external API (id, import, ARN).
    pub fn api_scope(&self, api: Option<&Node>, rest: bool) -> String {
        let Some(api) = api else {
            return self.service.clone();
        };
        let kinds: &[&str] = if rest {
            &["AWS::Serverless::Api", "AWS::ApiGateway::RestApi"]
        } else {
            &["AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api"]
        };
        match self.resource_of(api) {
            Some(r) if self.count(kinds) > 1 => format!("{}/{}", self.service, r.id),
            Some(_) => self.service.clone(),
            None => self.resolve(api).text,
        }
    }

    pub fn resource(&self, id: &str) -> Option<&Resource<'a>> {
        self.index.get(id).and_then(|&i| self.resources.get(i))
    }

    /// The resource a value names, when it names one of this template.
    pub fn resource_of(&self, node: &Node) -> Option<&Resource<'a>> {
        let r = self.resolve(node);
        r.resource.and_then(|(id, _)| self.resource(&id))
    }

    /// The real name of a resource from its name property, if written.
    /// `${AWS::StackName}` is read as the service name (the stack a service deploys to).
    pub fn resource_name(&self, r: &Resource<'_>) -> Option<String> {
        let prop = name_property(r.kind)?;
        let node = r.prop(prop)?;
        let text = self.resolve(node).text;
        if text.is_empty() {
            return None;
        }
        Some(text.replace("${AWS::StackName}", &self.service))
    }

    /// Name used in event keys for a resource: its real name or `{service}/{LogicalId}`.
    pub fn key_name(&self, r: &Resource<'_>) -> String {
        self.resource_name(r).unwrap_or_else(|| format!("{}/{}", self.service, r.id))
    }

    /// Resolved text of an optional value.
    pub fn text(&self, node: Option<&Node>) -> Option<String> {
        let node = node?;
        if node.is_null() {
            return None;
        }
        Some(self.resolve(node).text)
    }

    /// JSON of a value with intrinsic functions replaced by their resolved text
    /// (patterns, filter policies and other configuration).
    pub fn json(&self, node: &Node) -> serde_json::Value {
        match &node.value {
            Value::Map(entries) if entries.len() == 1 && is_intrinsic_key(&entries[0].key) => {
                serde_json::Value::String(self.resolve(node).text)
            }
            Value::Map(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), self.json(&e.value));
                }
                serde_json::Value::Object(map)
            }
            Value::Seq(items) => serde_json::Value::Array(items.iter().map(|i| self.json(i)).collect()),
            Value::Scalar { .. } => node.to_json(),
        }
    }

    /// [`Template::json`] of a map without the given keys; `null` when nothing is left.
    pub fn json_without(&self, node: Option<&Node>, skip: &[&str]) -> serde_json::Value {
        let Some(entries) = node.and_then(Node::as_map) else {
            return serde_json::Value::Null;
        };
        let mut map = serde_json::Map::new();
        for e in entries {
            if !skip.contains(&e.key.as_str()) {
                map.insert(e.key.clone(), self.json(&e.value));
            }
        }
        if map.is_empty() { serde_json::Value::Null } else { serde_json::Value::Object(map) }
    }
}

fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

/// The property holding a resource's real name, by resource type.
pub(crate) fn name_property(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "AWS::SNS::Topic" => "TopicName",
        "AWS::SQS::Queue" => "QueueName",
        "AWS::Events::EventBus" | "AWS::Events::Rule" | "AWS::Kinesis::Stream" | "AWS::Scheduler::Schedule" => "Name",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" | "AWS::Serverless::SimpleTable" => "TableName",
        "AWS::KinesisFirehose::DeliveryStream" => "DeliveryStreamName",
        "AWS::Logs::LogGroup" => "LogGroupName",
        "AWS::Cognito::UserPool" => "UserPoolName",
        "AWS::MSK::Cluster" | "AWS::MSK::ServerlessCluster" => "ClusterName",
        "AWS::AmazonMQ::Broker" => "BrokerName",
        "AWS::DocDB::DBCluster" => "DBClusterIdentifier",
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => "FunctionName",
        "AWS::ApiGateway::RestApi" | "AWS::ApiGatewayV2::Api" | "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => {
            "Name"
        }
        "AWS::ElasticLoadBalancingV2::TargetGroup" => "Name",
        _ => return None,
    })
}
