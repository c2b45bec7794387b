"""Build the site into a fresh folder beside site_dir, then swap it in whole: a failed build leaves the old site."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from .errors import DossierError, os_error_message, shown_path


class StagedSite:
    """A new site being written beside the published one; `publish` swaps it in, `discard` drops it."""

    def __init__(self, site_dir: Path) -> None:
        # A symlinked site_dir stays a symlink: the folder it points to is the one replaced.
        self.site_dir = Path(os.path.realpath(site_dir))
        for path in (self.site_dir, *self.site_dir.parents):
            if path.exists():
                if not path.is_dir():
                    message = "is a file, not a folder: move it away or set another site_dir in mkdocs.yml"
                    raise DossierError(f"{shown_path(path)} {message}")
                break
        # Beside site_dir, not in /tmp: a rename is only atomic within one file system.
        try:
            self.site_dir.parent.mkdir(parents=True, exist_ok=True)
            self.remove_leftovers()
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}.new-", dir=self.site_dir.parent))
        except OSError as error:
            raise DossierError(os_error_message(error, "cannot write the site beside", self.site_dir.parent)) from None

    def remove_leftovers(self) -> None:
        """Remove what a build killed outright (SIGTERM, SIGKILL, a power cut) left beside site_dir.

        No event of MkDocs runs then, so the next build clears the half-built or set-aside sites.
        """
        for pattern in (f".{self.site_dir.name}.new-*", f".{self.site_dir.name}.old-*"):
            for leftover in self.site_dir.parent.glob(pattern):
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)

    def publish(self) -> Path | None:
        """Put the new site in site_dir's place and remove the old one; return what of it is left, if any."""
        # mkdtemp makes a private folder (0700); a published site must be readable by the web server.
        umask = os.umask(0)
        os.umask(umask)
        aside = self.folder.with_name(self.folder.name.replace(".new-", ".old-", 1))
        try:
            self.folder.chmod(0o777 & ~umask)
            if self.site_dir.exists():
                os.rename(self.site_dir, aside)
            try:
                os.rename(self.folder, self.site_dir)
            except OSError:
                if aside.exists():
                    os.rename(aside, self.site_dir)
                raise
        except OSError as error:
            self.discard()
            message = os_error_message(error, "cannot replace", self.site_dir)
            raise DossierError(f"{message}; the site was left as it was") from None
        # The new site is in place: what of the old one resists removal (a mount point…) is only clutter.
        shutil.rmtree(aside, ignore_errors=True)
        return aside if aside.exists() else None

    def failed_write(self, error: OSError) -> str:
        """Say in one line what MkDocs could not write, by the path it would have been published at."""
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            # The whole site is at stake, whichever file the disk filled up on.
            return os_error_message(error, "cannot write the site into", self.site_dir)
        folder = str(self.folder)
        # A failed copy names its source first and its destination second.
        for path in (error.filename2, error.filename):
            if isinstance(path, str) and path.startswith(folder):
                return os_error_message(error, "cannot write", str(self.site_dir) + path[len(folder) :])
        return os_error_message(error, "cannot read or write")

    def discard(self) -> None:
        """Remove the new site's folder; site_dir is left as it was."""
        shutil.rmtree(self.folder, ignore_errors=True)
