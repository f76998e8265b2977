"""Court pages, mounted at /courts/: the holiday calendar (节假日安排), the SMS / e-mail outbox (短信与邮件发件箱), people
and roles (人员与角色)."""

from django.urls import path

from . import views_calendar, views_outbox, views_staff

app_name = "courts"
url_prefix = "courts/"

urlpatterns = [
    path("calendar/", views_calendar.calendar_index, name="calendar"),
    path("calendar/<int:year>/edit/", views_calendar.calendar_edit, name="calendar_edit"),
    path("outbox/", views_outbox.outbox, name="outbox"),
    path("staff/", views_staff.staff, name="staff"),
    path("staff/<int:person_id>/", views_staff.staff_person, name="staff_person"),
]
