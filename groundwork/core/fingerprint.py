"""When two texts count as the same answer: the same words, whatever the case, the spacing or
the way accented letters were encoded. A participant who sends the same answer twice to the
same question (back and send again) gets one copy."""

import hashlib
import unicodedata


def normalized_text(text: str) -> str:
    """NFC, case folded (so "Straße" and "STRASSE" match), runs of white space as one space."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_fingerprint(text: str) -> str:
    """A fixed-length digest of the normalized text, for a unique constraint to compare."""
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()
