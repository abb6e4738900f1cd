"""What a damaged zip file raises, for every reader of one (EPUB, Anki packages).

Why its own module, not `app.core.errors`: naming zipfile's error imports zipfile (and
shutil, bz2, lzma), which every start of the app would then pay for though no zip
file is opened; only the readers of zip files import this.
"""

from __future__ import annotations

import zipfile
import zlib

#: What opening a zip file (an EPUB, an Anki package) or reading one of its members
#: raises when the file is damaged: a bad header or CRC, corrupt deflate data, a cut-off
#: member, offsets before the start (ValueError), a name that is not the UTF-8 it claims
#: (UnicodeDecodeError, a ValueError), a compression method or encryption Python cannot
#: read. Each reader turns them into its own error, naming the file.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
              NotImplementedError, RuntimeError)
