from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Quản trị Cổng theo dõi nhiệm vụ — UBND tỉnh Lạng Sơn")
admin.site.site_title = _("Quản trị cổng theo dõi nhiệm vụ")
admin.site.index_title = _("Danh mục dữ liệu")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tai-khoan/", include("accounts.urls")),
    path("nhiem-vu/", include("directives.urls")),
    path("co-quan/", include("agencies.urls")),
    path("bao-cao/", include("reports.urls")),
    path("nhap-van-ban/", include("importer.urls")),
    path("bang-dieu-khien/", include("dashboards.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("", include("collaboration.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "langson_portal.views.bad_request"
handler403 = "langson_portal.views.permission_denied"
handler404 = "langson_portal.views.page_not_found"
handler500 = "langson_portal.views.server_error"
