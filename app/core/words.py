"""Small word lists shared by rules about names and titles.

Why one list: "does the answer give itself away", "are these letters the
initials of that name" and similar rules all skip the same minor words of a
title ("Ministry *of* Defence", "Shanghai Cooperation Organization"); two
copies drifted apart once already.
"""

#: Words of a name or title that do not count as its significant words or initials.
MINOR_WORDS = frozenset({"the", "a", "an", "of", "on", "in", "and", "for", "to", "de", "la"})
