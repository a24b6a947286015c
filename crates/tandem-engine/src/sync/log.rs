//! How operations are written to the run log: before and after values as
//! JSON objects of column → value (values as users see them), so that a run
//! can be reviewed with SQL and undone.

use serde_json::{Map, Value as Json};
use tandem_sync::{Field, Operation, Value};

fn object<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a Value)>) -> String {
    let map: Map<String, Json> = pairs
        .into_iter()
        .map(|(c, v)| {
            // A sync value serialises as plain JSON and cannot fail to.
            let v = serde_json::to_value(v).unwrap_or(Json::Null);
            (c.to_string(), v)
        })
        .collect();
    Json::Object(map).to_string()
}

/// The before and after images of an operation: an insert has only an
/// after (the values sent), a delete only a before (the whole row), an
/// update both (its changed columns).
pub(crate) fn fields_json(op: &Operation) -> (Option<String>, Option<String>) {
    match op {
        Operation::Insert { values, .. } => (
            None,
            Some(object(values.iter().map(|f| (f.column.as_str(), &f.value)))),
        ),
        Operation::Update { changes, .. } => (
            Some(object(changes.iter().map(|c| (c.column.as_str(), &c.old)))),
            Some(object(changes.iter().map(|c| (c.column.as_str(), &c.new)))),
        ),
        Operation::Delete { before, .. } => (
            Some(object(before.iter().map(|f| (f.column.as_str(), &f.value)))),
            None,
        ),
    }
}

/// Reads an image back (columns in name order).
pub(crate) fn parse_fields(json: Option<&str>) -> Vec<Field> {
    let Some(text) = json else {
        return Vec::new();
    };
    match serde_json::from_str::<Map<String, Json>>(text) {
        Ok(map) => map
            .into_iter()
            .map(|(column, v)| Field {
                column,
                value: serde_json::from_value(v).unwrap_or(Value::Null),
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// `code = '1', division = 2`, as the plan writes keys.
pub(crate) fn key_text(key: &[Field]) -> String {
    key.iter()
        .map(|f| format!("{} = {}", f.column, f.value))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_round_trip() {
        let op = Operation::Update {
            key: vec![Field {
                column: "Code".into(),
                value: "1".into(),
            }],
            source_row: 0,
            target_row: 3,
            changes: vec![tandem_sync::Change {
                column: "Name".into(),
                old: "Old".into(),
                new: Value::Null,
            }],
        };
        let (before, after) = fields_json(&op);
        assert_eq!(before.as_deref(), Some(r#"{"Name":"Old"}"#));
        assert_eq!(after.as_deref(), Some(r#"{"Name":null}"#));
        let back = parse_fields(before.as_deref());
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].value, Value::from("Old"));
        assert_eq!(key_text(op.key()), "Code = '1'");
    }
}
