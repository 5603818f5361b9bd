//! Finding the documented endpoint a request is for.

use crate::ir::Api;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    /// A placeholder with the literal text around it in its segment
    /// (`{id}.json`): prefix, name, suffix.
    Param(String, String, String),
}

#[derive(Debug, Clone)]
struct Route {
    endpoint: usize,
    method: String,
    segments: Vec<Segment>,
}

/// What a request path matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// Endpoint index and the path parameters, decoded.
    Endpoint(usize, Vec<(String, String)>),
    /// The path exists, not with this method.
    WrongMethod,
    Missing,
}

#[derive(Debug, Clone)]
pub(crate) struct Routes {
    routes: Vec<Route>,
}

impl Routes {
    pub fn new(api: &Api) -> Self {
        let mut routes: Vec<Route> = api
            .endpoints
            .iter()
            .enumerate()
            .map(|(endpoint, e)| Route { endpoint, method: e.method.to_ascii_uppercase(), segments: segments(&e.path) })
            .collect();
        // Literal segments win over parameters: `/companies/search` before
        // `/companies/{uid}`.
        routes.sort_by_key(|route| {
            let params = route.segments.iter().filter(|s| matches!(s, Segment::Param(..))).count();
            (params, route.endpoint)
        });
        Routes { routes }
    }

    pub fn find(&self, method: &str, path: &str) -> Lookup {
        let pieces: Vec<String> = path.split('/').filter(|piece| !piece.is_empty()).map(percent_decode).collect();
        let mut path_exists = false;
        for route in &self.routes {
            let Some(params) = matches(&route.segments, &pieces) else { continue };
            if route.method == method {
                return Lookup::Endpoint(route.endpoint, params);
            }
            path_exists = true;
        }
        if path_exists {
            Lookup::WrongMethod
        } else {
            Lookup::Missing
        }
    }
}

fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let open = piece.find('{');
            let close = open.and_then(|open| piece[open..].find('}').map(|c| open + c));
            match (open, close) {
                (Some(open), Some(close)) => Segment::Param(
                    piece[..open].to_string(),
                    piece[open + 1..close].to_string(),
                    piece[close + 1..].to_string(),
                ),
                _ => Segment::Literal(piece.to_string()),
            }
        })
        .collect()
}

fn matches(segments: &[Segment], pieces: &[String]) -> Option<Vec<(String, String)>> {
    if segments.len() != pieces.len() {
        return None;
    }
    let mut params = Vec::new();
    for (segment, piece) in segments.iter().zip(pieces) {
        match segment {
            Segment::Literal(literal) if literal == piece => {}
            Segment::Literal(_) => return None,
            Segment::Param(prefix, name, suffix) => {
                let value = piece.strip_prefix(prefix.as_str()).and_then(|rest| rest.strip_suffix(suffix.as_str()));
                match value {
                    Some(value) if !value.is_empty() => params.push((name.clone(), value.to_string())),
                    _ => return None,
                }
            }
        }
    }
    Some(params)
}

fn percent_decode(text: &str) -> String {
    form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_endpoint_and_parameters() {
        let api: Api = serde_json::from_str(include_str!("../../tests/fixtures/mini-api.json")).unwrap();
        let routes = Routes::new(&api);
        let get_company = api.endpoints.iter().position(|e| e.id == "get_company").unwrap();
        assert_eq!(
            routes.find("GET", "/api/v1/companies/a%20b+c"),
            Lookup::Endpoint(get_company, vec![("company_uid".to_string(), "a b+c".to_string())])
        );
        assert_eq!(routes.find("DELETE", "/api/v1/companies"), Lookup::WrongMethod);
        assert_eq!(routes.find("GET", "/api/v2/companies"), Lookup::Missing);
        assert!(matches!(routes.find("GET", "/api/v1/companies/"), Lookup::Endpoint(..)));
    }

    #[test]
    fn a_placeholder_with_an_extension_takes_the_segment_without_it() {
        let segments = segments("/things/{id}.json");
        let pieces = |path: &str| path.split('/').filter(|p| !p.is_empty()).map(str::to_string).collect::<Vec<_>>();
        assert_eq!(matches(&segments, &pieces("/things/42.json")), Some(vec![("id".to_string(), "42".to_string())]));
        assert_eq!(matches(&segments, &pieces("/things/42.xml")), None);
        assert_eq!(matches(&segments, &pieces("/things/.json")), None);
    }
}
