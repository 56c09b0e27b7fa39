from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicdesk.accounts import services
from civicdesk.accounts.models import SignInAttempt, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "two_factor", "is_active")
    list_filter = ("role", "is_active", "departments")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("City role", {"fields": ("role", "departments", "phone")}))
    filter_horizontal = ("departments", "groups", "user_permissions")
    actions = ("unlock_sign_in", "reset_two_factor")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_two_factor=Exists(confirmed))

    @admin.display(boolean=True, description="Two-factor", ordering="has_two_factor")
    def two_factor(self, user: User) -> bool:
        return bool(getattr(user, "has_two_factor", False))

    @admin.action(description="Unlock sign-in (forget failed attempts)", permissions=["change"])
    def unlock_sign_in(self, request: HttpRequest, users: QuerySet[User]) -> None:
        for user in users:
            services.unlock(user, request=request)
        self.message_user(request, f"Sign-in unlocked for {len(users)} user(s): they can sign in again now.",
                          messages.SUCCESS)

    @admin.action(description="Reset two-factor (they set up a new authenticator at next sign-in)",
                  permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, users: QuerySet[User]) -> None:
        removed = sum(services.reset_two_factor(user, request=request) for user in users)
        self.message_user(request, f"Two-factor reset for {len(users)} user(s) ({removed} device(s) removed): "
                          "they set up an authenticator app again at their next sign-in.", messages.SUCCESS)


@admin.register(SignInAttempt)
class SignInAttemptAdmin(admin.ModelAdmin):
    """The sign-in record, read-only: nobody edits or deletes history."""

    list_display = ("at", "username", "step", "succeeded", "ip", "detail")
    list_filter = ("step", "succeeded")
    search_fields = ("username", "ip")
    date_hierarchy = "at"
    readonly_fields = ("at", "username", "step", "succeeded", "ip", "detail")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SignInAttempt | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SignInAttempt | None = None) -> bool:
        return False
