//! Type expressions of table cells resolved against the names the
//! documentation defines.

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::TypeRef;
use crate::reader::Text;
use crate::source::Span;
use crate::typeexpr::{self, TypeExpr, TypeLink};

use super::notations::{self, Notation};
use super::{Context, Known};

/// Called for an `Enum` in a type expression, with the values the expression
/// itself lists (`"A" / "B"`; empty for a bare `Enum`): returns the type that
/// stands for it (a generated enum model, or `String` when no values can be read).
pub(crate) type EnumHook<'h> = dyn FnMut(&mut Context<'_>, &[String]) -> TypeRef + 'h;

/// The type of a table cell: `None` for an empty cell, `Any` (reported) for
/// one that cannot be read.
pub(crate) fn resolve_cell(context: &mut Context<'_>, cell: &Text, on_enum: &mut EnumHook<'_>) -> Option<TypeRef> {
    if let Some(aliased) = context.type_aliases.get(cell.plain.trim()).cloned() {
        // The alias's type, read as if written in the cell (aliases of aliases are not followed).
        let text = Text { markdown: aliased.clone(), plain: aliased, ..cell.clone() };
        let aliases = std::mem::take(&mut context.type_aliases);
        let ty = resolve_cell(context, &text, on_enum);
        context.type_aliases = aliases;
        return ty;
    }
    let parsed = typeexpr::parse(&cell.markdown);
    if !reads_as_own_notation(context, &parsed) {
        if let Some(ty) = resolve_other_notation(context, cell, parsed.error.is_some(), on_enum) {
            return Some(ty);
        }
    }
    let base = cell.span;
    if let Some(error) = &parsed.error {
        let at = base.sub(error.offset, 1);
        let message = format!("cannot read the type `{}`: {}", cell.markdown, error.message);
        let diagnostic = match (&parsed.expr, &error.fixed) {
            (Some(expr), Some(fixed)) => {
                Diagnostic::warning(Code::SL003, format!("{message}; read as `{}`", expr.canonical()))
                    .help(format!("write `{fixed}`"))
            }
            (Some(expr), None) => {
                Diagnostic::warning(Code::SL003, format!("{message}; read as `{}`", expr.canonical()))
                    .help("the text before the fault was read as the type; remove the rest")
            }
            (None, _) => Diagnostic::error(Code::SL003, message)
                .help("write a type such as `String`, `[Model](#model)`, `Array[T]` or `[Option](#option)[T]`"),
        };
        context.push(diagnostic.at(at));
    }
    match parsed.expr {
        Some(expr) => Some(resolve_expr(context, &expr, base, on_enum)),
        None if parsed.error.is_some() => Some(TypeRef::Any),
        None => None,
    }
}

/// Whether the project's notation reads the whole cell into names it knows:
/// scalars, constructors with their arguments, documented names, links and
/// quoted values.
fn reads_as_own_notation(context: &Context<'_>, parsed: &typeexpr::Parsed) -> bool {
    fn known(context: &Context<'_>, expr: &TypeExpr) -> bool {
        let name_known = expr.link.is_some()
            || !expr.literals.is_empty()
            || expr.name.eq_ignore_ascii_case("enum")
            || context.known.contains_key(&expr.name)
            || (builtin(&expr.name).is_some() && expr.args.is_empty())
            || (super::TYPE_CONSTRUCTORS.contains(&expr.name.as_str()) && !expr.args.is_empty());
        name_known && expr.args.iter().all(|arg| known(context, arg))
    }
    parsed.error.is_none() && parsed.expr.as_ref().is_some_and(|expr| known(context, expr))
}

/// A cell in another documentation's notation (`integer(int64)`,
/// `array[string]`, `string¦null`, `uuid`): `None` when it is not one, or
/// when it is a bare name the project's notation reads (and reports) as well.
fn resolve_other_notation(
    context: &mut Context<'_>,
    cell: &Text,
    own_notation_failed: bool,
    on_enum: &mut EnumHook<'_>,
) -> Option<TypeRef> {
    let notation = notations::parse(&cell.plain)?;
    if matches!(notation, Notation::Named(_)) && !own_notation_failed {
        return None;
    }
    Some(resolve_notation(context, &notation, cell, on_enum))
}

