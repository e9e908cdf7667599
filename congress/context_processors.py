from .models import TownshipProfile


def platform(request):
    """The township profile for page headers and titles."""
    return {"township": TownshipProfile.current()}
