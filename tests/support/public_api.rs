//! A readable summary of a crate's public API, read from its source with
//! syn: every public type with its fields or variants, and every public
//! function or method with its signature. Snapshotting it makes a
//! documentation change show up in review as a short diff.

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

/// The public API of the crate whose `src/` folder is given, one line per
/// item, modules in path order.
pub fn summary(src: &Path) -> String {
    let mut files = rust_files(src);
    files.sort();
    let mut out = String::new();
    for file in files {
        let module = module_path(src, &file);
        let Ok(text) = fs::read_to_string(&file) else { continue };
        let Ok(parsed) = syn::parse_file(&text) else {
            let _ = writeln!(out, "{module}: (does not parse)");
            continue;
        };
        summarize_items(&mut out, &module, &parsed.items);
    }
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return files };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn module_path(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|p| p != "mod" && p != "lib")
        .collect();
    if parts.is_empty() {
        "crate".to_string()
    } else {
        format!("crate::{}", parts.join("::"))
    }
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// The item's tokens, without the trailing commas a layout may or may not
/// write (rustfmt adds one to a list it breaks over lines): the summary is
/// of the API, not of its layout.
fn tokens(item: &impl ToTokens) -> String {
    let text = item.to_token_stream().to_string();
    [(" ,)", ")"), (",)", ")"), (" , >", " >"), (" , ]", " ]"), (",]", "]"), (" , }", " }")]
        .iter()
        .fold(text, |text, (trailing, closing)| text.replace(trailing, closing))
}

fn summarize_items(out: &mut String, module: &str, items: &[Item]) {
    for item in items {
        match item {
            Item::Struct(s) if is_public(&s.vis) => {
                let _ = writeln!(out, "{module}::{}{} (struct)", s.ident, tokens(&s.generics));
                summarize_fields(out, &s.fields);
            }
            Item::Enum(e) if is_public(&e.vis) => {
                let _ = writeln!(out, "{module}::{}{} (enum)", e.ident, tokens(&e.generics));
                for variant in &e.variants {
                    let _ = writeln!(out, "    {}{}", variant.ident, fields_inline(&variant.fields));
                }
            }
            Item::Type(t) if is_public(&t.vis) => {
                let _ = writeln!(out, "{module}::{} = {}", t.ident, tokens(&t.ty));
            }
            Item::Fn(f) if is_public(&f.vis) => {
                let _ = writeln!(out, "{module}::{}", tokens(&f.sig));
            }
            Item::Trait(t) if is_public(&t.vis) => {
                let _ = writeln!(out, "{module}::{} (trait)", t.ident);
            }
            Item::Const(c) if is_public(&c.vis) => {
                let _ = writeln!(out, "{module}::{}: {}", c.ident, tokens(&c.ty));
            }
            Item::Mod(m) if is_public(&m.vis) => {
                if let Some((_, inner)) = &m.content {
                    summarize_items(out, &format!("{module}::{}", m.ident), inner);
                }
            }
            Item::Use(u) if is_public(&u.vis) => {
                let _ = writeln!(out, "{module}: pub use {}", tokens(&u.tree));
            }
            Item::Impl(i) => {
                let self_ty = tokens(&i.self_ty);
                let trait_name = i.trait_.as_ref().map(|(_, path, _)| tokens(path));
                if let Some(trait_name) = trait_name {
                    let _ = writeln!(out, "{module}: impl {trait_name} for {self_ty}");
                    continue;
                }
                for inner in &i.items {
                    if let ImplItem::Fn(f) = inner {
                        if is_public(&f.vis) {
                            let _ = writeln!(out, "{module}::{self_ty}::{}", tokens(&f.sig));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn summarize_fields(out: &mut String, fields: &Fields) {
    for field in fields.iter().filter(|f| is_public(&f.vis)) {
        let name = field.ident.as_ref().map(|i| i.to_string()).unwrap_or_else(|| "_".to_string());
        let _ = writeln!(out, "    {name}: {}", tokens(&field.ty));
    }
}

fn fields_inline(fields: &Fields) -> String {
    match fields {
        Fields::Unit => String::new(),
        Fields::Unnamed(unnamed) => {
            let types: Vec<String> = unnamed.unnamed.iter().map(|f| tokens(&f.ty)).collect();
            format!("({})", types.join(", "))
        }
        Fields::Named(named) => {
            let parts: Vec<String> = named
                .named
                .iter()
                .map(|f| format!("{}: {}", f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default(), tokens(&f.ty)))
                .collect();
            format!(" {{ {} }}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summarizes_public_items_only() {
        let dir = std::env::temp_dir().join(format!("public-api-{}", std::process::id()));
        fs::create_dir_all(dir.join("models")).expect("temp dir");
        fs::write(
            dir.join("lib.rs"),
            "pub struct A { pub x: u32, y: u8 }\nstruct Hidden;\npub enum E { One, Two(String) }\n\
             impl A { pub fn get(&self) -> u32 { self.x } fn private(&self) {} }\n",
        )
        .expect("write");
        fs::write(dir.join("models/mod.rs"), "pub fn make() -> Option<u8> { None }\n").expect("write");
        let text = summary(&dir);
        fs::remove_dir_all(&dir).ok();
        assert_eq!(
            text,
            "crate::A (struct)\n    x: u32\ncrate::E (enum)\n    One\n    Two(String)\n\
             crate::A::fn get (& self) -> u32\ncrate::models::fn make () -> Option < u8 >\n"
        );
    }
}
