"""Studying cards: FSRS scheduling, answering, queues and limits, study settings, typed answers."""
