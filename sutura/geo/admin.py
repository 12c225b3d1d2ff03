from django.contrib import admin

from sutura.geo.models import Location


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "name_en", "level", "parent", "iso_code", "pcode")
    list_filter = ("level", "country_code")
    search_fields = ("name_fr", "name_en", "iso_code", "pcode")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
