//! AWS CLI forms of APIs, brokers, IoT, Cognito, logs, Alexa, ALB and DocumentDB.

use serde_json::json;

use super::aws_cli::{Cli, aws, require, sid};
use super::filters::sibling_path;
use super::quoting::{identifier, json_compact, json_str, shell_quote};
use super::serverless::{docdb_arn, secret_arn, skill_id};
use super::source::{HttpFlavor, KafkaCluster, Source};
use super::text::Text;

/// Writes the commands of the event and returns what they attach to.
pub(crate) fn render(cli: &mut Cli<'_, '_>) -> String {
    let source = cli.ctx.event.source.clone();
    match &source {
        Source::Http { api, flavor, method, path } => {
            let new = sibling_path(path, &cli.ctx.slug);
            let list = match flavor {
                HttpFlavor::Http => "aws apigatewayv2 get-apis",
                HttpFlavor::Rest => "aws apigateway get-rest-apis",
            };
            cli.s.comment(&format!("API_ID: the id of the API {api} (see {list})."));
            cli.s.raw(&require("API_ID"));
            match flavor {
                HttpFlavor::Http => http_api(cli, &format!("{method} {new}")),
                HttpFlavor::Rest => rest_api(cli, method, &new),
            }
            format!("a new route {method} {new} of the API {api}")
        }
        Source::FunctionUrl => {
            cli.s.blank().command(
                &aws("lambda create-function-url-config"),
                &["--function-name \"$FUNCTION_NAME\"".to_string(), "--auth-type AWS_IAM".to_string()],
            );
            "a function URL of its own".to_string()
        }
        Source::WebSocket { api, .. } => {
            cli.s.comment(&format!("API_ID: the id of the WebSocket API {api} (see aws apigatewayv2 get-apis)."));
            cli.s.raw(&require("API_ID"));
            integration(cli, false);
            let route = shell_quote(&cli.ctx.function);
            cli.s.blank().command(
                &aws("apigatewayv2 create-route"),
                &[
                    "--api-id \"$API_ID\"".to_string(),
                    format!("--route-key {route}"),
                    "--target \"integrations/${INTEGRATION_ID}\"".to_string(),
                ],
            );
            api_permission(cli);
            deploy_hint(cli, "apigatewayv2 create-deployment --api-id \"$API_ID\"");
            format!("a new route of the WebSocket API {api}")
        }
        Source::Kafka { cluster: KafkaCluster::Msk { name, arn }, topic } => {
            lookup_or_assign(
                cli,
                "CLUSTER_ARN",
                arn.as_ref(),
                "kafka list-clusters-v2",
                "ClusterInfoList",
                "ClusterName",
                "ClusterArn",
                name,
            );
            cli.role_needs("the cluster", "AWSLambdaMSKExecutionRole");
            cli.mapping(
                Some("\"$CLUSTER_ARN\""),
                &[format!("--topics {}", shell_quote(topic)), "--starting-position LATEST".to_string()],
            );
            format!("the topic {topic} of the MSK cluster {}", name.display())
        }
        Source::Kafka { cluster: KafkaCluster::SelfManaged { servers }, topic } => {
            cli.s.assign("SECRET_ARN", &secret_arn("KAFKA_SECRET").shell());
            let endpoints = json!({ "Endpoints": { "KAFKA_BOOTSTRAP_SERVERS": servers } });
            cli.mapping(
                None,
                &[
                    format!("--self-managed-event-source {}", shell_quote(&json_compact(&endpoints))),
                    format!("--topics {}", shell_quote(topic)),
                    "--source-access-configurations \"Type=SASL_SCRAM_512_AUTH,URI=${SECRET_ARN}\"".to_string(),
                    "--starting-position LATEST".to_string(),
                ],
            );
            format!("the Kafka topic {topic}")
        }
        Source::Mq { broker, arn, queue } => {
            lookup_or_assign(
                cli,
                "BROKER_ARN",
                arn.as_ref(),
                "mq list-brokers",
                "BrokerSummaries",
                "BrokerName",
                "BrokerArn",
                broker,
            );
            cli.s.assign("SECRET_ARN", &secret_arn("MQ_SECRET").shell());
            cli.mapping(
                Some("\"$BROKER_ARN\""),
                &[
                    format!("--queues {}", shell_quote(queue)),
                    "--source-access-configurations \"Type=BASIC_AUTH,URI=${SECRET_ARN}\"".to_string(),
                ],
            );
            format!("the queue {queue} of the Amazon MQ broker {}", broker.display())
        }
        Source::Iot { sql } => {
            let name = identifier(&cli.unique_name("iot", 128), 128).replace('-', "_");
            cli.s.assign("RULE_NAME", &shell_quote(&name));
            cli.permission(
                "\"$RULE_NAME\"",
                "iot.amazonaws.com",
                Some("\"arn:aws:iot:${AWS_REGION}:${AWS_ACCOUNT_ID}:rule/${RULE_NAME}\""),
                &[],
            );
            // The payload is JSON around "$FUNCTION_ARN": quoted text, the variable, quoted text.
            let head = format!("{{\"sql\":{},\"actions\":[{{\"lambda\":{{\"functionArn\":\"", json_str(sql));
            let payload = format!("{}\"$FUNCTION_ARN\"{}", shell_quote(&head), shell_quote("\"}}]}"));
            cli.s.blank().command(
                &aws("iot create-topic-rule"),
                &["--rule-name \"$RULE_NAME\"".to_string(), format!("--topic-rule-payload {payload}")],
            );
            "a new IoT rule with the same SQL".to_string()
        }
        Source::Cognito { pool, trigger } => {
            cli.s.comment(&format!("USER_POOL_ID: the id of the user pool {}.", pool.display()));
            cli.s.raw(&require("USER_POOL_ID"));
            cli.permission(
                &sid(&format!("cognito-{trigger}")),
                "cognito-idp.amazonaws.com",
                Some("\"arn:aws:cognito-idp:${AWS_REGION}:${AWS_ACCOUNT_ID}:userpool/${USER_POOL_ID}\""),
                &[],
            );
            cli.s.blank();
            cli.s.comment("update-user-pool RESETS every setting it is not given: start from the current");
            cli.s.comment(&format!(
                "configuration, set LambdaConfig.{trigger} to the function's ARN and pass it all back."
            ));
            cli.s.command(
                &aws("cognito-idp describe-user-pool"),
                &["--user-pool-id \"$USER_POOL_ID\"".to_string(), "--query UserPool.LambdaConfig".to_string()],
            );
            cli.notes.push(
                "The CLI cannot change one trigger alone: update-user-pool resets the settings it is not given.".into(),
            );
            format!("the {trigger} trigger of the user pool {}", pool.display())
        }
        Source::Logs { group } => {
            cli.s.assign("LOG_GROUP", &group.shell());
            cli.permission(
                &sid(&format!("logs-{}", group.display())),
                "logs.amazonaws.com",
                Some("\"arn:aws:logs:${AWS_REGION}:${AWS_ACCOUNT_ID}:log-group:${LOG_GROUP}:*\""),
                &[],
            );
            cli.s.blank().command(
                &aws("logs put-subscription-filter"),
                &[
                    "--log-group-name \"$LOG_GROUP\"".to_string(),
                    "--filter-name \"$FUNCTION_NAME\"".to_string(),
                    "--filter-pattern ''".to_string(),
                    "--destination-arn \"$FUNCTION_ARN\"".to_string(),
                ],
            );
            format!("the log group {}", group.display())
        }
        Source::Alexa { skill, smart_home } => {
            let id = skill_id(skill);
            cli.s.assign("SKILL_ID", &shell_quote(&id));
            let principal =
                if *smart_home { "alexa-connectedhome.amazonaws.com" } else { "alexa-appkit.amazonaws.com" };
            cli.permission(&sid("alexa-skill"), principal, None, &["--event-source-token \"$SKILL_ID\"".to_string()]);
            format!("the Alexa skill {id}")
        }
        Source::Alb { listener, .. } => {
            alb(cli, listener.as_ref());
            "a new listener rule of the load balancer".to_string()
        }
        Source::DocumentDb { cluster, database, collection } => {
            cli.s.assign("CLUSTER_ARN", &docdb_arn(cluster).shell());
            cli.s.assign("SECRET_ARN", &secret_arn("DOCDB_SECRET").shell());
            let config = json!({ "DatabaseName": database, "CollectionName": collection });
            cli.mapping(
                Some("\"$CLUSTER_ARN\""),
                &[
                    format!("--document-db-event-source-config {}", shell_quote(&json_compact(&config))),
                    "--source-access-configurations \"Type=BASIC_AUTH,URI=${SECRET_ARN}\"".to_string(),
                    "--starting-position LATEST".to_string(),
                ],
            );
            format!("the change stream of {database}/{collection} on the DocumentDB cluster {}", cluster.display())
        }
        _ => String::new(),
    }
}

