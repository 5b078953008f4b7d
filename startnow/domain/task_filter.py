"""Which tasks `startnow list` shows: by tag, by due date, by words, and
whether closed tasks count. Pure: a predicate over the domain's task."""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime

from startnow.domain.model import TaskInfo
from startnow.domain.states import TaskStatus

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


class TaskFilter(namedtuple("TaskFilter", "tags due_by words include_closed")):
    """Every tag, due by `due_by` (a task without a due date never is), every
    word in the title or a step's title (case-insensitive); open only unless
    `include_closed`."""

    __slots__ = ()
    if TYPE_CHECKING:
        tags: tuple[str, ...]  # lowercase, without '#'
        due_by: datetime | None
        words: tuple[str, ...]  # casefolded
        include_closed: bool

    @classmethod
    def of(
        cls,
        tags: Iterable[str] = (),
        due_by: datetime | None = None,
        search: str = "",
        include_closed: bool = False,
    ) -> TaskFilter:
        wanted = tuple(dict.fromkeys(t.strip().lstrip("#").lower() for t in tags if t.strip()))
        return cls(wanted, due_by, tuple(search.casefold().split()), include_closed)

    @classmethod
    def typed(cls, text: str) -> TaskFilter:
        """What Today's `/` reads: `#tag` words are tags, the rest words to find."""
        words = text.split()
        tags = [w for w in words if w.startswith("#") and len(w) > 1]
        return cls.of(tags, search=" ".join(w for w in words if w not in tags))

    @property
    def narrows(self) -> bool:
        """Whether it leaves out any open task (then an empty list says "none match")."""
        return bool(self.tags or self.due_by is not None or self.words)

    def matches(self, task: TaskInfo) -> bool:
        if not self.include_closed and task.status != TaskStatus.OPEN:
            return False
        if any(tag not in task.tags for tag in self.tags):
            return False
        if self.due_by is not None and (task.due is None or task.due > self.due_by):
            return False
        if self.words:
            text = " ".join((task.title, *(step.title for step in task.chunks))).casefold()
            return all(word in text for word in self.words)
        return True

    def apply(self, tasks: Iterable[TaskInfo]) -> Iterator[TaskInfo]:
        return (task for task in tasks if self.matches(task))
