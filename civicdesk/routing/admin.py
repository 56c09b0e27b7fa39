from django.contrib import admin

from civicdesk.routing.models import AddressPoint, District, RoutingRule


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    readonly_fields = ("min_lat", "max_lat", "min_lon", "max_lon")


@admin.register(AddressPoint)
class AddressPointAdmin(admin.ModelAdmin):
    list_display = ("full_address", "zip_code", "address_id")
    search_fields = ("normalized", "address_id")
    readonly_fields = ("normalized",)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "precedence", "team", "is_active")
    list_filter = ("department", "is_active")
    autocomplete_fields = ("service", "district")
