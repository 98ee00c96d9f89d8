"""What the app knows about the member while logged in (nothing of it outlives logout)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cooptui.domain.auth import MemberProfile


@dataclass(frozen=True)
class MemberSession:
    profile: MemberProfile
    last_login_at: datetime | None

    @property
    def display_name(self) -> str:
        return self.profile.full_name
