//! Function logs, metrics and costs: the types pages and the REST API share, time ranges, the
//! function page's logs and metrics tabs.

pub mod api;
pub mod invocation_view;
pub mod live_tail;
pub mod load_more;
pub mod logs_tab;
pub mod metrics_tab;
pub mod model;
pub mod range;
