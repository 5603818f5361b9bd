//! Edits of a copy of a small Slate folder, shared by the tests that compare
//! a base folder with an edited copy.
#![allow(dead_code, reason = "each test file uses the edits it needs")]

use std::fs;
use std::path::Path;

/// One edit of a file of the base folder.
pub enum Edit {
    /// Replaces text that must occur exactly once.
    Replace(&'static str, &'static str, &'static str),
    /// Removes a `##` or `###` section up to the next heading of its level or above.
    RemoveSection(&'static str, &'static str),
    Append(&'static str, &'static str),
    /// Replaces every occurrence of a text that must occur at least once.
    ReplaceAll(&'static str, &'static str, &'static str),
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn remove_section(text: &str, heading: &str) -> String {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let start = text.find(&format!("{heading}\n")).unwrap_or_else(|| panic!("no section {heading}"));
    let is_end = |line: &str| {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        hashes > 0 && hashes <= level && line[hashes..].starts_with(' ')
    };
    let body_start = start + heading.len() + 1;
    let end = text[body_start..]
        .split_inclusive('\n')
        .scan(body_start, |offset, line| {
            let at = *offset;
            *offset += line.len();
            Some((at, line))
        })
        .find(|(_, line)| is_end(line))
        .map(|(at, _)| at)
        .unwrap_or(text.len());
    format!("{}{}", &text[..start], &text[end..])
}

pub fn apply(folder: &Path, edit: &Edit) {
    let file = |name: &str| folder.join(name);
    match edit {
        Edit::Replace(name, from, to) => {
            let text = fs::read_to_string(file(name)).unwrap();
            assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {name}");
            fs::write(file(name), text.replace(from, to)).unwrap();
        }
        Edit::RemoveSection(name, heading) => {
            let text = fs::read_to_string(file(name)).unwrap();
            fs::write(file(name), remove_section(&text, heading)).unwrap();
        }
        Edit::ReplaceAll(name, from, to) => {
            let text = fs::read_to_string(file(name)).unwrap();
            assert!(text.contains(from), "`{from}` must occur in {name}");
            fs::write(file(name), text.replace(from, to)).unwrap();
        }
        Edit::Append(name, more) => {
            let text = fs::read_to_string(file(name)).unwrap();
            fs::write(file(name), format!("{text}\n{more}")).unwrap();
        }
    }
}
