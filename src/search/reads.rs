//! An index folder read with `pread` instead of mapped into memory, for one-shot
//! processes (`apunte search`): a search touches a few kilobytes of each term
//! dictionary, posting list and stored block, and a mapping brings in (and counts in
//! the process's resident memory) the kernel's read-ahead window around each of them,
//! where a read copies only the bytes asked for. Writes, locks and everything else go
//! to tantivy's own [`MmapDirectory`].
use std::fmt;
use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::HasLen;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};

/// An index folder whose files are read, not mapped.
#[derive(Clone, Debug)]
pub struct ReadDirectory {
    root: PathBuf,
    inner: MmapDirectory,
    /// Bytes read at once from a file, when more than asked for: see [`Self::sequential`].
    window: usize,
}

/// The read size of [`ReadDirectory::sequential`]: a merge asks for some 60 bytes at a
/// time on average (a posting list, a block of stored documents), which was 4.5 million
/// reads, several seconds of system time, for the final merges of a build at 100k. In
/// windows of 64 KB they are a few thousand, and a merge holds at most one window per
/// file it reads.
const SEQUENTIAL_WINDOW: usize = 64 * 1024;

impl ReadDirectory {
    /// For searches: each read copies exactly the bytes asked for.
    pub fn open(root: &Path) -> Result<ReadDirectory, OpenDirectoryError> {
        Ok(ReadDirectory {
            root: root.to_path_buf(),
            inner: MmapDirectory::open(root)?,
            window: 0,
        })
    }

    /// For merges, which read each file from start to end in small pieces: a file is
    /// read a [`SEQUENTIAL_WINDOW`] at a time and the pieces are served from the last
    /// window read.
    pub fn sequential(root: &Path) -> Result<ReadDirectory, OpenDirectoryError> {
        Ok(ReadDirectory {
            window: SEQUENTIAL_WINDOW,
            ..ReadDirectory::open(root)?
        })
    }
}

/// One open file and its length (fixed: index files are written once).
struct ReadFile {
    file: File,
    len: usize,
    /// See [`ReadDirectory::window`]; 0 reads exactly what is asked.
    window: usize,
    /// The last window read: where it starts in the file, and its bytes.
    last: Mutex<Option<(usize, OwnedBytes)>>,
}

impl ReadFile {
    fn read(&self, start: usize, end: usize) -> io::Result<OwnedBytes> {
        let mut buf = vec![0; end - start];
        if !buf.is_empty() {
            use std::os::unix::fs::FileExt;
            self.file.read_exact_at(&mut buf, start as u64)?;
        }
        Ok(OwnedBytes::new(buf))
    }
}

impl fmt::Debug for ReadFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReadFile({} bytes)", self.len)
    }
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let end = range.end.min(self.len);
        let start = range.start.min(end);
        if end - start >= self.window {
            return self.read(start, end);
        }
        // A poisoned lock only means another read panicked: the window is still whole.
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, bytes)) = last.as_ref()
            && *at <= start
            && end <= at + bytes.len()
        {
            return Ok(bytes.slice(start - at..end - at));
        }
        let window = self.read(start, (start + self.window).min(self.len))?;
        let piece = window.slice(0..end - start);
        *last = Some((start, window));
        Ok(piece)
    }
}

impl Directory for ReadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.root.join(path);
        let file = File::open(&full).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => OpenReadError::FileDoesNotExist(path.to_path_buf()),
            _ => OpenReadError::wrap_io_error(e, full.clone()),
        })?;
        let len = file
            .metadata()
            .map_err(|e| OpenReadError::wrap_io_error(e, full))?
            .len();
        Ok(Arc::new(ReadFile {
            file,
            len: usize::try_from(len).unwrap_or(usize::MAX),
            window: self.window,
            last: Mutex::new(None),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    /// tantivy's OS advisory locks (the default of the trait waits for a lock file to
    /// go away, and tantivy leaves its lock files in place).
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every range read through a window is the file's bytes, however the reads jump
    /// (forward, back, across the window's end, past the file's end, larger than a window).
    #[test]
    fn a_windowed_read_gives_the_bytes_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(dir.path().join("f"), &bytes).unwrap();
        for d in [
            ReadDirectory::open(dir.path()).unwrap(),
            ReadDirectory::sequential(dir.path()).unwrap(),
        ] {
            let f = d.get_file_handle(Path::new("f")).unwrap();
            assert_eq!(f.len(), bytes.len());
            let mut at = 0usize;
            for step in 0..2_000usize {
                let len = [0, 1, 60, 700, 5_000, 70_000][step % 6];
                let start = if step % 13 == 0 { at / 3 } else { at };
                let end = (start + len).min(bytes.len());
                let got = f.read_bytes(start..start + len).unwrap();
                assert_eq!(got.as_slice(), &bytes[start..end], "{start}+{len}");
                at = (start + len / 2 + 31) % bytes.len();
            }
        }
    }
}
