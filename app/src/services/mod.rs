//! Services: the list with facets, and one service's page.

pub mod api;
pub mod service_page;
pub mod services_page;
