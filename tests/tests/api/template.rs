//! `template.yaml` and the functions agree on who owns which route.

use std::collections::BTreeMap;

/// Each function's HTTP route keys as declared in the template.
fn template_routes() -> BTreeMap<String, Vec<String>> {
    let path = format!("{}/../template.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut routes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut function: Option<String> = None;
    let mut binary: Option<String> = None;
    let mut method: Option<String> = None;
    let mut pending: Vec<String> = Vec::new();
    let mut flush =
        |function: &mut Option<String>, binary: &mut Option<String>, pending: &mut Vec<String>| {
            if let (Some(_), Some(bin)) = (function.take(), binary.take()) {
                routes.entry(bin).or_default().append(pending);
            }
            pending.clear();
        };
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if indent == 2 && trimmed.ends_with(':') && !trimmed.starts_with('#') {
            flush(&mut function, &mut binary, &mut pending);
            if trimmed.ends_with("Function:") {
                function = Some(trimmed.trim_end_matches(':').to_string());
            }
        } else if let Some(value) = trimmed.strip_prefix("Binary: ") {
            binary = Some(value.trim().to_string());
        } else if let Some(value) = trimmed.strip_prefix("Method: ") {
            method = Some(value.trim().to_string());
        } else if let Some(value) = trimmed.strip_prefix("Path: ")
            && let Some(m) = method.take()
        {
            pending.push(format!("{m} {}", value.trim()));
        } else if indent == 0 && !trimmed.is_empty() {
            flush(&mut function, &mut binary, &mut pending);
        }
    }
    flush(&mut function, &mut binary, &mut pending);
    routes
}

#[test]
fn every_function_owns_exactly_the_routes_the_template_gives_it() {
    let template = template_routes();
    for (name, routes) in local::HTTP_FUNCTIONS {
        let mut expected: Vec<String> = routes.iter().map(|r| r.to_string()).collect();
        expected.sort();
        let mut actual = template.get(*name).cloned().unwrap_or_default();
        actual.sort();
        assert_eq!(actual, expected, "routes of {name}");
    }
    let http_functions: Vec<&str> = local::HTTP_FUNCTIONS.iter().map(|(n, _)| *n).collect();
    for (name, routes) in &template {
        if !routes.is_empty() {
            assert!(
                http_functions.contains(&name.as_str()),
                "{name} has HTTP events but no router"
            );
        }
    }
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
    let documented = [
        ("auth", auth::openapi()),
        ("users", users::openapi()),
        ("families", families::openapi()),
        ("children", children::openapi()),
        ("health", health::openapi()),
        ("attachments", attachments::openapi()),
        ("export", export::openapi()),
    ];
    for (function, doc) in documented {
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
                let owner = local::HTTP_FUNCTIONS
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
