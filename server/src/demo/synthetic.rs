//! A synthetic organization: teams, services, functions and the events they share, generated
//! from a seed and written as the serverless.yml files and SAM templates those teams would keep.
//!
//! Nothing here touches storage; [`super::load_synthetic`] ingests the manifests through the
//! same pipeline as real files. The generator counts what it wrote the way the catalog counts
//! it, so a load can be checked against [`Totals`].

use std::fmt::Write;

/// Smallest organization generated: below this the shares of each kind of event round to zero.
pub const MIN_FUNCTIONS: usize = 20;

/// How big an organization to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Functions in the whole organization; half of that many subscriptions are generated.
    pub functions: usize,
    /// Distinct events aimed at: topics, queues, rules, buses, buckets, streams, routes, schedules.
    pub events: usize,
    /// The same seed and size give the same organization, byte for byte.
    pub seed: u64,
}

impl Size {
    /// `functions` functions and half as many events, from seed 1.
    pub fn functions(functions: usize) -> Size {
        Size { functions, events: functions / 2, seed: 1 }
    }
}

/// Why an organization of that size is not generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// Too few functions.
    #[error("a synthetic organization needs at least {MIN_FUNCTIONS} functions, not {0}")]
    TooFewFunctions(usize),
    /// Events out of the range the function count allows.
    #[error("{functions} functions can share between {min} and {max} events, not {events}")]
    EventsOutOfRange {
        /// Events asked for.
        events: usize,
        /// Fewest allowed.
        min: usize,
        /// Most allowed: twice the functions.
        max: usize,
        /// Functions asked for.
        functions: usize,
    },
}

/// What the generator wrote, counted as the catalog counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Teams owning at least one service.
    pub teams: usize,
    /// Services, one manifest each.
    pub services: usize,
    /// Functions.
    pub functions: usize,
    /// Subscriptions: distinct (function, event) triggers.
    pub subscriptions: usize,
    /// Producer links: distinct (function, event) pairs a function may publish to.
    pub producers: usize,
    /// Distinct events with at least one subscriber or producer.
    pub events: usize,
}

/// One generated manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// Where it is recorded, e.g. `synthetic/orders-core/orders-api-0012/serverless.yml`.
    pub path: String,
    /// The manifest's text.
    pub text: String,
}

/// A generated organization: its manifests and what they add up to.
#[derive(Debug, Clone)]
pub struct Organization {
    /// One manifest per service, sorted by team.
    pub manifests: Vec<Manifest>,
    /// What the manifests hold.
    pub totals: Totals,
}

/// Business domains, each with the entities its events are about.
const DOMAINS: &[(&str, &[&str])] = &[
    ("checkout", &["cart", "checkout", "order"]),
    ("orders", &["order", "order-line", "return"]),
    ("payments", &["payment", "refund", "payout", "chargeback"]),
    ("billing", &["invoice", "subscription", "usage"]),
    ("inventory", &["stock", "reservation", "warehouse"]),
    ("shipping", &["shipment", "parcel", "label"]),
    ("catalog", &["product", "price", "category"]),
    ("search", &["index", "query", "synonym"]),
    ("identity", &["user", "session", "credential"]),
    ("notifications", &["email", "sms", "push"]),
    ("analytics", &["pageview", "click", "report"]),
    ("marketing", &["campaign", "coupon", "segment"]),
    ("support", &["ticket", "conversation", "survey"]),
    ("fraud", &["score", "alert", "review"]),
    ("loyalty", &["points", "tier", "reward"]),
    ("media", &["image", "video", "thumbnail"]),
    ("reviews", &["review", "rating", "moderation"]),
    ("partners", &["partner", "contract", "feed"]),
    ("platform", &["deployment", "audit", "config"]),
    ("data", &["dataset", "export", "snapshot"]),
];
const SQUADS: &[&str] = &["core", "platform", "growth", "experience", "integrations", "data", "reliability", "ops"];
const ROLES: &[&str] = &["svc", "api", "worker", "consumer", "jobs", "sync", "processor", "gateway"];
const VERBS: &[&str] = &[
    "handle",
    "process",
    "create",
    "get",
    "list",
    "update",
    "delete",
    "sync",
    "publish",
    "reconcile",
    "export",
    "import",
    "validate",
    "notify",
    "enrich",
    "archive",
];
const ACTIONS: &[&str] = &["created", "updated", "deleted", "completed", "failed", "cancelled", "approved", "expired"];
const BUCKET_USES: &[&str] = &["uploads", "exports", "archive", "reports", "inbox", "raw", "processed", "snapshots"];
const STREAM_USES: &[&str] = &["events", "changes", "clicks", "telemetry", "audit", "metrics", "logs", "updates"];
const TABLE_USES: &[&str] = &["state", "ledger", "history", "outbox", "projections", "cache", "index", "sessions"];
const ROUTES: &[(&str, &str)] = &[
    ("GET", ""),
    ("POST", ""),
    ("GET", "/{id}"),
    ("PUT", "/{id}"),
    ("DELETE", "/{id}"),
    ("PATCH", "/{id}"),
    ("GET", "/{id}/history"),
    ("POST", "/search"),
    ("POST", "/{id}/cancel"),
    ("GET", "/{id}/status"),
];
const SCHEDULES: &[&str] = &[
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(15 minutes)",
    "rate(1 hour)",
    "rate(6 hours)",
    "rate(1 day)",
    "cron(0 3 * * ? *)",
    "cron(30 6 ? * MON-FRI *)",
    "cron(0 */4 * * ? *)",
    "cron(15 0 1 * ? *)",
];
const REGIONS: &[(&str, usize)] = &[("us-east-1", 60), ("eu-west-1", 25), ("us-west-2", 15)];
const RUNTIMES: &[(&str, usize)] = &[
    ("nodejs20.x", 35),
    ("nodejs22.x", 15),
    ("python3.12", 25),
    ("python3.11", 10),
    ("java21", 8),
    ("provided.al2023", 7),
];

