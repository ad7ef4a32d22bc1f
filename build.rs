//! Fetches the GraphiQL playground's JS/CSS through npm (pinned in `graphiql/package-lock.json`,
//! integrity-checked by `npm ci`) and generates `graphiql_assets.rs`, which embeds them. Nothing
//! third-party is committed. Without npm (or when it fails) the build still succeeds: the page then
//! loads the same pinned versions from a CDN, and the build says so. `CALLERID_GRAPHIQL_ASSETS_DIR`
//! points an offline build at a pre-fetched `node_modules` folder instead.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const FILES: [(&str, &str); 4] = [
    ("GRAPHIQL_JS", "graphiql/graphiql.min.js"),
    ("GRAPHIQL_CSS", "graphiql/graphiql.min.css"),
    ("REACT_JS", "react/umd/react.production.min.js"),
    ("REACT_DOM_JS", "react-dom/umd/react-dom.production.min.js"),
];

fn main() {
    println!("cargo:rerun-if-changed=graphiql/package.json");
    println!("cargo:rerun-if-changed=graphiql/package-lock.json");
    println!("cargo:rerun-if-env-changed=CALLERID_GRAPHIQL_ASSETS_DIR");
    println!("cargo:rerun-if-env-changed=CALLERID_GRAPHIQL_CDN");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let assets = if env::var_os("CALLERID_GRAPHIQL_CDN").is_some() {
        None
    } else if let Some(dir) = env::var_os("CALLERID_GRAPHIQL_ASSETS_DIR") {
        let dir = PathBuf::from(dir);
        match complete(&dir) {
            true => copy_assets(&dir, &out),
            false => {
                println!(
                    "cargo:warning=CALLERID_GRAPHIQL_ASSETS_DIR={} lacks the GraphiQL files; the playground will load them from a CDN",
                    dir.display()
                );
                None
            }
        }
    } else {
        npm_install(&out).and_then(|modules| copy_assets(&modules, &out))
    };
    let code = match assets {
        Some(dir) => {
            let mut code =
                String::from("pub(crate) const EMBEDDED: Option<Assets> = Some(Assets {\n");
            for (name, file) in FILES {
                let path = dir.join(Path::new(file).file_name().unwrap_or_default());
                code.push_str(&format!(
                    "    {}: include_bytes!({:?}),\n",
                    name.to_lowercase(),
                    path.display().to_string()
                ));
            }
            code.push_str("});\n");
            code
        }
        None => "pub(crate) const EMBEDDED: Option<Assets> = None;\n".to_owned(),
    };
    if let Err(e) = fs::write(out.join("graphiql_assets.rs"), code) {
        panic!("cannot write graphiql_assets.rs: {e}");
    }
}

/// How to get the embedded assets after a build that fell back to the CDN.
const RETRY: &str = " (to embed them later: make npm available, then `touch graphiql/package-lock.json` and rebuild)";

fn complete(modules: &Path) -> bool {
    FILES.iter().all(|(_, f)| modules.join(f).is_file())
}

/// `npm ci` into OUT_DIR; the `node_modules` folder on success.
fn npm_install(out: &Path) -> Option<PathBuf> {
    let work = out.join("npm");
    let _ = fs::create_dir_all(&work);
    for f in ["package.json", "package-lock.json"] {
        if let Err(e) = fs::copy(Path::new("graphiql").join(f), work.join(f)) {
            println!(
                "cargo:warning=GraphiQL assets: cannot copy graphiql/{f} ({e}); the playground will load them from a CDN"
            );
            return None;
        }
    }
    let status = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--omit=dev",
            "--loglevel=error",
        ])
        .current_dir(&work)
        .status();
    match status {
        Ok(s) if s.success() && complete(&work.join("node_modules")) => {
            Some(work.join("node_modules"))
        }
        Ok(s) => {
            println!(
                "cargo:warning=GraphiQL assets: `npm ci` failed ({s}); the playground will load them from a CDN{RETRY}"
            );
            None
        }
        Err(e) => {
            println!(
                "cargo:warning=GraphiQL assets: npm is unavailable ({e}); the playground will load them from a CDN{RETRY}"
            );
            None
        }
    }
}

/// Copies the four files next to the generated code and drops the rest of `node_modules`.
fn copy_assets(modules: &Path, out: &Path) -> Option<PathBuf> {
    let dest = out.join("graphiql-assets");
    let _ = fs::create_dir_all(&dest);
    for (_, file) in FILES {
        let from = modules.join(file);
        let name = Path::new(file).file_name()?;
        if let Err(e) = fs::copy(&from, dest.join(name)) {
            println!(
                "cargo:warning=GraphiQL assets: cannot copy {} ({e})",
                from.display()
            );
            return None;
        }
    }
    if modules.starts_with(out) {
        let _ = fs::remove_dir_all(modules);
    }
    Some(dest)
}
