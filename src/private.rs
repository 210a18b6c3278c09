//! Files and folders only the user can read: call journals and everything else apunte
//! writes about calls are created `0600` in `0700` folders, whatever the umask, and a
//! folder apunte made earlier with wider rights is narrowed when it is used again.
use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Creates `dir` and its missing parents as `0700`; an existing `dir` readable by others
/// is narrowed to `0700` (its parents are left as they are).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        let meta = std::fs::metadata(dir)?;
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

/// Options that create a file as `0600` (append mode, the file must not exist).
pub fn create_new(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.append(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Opens `path` for appending: created `0600` when missing; an existing one readable by
/// others (written by an older version) is narrowed to `0600`. An existing file is
/// opened for reading too (a caller may look at its last line).
pub fn open_append(path: &Path) -> io::Result<File> {
    match create_new(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let file = OpenOptions::new().read(true).append(true).open(path)?;
            narrow(&file)?;
            Ok(file)
        }
        other => other,
    }
}

/// Narrows an existing file to `0600` (a journal written by an older version).
pub fn narrow(file: &File) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = file.metadata()?;
        if meta.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}
