"""One import point for every domain model."""

from cooptui.domain.auth import *  # noqa: F403
from cooptui.domain.cards import *  # noqa: F403
from cooptui.domain.catalog import *  # noqa: F403
from cooptui.domain.operations import *  # noqa: F403
from cooptui.domain.products import *  # noqa: F403
from cooptui.domain.services import *  # noqa: F403
from cooptui.domain.transfers import *  # noqa: F403
