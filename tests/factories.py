import datetime

import factory
from django.contrib.auth.models import Group

from accounts.models import Role, User
from agencies.models import Agency, AgencyGroup, AgencyKind
from directives.deadlines import DeadlineKind
from directives.models import Assignment, AssignmentRole, Directive, DirectiveKind, Section, Task


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dv-{n}")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = AgencyKind.DEPARTMENT
    email = factory.LazyAttribute(lambda o: f"{o.code}@langson.example")
    email_is_placeholder = True


class AgencyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyGroup

    name = factory.Sequence(lambda n: f"Nhóm thử {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@langson.example")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or [Role.OFFICER]:
            self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        if create:
            self.save()


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    slug = factory.Sequence(lambda n: f"kh-thu-{n}")
    kind = DirectiveKind.PLAN
    number = factory.Sequence(lambda n: f"{n}/KH-UBND")
    issued_on = datetime.date(2022, 3, 1)
    title = "Kế hoạch thử nghiệm"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    directive = factory.SubFactory(DirectiveFactory)
    ref = factory.Sequence(lambda n: f"S{n}")
    title = "Mục thử"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    ref = factory.Sequence(lambda n: f"{n}")
    content = "Tham mưu UBND tỉnh cải thiện chỉ số Tiếp cận đất đai"
    deadline_kind = DeadlineKind.DATE
    due_on = datetime.date(2022, 6, 30)
    due_text = "trước ngày 30/6/2022"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    holder = factory.LazyAttribute(lambda o: o.agency)
    role = AssignmentRole.LEAD
    due_on = factory.LazyAttribute(lambda o: o.task.due_on)
    assigned_on = datetime.date(2022, 3, 1)
