"""Screenshots of the dashboards (python docs/screenshots/take_dashboards.py URL [demo DIRECTIVE-SLUG AGENCY-CODE]).

Needs a running portal with `load_seed` and `create_demo_users` done; drives Debian's Chromium.
With `demo`, the portal also holds `generate_demo_data` rows and the files end in `-demo.png`.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8765"
OUT = Path(__file__).parent
PAGES = [
    ("lanhdao", "/bang-dieu-khien/", "dashboard-province.png", 1280),
    (
        "lanhdao",
        "/bang-dieu-khien/?as_of=2023-06-30&directive=kh-2023-ubnd-pci-pgi",
        "dashboard-province-as-of.png",
        1280,
    ),
    ("lanhdao", "/bang-dieu-khien/co-quan/", "dashboard-scorecard.png", 1280),
    ("lanhdao", "/bang-dieu-khien/co-quan/SKHDT/", "dashboard-agency.png", 1280),
    ("lanhdao", "/bang-dieu-khien/van-ban/kh-2023-ubnd-pci-pgi/", "dashboard-directive.png", 1280),
    ("lanhdao", "/bang-dieu-khien/chi-so/", "dashboard-indicators.png", 1280),
    ("vanphong", "/bang-dieu-khien/chi-so/1/nhap-gia-tri/", "dashboard-indicator-value.png", 1280),
    ("syt.canbo", "/bang-dieu-khien/co-quan/", "dashboard-scorecard-officer.png", 1280),
    ("lanhdao", "/bang-dieu-khien/", "dashboard-province-phone.png", 390),
]

if len(sys.argv) > 2 and sys.argv[2] == "demo":
    PAGES = [
        ("lanhdao", "/bang-dieu-khien/", "dashboard-province-demo.png", 1280),
        ("lanhdao", "/bang-dieu-khien/co-quan/?sort=-overdue", "dashboard-scorecard-demo.png", 1280),
        ("lanhdao", f"/bang-dieu-khien/van-ban/{sys.argv[3]}/", "dashboard-directive-demo.png", 1280),
        ("lanhdao", f"/bang-dieu-khien/co-quan/{sys.argv[4]}/", "dashboard-agency-demo.png", 1280),
    ]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
    for username, path, name, width in PAGES:
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{BASE}/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", "thu-nghiem-2026")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{BASE}{path}")
        page.screenshot(path=str(OUT / name), full_page=True)
        if name == "dashboard-province.png":
            page.emulate_media(media="print", color_scheme="light")
            page.add_style_tag(content="html { filter: grayscale(1); }")
            page.screenshot(path=str(OUT / "dashboard-province-print-grey.png"), full_page=True)
        context.close()
        print(name)
    browser.close()
