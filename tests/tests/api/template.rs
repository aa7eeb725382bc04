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

/// Whether an API Gateway route key (`ANY /api/auth/{proxy+}`) matches a request.
fn route_matches(key: &str, method: &str, path: &str) -> bool {
    let Some((key_method, key_path)) = key.split_once(' ') else {
        return false;
    };
    if key_method != "ANY" && key_method != method {
        return false;
    }
    match key_path.strip_suffix("{proxy+}") {
        Some(prefix) => path.starts_with(prefix) && path.len() > prefix.len(),
        None => {
            let (a, b): (Vec<&str>, Vec<&str>) =
                (key_path.split('/').collect(), path.split('/').collect());
            a.len() == b.len()
                && a.iter()
                    .zip(&b)
                    .all(|(k, p)| k == p || (k.starts_with('{') && !p.is_empty()))
        }
    }
}

#[test]
fn every_documented_path_reaches_the_function_that_serves_it() {
    let documented = [
        ("auth", serde_json::to_value(auth::openapi()).unwrap()),
        ("users", serde_json::to_value(users::openapi()).unwrap()),
    ];
    let owners = local::HTTP_FUNCTIONS;
    for (function, doc) in documented {
        for (path, operations) in doc["paths"].as_object().unwrap() {
            let concrete = path.replace("{id}", "00000000-0000-0000-0000-000000000000");
            for method in operations.as_object().unwrap().keys() {
                let method = method.to_uppercase();
                // API Gateway picks the most specific match; all must agree on the owner.
                let matching: Vec<&str> = owners
                    .iter()
                    .filter(|(_, routes)| {
                        routes.iter().any(|r| route_matches(r, &method, &concrete))
                    })
                    .map(|(name, _)| *name)
                    .collect();
                assert_eq!(matching, vec![function], "{method} {path}");
            }
        }
    }
}
