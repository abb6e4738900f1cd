"""Settings → Class: where results go, who the student is, and the secret kept aside.

Why the secret is not here: the LRS key's secret is a password; it is stored
with the system keyring (the `keyring` library), never in the collection or a
plain file, so copying a collection never copies it. Nothing is sent unless the
student has filled this in and ticked that they agree.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from app.core.changes import Change
from app.core.errors import ClassroomError
from app.core.storage.collection import Collection

SETTINGS_KEY = "class"
KEYRING_SERVICE = "StudyDesk LRS"


@dataclass(frozen=True)
class ClassSettings:
    endpoint: str = ""          # the LRS's xAPI endpoint, e.g. https://lrs.example.edu/xAPI/
    key: str = ""               # the LRS key (HTTP basic user name)
    email: str = ""             # identifies the student (xAPI mbox) ...
    account: str = ""           # ... or an account name at `account_home`
    account_home: str = ""
    send_quizzes: bool = True
    send_reviews: bool = False  # flashcard reviews too (deck cards only; see flashcards.py)
    agreed: bool = False        # the student agreed to send results

    @property
    def active(self) -> bool:
        """Set up and agreed to: only then is anything queued or sent."""
        return bool(self.agreed and self.endpoint and self.key and (self.email or self.account))

    def actor(self, name: str) -> dict[str, object]:
        """The student (named as in Study Options) as an xAPI Agent (mbox, else account)."""
        agent: dict[str, object] = {"objectType": "Agent"}
        if name:
            agent["name"] = name
        if self.email:
            agent["mbox"] = f"mailto:{self.email}"
        else:
            agent["account"] = {"homePage": self.account_home or self.endpoint,
                                "name": self.account}
        return agent


def load_class_settings(col: Collection) -> ClassSettings:
    stored = col.get_setting(SETTINGS_KEY, {}) or {}
    known = {k: v for k, v in stored.items() if k in ClassSettings.__dataclass_fields__}
    return ClassSettings(**known)


def validate(settings: ClassSettings) -> None:
    """Refuse settings that cannot work, in words that say which field to fix."""
    if not settings.agreed:
        return
    if not settings.endpoint.startswith(("http://", "https://")):
        raise ClassroomError("The LRS address must start with https:// (or http:// on a "
                             "local network), for example https://lrs.example.edu/xAPI/.")
    if not settings.key:
        raise ClassroomError("Enter the LRS key your instructor gave you.")
    if not (settings.email or settings.account):
        raise ClassroomError("Enter your e-mail address or your account name, so the "
                             "instructor can tell your results from others'.")
    if settings.email and ("@" not in settings.email or " " in settings.email):
        raise ClassroomError(f"“{settings.email}” is not an e-mail address.")


def save_class_settings(col: Collection, settings: ClassSettings,
                        secret: str | None = None) -> None:
    """Store the settings and the secret (in the keyring). With no new secret, the one
    stored for the old address and key follows them when they change."""
    settings = replace(settings, endpoint=settings.endpoint.strip(), key=settings.key.strip(),
                       email=settings.email.strip())
    validate(settings)
    old = load_class_settings(col)
    if secret is None and old.key and _keyring_user(old) != _keyring_user(settings):
        secret = get_secret(old)
    if secret is not None and settings.endpoint and settings.key:
        set_secret(settings, secret)
    col.set_setting(SETTINGS_KEY, asdict(settings), Change.SETTINGS)


def _keyring_user(settings: ClassSettings) -> str:
    return f"{settings.key}@{settings.endpoint}"


def set_secret(settings: ClassSettings, secret: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(settings), secret)
    except (KeyringError, RuntimeError) as exc:
        raise ClassroomError(f"The LRS secret cannot be stored: this system has no usable "
                             f"keyring ({exc}).") from exc


def get_secret(settings: ClassSettings) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(settings))
    except (KeyringError, RuntimeError) as exc:
        raise ClassroomError(f"The LRS secret cannot be read: this system has no usable "
                             f"keyring ({exc}).") from exc
