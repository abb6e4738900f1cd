"""Quizzes: instructor-built specs, questions from cards, sessions, attempts, the quiz builder."""
