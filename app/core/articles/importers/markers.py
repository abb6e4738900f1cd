"""Private-use characters importers put into text: note-reference brackets, caption mark.

Their own module because reading a file (which strips them from every source
text, so no input can forge a reference) and splitting sentences (which turns
them into footnotes) both need them, and neither should import the other.
"""

NOTE_OPEN, NOTE_CLOSE = "\ue000", "\ue001"
#: Starts a paragraph that is a figure caption (the web importer marks them before
#: trafilatura flattens figures, so a caption is never glued to the text).
CAPTION_MARK = "\ue002"
RESERVED = (NOTE_OPEN, NOTE_CLOSE, CAPTION_MARK)