/// `NAME=arn` when the ARN is known, else a lookup of the resource by exact name.
#[allow(clippy::too_many_arguments)]
fn lookup_or_assign(
    cli: &mut Cli<'_, '_>,
    var: &str,
    arn: Option<&Text>,
    list: &str,
    items: &str,
    name_field: &str,
    arn_field: &str,
    name: &Text,
) {
    match arn {
        Some(a) => {
            cli.s.assign(var, &a.shell());
        }
        None => {
            // A JMESPath JSON literal (backquoted) compares the name exactly.
            let literal = json_str(&name.display()).replace('`', "\\`");
            let query = format!("{items}[?{name_field}==`{literal}`].{arn_field} | [0]");
            cli.s.capture(var, &aws(list), &[format!("--query {} --output text", shell_quote(&query))]);
        }
    }
}

/// `INTEGRATION_ID` of a new Lambda proxy integration on `$API_ID`.
fn integration(cli: &mut Cli<'_, '_>, http: bool) {
    // An HTTP API takes the function ARN; a WebSocket API its invocation URI.
    let uri = if http {
        "\"$FUNCTION_ARN\""
    } else {
        "\"arn:aws:apigateway:${AWS_REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations\""
    };
    let mut args = vec![
        "--api-id \"$API_ID\"".to_string(),
        "--integration-type AWS_PROXY".to_string(),
        format!("--integration-uri {uri}"),
    ];
    if http {
        args.push("--payload-format-version 2.0".to_string());
    }
    args.push("--query IntegrationId --output text".to_string());
    cli.s.blank().capture("INTEGRATION_ID", &aws("apigatewayv2 create-integration"), &args);
}

