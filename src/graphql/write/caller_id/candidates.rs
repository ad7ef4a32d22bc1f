//! The candidate check of caller ID changes: every `customNumber` against the entity's
//! available numbers, in as few calls as the lists allow, each refusal with its reason.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures::future::join_all;

use super::{Change, NUMBERS_PER_CHECK};
use crate::graphql::error::ApiError;
use crate::graphql::loaders::WebexLoader;
use crate::graphql::resources::target::{Target, locate};
use crate::graphql::write::refusal;
use crate::kind::Kind;
use crate::webex::NumbersQuery;
use crate::webex::sources::NumberSource;

/// Which candidate list one check call reads: a person's own, or the location's shared by its
/// workspaces and virtual lines.
type Group = (Option<Arc<str>>, Arc<str>, Option<Arc<str>>);

/// Every `customNumber` against the entity's candidates: one call per person, one per location
/// (and hundred numbers) for the rest; each number not offered is explained.
pub(super) async fn check_candidates(
    loader: &WebexLoader,
    mut changes: Vec<&mut Change>,
) -> Vec<Result<(), ApiError>> {
    let mut results: Vec<Result<(), ApiError>> = changes.iter().map(|_| Ok(())).collect();
    let asking: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i].custom_number.is_some())
        .collect();
    if asking.is_empty() {
        return results;
    }
    {
        let mut targets: Vec<&mut Target> = changes
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| asking.contains(i))
            .map(|(_, c)| &mut c.target)
            .collect();
        for (&i, located) in asking.iter().zip(locate(loader, &mut targets).await) {
            if let Err(e) = located {
                results[i] = Err(e);
            }
        }
    }
    let changes: Vec<&Change> = changes.into_iter().map(|c| &*c).collect();
    let mut groups: HashMap<Group, Vec<usize>> = HashMap::new();
    for &i in asking.iter().filter(|&&i| results[i].is_ok()) {
        let t = &changes[i].target;
        let Some(location) = t.location.clone() else {
            continue;
        };
        let person = (t.of == Kind::Person).then(|| t.id.clone());
        groups
            .entry((t.org.clone(), location, person))
            .or_default()
            .push(i);
    }
    let caller = loader.caller().fresh();
    let calls = groups.into_iter().flat_map(|(group, members)| {
        members
            .chunks(NUMBERS_PER_CHECK)
            .map(|part| (group.clone(), part.to_vec()))
            .collect::<Vec<_>>()
    });
    let calls = calls.map(|((org, location, person), part)| {
        let mut numbers: Vec<String> = part
            .iter()
            .filter_map(|&i| changes[i].custom_number.clone())
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        let query = NumbersQuery {
            org_id: org.as_deref().map(str::to_owned),
            person_id: person.as_deref().map(str::to_owned),
            phone_numbers: numbers,
            ..NumbersQuery::new(NumberSource::external_caller_id(), location.as_ref())
        };
        let caller = caller.clone();
        async move {
            let page = loader
                .client()
                .numbers(&caller, &query, 0, query.phone_numbers.len())
                .await;
            (part, page)
        }
    });
    let mut refused = Vec::new();
    for (part, page) in join_all(calls).await {
        match page {
            Ok(page) => {
                let offered: HashSet<&str> = page
                    .numbers
                    .iter()
                    .filter_map(|(_, n)| n.phone_number.as_deref())
                    .collect();
                refused.extend(part.into_iter().filter(|&i| {
                    !changes[i]
                        .custom_number
                        .as_deref()
                        .is_some_and(|n| offered.contains(n))
                }));
            }
            Err(e) => {
                let e = ApiError::from(e);
                for i in part {
                    results[i] = Err(e.clone());
                }
            }
        }
    }
    let explained = join_all(refused.iter().map(|&i| {
        let change = changes[i];
        let number = change.custom_number.as_deref().unwrap_or_default();
        refusal::caller_id(loader, &change.target, number)
    }))
    .await;
    for (i, why) in refused.into_iter().zip(explained) {
        results[i] = Err(why);
    }
    results
}