fn resolve_notation(
    context: &mut Context<'_>,
    notation: &Notation,
    cell: &Text,
    on_enum: &mut EnumHook<'_>,
) -> TypeRef {
    match notation {
        Notation::Scalar(ty) => ty.clone(),
        Notation::Enum => on_enum(context, &[]),
        Notation::Array(item) => TypeRef::Array(Box::new(resolve_notation(context, item, cell, on_enum))),
        Notation::Nullable(inner) => TypeRef::Option(Box::new(resolve_notation(context, inner, cell, on_enum))),
        Notation::Named(name) => match known_model_named(context, name) {
            Some(model) => TypeRef::Named(model),
            None => {
                context.push(
                    Diagnostic::warning(Code::SL005, format!("the type `{name}` is not defined anywhere"))
                        .at(cell.span)
                        .help(format!(
                            "add a section named `{name}` with its fields; until then it is read as any JSON value"
                        )),
                );
                TypeRef::Any
            }
        },
    }
}

/// A documented model a name means, compared without case and separators
/// (`emoticonPack` is the section `EmoticonPack`, `Campaign-Installation`
/// the section `Campaign Installation`).
fn known_model_named(context: &Context<'_>, name: &str) -> Option<String> {
    if context.known.contains_key(name) {
        return Some(name.to_string());
    }
    let key =
        |text: &str| text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let wanted = key(name);
    context.known.keys().find(|known| key(known) == wanted).cloned()
}

fn resolve_expr(context: &mut Context<'_>, expr: &TypeExpr, base: Span, on_enum: &mut EnumHook<'_>) -> TypeRef {
    check_link(context, expr, base);
    let name_span = base.sub(expr.name_span.start, expr.name_span.len());
    let constructor = |context: &mut Context<'_>, arity: usize| -> bool {
        if expr.args.len() == arity {
            return true;
        }
        context.push(
            Diagnostic::error(
                Code::SL003,
                format!("`{}` takes {arity} type argument(s), found {}", expr.name, expr.args.len()),
            )
            .at(base.sub(expr.span.start, expr.span.len()))
            .help(format!("write `{}[{}]`", expr.name, vec!["T"; arity].join(","))),
        );
        false
    };
    let mut arg = |context: &mut Context<'_>, index: usize| -> Box<TypeRef> {
        Box::new(resolve_expr(context, &expr.args[index], base, on_enum))
    };
    match expr.name.as_str() {
        "Option" => {
            if constructor(context, 1) {
                return TypeRef::Option(arg(context, 0));
            }
            TypeRef::Any
        }
        "Array" | "List" => {
            if constructor(context, 1) {
                return TypeRef::Array(arg(context, 0));
            }
            TypeRef::Any
        }
        "NonEmptyList" => {
            if constructor(context, 1) {
                return TypeRef::NonEmptyList(arg(context, 0));
            }
            TypeRef::Any
        }
        "Map" => {
            if constructor(context, 2) {
                let key = arg(context, 0);
                return TypeRef::Map(key, arg(context, 1));
            }
            TypeRef::Any
        }
        _ if !expr.literals.is_empty() => on_enum(context, &expr.literals),
        name if !expr.args.is_empty() && context.known.get(name) == Some(&Known::Prose) => {
            resolve_documented_constructor(context, expr, base, on_enum)
        }
        name => {
            if !expr.args.is_empty() {
                context.push(
                    Diagnostic::warning(
                        Code::SL003,
                        format!(
                            "`{name}` takes no type argument, found {}; the arguments are ignored",
                            expr.args.len()
                        ),
                    )
                    .at(base.sub(expr.span.start, expr.span.len()))
                    .help(format!("write `{name}` alone, or document what its arguments mean in its section")),
                );
            }
            resolve_name(context, name, expr.link.as_ref(), base, name_span, on_enum)
        }
    }
}