fn api_permission(cli: &mut Cli<'_, '_>) {
    cli.permission(
        &sid(&format!("apigateway-{}", cli.unique_name("route", 60))),
        "apigateway.amazonaws.com",
        Some("\"arn:aws:execute-api:${AWS_REGION}:${AWS_ACCOUNT_ID}:${API_ID}/*\""),
        &[],
    );
}

fn deploy_hint(cli: &mut Cli<'_, '_>, command: &str) {
    cli.s.blank();
    cli.s.comment(&format!("Unless the stage deploys automatically: aws {command} --stage-name STAGE"));
}

fn http_api(cli: &mut Cli<'_, '_>, route_key: &str) {
    integration(cli, true);
    cli.s.blank().command(
        &aws("apigatewayv2 create-route"),
        &[
            "--api-id \"$API_ID\"".to_string(),
            format!("--route-key {}", shell_quote(route_key)),
            "--target \"integrations/${INTEGRATION_ID}\"".to_string(),
        ],
    );
    api_permission(cli);
    deploy_hint(cli, "apigatewayv2 create-deployment --api-id \"$API_ID\"");
}

fn rest_api(cli: &mut Cli<'_, '_>, method: &str, new_path: &str) {
    let (parent, part) = new_path.rsplit_once('/').unwrap_or(("", new_path));
    let parent = if parent.is_empty() { "/" } else { parent };
    let query = format!("items[?path==`{}`].id | [0]", json_str(parent).replace('`', "\\`"));
    cli.s.blank().capture(
        "PARENT_ID",
        &aws("apigateway get-resources"),
        &["--rest-api-id \"$API_ID\"".to_string(), format!("--query {} --output text", shell_quote(&query))],
    );
    cli.s.blank().capture(
        "RESOURCE_ID",
        &aws("apigateway create-resource"),
        &[
            "--rest-api-id \"$API_ID\"".to_string(),
            "--parent-id \"$PARENT_ID\"".to_string(),
            format!("--path-part {}", shell_quote(part)),
            "--query id --output text".to_string(),
        ],
    );
    let method = shell_quote(method);
    cli.s.blank();
    cli.s.comment("NONE makes the method public: use the authorizer of the API's other methods.");
    cli.s.command(
        &aws("apigateway put-method"),
        &[
            "--rest-api-id \"$API_ID\"".to_string(),
            "--resource-id \"$RESOURCE_ID\"".to_string(),
            format!("--http-method {method}"),
            "--authorization-type NONE".to_string(),
        ],
    );
    cli.s.blank().command(
        &aws("apigateway put-integration"),
        &[
            "--rest-api-id \"$API_ID\"".to_string(),
            "--resource-id \"$RESOURCE_ID\"".to_string(),
            format!("--http-method {method}"),
            "--type AWS_PROXY".to_string(),
            "--integration-http-method POST".to_string(),
            "--uri \"arn:aws:apigateway:${AWS_REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations\""
                .to_string(),
        ],
    );
    api_permission(cli);
    deploy_hint(cli, "apigateway create-deployment --rest-api-id \"$API_ID\"");
}

fn alb(cli: &mut Cli<'_, '_>, listener: Option<&Text>) {
    match listener {
        Some(l) => {
            cli.s.assign("LISTENER_ARN", &l.shell());
        }
        None => {
            cli.s.raw(&require("LISTENER_ARN"));
        }
    }
    cli.s.raw(&require("PRIORITY"));
    let name = cli.unique_name("tg", 32);
    cli.s.blank().capture(
        "TARGET_GROUP_ARN",
        &aws("elbv2 create-target-group"),
        &[
            format!("--name {}", shell_quote(&name)),
            "--target-type lambda".to_string(),
            "--query 'TargetGroups[0].TargetGroupArn' --output text".to_string(),
        ],
    );
    cli.permission(
        &sid(&format!("elb-{name}")),
        "elasticloadbalancing.amazonaws.com",
        Some("\"$TARGET_GROUP_ARN\""),
        &[],
    );
    cli.s.blank().command(
        &aws("elbv2 register-targets"),
        &["--target-group-arn \"$TARGET_GROUP_ARN\"".to_string(), "--targets \"Id=${FUNCTION_ARN}\"".to_string()],
    );
    cli.s.blank().command(
        &aws("elbv2 create-rule"),
        &[
            "--listener-arn \"$LISTENER_ARN\"".to_string(),
            "--priority \"$PRIORITY\"".to_string(),
            format!("--conditions {}", shell_quote(&format!("Field=path-pattern,Values=/{}", cli.ctx.slug))),
            "--actions \"Type=forward,TargetGroupArn=${TARGET_GROUP_ARN}\"".to_string(),
        ],
    );
}