/// xorshift64*: tiny and plenty for picking names; never for anything secret.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64, so nearby seeds give unrelated streams and the state is never zero.
        let z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`; `n` must not be zero.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, usize)]) -> T {
        let mut roll = self.below(items.iter().map(|(_, weight)| weight).sum());
        for &(item, weight) in items {
            if roll < weight {
                return item;
            }
            roll -= weight;
        }
        items[items.len() - 1].0
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// A named event source, owned (and, for most kinds, published to) by one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Topic,
    Queue,
    /// An EventBridge rule on bus `bus` (an index of the events), matching a source and detail-type.
    Rule {
        bus: usize,
    },
    Bucket,
    Stream,
    Table,
    Bus,
}

struct Event {
    kind: Kind,
    /// Topic, queue, bucket, stream, table or bus name; the rule's detail-type.
    name: String,
    /// A rule's source, `com.acme.{owner service}`; empty for other kinds.
    source: String,
    region: &'static str,
    account: String,
}

enum Trigger {
    Route { method: &'static str, path: String },
    Schedule(&'static str),
    Event(usize),
}

struct Function {
    name: String,
    memory_mb: Option<u32>,
    triggers: Vec<Trigger>,
}

struct Service {
    name: String,
    team: usize,
    domain: usize,
    region: &'static str,
    runtime: &'static str,
    rest_api: bool,
    sam: bool,
    functions: Vec<Function>,
    /// Events the service publishes to, sorted, each once.
    publishes: Vec<usize>,
    /// Index of its next route; services start at different ones, so their first routes differ.
    routes: usize,
}

impl Service {
    /// Small services grant publishing to every function (`provider.iam`); larger ones to one.
    fn shares_role(&self) -> bool {
        !self.sam && self.functions.len() <= 3
    }
}

/// A subscription waiting for its function.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Route,
    Schedule,
    Event(usize),
}

/// Generates the organization `size` describes.
pub fn generate(size: Size) -> Result<Organization, SizeError> {
    check(size)?;
    let mut rng = Rng::new(size.seed);
    let (teams, mut services) = plan_services(&mut rng, size.functions);
    let subscriptions = size.functions / 2;
    let unique = (subscriptions * 38 / 100).min(size.events * 2 / 5);
    let shared = subscriptions - unique;
    let pooled = shared.min((size.events - unique) * 2 / 3);
    let published_only = size.events - unique - pooled;
    let mut events = Events::new((published_only / 3).min(DOMAINS.len()), &mut services, &mut rng);
    for _ in 0..pooled {
        let kind = if events.buses > 0 { rng.weighted(&POOLED_WITH_RULES) } else { rng.weighted(&POOLED) };
        events.add(&mut rng, &mut services, kind);
    }
    let fan_out: Vec<usize> =
        (events.buses..events.list.len()).filter(|&i| !matches!(events.list[i].kind, Kind::Queue)).collect();
    for _ in events.buses + pooled..size.events - unique {
        let kind = rng.weighted(&[(Kind::Topic, 60), (Kind::Queue, 25), (Kind::Stream, 15)]);
        events.add(&mut rng, &mut services, kind);
    }

    let mut slots = vec![Slot::Route; unique * 4 / 5];
    slots.resize(unique, Slot::Schedule);
    slots.extend((events.buses..events.buses + pooled).map(Slot::Event));
    while slots.len() < subscriptions && !fan_out.is_empty() {
        // Nested draws favour the first events: a few topics get dozens of subscribers.
        let top = rng.below(fan_out.len()) + 1;
        let top = rng.below(top) + 1;
        let popular = rng.below(top);
        slots.push(Slot::Event(fan_out[popular]));
    }
    rng.shuffle(&mut slots);
    deal(&mut rng, &mut services, &slots);
    for service in &mut services {
        let has_bucket = service.functions.iter().flat_map(|f| &f.triggers).any(|t| match t {
            Trigger::Event(e) => events.list[*e].kind == Kind::Bucket,
            _ => false,
        });
        service.sam = !has_bucket && rng.percent(15);
    }
    Ok(render(&teams, &services, &events.list))
}

/// Kinds of the events functions subscribe to, by weight, when the organization has no bus.
const POOLED: [(Kind, usize); 5] =
    [(Kind::Topic, 45), (Kind::Queue, 25), (Kind::Bucket, 8), (Kind::Stream, 9), (Kind::Table, 13)];
/// The same with EventBridge rules; [`Events::add`] puts each on its owner's domain bus.
const POOLED_WITH_RULES: [(Kind, usize); 6] = [
    (Kind::Topic, 35),
    (Kind::Queue, 20),
    (Kind::Rule { bus: 0 }, 20),
    (Kind::Bucket, 8),
    (Kind::Stream, 7),
    (Kind::Table, 10),
];

fn check(size: Size) -> Result<(), SizeError> {
    if size.functions < MIN_FUNCTIONS {
        return Err(SizeError::TooFewFunctions(size.functions));
    }
    let (min, max) = (MIN_FUNCTIONS / 2, size.functions * 2);
    if !(min..=max).contains(&size.events) {
        return Err(SizeError::EventsOutOfRange { events: size.events, min, max, functions: size.functions });
    }
    Ok(())
}

/// Teams and their services, with named functions but no triggers yet.
fn plan_services(rng: &mut Rng, functions: usize) -> (Vec<String>, Vec<Service>) {
    let mut sizes = Vec::new();
    let mut left = functions;
    while left > 0 {
        let size = match rng.below(100) {
            0..35 => 1 + rng.below(3),
            35..85 => 4 + rng.below(7),
            _ => 11 + rng.below(15),
        };
        sizes.push(size.min(left));
        left -= size.min(left);
    }
    let team_count = (sizes.len() / 45).max(sizes.len().min(4));
    let teams: Vec<String> = (0..team_count)
        .map(|i| {
            let (domain, squad) = (i % DOMAINS.len(), i / DOMAINS.len() % SQUADS.len());
            let round = i / (DOMAINS.len() * SQUADS.len());
            let suffix = if round > 0 { format!("-{}", round + 1) } else { String::new() };
            format!("{}-{}{suffix}", DOMAINS[domain].0, SQUADS[squad])
        })
        .collect();
    let mut per_domain = [0usize; DOMAINS.len()];
    let services = sizes
        .iter()
        .enumerate()
        .map(|(index, &count)| {
            let team = index * team_count / sizes.len();
            let domain = team % DOMAINS.len();
            per_domain[domain] += 1;
            let name = format!("{}-{}-{:04}", DOMAINS[domain].0, rng.pick(ROLES), per_domain[domain]);
            let first_verb = rng.below(VERBS.len());
            let functions = (0..count).map(|f| plan_function(rng, domain, first_verb + f)).collect();
            Service {
                name,
                team,
                domain,
                region: rng.weighted(REGIONS),
                runtime: rng.weighted(RUNTIMES),
                rest_api: rng.percent(30),
                sam: false,
                functions,
                publishes: Vec::new(),
                routes: rng.below(ROUTES.len() * DOMAINS[domain].1.len()),
            }
        })
        .collect();
    (teams, services)
}

fn plan_function(rng: &mut Rng, domain: usize, index: usize) -> Function {
    let entities = DOMAINS[domain].1;
    let entity = camel(entities[index % entities.len()], true);
    let verb = VERBS[index / entities.len() % VERBS.len()];
    let round = index / (VERBS.len() * entities.len());
    let name = if round > 0 { format!("{verb}{entity}{}", round + 1) } else { format!("{verb}{entity}") };
    let memory_mb = rng.percent(20).then(|| rng.pick(&[256, 1024, 1769, 3008]));
    Function { name, memory_mb, triggers: Vec::new() }
}

/// The named events of the organization; the first `buses` are EventBridge buses.
struct Events {
    list: Vec<Event>,
    buses: usize,
    /// Events each service already owns, so the next one gets a new name.
    owned: Vec<usize>,
}

impl Events {
    /// One bus per domain up to `buses`, each with a publishing service.
    fn new(buses: usize, services: &mut [Service], rng: &mut Rng) -> Events {
        let list = (0..buses)
            .map(|domain| Event {
                kind: Kind::Bus,
                name: format!("{}-events", DOMAINS[domain].0),
                source: String::new(),
                region: "us-east-1",
                account: account(domain),
            })
            .collect();
        for bus in 0..buses {
            publish(&mut services[rng.below(services.len())], bus);
        }
        Events { list, buses, owned: vec![0; services.len()] }
    }

    /// Adds an event of `kind` owned by a random service, which publishes to it when it can.
    fn add(&mut self, rng: &mut Rng, services: &mut [Service], kind: Kind) {
        let owner = rng.below(services.len());
        let service = &services[owner];
        let entities = DOMAINS[service.domain].1;
        let uses = match kind {
            Kind::Bucket => BUCKET_USES,
            Kind::Stream => STREAM_USES,
            Kind::Table => TABLE_USES,
            _ => ACTIONS,
        };
        // Walking the (entity, use) grid from the owner's own offset keeps its names unique.
        let nth = self.owned[owner];
        self.owned[owner] += 1;
        let grid = entities.len() * uses.len();
        let cell = (nth + owner) % grid;
        let (entity, word, version) = (entities[cell % entities.len()], uses[cell / entities.len()], nth / grid + 1);
        let suffix = if version > 1 { format!("-v{version}") } else { String::new() };
        let owner_name = &service.name;
        let (kind, name) = match kind {
            Kind::Rule { .. } => {
                (Kind::Rule { bus: service.domain % self.buses }, format!("{entity}.{word}.v{version}"))
            }
            Kind::Queue => (kind, format!("{owner_name}-{entity}-{word}-queue{suffix}")),
            Kind::Bucket => (kind, format!("acme-{owner_name}-{entity}-{word}{suffix}")),
            Kind::Topic | Kind::Stream | Kind::Table | Kind::Bus => {
                (kind, format!("{owner_name}-{entity}-{word}{suffix}"))
            }
        };
        let published = match kind {
            Kind::Topic | Kind::Queue | Kind::Stream => Some(self.list.len()),
            Kind::Rule { bus } => Some(bus),
            Kind::Bucket | Kind::Table | Kind::Bus => None,
        };
        self.list.push(Event {
            kind,
            name,
            source: if matches!(kind, Kind::Rule { .. }) { format!("com.acme.{owner_name}") } else { String::new() },
            region: service.region,
            account: account(service.domain),
        });
        if let Some(event) = published {
            publish(&mut services[owner], event);
        }
    }
}

fn publish(service: &mut Service, event: usize) {
    if let Err(at) = service.publishes.binary_search(&event) {
        service.publishes.insert(at, event);
    }
}

/// The AWS account of a domain: one per domain, as landing zones usually split them.
fn account(domain: usize) -> String {
    format!("{}", 210_987_654_000 + domain as u64 * 1_111)
}

/// Hands the shuffled slots to functions: 10% of subscriptions go to functions with two
/// triggers, the rest one each; most functions have none (invoked directly or by a workflow).
fn deal(rng: &mut Rng, services: &mut [Service], slots: &[Slot]) {
    let doubles = slots.len() / 10;
    let functions: usize = services.iter().map(|s| s.functions.len()).sum();
    let mut counts = vec![2usize; doubles];
    counts.resize(slots.len() - doubles, 1);
    counts.resize(functions.max(counts.len()), 0);
    rng.shuffle(&mut counts);
    let mut slots = slots.to_vec();
    let mut next = 0;
    let mut counts = counts.into_iter();
    let mut schedule = 0;
    for service in services.iter_mut() {
        for f in 0..service.functions.len() {
            let wanted = counts.next().unwrap_or(0);
            for k in 0..wanted {
                if next >= slots.len() {
                    return;
                }
                if k == 1 && slots[next] == slots[next - 1] && matches!(slots[next], Slot::Event(_)) {
                    // The same event twice would be one subscription: swap in a later slot.
                    match (next + 1..slots.len()).find(|&i| slots[i] != slots[next - 1]) {
                        Some(other) => slots.swap(next, other),
                        None => break,
                    }
                }
                let trigger = match slots[next] {
                    Slot::Route => {
                        let route = service.routes;
                        service.routes += 1;
                        route_of(service.domain, route)
                    }
                    Slot::Schedule => {
                        schedule += 1;
                        Trigger::Schedule(SCHEDULES[schedule % SCHEDULES.len()])
                    }
                    Slot::Event(event) => Trigger::Event(event),
                };
                service.functions[f].triggers.push(trigger);
                next += 1;
            }
        }
    }
}

/// The `index`th route of a service: every index gives a different method and path.
fn route_of(domain: usize, index: usize) -> Trigger {
    let entities = DOMAINS[domain].1;
    let (method, shape) = ROUTES[index % ROUTES.len()];
    let entity = entities[index / ROUTES.len() % entities.len()];
    let version = index / (entities.len() * ROUTES.len()) + 1;
    let shape = shape.replace("{id}", &format!("{{{}Id}}", camel(entity, false)));
    Trigger::Route { method, path: format!("/v{version}/{entity}s{shape}") }
}

/// `order-line` as `OrderLine` (`upper`) or `orderLine`.
fn camel(words: &str, upper: bool) -> String {
    let mut out = String::with_capacity(words.len());
    for (i, word) in words.split('-').enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i > 0 || upper {
                out.extend(first.to_uppercase());
            } else {
                out.push(first);
            }
            out.extend(chars);
        }
    }
    out
}

/// Writes every service's manifest and counts what they hold.
fn render(teams: &[String], services: &[Service], events: &[Event]) -> Organization {
    let mut totals = Totals { services: services.len(), ..Totals::default() };
    let mut referenced = vec![false; events.len()];
    let mut owning_teams: Vec<usize> = services.iter().map(|s| s.team).collect();
    owning_teams.dedup();
    totals.teams = owning_teams.len();
    let manifests = services
        .iter()
        .map(|service| {
            totals.functions += service.functions.len();
            for trigger in service.functions.iter().flat_map(|f| &f.triggers) {
                totals.subscriptions += 1;
                match trigger {
                    Trigger::Event(event) => referenced[*event] = true,
                    Trigger::Route { .. } | Trigger::Schedule(_) => totals.events += 1,
                }
            }
            for &event in &service.publishes {
                referenced[event] = true;
            }
            let publishers = if service.shares_role() { service.functions.len() } else { 1 };
            totals.producers += service.publishes.len() * publishers;
            let team = &teams[service.team];
            let mut text = Text(String::with_capacity(512 + 256 * service.functions.len()));
            let file = if service.sam {
                sam_template(&mut text, team, service, events);
                "template.yaml"
            } else {
                serverless_yml(&mut text, team, service, events);
                "serverless.yml"
            };
            Manifest { path: format!("synthetic/{team}/{}/{file}", service.name), text: text.0 }
        })
        .collect();
    totals.events += referenced.iter().filter(|r| **r).count();
    Organization { manifests, totals }
}

/// Manifest text being written, line by line.
struct Text(String);

impl Text {
    fn line(&mut self, indent: usize, content: std::fmt::Arguments<'_>) {
        self.0.extend(std::iter::repeat_n(' ', indent));
        // Writing to a String cannot fail.
        let _ = self.0.write_fmt(content);
        self.0.push('\n');
    }
}

/// Writes one indented line: `put!(text, indent, "format", args...)`.
macro_rules! put {
    ($text:expr, $indent:expr, $($format:tt)*) => {
        $text.line($indent, format_args!($($format)*))
    };
}

fn serverless_yml(out: &mut Text, team: &str, service: &Service, events: &[Event]) {
    put!(out, 0, "service: {}", service.name);
    put!(out, 0, "frameworkVersion: '3'");
    put!(out, 0, "");
    put!(out, 0, "provider:");
    put!(out, 2, "name: aws");
    put!(out, 2, "runtime: {}", service.runtime);
    put!(out, 2, "region: {}", service.region);
    put!(out, 2, "stage: ${{opt:stage, 'prod'}}");
    put!(out, 2, "memorySize: 512");
    put!(out, 2, "timeout: 10");
    put!(out, 2, "architecture: arm64");
    put!(out, 2, "tags:");
    put!(out, 4, "team: {team}");
    put!(out, 4, "cost-center: {}", DOMAINS[service.domain].0);
    put!(out, 2, "environment:");
    put!(out, 4, "LOG_LEVEL: info");
    put!(out, 4, "POWERTOOLS_SERVICE_NAME: {}", service.name);
    if service.shares_role() && !service.publishes.is_empty() {
        put!(out, 2, "iam:");
        put!(out, 4, "role:");
        put!(out, 6, "statements:");
        statements(out, 8, service, events);
    }
    put!(out, 0, "");
    put!(out, 0, "functions:");
    for (index, function) in service.functions.iter().enumerate() {
        put!(out, 2, "{}:", function.name);
        put!(out, 4, "handler: {}", handler(service, function));
        if let Some(memory) = function.memory_mb {
            put!(out, 4, "memorySize: {memory}");
        }
        if index == 0 && !service.shares_role() && !service.publishes.is_empty() {
            put!(out, 4, "iamRoleStatements:");
            statements(out, 6, service, events);
        }
        if !function.triggers.is_empty() {
            put!(out, 4, "events:");
        }
        for trigger in &function.triggers {
            serverless_event(out, service, trigger, events);
        }
    }
}

/// IAM statements allowing the service to publish to its events.
fn statements(out: &mut Text, indent: usize, service: &Service, events: &[Event]) {
    for action in ["sns:Publish", "sqs:SendMessage", "kinesis:PutRecords", "events:PutEvents"] {
        let mut targets =
            service.publishes.iter().map(|&e| &events[e]).filter(|e| publish_action(e.kind) == Some(action)).peekable();
        if targets.peek().is_none() {
            continue;
        }
        put!(out, indent, "- Effect: Allow");
        put!(out, indent + 2, "Action: {action}");
        put!(out, indent + 2, "Resource:");
        for event in targets {
            put!(out, indent + 4, "- {}", arn(event, events));
        }
    }
}

/// The IAM action that publishes to an event of this kind, if functions publish to it.
fn publish_action(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Topic => Some("sns:Publish"),
        Kind::Queue => Some("sqs:SendMessage"),
        Kind::Stream => Some("kinesis:PutRecords"),
        Kind::Bus => Some("events:PutEvents"),
        Kind::Rule { .. } | Kind::Bucket | Kind::Table => None,
    }
}

/// One item of a function's `events:` list.
fn serverless_event(out: &mut Text, service: &Service, trigger: &Trigger, events: &[Event]) {
    let event = match trigger {
        Trigger::Route { method, path } => {
            put!(out, 6, "- {}:", if service.rest_api { "http" } else { "httpApi" });
            put!(out, 10, "method: {method}");
            return put!(out, 10, "path: {path}");
        }
        Trigger::Schedule(expression) => return put!(out, 6, "- schedule: {expression}"),
        Trigger::Event(event) => &events[*event],
    };
    let arn = arn(event, events);
    match event.kind {
        Kind::Topic => put!(out, 6, "- sns: {arn}"),
        Kind::Queue => {
            put!(out, 6, "- sqs:");
            put!(out, 10, "arn: {arn}");
            put!(out, 10, "batchSize: 10");
        }
        Kind::Rule { .. } => {
            put!(out, 6, "- eventBridge:");
            put!(out, 10, "eventBus: {arn}");
            put!(out, 10, "pattern:");
            pattern(out, 12, event);
        }
        Kind::Bucket => {
            put!(out, 6, "- s3:");
            put!(out, 10, "bucket: {}", event.name);
            put!(out, 10, "event: s3:ObjectCreated:*");
            put!(out, 10, "existing: true");
        }
        Kind::Stream | Kind::Table => {
            let stream = if event.kind == Kind::Stream { "kinesis" } else { "dynamodb" };
            put!(out, 6, "- stream:");
            put!(out, 10, "type: {stream}");
            put!(out, 10, "arn: {arn}");
            put!(out, 10, "startingPosition: {}", starting_position(event.kind));
        }
        // Functions publish to buses; what they subscribe to is a rule on one.
        Kind::Bus => {}
    }
}

/// A rule's event pattern: its source and detail-type.
fn pattern(out: &mut Text, indent: usize, rule: &Event) {
    put!(out, indent, "source:");
    put!(out, indent + 2, "- {}", rule.source);
    put!(out, indent, "detail-type:");
    put!(out, indent + 2, "- {}", rule.name);
}

/// Where a stream subscription starts: the same for every subscriber, as the event's detail.
fn starting_position(kind: Kind) -> &'static str {
    if kind == Kind::Stream { "LATEST" } else { "TRIM_HORIZON" }
}

fn sam_template(out: &mut Text, team: &str, service: &Service, events: &[Event]) {
    let domain = DOMAINS[service.domain].0;
    put!(out, 0, "AWSTemplateFormatVersion: '2010-09-09'");
    put!(out, 0, "Transform: AWS::Serverless-2016-10-31");
    put!(out, 0, "Description: {} ({domain}, owned by {team})", service.name);
    put!(out, 0, "");
    put!(out, 0, "Globals:");
    put!(out, 2, "Function:");
    put!(out, 4, "Runtime: {}", service.runtime);
    put!(out, 4, "MemorySize: 512");
    put!(out, 4, "Timeout: 10");
    put!(out, 4, "Architectures:");
    put!(out, 6, "- arm64");
    put!(out, 4, "Tags:");
    put!(out, 6, "team: {team}");
    put!(out, 6, "cost-center: {domain}");
    put!(out, 0, "");
    put!(out, 0, "Resources:");
    for (index, function) in service.functions.iter().enumerate() {
        put!(out, 2, "{}Function:", camel(&function.name, true));
        put!(out, 4, "Type: AWS::Serverless::Function");
        put!(out, 4, "Properties:");
        put!(out, 6, "Handler: {}", handler(service, function));
        put!(out, 6, "CodeUri: src/");
        if let Some(memory) = function.memory_mb {
            put!(out, 6, "MemorySize: {memory}");
        }
        if index == 0 && !service.publishes.is_empty() {
            put!(out, 6, "Policies:");
            for event in service.publishes.iter().map(|&e| &events[e]) {
                let (policy, parameter) = match event.kind {
                    Kind::Topic => ("SNSPublishMessagePolicy", "TopicName"),
                    Kind::Queue => ("SQSSendMessagePolicy", "QueueName"),
                    Kind::Stream => ("KinesisCrudPolicy", "StreamName"),
                    Kind::Bus => ("EventBridgePutEventsPolicy", "EventBusName"),
                    Kind::Rule { .. } | Kind::Bucket | Kind::Table => continue,
                };
                put!(out, 8, "- {policy}:");
                put!(out, 12, "{parameter}: {}", event.name);
            }
        }
        if !function.triggers.is_empty() {
            put!(out, 6, "Events:");
        }
        for (n, trigger) in function.triggers.iter().enumerate() {
            sam_event(out, service, n, trigger, events);
        }
    }
}

/// One entry of a SAM function's `Events`, named after its kind and position.
fn sam_event(out: &mut Text, service: &Service, n: usize, trigger: &Trigger, events: &[Event]) {
    let event = match trigger {
        Trigger::Route { method, path } => {
            put!(out, 8, "Route{n}:");
            put!(out, 10, "Type: {}", if service.rest_api { "Api" } else { "HttpApi" });
            put!(out, 10, "Properties:");
            put!(out, 12, "Path: {path}");
            return put!(out, 12, "Method: {method}");
        }
        Trigger::Schedule(expression) => {
            put!(out, 8, "Schedule{n}:");
            put!(out, 10, "Type: Schedule");
            put!(out, 10, "Properties:");
            return put!(out, 12, "Schedule: {expression}");
        }
        Trigger::Event(event) => &events[*event],
    };
    let (name, kind) = match event.kind {
        Kind::Topic => ("Topic", "SNS"),
        Kind::Queue => ("Queue", "SQS"),
        Kind::Rule { .. } => ("Rule", "EventBridgeRule"),
        Kind::Stream => ("Stream", "Kinesis"),
        Kind::Table => ("Table", "DynamoDB"),
        // Services subscribing to a bucket are written as serverless.yml: SAM wants the bucket
        // declared in the same template.
        Kind::Bucket | Kind::Bus => return,
    };
    put!(out, 8, "{name}{n}:");
    put!(out, 10, "Type: {kind}");
    put!(out, 10, "Properties:");
    let arn = arn(event, events);
    match event.kind {
        Kind::Topic => put!(out, 12, "Topic: {arn}"),
        Kind::Queue => {
            put!(out, 12, "Queue: {arn}");
            put!(out, 12, "BatchSize: 10");
        }
        Kind::Rule { bus } => {
            put!(out, 12, "EventBusName: {}", events[bus].name);
            put!(out, 12, "Pattern:");
            pattern(out, 14, event);
        }
        _ => {
            put!(out, 12, "Stream: {arn}");
            put!(out, 12, "StartingPosition: {}", starting_position(event.kind));
        }
    }
}

/// The event's ARN (a rule's is its bus's).
fn arn(event: &Event, events: &[Event]) -> String {
    let (service, resource) = match event.kind {
        Kind::Topic => ("sns", event.name.clone()),
        Kind::Queue => ("sqs", event.name.clone()),
        Kind::Stream => ("kinesis", format!("stream/{}", event.name)),
        Kind::Table => ("dynamodb", format!("table/{}/stream/2025-06-01T08:30:00.000", event.name)),
        Kind::Bus => ("events", format!("event-bus/{}", event.name)),
        Kind::Rule { bus } => return arn(&events[bus], events),
        Kind::Bucket => return format!("arn:aws:s3:::{}", event.name),
    };
    format!("arn:aws:{service}:{}:{}:{resource}", event.region, event.account)
}

fn handler(service: &Service, function: &Function) -> String {
    let name = &function.name;
    match service.runtime.split_once(|c: char| c.is_ascii_digit()).map_or(service.runtime, |(family, _)| family) {
        "nodejs" => format!("src/handlers/{name}.handler"),
        "python" => format!("handlers/{}.handler", snake(name)),
        "java" => format!("com.acme.{}.{}Handler::handleRequest", DOMAINS[service.domain].0, camel(name, true)),
        _ => "bootstrap".to_string(),
    }
}

/// `createOrderLine` as `create_order_line`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_organization_and_another_seed_a_different_one() {
        let first = generate(Size::functions(300)).expect("valid size");
        let again = generate(Size::functions(300)).expect("valid size");
        let other = generate(Size { seed: 2, ..Size::functions(300) }).expect("valid size");
        assert_eq!(first.manifests, again.manifests);
        assert_ne!(first.manifests, other.manifests);
    }

    #[test]
    fn the_organization_has_the_functions_and_half_as_many_subscriptions_asked_for() {
        let org = generate(Size::functions(2_000)).expect("valid size");
        assert_eq!(org.totals.functions, 2_000);
        assert_eq!(org.totals.subscriptions, 1_000);
        assert!(org.totals.events.abs_diff(1_000) <= 10, "{:?}", org.totals);
        assert!(org.manifests.iter().any(|m| m.path.ends_with("template.yaml")));
        let mut paths: Vec<&str> = org.manifests.iter().map(|m| m.path.as_str()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), org.manifests.len(), "every service has its own path");
    }

    #[test]
    fn sizes_the_generator_cannot_honour_are_refused() {
        assert_eq!(generate(Size::functions(5)).err(), Some(SizeError::TooFewFunctions(5)));
        let error = generate(Size { events: 1_000, ..Size::functions(100) }).err();
        assert_eq!(error, Some(SizeError::EventsOutOfRange { events: 1_000, min: 10, max: 200, functions: 100 }));
    }

    #[test]
    fn names_read_like_a_real_organization() {
        assert_eq!(camel("order-line", true), "OrderLine");
        assert_eq!(camel("order-line", false), "orderLine");
        assert_eq!(snake("createOrderLine"), "create_order_line");
        let Trigger::Route { method, path } = route_of(1, 14) else { unreachable!("routes are routes") };
        assert_eq!((method, path.as_str()), ("DELETE", "/v1/order-lines/{orderLineId}"));
    }
}
