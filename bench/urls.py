"""The platform's URLs plus /bench/bare/: a view that reads nothing, through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from office.urls import urlpatterns as platform


def bare(request):
    """The fastest page the stack can serve: the yardstick for every page's throughput."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *platform]
