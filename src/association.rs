//! Double-clicking a `.ron` opens it in nianbao (Windows).
//!
//! nianbao has no installer, so nothing registers the file type. 设置 → 关联 .ron 文件 writes the
//! association for the current user only (`HKEY_CURRENT_USER\Software\Classes`, no administrator
//! rights needed) and can remove it again. What is written is [`entries`], a pure function; the
//! registry calls are the only Windows code here.

use std::path::Path;

/// The programmatic identifier of a nianbao report file.
pub const PROG_ID: &str = "nianbao.report";

/// One registry value under `HKEY_CURRENT_USER`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegValue {
    /// The key, below `HKEY_CURRENT_USER`.
    pub key: String,
    /// The value name; `None` is the key's default value.
    pub name: Option<&'static str>,
    /// The text (REG_SZ).
    pub data: String,
}

/// The values that associate `.ron` files with the program at `exe`.
pub fn entries(exe: &Path) -> Vec<RegValue> {
    let exe = exe.display();
    let value = |key: &str, data: String| RegValue { key: format!(r"Software\Classes\{key}"), name: None, data };
    vec![
        value(".ron", PROG_ID.into()),
        value(PROG_ID, "年报项目文件".into()),
        value(&format!(r"{PROG_ID}\DefaultIcon"), format!("\"{exe}\",0")),
        value(&format!(r"{PROG_ID}\shell\open\command"), format!("\"{exe}\" \"%1\"")),
    ]
}

/// Why the association could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum AssociationError {
    /// Not on Windows.
    #[error("文件关联只在 Windows 上可用")]
    Unsupported,
    /// The program's own path is unknown.
    #[error("无法确定程序所在位置：{0}")]
    OwnPath(String),
    /// The registry refused.
    #[error("无法写入注册表（{key}，错误代码 {code}）")]
    Registry {
        /// The key.
        key: String,
        /// The Windows error code.
        code: u32,
    },
}

/// Whether `.ron` files currently open with nianbao (for the current user).
pub fn is_registered() -> bool {
    imp::read_default(r"Software\Classes\.ron").as_deref() == Some(PROG_ID)
}

/// Associates `.ron` files with this program, for the current user.
pub fn register() -> Result<(), AssociationError> {
    let exe = std::env::current_exe().map_err(|e| AssociationError::OwnPath(e.to_string()))?;
    for v in entries(&exe) {
        imp::write(&v)?;
    }
    imp::notify_shell();
    Ok(())
}

