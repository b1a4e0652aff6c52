"""Uploaded files: their type is what their bytes say, and their name on disk is random.

The name a user's PC gave a file (often the person's name, 山田トメ_同意書.pdf) never
reaches the disk, and its extension is never trusted: a text file renamed .pdf is refused,
and a PNG named .pdf is stored and served as the PNG it is."""

import uuid
from typing import IO

from django.utils import timezone
from django.utils.deconstruct import deconstructible

# Magic numbers: the first bytes of each accepted type.
SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
UNKNOWN_EXTENSION = "bin"


def detect_type(file: IO[bytes]) -> str | None:
    """The MIME type of `file` from its first bytes (PDF, JPEG or PNG), or None. The file's
    position is left where it was."""
    position = file.tell()
    file.seek(0)
    head = file.read(max(len(s) for s in SIGNATURES.values()))
    file.seek(position)
    return next((kind for kind, magic in SIGNATURES.items() if head.startswith(magic)), None)


def neutral_name(content_type: str | None, stem: str = "file") -> str:
    """`stem` with the extension of the detected type, e.g. file.pdf."""
    return f"{stem}.{EXTENSIONS.get(content_type or '', UNKNOWN_EXTENSION)}"


@deconstructible
class RandomUploadPath:
    """`upload_to` that files under `<prefix>/<year>/<month>/<random hex>.<ext>`. Only the
    extension of the name handed in is kept, and only when it is one of ours (the service
    names the file after its detected type); anything else becomes .bin."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if extension not in EXTENSIONS.values():
            extension = UNKNOWN_EXTENSION
        month = timezone.localdate().strftime("%Y/%m")
        return f"{self.prefix}/{month}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)
