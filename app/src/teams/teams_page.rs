//! The list of teams.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::teams::api::list_teams;
use crate::ui::error_view::ErrorBox;

/// Every team with its service and function counts.
#[component]
pub fn TeamsPage() -> impl IntoView {
    let teams = Resource::new(|| (), |_| list_teams());
    view! {
        <Title text="Teams" />
        <h1>"Teams"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match teams.await {
                    Ok(teams) if teams.is_empty() => {
                        view! { <p class="muted">"No teams yet: ingest manifests with --team, a team tag or an OWNERS file."</p> }.into_any()
                    }
                    Ok(teams) => view! {
                        <table class="teams">
                            <thead>
                                <tr><th>"Team"</th><th class="num">"Services"</th><th class="num">"Functions"</th></tr>
                            </thead>
                            <tbody>
                                {teams.into_iter().map(|team| view! {
                                    <tr>
                                        <td><a href=crate::ui::url::team(&team.name)>{team.name.clone()}</a></td>
                                        <td class="num">{team.services}</td>
                                        <td class="num">{team.functions}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