/// Removes the association (only if `.ron` still points at nianbao).
pub fn unregister() -> Result<(), AssociationError> {
    if is_registered() {
        imp::delete_default(r"Software\Classes\.ron")?;
    }
    imp::delete_tree(&format!(r"Software\Classes\{PROG_ID}"))?;
    imp::notify_shell();
    Ok(())
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod imp {
    use windows_sys::Win32::System::Registry::{
        HKEY_CURRENT_USER, REG_SZ, RRF_RT_REG_SZ, RegDeleteKeyValueW, RegDeleteTreeW, RegGetValueW, RegSetKeyValueW,
    };

    use super::{AssociationError, RegValue};

    const ERROR_FILE_NOT_FOUND: u32 = 2;

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain(std::iter::once(0)).collect()
    }

    fn check(code: u32, key: &str) -> Result<(), AssociationError> {
        if code == 0 || code == ERROR_FILE_NOT_FOUND {
            Ok(())
        } else {
            Err(AssociationError::Registry { key: key.to_owned(), code })
        }
    }

    pub fn write(v: &RegValue) -> Result<(), AssociationError> {
        let key = wide(&v.key);
        let name = v.name.map(wide);
        let data = wide(&v.data);
        let bytes = u32::try_from(data.len() * 2).unwrap_or(u32::MAX);
        // SAFETY: every string is NUL-terminated UTF-16 that outlives the call; `bytes` is the
        // size of `data` including its terminator.
        let code = unsafe {
            RegSetKeyValueW(
                HKEY_CURRENT_USER,
                key.as_ptr(),
                name.as_ref().map_or(std::ptr::null(), |n| n.as_ptr()),
                REG_SZ,
                data.as_ptr().cast(),
                bytes,
            )
        };
        if code == 0 { Ok(()) } else { Err(AssociationError::Registry { key: v.key.clone(), code }) }
    }

    pub fn read_default(key: &str) -> Option<String> {
        let k = wide(key);
        let mut buf = [0u16; 256];
        let mut len = u32::try_from(buf.len() * 2).unwrap_or(0);
        // SAFETY: `buf` holds `len` bytes; RegGetValueW writes at most that many and updates it.
        let code = unsafe {
            RegGetValueW(
                HKEY_CURRENT_USER,
                k.as_ptr(),
                std::ptr::null(),
                RRF_RT_REG_SZ,
                std::ptr::null_mut(),
                buf.as_mut_ptr().cast(),
                &mut len,
            )
        };
        (code == 0).then(|| {
            let units = (len as usize / 2).min(buf.len());
            String::from_utf16_lossy(&buf[..units]).trim_end_matches('\0').to_owned()
        })
    }

    pub fn delete_default(key: &str) -> Result<(), AssociationError> {
        let k = wide(key);
        // SAFETY: a NUL-terminated key; a null value name is the default value.
        check(unsafe { RegDeleteKeyValueW(HKEY_CURRENT_USER, k.as_ptr(), std::ptr::null()) }, key)
    }

    pub fn delete_tree(key: &str) -> Result<(), AssociationError> {
        let k = wide(key);
        // SAFETY: a NUL-terminated key below HKEY_CURRENT_USER.
        check(unsafe { RegDeleteTreeW(HKEY_CURRENT_USER, k.as_ptr()) }, key)
    }

    /// Tells Explorer that file associations changed (icons and double-click follow at once).
    pub fn notify_shell() {
        use windows_sys::Win32::UI::Shell::{SHCNE_ASSOCCHANGED, SHCNF_IDLIST, SHChangeNotify};
        // SAFETY: SHCNE_ASSOCCHANGED takes no items.
        unsafe { SHChangeNotify(SHCNE_ASSOCCHANGED as i32, SHCNF_IDLIST, std::ptr::null(), std::ptr::null()) };
    }
}

#[cfg(not(windows))]
mod imp {
    use super::{AssociationError, RegValue};

    pub fn write(_v: &RegValue) -> Result<(), AssociationError> {
        Err(AssociationError::Unsupported)
    }

    pub fn read_default(_key: &str) -> Option<String> {
        None
    }

    pub fn delete_default(_key: &str) -> Result<(), AssociationError> {
        Err(AssociationError::Unsupported)
    }

    pub fn delete_tree(_key: &str) -> Result<(), AssociationError> {
        Err(AssociationError::Unsupported)
    }

    pub fn notify_shell() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_association_opens_the_file_with_this_program() {
        let exe = Path::new(r"C:\Users\张三\Desktop\年报 工具\nianbao.exe");
        let e = entries(exe);
        assert_eq!(e[0], RegValue { key: r"Software\Classes\.ron".into(), name: None, data: PROG_ID.into() });
        let command = e.iter().find(|v| v.key.ends_with(r"shell\open\command")).map(|v| v.data.as_str());
        // Quoted: the path has spaces, and so may the file's.
        assert_eq!(command, Some(r#""C:\Users\张三\Desktop\年报 工具\nianbao.exe" "%1""#));
        assert!(e.iter().all(|v| v.key.starts_with(r"Software\Classes\")), "current user only, no admin rights");
    }

    #[test]
    fn elsewhere_the_association_is_refused_in_words() {
        if !cfg!(windows) {
            assert!(!is_registered());
            let e = register().map_or_else(|e| e.to_string(), |()| String::new());
            assert_eq!(e, "文件关联只在 Windows 上可用");
        }
    }
}
