"""The two private-use characters that bracket explicit footnote references.

Their own module because reading a file (which strips them from every source
text, so no input can forge a reference) and splitting sentences (which turns
them into footnotes) both need them, and neither should import the other.
"""

NOTE_OPEN, NOTE_CLOSE = "\ue000", "\ue001"
