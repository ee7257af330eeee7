//! nianbao（年报编辑器）: an offline editor for the 政府信息公开工作年度报告.
//!
//! - [`model`]: the report, the three official tables declared as data, and the checks;
//! - [`io`]: RON project files (versioned, atomic save);
//! - [`export`]: the PDF (layout as data, then printpdf);
//! - [`ui`]: the desktop editor;
//! - [`association`]: the `.ron` file association on Windows (current user);
//! - [`launch`]: starting the editor with a renderer that works (the supervisor);
//! - [`desk`]: the county's review desk (`nianbao review`, 汇总审核);
//! - [`cli`]: the command line (`check`, `export`, `new`, …);
//! - [`fuzz`]: fuzz targets and the mutator behind `scripts/fuzz.sh`.

pub mod association;
pub mod build_info;
pub mod cli;
pub mod desk;
pub mod export;
pub mod fuzz;
pub mod import;
pub mod io;
pub mod launch;
pub mod model;
pub mod ui;
