//! What a call of `slate_api!` asks for: the documentation's folder and the
//! options after it.

use std::fmt;

use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitStr, Path, Token};

/// The parsed arguments of `slate_api!("docs", module = crate::api, client = false)`.
pub struct Request {
    /// The Slate folder (or its index file), relative to the calling
    /// package's manifest directory.
    pub spec: LitStr,
    /// The module the call sits in, as a path from the crate root.
    pub module: Path,
    /// Whether to expand to the `client` module as well as the models.
    pub client: bool,
}

// By hand: syn's own `Debug` impls need a feature the rest of the workspace
// does not turn on.
impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("spec", &self.spec.value())
            .field("module", &path_text(&self.module))
            .field("client", &self.client)
            .finish()
    }
}

impl Parse for Request {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let spec: LitStr = input.parse().map_err(|err| {
            syn::Error::new(err.span(), "expected the documentation's folder as a string, such as `\"docs/api\"`")
        })?;
        let mut request = Request { spec, module: syn::parse_quote!(crate), client: true };
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let name = key.to_string();
            if seen.contains(&name) {
                return Err(syn::Error::new(key.span(), format!("`{name}` is given twice")));
            }
            match name.as_str() {
                "module" => request.module = parse_module(input)?,
                "client" => request.client = input.parse::<LitBool>()?.value,
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown option `{name}`: the options are `module = crate::path` and `client = false`"),
                    ))
                }
            }
            seen.push(name);
        }
        Ok(request)
    }
}

/// The generated code names its own items from the crate root, so the
/// module must be written from there too.
fn parse_module(input: ParseStream<'_>) -> syn::Result<Path> {
    let path: Path = input.parse()?;
    let from_root =
        path.leading_colon.is_none() && path.segments.first().is_some_and(|segment| segment.ident == "crate");
    let plain = path.segments.iter().all(|segment| segment.arguments.is_none());
    if !from_root || !plain {
        return Err(syn::Error::new_spanned(
            &path,
            "`module` is the path of the module the macro is called in, from the crate root, such as `crate::api`",
        ));
    }
    Ok(path)
}

/// The path as generated code writes it (`crate::api`), without the spaces
/// token printing puts around `::`.
pub fn path_text(path: &Path) -> String {
    path.segments.iter().map(|segment| segment.ident.to_string()).collect::<Vec<_>>().join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> syn::Result<Request> {
        syn::parse_str(text)
    }

    #[test]
    fn the_folder_alone_expands_at_the_crate_root_with_the_client() {
        let request = parse(r#""docs/api""#).unwrap();
        assert_eq!(request.spec.value(), "docs/api");
        assert_eq!(path_text(&request.module), "crate");
        assert!(request.client);
    }

    #[test]
    fn options_follow_the_folder_in_any_order() {
        let request = parse(r#""docs", client = false, module = crate::api::v1,"#).unwrap();
        assert_eq!(path_text(&request.module), "crate::api::v1");
        assert!(!request.client);
    }

    #[test]
    fn a_module_not_written_from_the_crate_root_is_refused() {
        for module in ["self::api", "super::api", "::api", "api", "crate::api<T>"] {
            let err = parse(&format!(r#""docs", module = {module}"#)).unwrap_err();
            assert!(err.to_string().contains("from the crate root"), "{module}: {err}");
        }
    }

    #[test]
    fn unknown_repeated_and_missing_arguments_say_what_is_expected() {
        assert!(parse(r#""docs", mode = 1"#).unwrap_err().to_string().contains("unknown option `mode`"));
        assert!(parse(r#""docs", client = true, client = false"#).unwrap_err().to_string().contains("given twice"));
        assert!(parse("docs").unwrap_err().to_string().contains("documentation's folder as a string"));
        assert!(parse("").is_err());
    }
}
