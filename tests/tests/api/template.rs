//! `template.yaml`, the function registry and the crates in `functions/` agree:
//! every crate is registered and deployed, each function owns exactly its routes
//! or its queue, and the checked-in OpenAPI document is the one the code generates.

use std::collections::{BTreeMap, BTreeSet};

use local::registry::{self, FUNCTIONS, Trigger};

/// What the template says about one function (keyed by its binary name).
#[derive(Debug, Default)]
struct Deployed {
    /// HTTP route keys, `METHOD /path`.
    routes: Vec<String>,
    /// Logical ids of the queues it is triggered by.
    queues: Vec<String>,
    /// Whether it has a schedule event.
    scheduled: bool,
}

/// Each function block of the template, by the binary it runs.
fn template_functions() -> BTreeMap<String, Deployed> {
    let path = format!("{}/../template.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut functions: BTreeMap<String, Deployed> = BTreeMap::new();
    let mut binary: Option<String> = None;
    let mut current = Deployed::default();
    let mut in_function = false;
    let mut method: Option<String> = None;
    let mut flush = |binary: &mut Option<String>, current: &mut Deployed| {
        if let Some(bin) = binary.take() {
            functions.insert(bin, std::mem::take(current));
        }
        *current = Deployed::default();
    };
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if (indent == 2 || indent == 0) && !trimmed.is_empty() && !trimmed.starts_with('#') {
            flush(&mut binary, &mut current);
            in_function = indent == 2 && trimmed.ends_with("Function:");
            continue;
        }
        if !in_function {
            continue;
        }
        if let Some(value) = trimmed.strip_prefix("Binary: ") {
            binary = Some(value.trim().to_string());
        } else if let Some(value) = trimmed.strip_prefix("Method: ") {
            method = Some(value.trim().to_string());
        } else if let Some(value) = trimmed.strip_prefix("Path: ")
            && let Some(m) = method.take()
        {
            current.routes.push(format!("{m} {}", value.trim()));
        } else if let Some(value) = trimmed.strip_prefix("Queue: !GetAtt ") {
            current
                .queues
                .push(value.trim().trim_end_matches(".Arn").to_string());
        } else if trimmed == "Type: Schedule" {
            current.scheduled = true;
        }
    }
    flush(&mut binary, &mut current);
    functions
}

/// The crates in `functions/`.
fn function_crates() -> BTreeSet<String> {
    let dir = format!("{}/../functions", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            path.join("Cargo.toml")
                .is_file()
                .then(|| path.file_name().unwrap().to_string_lossy().into_owned())
        })
        .collect()
}

#[test]
fn every_crate_in_functions_is_registered_and_in_the_template() {
    let crates = function_crates();
    let registered: BTreeSet<String> = FUNCTIONS.iter().map(|f| f.name.to_string()).collect();
    let deployed: BTreeSet<String> = template_functions().into_keys().collect();
    assert_eq!(
        registered, crates,
        "local/src/registry.rs lists every crate in functions/"
    );
    assert_eq!(
        deployed, crates,
        "template.yaml has a function block for every crate in functions/"
    );
}

#[test]
fn every_function_has_exactly_the_trigger_the_template_gives_it() {
    let template = template_functions();
    for function in FUNCTIONS {
        let deployed = &template[function.name];
        let mut routes = deployed.routes.clone();
        routes.sort();
        match function.trigger {
            Trigger::Http { routes: owned, .. } => {
                let mut expected: Vec<String> = owned.iter().map(|r| r.to_string()).collect();
                expected.sort();
                assert_eq!(routes, expected, "routes of {}", function.name);
                assert!(
                    deployed.queues.is_empty() && !deployed.scheduled,
                    "{}",
                    function.name
                );
            }
            Trigger::Queue { queue, .. } => {
                assert_eq!(deployed.queues, [queue], "queue of {}", function.name);
                assert!(
                    routes.is_empty() && !deployed.scheduled,
                    "{}",
                    function.name
                );
            }
            Trigger::Schedule { .. } => {
                assert!(deployed.scheduled, "{} has a schedule", function.name);
                assert!(
                    routes.is_empty() && deployed.queues.is_empty(),
                    "{}",
                    function.name
                );
            }
            Trigger::Invoke => {
                let idle = routes.is_empty() && deployed.queues.is_empty() && !deployed.scheduled;
                assert!(idle, "{} is only invoked directly", function.name);
            }
        }
    }
}

#[test]
fn the_checked_in_openapi_document_is_the_generated_one() {
    let checked_in = std::fs::read_to_string(local::openapi::PATH).unwrap();
    assert!(
        checked_in == local::openapi::json(),
        "functions/docs/openapi.json is out of date: run `cargo run -p local --bin openapi`"
    );
    assert_eq!(
        checked_in,
        docs::OPENAPI_JSON,
        "the docs function serves the checked-in file"
    );
}

/// How an API Gateway route key matches a request: `None` when it does not,
/// else its rank (lower is more specific: greedy `{proxy+}` routes lose to routes
/// with plain variables, which lose to literal routes).
fn route_rank(key: &str, method: &str, path: &str) -> Option<(u8, usize)> {
    let (key_method, key_path) = key.split_once(' ')?;
    let method_rank = u8::from(key_method == "ANY");
    if key_method != "ANY" && key_method != method {
        return None;
    }
    if let Some(prefix) = key_path.strip_suffix("{proxy+}") {
        return (path.starts_with(prefix) && path.len() > prefix.len())
            .then_some((4 + method_rank, 0));
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (key_path.split('/').collect(), path.split('/').collect());
    let matches = a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(k, p)| k == p || (k.starts_with('{') && !p.is_empty()));
    let variables = a.iter().filter(|k| k.starts_with('{')).count();
    matches.then_some((method_rank, variables))
}

#[test]
fn every_documented_path_reaches_the_function_that_serves_it() {
    let owners: Vec<(&str, &[&str])> = registry::http_functions().collect();
    for (function, (_, doc)) in registry::apis() {
        let doc = serde_json::to_value(doc).unwrap();
        for (path, operations) in doc["paths"].as_object().unwrap() {
            let concrete: String = path
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "00000000-0000-0000-0000-000000000000"
                    } else {
                        part
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            for method in operations.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                let (method, concrete) = (method.as_str(), concrete.as_str());
                // API Gateway sends the request to the most specific matching route.
                let owner = owners
                    .iter()
                    .flat_map(|(name, routes)| {
                        routes.iter().filter_map(move |r| {
                            route_rank(r, method, concrete).map(|rank| (rank, *name))
                        })
                    })
                    .min();
                assert_eq!(
                    owner.map(|(_, name)| name),
                    Some(function),
                    "{method} {path}"
                );
            }
        }
    }
}

#[test]
fn route_ranks_follow_api_gateway() {
    assert!(
        route_rank(
            "GET /api/visits/{id}/attachments",
            "GET",
            "/api/visits/x/attachments"
        )
        .unwrap()
            < route_rank(
                "ANY /api/visits/{proxy+}",
                "GET",
                "/api/visits/x/attachments"
            )
            .unwrap()
    );
    assert!(
        route_rank(
            "ANY /api/children/{id}/visits",
            "POST",
            "/api/children/x/visits"
        )
        .is_some()
    );
    assert!(route_rank("GET /api/me", "PATCH", "/api/me").is_none());
    assert!(route_rank("ANY /api/auth/{proxy+}", "GET", "/api/auth/").is_none());
}
