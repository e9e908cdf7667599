"""What the import pages show of an import's result (congress/templates/admin/import_export/import.html)."""

from django import template

from congress.importing import sheet_errors as _sheet_errors

register = template.Library()


@register.filter
def sheet_errors(result) -> list[str]:
    """The errors no cell holds (no header row, no current term), each with its row if it has one."""
    return _sheet_errors(result)
