"""Forms of the staff workspace: queue filters, one small form per request action, and bulk actions."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts.models import User
from civicdesk.catalog.models import ServiceType
from civicdesk.console.permissions import STAFF_ROLES, Action, department_ids, sees_whole_city
from civicdesk.console.services import QueueFilter
from civicdesk.departments.models import Department, Team
from civicdesk.routing.models import District
from civicdesk.service_requests.choices import OPEN_STATUSES, Channel, Resolution, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.photos import PhotoRejected, clean_photo
from civicdesk.service_requests.public_ids import normalize_public_id

AGE_CHOICES = [("", _("Any age")), ("1", _("Older than 1 day")), ("3", _("Older than 3 days")),
               ("7", _("Older than a week")), ("30", _("Older than 30 days"))]
DUE_CHOICES = [("", _("Any due time")), ("overdue", _("Overdue")), ("near_due", _("Due within 24 hours"))]
ASSIGNED_CHOICES = [("", _("Anyone or no one")), ("me", _("Assigned to me")), ("unassigned", _("Unassigned"))]
SORT_CHOICES = [("due", _("Due soonest first")), ("oldest", _("Oldest first")), ("newest", _("Newest first"))]
STATE_CHOICES = [("open", _("Open")), ("done", _("Resolved or closed")), ("any", _("Open or closed"))]
AGE_BAND_CHOICES = [("", _("Any")), ("0-2", _("0–2 days old")), ("3-7", _("3–7 days old")),
                    ("8-30", _("8–30 days old")), ("31+", _("Over 30 days old"))]
RECEIVED_CHOICES = [("", _("Any time")), ("today", _("Today")), ("7d", _("In the last 7 days")),
                    ("30d", _("In the last 30 days"))]
CLOSED_CHOICES = [("", _("Any time or not closed")), ("today", _("Today")), ("7d", _("In the last 7 days")),
                  ("30d", _("In the last 30 days"))]
SLA_CHOICES = [("", _("Any")), ("met", _("Closed by the due time")), ("missed", _("Closed after the due time"))]


def staff_members() -> QuerySet[User]:
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("first_name", "last_name", "username")


class QueueFilterForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), required=False,
                                        label=_("Department"), empty_label=_("All my departments"))
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, label=_("Team"),
                                  empty_label=_("All teams"))
    status = forms.ChoiceField(required=False, label=_("Status"))
    service = forms.ModelChoiceField(queryset=ServiceType.objects.only("id", "name").order_by("name"), required=False,
                                     label=_("Service"), empty_label=_("All services"))
    district = forms.ModelChoiceField(queryset=District.objects.only("id", "kind", "name").order_by("kind", "name"),
                                      required=False, label=_("District"), empty_label=_("All districts"))
    age = forms.ChoiceField(choices=AGE_CHOICES, required=False, label=_("Age"))
    due = forms.ChoiceField(choices=DUE_CHOICES, required=False, label=_("Due"))
    assigned = forms.ChoiceField(choices=ASSIGNED_CHOICES, required=False, label=_("Assigned"))
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=_("Sort by"))
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False, label=_("Open or closed"))
    age_band = forms.ChoiceField(choices=AGE_BAND_CHOICES, required=False, label=_("Age band"))
    channel = forms.ChoiceField(choices=[("", _("Any channel")), *Channel.choices], required=False,
                                label=_("Came in by"))
    received = forms.ChoiceField(choices=RECEIVED_CHOICES, required=False, label=_("Received"))
    closed = forms.ChoiceField(choices=CLOSED_CHOICES, required=False, label=_("Resolved or closed"))
    sla = forms.ChoiceField(choices=SLA_CHOICES, required=False, label=_("Closed on time"))

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data)
        if sees_whole_city(user):
            departments = Department.objects.filter(is_active=True)
            self.fields["department"].empty_label = _("All departments")  # type: ignore[attr-defined]
        else:
            departments = Department.objects.filter(pk__in=department_ids(user))
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(department__in=departments)  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Any open status"))] + [  # type: ignore[attr-defined]
            (status.value, status.label) for status in OPEN_STATUSES
        ]
        self.fields["district"].label_from_instance = lambda d: f"{d.name} ({d.kind})"  # type: ignore[attr-defined]

    def queue_filter(self) -> QueueFilter:
        data = self.cleaned_data
        return QueueFilter(
            department_id=data["department"].pk if data.get("department") else None,
            team_id=data["team"].pk if data.get("team") else None,
            status=data.get("status") or "",
            service_id=data["service"].pk if data.get("service") else None,
            district_id=data["district"].pk if data.get("district") else None,
            older_than_days=int(data["age"]) if data.get("age") else None,
            due=data.get("due") or "",
            assigned=data.get("assigned") or "",
            sort=data.get("sort") or "due",
            state=data.get("state") or "open",
            age_band=data.get("age_band") or "",
            channel=data.get("channel") or "",
            received=data.get("received") or "",
            closed=data.get("closed") or "",
            sla=data.get("sla") or "",
        )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Give it to"))

    def __init__(self, *args: Any, assignable: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable if assignable is not None else staff_members()  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "—"), *Status.choices], label=_("New status"))
    resolution = forms.ChoiceField(choices=[("", _("No resolution"))] + list(Resolution.choices), required=False,
                                   label=_("Resolution (needed for resolved or closed)"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Note for the resident"))


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Note"),
                           error_messages={"required": _("Write the note first.")})


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), error_messages={"required": _("Choose a photo to attach.")})
    is_public = forms.BooleanField(required=False, initial=True, label=_("Residents may see it"),
                                   help_text=_("Leave unticked for evidence that shows private property or people."))
    caption = forms.CharField(max_length=500, required=False, label=_("Caption"))

    def clean_photo(self) -> Any:
        try:
            return clean_photo(self.cleaned_data["photo"])
        except PhotoRejected as refusal:
            raise forms.ValidationError(str(refusal)) from refusal


class ScheduleForm(forms.Form):
    on = forms.DateField(label=_("Work scheduled for"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, label=_("Note for the resident"))


class ReferForm(forms.Form):
    agency = forms.CharField(max_length=200, label=_("Agency or program"))
    note = forms.CharField(required=False, label=_("Note for the resident"))


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.filter(is_active=True), label=_("To department"))
    team = forms.ModelChoiceField(queryset=Team.objects.select_related("department"), required=False,
                                  label=_("Team"), empty_label=_("No team"))
    reason = forms.CharField(label=_("Why it goes there"), error_messages={"required": _("Say why it goes there.")})


class MergeForm(forms.Form):
    duplicate = forms.CharField(max_length=16, label=_("Tracking number of the duplicate"))

    def clean_duplicate(self) -> ServiceRequest:
        found = ServiceRequest.objects.filter(public_id=normalize_public_id(self.cleaned_data["duplicate"])).first()
        if found is None:
            raise forms.ValidationError(_("No request has that tracking number."))
        return found


class CloseForm(forms.Form):
    resolution = forms.ChoiceField(choices=Resolution.choices, label=_("Resolution"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            label=_("What was done (the resident sees this)"))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why it is reopened"),
                             error_messages={"required": _("Say why the request is reopened.")})


ACTION_FORMS: dict[Action, type[forms.Form]] = {
    Action.CLAIM: forms.Form,
    Action.ASSIGN: AssignForm,
    Action.CHANGE_STATUS: StatusForm,
    Action.PUBLIC_NOTE: NoteForm,
    Action.INTERNAL_NOTE: NoteForm,
    Action.ATTACH_PHOTO: PhotoForm,
    Action.SCHEDULE: ScheduleForm,
    Action.REFER: ReferForm,
    Action.TRANSFER: TransferForm,
    Action.MERGE: MergeForm,
    Action.CLOSE: CloseForm,
    Action.REOPEN: ReopenForm,
}


ACTION_LABELS: dict[Action, Any] = {
    Action.CLAIM: _("Claim"),
    Action.ASSIGN: _("Assign"),
    Action.CHANGE_STATUS: _("Change status"),
    Action.PUBLIC_NOTE: _("Public note"),
    Action.INTERNAL_NOTE: _("Internal note"),
    Action.ATTACH_PHOTO: _("Attach a photo"),
    Action.SCHEDULE: _("Schedule"),
    Action.REFER: _("Refer to another agency"),
    Action.TRANSFER: _("Transfer to another department"),
    Action.MERGE: _("Merge a duplicate into this request"),
    Action.CLOSE: _("Close with a resolution"),
    Action.REOPEN: _("Reopen"),
}


class BulkForm(forms.Form):
    """One action for every selected row; the fields the action needs are required by `clean`."""

    requests = forms.MultipleChoiceField(choices=[], label=_("Requests"),
                                         error_messages={"required": _("Select at least one request.")})
    action = forms.ChoiceField(choices=[(Action.ASSIGN.value, _("Assign")),
                                        (Action.CHANGE_STATUS.value, _("Change status")),
                                        (Action.CLOSE.value, _("Close with a resolution"))], label=_("Action"))
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label=_("Give them to"))
    status = forms.ChoiceField(choices=[("", "—")] + list(Status.choices), required=False, label=_("New status"))
    resolution = forms.ChoiceField(choices=[("", "—")] + list(Resolution.choices), required=False,
                                   label=_("Resolution"))
    notes = forms.CharField(required=False, label=_("Note for the residents"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_members()  # type: ignore[attr-defined]
        chosen = self.data.getlist("requests") if hasattr(self.data, "getlist") else []
        self.fields["requests"].choices = [(value, value) for value in chosen]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {Action.ASSIGN.value: "assignee", Action.CHANGE_STATUS.value: "status",
                  Action.CLOSE.value: "resolution"}.get(data.get("action", ""))
        if needed and not data.get(needed):
            self.add_error(needed, _("This action needs this field."))
        return data

    def action_data(self) -> tuple[Action, dict[str, Any]]:
        data = self.cleaned_data
        action = Action(data["action"])
        if action == Action.CHANGE_STATUS:
            return action, {"status": data["status"], "resolution": data.get("resolution", ""),
                            "note": data.get("notes", "")}
        return action, {"assignee": data.get("assignee"), "resolution": data.get("resolution", ""),
                        "notes": data.get("notes", "")}

