"""Who did something to a request, recorded on every history event."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from civicdesk.service_requests.choices import ActorKind

if TYPE_CHECKING:
    from civicdesk.accounts.models import User


@dataclass(frozen=True)
class Actor:
    kind: str
    user: "User | None" = None
    name: str = ""

    @classmethod
    def staff(cls, user: "User") -> "Actor":
        return cls(ActorKind.STAFF, user, user.get_username())

    @classmethod
    def resident(cls, name: str = "") -> "Actor":
        return cls(ActorKind.RESIDENT, None, name)

    @classmethod
    def system(cls, name: str = "CivicDesk") -> "Actor":
        return cls(ActorKind.SYSTEM, None, name)

    @classmethod
    def integration(cls, name: str) -> "Actor":
        return cls(ActorKind.INTEGRATION, None, name)