/// A documented section without a table applied to type arguments
/// (`[FormattedText](#formattedtext)[String]`,
/// `[ObfuscatedField](#obfuscatedfield)[[ContactMedium](#contactmedium)]`).
/// Its own section says what it means: when the section names one of the
/// notation's constructors (`equivalent to [Option](#option)`), it is that
/// constructor applied to the arguments; otherwise it marks its single
/// argument (how a text may be displayed), which is what goes on the wire.
/// The wire shape is what the IR keeps: JSON Schema has no generics, and the
/// same bytes must give the same type whichever wrapper documents them.
fn resolve_documented_constructor(
    context: &mut Context<'_>,
    expr: &TypeExpr,
    base: Span,
    on_enum: &mut EnumHook<'_>,
) -> TypeRef {
    let description = context.prose_sections.get(&expr.name).map(|(_, _, d)| d.clone()).unwrap_or_default();
    context.generic_prose.insert(expr.name.clone());
    let arity = |name: &str| if name == "Map" { 2 } else { 1 };
    match constructor_named_in(&description, &expr.name) {
        Some(constructor) if arity(constructor) == expr.args.len() => {
            let applied = TypeExpr { name: constructor.to_string(), link: None, ..expr.clone() };
            resolve_expr(context, &applied, base, on_enum)
        }
        _ if expr.args.len() == 1 => resolve_expr(context, &expr.args[0], base, on_enum),
        _ => {
            context.push(
                Diagnostic::warning(
                    Code::SL003,
                    format!(
                        "`{}` is given {} type arguments but its section does not say what they mean; read as any \
                         JSON value",
                        expr.name,
                        expr.args.len()
                    ),
                )
                .at(base.sub(expr.span.start, expr.span.len()))
                .help(format!("say in the `{}` section which constructor it stands for, such as `Map`", expr.name)),
            );
            TypeRef::Any
        }
    }
}

/// The first of the notation's constructors a description names as a word
/// (`It is like [Option](#option)`), other than the described type itself.
fn constructor_named_in(description: &str, own_name: &str) -> Option<&'static str> {
    let words = description.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| *w != own_name);
    words.into_iter().find_map(|word| super::TYPE_CONSTRUCTORS.iter().copied().find(|c| *c == word)).map(|c| {
        if c == "List" {
            "Array"
        } else {
            c
        }
    })
}

/// A name as written. When it names nothing but its link's anchor is the
/// heading of a model, the anchor is believed instead.
fn resolve_name(
    context: &mut Context<'_>,
    name: &str,
    link: Option<&TypeLink>,
    base: Span,
    span: Span,
    on_enum: &mut EnumHook<'_>,
) -> TypeRef {
    if let Some(scalar) = builtin(name) {
        return scalar;
    }
    if name.eq_ignore_ascii_case("enum") {
        return on_enum(context, &[]);
    }
    match context.known.get(name) {
        Some(Known::Model | Known::Variant) => return TypeRef::Named(name.to_string()),
        Some(Known::Prose) => {
            context.used_prose.insert(name.to_string());
            return TypeRef::Named(name.to_string());
        }
        None => {}
    }
    let anchor = link.map(|l| (l.anchor.as_str(), base.sub(l.anchor_span.start, l.anchor_span.len())));
    let anchor_title = anchor.and_then(|(a, _)| context.anchors.get(a)).map(|t| t.trim().to_string());
    match (anchor, anchor_title) {
        (Some((anchor, anchor_span)), Some(target))
            if matches!(context.known.get(&target), Some(Known::Model | Known::Variant)) =>
        {
            context.push(
                Diagnostic::warning(
                    Code::SL004,
                    format!(
                        "the link text names `{name}`, which is not defined anywhere, but its anchor `#{anchor}` is \
                         the heading `{target}`; read as `{target}`"
                    ),
                )
                .at(anchor_span)
                .help(if super::names::is_type_name(name) {
                    format!("write `[{target}](#{anchor})`, or define `{name}`")
                } else {
                    format!("write `[{target}](#{anchor})`")
                }),
            );
            TypeRef::Named(target)
        }
        (anchor, _) => {
            let undefined_anchor = match anchor {
                Some((anchor, _)) if !context.anchors.contains_key(anchor) => {
                    format!(" (no heading has its anchor `#{anchor}` either)")
                }
                _ => String::new(),
            };
            context.push_with_hint(
                Diagnostic::warning(
                    Code::SL005,
                    format!("the type `{name}` is not defined anywhere{undefined_anchor}"),
                )
                .at(span),
                name,
                undefined_type_help,
            );
            TypeRef::Any
        }
    }
}

