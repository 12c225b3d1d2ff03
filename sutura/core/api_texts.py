"""Written by `manage.py api_texts`: the API documentation's prose (docstrings of the
API's views, the schema's description), marked for translation so that makemessages
finds it. Never edited by hand: change the docstring, then run the command."""
# ruff: noqa: E501

from django.utils.translation import gettext_noop

TEXTS = (
    gettext_noop(
        '"Not the same person": pairs not proposed again while the decision is in force (the\nlist); a decision withdrawn is still read, with who withdrew it, when and why.'
    ),
    gettext_noop("A child's profile on their case (one per case): status and current caregiver."),
    gettext_noop("A community's strengths, resources and allies, with their place on the map."),
    gettext_noop("A counter-referral: refer the person onward, sharing at most what you received."),
    gettext_noop(
        "A mentor's activities: one-to-one sessions, community events, accompaniments, ideas."
    ),
    gettext_noop(
        "A mentor's returnees: minimal profile, purpose, period and the stage of the case."
    ),
    gettext_noop(
        "A new API token for a username and password (and the two-factor code when the account\nhas one). Tokens expire (`expiry`); too many failures answer 429 with Retry-After."
    ),
    gettext_noop("A person's decisions, purpose by purpose; the latest one is in force."),
    gettext_noop("A programme manager approves a plan awaiting approval."),
    gettext_noop("A programme manager returns the plan with comments on what must change."),
    gettext_noop("A progress note from either side, kept in the history."),
    gettext_noop("A result of a programme's framework (goal, outcome, output): add one, read one."),
    gettext_noop("A volunteer's supervision notes: their focal point and the volunteer managers."),
    gettext_noop("Action items of the meetings the user sees, and those given to them."),
    gettext_noop("Add a budget envelope (a budget line in one currency)."),
    gettext_noop("Add a draft version."),
    gettext_noop("Add a planned assistance item (a draft or returned plan only)."),
    gettext_noop("Add a recommendation to a community's action plan (opened if needed)."),
    gettext_noop("Add a risk to the analysis (its `key` matches it in other analyses)."),
    gettext_noop("Add a supervision note."),
    gettext_noop(
        "An indicator of a result: from the registry (computed), or entered by hand with its\nsource."
    ),
    gettext_noop("An indicator's baseline, target (and entered actual) for one period."),
    gettext_noop("Apply the proposal (refused with 409 if the entry changed since it was made)."),
    gettext_noop("Assessments of the family found, before a reunification."),
    gettext_noop(
        "Assign the case manager, the programme, the priority or the type (a mentor is\nassigned through the mentoring API, with a purpose and a period)."
    ),
    gettext_noop("Assistance actually delivered against an approved plan's items."),
    gettext_noop("Assisted voluntary returns, each side reading its own part."),
    gettext_noop(
        "Attendance by month × sex × age group (the last twelve months recorded); POST\nreplaces one month's grid."
    ),
    gettext_noop(
        "Before registering: the people on file (that you may see) who may be this person,\nmost probable first, with the reasons; an empty list on most registrations."
    ),
    gettext_noop("Best-interests assessments, on the current form version."),
    gettext_noop(
        "Best-interests determinations: a draft, or decided at once (three panel members at least\nand an assessment done on or before the panel's date)."
    ),
    gettext_noop("Cases: in full for the case team, as a minimal profile for the assigned mentor."),
    gettext_noop("Change a profile (409 if it changed since you read it)."),
    gettext_noop(
        "Change an offer, or mark it closed or filled (409 if changed since you read it)."
    ),
    gettext_noop(
        "Change the category. Into a sensitive one, the item leaves everyone's lists but the\nPSEA focal points' at once, and their notifications about it are deleted."
    ),
    gettext_noop("Checks of care arrangements."),
    gettext_noop("Close it: the complainant informed, unreachable, or anonymous."),
    gettext_noop("Close without completion (no-show, unreachable, withdrawn…); access ends."),
    gettext_noop(
        "Committees the user sits on (all of them for the coordinator), with their members."
    ),
    gettext_noop("Community action plans with their recommendations, progress, and validation."),
    gettext_noop("Community initiatives: small projects run by a community or a partner CBO."),
    gettext_noop("Correct the answers: scored again with the survey's own instrument version."),
    gettext_noop("Correct your own activity (409 if it changed since you read it)."),
    gettext_noop(
        'Counts only: activities by kind × month, people reached by sex × age group (counts\nunder 5 shown as "<5").'
    ),
    gettext_noop("Data-sharing protocols, each with its versions and their signatures."),
    gettext_noop("Decline with a reason: the receiver's access to the shared sections ends."),
    gettext_noop("Documents of the library, each with the versions the user may read."),
    gettext_noop("Each case manager's caseload, for the organisation's supervisors."),
    gettext_noop("Each category, its sensitivity and its deadlines, in their order."),
    gettext_noop(
        "End the engagement: from the next day the account signs in no more (records stay)."
    ),
    gettext_noop("End the mentor's support of the returnee from today."),
    gettext_noop("End the signature (withdrawn, excluded…): the organisation's membership lapses."),
    gettext_noop("Every change of status and every update: who, when, why."),
    gettext_noop("Every indicator of the registry."),
    gettext_noop("Extend or shorten the period, or change the purpose (409 on a stale version)."),
    gettext_noop("Field monitoring visits: the checklist answered, findings, recommendations."),
    gettext_noop("File a complaint or feedback without an account, as the public form does."),
    gettext_noop(
        "Follow-up visits after a reunification (scheduled by it, never added by hand): list,\nread, and `record` one."
    ),
    gettext_noop("Give a returnee (their case) to a mentor until a date."),
    gettext_noop("Give the item to a handler, who alone reads the complainant's identity."),
    gettext_noop(
        "Identifications of victims of trafficking (the checklist answered, and its result)."
    ),
    gettext_noop("Interim care arrangements; a new one ends the one in force."),
    gettext_noop("Leave a recommendation of the visit, to be followed up."),
    gettext_noop("Log an activity (201), or find the one already logged under this id (200)."),
    gettext_noop("Meetings, workshops and trainings the user may see."),
    gettext_noop("Merge `merged` into `kept` (both files of your organisation that you may open)."),
    gettext_noop("Merges of two files of one person, and their undo."),
    gettext_noop("Move the case to its next status, or close it (with a reason and a date)."),
    gettext_noop("Move the version (under_review, draft, signed, expired)."),
    gettext_noop("My exports: only their owner sees them."),
    gettext_noop(
        "NRM membership, computed from the signatures: every organisation that ever signed\n(members first); `retrieve` takes an organisation's id (any organisation)."
    ),
    gettext_noop("Needs assessments in the three dimensions of reintegration."),
    gettext_noop("Note progress on a recommendation (its status becomes the one given)."),
    gettext_noop("One item (audited): the complainant's identity for its handler only."),
    gettext_noop("One referral and what it shares of the person (audited)."),
    gettext_noop("One returnee by their case's id (404 unless assigned to you now)."),
    gettext_noop("One version of a protocol: its steps (state machine) and its signatures."),
    gettext_noop("Open a case for a person (their consent to registration must be recorded)."),
    gettext_noop("Open a community of one's organisation (a community protection officer)."),
    gettext_noop("Open a group: for oneself (a mentor) or for a mentor one supervises."),
    gettext_noop("Open a partner's workplan for a period, under your organisation."),
    gettext_noop("Open a volunteer's profile on an existing mentor account of your organisation."),
    gettext_noop(
        "Open one's report of a month (not one to come); the month's report if it exists."
    ),
    gettext_noop(
        "Open proposals of possible duplicates, most probable first (reviewers only; a pair is\nseen only when both files are)."
    ),
    gettext_noop("Open the return of a departure case you work on."),
    gettext_noop(
        "Participants of the meetings the user may see (contacts only to those who record)."
    ),
    gettext_noop("Participatory risk analyses with their participants and risks."),
    gettext_noop("Partners' workplans: planned activities with targets, achieved so far."),
    gettext_noop("Placement offers: jobs, apprenticeships and training places."),
    gettext_noop("Plan a check-in with a mentor one supervises."),
    gettext_noop("Plan an activity of the workplan in one of your organisation's communities."),
    gettext_noop("Post an offer for your organisation (the coordinator: for any employer)."),
    gettext_noop("Programmes of one's organisation and those it implements as a partner."),
    gettext_noop("Progress reported against planned activities (participants by sex × age group)."),
    gettext_noop("Propose a new service, a change, a closure or a verification."),
    gettext_noop(
        "Propose the returnee of a case for an offer: a referral to the offer's service, sent\nat once (refused without an economic dimension in the case's plan)."
    ),
    gettext_noop("Proposed changes to the directory: one's own (all of them for coordinators)."),
    gettext_noop(
        'Protection and reintegration of migrants: every endpoint goes through the access layer; errors share one JSON shape: {"error": {"code": str, "message": str, "fields": {field: [str]}}}.'
    ),
    gettext_noop("Protection committees and networks of communities, with their members."),
    gettext_noop(
        "Reassign cases to another case manager, all or none (409 naming a case that changed\nsince it was read; 404 for a case that is not an open case of your organisation)."
    ),
    gettext_noop("Recommendations of a community's action plan: add, change, note progress."),
    gettext_noop("Recommendations of monitoring visits and their follow-up."),
    gettext_noop("Record a committee or network of a community you work on."),
    gettext_noop("Record a meeting of one's organisation (or of a context one records in)."),
    gettext_noop(
        "Record a monitoring visit to a community and/or a workplan, with the checklist's\nanswers by item key."
    ),
    gettext_noop("Record a safe space of a community you work on."),
    gettext_noop("Record an analysis of a community (participants counted by sex and age group)."),
    gettext_noop("Record an initiative of a community you work on."),
    gettext_noop(
        "Record an item that came by any channel but the public form. The answer is a\nreceipt: give the complainant the tracking code."
    ),
    gettext_noop("Record an organisation's signature of this version."),
    gettext_noop("Record how the request ended: found, not found, or closed."),
    gettext_noop("Record the outcome and the feedback to the referrer; access ends."),
    gettext_noop("Record the person's opinion: once per referral (completed) or delivery."),
    gettext_noop(
        "Record the plan's validation at a consultation of the community (a decision of\nthat meeting); the recommendations validated are frozen."
    ),
    gettext_noop("Record the response given to the complainant."),
    gettext_noop("Record the visit: the date, the child's well-being, how the placement holds."),
    gettext_noop("Record where the follow-up stands (409 if it changed since you read it)."),
    gettext_noop("Refer the item to another organisation, or to an investigation channel."),
    gettext_noop("Refer the person of a case to a service (or a colleague): a draft, or sent."),
    gettext_noop("Referral pathways in use: no login needed."),
    gettext_noop("Referrals the user deals with: the referring side and the receiving side."),
    gettext_noop("Reopen a closed case where it was before closing; the reason is mandatory."),
    gettext_noop("Reopen a closed item, saying why."),
    gettext_noop(
        "Report what was achieved against an activity (the partner's staff or the officer).\nAn `id` of your own makes a repeated report count once."
    ),
    gettext_noop("Returnees given to mentors, for a purpose and a period."),
    gettext_noop("Returnees proposed for offers, through the referral mechanism."),
    gettext_noop(
        "Reunifications (refused for a child without a best-interests determination deciding it,\nand without a family assessment recommending it); each schedules its follow-up visits."
    ),
    gettext_noop("Revoke one of one's own tokens."),
    gettext_noop("Revoke the token this request is made with."),
    gettext_noop(
        "Risk assessments (re-trafficking, threats from traffickers, risk to the family), each\nwith the safety plan agreed with the person (a high risk needs one)."
    ),
    gettext_noop(
        "Roadmaps with their versions (the detail adds each version's priorities and actions)."
    ),
    gettext_noop("Safe spaces of communities, their monthly attendance and safety checks."),
    gettext_noop("Score the community on the criteria and record the decision."),
    gettext_noop("Seat a member (the chair, the secretariat or the coordinator)."),
    gettext_noop("Send a draft: the receiver is told, the deadline starts."),
    gettext_noop("Set the status with a progress note (the responsible person, or who records)."),
    gettext_noop("Signed-in users only, a role check per action, and every list read logged."),
    gettext_noop("Start the next version (a draft), with its file (multipart)."),
    gettext_noop("Status and capacity assessments (the detail adds the answers)."),
    gettext_noop(
        "Submit the plan: above the threshold it waits for a programme manager; below, the\nsubmission approves it."
    ),
    gettext_noop(
        "Supervision notes on cases: read by the supervisors and the case's own case manager\nonly (404 for anyone else); written by the supervisors."
    ),
    gettext_noop("Sustainability surveys of a case, with their scores and instrument version."),
    gettext_noop(
        'Take back a "not the same person" given by mistake: the proposal it closed is open\nagain, and a later run may propose the pair again. A decision already withdrawn: 409.'
    ),
    gettext_noop("Take one step of the journey (`step` names it)."),
    gettext_noop("Tell that the item was received (the acknowledgement deadline is met)."),
    gettext_noop("The activities you may see, newest first."),
    gettext_noop("The analyses of the communities you see (or of one), newest first."),
    gettext_noop("The archive's password, once (the next call answers 404)."),
    gettext_noop("The assignments you may see (a mentor: their own), newest first."),
    gettext_noop(
        "The case team confirms what a referral shares after the person's file was merged\nwith another (`sharing_held`): the sections it keeps, at most what it shared."
    ),
    gettext_noop("The case through a mapping: only what you may read (the rest is `withheld`)."),
    gettext_noop("The case's plan: started if it has none yet (201), the existing one otherwise."),
    gettext_noop("The caseworkers' answers on the cases you work on (and those you recorded)."),
    gettext_noop("The check-ins of the mentors the user is, supervises or oversees."),
    gettext_noop("The communities the user sees; their protection officers open and change them."),
    gettext_noop("The diagnosis notes of a community."),
    gettext_noop(
        "The employer records the outcome: placed (start date) or not retained (reason);\nthe referral is completed, declined or closed accordingly."
    ),
    gettext_noop(
        "The figures of a weekly, monthly or quarterly community-based-protection report, for a\npartner or an area, cut by programme (the same as the page, the PDF and the XLSX)."
    ),
    gettext_noop("The figures of the period (this year by default): one object, not a list."),
    gettext_noop("The file (an encrypted zip when the export identifies people)."),
    gettext_noop("The group's sessions, newest first, with how many came (named, counted)."),
    gettext_noop(
        "The identification checklist in use (reference data): its items' keys are what an\nidentification's answers are given by."
    ),
    gettext_noop("The indicator's figure over the period, disaggregated."),
    gettext_noop("The items you see, newest first: no identity, nothing of what was said."),
    gettext_noop("The key-informant interviews of a community."),
    gettext_noop(
        "The members (named: for those who read the community's personal rows, 404 for the\nothers); POST adds one."
    ),
    gettext_noop("The mentor's highlights, challenges and ideas (draft or returned report)."),
    gettext_noop("The migration flows of a community."),
    gettext_noop("The monitoring visits you see, the latest first."),
    gettext_noop("The monthly reports the user writes, reviews or oversees."),
    gettext_noop("The offers you may see, closing soonest first."),
    gettext_noop(
        "The peer-support groups the user facilitates, co-facilitates, supervises or oversees."
    ),
    gettext_noop("The people whose files the user's organisation holds."),
    gettext_noop(
        "The person's decisions about cooperating with law enforcement (the latest counts).\nAssistance never depends on them."
    ),
    gettext_noop("The plans of the communities you see, with their progress at a glance."),
    gettext_noop("The progress reports you see; `activity` narrows to one activity."),
    gettext_noop("The proposals you stand on (made by your side, or received), newest first."),
    gettext_noop("The provider inbox: referrals sent to you or to your organisation's agents."),
    gettext_noop("The published directory: no login needed."),
    gettext_noop("The receiver has seen the referral."),
    gettext_noop("The recommendations still to follow up, the earliest due first."),
    gettext_noop("The referrals you deal with, newest first."),
    gettext_noop(
        "The reintegration plan of a case: items, submission, approval above the threshold."
    ),
    gettext_noop(
        "The results framework: each result with its indicators and, per period, the\nbaseline, target, actual (computed from the data, or entered) and progress."
    ),
    gettext_noop("The returns you stand on: from your departure cases, and handed over to you."),
    gettext_noop("The services present of a community."),
    gettext_noop("The services whose ratings you may read (the NRM coordinator: every one)."),
    gettext_noop("The signed-in user's API tokens (never their secret)."),
    gettext_noop("The signed-in user, their roles, permissions, areas and organisation."),
    gettext_noop("The socio-economic groups of a community."),
    gettext_noop(
        "The space's safety checks (newest first, overdue follow-ups flagged); POST records\none, every item of the checklist answered."
    ),
    gettext_noop("The status of a complaint or feedback, from its tracking code: the status only."),
    gettext_noop("The volunteers you may see (your own profile, as a volunteer)."),
    gettext_noop("The workplans you see (your organisation's, or your organisation's as partner)."),
    gettext_noop("Tracing requests: someone the person of a case is looking for."),
    gettext_noop("Turn the proposal down; a comment is required."),
    gettext_noop("Undo a merge: what it moved goes back, the merged file reappears."),
    gettext_noop("Visits and calls, and when the next one is due (the overdue list reads it)."),
    gettext_noop("Volunteers' profiles and engagements."),
    gettext_noop(
        "Vulnerability screenings. A presumed trafficking victim or an unaccompanied child makes\nthe case urgent and alerts the focal points (the service does it)."
    ),
    gettext_noop(
        'Vulnerable cases of a community\'s area by category and calendar quarter: counts only,\nunder the small-number rule ("<5"; totals that would reveal one hidden as "…").'
    ),
    gettext_noop("What changed between two analyses of one community: new, gone, up, down, same."),
    gettext_noop("Withdraw a consent: a new decision, in force at once; the history stays."),
)
