"""Settings of the benchmark server (bench/run): the platform's own, plus a bare view to compare with.

Everything comes from congress.settings and the environment bench/run sets
(DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, SECURE_SSL_REDIRECT=0); only the URLs differ:
bench.urls adds /bench/bare/ in front of the platform's.
"""

from congress.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
