//! nianbao（年报编辑器）: an offline editor for the 政府信息公开工作年度报告.
//!
//! - [`model`]: the report, the three official tables declared as data, and the checks;
//! - [`io`]: RON project files (versioned, atomic save);
//! - [`export`]: the PDF (layout as data, then printpdf);
//! - [`ui`]: the desktop editor;
//! - [`cli`]: the command line (`check`, `export`, `new`, …).

pub mod build_info;
pub mod cli;
pub mod export;
pub mod import;
pub mod io;
pub mod model;
pub mod ui;
