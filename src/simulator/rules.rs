//! The seed's rules for which numbers a location may use as external caller ID.

use super::org::{CISCO_PSTN, Org, SimNumber, SimOwner};

/// Filters of one available-numbers call, already validated.
#[derive(Debug, Default)]
pub(crate) struct NumberFilter {
    pub(crate) phone_numbers: Vec<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) person_id: Option<String>,
}

/// The seed's selection rule, in list order. Numbers of the location itself, plus numbers of other
/// locations with the same country and PSTN provider and, for India, the same zone. When `personId`
/// names a person in a Cisco PSTN location whose primary DN is a mobile number and who has no billing
/// plan, only that mobile number is returned. A `personId` that is not a person (a workspace or
/// virtual line id) has no effect, as the API documents.
pub(crate) fn available_numbers<'o>(
    org: &'o Org,
    location: usize,
    filter: &NumberFilter,
) -> Vec<&'o SimNumber> {
    if let Some(person) = filter.person_id.as_ref().and_then(|id| org.person(id)) {
        let in_cisco = org.locations[person.location].provider == CISCO_PSTN;
        if let (true, Some(mobile), None) = (in_cisco, &person.mobile_primary, &person.billing_plan)
        {
            return org
                .numbers
                .iter()
                .filter(|n| &n.phone_number == mobile)
                .collect();
        }
    }
    let here = &org.locations[location];
    let name = filter.owner_name.as_ref().map(|n| n.to_lowercase());
    org.numbers
        .iter()
        .filter(|n| {
            let there = &org.locations[n.location];
            n.location == location
                || (there.country == here.country
                    && there.provider == here.provider
                    && (here.country != "IN" || there.zone == here.zone))
        })
        .filter(|n| {
            filter.phone_numbers.is_empty() || filter.phone_numbers.contains(&n.phone_number)
        })
        .filter(|n| match &name {
            None => true,
            Some(name) => n
                .owner
                .as_ref()
                .is_some_and(|o| owner_name(o).to_lowercase().contains(name.as_str())),
        })
        .collect()
}

/// The name `ownerName` matches against: the display name, else "first last".
fn owner_name(owner: &SimOwner) -> String {
    match (&owner.display_name, &owner.first_name, &owner.last_name) {
        (Some(d), _, _) => d.clone(),
        (None, f, l) => format!(
            "{} {}",
            f.as_deref().unwrap_or_default(),
            l.as_deref().unwrap_or_default()
        )
        .trim()
        .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::org::generate;

    fn loc(org: &Org, name: &str) -> usize {
        org.locations.iter().position(|l| l.name == name).unwrap()
    }

    #[test]
    fn cross_location_numbers_share_country_provider_and_indian_zone() {
        let org = generate(0, 500);
        let names = |loc: usize| -> std::collections::BTreeSet<String> {
            available_numbers(&org, loc, &NumberFilter::default())
                .iter()
                .map(|n| org.locations[n.location].name.clone())
                .collect()
        };
        assert_eq!(
            names(loc(&org, "San Jose")),
            ["Denver", "San Jose"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "Austin")),
            ["Austin", "New York"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "London")),
            ["London"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "Bangalore")),
            ["Bangalore", "Chennai"].map(String::from).into()
        );
        assert_eq!(
            names(loc(&org, "Mumbai")),
            ["Mumbai"].map(String::from).into()
        );
    }
}
