"""Number words every rule about amounts reads the same way.

Why one table: grading a typed answer ("three billion" for "$3 billion"), making
quiz options look alike ("$16 billion" beside "$9 billion") and ordering
generated distractors by closeness all need to know that "billion" scales a
number, and by how much.
"""

#: Scale words and the factor each multiplies a number by.
SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9,
                          "trillion": 10**12}
