//! Search: the model shared with the REST API, the search page and the header's search box.

pub mod api;
pub mod highlight;
pub mod model;
pub mod search_box;
pub mod search_page;
