//! The cross-process lock around a token refresh: an exclusive lock on a
//! file in the data folder, so the app and a scheduled `tandem run` never
//! both spend the same (rotating) refresh token.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// A held lock; released on drop (and by the OS if the process dies).
#[derive(Debug)]
pub(crate) struct LockGuard {
    file: File,
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// The lock file of one login.
pub(crate) fn path_for(data_dir: &Path, account: &str) -> PathBuf {
    // A file name from the account without characters a file system minds;
    // a hash keeps distinct accounts apart.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in account.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    data_dir.join(format!("exact-token-{h:016x}.lock"))
}

/// Takes the lock, waiting for another holder (on a blocking thread).
pub(crate) async fn acquire(path: PathBuf) -> Result<LockGuard> {
    tokio::task::spawn_blocking(move || {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::Storage(format!("cannot create the data folder: {e}")))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::Storage(format!("cannot open the token lock file: {e}")))?;
        file.lock()
            .map_err(|e| Error::Storage(format!("cannot lock the token lock file: {e}")))?;
        Ok(LockGuard { file })
    })
    .await
    .map_err(|e| Error::Bug(format!("the lock task failed: {e}")))?
}
