//! Version and build facts recorded by `build.rs`.

/// `0.1.0 (abc1234 2026-11-26)`: the version line of `--version` and the About box.
pub const VERSION_LINE: &str =
    concat!(env!("CARGO_PKG_VERSION"), " (", env!("NIANBAO_GIT_COMMIT"), " ", env!("NIANBAO_BUILD_DATE"), ")");

/// The commit the binary was built from (`unknown` outside a git checkout).
pub const GIT_COMMIT: &str = env!("NIANBAO_GIT_COMMIT");
