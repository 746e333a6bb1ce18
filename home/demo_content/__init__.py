"""The demo newsroom's content in French and English, as data: `manage.py seed_demo` writes it.

Real places and public facts (see the project's DEMO-FACTS); invented people, quotes,
partners and amounts, each marked as such in the text itself.
"""

from .bergerac import BERGERAC_EPISODES, BERGERAC_SERIES
from .catalogue import (
    COLLECTION_NAME,
    CONTRIBUTORS,
    DOCUMENTS,
    HOME_INTRO,
    IMAGES,
    PALETTES,
    PARTNERS,
    SERIES_INDEX_INTRO,
    STORY_INDEX_INTRO,
    TERRITORIES,
    THEMES,
)
from .florac import FLORAC_EPISODES, FLORAC_SERIES
from .loos import LOOS_EPISODES, LOOS_SERIES
from .references import LANGUAGES
from .standalone import NETWORK_SERIES, STANDALONE_STORIES

# Each series with its episodes, in reading order.
SERIES = [
    (LOOS_SERIES, LOOS_EPISODES),
    (FLORAC_SERIES, FLORAC_EPISODES),
    (BERGERAC_SERIES, BERGERAC_EPISODES),
    (NETWORK_SERIES, []),
]

FEATURED_SERIES = ["bergerac", "florac", "loos"]
FEATURED_STORIES = ["florac-5", "bergerac-4", "assembly", "loos-1"]

__all__ = [
    "COLLECTION_NAME",
    "CONTRIBUTORS",
    "DOCUMENTS",
    "FEATURED_SERIES",
    "FEATURED_STORIES",
    "HOME_INTRO",
    "IMAGES",
    "LANGUAGES",
    "PALETTES",
    "PARTNERS",
    "SERIES",
    "SERIES_INDEX_INTRO",
    "STANDALONE_STORIES",
    "STORY_INDEX_INTRO",
    "TERRITORIES",
    "THEMES",
]
