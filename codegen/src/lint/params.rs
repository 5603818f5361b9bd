//! SL016: defaults that do not fit their type; SL025: request bodies written
//! row by row that disagree with the command their constant names.

use crate::diagnostics::{Code, Diagnostic};
use crate::extract::{is_date, is_date_time, is_uuid};
use crate::ir::{Api, Field, ModelShape, Param, ParamLocation, Scalar, TypeRef};

use super::Lint;

pub(super) fn defaults(lint: &mut Lint<'_>) {
    let api = lint.api;
    for endpoint in &api.endpoints {
        for param in &endpoint.params {
            let Some(default) = &param.default else { continue };
            let reasons = default_problems(api, param, default);
            if reasons.is_empty() {
                continue;
            }
            lint.push(
                Diagnostic::warning(
                    Code::SL016,
                    format!(
                        "the default `{default}` of the parameter `{}` does not fit: {}",
                        param.name,
                        reasons.join("; ")
                    ),
                )
                .at_opt(lint.span_in_line(&param.source, default))
                .help(match param.location {
                    ParamLocation::Path => "leave the Default cell of a path parameter empty".to_string(),
                    _ => format!("write a default that is a `{}`, or leave the cell empty", param.ty.unwrap_option()),
                }),
            );
        }
    }
}

/// Why `default` cannot be the value of `param`; empty when it can.
fn default_problems(api: &Api, param: &Param, default: &str) -> Vec<String> {
    let mut reasons = Vec::new();
    if param.location == ParamLocation::Path {
        reasons.push("a path parameter is part of the path, so it is always given and has no default".to_string());
    }
    if let Some(reason) = value_problem(api, param.ty.unwrap_option(), default) {
        reasons.push(reason);
    }
    reasons
}

/// Why the text of a parameter value is not a value of `ty`.
fn value_problem(api: &Api, ty: &TypeRef, value: &str) -> Option<String> {
    match ty {
        TypeRef::Long => value.parse::<i64>().is_err().then(|| format!("`{value}` is not an integer")),
        TypeRef::Number | TypeRef::Float => value.parse::<f64>().is_err().then(|| format!("`{value}` is not a number")),
        TypeRef::Boolean => (!matches!(value, "true" | "false")).then(|| format!("`{value}` is not `true` or `false`")),
        TypeRef::Named(name) => {
            let model = api.model(name)?;
            match &model.shape {
                ModelShape::Enum { values } => (!values.iter().any(|v| v == value))
                    .then(|| format!("`{value}` is not one of the values of `{name}`: {}", values.join(", "))),
                ModelShape::Alias { of } => scalar_problem(*of, value).map(|what| format!("`{value}` is not {what}")),
                ModelShape::Struct { .. } | ModelShape::Union(_) => None,
            }
        }
        _ => None,
    }
}

fn scalar_problem(scalar: Scalar, value: &str) -> Option<&'static str> {
    let fits = match scalar {
        Scalar::String => true,
        Scalar::Uuid => is_uuid(value),
        Scalar::Date => is_date(value),
        Scalar::DateTime => is_date_time(value),
        Scalar::Integer => value.parse::<i64>().is_ok(),
        Scalar::Number => value.parse::<f64>().is_ok(),
        Scalar::Boolean => matches!(value, "true" | "false"),
    };
    (!fits).then_some(match scalar {
        Scalar::Uuid => "a UUID",
        Scalar::Date => "a date (YYYY-MM-DD)",
        Scalar::DateTime => "a date-time (ISO 8601)",
        Scalar::Integer => "an integer",
        Scalar::Number => "a number",
        Scalar::Boolean => "`true` or `false`",
        Scalar::String => "a string",
    })
}

/// A body documented as one parameter row per field, whose `Constant` row
/// names a command documented elsewhere, should list that command's fields.
/// When it does not, extraction keeps the rows as a body model of their own
/// and the command goes unused: say which fields differ.
pub(super) fn body_rows(lint: &mut Lint<'_>) {
    let api = lint.api;
    for endpoint in &api.endpoints {
        let Some(body) = endpoint.body.as_ref().filter(|b| b.synthesized) else { continue };
        let TypeRef::Named(body_name) = &body.ty else { continue };
        let Some(rows) = api.model(body_name).and_then(|model| model.struct_fields()) else { continue };
        let Some(constant) = rows.iter().find(|f| f.ty == TypeRef::Constant) else { continue };
        let Some(value) = constant.constant.as_deref().filter(|v| *v != body_name) else { continue };
        let Some(documented) = documented_fields(api, value) else { continue };
        let differences = field_differences(rows, &documented, value);
        if differences.is_empty() {
            continue;
        }
        lint.push(
            Diagnostic::warning(
                Code::SL025,
                format!(
                    "the body rows of `{}` have the {} `\"{value}\"` but disagree with `{value}`: {}",
                    endpoint.name,
                    constant.name,
                    differences.join("; ")
                ),
            )
            .at_opt(lint.span(&constant.source))
            .help(format!("make the rows and the fields of `{value}` the same, or name `{value}` as the body's type")),
        );
    }
}

/// The fields of the struct or variant called `name`, constants left out.
fn documented_fields<'a>(api: &'a Api, name: &str) -> Option<Vec<&'a Field>> {
    let fields = match api.model(name) {
        Some(model) => model.struct_fields()?,
        None => &api.variant(name)?.1.fields,
    };
    Some(fields.iter().filter(|f| f.ty != TypeRef::Constant).collect())
}

fn field_differences(rows: &[Field], documented: &[&Field], name: &str) -> Vec<String> {
    let mut differences = Vec::new();
    for row in rows.iter().filter(|f| f.ty != TypeRef::Constant) {
        match documented.iter().find(|f| f.name == row.name) {
            None => differences.push(format!("`{}` is not a field of `{name}`", row.name)),
            Some(field) if field.ty != row.ty => {
                differences.push(format!("`{}` is `{}` here but `{}` in `{name}`", row.name, row.ty, field.ty))
            }
            Some(_) => {}
        }
    }
    for field in documented {
        if !rows.iter().any(|r| r.name == field.name) {
            differences.push(format!("`{}` of `{name}` has no row", field.name));
        }
    }
    differences
}
