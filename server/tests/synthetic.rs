//! A synthetic organization goes through the ingestion pipeline, and the catalog then holds
//! exactly what the generator says it wrote.

mod common;

use common::{TestApp, spawn_app};
use server::db::Backend;
use server::demo::load_synthetic;
use server::demo::synthetic::Size;

const SIZE: Size = Size { functions: 500, events: 250, seed: 7 };

/// One number from the test's database; the catalog's API does not count links.
async fn count(app: &TestApp, sql: &str) -> usize {
    let count: i64 = match Backend::of_url(&app.database_url) {
        Some(Backend::Postgres) => {
            let pool = sqlx::PgPool::connect(&app.database_url).await.expect("test Postgres opens");
            sqlx::query_scalar(sql).fetch_one(&pool).await.expect("count query runs")
        }
        _ => {
            let pool = sqlx::SqlitePool::connect(&app.database_url).await.expect("test SQLite opens");
            sqlx::query_scalar(sql).fetch_one(&pool).await.expect("count query runs")
        }
    };
    usize::try_from(count).expect("counts are not negative")
}

on_both_backends! {
    async fn a_synthetic_organization_is_indexed_with_the_counts_the_generator_reports(backend: Backend) {
        let app = spawn_app(backend).await;
        let load = load_synthetic(&app.db, SIZE).await.expect("the synthetic organization loads");
        let totals = load.totals;
        assert_eq!((totals.functions, totals.subscriptions), (500, 250));
        assert_eq!(load.summary.rejected, 0);

        let counts = app.db.counts().await.expect("catalog counts");
        let catalog = [counts.teams, counts.services, counts.functions, counts.events].map(|n| usize::try_from(n).unwrap_or(0));
        assert_eq!(catalog, [totals.teams, totals.services, totals.functions, totals.events]);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM subscriptions WHERE removed_at IS NULL").await, totals.subscriptions);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM producers WHERE removed_at IS NULL").await, totals.producers);
        let busiest = "SELECT MAX(n) FROM (SELECT COUNT(DISTINCT f.service_id) AS n FROM subscriptions s
                       JOIN functions f ON f.id = s.function_id GROUP BY s.event_id) AS per_event";
        assert!(count(&app, busiest).await >= 3, "several services subscribe to the same event");

        let again = load_synthetic(&app.db, SIZE).await.expect("the synthetic organization loads again");
        assert_eq!((again.summary.indexed, again.summary.unchanged), (0, totals.services as u64));
        assert_eq!(again.summary.changes, Default::default(), "a second load changes nothing");
    }
}
