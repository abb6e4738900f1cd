"""Figures of the quizzes: each quiz's finished attempts, and answers per section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.stats.scope import StatsScope
from app.core.storage.collection import Collection


@dataclass
class QuizScore:
    """One finished attempt on the quiz-scores chart."""

    finished_at: str
    score: int
    total: int


@dataclass
class SectionQuizScore:
    section_idx: int | None
    title: str
    right: int
    total: int


def _in_scope(scope: StatsScope, article: str, section: str | None = None
              ) -> tuple[str, list[Any]]:
    """SQL (` AND …`) keeping the quiz rows of the scope's article, and with `section` (a
    column of answers) those of its section: an attempt spans sections, its answers do not."""
    sql, params = "", []
    if scope.article_id is not None:
        sql, params = f" AND {article} = ?", [scope.article_id]
        if section is not None and scope.section_idx is not None:
            sql, params = f"{sql} AND {section} = ?", [*params, scope.section_idx]
    return sql, params


def read_quiz_scores(col: Collection, scope: StatsScope) -> dict[str, list[QuizScore]]:
    """Finished attempts per quiz title, oldest first (a section scope: its article's quizzes)."""
    where, params = _in_scope(scope, "article_id")
    scores: dict[str, list[QuizScore]] = {}
    for title, finished, score, total in col.execute(
            "SELECT title, finished_at, score, total FROM quiz_attempts "
            f"WHERE finished_at IS NOT NULL AND score IS NOT NULL{where} "
            "ORDER BY finished_at, id", params):
        scores.setdefault(title, []).append(QuizScore(finished, score, total))
    return scores


def read_section_scores(col: Collection, scope: StatsScope) -> list[SectionQuizScore]:
    """Quiz answers right / asked per section of the article (all articles' sections for the
    whole collection)."""
    where, params = _in_scope(scope, "q.article_id", "a.section_idx")
    titles = {(a, i): t for a, i, t in col.execute(
        "SELECT article_id, idx, title FROM sections")}
    rows = col.execute(
        "SELECT q.article_id, a.section_idx, SUM(a.correct), COUNT(*) FROM quiz_answers a "
        f"JOIN quiz_attempts q ON q.id = a.attempt_id WHERE q.finished_at IS NOT NULL{where} "
        "GROUP BY q.article_id, a.section_idx ORDER BY q.article_id, a.section_idx",
        params).fetchall()
    return [SectionQuizScore(idx, titles.get((article, idx), "Whole article")
                             if idx is not None else "Whole article", int(right or 0), total)
            for article, idx, right, total in rows]
