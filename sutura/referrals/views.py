"""Referral pages (to be completed): thin views over services, selectors and sharing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sutura.referrals.selectors import referral_for
from sutura.referrals.sharing import shared_case_for


@login_required
def referral_detail(request: HttpRequest, pk: str) -> HttpResponse:
    referral = referral_for(request.user, pk)
    shared = shared_case_for(request.user, referral)
    return render(request, "referrals/detail.html", {"referral": referral, "shared": shared})