/// Scalar names of the notation.
pub(crate) fn builtin(name: &str) -> Option<TypeRef> {
    Some(match name {
        "String" | "string" => TypeRef::String,
        "Boolean" | "Bool" | "boolean" => TypeRef::Boolean,
        "Long" | "Int" | "Integer" | "long" | "int" | "integer" => TypeRef::Long,
        "Number" | "number" => TypeRef::Number,
        "Float" | "Double" | "float" | "double" => TypeRef::Float,
        "Constant" => TypeRef::Constant,
        "Empty" => TypeRef::Empty,
        "Error" => TypeRef::Error,
        "Any" | "Object" | "Json" | "JSON" => TypeRef::Any,
        _ => return None,
    })
}

/// A link's anchor must exist and belong to the heading its text names.
/// Links of names that are not defined are judged with the name, in
/// [`resolve_name`], so that one mistake gives one finding.
fn check_link(context: &mut Context<'_>, expr: &TypeExpr, base: Span) {
    let Some(link) = &expr.link else { return };
    let defined = builtin(&expr.name).is_some()
        || expr.name.eq_ignore_ascii_case("enum")
        || context.known.contains_key(&expr.name)
        || super::TYPE_CONSTRUCTORS.contains(&expr.name.as_str());
    if !defined {
        return;
    }
    let anchor_span = base.sub(link.anchor_span.start, link.anchor_span.len());
    let own_anchor = crate::reader::slate_anchor(&expr.name);
    // Where a link to this name should point, if any heading is its own.
    let own_heading = context.anchors.get(&own_anchor).filter(|title| title.trim() == expr.name);
    match context.anchors.get(&link.anchor) {
        None => {
            let help = match own_heading {
                Some(_) => format!("link to `#{own_anchor}`, the anchor of the `{}` heading", expr.name),
                None => {
                    format!("write `{}` without a link, or add a `## {}` section for it to reach", expr.name, expr.name)
                }
            };
            context.push(
                Diagnostic::warning(
                    Code::SL005,
                    format!("the anchor `#{}` of `{}` matches no heading", link.anchor, expr.name),
                )
                .at(anchor_span)
                .help(help),
            );
        }
        Some(title) if title.trim() != expr.name => {
            let title = title.trim().to_string();
            let help = match own_heading {
                Some(_) => format!("link `{}` to `#{own_anchor}`", expr.name),
                None => format!(
                    "write `{}` without a link, or `[{title}](#{})` if the type is a `{title}`",
                    expr.name, link.anchor
                ),
            };
            context.push(
                Diagnostic::warning(
                    Code::SL004,
                    format!(
                        "the link text names `{}` but its anchor `#{}` is the heading `{title}`; read as `{}`",
                        expr.name, link.anchor, expr.name
                    ),
                )
                .at(anchor_span)
                .help(help),
            );
        }
        Some(_) => {}
    }
}

/// The help of an undefined type: the closest defined name, or what to add.
fn undefined_type_help(name: &str, closest: Option<&str>) -> String {
    match closest {
        Some(known) => format!("did you mean `{known}`? Until it is defined it is read as any JSON value"),
        None => format!("add a `## {name}` section describing it; until then it is read as any JSON value"),
    }
}
