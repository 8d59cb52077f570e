"""A synthetic country for benchmarks and load tests (`manage.py synth_country`).

Three shapes of the administrative map:

- **pre2025**: 63 provinces, districts of about 14 communes, communes under their district
  (about 10 000 communes and 700 districts before the 2025 reform). The largest province has
  5,6 % of the communes (560 of 10 000) and its first district 30.
- **post2025**: 34 provinces and no districts: communes sit directly under their province
  (about 3 300). The largest province has 5,15 % of the communes (170 of 3 300).
- **reform**: the pre2025 country for the years before 2025, then one reorganisation applied
  through `units.reorganisation.apply` on 01/07/2025 (basis "Sắp xếp giả lập
  (synth_country)"): every district ended, the communes of each district merged about three
  into one new commune ("synth-x…", directly under the province), and the years from 2025 on
  written for the new communes by the same generator (their officials, the province offices
  verifying). The ended units keep their years; their roles end with the reorganisation.

Every commune follows the 318/QĐ-TTg xã NTM set for each year asked for, with a status for
every indicator that moves the way real ones do (most met, a few unmet, some not assessed,
improving from year to year, now and then one lost), its history rows (year opened or carried
forward, then the year's updates, one version per save), the review workflow (most past years
verified), evidence metadata pointing at one small shared file, the maintained summaries
(`Assessment.met_count`, `verified_met_count`, the indicator counts, `CriterionResult`)
computed by the same function as `criteria.services.assessment_recount`, tasks with parties
and funding for some communes and for the supervising units, and the last year's targets.
Users: a supervising office per district (or per province without districts), a province
office per province with districts, an official and a chairman in some communes, and
`synth-admin` (no password).

Everything created is marked: units have `is_synthetic=True` and codes starting "synth-",
users are named "synth-…", the reorganisation of the reform shape has the basis and source
above. `country_delete` removes all of it, and nothing else.

Reproducible: the same arguments and seed give the same rows (only the primary keys differ).
Each kind of data draws from its own random stream, so turning villages on does not change
the statuses.

Fast: rows are written in batches; on PostgreSQL the large tables (assessments, statuses,
their history and summaries) go through COPY with identifiers taken from their sequences,
elsewhere through `bulk_create`. Everything is one transaction: a failed run leaves nothing.
"""

# The public names, as `bench.synthetic.X` (the module was one file): callers import the package.
from .assessments import (
    ASSESSMENT_FIELDS,
    CHANGE_FIELDS,
    EVENT_FIELDS,
    EVIDENCE_FIELDS,
    RESULT_FIELDS,
    STATUS_FIELDS,
    _evidence_path,
)
from .build import country_create, country_delete
from .options import (
    COMMUNES_PER_DISTRICT,
    DRAFT,
    EVIDENCE_NAME,
    FIRST_DISTRICT,
    FRAMEWORK,
    LABELS,
    MERGED,
    MET,
    NAME,
    NEW_PREFIX,
    NOT_ASSESSED,
    NOT_MET,
    PREFIX,
    REFORM_BASIS,
    REFORM_DAY,
    REFORM_SOURCE,
    REGIONS,
    RETURNED,
    SHAPES,
    SUBMITTED,
    TZ,
    VERIFIED,
    Layout,
    Options,
    Report,
    Shape,
    layout,
    parse_years,
    synthetic_reorganisations,
    synthetic_units,
    synthetic_users,
)
from .sink import Sink
from .work import LEVEL_TARGET, ORGANISATIONS, PARTY_NAMES, PARTY_POSITIONS, TASK_TITLES

__all__ = [
    "ASSESSMENT_FIELDS",
    "CHANGE_FIELDS",
    "COMMUNES_PER_DISTRICT",
    "DRAFT",
    "EVENT_FIELDS",
    "EVIDENCE_FIELDS",
    "EVIDENCE_NAME",
    "FIRST_DISTRICT",
    "FRAMEWORK",
    "LABELS",
    "LEVEL_TARGET",
    "Layout",
    "MERGED",
    "MET",
    "NAME",
    "NEW_PREFIX",
    "NOT_ASSESSED",
    "NOT_MET",
    "ORGANISATIONS",
    "Options",
    "PARTY_NAMES",
    "PARTY_POSITIONS",
    "PREFIX",
    "REFORM_BASIS",
    "REFORM_DAY",
    "REFORM_SOURCE",
    "REGIONS",
    "RESULT_FIELDS",
    "RETURNED",
    "Report",
    "SHAPES",
    "STATUS_FIELDS",
    "SUBMITTED",
    "Shape",
    "Sink",
    "TASK_TITLES",
    "TZ",
    "VERIFIED",
    "_evidence_path",
    "country_create",
    "country_delete",
    "layout",
    "parse_years",
    "synthetic_reorganisations",
    "synthetic_units",
    "synthetic_users",
]
