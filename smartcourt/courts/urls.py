"""Court pages, mounted at /courts/: the holiday calendar (节假日安排), the SMS / e-mail outbox (短信与邮件发件箱), people
and roles (人员与角色), judges' standing teams (固定审判团队)."""

from django.urls import path

from . import views_calendar, views_outbox, views_staff, views_teams

app_name = "courts"
url_prefix = "courts/"

urlpatterns = [
    path("calendar/", views_calendar.calendar_index, name="calendar"),
    path("calendar/<int:year>/edit/", views_calendar.calendar_edit, name="calendar_edit"),
    path("outbox/", views_outbox.outbox, name="outbox"),
    path("staff/", views_staff.staff, name="staff"),
    path("staff/<int:person_id>/", views_staff.staff_person, name="staff_person"),
    path("teams/", views_teams.standing_teams, name="standing_teams"),
    path("teams/<int:post_id>/", views_teams.standing_team_edit, name="standing_team_edit"),
]
