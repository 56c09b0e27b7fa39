"""The real site plus one test-only form that opts in to offline drafts and photo resizing (test_pwa.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, include, path
from PIL import Image

# What the test form received, in order: the live server runs in the test's own process.
RECEIVED: list[dict[str, object]] = []


def draft_form(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        photo = request.FILES.get("photo")
        RECEIVED.append({
            "name": request.POST.get("name", ""),
            "description": request.POST.get("description", ""),
            "size": request.POST.get("size", ""),
            "photo": Image.open(photo).size if photo else None,
            "photo_type": photo.content_type if photo else None,
        })
        return redirect(f"{request.path}?received={len(RECEIVED)}")
    return render(request, "portal/tests/draft_form.html", {"received": request.GET.get("received", "")})


urlpatterns: list[URLPattern | URLResolver] = [
    path("test/draft-form/", draft_form),
    path("", include("civicdesk.urls")),
]
