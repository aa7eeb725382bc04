//! The fleet's OpenAPI document: every HTTP function's part merged, then completed
//! with what every operation shares and no handler writes down:
//!
//! - the error answers the kit gives before or around any handler, each with the
//!   `{"error", "code", "details"}` body: 401 on signed-in routes, 404 on routes
//!   with an id in the path (an id that cannot exist is not found), 400 and 422 on
//!   query strings and JSON bodies (malformed, or the wrong shape or value), 413 and
//!   415 on bodies, 429 on the rate-limited `/api/auth/*`, 503 when the database or
//!   another dependency is down;
//! - a unique `operationId` per operation, from its method and path;
//! - every property of a schema that only answers use (never a request's) marked
//!   required, since the server always sends each field (`null` when empty).
//!
//! `cargo run -p local --bin openapi` writes it to `functions/docs/openapi.json`.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::registry;

/// Where the generated document is checked in.
pub const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../functions/docs/openapi.json"
);

/// The document as it is written to [`PATH`]: pretty JSON with a final newline.
pub fn json() -> String {
    let mut text =
        serde_json::to_string_pretty(&document()).expect("the OpenAPI document serialises");
    text.push('\n');
    text
}

/// The whole fleet's API.
pub fn document() -> Value {
    let mut doc = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("Fleet API: Trajectory and Changemaker Lite")
                .version(env!("CARGO_PKG_VERSION"))
                .build(),
        )
        .build();
    for (_, (_, part)) in registry::apis() {
        doc.merge(part);
    }
    doc.components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    let mut doc = serde_json::to_value(doc).expect("the OpenAPI document serialises");
    complete(&mut doc);
    doc
}

/// The body of every error answer.
fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "An error: a message for people, a code for programs, and details \
                        (for a 422, a message per field).",
        "required": ["error", "code", "details"],
        "properties": {
            "error": {"type": "string"},
            "code": {"type": "string", "examples": ["VALIDATION_FAILED"]},
            "details": {"type": "object"}
        }
    })
}

fn complete(doc: &mut Value) {
    let error = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}});
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                operation["operationId"] = Value::String(operation_id(method, path));
                add_error_answers(path, operation);
                if let Some(responses) = operation["responses"].as_object_mut() {
                    for (status, response) in responses.iter_mut() {
                        let is_error = status.starts_with('4') || status.starts_with('5');
                        if is_error && response.get("content").is_none() {
                            response["content"] = error.clone();
                        }
                    }
                }
            }
        }
    }
    let requested = schemas_in_requests(doc);
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        for (name, schema) in schemas.iter_mut() {
            if !requested.contains(name) {
                require_every_property(schema);
            }
        }
        schemas.insert("Error".into(), error_schema());
    }
}

/// `GET /api/children/{id}/visits` → `getChildrenByIdVisits`.
fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_lowercase();
    for segment in path.trim_start_matches("/api").split(['/', '-', '.', '_']) {
        let (prefix, word) = match segment.strip_prefix('{') {
            Some(param) => ("By", param.trim_end_matches('}').to_string()),
            None => ("", segment.to_string()),
        };
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            id.push_str(prefix);
            id.extend(first.to_uppercase());
            id.push_str(chars.as_str());
        }
    }
    id
}

fn add_error_answers(path: &str, operation: &mut Value) {
    let params = operation["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let has = |place: &str| params.iter().any(|p| p["in"] == place);
    let mut answers: Vec<(&str, &str)> = Vec::new();
    if operation.get("security").is_some() {
        answers.push(("401", "Not signed in, or the session has ended"));
    }
    if has("path") {
        answers.push(("404", "Not found, or not the caller's to see"));
    }
    if has("query") {
        answers.push(("400", "The query string is malformed"));
        answers.push(("422", "A query parameter is out of range"));
    }
    if operation.get("requestBody").is_some() {
        answers.push(("400", "The body is not valid JSON"));
        answers.push(("413", "The body is too large"));
        answers.push(("415", "The body is not JSON"));
        answers.push(("422", "The body has the wrong shape, or invalid fields"));
    }
    if path.starts_with("/api/auth/") {
        answers.push((
            "429",
            "Too many requests from this address; see Retry-After",
        ));
    }
    answers.push((
        "503",
        "The database or another service is unavailable; try again shortly",
    ));
    let responses = operation["responses"]
        .as_object_mut()
        .expect("every operation has responses");
    for (status, description) in answers {
        responses
            .entry(status)
            .or_insert_with(|| json!({"description": description}));
    }
}

/// The component schemas a request body or parameter refers to, directly or through
/// other components.
fn schemas_in_requests(doc: &Value) -> BTreeSet<String> {
    let mut pending: Vec<String> = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, v)| v)
    {
        for operation in item.as_object().into_iter().flatten().map(|(_, v)| v) {
            collect_refs(&operation["requestBody"], &mut pending);
            collect_refs(&operation["parameters"], &mut pending);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if seen.insert(name.clone()) {
            collect_refs(&doc["components"]["schemas"][&name], &mut pending);
        }
    }
    seen
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(name) = target.strip_prefix("#/components/schemas/")
            {
                out.push(name.to_string());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Marks every property of every object in `schema` required.
fn require_every_property(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                let names: Vec<Value> = properties.keys().cloned().map(Value::String).collect();
                map.insert("required".into(), Value::Array(names));
            }
            map.values_mut().for_each(require_every_property);
        }
        Value::Array(items) => items.iter_mut().for_each(require_every_property),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_read_like_the_route() {
        assert_eq!(
            operation_id("get", "/api/children/{id}/visits"),
            "getChildrenByIdVisits"
        );
        assert_eq!(operation_id("post", "/api/auth/login"), "postAuthLogin");
        assert_eq!(
            operation_id("get", "/api/medical-events/{id}"),
            "getMedicalEventsById"
        );
    }

    #[test]
    fn the_document_covers_every_function_and_its_errors() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/auth/login",
            "/api/auth/refresh",
            "/api/me",
            "/api/admin/users",
            "/api/health",
        ] {
            assert!(paths.contains_key(path), "{path} missing");
        }
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
        let login = &doc["paths"]["/api/auth/login"]["post"]["responses"];
        for status in ["400", "413", "415", "422", "429", "503"] {
            assert_eq!(
                login[status]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/Error",
                "{status}"
            );
        }
        let ids: Vec<&str> = paths
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .map(|op| op["operationId"].as_str().unwrap())
            .collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "operation ids are unique");
    }

    #[test]
    fn answer_only_schemas_require_every_field_and_request_schemas_do_not() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        let required = |name: &str| {
            schemas[name]["required"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        };
        assert!(required("Export").contains(&json!("expires_at")));
        assert!(!required("MeasurementFields").contains(&json!("weight_kg")));
    }
}
