from accounts.services import organisation_header


def organisation(request):
    """The installation's name and today's department, for the page header."""
    return {"organisation": organisation_header()}
