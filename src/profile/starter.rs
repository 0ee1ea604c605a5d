//! The sample values of `riskctl init`'s starter profile (the company, the people, the
//! certificate numbers) left in a profile: `check` warns about each, since documents signed with
//! 张三 and a sample credit code would be worthless. The samples are read from the starter profile
//! itself, so the two never drift apart.
use super::{LoadedProfile, Person, Profile, STARTER};
use crate::error::Diagnostic;

/// Every sample value of the starter profile still in `loaded`, at its place in the file.
pub fn placeholders(loaded: &LoadedProfile) -> Vec<Diagnostic> {
    let Ok(starter) = serde_yaml_ng::from_str::<Profile>(STARTER) else {
        return Vec::new();
    };
    let p = &loaded.profile;
    let mut found: Vec<(String, &str)> = Vec::new();
    let company = [
        ("name", &p.company.name, &starter.company.name),
        (
            "credit_code",
            &p.company.credit_code,
            &starter.company.credit_code,
        ),
        ("address", &p.company.address, &starter.company.address),
    ];
    for (field, value, sample) in company {
        if value.trim() == sample.trim() {
            found.push((format!("company.{field}"), value));
        }
    }
    let names = |people: &super::People| -> Vec<String> {
        people_of(people)
            .map(|(_, p)| p.name.trim().to_string())
            .collect()
    };
    let samples = names(&starter.people);
    for (path, person) in people_of(&p.people) {
        if samples.contains(&person.name.trim().to_string()) {
            found.push((format!("{path}.name"), &person.name));
        }
    }
    let numbers: Vec<&str> = starter
        .product_lines
        .iter()
        .flat_map(|l| [&l.licence, &l.ccc])
        .flatten()
        .map(|c| c.number.trim())
        .collect();
    for (i, line) in p.product_lines.iter().enumerate() {
        for (kind, cert) in [("licence", &line.licence), ("ccc", &line.ccc)] {
            if let Some(c) = cert
                && numbers.contains(&c.number.trim())
            {
                found.push((format!("product_lines[{i}].{kind}.number"), &c.number));
            }
        }
    }
    found
        .into_iter()
        .map(|(path, value)| {
            loaded
                .diagnostic_at(
                    &path,
                    format!("`{value}` is the sample value `riskctl init` wrote"),
                )
                .with_hint(Some(
                    "replace it with the company's own (as on the business licence, the certificate, the appointment)".into(),
                ))
        })
        .collect()
}

/// Each person of `people` with the path of their node in the profile.
fn people_of(people: &super::People) -> impl Iterator<Item = (String, &Person)> {
    [
        ("people.principal".to_string(), &people.principal),
        ("people.director".to_string(), &people.director),
    ]
    .into_iter()
    .chain(
        people
            .officers
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("people.officers[{i}]"), o)),
    )
}
